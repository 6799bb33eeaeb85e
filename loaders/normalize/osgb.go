package normalize

import "math"

// OSGB36 ↔ WGS84, as the Ordnance Survey's "A guide to coordinate systems in
// Great Britain" describes it:
//
//  1. The National Grid is a Transverse Mercator projection of the Airy 1830
//     ellipsoid (the OSGB36 datum). gridToAiry and airyToGrid are the OS
//     series formulae for it, with the National Grid constants below.
//  2. OSGB36 and WGS84 differ by a 7-parameter Helmert transform of
//     earth-centred cartesian coordinates, with heights taken as 0. The OS
//     publish the parameters from WGS84 (ETRS89) to OSGB36 and reverse their
//     signs for the other direction. Reversing the signs inverts the
//     transform to first order only; a round trip is off by a few
//     millimetres, nothing beside the transform's 5 m.
//
// The OS give this Helmert transform an accuracy of about 5 m across Great
// Britain (it is one set of parameters fitted to a whole network whose local
// distortions reach a few metres); OSTN15, the OS's definitive grid-based
// transformation, is good to about 0.1 m but needs a 15 MB grid file. 5 m is far
// inside any cell's serving area. docs/normalisation.md says more.

type ellipsoid struct {
	a, b float64
	e2   float64 // first eccentricity squared
}

func newEllipsoid(a, b float64) ellipsoid { return ellipsoid{a: a, b: b, e2: (a*a - b*b) / (a * a)} }

var (
	airy1830 = newEllipsoid(6377563.396, 6356256.909)
	wgs84    = newEllipsoid(6378137.0, 6356752.314245)
)

// National Grid projection constants.
const (
	gridF0      = 0.9996012717           // scale factor on the central meridian
	gridPhi0    = 49 * math.Pi / 180     // latitude of the true origin, 49°N
	gridLambda0 = -2 * math.Pi / 180     // longitude of the true origin, 2°W
	gridE0      = 400000.0               // easting of the true origin
	gridN0      = -100000.0              // northing of the true origin
	arcSecond   = math.Pi / (180 * 3600) // radians
)

// helmert is a transform of cartesian coordinates: x' = t + m·x.
type helmert struct {
	t [3]float64
	m [3][3]float64
}

// newHelmert builds the OS (position-vector) form of a 7-parameter
// transform: translations in metres, scale in parts per million, rotations
// in arc-seconds.
func newHelmert(tx, ty, tz, ppm, rx, ry, rz float64) helmert {
	s := 1 + ppm*1e-6
	rx, ry, rz = rx*arcSecond, ry*arcSecond, rz*arcSecond
	return helmert{
		t: [3]float64{tx, ty, tz},
		m: [3][3]float64{
			{s, -rz, ry},
			{rz, s, -rx},
			{-ry, rx, s},
		},
	}
}

func (h helmert) apply(x, y, z float64) (float64, float64, float64) {
	m := &h.m
	return h.t[0] + m[0][0]*x + m[0][1]*y + m[0][2]*z,
		h.t[1] + m[1][0]*x + m[1][1]*y + m[1][2]*z,
		h.t[2] + m[2][0]*x + m[2][1]*y + m[2][2]*z
}

// The Ordnance Survey's parameters from WGS84 (ETRS89) to OSGB36, and, as
// the OS prescribe for the other direction, the same with every sign
// reversed.
var (
	wgs84ToOSGB36 = newHelmert(-446.448, 125.157, -542.060, 20.4894, -0.1502, -0.2470, -0.8421)
	osgb36ToWGS84 = newHelmert(446.448, -125.157, 542.060, -20.4894, 0.1502, 0.2470, 0.8421)
)

// OSGB36ToWGS84 converts Ordnance Survey National Grid easting/northing
// (metres, OSGB36 datum, Airy 1830 ellipsoid) to WGS84 latitude/longitude in
// degrees. The datum shift is the OS 7-parameter Helmert transform, good to
// about 5 m in Great Britain.
func OSGB36ToWGS84(easting, northing float64) (lat, lon float64) {
	phi, lambda := gridToAiry(easting, northing)
	x, y, z := toCartesian(phi, lambda, airy1830)
	x, y, z = osgb36ToWGS84.apply(x, y, z)
	phi, lambda = fromCartesian(x, y, z, wgs84)
	return phi * 180 / math.Pi, lambda * 180 / math.Pi
}

// WGS84ToOSGB36 is the inverse of OSGB36ToWGS84: WGS84 latitude/longitude in
// degrees to a National Grid easting/northing in metres.
func WGS84ToOSGB36(lat, lon float64) (easting, northing float64) {
	x, y, z := toCartesian(lat*math.Pi/180, lon*math.Pi/180, wgs84)
	x, y, z = wgs84ToOSGB36.apply(x, y, z)
	phi, lambda := fromCartesian(x, y, z, airy1830)
	return airyToGrid(phi, lambda)
}

// toCartesian gives the earth-centred cartesian coordinates of a point at
// height 0 on ellipsoid e.
func toCartesian(phi, lambda float64, e ellipsoid) (x, y, z float64) {
	sinPhi, cosPhi := math.Sincos(phi)
	sinLambda, cosLambda := math.Sincos(lambda)
	nu := e.a / math.Sqrt(1-e.e2*sinPhi*sinPhi)
	return nu * cosPhi * cosLambda, nu * cosPhi * sinLambda, (1 - e.e2) * nu * sinPhi
}

