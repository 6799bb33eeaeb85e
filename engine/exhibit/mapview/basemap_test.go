package mapview

import (
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

// writeImage writes img to path as PNG or, for .jpg, JPEG.
func writeImage(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	require.NoError(t, err)
	if filepath.Ext(path) == ".jpg" {
		require.NoError(t, jpeg.Encode(f, img, nil))
	} else {
		require.NoError(t, png.Encode(f, img))
	}
	require.NoError(t, f.Close())
}

// solid is a w×h image of one colour.
func solid(w, h int, c color.Color) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	return img
}

// collection is a FeatureCollection of every geometry type, and a null one.
var collection = readTestdata("streets.geojson")

func readTestdata(name string) string {
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		panic(err)
	}
	return string(data)
}

func kinds(shapes []Shape) map[ShapeKind]int {
	out := map[ShapeKind]int{}
	for _, s := range shapes {
		out[s.Kind]++
	}
	return out
}

func TestReadBasemapGeoJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, content string
		want                map[ShapeKind]int
	}{
		{"a collection of every geometry", "streets.geojson", collection, map[ShapeKind]int{ShapeLine: 3, ShapePolygon: 3, ShapePoint: 2}},
		{"one feature", "one.json", `{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[0,51],[1,52]]}}`, map[ShapeKind]int{ShapeLine: 1}},
		{"a bare geometry", "bare.geojson", `{"type":"MultiPoint","coordinates":[[0,51],[1,52]]}`, map[ShapeKind]int{ShapePoint: 2}},
		{"legacy crs CRS84", "crs84.geojson", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},
			"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[0,51]}}]}`, map[ShapeKind]int{ShapePoint: 1}},
		{"legacy crs EPSG:4326", "epsg.GeoJSON", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4326"}},
			"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[0,51]}}]}`, map[ShapeKind]int{ShapePoint: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), tt.file)
			writeFile(t, path, tt.content)
			b, err := ReadBasemap(path)
			require.NoError(t, err)
			require.Equal(t, tt.file, b.Name)
			require.Nil(t, b.Image)
			require.Equal(t, tt.want, kinds(b.Shapes))
		})
	}

	t.Run("polygon holes and third coordinates", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "streets.geojson")
		writeFile(t, path, collection)
		b, err := ReadBasemap(path)
		require.NoError(t, err)
		require.Equal(t, Shape{Kind: ShapeLine, Parts: [][][2]float64{{{-0.11, 51.50}, {-0.09, 51.51}}}}, b.Shapes[0])
		require.Len(t, b.Shapes[1].Parts, 2, "outer ring and a hole")
		require.Equal(t, [][][2]float64{{{-0.1, 51.5}}}, b.Shapes[2].Parts, "the height is dropped")
	})
}

func TestReadBasemapGeoJSONErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, content string
		err           error
		line, column  int
	}{
		{"a projected crs", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[]}`, ErrCRS, 0, 0},
		{"metres without a crs", `{"type":"FeatureCollection","features":[
			{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[530000,180000]}}]}`, ErrCRS, 0, 0},
		{"malformed", "{\"type\": \"FeatureCollection\",\n \"features\": [,]}", ErrBasemapFormat, 2, 15},
		{"not GeoJSON", `{"type":"Topology","objects":{}}`, ErrBasemapFormat, 0, 0},
		{"no type", `{"features":[]}`, ErrBasemapFormat, 0, 0},
		{"nothing to draw", `{"type":"FeatureCollection","features":[]}`, ErrBasemapFormat, 0, 0},
		{"a geometry without coordinates", `{"type":"Feature","geometry":{"type":"LineString"}}`, ErrBasemapFormat, 0, 0},
		{"a JSON array", `[1,2]`, ErrBasemapFormat, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "map.geojson")
			writeFile(t, path, tt.content)
			_, err := ReadBasemap(path)
			require.ErrorIs(t, err, tt.err)
			var be *BasemapError
			require.ErrorAs(t, err, &be)
			require.Equal(t, path, be.Path, "the error names the file")
			require.Equal(t, tt.line, be.Line)
			require.Equal(t, tt.column, be.Column)
		})
	}
}

func TestReadBasemapRefusesWhatItCannotRead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	missing := filepath.Join(dir, "nowhere.geojson")
	_, err := ReadBasemap(missing)
	require.ErrorIs(t, err, fs.ErrNotExist)
	var be *BasemapError
	require.ErrorAs(t, err, &be)
	require.Equal(t, missing, be.Path)

	tif := filepath.Join(dir, "map.tif")
	writeFile(t, tif, "II*\x00")
	_, err = ReadBasemap(tif)
	require.ErrorIs(t, err, ErrBasemapFormat)
	require.ErrorAs(t, err, &be)
	require.Equal(t, tif, be.Path)
}

// A 4×2 image whose world file puts its outer edges at 0.10° W to 0.06° W,
// 51.50° N to 51.52° N: pixels 0.01° square, the top-left centre half a
// pixel in.
var worldLondon = readTestdata("london.pgw")

var boundsLondon = Bounds{West: -0.10, South: 51.50, East: -0.06, North: 51.52}

func TestReadBasemapRaster(t *testing.T) {
	t.Parallel()
	tests := []struct{ image, world string }{
		{"map.png", "map.pgw"},
		{"map.png", "map.pngw"},
		{"map.png", "map.wld"},
		{"map.png", "map.PGW"},
		{"map.jpg", "map.jgw"},
		{"scan.jpeg", "scan.jpgw"},
		{"map.jpg", "map.wld"},
	}
	for _, tt := range tests {
		t.Run(tt.image+"+"+tt.world, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			img := filepath.Join(dir, tt.image)
			enc := img
			if filepath.Ext(img) == ".jpeg" {
				enc = img[:len(img)-len(".jpeg")] + ".jpg"
			}
			writeImage(t, enc, solid(4, 2, color.RGBA{R: 200, A: 255}))
			if enc != img {
				require.NoError(t, os.Rename(enc, img))
			}
			writeFile(t, filepath.Join(dir, tt.world), worldLondon)
			b, err := ReadBasemap(img)
			require.NoError(t, err)
			require.Equal(t, tt.image, b.Name)
			require.Equal(t, image.Pt(4, 2), b.Image.Bounds().Size())
			require.InDelta(t, boundsLondon.West, b.ImageBounds.West, 1e-12)
			require.InDelta(t, boundsLondon.East, b.ImageBounds.East, 1e-12)
			require.InDelta(t, boundsLondon.South, b.ImageBounds.South, 1e-12)
			require.InDelta(t, boundsLondon.North, b.ImageBounds.North, 1e-12)
			require.Empty(t, b.Shapes)
		})
	}
}

func TestReadBasemapRasterErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		files  map[string]string // name → content; "map.png" is written as a 4×2 PNG unless given
		err    error
		atFile string // the file the error names
		line   int
	}{
		{"no world file", map[string]string{}, ErrNoWorldFile, "map.png", 0},
		{"a world file for another image", map[string]string{"other.pgw": worldLondon}, ErrNoWorldFile, "map.png", 0},
		{"world file in British National Grid metres", map[string]string{"map.pgw": "0.5\n0\n0\n-0.5\n530000.25\n180000.25\n"}, ErrCRS, "map.pgw", 0},
		{"world file in Web Mercator metres", map[string]string{"map.pgw": "2.4\n0\n0\n-2.4\n-11131.9\n6710219.1\n"}, ErrCRS, "map.pgw", 0},
		{"projected .prj", map[string]string{"map.pgw": worldLondon, "map.prj": `PROJCS["OSGB 1936 / British National Grid",GEOGCS["OSGB 1936"]]`}, ErrCRS, "map.prj", 0},
		{"another datum's .prj", map[string]string{"map.pgw": worldLondon, "map.prj": `GEOGCS["GCS_OSGB_1936",DATUM["D_OSGB_1936"]]`}, ErrCRS, "map.prj", 0},
		{"rotated", map[string]string{"map.pgw": "0.01\n0.001\n0\n-0.01\n-0.095\n51.515\n"}, ErrBasemapFormat, "map.pgw", 2},
		{"south up", map[string]string{"map.pgw": "0.01\n0\n0\n0.01\n-0.095\n51.515\n"}, ErrBasemapFormat, "map.pgw", 4},
		{"not a number", map[string]string{"map.pgw": "0.01\n0\nzero\n-0.01\n-0.095\n51.515\n"}, ErrBasemapFormat, "map.pgw", 3},
		{"five numbers", map[string]string{"map.pgw": "0.01\n0\n0\n-0.01\n-0.095\n"}, ErrBasemapFormat, "map.pgw", 0},
		{"seven numbers", map[string]string{"map.pgw": worldLondon + "7\n"}, ErrBasemapFormat, "map.pgw", 7},
		{"not an image", map[string]string{"map.png": "hello", "map.pgw": worldLondon}, ErrBasemapFormat, "map.png", 0},
		{"a truncated PNG", map[string]string{"map.png": "\x89PNG\r\n\x1a\n\x00\x00", "map.pgw": worldLondon}, ErrBasemapFormat, "map.png", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if _, ok := tt.files["map.png"]; !ok {
				writeImage(t, filepath.Join(dir, "map.png"), solid(4, 2, color.White))
			}
			for name, content := range tt.files {
				writeFile(t, filepath.Join(dir, name), content)
			}
			_, err := ReadBasemap(filepath.Join(dir, "map.png"))
			require.ErrorIs(t, err, tt.err)
			var be *BasemapError
			require.ErrorAs(t, err, &be)
			require.Equal(t, filepath.Join(dir, tt.atFile), be.Path)
			require.Equal(t, tt.line, be.Line)
		})
	}
}

func TestFitRasterPutsEachRowAtItsLatitude(t *testing.T) {
	t.Parallel()
	// One column, a row per 0.1° from 60° N down to 0°: row i's red is i.
	src := image.NewRGBA(image.Rect(0, 0, 1, 600))
	for y := range 600 {
		src.Set(0, y, color.RGBA{R: uint8(y % 256), G: uint8(y / 256), A: 255})
	}
	b := Bounds{West: 10, South: 0, East: 11, North: 60}
	p, err := Fit(b, drawRect(0, 0, 500, 800), 0)
	require.NoError(t, err)
	img, in, ok := fitRaster(src, b, p.Visible(), 3000)
	require.True(t, ok)
	nw, se := p.Point(in.West, in.North), p.Point(in.East, in.South)
	h := img.Bounds().Dy()
	for _, lat := range []float64{0.55, 10.05, 30.05, 45.55, 59.95} {
		// Where lat is drawn on the page, which source row shows.
		y := p.Point(10.5, lat).Y
		row := int((y - nw.Y) / (se.Y - nw.Y) * float64(h))
		r, g, _, _ := img.At(0, row).RGBA()
		got := int(r>>8) + 256*int(g>>8)
		want := int((60 - lat) / 0.1)
		require.InDelta(t, want, got, 1, "latitude %.2f", lat)
	}

	_, _, ok = fitRaster(src, b, Bounds{West: 20, South: 0, East: 21, North: 1}, 3000)
	require.False(t, ok, "an image out of view is not drawn")
}

func TestDrawPlacesABasemap(t *testing.T) {
	t.Parallel()
	m := Map{Points: []Point{{Lon: -0.09, Lat: 51.505}, {Lon: -0.07, Lat: 51.515}}}
	m.Basemap = &Basemap{Name: "map.png", Image: solid(4, 2, color.RGBA{B: 200, A: 255}), ImageBounds: boundsLondon}
	rec := newRecorder(pageW, pageH)
	require.NoError(t, Draw(rec, m))
	lay, err := Place(rec, m)
	require.NoError(t, err)

	var images []call
	firstEvent := -1
	for i, c := range rec.calls {
		if c.kind == kindImage {
			images = append(images, c)
			require.Equal(t, -1, firstEvent, "the basemap is drawn before the features")
		}
		if c.kind == kindCircle && c.style.Fill == eventColour && firstEvent < 0 {
			firstEvent = i
		}
	}
	require.Len(t, images, 1)
	require.Equal(t, lay.Frame, *images[0].clip)
	in, ok := boundsLondon.intersect(lay.Projection.Visible())
	require.True(t, ok)
	nw, se := lay.Projection.Point(in.West, in.North), lay.Projection.Point(in.East, in.South)
	r := images[0].rect
	require.InDelta(t, nw.X, r.X, 1e-9)
	require.InDelta(t, nw.Y, r.Y, 1e-9)
	require.InDelta(t, se.X, r.X+r.W, 1e-9)
	require.InDelta(t, se.Y, r.Y+r.H, 1e-9)
	require.Contains(t, rec.textsIn(lay.Footer), "Basemap: map.png")
}

func TestWorldFileBoundsRefuseOverflow(t *testing.T) {
	t.Parallel()
	wf, err := parseWorldFile([]byte("1e308\n0\n0\n-1e308\n1e308\n1e308\n"))
	require.NoError(t, err)
	_, err = wf.bounds(4, 4)
	require.ErrorIs(t, err, ErrCRS, "infinite and NaN edges are not degrees")
}
