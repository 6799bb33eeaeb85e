package mapview

import (
	"fmt"
	"math"

	"github.com/mastcdr/mast/engine/exhibit/draw"
)

// Layout is where Draw puts each part of a map on a page.
type Layout struct {
	Header draw.Rect // the exhibit header
	Frame  draw.Rect // the map itself; features are clipped to it
	Panel  draw.Rect // the legend, north arrow and scale bar, right of the frame
	Footer draw.Rect // the notes under the map
	// Projection places longitude/latitude in Frame. An HTML or SVG map that
	// overlays this one uses it to put its own marks in the same places.
	Projection Projection
}

// Fonts and spacing, in points.
var (
	fontTitle  = draw.Font{Size: 13, Bold: true}
	fontHeader = draw.Font{Size: 8.5}
	fontFooter = draw.Font{Size: 7}
	fontTick   = draw.Font{Size: 6.5}
	fontLegend = draw.Font{Size: 7.5}
	fontHead2  = draw.Font{Size: 8.5, Bold: true}
	fontLabel  = draw.Font{Size: 6.5}
)

const (
	headerLeading = 12.0
	titleLeading  = 17.0
	footerLeading = 9.0
	tickLength    = 4.0
	gap           = 10.0
	// minSpanM is the least ground extent, in metres, a map shows, so a map
	// of one point, or of points a few metres apart, still shows its
	// surroundings at a street scale.
	minSpanM = 300.0
	// metresPerDegLat is about one degree of latitude in metres.
	metresPerDegLat = 111320.0
)

// plan is a Layout with the text already broken into lines and placed.
type plan struct {
	Layout
	page   draw.Rect
	header []textLine
	footer []textLine
	legend []LegendEntry
}

// Place lays a map out on c: the same layout and projection Draw uses. It
// fails as Draw does, for an empty map, a bad coordinate or a page too
// small.
func Place(c draw.Canvas, m Map) (Layout, error) {
	p, err := planMap(c, m)
	return p.Layout, err
}

func planMap(c draw.Canvas, m Map) (plan, error) {
	b, err := m.Bounds()
	if err != nil {
		return plan{}, err
	}
	w, h := c.Size()
	var p plan
	p.page = draw.Rect{W: w, H: h}
	pad := math.Max(10, math.Min(36, math.Min(w, h)*0.035))
	textW := w - 2*pad

	// Header, from the top.
	y := pad
	if t := m.Header.Title; t != "" {
		for _, s := range wrap(c, t, fontTitle, textW) {
			y += titleLeading - 4
			p.header = append(p.header, textLine{At: draw.Pt{X: pad, Y: y}, Text: s, Font: fontTitle})
			y += 4
		}
	}
	hd := m.Header
	for _, s := range []string{
		joinParts([2]string{"Reference", hd.Reference}, [2]string{"Case", hd.Case}),
		joinParts([2]string{"Analyst", hd.Analyst}, [2]string{"Produced", hd.Produced}),
		joinParts([2]string{"Time span", hd.TimeSpan}, [2]string{"Time zone", hd.TimeZone}),
	} {
		for _, s := range wrap(c, s, fontHeader, textW) {
			y += headerLeading
			p.header = append(p.header, textLine{At: draw.Pt{X: pad, Y: y}, Text: s, Font: fontHeader})
		}
	}
	y += 5
	p.Header = draw.Rect{X: pad, Y: pad, W: textW, H: y - pad}
	top := y + gap

	// Footer, from the bottom.
	var notes []string
	for _, n := range footerNotes(m) {
		notes = append(notes, wrap(c, n, fontFooter, textW)...)
	}
	footTop := h - pad - float64(len(notes))*footerLeading
	for i, s := range notes {
		p.footer = append(p.footer, textLine{At: draw.Pt{X: pad, Y: footTop + float64(i+1)*footerLeading - 2}, Text: s, Font: fontFooter})
	}
	p.Footer = draw.Rect{X: pad, Y: footTop, W: textW, H: h - pad - footTop}

	// The panel on the right, the frame between.
	pw := math.Max(130, math.Min(210, w*0.24))
	p.Panel = draw.Rect{X: w - pad - pw, Y: top, W: pw, H: footTop - gap - top}
	latLabelW := c.TextWidth("88.8888° N", fontTick) + tickLength + 3
	lonLabelH := tickLength + fontTick.Size + 4
	fx := pad + latLabelW
	p.Frame = draw.Rect{X: fx, Y: top, W: p.Panel.X - gap - fx, H: footTop - gap - lonLabelH - top}
	if p.Frame.W < 80 || p.Frame.H < 80 {
		return plan{}, fmt.Errorf("%w: %.0f×%.0f pt leaves a %.0f×%.0f pt frame", ErrPageTooSmall, w, h, p.Frame.W, p.Frame.H)
	}

	p.legend = Legend(m)
	if need := panelHeight(c, p.legend, pw); need > p.Panel.H {
		return plan{}, fmt.Errorf("%w: the legend needs %.0f pt, the page leaves %.0f pt", ErrPageTooSmall, need, p.Panel.H)
	}

	b = widen(b)
	inset := math.Max(16, 0.06*math.Min(p.Frame.W, p.Frame.H))
	p.Projection, err = Fit(b, p.Frame, inset)
	if err != nil {
		return plan{}, err
	}
	return p, nil
}

// widen grows b about its centre to at least minSpanM each way, keeping it
// inside what Web Mercator can show.
func widen(b Bounds) Bounds {
	midLat := (b.South + b.North) / 2
	minLat := minSpanM / metresPerDegLat
	minLon := minLat / math.Max(0.01, math.Cos(midLat*math.Pi/180))
	if d := minLat - (b.North - b.South); d > 0 {
		b.South, b.North = b.South-d/2, b.North+d/2
	}
	if d := minLon - (b.East - b.West); d > 0 {
		b.West, b.East = b.West-d/2, b.East+d/2
	}
	b.South, b.North = math.Max(b.South, -MaxLat), math.Min(b.North, MaxLat)
	b.West, b.East = math.Max(b.West, -180), math.Min(b.East, 180)
	return b
}

// footerNotes are the notes printed under every map, then the caller's.
func footerNotes(m Map) []string {
	est := "Serving areas are estimates. A handset that used a cell was somewhere within the area that cell served, not at a point: " +
		"the shaded wedges and disks show where each area is estimated to lie, not where the handset was."
	for _, a := range m.Areas {
		if a.Disk {
			est += " Disks are cells with no known azimuth (omnidirectional, or not given)."
			break
		}
	}
	notes := []string{
		est,
		"Projection: Web Mercator (EPSG:3857) of WGS 84 (EPSG:4326) longitude/latitude; north is up. " +
			"The scale bar is true east–west at the latitude it states.",
	}
	if m.Basemap != nil {
		notes = append(notes, fmt.Sprintf("Basemap: %s, a file supplied by the user, drawn as given; mast does not check its content or date.", m.Basemap.Name))
	}
	return append(notes, m.Header.Notes...)
}
