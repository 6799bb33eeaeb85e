package draw

import (
	"fmt"
	"math"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// typeface is the compiled-in Go Regular and Go Bold, shared by the raster
// backend (which draws their outlines) and the SVG backend (which measures
// with them). Text is laid out in font units, unhinted, so a string has the
// same width in points at every size and resolution. A typeface is not safe
// for concurrent use: its Buffer is reused.
type typeface struct {
	regular, bold *sfnt.Font
	buf           sfnt.Buffer
}

// newTypeface parses the compiled-in fonts. They are fixed bytes, so a failure
// is a broken build, not a runtime condition.
func newTypeface() *typeface {
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic(fmt.Sprintf("draw: parse Go Regular: %v", err))
	}
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		panic(fmt.Sprintf("draw: parse Go Bold: %v", err))
	}
	return &typeface{regular: regular, bold: bold}
}

func (t *typeface) font(bold bool) *sfnt.Font {
	if bold {
		return t.bold
	}
	return t.regular
}

// unitsPPEM is the ppem that makes sfnt report lengths in font units (as
// 26.6 fixed point).
func unitsPPEM(f *sfnt.Font) fixed.Int26_6 { return fixed.Int26_6(f.UnitsPerEm()) << 6 }

// glyph is one laid-out glyph: its index and its pen position from the start
// of the string, in font units.
type glyph struct {
	index sfnt.GlyphIndex
	x     float64
}

// layout places the glyphs of s (advances plus kerning, control characters
// dropped) and returns them with the advance width of the whole string, in
// font units. Runes the font lacks become its .notdef glyph.
func (t *typeface) layout(s string, bold bool) (glyphs []glyph, width float64) {
	f := t.font(bold)
	ppem := unitsPPEM(f)
	prev, havePrev := sfnt.GlyphIndex(0), false
	var x fixed.Int26_6
	for _, r := range s {
		if unicode.IsControl(r) {
			continue
		}
		gi, err := f.GlyphIndex(&t.buf, r)
		if err != nil {
			gi = 0
		}
		if havePrev {
			if k, err := f.Kern(&t.buf, prev, gi, ppem, font.HintingNone); err == nil {
				x += k
			}
		}
		glyphs = append(glyphs, glyph{index: gi, x: float64(x) / 64})
		adv, err := f.GlyphAdvance(&t.buf, gi, ppem, font.HintingNone)
		if err == nil {
			x += adv
		}
		prev, havePrev = gi, true
	}
	return glyphs, float64(x) / 64
}

// width is the advance width of s in points in font f.
func (t *typeface) width(s string, f Font) float64 {
	if !(f.Size > 0) || math.IsInf(f.Size, 0) {
		return 0
	}
	_, w := t.layout(s, f.Bold)
	return w * f.Size / float64(t.font(f.Bold).UnitsPerEm())
}

// anchorOffset is how far left of its point a line of width w starts.
func anchorOffset(w float64, a Anchor) float64 {
	switch a {
	case AnchorCentre:
		return w / 2
	case AnchorRight:
		return w
	default:
		return 0
	}
}

// outlines returns the filled contours of s drawn at size px pixels per em
// with its baseline origin at o (pixels, y down), flattened to polygons with
// at most tol pixels of error.
func (t *typeface) outlines(s string, bold bool, px float64, o Pt, tol float64) [][]Pt {
	f := t.font(bold)
	ppem := unitsPPEM(f)
	k := px / float64(f.UnitsPerEm()) // pixels per font unit
	glyphs, _ := t.layout(s, bold)
	var polys [][]Pt
	for _, g := range glyphs {
		segs, err := f.LoadGlyph(&t.buf, g.index, ppem, nil)
		if err != nil {
			continue
		}
		at := func(p fixed.Point26_6) Pt {
			return Pt{o.X + (g.x+float64(p.X)/64)*k, o.Y + float64(p.Y)/64*k}
		}
		var cur []Pt
		for _, sg := range segs {
			switch sg.Op {
			case sfnt.SegmentOpMoveTo:
				if len(cur) > 2 {
					polys = append(polys, cur)
				}
				cur = []Pt{at(sg.Args[0])}
			case sfnt.SegmentOpLineTo:
				cur = append(cur, at(sg.Args[0]))
			case sfnt.SegmentOpQuadTo:
				cur = flattenQuad(cur, cur[len(cur)-1], at(sg.Args[0]), at(sg.Args[1]), tol)
			case sfnt.SegmentOpCubeTo:
				cur = flattenCubic(cur, cur[len(cur)-1], at(sg.Args[0]), at(sg.Args[1]), at(sg.Args[2]), tol)
			}
		}
		if len(cur) > 2 {
			polys = append(polys, cur)
		}
	}
	return polys
}

// flattenQuad appends to dst the points after p0 of the quadratic Bézier
// p0 p1 p2, enough that no chord strays more than tol from the curve.
func flattenQuad(dst []Pt, p0, p1, p2 Pt, tol float64) []Pt {
	d := math.Hypot(p0.X-2*p1.X+p2.X, p0.Y-2*p1.Y+p2.Y)
	n := segmentsFor(d/4, tol)
	for i := 1; i <= n; i++ {
		u := float64(i) / float64(n)
		v := 1 - u
		dst = append(dst, Pt{
			v*v*p0.X + 2*v*u*p1.X + u*u*p2.X,
			v*v*p0.Y + 2*v*u*p1.Y + u*u*p2.Y,
		})
	}
	return dst
}

// flattenCubic is flattenQuad for the cubic Bézier p0 p1 p2 p3.
func flattenCubic(dst []Pt, p0, p1, p2, p3 Pt, tol float64) []Pt {
	d := math.Max(
		math.Hypot(p0.X-2*p1.X+p2.X, p0.Y-2*p1.Y+p2.Y),
		math.Hypot(p1.X-2*p2.X+p3.X, p1.Y-2*p2.Y+p3.Y),
	)
	n := segmentsFor(d*3/4, tol)
	for i := 1; i <= n; i++ {
		u := float64(i) / float64(n)
		v := 1 - u
		dst = append(dst, Pt{
			v*v*v*p0.X + 3*v*v*u*p1.X + 3*v*u*u*p2.X + u*u*u*p3.X,
			v*v*v*p0.Y + 3*v*v*u*p1.Y + 3*v*u*u*p2.Y + u*u*u*p3.Y,
		})
	}
	return dst
}

// segmentsFor is how many equal steps bring a curve whose one-step error is
// dev within tol (the error falls with the square of the steps).
func segmentsFor(dev, tol float64) int {
	if !(dev > tol) {
		return 1
	}
	return min(int(math.Ceil(math.Sqrt(dev/tol))), 64)
}
