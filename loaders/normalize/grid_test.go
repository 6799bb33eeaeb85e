package normalize

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// dms turns degrees, minutes and seconds into radians.
func dms(d, m, s float64) float64 { return (d + m/60 + s/3600) * math.Pi / 180 }

// The Ordnance Survey's worked example of the National Grid projection:
// E 651409.903, N 313177.270 is 52°39′27.2531″N 1°43′4.5177″E on Airy 1830.
func TestGridProjectionMatchesTheOSWorkedExample(t *testing.T) {
	t.Parallel()
	phi, lambda := gridToAiry(651409.903, 313177.270)
	require.InDelta(t, dms(52, 39, 27.2531), phi, 1e-8)
	require.InDelta(t, dms(1, 43, 4.5177), lambda, 1e-8)
	e, n := airyToGrid(dms(52, 39, 27.2531), dms(1, 43, 4.5177))
	require.InDelta(t, 651409.903, e, 0.001)
	require.InDelta(t, 313177.270, n, 0.001)
}

func TestOSGB36RoundTripAcrossGreatBritain(t *testing.T) {
	t.Parallel()
	for lat := 50.0; lat <= 58.5; lat += 0.5 {
		for lon := -6.0; lon <= 1.5; lon += 0.5 {
			e, n := WGS84ToOSGB36(lat, lon)
			lat2, lon2 := OSGB36ToWGS84(e, n)
			// 1e-6 degrees is about 0.1 m.
			require.InDelta(t, lat, lat2, 1e-6, "lat at %v,%v", lat, lon)
			require.InDelta(t, lon, lon2, 1e-6, "lon at %v,%v", lat, lon)
		}
	}
}

func TestOSGB36ToWGS84ShiftIsTheDatumShift(t *testing.T) {
	t.Parallel()
	// The difference between OSGB36 and WGS84 positions is tens of metres to
	// about 120 m in Great Britain; in the Midlands OSGB36 latitude is a little
	// south of WGS84's and longitude about 0.0015° east.
	lat, lon := OSGB36ToWGS84(651409.903, 313177.270)
	phi, lambda := gridToAiry(651409.903, 313177.270)
	dLat := (lat - phi*180/math.Pi) * 111_000
	dLon := (lon - lambda*180/math.Pi) * 111_000 * math.Cos(phi)
	shift := math.Hypot(dLat, dLon)
	require.Greater(t, shift, 50.0)
	require.Less(t, shift, 150.0)
}
