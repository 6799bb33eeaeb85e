package pdf

import (
	"bytes"
	"fmt"
	"image"

	"github.com/mastcdr/mast/engine/exhibit/draw"
)

var _ draw.Canvas = (*Page)(nil)

// Page is one page of a Document and the draw.Canvas for it: coordinates are
// in points from the top left, y down, and are turned into PDF's bottom-up
// space as they are written. Every painting operation is wrapped in q … Q so
// that no colour, width or dash leaks into the next; only PushClip leaves its
// clip in force, until PopClip.
type Page struct {
	doc  *Document
	num  int // 1-based
	size PageSize

	// sealed are compressed content streams of what was drawn before later
	// pages were added; body is what was drawn since, uncompressed. So a
	// long table holds its finished pages compressed.
	sealed    [][]byte
	body      []byte
	target    *[]byte // where operators go: body, or furniture while writing
	clips     int     // clips pushed on target and not yet popped
	furniture []Furniture
}

// Furniture draws what can only be drawn when the document is written,
// such as "Page 3 of 12": it is called by WriteTo with the page, its number
// and the number of pages in the document, and must not add pages.
type Furniture func(p *Page, page, pages int)

// Furnish registers f to draw on p when the document is written, above
// whatever else p holds. Furniture registered first is drawn first. Since it
// is drawn anew by every WriteTo, writing twice gives the same file twice.
func (p *Page) Furnish(f Furniture) { p.furniture = append(p.furniture, f) }

// Number is the page's number in the document, from 1.
func (p *Page) Number() int { return p.num }

// Size is the page's width and height in points.
func (p *Page) Size() (w, h float64) { return p.size.W, p.size.H }

// Path paints a polyline, or a polygon when closed, filled with the nonzero
// winding rule. A Style.Width of 0 is PDF's thinnest line a device can show.
func (p *Page) Path(pts []draw.Pt, closed bool, s draw.Style) {
	paint := paintOperator(s)
	if paint == "" || len(pts) < 2 {
		return
	}
	b := append(*p.target, "q "...)
	b = p.appendStyle(b, s)
	for i, pt := range pts {
		b = p.appendPt(b, pt)
		if i == 0 {
			b = append(b, " m\n"...)
		} else {
			b = append(b, " l\n"...)
		}
	}
	if closed {
		b = append(b, "h "...)
	}
	b = append(b, paint...)
	*p.target = append(b, " Q\n"...)
}

// kappa is the distance of a cubic Bézier's control points from the ends of
// a quarter circle of radius 1: 4(√2−1)/3.
const kappa = 0.5522847498307936

// Circle paints a circle of radius r about c as four Bézier curves.
func (p *Page) Circle(c draw.Pt, r float64, s draw.Style) {
	paint := paintOperator(s)
	if paint == "" || !(r > 0) {
		return
	}
	k := r * kappa
	b := append(*p.target, "q "...)
	b = p.appendStyle(b, s)
	b = p.appendPt(b, draw.Pt{X: c.X + r, Y: c.Y})
	b = append(b, " m\n"...)
	// Each quarter: control point, control point, end, going round by y up
	// on the page (which is y down here).
	quarters := [4][3]draw.Pt{
		{{X: c.X + r, Y: c.Y - k}, {X: c.X + k, Y: c.Y - r}, {X: c.X, Y: c.Y - r}},
		{{X: c.X - k, Y: c.Y - r}, {X: c.X - r, Y: c.Y - k}, {X: c.X - r, Y: c.Y}},
		{{X: c.X - r, Y: c.Y + k}, {X: c.X - k, Y: c.Y + r}, {X: c.X, Y: c.Y + r}},
		{{X: c.X + k, Y: c.Y + r}, {X: c.X + r, Y: c.Y + k}, {X: c.X + r, Y: c.Y}},
	}
	for _, q := range quarters {
		for i, pt := range q {
			if i > 0 {
				b = append(b, ' ')
			}
			b = p.appendPt(b, pt)
		}
		b = append(b, " c\n"...)
	}
	b = append(b, "h "...)
	b = append(b, paint...)
	*p.target = append(b, " Q\n"...)
}

