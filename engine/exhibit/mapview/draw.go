package mapview

import (
	"github.com/mastcdr/mast/engine/exhibit/draw"
)

// Draw composes m on c: the header, the map frame with its layers, the
// legend, north arrow and scale bar beside it, and the notes under it. It
// fails, drawing nothing, for a map with no features (ErrEmpty), a bad
// coordinate (*FeatureError) or a page too small (ErrPageTooSmall).
func Draw(c draw.Canvas, m Map) error {
	p, err := planMap(c, m)
	if err != nil {
		return err
	}
	for _, l := range p.header {
		c.Text(l.At, l.Text, l.Font, ink, draw.AnchorLeft)
	}
	rule := p.Header.Y + p.Header.H
	c.Path([]draw.Pt{{X: p.Header.X, Y: rule}, {X: p.Header.X + p.Header.W, Y: rule}}, false, draw.Style{Stroke: ink, Width: 0.8})

	proj := p.Projection
	g := gridOf(proj)
	c.PushClip(p.Frame)
	c.Path(rectPath(p.Frame), true, draw.Style{Fill: frameFill})
	if m.Basemap != nil {
		drawBasemap(c, proj, m.Basemap)
	}
	drawGraticule(c, proj, g)
	drawAreas(c, proj, m.Areas)
	drawJourneys(c, proj, m.Lines)
	drawStays(c, proj, m.Stays)
	drawCameras(c, proj, m.Cameras)
	drawEvents(c, proj, m.Points)
	c.PopClip()
	c.Path(rectPath(p.Frame), true, draw.Style{Stroke: ink, Width: 0.8})
	drawTicks(c, proj, g)

	drawPanel(c, p, g)

	for _, l := range p.footer {
		c.Text(l.At, l.Text, l.Font, ink, draw.AnchorLeft)
	}
	return nil
}

// drawPanel draws, top down beside the frame: the legend, the north arrow,
// the scale bar and the grid spacing.
func drawPanel(c draw.Canvas, p plan, g grid) {
	r := p.Panel
	y := r.Y + drawLegend(c, r, p.legend) + panelGap
	drawNorthArrow(c, draw.Rect{X: r.X, Y: y, W: r.W, H: northArrowH})
	y += northArrowH + panelGap
	drawScaleBar(c, draw.Rect{X: r.X, Y: y, W: r.W, H: scaleBarH}, p.Projection.Scale(r.W-40))
	y += scaleBarH
	note := "Grid every " + trimDeg(g.lonStep) + " longitude, " + trimDeg(g.latStep) + " latitude (WGS 84)"
	for i, s := range wrap(c, note, fontLabel, r.W) {
		c.Text(draw.Pt{X: r.X + r.W/2, Y: y + fontLabel.Size + float64(i)*(fontLabel.Size+2)}, s, fontLabel, ink, draw.AnchorCentre)
	}
}

// trimDeg prints a grid step in degrees with no trailing zeros.
func trimDeg(step float64) string {
	return formatDeg(step, gridDecimals(step), "", "")
}
