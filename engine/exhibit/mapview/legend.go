package mapview

import (
	"fmt"

	"github.com/mastcdr/mast/engine/exhibit/draw"
)

// LegendEntry is one row of a map's legend: a layer the map has, its
// description and how many features it has.
type LegendEntry struct {
	Layer Layer
	Label string
	Count int // features in the layer; 0 for the basemap
}

// Text is the row as printed.
func (e LegendEntry) Text() string {
	if e.Layer == LayerBasemap {
		return e.Label
	}
	return fmt.Sprintf("%s (%d)", e.Label, e.Count)
}

// Legend lists the layers m has, and only those, in painting order.
func Legend(m Map) []LegendEntry {
	var disks, sectors int
	for _, a := range m.Areas {
		if a.Disk {
			disks++
		} else {
			sectors++
		}
	}
	var out []LegendEntry
	add := func(l Layer, label string, n int) {
		if n > 0 {
			out = append(out, LegendEntry{Layer: l, Label: label, Count: n})
		}
	}
	if m.Basemap != nil {
		out = append(out, LegendEntry{Layer: LayerBasemap, Label: "Basemap: " + m.Basemap.Name})
	}
	add(LayerDisks, "Estimated serving area, cell with no known azimuth (disk)", disks)
	add(LayerSectors, "Estimated serving area, sectored cell (wedge)", sectors)
	add(LayerJourneys, "Journey (arrows show direction, ring marks start)", len(m.Lines))
	add(LayerStays, "Stay", len(m.Stays))
	add(LayerCameras, "Camera", len(m.Cameras))
	add(LayerEvents, "Event position", len(m.Points))
	return out
}

// Legend box geometry, in points.
const (
	legendPad     = 6.0
	legendSymbolW = 26.0
	legendLeading = 9.0
	legendTitleH  = 14.0
	northArrowH   = 52.0
	scaleBarH     = 50.0
	gridNoteH     = 22.0
	panelGap      = 12.0
)

// legendRows is the wrapped text of each entry.
func legendRows(c draw.Canvas, entries []LegendEntry, panelW float64) [][]string {
	rows := make([][]string, len(entries))
	for i, e := range entries {
		rows[i] = wrap(c, e.Text(), fontLegend, panelW-2*legendPad-legendSymbolW)
	}
	return rows
}

func rowHeight(lines int) float64 {
	return max(15, float64(lines)*legendLeading+6)
}

func legendHeight(rows [][]string) float64 {
	h := 2*legendPad + legendTitleH
	for _, r := range rows {
		h += rowHeight(len(r))
	}
	return h
}

// panelHeight is the height the panel needs: legend, north arrow, scale bar
// and grid note.
func panelHeight(c draw.Canvas, entries []LegendEntry, panelW float64) float64 {
	return legendHeight(legendRows(c, entries, panelW)) + panelGap + northArrowH + panelGap + scaleBarH + gridNoteH
}

// drawLegend draws the legend box at the top of r and returns its height.
func drawLegend(c draw.Canvas, r draw.Rect, entries []LegendEntry) float64 {
	rows := legendRows(c, entries, r.W)
	h := legendHeight(rows)
	c.Path(rectPath(draw.Rect{X: r.X, Y: r.Y, W: r.W, H: h}), true, draw.Style{Fill: white, Stroke: ink, Width: 0.6})
	c.Text(draw.Pt{X: r.X + legendPad, Y: r.Y + legendPad + fontHead2.Size}, "Legend", fontHead2, ink, draw.AnchorLeft)
	y := r.Y + legendPad + legendTitleH
	for i, e := range entries {
		rh := rowHeight(len(rows[i]))
		sym := draw.Rect{X: r.X + legendPad, Y: y + 2, W: legendSymbolW - 6, H: 11}
		legendSymbol(c, e.Layer, sym)
		for j, s := range rows[i] {
			c.Text(draw.Pt{X: r.X + legendPad + legendSymbolW, Y: y + 10 + float64(j)*legendLeading}, s, fontLegend, ink, draw.AnchorLeft)
		}
		y += rh
	}
	return h
}

// legendSymbol draws a small sample of layer l's symbol in r.
func legendSymbol(c draw.Canvas, l Layer, r draw.Rect) {
	mid := draw.Pt{X: r.X + r.W/2, Y: r.Y + r.H/2}
	switch l {
	case LayerBasemap:
		c.Path(rectPath(r), true, draw.Style{Fill: baseFill, Stroke: baseLine, Width: 0.6})
	case LayerDisks:
		c.Circle(mid, r.H/2, diskStyle)
	case LayerSectors:
		c.Path([]draw.Pt{{X: r.X, Y: r.Y + r.H}, {X: r.X + r.W, Y: r.Y}, {X: r.X + r.W, Y: r.Y + r.H}}, true, sectorStyle)
	case LayerJourneys:
		journey(c, []draw.Pt{{X: r.X, Y: mid.Y}, {X: r.X + r.W, Y: mid.Y}}, r.W/2)
	case LayerStays:
		stayMark(c, mid)
	case LayerCameras:
		cameraMark(c, mid)
	case LayerEvents:
		eventMark(c, mid)
	}
}

func rectPath(r draw.Rect) []draw.Pt {
	return []draw.Pt{{X: r.X, Y: r.Y}, {X: r.X + r.W, Y: r.Y}, {X: r.X + r.W, Y: r.Y + r.H}, {X: r.X, Y: r.Y + r.H}}
}
