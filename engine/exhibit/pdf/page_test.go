package pdf

import (
	"bytes"
	"compress/zlib"
	"image"
	"image/color"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/mastcdr/mast/engine/exhibit/draw"
	"github.com/stretchr/testify/require"
)

var (
	red   = draw.Colour{R: 0xFF, A: 0xFF}
	green = draw.Colour{G: 0xFF, A: 0xFF}
	blue  = draw.Colour{B: 0xFF, A: 0xFF}
	grey  = draw.Colour{R: 0x80, G: 0x80, B: 0x80, A: 0xFF}
	white = draw.Colour{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
)

// scenePage is the size of the test scene's page.
var scenePage = PageSize{W: 200, H: 200}

func rect(x, y, w, h float64) []draw.Pt {
	return []draw.Pt{{X: x, Y: y}, {X: x + w, Y: y}, {X: x + w, Y: y + h}, {X: x, Y: y + h}}
}

// drawTestScene paints shapes whose colours TestSceneRendersAtExpectedPixels
// reads back: positions are from the top left, y down.
func drawTestScene(p *Page) {
	// A red square at (10,10)–(50,50).
	p.Path(rect(10, 10, 40, 40), true, draw.Style{Fill: red})
	// A blue disc of radius 20 about (100,30).
	p.Circle(draw.Pt{X: 100, Y: 30}, 20, draw.Style{Fill: blue})
	// Half-transparent red over white at (140,10)–(190,50).
	p.Path(rect(140, 10, 50, 40), true, draw.Style{Fill: draw.Colour{R: 0xFF, A: 0x80}})
	// A green rectangle (0,60)–(100,130) clipped to (10,70)–(50,110).
	p.PushClip(draw.Rect{X: 10, Y: 70, W: 40, H: 40})
	p.Path(rect(0, 60, 100, 70), true, draw.Style{Fill: green})
	p.PopClip()
	// After the pop nothing is clipped: grey at (60,140)–(100,190).
	p.Path(rect(60, 140, 40, 50), true, draw.Style{Fill: grey})
	// A 2×2 image scaled into (120,70)–(180,130): yellow, magenta / cyan, black.
	img := image.NewNRGBA(image.Rect(0, 0, 2, 2))
	img.SetNRGBA(0, 0, color.NRGBA{0xFF, 0xFF, 0, 0xFF})
	img.SetNRGBA(1, 0, color.NRGBA{0xFF, 0, 0xFF, 0xFF})
	img.SetNRGBA(0, 1, color.NRGBA{0, 0xFF, 0xFF, 0xFF})
	img.SetNRGBA(1, 1, color.NRGBA{0, 0, 0, 0xFF})
	p.Image(img, draw.Rect{X: 120, Y: 70, W: 60, H: 60})
	// A half-transparent blue pixel (a soft mask) into (120,140)–(180,190).
	dot := image.NewNRGBA(image.Rect(0, 0, 1, 1))
	dot.SetNRGBA(0, 0, color.NRGBA{0, 0, 0xFF, 0x80})
	p.Image(dot, draw.Rect{X: 120, Y: 140, W: 60, H: 50})
	// A black line 4 points wide along y=195 from x=10 to x=50, dashed 10 on 10.
	p.Path([]draw.Pt{{X: 10, Y: 195}, {X: 50, Y: 195}}, false, draw.Style{Stroke: black, Width: 4, Dash: []float64{10, 10}})
	// A green ring: white fill, green outline 4 wide, radius 10 about (30,160).
	p.Circle(draw.Pt{X: 30, Y: 160}, 10, draw.Style{Fill: white, Stroke: green, Width: 4})
}

func TestSceneRendersAtExpectedPixels(t *testing.T) {
	t.Parallel()
	d, err := New(Options{PageSize: scenePage})
	require.NoError(t, err)
	drawTestScene(d.AddPage())
	pages := render(t, writeFile(t, d))
	require.Len(t, pages, 1)
	img := pages[0]
	require.Equal(t, image.Rect(0, 0, 200, 200), img.Bounds())

	for _, tc := range []struct {
		name string
		x, y int
		want color.RGBA
		tol  int
	}{
		{"red square", 30, 30, color.RGBA{255, 0, 0, 255}, 2},
		{"left of red square", 5, 30, color.RGBA{255, 255, 255, 255}, 2},
		{"blue disc centre", 100, 30, color.RGBA{0, 0, 255, 255}, 2},
		{"blue disc edge, inside", 100, 13, color.RGBA{0, 0, 255, 255}, 2},
		{"corner of the disc's square, outside the disc", 117, 47, color.RGBA{255, 255, 255, 255}, 2},
		{"half-transparent red", 165, 30, color.RGBA{255, 127, 127, 255}, 4},
		{"green inside clip", 30, 90, color.RGBA{0, 255, 0, 255}, 2},
		{"green right of clip", 70, 90, color.RGBA{255, 255, 255, 255}, 2},
		{"green below clip", 30, 125, color.RGBA{255, 255, 255, 255}, 2},
		{"green above clip", 30, 65, color.RGBA{255, 255, 255, 255}, 2},
		{"grey after PopClip", 80, 165, color.RGBA{128, 128, 128, 255}, 2},
		{"image top left yellow", 135, 85, color.RGBA{255, 255, 0, 255}, 2},
		{"image top right magenta", 165, 85, color.RGBA{255, 0, 255, 255}, 2},
		{"image bottom left cyan", 135, 115, color.RGBA{0, 255, 255, 255}, 2},
		{"image bottom right black", 165, 115, color.RGBA{0, 0, 0, 255}, 2},
		{"soft-masked blue", 150, 165, color.RGBA{127, 127, 255, 255}, 4},
		{"dash on", 15, 195, color.RGBA{0, 0, 0, 255}, 2},
		{"dash off", 25, 195, color.RGBA{255, 255, 255, 255}, 2},
		{"above the line", 15, 190, color.RGBA{255, 255, 255, 255}, 2},
		{"ring outline", 40, 160, color.RGBA{0, 255, 0, 255}, 2},
		{"ring fill", 30, 160, color.RGBA{255, 255, 255, 255}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := color.RGBAModel.Convert(img.At(tc.x, tc.y)).(color.RGBA)
			require.True(t, near(got, tc.want, tc.tol), "pixel (%d,%d) is %v, want %v", tc.x, tc.y, got, tc.want)
		})
	}
}