// fromCartesian gives the latitude and longitude on ellipsoid e of a
// cartesian point, iterating the latitude until it moves less than 1e-13
// radians (well under a millimetre). The height is not needed.
func fromCartesian(x, y, z float64, e ellipsoid) (phi, lambda float64) {
	p := math.Hypot(x, y)
	phi = math.Atan2(z, p*(1-e.e2))
	for range 20 {
		sinPhi := math.Sin(phi)
		nu := e.a / math.Sqrt(1-e.e2*sinPhi*sinPhi)
		next := math.Atan2(z+e.e2*nu*sinPhi, p)
		done := math.Abs(next-phi) < 1e-13
		phi = next
		if done {
			break
		}
	}
	return phi, math.Atan2(y, x)
}

// meridional is the developed meridional arc M of the National Grid from the
// true origin's latitude to phi, in metres.
func meridional(phi float64) float64 {
	a, b := airy1830.a, airy1830.b
	n := (a - b) / (a + b)
	n2, n3 := n*n, n*n*n
	dp, sp := phi-gridPhi0, phi+gridPhi0
	return b * gridF0 * ((1+n+1.25*n2+1.25*n3)*dp -
		(3*n+3*n2+21.0/8*n3)*math.Sin(dp)*math.Cos(sp) +
		(15.0/8*n2+15.0/8*n3)*math.Sin(2*dp)*math.Cos(2*sp) -
		35.0/24*n3*math.Sin(3*dp)*math.Cos(3*sp))
}

// gridToAiry is the inverse Transverse Mercator projection of the National
// Grid: easting/northing to OSGB36 latitude/longitude in radians.
func gridToAiry(E, N float64) (phi, lambda float64) {
	a, e2 := airy1830.a, airy1830.e2
	// The latitude whose meridional arc is the northing, to 0.01 mm.
	phi = (N-gridN0)/(a*gridF0) + gridPhi0
	for range 100 {
		d := N - gridN0 - meridional(phi)
		if math.Abs(d) < 1e-5 {
			break
		}
		phi += d / (a * gridF0)
	}
	sinPhi, cosPhi := math.Sincos(phi)
	w := 1 - e2*sinPhi*sinPhi
	nu := a * gridF0 / math.Sqrt(w)
	rho := a * gridF0 * (1 - e2) / (w * math.Sqrt(w))
	eta2 := nu/rho - 1
	t := sinPhi / cosPhi
	t2 := t * t
	t4 := t2 * t2
	t6 := t4 * t2
	sec := 1 / cosPhi
	nu3 := nu * nu * nu
	nu5 := nu3 * nu * nu
	nu7 := nu5 * nu * nu
	vii := t / (2 * rho * nu)
	viii := t / (24 * rho * nu3) * (5 + 3*t2 + eta2 - 9*t2*eta2)
	ix := t / (720 * rho * nu5) * (61 + 90*t2 + 45*t4)
	x := sec / nu
	xi := sec / (6 * nu3) * (nu/rho + 2*t2)
	xii := sec / (120 * nu5) * (5 + 28*t2 + 24*t4)
	xiia := sec / (5040 * nu7) * (61 + 662*t2 + 1320*t4 + 720*t6)
	d := E - gridE0
	d2 := d * d
	d3 := d2 * d
	d4 := d2 * d2
	d5 := d4 * d
	d6 := d4 * d2
	d7 := d6 * d
	phi = phi - vii*d2 + viii*d4 - ix*d6
	lambda = gridLambda0 + x*d - xi*d3 + xii*d5 - xiia*d7
	return phi, lambda
}

// airyToGrid is the Transverse Mercator projection of the National Grid:
// OSGB36 latitude/longitude in radians to easting/northing in metres.
func airyToGrid(phi, lambda float64) (E, N float64) {
	a, e2 := airy1830.a, airy1830.e2
	sinPhi, cosPhi := math.Sincos(phi)
	w := 1 - e2*sinPhi*sinPhi
	nu := a * gridF0 / math.Sqrt(w)
	rho := a * gridF0 * (1 - e2) / (w * math.Sqrt(w))
	eta2 := nu/rho - 1
	t := sinPhi / cosPhi
	t2 := t * t
	t4 := t2 * t2
	c3 := cosPhi * cosPhi * cosPhi
	c5 := c3 * cosPhi * cosPhi
	i := meridional(phi) + gridN0
	ii := nu / 2 * sinPhi * cosPhi
	iii := nu / 24 * sinPhi * c3 * (5 - t2 + 9*eta2)
	iiia := nu / 720 * sinPhi * c5 * (61 - 58*t2 + t4)
	iv := nu * cosPhi
	v := nu / 6 * c3 * (nu/rho - t2)
	vi := nu / 120 * c5 * (5 - 18*t2 + t4 + 14*eta2 - 58*t2*eta2)
	d := lambda - gridLambda0
	d2 := d * d
	d3 := d2 * d
	d4 := d2 * d2
	d5 := d4 * d
	d6 := d4 * d2
	N = i + ii*d2 + iii*d4 + iiia*d6
	E = gridE0 + iv*d + v*d3 + vi*d5
	return E, N
}
