package mapview

import (
	"image"
	"image/color"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/engine/exhibit/draw"
)

// The PNG backend: the map is drawn, and drawn where it should be.

const dpi = 144 // two pixels a point

func pixelAt(p draw.Pt) image.Point {
	return image.Pt(int(p.X*dpi/72), int(p.Y*dpi/72))
}

func isRed(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r>>8 > 180 && g>>8 < 80 && b>>8 < 80
}

// countIn counts the pixels of img in r (page points) for which f holds.
func countIn(img image.Image, r draw.Rect, f func(color.Color) bool) int {
	min, max := pixelAt(draw.Pt{X: r.X, Y: r.Y}), pixelAt(draw.Pt{X: r.X + r.W, Y: r.Y + r.H})
	n := 0
	for y := min.Y; y < max.Y; y++ {
		for x := min.X; x < max.X; x++ {
			if f(img.At(x, y)) {
				n++
			}
		}
	}
	return n
}

func box(at draw.Pt, half float64) draw.Rect {
	return draw.Rect{X: at.X - half, Y: at.Y - half, W: 2 * half, H: 2 * half}
}

func TestRasterShowsThePlantedPoint(t *testing.T) {
	t.Parallel()
	planted := Point{Lon: -1.8904, Lat: 52.4862}
	m := Map{
		Header: Header{Reference: "PX/1", Title: "Pixel test"},
		Points: []Point{planted},
		Areas:  []Area{{Ring: wedge(-1.90, 52.48, 200, 0.01), Label: "A"}},
		Stays:  []Stay{{Lon: -1.91, Lat: 52.475}},
	}
	c := draw.NewRaster(pageW, pageH, dpi)
	require.NoError(t, Draw(c, m))
	lay, err := Place(c, m)
	require.NoError(t, err)
	img := c.RGBA()

	notWhite := func(c color.Color) bool { r, g, b, _ := c.RGBA(); return r>>8 < 240 || g>>8 < 240 || b>>8 < 240 }
	frame := lay.Frame
	require.Greater(t, countIn(img, frame, notWhite), 2000, "the frame is not blank")
	require.Greater(t, countIn(img, lay.Header, notWhite), 500, "the header is printed")
	require.Greater(t, countIn(img, lay.Panel, notWhite), 500, "the legend is drawn")

	at := lay.Projection.Point(planted.Lon, planted.Lat)
	require.True(t, inside(at, frame))
	require.GreaterOrEqual(t, countIn(img, box(at, 2), isRed), 8, "the point is red where it belongs")
	red := countIn(img, frame, isRed)
	require.LessOrEqual(t, red, countIn(img, box(at, eventRadius+1), isRed), "and nowhere else in the frame")
}

func TestRasterPutsTheBasemapInItsPlace(t *testing.T) {
	t.Parallel()
	// A blue image whose east half is yellow, placed over 0.10° W to
	// 0.06° W: yellow east of 0.08° W.
	img := solid(40, 20, color.RGBA{B: 255, A: 255})
	for y := range 20 {
		for x := 20; x < 40; x++ {
			img.Set(x, y, color.RGBA{R: 255, G: 220, A: 255})
		}
	}
	m := Map{
		Points:  []Point{{Lon: -0.099, Lat: 51.505}, {Lon: -0.061, Lat: 51.515}},
		Basemap: &Basemap{Name: "two tone.png", Image: img, ImageBounds: boundsLondon},
	}
	c := draw.NewRaster(pageW, pageH, dpi)
	require.NoError(t, Draw(c, m))
	lay, err := Place(c, m)
	require.NoError(t, err)
	p := lay.Projection

	blue := func(c color.Color) bool { r, _, b, _ := c.RGBA(); return b>>8 > 200 && r>>8 < 150 }
	yellow := func(c color.Color) bool { r, g, b, _ := c.RGBA(); return r>>8 > 200 && g>>8 > 180 && b>>8 < 140 }
	west, east := p.Point(-0.0805, 51.51), p.Point(-0.0795, 51.51)
	require.Equal(t, 16, countIn(c.RGBA(), box(west, 1), blue), "blue just west of 0.08° W")
	require.Equal(t, 16, countIn(c.RGBA(), box(east, 1), yellow), "yellow just east of it")
	outside := p.Point(-0.1003, 51.51)
	require.True(t, inside(outside, lay.Frame))
	require.Zero(t, countIn(c.RGBA(), box(outside, 1), blue), "nothing west of the image's edge")
	require.Equal(t, 16, countIn(c.RGBA(), box(p.Point(-0.0997, 51.51), 1), blue), "blue just east of it")
}
