package mapview

import (
	"math"
	"strconv"

	"github.com/mastcdr/mast/engine/exhibit/draw"
)

// Colours and styles of the layers. Serving areas are translucent so what is
// under them shows, and dashed so they do not read as surveyed boundaries.
var (
	ink        = draw.Colour{R: 30, G: 30, B: 30, A: 255}
	white      = draw.Colour{R: 255, G: 255, B: 255, A: 255}
	frameFill  = draw.Colour{R: 252, G: 252, B: 250, A: 255}
	gridColour = draw.Colour{R: 150, G: 150, B: 150, A: 160}
	labelBack  = draw.Colour{R: 255, G: 255, B: 255, A: 210}

	baseFill   = draw.Colour{R: 236, G: 236, B: 236, A: 255}
	baseLine   = draw.Colour{R: 185, G: 185, B: 185, A: 255}
	rasterVeil = draw.Colour{R: 255, G: 255, B: 255, A: 90} // a wash over a raster basemap

	diskStyle = draw.Style{
		Fill:   draw.Colour{R: 70, G: 110, B: 200, A: 38},
		Stroke: draw.Colour{R: 50, G: 80, B: 170, A: 255},
		Width:  0.8,
		Dash:   []float64{1.5, 2},
	}
	sectorStyle = draw.Style{
		Fill:   draw.Colour{R: 235, G: 140, B: 30, A: 55},
		Stroke: draw.Colour{R: 190, G: 100, B: 10, A: 255},
		Width:  0.8,
		Dash:   []float64{4, 3},
	}
	journeyColour = draw.Colour{R: 25, G: 90, B: 200, A: 255}
	stayStyle     = draw.Style{
		Fill:   draw.Colour{R: 30, G: 150, B: 70, A: 90},
		Stroke: draw.Colour{R: 20, G: 110, B: 50, A: 255},
		Width:  1.4,
	}
	cameraColour = draw.Colour{R: 120, G: 30, B: 140, A: 255}
	eventColour  = draw.Colour{R: 220, G: 20, B: 20, A: 255}
)

// Symbol sizes in points, and how many features of a layer are labelled
// before labels would crowd the map.
const (
	eventRadius   = 3.5
	stayRadius    = 6.0
	cameraHalf    = 4.0
	arrowEvery    = 80.0
	labelsAtMost  = 40
	areaLabelsMax = 20
)

// drawAreas paints the serving areas, disks under wedges since they are
// usually the larger.
func drawAreas(c draw.Canvas, p Projection, areas []Area) {
	label := len(areas) <= areaLabelsMax
	for _, disk := range []bool{true, false} {
		st := sectorStyle
		if disk {
			st = diskStyle
		}
		for _, a := range areas {
			if a.Disk != disk {
				continue
			}
			c.Path(projectAll(p, a.Ring), true, st)
		}
	}
	if !label {
		return
	}
	for _, a := range areas {
		if a.Label == "" {
			continue
		}
		var lon, lat float64
		for _, v := range a.Ring {
			lon += v[0]
			lat += v[1]
		}
		n := float64(len(a.Ring))
		at := p.Point(lon/n, lat/n)
		tag(c, draw.Pt{X: at.X, Y: at.Y + fontLabel.Size/2}, a.Label+" (estimated)", draw.AnchorCentre)
	}
}

// drawJourneys paints the journeys with a ring at each start and arrows along
// the way.
func drawJourneys(c draw.Canvas, p Projection, lines []Line) {
	for _, ln := range lines {
		journey(c, projectAll(p, ln.Coords), arrowEvery)
	}
	if len(lines) > labelsAtMost {
		return
	}
	for _, ln := range lines {
		if ln.Label != "" {
			at := p.Point(ln.Coords[0][0], ln.Coords[0][1])
			tag(c, draw.Pt{X: at.X + 6, Y: at.Y + 9}, ln.Label, draw.AnchorLeft)
		}
	}
}

// journey strokes pts, rings the start, and puts an arrow every `every`
// points of its length (one in the middle of a shorter line).
func journey(c draw.Canvas, pts []draw.Pt, every float64) {
	c.Path(pts, false, draw.Style{Stroke: journeyColour, Width: 1.6})
	var total float64
	for i := 1; i < len(pts); i++ {
		total += dist(pts[i-1], pts[i])
	}
	if total >= 10 {
		next := math.Min(total/2, every/2)
		var walked float64
		for i := 1; i < len(pts); i++ {
			seg := dist(pts[i-1], pts[i])
			for seg > 0 && next <= walked+seg {
				t := (next - walked) / seg
				at := draw.Pt{X: pts[i-1].X + t*(pts[i].X-pts[i-1].X), Y: pts[i-1].Y + t*(pts[i].Y-pts[i-1].Y)}
				arrow(c, at, (pts[i].X-pts[i-1].X)/seg, (pts[i].Y-pts[i-1].Y)/seg)
				next += every
			}
			walked += seg
		}
	}
	c.Circle(pts[0], 3, draw.Style{Fill: white, Stroke: journeyColour, Width: 1.2})
}

