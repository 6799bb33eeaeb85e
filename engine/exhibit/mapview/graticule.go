package mapview

import (
	"fmt"
	"math"

	"github.com/mastcdr/mast/engine/exhibit/draw"
)

// gridStep is the smallest round step (1, 2 or 5 × a power of ten, in
// degrees) that puts at most n lines across span degrees.
func gridStep(span float64, n int) float64 {
	raw := span / float64(n)
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*pow >= raw {
			return m * pow
		}
	}
	return 10 * pow
}

// gridValues are the multiples of step from lo to hi.
func gridValues(lo, hi, step float64) []float64 {
	var out []float64
	for i := math.Ceil(lo/step - 1e-9); i*step <= hi+step*1e-9; i++ {
		out = append(out, i*step)
	}
	return out
}

// gridDecimals is how many decimals print a multiple of step exactly.
func gridDecimals(step float64) int {
	return max(0, int(math.Ceil(-math.Log10(step)-1e-9)))
}

// formatDeg prints a latitude (hemispheres N/S) or longitude (E/W) in
// decimal degrees.
func formatDeg(v float64, decimals int, pos, neg string) string {
	h := pos
	if v < 0 {
		h = neg
	}
	s := fmt.Sprintf("%.*f°", decimals, math.Abs(v))
	if h == "" || s == fmt.Sprintf("%.*f°", decimals, 0.0) {
		return s
	}
	return s + " " + h
}

// grid is the graticule of a projection: its steps and lines.
type grid struct {
	lonStep, latStep float64
	lons, lats       []float64
}

func gridOf(p Projection) grid {
	v := p.Visible()
	f := p.Frame()
	g := grid{
		lonStep: gridStep(v.East-v.West, min(8, max(2, int(f.W/85)))),
		latStep: gridStep(v.North-v.South, min(8, max(2, int(f.H/60)))),
	}
	g.lons = gridValues(v.West, v.East, g.lonStep)
	g.lats = gridValues(v.South, v.North, g.latStep)
	return g
}

// drawGraticule paints thin grid lines across the frame, under the features.
func drawGraticule(c draw.Canvas, p Projection, g grid) {
	f := p.Frame()
	st := draw.Style{Stroke: gridColour, Width: 0.3}
	for _, lon := range g.lons {
		x := p.Point(lon, 0).X
		c.Path([]draw.Pt{{X: x, Y: f.Y}, {X: x, Y: f.Y + f.H}}, false, st)
	}
	for _, lat := range g.lats {
		y := p.Point(0, lat).Y
		c.Path([]draw.Pt{{X: f.X, Y: y}, {X: f.X + f.W, Y: y}}, false, st)
	}
}

// drawTicks marks the grid on the frame's edges and labels it: latitudes on
// the left, longitudes along the bottom.
func drawTicks(c draw.Canvas, p Projection, g grid) {
	f := p.Frame()
	st := draw.Style{Stroke: ink, Width: 0.6}
	lonDec, latDec := gridDecimals(g.lonStep), gridDecimals(g.latStep)
	for _, lon := range g.lons {
		x := p.Point(lon, 0).X
		c.Path([]draw.Pt{{X: x, Y: f.Y + f.H}, {X: x, Y: f.Y + f.H + tickLength}}, false, st)
		c.Path([]draw.Pt{{X: x, Y: f.Y}, {X: x, Y: f.Y - tickLength}}, false, st)
		c.Text(draw.Pt{X: x, Y: f.Y + f.H + tickLength + fontTick.Size + 1}, formatDeg(lon, lonDec, "E", "W"), fontTick, ink, draw.AnchorCentre)
	}
	for _, lat := range g.lats {
		y := p.Point(0, lat).Y
		c.Path([]draw.Pt{{X: f.X, Y: y}, {X: f.X - tickLength, Y: y}}, false, st)
		c.Path([]draw.Pt{{X: f.X + f.W, Y: y}, {X: f.X + f.W + tickLength, Y: y}}, false, st)
		c.Text(draw.Pt{X: f.X - tickLength - 2, Y: y + fontTick.Size*0.35}, formatDeg(lat, latDec, "N", "S"), fontTick, ink, draw.AnchorRight)
	}
}
