package mapview

import (
	"fmt"
	"math"

	"github.com/mastcdr/mast/engine/exhibit/draw"
)

// ScaleBar is the scale bar a projection gets: a round ground length and
// its length on the page at one latitude.
type ScaleBar struct {
	Metres float64 // 1, 2 or 5 × a power of ten
	Points float64 // its length on the page
	Lat    float64 // the latitude it is true at (the frame's centre)
	// Spread is how much the scale at the frame's top and bottom edges
	// differs from the bar's, as a fraction (0.004 is 0.4 %): Web Mercator's
	// scale grows with latitude.
	Spread float64
}

// Scale returns the longest round scale bar no longer than maxPoints, true
// east–west at the frame's centre latitude.
func (p Projection) Scale(maxPoints float64) ScaleBar {
	lat := p.CentreLat()
	mpp := p.MetresPerPoint(lat)
	m := roundDown(maxPoints * mpp)
	v := p.Visible()
	spread := math.Max(
		math.Abs(p.MetresPerPoint(v.North)/mpp-1),
		math.Abs(p.MetresPerPoint(v.South)/mpp-1))
	return ScaleBar{Metres: m, Points: m / mpp, Lat: lat, Spread: spread}
}

// Label is the bar's length as printed: "500 m", "2 km".
func (s ScaleBar) Label() string {
	if s.Metres >= 1000 {
		return fmt.Sprintf("%g km", s.Metres/1000)
	}
	if s.Metres >= 1 {
		return fmt.Sprintf("%g m", s.Metres)
	}
	return fmt.Sprintf("%g cm", s.Metres*100)
}

// roundDown is the largest 1, 2 or 5 × a power of ten not above v.
func roundDown(v float64) float64 {
	pow := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{5, 2, 1} {
		if m*pow <= v*(1+1e-12) {
			return m * pow
		}
	}
	return pow
}

// drawScaleBar draws the bar, four alternating segments, with its ends
// labelled "0" and its length, and under it the latitude it is true at.
func drawScaleBar(c draw.Canvas, r draw.Rect, s ScaleBar) {
	const barH = 5.0
	x0 := r.X + r.W/2 - s.Points/2
	y := r.Y + fontHead2.Size
	c.Text(draw.Pt{X: r.X + r.W/2, Y: y}, "Scale", fontHead2, ink, draw.AnchorCentre)
	y += 5
	seg := s.Points / 4
	for i := range 4 {
		fill := ink
		if i%2 == 1 {
			fill = white
		}
		c.Path(rectPath(draw.Rect{X: x0 + float64(i)*seg, Y: y, W: seg, H: barH}), true, draw.Style{Fill: fill})
	}
	c.Path(rectPath(draw.Rect{X: x0, Y: y, W: s.Points, H: barH}), true, draw.Style{Stroke: ink, Width: 0.6})
	y += barH + fontLegend.Size + 2
	c.Text(draw.Pt{X: x0, Y: y}, "0", fontLegend, ink, draw.AnchorCentre)
	c.Text(draw.Pt{X: x0 + s.Points, Y: y}, s.Label(), fontLegend, ink, draw.AnchorCentre)
	y += fontLabel.Size + 4
	c.Text(draw.Pt{X: r.X + r.W/2, Y: y}, "true east–west at "+formatDeg(s.Lat, 3, "N", "S"), fontLabel, ink, draw.AnchorCentre)
	if s.Spread >= 0.005 {
		y += fontLabel.Size + 2
		c.Text(draw.Pt{X: r.X + r.W/2, Y: y}, fmt.Sprintf("(varies up to %.1f%% at the top and bottom edges)", s.Spread*100), fontLabel, ink, draw.AnchorCentre)
	}
}