// Image draws img scaled into r, as an image XObject stored once per
// distinct image however often it is drawn.
func (p *Page) Image(img image.Image, r draw.Rect) {
	if img == nil || !(r.W > 0) || !(r.H > 0) {
		return
	}
	im, err := newImageXObject(img, &p.doc.z)
	if err != nil {
		p.doc.fail(fmt.Errorf("page %d: image: %w", p.num, err))
		return
	}
	if im == nil {
		return
	}
	name := p.doc.res.image(im)
	b := append(*p.target, "q "...)
	b = appendNum(b, r.W)
	b = append(b, " 0 0 "...)
	b = appendNum(b, r.H)
	b = append(b, ' ')
	b = p.appendPt(b, draw.Pt{X: r.X, Y: r.Y + r.H})
	b = append(b, " cm "...)
	b = append(b, name...)
	*p.target = append(b, " Do Q\n"...)
}

// PushClip limits painting to r, intersected with any clip in force, until
// the matching PopClip.
func (p *Page) PushClip(r draw.Rect) {
	b := append(*p.target, "q "...)
	b = p.appendRect(b, r)
	*p.target = append(b, " re W n\n"...)
	p.clips++
}

// PopClip ends the clip of the last PushClip. Without one it does nothing.
func (p *Page) PopClip() {
	if p.clips == 0 {
		return
	}
	p.clips--
	*p.target = append(*p.target, "Q\n"...)
}

// seal compresses what has been drawn on p into a content stream of its
// own. Clips still pushed stay in force: the streams of a page are read as
// one.
func (p *Page) seal() {
	if len(p.body) == 0 {
		return
	}
	data, err := p.doc.z.deflate(p.body)
	if err != nil {
		p.doc.fail(fmt.Errorf("page %d: %w", p.num, err))
		return
	}
	p.sealed = append(p.sealed, bytes.Clone(data))
	p.body = nil
}

// closeClips ends every clip still pushed on the target.
func (p *Page) closeClips() {
	for p.clips > 0 {
		p.PopClip()
	}
}

// paintOperator is the operator that paints a path in style s, or "" when s
// paints nothing.
func paintOperator(s draw.Style) string {
	fill, stroke := s.Fill.A > 0, s.Stroke.A > 0
	switch {
	case fill && stroke:
		return "B"
	case fill:
		return "f"
	case stroke:
		return "S"
	}
	return ""
}

// appendStyle appends the operators that set s: colours, opacity, width and
// dash.
func (p *Page) appendStyle(b []byte, s draw.Style) []byte {
	a := alpha{fill: 0xFF, stroke: 0xFF}
	if s.Fill.A > 0 {
		b = appendColour(b, s.Fill, "rg ")
		a.fill = s.Fill.A
	}
	if s.Stroke.A > 0 {
		b = appendColour(b, s.Stroke, "RG ")
		a.stroke = s.Stroke.A
		b = appendNum(b, max(s.Width, 0))
		b = append(b, " w "...)
		if dashValid(s.Dash) {
			b = append(b, '[')
			for i, v := range s.Dash {
				if i > 0 {
					b = append(b, ' ')
				}
				b = appendNum(b, v)
			}
			b = append(b, "] 0 d "...)
		}
	}
	return p.appendAlpha(b, a)
}

// appendAlpha appends the graphics state setting a, unless it is opaque.
func (p *Page) appendAlpha(b []byte, a alpha) []byte {
	if a == (alpha{fill: 0xFF, stroke: 0xFF}) {
		return b
	}
	b = append(b, p.doc.res.gstate(a)...)
	return append(b, " gs "...)
}

// dashValid reports whether d is a dash pattern PDF accepts: no negative
// length and not all zero.
func dashValid(d []float64) bool {
	some := false
	for _, v := range d {
		if v < 0 || v != v {
			return false
		}
		some = some || v > 0
	}
	return some
}

// appendColour appends c's red, green and blue as fractions and then op.
func appendColour(b []byte, c draw.Colour, op string) []byte {
	for _, v := range [3]uint8{c.R, c.G, c.B} {
		b = appendNum(b, float64(v)/255)
		b = append(b, ' ')
	}
	return append(b, op...)
}

// appendPt appends pt in PDF space: y measured up from the bottom.
func (p *Page) appendPt(b []byte, pt draw.Pt) []byte {
	b = appendNum(b, pt.X)
	b = append(b, ' ')
	return appendNum(b, p.size.H-pt.Y)
}

// appendRect appends r as the operands of re: its bottom-left corner in PDF
// space, width and height.
func (p *Page) appendRect(b []byte, r draw.Rect) []byte {
	b = p.appendPt(b, draw.Pt{X: r.X, Y: r.Y + r.H})
	b = append(b, ' ')
	b = appendNum(b, r.W)
	b = append(b, ' ')
	return appendNum(b, r.H)
}
