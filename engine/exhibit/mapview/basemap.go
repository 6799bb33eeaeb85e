package mapview

import (
	"errors"
	"fmt"
	"image"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/mastcdr/mast/engine/exhibit/draw"
)

// Basemap is what is drawn under a map's features, from one file the user
// supplied: a raster image placed by its world file, or vector shapes. It
// is drawn as given; mast neither checks what it shows nor fetches anything.
type Basemap struct {
	Name string // the file's name, printed in the legend and footer

	Image       image.Image // a raster basemap, or nil
	ImageBounds Bounds      // where Image's outer pixel edges lie

	Shapes []Shape // a vector basemap
}

// ShapeKind is the kind of a vector basemap shape.
type ShapeKind uint8

const (
	ShapePoint ShapeKind = iota
	ShapeLine
	ShapePolygon
)

func (k ShapeKind) String() string {
	switch k {
	case ShapePoint:
		return "point"
	case ShapeLine:
		return "line"
	case ShapePolygon:
		return "polygon"
	}
	return "shape?"
}

// Shape is one vector basemap shape, (lon, lat) vertices. A point has one
// part of one vertex, a line one part, a polygon its outer ring then its
// holes. Multi-part geometries are split into one Shape per part.
type Shape struct {
	Kind  ShapeKind
	Parts [][][2]float64
}

// maxPixels bounds a raster basemap's size, so a huge image is refused with
// a clear error rather than exhausting memory while decoding.
const maxPixels = 100 << 20

// ReadBasemap reads a basemap from path: GeoJSON (.geojson, .json) in
// EPSG:4326, or a PNG or JPEG with a world file beside it (.pgw, .pngw or
// .wld for a PNG; .jgw, .jpgw or .wld for a JPEG) giving its place in
// degrees of EPSG:4326. Errors are *BasemapError naming the file at fault
// and wrap ErrNoWorldFile, ErrCRS or ErrBasemapFormat, or the os error.
func ReadBasemap(path string) (*Basemap, error) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".geojson", ".json":
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, &BasemapError{Path: path, Err: err}
		}
		shapes, err := decodeGeoJSON(data)
		if err != nil {
			return nil, withPath(err, path)
		}
		return &Basemap{Name: filepath.Base(path), Shapes: shapes}, nil
	case ".png", ".jpg", ".jpeg":
		return readRaster(path, ext)
	}
	return nil, &BasemapError{Path: path, Err: fmt.Errorf("%w: extension %q is not .geojson, .json, .png, .jpg or .jpeg", ErrBasemapFormat, filepath.Ext(path))}
}

// worldFileExts are the world file extensions looked for beside an image,
// in order.
func worldFileExts(ext string) []string {
	if ext == ".png" {
		return []string{".pgw", ".pngw", ".wld"}
	}
	return []string{".jgw", ".jpgw", ".wld"}
}

func readRaster(path, ext string) (*Basemap, error) {
	stem := strings.TrimSuffix(path, filepath.Ext(path))
	var wpath string
	var wdata []byte
	var tried []string
	for _, we := range worldFileExts(ext) {
		for _, cand := range []string{stem + we, stem + strings.ToUpper(we)} {
			data, err := os.ReadFile(cand)
			if err == nil {
				wpath, wdata = cand, data
				break
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return nil, &BasemapError{Path: cand, Err: err}
			}
		}
		if wpath != "" {
			break
		}
		tried = append(tried, filepath.Base(stem+we))
	}
	if wpath == "" {
		return nil, &BasemapError{Path: path, Err: fmt.Errorf("%w beside it (looked for %s); a raster basemap needs one to be placed", ErrNoWorldFile, strings.Join(tried, ", "))}
	}
	wf, err := parseWorldFile(wdata)
	if err != nil {
		return nil, withPath(err, wpath)
	}
	if err := checkPrj(stem + ".prj"); err != nil {
		return nil, err
	}

	f, err := os.Open(path)
	if err != nil {
		return nil, &BasemapError{Path: path, Err: err}
	}
	defer f.Close()
	img, err := decodeImage(f)
	if err != nil {
		return nil, &BasemapError{Path: path, Err: err}
	}
	sz := img.Bounds().Size()
	b, err := wf.bounds(sz.X, sz.Y)
	if err != nil {
		return nil, &BasemapError{Path: wpath, Err: err}
	}
	return &Basemap{Name: filepath.Base(path), Image: img, ImageBounds: b}, nil
}

// checkPrj refuses an image whose .prj says it is not in WGS 84 degrees.
// A missing .prj is normal for a world-file image and is not an error.
func checkPrj(path string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &BasemapError{Path: path, Err: err}
	}
	s := strings.ToUpper(string(data))
	switch {
	case strings.Contains(s, "PROJCS") || strings.Contains(s, "PROJCRS"):
		return &BasemapError{Path: path, Err: fmt.Errorf("%w: it declares a projected CRS; export the basemap in EPSG:4326", ErrCRS)}
	case !strings.Contains(s, "WGS") || !strings.Contains(s, "84"):
		return &BasemapError{Path: path, Err: fmt.Errorf("%w: its datum is not WGS 84; export the basemap in EPSG:4326", ErrCRS)}
	}
	return nil
}

func withPath(err error, path string) error {
	var be *BasemapError
	if errors.As(err, &be) {
		be.Path = path
		return be
	}
	return &BasemapError{Path: path, Err: err}
}

// drawBasemap paints b under the features: a raster resampled onto the
// map's Mercator rows and softened by a white wash, or the vector shapes in
// light grey.
func drawBasemap(c draw.Canvas, p Projection, b *Basemap) {
	view := p.Visible()
	if b.Image != nil {
		if img, ib, ok := fitRaster(b.Image, b.ImageBounds, view, maxRasterSide); ok {
			nw, se := p.Point(ib.West, ib.North), p.Point(ib.East, ib.South)
			r := draw.Rect{X: nw.X, Y: nw.Y, W: se.X - nw.X, H: se.Y - nw.Y}
			c.Image(img, r)
			c.Path(rectPath(r), true, draw.Style{Fill: rasterVeil})
		}
	}
	for _, kind := range []ShapeKind{ShapePolygon, ShapeLine, ShapePoint} {
		for _, s := range b.Shapes {
			if s.Kind != kind || !overlaps(s, view) {
				continue
			}
			switch kind {
			case ShapePolygon:
				for i, ring := range s.Parts {
					fill := baseFill
					if i > 0 {
						fill = frameFill // a hole
					}
					c.Path(projectAll(p, ring), true, draw.Style{Fill: fill, Stroke: baseLine, Width: 0.5})
				}
			case ShapeLine:
				c.Path(projectAll(p, s.Parts[0]), false, draw.Style{Stroke: baseLine, Width: 0.7})
			case ShapePoint:
				v := s.Parts[0][0]
				c.Circle(p.Point(v[0], v[1]), 1.5, draw.Style{Fill: baseLine})
			}
		}
	}
}

// overlaps reports whether any part of s may be in view.
func overlaps(s Shape, view Bounds) bool {
	b := emptyBounds()
	for _, part := range s.Parts {
		for _, v := range part {
			b.extend(v[0], v[1])
		}
	}
	return b.West <= view.East && b.East >= view.West && b.South <= view.North && b.North >= view.South
}
