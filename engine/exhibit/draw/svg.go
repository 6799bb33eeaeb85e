package draw

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"image"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// idMark stands in the body for the document's id prefix until WriteTo knows
// it. XML escaping turns any NUL in text into U+FFFD, so a NUL in the body is
// always a mark.
const idMark = "\x00"

// SVG is the vector backend for the offline HTML map: a Canvas that records
// SVG elements and writes them as one standalone <svg> document in points,
// with a viewBox so it scales to its container, on a white page. Text is
// set in the reader's sans-serif, so its width only approximates TextWidth,
// which measures with the Go fonts like the other backends. Images are
// embedded as PNG data: URIs; nothing refers outside the document. Element
// ids start with a prefix taken from a hash of the content, so several maps
// can share one HTML page. The output is deterministic. An SVG is not safe
// for concurrent use.
type SVG struct {
	w, h  float64
	body  bytes.Buffer
	open  int // clip groups not yet closed
	clips int // clipPaths written
	tf    *typeface
}

var _ Canvas = (*SVG)(nil)

// NewSVG returns an empty page wPt × hPt points; a negative or non-finite
// size is taken as zero.
func NewSVG(wPt, hPt float64) *SVG {
	return &SVG{w: sizeOrZero(wPt), h: sizeOrZero(hPt), tf: newTypeface()}
}

// Size is the page's width and height in points.
func (s *SVG) Size() (w, h float64) { return s.w, s.h }

// Path paints a polyline, or a polygon when closed; a fill fills an open
// path as if it were closed.
func (s *SVG) Path(pts []Pt, closed bool, st Style) {
	if len(pts) == 0 {
		return
	}
	var d strings.Builder
	for i, p := range pts {
		if !p.finite() {
			return
		}
		if i == 0 {
			d.WriteString("M")
		} else {
			d.WriteString("L")
		}
		d.WriteString(num(p.X) + " " + num(p.Y))
	}
	if closed {
		d.WriteString("Z")
	}
	fmt.Fprintf(&s.body, "<path d=\"%s\"%s/>\n", d.String(), paintAttrs(st))
}

// Circle paints a circle of radius r points about c.
func (s *SVG) Circle(c Pt, r float64, st Style) {
	if !c.finite() || !(r > 0) || math.IsInf(r, 0) {
		return
	}
	fmt.Fprintf(&s.body, "<circle cx=\"%s\" cy=\"%s\" r=\"%s\"%s/>\n", num(c.X), num(c.Y), num(r), paintAttrs(st))
}

// Text draws str with its baseline at at.Y, placed about at.X by a.
func (s *SVG) Text(at Pt, str string, f Font, c Colour, a Anchor) {
	if !at.finite() || !(f.Size > 0) || math.IsInf(f.Size, 0) || c.A == 0 {
		return
	}
	str = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, str)
	var attrs strings.Builder
	fmt.Fprintf(&attrs, " font-family=\"sans-serif\" font-size=\"%s\"", num(f.Size))
	if f.Bold {
		attrs.WriteString(" font-weight=\"bold\"")
	}
	switch a {
	case AnchorCentre:
		attrs.WriteString(" text-anchor=\"middle\"")
	case AnchorRight:
		attrs.WriteString(" text-anchor=\"end\"")
	}
	attrs.WriteString(colourAttrs("fill", c))
	var esc bytes.Buffer
	_ = xml.EscapeText(&esc, []byte(str)) // a bytes.Buffer does not fail
	fmt.Fprintf(&s.body, "<text x=\"%s\" y=\"%s\"%s xml:space=\"preserve\">%s</text>\n",
		num(at.X), num(at.Y), attrs.String(), esc.String())
}

// TextWidth is the advance width of str in points in font f, measured with
// the Go fonts (the reader's sans-serif may differ slightly).
func (s *SVG) TextWidth(str string, f Font) float64 { return s.tf.width(str, f) }