func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return abs(int(x)-int(y)) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func TestOperatorsAreBalancedAndFlipped(t *testing.T) {
	t.Parallel()
	d, err := New(Options{PageSize: scenePage})
	require.NoError(t, err)
	p := d.AddPage()
	p.PushClip(draw.Rect{X: 10, Y: 20, W: 30, H: 40})
	p.PushClip(draw.Rect{X: 0, Y: 0, W: 5, H: 5}) // left pushed: WriteTo ends it
	p.Path([]draw.Pt{{X: 1, Y: 2}, {X: 3, Y: 4}}, false, draw.Style{Stroke: red, Width: 0.5})
	p.PopClip()
	p.PopClip()
	p.PopClip() // one too many: ignored
	p.PushClip(draw.Rect{X: 0, Y: 0, W: 1, H: 1})
	body := string(p.body)
	require.Equal(t, "q 10 140 30 40 re W n\n"+
		"q 0 195 5 5 re W n\n"+
		"q 1 0 0 RG 0.5 w 1 198 m\n3 196 l\nS Q\n"+
		"Q\nQ\n"+
		"q 0 199 1 1 re W n\n", body)
	content := pageContent(t, d)
	require.Equal(t, 4, strings.Count(content, "q "))
	require.Equal(t, 4, strings.Count(content, "Q\n"), "the clip left pushed is ended")
}