// arrow is an arrowhead centred on at, pointing along the unit vector (dx, dy).
func arrow(c draw.Canvas, at draw.Pt, dx, dy float64) {
	const length, half = 7.0, 3.2
	tip := draw.Pt{X: at.X + dx*length/2, Y: at.Y + dy*length/2}
	back := draw.Pt{X: at.X - dx*length/2, Y: at.Y - dy*length/2}
	c.Path([]draw.Pt{
		tip,
		{X: back.X - dy*half, Y: back.Y + dx*half},
		{X: back.X + dy*half, Y: back.Y - dx*half},
	}, true, draw.Style{Fill: journeyColour})
}

func drawStays(c draw.Canvas, p Projection, stays []Stay) {
	for _, s := range stays {
		stayMark(c, p.Point(s.Lon, s.Lat))
	}
	if len(stays) > labelsAtMost {
		return
	}
	for _, s := range stays {
		if s.Label != "" {
			at := p.Point(s.Lon, s.Lat)
			tag(c, draw.Pt{X: at.X + stayRadius + 2, Y: at.Y + stayRadius + 6}, s.Label, draw.AnchorLeft)
		}
	}
}

func stayMark(c draw.Canvas, at draw.Pt) {
	c.Circle(at, stayRadius, stayStyle)
	c.Circle(at, 1.5, draw.Style{Fill: stayStyle.Stroke})
}

func drawCameras(c draw.Canvas, p Projection, cams []Point) {
	for _, cam := range cams {
		cameraMark(c, p.Point(cam.Lon, cam.Lat))
	}
	if len(cams) > labelsAtMost {
		return
	}
	for _, cam := range cams {
		if cam.Label != "" {
			at := p.Point(cam.Lon, cam.Lat)
			tag(c, draw.Pt{X: at.X - cameraHalf - 2, Y: at.Y + cameraHalf + 7}, cam.Label, draw.AnchorRight)
		}
	}
}

func cameraMark(c draw.Canvas, at draw.Pt) {
	c.Path(rectPath(draw.Rect{X: at.X - cameraHalf, Y: at.Y - cameraHalf, W: 2 * cameraHalf, H: 2 * cameraHalf}), true,
		draw.Style{Fill: white, Stroke: cameraColour, Width: 1.5})
	c.Circle(at, 1.6, draw.Style{Fill: cameraColour})
}

// drawEvents paints the event positions; when there are few, each is tagged
// with its label, or its 1-based number in Map.Points when it has none.
func drawEvents(c draw.Canvas, p Projection, pts []Point) {
	for _, pt := range pts {
		eventMark(c, p.Point(pt.Lon, pt.Lat))
	}
	if len(pts) > labelsAtMost {
		return
	}
	for i, pt := range pts {
		s := pt.Label
		if s == "" {
			s = strconv.Itoa(i + 1)
		}
		at := p.Point(pt.Lon, pt.Lat)
		tag(c, draw.Pt{X: at.X + eventRadius + 2, Y: at.Y - eventRadius}, s, draw.AnchorLeft)
	}
}

func eventMark(c draw.Canvas, at draw.Pt) {
	c.Circle(at, eventRadius, draw.Style{Fill: eventColour, Stroke: white, Width: 1})
}

// tag prints a small label on a pale box so it reads over any layer.
func tag(c draw.Canvas, at draw.Pt, s string, a draw.Anchor) {
	w := c.TextWidth(s, fontLabel)
	x := at.X
	switch a {
	case draw.AnchorCentre:
		x -= w / 2
	case draw.AnchorRight:
		x -= w
	}
	c.Path(rectPath(draw.Rect{X: x - 1.5, Y: at.Y - fontLabel.Size*0.8, W: w + 3, H: fontLabel.Size + 1}), true, draw.Style{Fill: labelBack})
	c.Text(at, s, fontLabel, ink, a)
}

func projectAll(p Projection, coords [][2]float64) []draw.Pt {
	out := make([]draw.Pt, len(coords))
	for i, v := range coords {
		out[i] = p.Point(v[0], v[1])
	}
	return out
}

func dist(a, b draw.Pt) float64 { return math.Hypot(b.X-a.X, b.Y-a.Y) }