// Image draws img stretched into r, embedded as a PNG data: URI.
func (s *SVG) Image(img image.Image, r Rect) {
	r = r.canon()
	if img == nil || img.Bounds().Empty() || !r.finite() || r.W == 0 || r.H == 0 {
		return
	}
	var enc bytes.Buffer
	if err := EncodePNG(&enc, img, nil); err != nil {
		return // Canvas has no error path; an image that cannot be encoded is left out
	}
	fmt.Fprintf(&s.body, "<image x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" preserveAspectRatio=\"none\" href=\"data:image/png;base64,%s\"/>\n",
		num(r.X), num(r.Y), num(r.W), num(r.H), base64.StdEncoding.EncodeToString(enc.Bytes()))
}

// PushClip limits painting to r (intersected with any clip already pushed)
// until the matching PopClip.
func (s *SVG) PushClip(r Rect) {
	r = r.canon()
	if !r.finite() {
		r = Rect{}
	}
	s.clips++
	id := idMark + "c" + strconv.Itoa(s.clips)
	fmt.Fprintf(&s.body, "<clipPath id=\"%s\"><rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"/></clipPath>\n<g clip-path=\"url(#%s)\">\n",
		id, num(r.X), num(r.Y), num(r.W), num(r.H), id)
	s.open++
}

// PopClip ends the most recent PushClip; with none in force it does nothing.
func (s *SVG) PopClip() {
	if s.open > 0 {
		s.body.WriteString("</g>\n")
		s.open--
	}
}

// WriteTo writes the document, closing any clip still pushed. It may be
// called more than once and keeps the page as it was.
func (s *SVG) WriteTo(w io.Writer) (int64, error) {
	sum := sha256.Sum256(s.body.Bytes())
	prefix := "m" + hex.EncodeToString(sum[:5]) + "-"
	var doc bytes.Buffer
	fmt.Fprintf(&doc, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%spt\" height=\"%spt\" viewBox=\"0 0 %s %s\">\n",
		num(s.w), num(s.h), num(s.w), num(s.h))
	fmt.Fprintf(&doc, "<rect width=\"%s\" height=\"%s\" fill=\"#ffffff\"/>\n", num(s.w), num(s.h))
	doc.Write(bytes.ReplaceAll(s.body.Bytes(), []byte(idMark), []byte(prefix)))
	doc.WriteString(strings.Repeat("</g>\n", s.open))
	doc.WriteString("</svg>\n")
	n, err := w.Write(doc.Bytes())
	if err != nil {
		return int64(n), fmt.Errorf("write svg: %w", err)
	}
	return int64(n), nil
}

// paintAttrs are the fill and stroke attributes for st: mitred joins and butt
// caps are SVG's defaults, and its default miter limit is miterLimit.
func paintAttrs(st Style) string {
	var b strings.Builder
	if st.Fill.A == 0 {
		b.WriteString(" fill=\"none\"")
	} else {
		b.WriteString(colourAttrs("fill", st.Fill))
	}
	if st.Stroke.A == 0 || !(st.Width > 0) || math.IsInf(st.Width, 0) {
		return b.String()
	}
	b.WriteString(colourAttrs("stroke", st.Stroke))
	fmt.Fprintf(&b, " stroke-width=\"%s\"", num(st.Width))
	if pat := dashPattern(st.Dash); pat != nil {
		parts := make([]string, len(pat))
		for i, v := range pat {
			parts[i] = num(v)
		}
		fmt.Fprintf(&b, " stroke-dasharray=\"%s\"", strings.Join(parts, " "))
	}
	return b.String()
}

// colourAttrs is attr="#rrggbb", with attr-opacity when c is translucent.
func colourAttrs(attr string, c Colour) string {
	s := fmt.Sprintf(" %s=\"#%02x%02x%02x\"", attr, c.R, c.G, c.B)
	if c.A < 255 {
		s += fmt.Sprintf(" %s-opacity=\"%s\"", attr, num(float64(c.A)/255))
	}
	return s
}

// num formats v with at most three decimals (a thousandth of a point is
// below any resolution the map is viewed at), without a negative zero.
func num(v float64) string {
	v = math.Round(v*1000) / 1000
	if v == 0 {
		v = 0
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
