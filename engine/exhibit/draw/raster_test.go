package draw

import (
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

var (
	red   = Colour{255, 0, 0, 255}
	blue  = Colour{0, 0, 255, 255}
	black = Colour{0, 0, 0, 255}
	white = color.RGBA{255, 255, 255, 255}
)

// at is the pixel of r's image under the point (x, y) in points.
func at(r *Raster, x, y float64) color.RGBA {
	return r.RGBA().RGBAAt(int(math.Floor(x*r.scale)), int(math.Floor(y*r.scale)))
}

func rgba(c Colour) color.RGBA { return color.RGBA{c.R, c.G, c.B, c.A} }

// painted counts the pixels of img that are not white.
func painted(img *image.RGBA, in image.Rectangle) int {
	n := 0
	in = in.Intersect(img.Bounds())
	for y := in.Min.Y; y < in.Max.Y; y++ {
		for x := in.Min.X; x < in.Max.X; x++ {
			if img.RGBAAt(x, y) != white {
				n++
			}
		}
	}
	return n
}

func TestNewRasterSize(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		w, h, dpi float64
		wantW     float64
		wantPx    image.Point
	}{
		{"72 dpi is one pixel a point", 100, 50, 72, 100, image.Pt(100, 50)},
		{"144 dpi doubles", 100, 50, 144, 100, image.Pt(200, 100)},
		{"300 dpi letter", 612, 792, 300, 612, image.Pt(2550, 3300)},
		{"fractional size rounds up", 10.2, 1, 72, 10.2, image.Pt(11, 1)},
		{"bad dpi is 72", 30, 20, -1, 30, image.Pt(30, 20)},
		{"NaN size is empty", math.NaN(), 20, 72, 0, image.Pt(0, 20)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := NewRaster(tc.w, tc.h, tc.dpi)
			w, _ := r.Size()
			require.Equal(t, tc.wantW, w)
			require.Equal(t, tc.wantPx, r.RGBA().Bounds().Size())
			if tc.wantPx.X > 0 && tc.wantPx.Y > 0 {
				require.Equal(t, white, r.RGBA().RGBAAt(0, 0), "the page starts white")
			}
		})
	}
}

func TestRasterFillPolygon(t *testing.T) {
	t.Parallel()
	for _, dpi := range []float64{72, 150} {
		r := NewRaster(100, 100, dpi)
		r.Path([]Pt{{20, 20}, {80, 20}, {80, 60}, {20, 60}}, true, Style{Fill: red})
		for _, p := range []Pt{{21, 21}, {50, 40}, {79, 59}} {
			require.Equal(t, rgba(red), at(r, p.X, p.Y), "inside at %v, %v dpi", p, dpi)
		}
		for _, p := range []Pt{{19, 40}, {81, 40}, {50, 19}, {50, 61}, {5, 5}, {95, 95}} {
			require.Equal(t, white, at(r, p.X, p.Y), "outside at %v, %v dpi", p, dpi)
		}
	}
}

func TestRasterFillIsAntiAliasedAndTranslucent(t *testing.T) {
	t.Parallel()
	r := NewRaster(20, 20, 72)
	// The edge x = 10.5 halves the column of pixels from 10 to 11.
	r.Path([]Pt{{0, 0}, {10.5, 0}, {10.5, 20}, {0, 20}}, true, Style{Fill: black})
	edge := r.RGBA().RGBAAt(10, 10)
	require.InDelta(t, 128, int(edge.R), 3, "half-covered pixel is half grey")

	r = NewRaster(20, 20, 72)
	r.Path([]Pt{{0, 0}, {20, 0}, {20, 20}, {0, 20}}, true, Style{Fill: Colour{0, 0, 0, 128}})
	require.InDelta(t, 127, int(r.RGBA().RGBAAt(5, 5).R), 2, "half-transparent black over white")
}

func TestRasterFillNonZeroAndOpenPath(t *testing.T) {
	t.Parallel()
	r := NewRaster(100, 100, 72)
	// Outer square clockwise, inner square anticlockwise: a hole.
	r.Path([]Pt{{10, 10}, {90, 10}, {90, 90}, {10, 90}, {10, 10},
		{30, 30}, {30, 70}, {70, 70}, {70, 30}, {30, 30}}, true, Style{Fill: red})
	require.Equal(t, rgba(red), at(r, 20, 50))
	require.Equal(t, white, at(r, 50, 50), "opposite winding cuts a hole")

	r = NewRaster(100, 100, 72)
	r.Path([]Pt{{10, 10}, {90, 10}, {90, 90}}, false, Style{Fill: red})
	require.Equal(t, rgba(red), at(r, 80, 30), "an open path is filled as if closed")
	require.Equal(t, white, at(r, 20, 80))
}

