package normalize

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// degrees turns degrees, minutes and seconds into decimal degrees.
func degrees(d, m, s float64) float64 { return d + m/60 + s/3600 }

// metresApart is the distance between two nearby WGS84 positions, in metres
// (an equirectangular approximation, exact enough below a kilometre).
func metresApart(lat1, lon1, lat2, lon2 float64) float64 {
	const perDegree = 111_320.0
	dLat := (lat2 - lat1) * perDegree
	dLon := (lon2 - lon1) * perDegree * math.Cos((lat1+lat2)/2*math.Pi/180)
	return math.Hypot(dLat, dLon)
}

// The Ordnance Survey's worked example of the National Grid projection
// (Caister water tower): E 651409.903, N 313177.270 is 52°39′27.2531″N
// 1°43′4.5177″E on the Airy 1830 ellipsoid.
func TestGridProjectionMatchesTheOSWorkedExample(t *testing.T) {
	t.Parallel()
	wantLat, wantLon := degrees(52, 39, 27.2531), degrees(1, 43, 4.5177)
	t.Run("grid to latitude and longitude", func(t *testing.T) {
		t.Parallel()
		phi, lambda := gridToAiry(651409.903, 313177.270)
		require.InDelta(t, wantLat, phi*180/math.Pi, 1e-6)
		require.InDelta(t, wantLon, lambda*180/math.Pi, 1e-6)
	})
	t.Run("latitude and longitude to grid", func(t *testing.T) {
		t.Parallel()
		e, n := airyToGrid(wantLat*math.Pi/180, wantLon*math.Pi/180)
		require.InDelta(t, 651409.903, e, 0.001)
		require.InDelta(t, 313177.270, n, 0.001)
	})
}

func TestOSGB36RoundTripsAcrossGreatBritain(t *testing.T) {
	t.Parallel()
	t.Run("WGS84 to OSGB36 and back", func(t *testing.T) {
		t.Parallel()
		worst := 0.0
		for lat := 49.9; lat <= 60.9; lat += 0.25 {
			for lon := -8.0; lon <= 1.8; lon += 0.25 {
				e, n := WGS84ToOSGB36(lat, lon)
				lat2, lon2 := OSGB36ToWGS84(e, n)
				d := metresApart(lat, lon, lat2, lon2)
				require.Less(t, d, 0.1, "at %.2f,%.2f", lat, lon)
				worst = max(worst, d)
			}
		}
		// The reverse Helmert (the signs reversed) inverts the forward one to
		// first order: a round trip drifts by millimetres.
		require.Less(t, worst, 0.01)
		t.Logf("worst round trip %.4f m", worst)
	})
	t.Run("OSGB36 to WGS84 and back", func(t *testing.T) {
		t.Parallel()
		for e := 0.0; e <= 700_000; e += 25_000 {
			for n := 0.0; n <= 1_250_000; n += 25_000 {
				lat, lon := OSGB36ToWGS84(e, n)
				e2, n2 := WGS84ToOSGB36(lat, lon)
				require.Less(t, math.Hypot(e2-e, n2-n), 0.1, "at E %.0f N %.0f", e, n)
			}
		}
	})
}

// Known places: Ordnance Survey OSTN15 test points (OS data © Crown copyright
// and database rights, Ordnance Survey 2016), given by the OS as a National
// Grid position and its ETRS89 latitude/longitude. ETRS89 is within a metre
// of WGS84 in Great Britain, so the 7-parameter Helmert transform should land
// within its stated accuracy of about 5 m; the test allows 10 m.
//
// proj holds the same conversion computed independently with PROJ 9.1.1:
//
//	cs2cs +proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy
//	      +towgs84=446.448,-125.157,542.06,0.1502,0.2470,0.8421,-20.4894 +to +proj=longlat +datum=WGS84
//
// which checks the implementation of the method to centimetres, where the
// OS points check the method against the truth to metres.
var osgbKnownPlaces = []struct {
	name              string
	easting, northing float64
	etrsLat, etrsLon  float64
	projLat, projLon  float64
}{
	{"TP01 Isles of Scilly", 91492.146, 11318.804, 49.9222639373, -6.29977752014, 49.922269968, -6.299712297},
	{"TP07 Kent", 639821.835, 169565.858, 51.3744702555, 1.44454730409, 51.374463136, 1.444522143},
	{"TP10 Carmarthenshire", 241124.584, 220332.641, 51.858908964, -4.3085247696, 51.858900200, -4.308501832},
	{"TP20 West Yorkshire", 422242.186, 433818.701, 53.8002151963, -1.66379168242, 53.800199823, -1.663787062},
	{"TP30 Inverness", 267056.768, 846176.972, 57.4862500072, -4.21926398555, 57.486266086, -4.219265659},
	{"TP40 Shetland", 395999.668, 1138728.951, 60.1330809166, -2.07382822798, 60.133074410, -2.073810861},
}

func TestOSGB36KnownPlaces(t *testing.T) {
	t.Parallel()
	for _, p := range osgbKnownPlaces {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			lat, lon := OSGB36ToWGS84(p.easting, p.northing)
			require.Less(t, metresApart(lat, lon, p.etrsLat, p.etrsLon), 10.0, "against the OS position")
			require.Less(t, metresApart(lat, lon, p.projLat, p.projLon), 0.05, "against PROJ's Helmert")
			e, n := WGS84ToOSGB36(p.etrsLat, p.etrsLon)
			require.Less(t, math.Hypot(e-p.easting, n-p.northing), 10.0, "back to the grid")
		})
	}
}

// The datum shift is real: skipping the Helmert step (reading OSGB36
// latitude and longitude as if they were WGS84) is off by 70–120 m in
// Great Britain, so a conversion that forgot it would fail the tests above.
func TestOSGB36DatumShiftIsApplied(t *testing.T) {
	t.Parallel()
	for _, p := range osgbKnownPlaces {
		phi, lambda := gridToAiry(p.easting, p.northing)
		d := metresApart(phi*180/math.Pi, lambda*180/math.Pi, p.etrsLat, p.etrsLon)
		require.Greater(t, d, 50.0, p.name)
		require.Less(t, d, 150.0, p.name)
	}
}

func BenchmarkOSGB36ToWGS84(b *testing.B) {
	for b.Loop() {
		OSGB36ToWGS84(530000, 180000)
	}
}
