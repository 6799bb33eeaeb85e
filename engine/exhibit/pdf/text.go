package pdf

import (
	"github.com/mastcdr/mast/engine/exhibit/draw"
)

// Text draws s with its baseline at at.Y, placed about at.X by a, in
// Helvetica or Helvetica-Bold (the standard Type 1 fonts every reader has, so
// nothing is embedded). s is shown in WinAnsiEncoding: a character it lacks
// is drawn as '?' (see encodeWinAnsi). Text with a colour of zero alpha or a
// size that is not positive draws nothing.
func (p *Page) Text(at draw.Pt, s string, f draw.Font, c draw.Colour, a draw.Anchor) {
	if !(f.Size > 0) || c.A == 0 {
		return
	}
	enc := encodeWinAnsi(s)
	if len(enc) == 0 {
		return
	}
	x := at.X
	switch a {
	case draw.AnchorCentre:
		x -= encodedWidth(enc, f) / 2
	case draw.AnchorRight:
		x -= encodedWidth(enc, f)
	}
	b := append(*p.target, "q "...)
	b = appendColour(b, c, "rg ")
	b = p.appendAlpha(b, alpha{fill: c.A, stroke: 0xFF})
	b = append(b, "BT "...)
	b = append(b, p.doc.res.font(f.Bold)...)
	b = append(b, ' ')
	b = appendNum(b, f.Size)
	b = append(b, " Tf "...)
	b = p.appendPt(b, draw.Pt{X: x, Y: at.Y})
	b = append(b, " Td "...)
	b = appendLiteral(b, enc)
	*p.target = append(b, " Tj ET Q\n"...)
}

// TextWidth is the advance width of s in points in font f, from the fonts'
// published metrics, as Text would draw it.
func (p *Page) TextWidth(s string, f draw.Font) float64 {
	return TextWidth(s, f)
}

// TextWidth is the advance width of s in points in font f as a Page draws
// it, for laying out text before there is a page.
func TextWidth(s string, f draw.Font) float64 {
	return encodedWidth(encodeWinAnsi(s), f)
}

// encodedWidth is the advance width of WinAnsi text in points.
func encodedWidth(enc []byte, f draw.Font) float64 {
	var units float64
	for _, c := range enc {
		units += glyphWidth(c, f.Bold)
	}
	return units * f.Size / 1000
}
