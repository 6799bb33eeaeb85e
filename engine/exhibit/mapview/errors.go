package mapview

import (
	"errors"
	"fmt"
)

var (
	// ErrEmpty is returned for a map with no feature: there is nothing to fit
	// the map to, and an exhibit map of nothing is a mistake upstream.
	ErrEmpty = errors.New("map has no features (no event points, serving areas, journeys, stays or cameras)")
	// ErrCoordinate is a longitude or latitude that is not a number, out of
	// range, or beyond Web Mercator's ±85.05°.
	ErrCoordinate = errors.New("bad coordinate")
	// ErrGeometry is a ring or a journey with too few vertices.
	ErrGeometry = errors.New("bad geometry")
	// ErrPageTooSmall is a canvas too small to hold the header, legend and a
	// usable map frame.
	ErrPageTooSmall = errors.New("page too small for a map")

	// ErrNoWorldFile is a raster basemap without a world file beside it.
	ErrNoWorldFile = errors.New("no world file")
	// ErrCRS is a basemap whose coordinates are not WGS 84 longitude and
	// latitude in degrees (EPSG:4326). mast does not reproject basemaps.
	ErrCRS = errors.New("not in EPSG:4326 (WGS 84 longitude/latitude degrees)")
	// ErrBasemapFormat is a basemap file mast cannot read: not GeoJSON, PNG
	// or JPEG, or malformed.
	ErrBasemapFormat = errors.New("unreadable basemap")
)

// FeatureError says which feature of a Map is wrong.
type FeatureError struct {
	Layer Layer
	Index int // 0-based, within the Map's slice for Layer
	Err   error
}

func (e *FeatureError) Error() string {
	return fmt.Sprintf("%s %d: %v", e.Layer, e.Index, e.Err)
}

func (e *FeatureError) Unwrap() error { return e.Err }

// BasemapError says which basemap file failed, and where in it when known.
type BasemapError struct {
	Path   string // the file at fault: the image, its world file, or the GeoJSON
	Line   int    // 1-based line; 0 when not known
	Column int    // 1-based column (byte) of malformed JSON; 0 when not known
	Err    error
}

func (e *BasemapError) Error() string {
	if e.Line > 0 && e.Column > 0 {
		return fmt.Sprintf("basemap %s line %d column %d: %v", e.Path, e.Line, e.Column, e.Err)
	}
	if e.Line > 0 {
		return fmt.Sprintf("basemap %s line %d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("basemap %s: %v", e.Path, e.Err)
}

func (e *BasemapError) Unwrap() error { return e.Err }