func TestRasterStrokeBand(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		width, dpi float64
	}{
		{"1pt at 72 dpi", 1, 72},
		{"4pt at 72 dpi", 4, 72},
		{"4pt at 300 dpi", 4, 300},
		{"10pt at 150 dpi", 10, 150},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := NewRaster(100, 100, tc.dpi)
			// The line runs between pixel rows, so the band has whole-pixel edges.
			y := math.Round(50*r.scale) / r.scale
			r.Path([]Pt{{10, y}, {90, y}}, false, Style{Stroke: blue, Width: tc.width})
			img := r.RGBA()
			col := int(50 * r.scale)
			touched, full, ink := 0, 0, 0.0
			for py := range img.Bounds().Dy() {
				c := img.RGBAAt(col, py)
				if c != white {
					touched++
				}
				if c == rgba(blue) {
					full++
				}
				ink += float64(255-c.R) / 255
			}
			band := tc.width * r.scale // pixels
			require.InDelta(t, band, ink, 0.05, "coverage across the line adds up to its width")
			require.LessOrEqual(t, float64(touched), band+2, "no ink beyond the band's edge pixels")
			require.GreaterOrEqual(t, float64(full), band-2, "the band's inside is solid")
			half := tc.width / 2
			require.Equal(t, white, at(r, 50, y-half-1.01/r.scale))
			require.Equal(t, white, at(r, 50, y+half+1.01/r.scale))
			require.Equal(t, white, at(r, 9, y), "butt cap: nothing before the start")
			require.Equal(t, white, at(r, 91, y), "butt cap: nothing after the end")
		})
	}
}

func TestRasterStrokeJoins(t *testing.T) {
	t.Parallel()
	style := Style{Stroke: black, Width: 10}

	r := NewRaster(100, 100, 72)
	r.Path([]Pt{{10, 50}, {50, 50}, {50, 10}}, false, style)
	require.Equal(t, rgba(black), at(r, 54, 54), "a right angle is mitred to a square corner")

	// A hairpin: its miter would reach far past the limit, so it is bevelled.
	r = NewRaster(200, 100, 72)
	r.Path([]Pt{{10, 40}, {150, 50}, {10, 60}}, false, style)
	require.Equal(t, rgba(black), at(r, 148, 50), "the bevel reaches the vertex")
	require.Equal(t, white, at(r, 152, 50), "no spike beyond the miter limit")

	// A closed square is joined at its first corner too.
	r = NewRaster(100, 100, 72)
	r.Path([]Pt{{20, 20}, {80, 20}, {80, 80}, {20, 80}}, true, style)
	require.Equal(t, rgba(black), at(r, 16, 16))
	require.Equal(t, white, at(r, 50, 50), "a stroke alone does not fill")
}

func TestRasterDash(t *testing.T) {
	t.Parallel()
	r := NewRaster(100, 20, 72)
	r.Path([]Pt{{0, 10}, {100, 10}}, false, Style{Stroke: black, Width: 4, Dash: []float64{10, 5}})
	for _, x := range []float64{2, 8, 17, 23, 32, 38} {
		require.Equal(t, rgba(black), at(r, x, 10), "on at x=%v", x)
	}
	for _, x := range []float64{12, 13, 27, 28, 42} {
		require.Equal(t, white, at(r, x, 10), "off at x=%v", x)
	}

	// The pattern carries on round a corner.
	r = NewRaster(100, 100, 72)
	r.Path([]Pt{{10, 10}, {16, 10}, {16, 50}}, false, Style{Stroke: black, Width: 2, Dash: []float64{10, 10}})
	require.Equal(t, rgba(black), at(r, 16, 12), "the first dash turns the corner")
	require.Equal(t, white, at(r, 16, 20), "then a gap")
	require.Equal(t, rgba(black), at(r, 16, 30), "then the next dash")
}

