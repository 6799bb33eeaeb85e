package normalize

import "math"

// The OSGB36 ↔ WGS84 conversion follows Ordnance Survey's published method:
// the National Grid is a Transverse Mercator projection of the Airy 1830
// ellipsoid (OSGB36 datum); moving between OSGB36 and WGS84 is a 7-parameter
// Helmert transform of earth-centred cartesian coordinates, heights taken as
// 0. OS state the Helmert transform is good to about 5 m across Great
// Britain — far inside any cell's serving area. docs/normalisation.md says
// more.

type ellipsoid struct{ a, b float64 }

var (
	airy1830 = ellipsoid{a: 6377563.396, b: 6356256.909}
	wgs84    = ellipsoid{a: 6378137.0, b: 6356752.314245}
)

func (e ellipsoid) e2() float64 { return (e.a*e.a - e.b*e.b) / (e.a * e.a) }

// National Grid projection constants.
const (
	gridF0 = 0.9996012717
	gridE0 = 400000.0
	gridN0 = -100000.0
)

var (
	gridPhi0    = 49 * math.Pi / 180
	gridLambda0 = -2 * math.Pi / 180
)

// helmert is a 7-parameter transform: translations in metres, scale in ppm,
// rotations in arc-seconds.
type helmert struct{ tx, ty, tz, s, rx, ry, rz float64 }

// The OS parameters from WGS84 to OSGB36, and their inverse.
var (
	wgs84ToOSGB36 = helmert{tx: -446.448, ty: 125.157, tz: -542.060, s: 20.4894, rx: -0.1502, ry: -0.2470, rz: -0.8421}
	osgb36ToWGS84 = helmert{tx: 446.448, ty: -125.157, tz: 542.060, s: -20.4894, rx: 0.1502, ry: 0.2470, rz: 0.8421}
)

// OSGB36ToWGS84 converts an Ordnance Survey National Grid easting and
// northing (metres, OSGB36) to WGS84 latitude and longitude in degrees.
func OSGB36ToWGS84(easting, northing float64) (lat, lon float64) {
	phi, lambda := gridToAiry(easting, northing)
	x, y, z := toCartesian(phi, lambda, airy1830)
	x, y, z = osgb36ToWGS84.apply(x, y, z)
	phi, lambda = fromCartesian(x, y, z, wgs84)
	return phi * 180 / math.Pi, lambda * 180 / math.Pi
}

// WGS84ToOSGB36 converts WGS84 latitude and longitude in degrees to a
// National Grid easting and northing in metres.
func WGS84ToOSGB36(lat, lon float64) (easting, northing float64) {
	x, y, z := toCartesian(lat*math.Pi/180, lon*math.Pi/180, wgs84)
	x, y, z = wgs84ToOSGB36.apply(x, y, z)
	phi, lambda := fromCartesian(x, y, z, airy1830)
	return airyToGrid(phi, lambda)
}

func (h helmert) apply(x, y, z float64) (float64, float64, float64) {
	s := 1 + h.s*1e-6
	const sec = math.Pi / (180 * 3600)
	rx, ry, rz := h.rx*sec, h.ry*sec, h.rz*sec
	return h.tx + s*x - rz*y + ry*z,
		h.ty + rz*x + s*y - rx*z,
		h.tz - ry*x + rx*y + s*z
}

func toCartesian(phi, lambda float64, e ellipsoid) (x, y, z float64) {
	e2 := e.e2()
	sinPhi := math.Sin(phi)
	nu := e.a / math.Sqrt(1-e2*sinPhi*sinPhi)
	return nu * math.Cos(phi) * math.Cos(lambda), nu * math.Cos(phi) * math.Sin(lambda), (1 - e2) * nu * sinPhi
}

func fromCartesian(x, y, z float64, e ellipsoid) (phi, lambda float64) {
	e2 := e.e2()
	p := math.Hypot(x, y)
	phi = math.Atan2(z, p*(1-e2))
	for range 10 {
		sinPhi := math.Sin(phi)
		nu := e.a / math.Sqrt(1-e2*sinPhi*sinPhi)
		next := math.Atan2(z+e2*nu*sinPhi, p)
		if math.Abs(next-phi) < 1e-13 {
			phi = next
			break
		}
		phi = next
	}
	return phi, math.Atan2(y, x)
}

// meridional is the developed meridional arc M from the true origin to phi.
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
	a := airy1830.a
	e2 := airy1830.e2()
	phi = (N-gridN0)/(a*gridF0) + gridPhi0
	for range 100 {
		m := meridional(phi)
		if math.Abs(N-gridN0-m) < 1e-5 {
			break
		}
		phi += (N - gridN0 - m) / (a * gridF0)
	}
	sinPhi := math.Sin(phi)
	nu := a * gridF0 / math.Sqrt(1-e2*sinPhi*sinPhi)
	rho := a * gridF0 * (1 - e2) / math.Pow(1-e2*sinPhi*sinPhi, 1.5)
	eta2 := nu/rho - 1
	t := math.Tan(phi)
	t2, t4, t6 := t*t, t*t*t*t, t*t*t*t*t*t
	sec := 1 / math.Cos(phi)
	vii := t / (2 * rho * nu)
	viii := t / (24 * rho * nu * nu * nu) * (5 + 3*t2 + eta2 - 9*t2*eta2)
	ix := t / (720 * rho * math.Pow(nu, 5)) * (61 + 90*t2 + 45*t4)
	x := sec / nu
	xi := sec / (6 * nu * nu * nu) * (nu/rho + 2*t2)
	xii := sec / (120 * math.Pow(nu, 5)) * (5 + 28*t2 + 24*t4)
	xiia := sec / (5040 * math.Pow(nu, 7)) * (61 + 662*t2 + 1320*t4 + 720*t6)
	d := E - gridE0
	phi = phi - vii*d*d + viii*math.Pow(d, 4) - ix*math.Pow(d, 6)
	lambda = gridLambda0 + x*d - xi*d*d*d + xii*math.Pow(d, 5) - xiia*math.Pow(d, 7)
	return phi, lambda
}

// airyToGrid is the Transverse Mercator projection of the National Grid:
// OSGB36 latitude/longitude in radians to easting/northing.
func airyToGrid(phi, lambda float64) (E, N float64) {
	a := airy1830.a
	e2 := airy1830.e2()
	sinPhi, cosPhi := math.Sin(phi), math.Cos(phi)
	nu := a * gridF0 / math.Sqrt(1-e2*sinPhi*sinPhi)
	rho := a * gridF0 * (1 - e2) / math.Pow(1-e2*sinPhi*sinPhi, 1.5)
	eta2 := nu/rho - 1
	t := math.Tan(phi)
	t2, t4 := t*t, t*t*t*t
	c3, c5 := cosPhi*cosPhi*cosPhi, math.Pow(cosPhi, 5)
	i := meridional(phi) + gridN0
	ii := nu / 2 * sinPhi * cosPhi
	iii := nu / 24 * sinPhi * c3 * (5 - t2 + 9*eta2)
	iiia := nu / 720 * sinPhi * c5 * (61 - 58*t2 + t4)
	iv := nu * cosPhi
	v := nu / 6 * c3 * (nu/rho - t2)
	vi := nu / 120 * c5 * (5 - 18*t2 + t4 + 14*eta2 - 58*t2*eta2)
	d := lambda - gridLambda0
	N = i + ii*d*d + iii*math.Pow(d, 4) + iiia*math.Pow(d, 6)
	E = gridE0 + iv*d + v*d*d*d + vi*math.Pow(d, 5)
	return E, N
}
