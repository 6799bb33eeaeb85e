package mapview

import "github.com/mastcdr/mast/engine/exhibit/draw"

// drawNorthArrow draws a two-tone arrow pointing up, "N" above it, centred in
// r. Web Mercator keeps true north straight up everywhere on the map.
func drawNorthArrow(c draw.Canvas, r draw.Rect) {
	cx := r.X + r.W/2
	top := r.Y + fontHead2.Size + 4
	bottom := r.Y + r.H - 4
	notch := bottom - (bottom-top)*0.25
	const half = 8.0
	c.Text(draw.Pt{X: cx, Y: r.Y + fontHead2.Size}, "N", fontHead2, ink, draw.AnchorCentre)
	c.Path([]draw.Pt{{X: cx, Y: top}, {X: cx - half, Y: bottom}, {X: cx, Y: notch}}, true, draw.Style{Fill: ink, Stroke: ink, Width: 0.6})
	c.Path([]draw.Pt{{X: cx, Y: top}, {X: cx + half, Y: bottom}, {X: cx, Y: notch}}, true, draw.Style{Fill: white, Stroke: ink, Width: 0.6})
}