func TestRasterCircle(t *testing.T) {
	t.Parallel()
	r := NewRaster(100, 100, 144)
	r.Circle(Pt{50, 50}, 20, Style{Fill: red, Stroke: blue, Width: 2})
	require.Equal(t, rgba(red), at(r, 50, 50))
	require.Equal(t, rgba(red), at(r, 50+12, 50+12), "inside, off the axes")
	require.Equal(t, rgba(blue), at(r, 70, 50), "the outline is on the radius")
	require.Equal(t, rgba(blue), at(r, 50, 30))
	require.Equal(t, white, at(r, 50+15, 50+15), "outside, off the axes")
	require.Equal(t, white, at(r, 72, 50))

	r = NewRaster(100, 100, 72)
	r.Circle(Pt{50, 50}, 20, Style{Stroke: black, Width: 3})
	require.Equal(t, white, at(r, 50, 50), "a ring is hollow")
	require.Equal(t, rgba(black), at(r, 30, 50))
}

func TestRasterClip(t *testing.T) {
	t.Parallel()
	page := []Pt{{0, 0}, {100, 0}, {100, 100}, {0, 100}}
	r := NewRaster(100, 100, 72)
	r.PushClip(Rect{20, 20, 40, 40})
	r.Path(page, true, Style{Fill: red})
	require.Equal(t, rgba(red), at(r, 30, 30))
	require.Equal(t, 40*40, painted(r.RGBA(), r.RGBA().Bounds()), "exactly the clip is painted")

	r.PushClip(Rect{40, 40, 100, 100})
	r.Circle(Pt{50, 50}, 45, Style{Fill: blue})
	r.Text(Pt{0, 90}, "clipped away", Font{Size: 20}, black, AnchorLeft)
	r.Image(solid(4, 4, color.RGBA{0, 255, 0, 255}), Rect{0, 0, 100, 100})
	r.Path([]Pt{{0, 0}, {100, 100}}, false, Style{Stroke: black, Width: 5})
	require.Equal(t, rgba(red), at(r, 30, 30), "nested clips intersect")
	require.Equal(t, white, at(r, 70, 70), "nothing lands outside either clip")
	require.Equal(t, 40*40, painted(r.RGBA(), r.RGBA().Bounds()))
	require.NotEqual(t, rgba(red), at(r, 50, 50), "inside both clips is painted over")

	r.PopClip()
	r.PopClip()
	r.PopClip() // one too many: ignored
	r.Circle(Pt{90, 90}, 5, Style{Fill: blue})
	require.Equal(t, rgba(blue), at(r, 90, 90), "popping restores the whole page")
}

func TestRasterText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		anchor Anchor
		dpi    float64
	}{
		{"left at 72 dpi", AnchorLeft, 72},
		{"centre at 150 dpi", AnchorCentre, 150},
		{"right at 300 dpi", AnchorRight, 300},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			const size, x, y = 20.0, 100.0, 50.0
			r := NewRaster(200, 80, tc.dpi)
			f := Font{Size: size}
			w := r.TextWidth("Mast 42", f)
			r.Text(Pt{x, y}, "Mast 42", f, black, tc.anchor)
			left := x - anchorOffset(w, tc.anchor)

			s := r.scale
			box := image.Rect(int((left-1)*s), int((y-size)*s), int((left+w+1)*s), int((y+size/4)*s))
			img := r.RGBA()
			all := painted(img, img.Bounds())
			require.Greater(t, all, int(size*size*s*s/10), "text leaves ink")
			require.Equal(t, all, painted(img, box), "all ink is within the advance box")

			var darkest uint8 = 255
			for py := box.Min.Y; py < box.Max.Y; py++ {
				for px := box.Min.X; px < box.Max.X; px++ {
					darkest = min(darkest, img.RGBAAt(px, py).R)
				}
			}
			require.Less(t, darkest, uint8(40), "strokes are dark, not just grey fringes")
			// Cap height of Go Regular is about 0.7 em: ink reaches up there.
			require.Positive(t, painted(img, image.Rect(box.Min.X, int((y-0.72*size)*s), box.Max.X, int((y-0.6*size)*s))))
			require.Zero(t, painted(img, image.Rect(box.Min.X, 0, box.Max.X, int((y-0.8*size)*s))), "nothing above the ascent of caps and digits")
		})
	}
}

