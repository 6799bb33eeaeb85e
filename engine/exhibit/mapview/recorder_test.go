package mapview

import (
	"image"
	"strings"
	"unicode/utf8"

	"github.com/mastcdr/mast/engine/exhibit/draw"
)

// recorder is a Canvas that records what is drawn on it, and the clip in
// force (the intersection of those pushed) at each call.
type recorder struct {
	w, h  float64
	calls []call
	clips []draw.Rect
}

var _ draw.Canvas = (*recorder)(nil)

type callKind uint8

const (
	kindPath callKind = iota
	kindCircle
	kindText
	kindImage
	kindPush
	kindPop
)

type call struct {
	kind   callKind
	pts    []draw.Pt // a path's points; a circle's centre; text's anchor point
	closed bool
	style  draw.Style
	radius float64
	text   string
	font   draw.Font
	colour draw.Colour
	anchor draw.Anchor
	rect   draw.Rect   // an image's or a pushed clip's rectangle
	img    image.Image // an image drawn
	clip   *draw.Rect  // the clip in force; nil when none
}

func newRecorder(w, h float64) *recorder { return &recorder{w: w, h: h} }

func (r *recorder) add(c call) {
	if n := len(r.clips); n > 0 {
		cl := r.clips[n-1]
		c.clip = &cl
	}
	r.calls = append(r.calls, c)
}

func (r *recorder) Size() (float64, float64) { return r.w, r.h }

func (r *recorder) Path(pts []draw.Pt, closed bool, s draw.Style) {
	r.add(call{kind: kindPath, pts: append([]draw.Pt(nil), pts...), closed: closed, style: s})
}

func (r *recorder) Circle(c draw.Pt, rad float64, s draw.Style) {
	r.add(call{kind: kindCircle, pts: []draw.Pt{c}, radius: rad, style: s})
}

func (r *recorder) Text(at draw.Pt, s string, f draw.Font, c draw.Colour, a draw.Anchor) {
	r.add(call{kind: kindText, pts: []draw.Pt{at}, text: s, font: f, colour: c, anchor: a})
}

// TextWidth is a fixed advance of half the font size a character.
func (r *recorder) TextWidth(s string, f draw.Font) float64 {
	return float64(utf8.RuneCountInString(s)) * f.Size * 0.5
}

func (r *recorder) Image(img image.Image, rect draw.Rect) {
	r.add(call{kind: kindImage, rect: rect, img: img})
}

func (r *recorder) PushClip(rect draw.Rect) {
	if n := len(r.clips); n > 0 {
		rect = intersectRect(r.clips[n-1], rect)
	}
	r.add(call{kind: kindPush, rect: rect})
	r.clips = append(r.clips, rect)
}

func (r *recorder) PopClip() {
	r.clips = r.clips[:len(r.clips)-1]
	r.add(call{kind: kindPop})
}

func intersectRect(a, b draw.Rect) draw.Rect {
	x0, y0 := max(a.X, b.X), max(a.Y, b.Y)
	x1, y1 := min(a.X+a.W, b.X+b.W), min(a.Y+a.H, b.Y+b.H)
	return draw.Rect{X: x0, Y: y0, W: max(0, x1-x0), H: max(0, y1-y0)}
}

// circles are the circles drawn with fill f under a clip (so not the
// legend's symbols), in order.
func (r *recorder) circles(f draw.Colour) []call {
	var out []call
	for _, c := range r.calls {
		if c.kind == kindCircle && c.style.Fill == f && c.clip != nil {
			out = append(out, c)
		}
	}
	return out
}

// textList is, in drawing order, the texts whose anchor point lies in rect.
func (r *recorder) textList(rect draw.Rect) []string {
	var out []string
	for _, c := range r.calls {
		if c.kind == kindText && inside(c.pts[0], rect) {
			out = append(out, c.text)
		}
	}
	return out
}

// textsIn joins textList with spaces, undoing the wrapping of lines.
func (r *recorder) textsIn(rect draw.Rect) string {
	return strings.Join(r.textList(rect), " ")
}

// text returns the first text call equal to s.
func (r *recorder) text(s string) (call, bool) {
	for _, c := range r.calls {
		if c.kind == kindText && c.text == s {
			return c, true
		}
	}
	return call{}, false
}

func inside(p draw.Pt, r draw.Rect) bool {
	const eps = 1e-6
	return p.X >= r.X-eps && p.X <= r.X+r.W+eps && p.Y >= r.Y-eps && p.Y <= r.Y+r.H+eps
}

func drawRect(x, y, w, h float64) draw.Rect { return draw.Rect{X: x, Y: y, W: w, H: h} }