// pageContent is the inflated text of every stream of a document without
// images or embedded files, in file order: its pages' content.
func pageContent(t testing.TB, d *Document) string {
	t.Helper()
	var buf bytes.Buffer
	_, err := d.WriteTo(&buf)
	require.NoError(t, err)
	var out strings.Builder
	re := regexp.MustCompile(`(?s)>>\nstream\n(.*?)\nendstream`)
	for _, m := range re.FindAllSubmatch(buf.Bytes(), -1) {
		out.WriteString(inflate(t, m[1]))
	}
	return out.String()
}

func TestDrawingOnAnEarlierPage(t *testing.T) {
	t.Parallel()
	d, err := New(Options{PageSize: scenePage})
	require.NoError(t, err)
	first := d.AddPage()
	first.PushClip(draw.Rect{X: 0, Y: 0, W: 100, H: 200})
	first.Path(rect(10, 10, 40, 40), true, draw.Style{Fill: red})
	d.AddPage() // seals what is drawn on the first page so far
	// Still clipped to the left half: the clip outlives the seal.
	first.Path(rect(60, 60, 80, 40), true, draw.Style{Fill: blue})
	path := writeFile(t, d)
	pages := render(t, path)
	require.Len(t, pages, 2)
	at := func(x, y int) color.RGBA { return color.RGBAModel.Convert(pages[0].At(x, y)).(color.RGBA) }
	require.Equal(t, color.RGBA{255, 0, 0, 255}, at(30, 30))
	require.Equal(t, color.RGBA{0, 0, 255, 255}, at(80, 80))
	require.Equal(t, color.RGBA{255, 255, 255, 255}, at(120, 80), "clipped")
	require.Zero(t, inked(pages[1]))
}

func TestNothingIsPaintedWithoutColour(t *testing.T) {
	t.Parallel()
	d, err := New(Options{PageSize: scenePage})
	require.NoError(t, err)
	p := d.AddPage()
	p.Path(rect(0, 0, 10, 10), true, draw.Style{Width: 3})                   // no fill, no stroke
	p.Path([]draw.Pt{{X: 1, Y: 1}}, false, draw.Style{Stroke: red})          // one point
	p.Circle(draw.Pt{X: 5, Y: 5}, 0, draw.Style{Fill: red})                  // no radius
	p.Text(draw.Pt{X: 5, Y: 5}, "x", draw.Font{Size: 10}, draw.Colour{}, 0)  // no colour
	p.Text(draw.Pt{X: 5, Y: 5}, "x", draw.Font{}, black, 0)                  // no size
	p.Image(image.NewNRGBA(image.Rect(0, 0, 0, 0)), draw.Rect{W: 10, H: 10}) // empty image
	p.Image(image.NewNRGBA(image.Rect(0, 0, 1, 1)), draw.Rect{W: 0, H: 10})  // no room
	require.Empty(t, p.body)
}

func TestRepeatedImageIsStoredOnce(t *testing.T) {
	t.Parallel()
	d, err := New(Options{PageSize: scenePage})
	require.NoError(t, err)
	logo := image.NewRGBA(image.Rect(0, 0, 3, 3))
	for range 3 {
		p := d.AddPage()
		p.Image(logo, draw.Rect{X: 10, Y: 10, W: 30, H: 30})
		p.Furnish(func(p *Page, _, _ int) { p.Image(logo, draw.Rect{X: 50, Y: 10, W: 30, H: 30}) })
	}
	other := image.NewRGBA(image.Rect(0, 0, 3, 3))
	other.Set(1, 1, color.White)
	d.AddPage().Image(other, draw.Rect{W: 10, H: 10})
	path := writeFile(t, d)
	require.Len(t, d.res.images, 2)
	require.NotNil(t, d.res.images[0].alpha, "a transparent RGBA image has a soft mask")
	require.Len(t, render(t, path), 4)
}

// inflate is the text of a Flate-compressed stream.
func inflate(t testing.TB, data []byte) string {
	t.Helper()
	r, err := zlib.NewReader(bytes.NewReader(data))
	require.NoError(t, err)
	out, err := io.ReadAll(r)
	require.NoError(t, err)
	return string(out)
}