func TestTextWidth(t *testing.T) {
	t.Parallel()
	r := NewRaster(10, 10, 72)
	f := Font{Size: 10}
	prev := 0.0
	for _, s := range []string{"", "M", "Ma", "Mas", "Mast"} {
		w := r.TextWidth(s, f)
		if s == "" {
			require.Zero(t, w)
		} else {
			require.Greater(t, w, prev, "%q is wider than the string before", s)
		}
		prev = w
	}
	require.InDelta(t, 2*r.TextWidth("Mast", f), r.TextWidth("Mast", Font{Size: 20}), 1e-9, "width scales with size")
	require.Greater(t, r.TextWidth("Mast", Font{Size: 10, Bold: true}), r.TextWidth("Mast", f), "bold is wider")
	require.InDelta(t, r.TextWidth("Mast", f), NewRaster(10, 10, 300).TextWidth("Mast", f), 1e-12, "independent of dpi")
	require.InDelta(t, r.TextWidth("Mast", f), NewSVG(10, 10).TextWidth("Mast", f), 1e-12, "the SVG backend measures alike")
	require.Zero(t, r.TextWidth("Mast", Font{}), "no size, no width")
	require.InDelta(t, 10*1706.0/2048, r.TextWidth("M", f), 1e-9, "Go Regular's M advances 1706 of its 2048 units per em")
}

func solid(w, h int, c color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func TestRasterImage(t *testing.T) {
	t.Parallel()
	green := color.RGBA{0, 200, 0, 255}
	r := NewRaster(100, 100, 144)
	src := solid(3, 2, green)
	r.Image(src, Rect{20, 30, 40, 20})
	img := r.RGBA()
	require.Equal(t, green, at(r, 40, 40))
	require.Equal(t, green, at(r, 20.1, 30.1), "top-left corner")
	require.Equal(t, green, at(r, 59.9, 49.9), "bottom-right corner")
	dr := image.Rect(40, 60, 120, 100) // the rect in pixels at 144 dpi
	require.Equal(t, dr.Dx()*dr.Dy(), painted(img, dr))
	require.Equal(t, dr.Dx()*dr.Dy(), painted(img, img.Bounds()), "nothing lands outside the rect")

	// A translucent image is drawn over what is there.
	r.Image(solid(1, 1, color.RGBA{0, 0, 0, 0}), Rect{0, 0, 100, 100})
	require.Equal(t, green, at(r, 40, 40))
	require.Equal(t, white, at(r, 5, 5))
}

func TestRasterIgnoresBadInput(t *testing.T) {
	t.Parallel()
	r := NewRaster(50, 50, 72)
	nan := math.NaN()
	r.Path([]Pt{{nan, 1}, {10, 10}, {20, 5}}, true, Style{Fill: red, Stroke: red, Width: 1})
	r.Path([]Pt{{10, 10}}, false, Style{Stroke: red, Width: 1})
	r.Path([]Pt{{10, 10}, {10, 10}}, false, Style{Stroke: red, Width: 1})
	r.Path([]Pt{{10, 10}, {40, 40}}, false, Style{Stroke: red, Width: 0})
	r.Circle(Pt{25, 25}, math.Inf(1), Style{Fill: red})
	r.Circle(Pt{25, 25}, -1, Style{Fill: red})
	r.Text(Pt{nan, 20}, "x", Font{Size: 10}, black, AnchorLeft)
	r.Image(nil, Rect{0, 0, 10, 10})
	r.Image(solid(2, 2, color.RGBA{255, 0, 0, 255}), Rect{0, 0, nan, 10})
	require.Zero(t, painted(r.RGBA(), r.RGBA().Bounds()))
}

func TestRasterHugeCoordinates(t *testing.T) {
	t.Parallel()
	r := NewRaster(100, 100, 72)
	r.Path([]Pt{{-1e15, -1e15}, {1e15, -1e15}, {1e15, 1e15}}, true, Style{Fill: Colour{0, 0, 255, 64}})
	r.Path([]Pt{{-1e12, 50}, {1e12, 50}}, false, Style{Stroke: black, Width: 2})
	require.Equal(t, rgba(black), at(r, 50, 50))
	require.Equal(t, rgba(black), at(r, 0, 50))
	require.Equal(t, rgba(black), at(r, 99, 50))
	require.NotEqual(t, white, at(r, 90, 10), "the huge triangle covers this corner")
	require.Equal(t, white, at(r, 10, 90), "and not this one")
}

func BenchmarkRasterMap(b *testing.B) {
	for b.Loop() {
		r := NewRaster(792, 612, 300)
		for i := range 500 {
			x, y := float64(20+i%700), float64(20+(i*37)%560)
			r.Path([]Pt{{x, y}, {x + 30, y - 10}, {x + 30, y + 10}}, true,
				Style{Fill: Colour{255, 0, 0, 60}, Stroke: red, Width: 0.5})
			r.Circle(Pt{x, y}, 3, Style{Fill: blue, Stroke: black, Width: 0.5})
		}
		r.Text(Pt{20, 20}, "Exhibit 7 — cell sites and events", Font{Size: 14, Bold: true}, black, AnchorLeft)
	}
}
