package mapview

import (
	"fmt"
	"math"

	"github.com/mastcdr/mast/engine/exhibit/draw"
)

const (
	// semiMajor is the WGS 84 semi-major axis in metres, the sphere radius of
	// Web Mercator (EPSG:3857).
	semiMajor = 6378137.0
	// eccSq is the WGS 84 first eccentricity squared, used to measure true
	// ground distance for the scale bar.
	eccSq = 6.69437999014e-3
	// MaxLat is the latitude, in degrees, where Web Mercator is cut off (the
	// map becomes square there).
	MaxLat = 85.05112877980659
)

// mercX and mercY are Web Mercator coordinates in metres.
func mercX(lon float64) float64 { return semiMajor * lon * math.Pi / 180 }

func mercY(lat float64) float64 {
	φ := lat * math.Pi / 180
	return semiMajor * math.Log(math.Tan(math.Pi/4+φ/2))
}

func lonOf(x float64) float64 { return x / semiMajor * 180 / math.Pi }

func latOf(y float64) float64 {
	return (2*math.Atan(math.Exp(y/semiMajor)) - math.Pi/2) * 180 / math.Pi
}

// Projection places WGS 84 longitude/latitude on a page by Web Mercator,
// north up, at one scale in both directions. The zero Projection is not
// usable; get one from Fit or Place.
type Projection struct {
	frame  draw.Rect
	cx, cy float64 // Web Mercator metres at the frame's centre
	k      float64 // points per Web Mercator metre
}

// Fit returns the Projection that shows b as large as fits in frame, keeping
// inset points clear on every side, centred. A b of a single point, or a line
// along a parallel or meridian, is shown at the scale its other side allows;
// Fit fails when b has no extent at all or frame has no room.
func Fit(b Bounds, frame draw.Rect, inset float64) (Projection, error) {
	if err := checkLonLat(b.West, b.South); err != nil {
		return Projection{}, err
	}
	if err := checkLonLat(b.East, b.North); err != nil {
		return Projection{}, err
	}
	uw, uh := frame.W-2*inset, frame.H-2*inset
	if uw <= 0 || uh <= 0 {
		return Projection{}, fmt.Errorf("%w: frame %.0f×%.0f pt with %.0f pt inset", ErrPageTooSmall, frame.W, frame.H, inset)
	}
	x0, x1 := mercX(b.West), mercX(b.East)
	y0, y1 := mercY(b.South), mercY(b.North)
	k := math.Inf(1)
	if x1 > x0 {
		k = uw / (x1 - x0)
	}
	if y1 > y0 {
		k = math.Min(k, uh/(y1-y0))
	}
	if math.IsInf(k, 1) {
		return Projection{}, fmt.Errorf("%w: bounds have no extent", ErrGeometry)
	}
	return Projection{frame: frame, cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, k: k}, nil
}

// Frame is the rectangle of the page the map is drawn in.
func (p Projection) Frame() draw.Rect { return p.frame }

// Point is where (lon, lat) falls on the page. It is defined outside the
// frame too; whatever is drawn there is clipped.
func (p Projection) Point(lon, lat float64) draw.Pt {
	return draw.Pt{
		X: p.frame.X + p.frame.W/2 + (mercX(lon)-p.cx)*p.k,
		Y: p.frame.Y + p.frame.H/2 - (mercY(lat)-p.cy)*p.k,
	}
}

// LonLat is the longitude and latitude at a point of the page, the inverse
// of Point.
func (p Projection) LonLat(pt draw.Pt) (lon, lat float64) {
	x := p.cx + (pt.X-p.frame.X-p.frame.W/2)/p.k
	y := p.cy - (pt.Y-p.frame.Y-p.frame.H/2)/p.k
	return lonOf(x), latOf(y)
}

// Visible is the longitude/latitude box the frame shows.
func (p Projection) Visible() Bounds {
	west, north := p.LonLat(draw.Pt{X: p.frame.X, Y: p.frame.Y})
	east, south := p.LonLat(draw.Pt{X: p.frame.X + p.frame.W, Y: p.frame.Y + p.frame.H})
	return Bounds{West: west, South: south, East: east, North: north}
}

// CentreLat is the latitude at the frame's vertical centre, where the scale
// bar is measured.
func (p Projection) CentreLat() float64 { return latOf(p.cy) }

// MetresPerPoint is the ground distance, in metres, that one point of the
// page spans east–west at latitude lat, on the WGS 84 ellipsoid. Web
// Mercator's scale grows with latitude, so this shrinks away from the
// equator.
func (p Projection) MetresPerPoint(lat float64) float64 {
	φ := lat * math.Pi / 180
	s := math.Sin(φ)
	// The parallel's radius is N·cos φ, with N the prime vertical radius of
	// curvature; Web Mercator spreads it over semiMajor·dλ.
	return math.Cos(φ) / math.Sqrt(1-eccSq*s*s) / p.k
}
