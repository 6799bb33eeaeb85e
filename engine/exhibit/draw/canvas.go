package draw

import "image"

// Colour is an 8-bit RGBA colour, not premultiplied. A zero alpha means "none":
// a Style with Fill.A == 0 is not filled.
type Colour struct{ R, G, B, A uint8 }

// Pt is a point on a page in points (1/72 inch), origin at the top left, y down.
type Pt struct{ X, Y float64 }

// Rect is an axis-aligned rectangle on a page, in points.
type Rect struct{ X, Y, W, H float64 }

// Style says how a path or circle is painted. Stroke.A == 0 means no outline;
// Fill.A == 0 means no fill. Width is the outline width in points. Dash, when
// not nil, is the on/off pattern in points.
type Style struct {
	Fill   Colour
	Stroke Colour
	Width  float64
	Dash   []float64
}

// Font selects the one typeface every backend has (a sans-serif: Helvetica in
// PDF, Go Regular/Bold in PNG, sans-serif in SVG) at a size in points.
type Font struct {
	Size float64
	Bold bool
}

// Anchor places text horizontally about its point.
type Anchor uint8

const (
	AnchorLeft Anchor = iota
	AnchorCentre
	AnchorRight
)

// Canvas is one page that maps and exhibit furniture are drawn on. The PNG,
// SVG and PDF backends implement it, so a map composed once renders alike in
// each. Drawing order is painting order.
type Canvas interface {
	// Size is the page's width and height in points.
	Size() (w, h float64)
	// Path paints a polyline, or a polygon when closed.
	Path(pts []Pt, closed bool, s Style)
	// Circle paints a circle of radius r points about c.
	Circle(c Pt, r float64, s Style)
	// Text draws s with its baseline at at.Y, placed about at.X by a.
	Text(at Pt, s string, f Font, c Colour, a Anchor)
	// TextWidth is the advance width of s in points in font f.
	TextWidth(s string, f Font) float64
	// Image draws img scaled into r (a raster basemap).
	Image(img image.Image, r Rect)
	// PushClip limits painting to r (intersected with any clip already pushed)
	// until the matching PopClip.
	PushClip(r Rect)
	PopClip()
}
