package mapview

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/geojson"
)

// decodeGeoJSON reads a GeoJSON FeatureCollection, Feature or bare geometry
// into basemap shapes. Coordinates must be longitude/latitude degrees
// (RFC 7946, or a legacy "crs" naming EPSG:4326 or CRS84). Errors are
// *BasemapError, with the line and column for malformed JSON (the caller
// fills in the path).
func decodeGeoJSON(data []byte) ([]Shape, error) {
	var head struct {
		Type string       `json:"type"`
		CRS  *geojson.CRS `json:"crs"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, jsonError(data, err)
	}
	if err := checkGeoJSONCRS(head.CRS); err != nil {
		return nil, &BasemapError{Err: err}
	}
	var geoms []geom.T
	switch head.Type {
	case "FeatureCollection":
		var fc geojson.FeatureCollection
		if err := json.Unmarshal(data, &fc); err != nil {
			return nil, jsonError(data, err)
		}
		for _, f := range fc.Features {
			geoms = append(geoms, f.Geometry)
		}
	case "Feature":
		var f geojson.Feature
		if err := json.Unmarshal(data, &f); err != nil {
			return nil, jsonError(data, err)
		}
		geoms = append(geoms, f.Geometry)
	case "":
		return nil, &BasemapError{Err: fmt.Errorf("%w: no GeoJSON \"type\"", ErrBasemapFormat)}
	default:
		var g geom.T
		if err := geojson.Unmarshal(data, &g); err != nil {
			return nil, jsonError(data, err)
		}
		geoms = append(geoms, g)
	}
	var shapes []Shape
	for i, g := range geoms {
		var err error
		if shapes, err = appendShapes(shapes, g); err != nil {
			return nil, &BasemapError{Err: fmt.Errorf("feature %d: %w", i, err)}
		}
	}
	if len(shapes) == 0 {
		return nil, &BasemapError{Err: fmt.Errorf("%w: no geometry to draw", ErrBasemapFormat)}
	}
	return shapes, nil
}

// checkGeoJSONCRS accepts no crs member (RFC 7946: always WGS 84 degrees)
// or a named one that is WGS 84 degrees.
func checkGeoJSONCRS(crs *geojson.CRS) error {
	if crs == nil {
		return nil
	}
	name, _ := crs.Properties["name"].(string)
	n := strings.ToUpper(name)
	if strings.HasSuffix(n, "CRS84") || strings.HasSuffix(n, ":4326") || strings.HasSuffix(n, "/4326") {
		return nil
	}
	if name == "" {
		return fmt.Errorf("%w: its \"crs\" member has no name", ErrCRS)
	}
	return fmt.Errorf("%w: it declares crs %q; mast does not reproject, so export the basemap in EPSG:4326", ErrCRS, name)
}

// appendShapes appends g's parts as shapes.
func appendShapes(out []Shape, g geom.T) ([]Shape, error) {
	if g == nil {
		return out, nil // a feature with a null geometry
	}
	if _, coll := g.(*geom.GeometryCollection); !coll && g.Stride() == 0 {
		// No coordinates member, so no layout: empty (go-geom would divide
		// by the zero stride).
		return out, nil
	}
	switch g := g.(type) {
	case *geom.Point:
		if g.Empty() {
			return out, nil
		}
		return appendPart(out, ShapePoint, [][]geom.Coord{{g.Coords()}})
	case *geom.MultiPoint:
		for i := range g.NumPoints() {
			var err error
			if out, err = appendShapes(out, g.Point(i)); err != nil {
				return nil, err
			}
		}
		return out, nil
	case *geom.LineString:
		if g.NumCoords() < 2 {
			return out, nil
		}
		return appendPart(out, ShapeLine, [][]geom.Coord{g.Coords()})
	case *geom.MultiLineString:
		for i := range g.NumLineStrings() {
			var err error
			if out, err = appendShapes(out, g.LineString(i)); err != nil {
				return nil, err
			}
		}
		return out, nil
	case *geom.Polygon:
		if g.NumLinearRings() == 0 || g.LinearRing(0).NumCoords() < 3 {
			return out, nil
		}
		return appendPart(out, ShapePolygon, g.Coords())
	case *geom.MultiPolygon:
		for i := range g.NumPolygons() {
			var err error
			if out, err = appendShapes(out, g.Polygon(i)); err != nil {
				return nil, err
			}
		}
		return out, nil
	case *geom.GeometryCollection:
		for _, sub := range g.Geoms() {
			var err error
			if out, err = appendShapes(out, sub); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("%w: geometry %T", ErrBasemapFormat, g)
}

// appendPart appends one shape, checking every vertex is in degrees.
func appendPart(out []Shape, k ShapeKind, parts [][]geom.Coord) ([]Shape, error) {
	s := Shape{Kind: k, Parts: make([][][2]float64, 0, len(parts))}
	for _, part := range parts {
		ring := make([][2]float64, 0, len(part))
		for _, c := range part {
			if len(c) < 2 {
				return nil, fmt.Errorf("%w: a position with %d numbers", ErrBasemapFormat, len(c))
			}
			lon, lat := c[0], c[1]
			if !(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90) {
				return nil, fmt.Errorf("%w: position (%g, %g) is not longitude/latitude degrees; "+
					"mast does not reproject, so export the basemap in EPSG:4326", ErrCRS, lon, lat)
			}
			ring = append(ring, [2]float64{lon, lat})
		}
		s.Parts = append(s.Parts, ring)
	}
	return append(out, s), nil
}

// jsonError wraps a JSON decoding error, with the line and column when the
// decoder reports an offset.
func jsonError(data []byte, err error) error {
	var offset int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		offset = se.Offset
	case errors.As(err, &te):
		offset = te.Offset
	}
	be := &BasemapError{Err: fmt.Errorf("%w: %v", ErrBasemapFormat, err)}
	// The decoder's offset is the bytes read, up to and including the one
	// at fault.
	if offset > 0 && offset <= int64(len(data)) {
		before := data[:offset-1]
		be.Line = bytes.Count(before, []byte("\n")) + 1
		be.Column = len(before) - bytes.LastIndexByte(before, '\n')
	}
	return be
}
