package mapview

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/engine/exhibit/draw"
)

func TestFitShowsTheBoundsInTheFrame(t *testing.T) {
	t.Parallel()
	frame := drawRect(50, 80, 600, 400)
	tests := []struct {
		name string
		b    Bounds
	}{
		{"London, wide", Bounds{West: -0.2, South: 51.48, East: 0.0, North: 51.53}},
		{"Tromsø, tall", Bounds{West: 18.9, South: 69.5, East: 19.0, North: 69.8}},
		{"Sydney", Bounds{West: 151.1, South: -34.0, East: 151.3, North: -33.8}},
		{"a meridian", Bounds{West: 5, South: 10, East: 5, North: 11}},
		{"a parallel", Bounds{West: 5, South: 10, East: 6, North: 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			const inset = 20
			p, err := Fit(tt.b, frame, inset)
			require.NoError(t, err)
			require.Equal(t, frame, p.Frame())
			nw, se := p.Point(tt.b.West, tt.b.North), p.Point(tt.b.East, tt.b.South)
			for _, q := range []draw.Pt{nw, se} {
				require.GreaterOrEqual(t, q.X, frame.X+inset-1e-9)
				require.LessOrEqual(t, q.X, frame.X+frame.W-inset+1e-9)
				require.GreaterOrEqual(t, q.Y, frame.Y+inset-1e-9)
				require.LessOrEqual(t, q.Y, frame.Y+frame.H-inset+1e-9)
			}
			// Centred, and as large as fits one way.
			require.InDelta(t, frame.X+frame.W/2, (nw.X+se.X)/2, 1e-6)
			require.InDelta(t, frame.Y+frame.H/2, (nw.Y+se.Y)/2, 1e-6)
			fills := math.Abs(se.X-nw.X-(frame.W-2*inset)) < 1e-6 || math.Abs(se.Y-nw.Y-(frame.H-2*inset)) < 1e-6
			require.True(t, fills, "the bounds touch the inset on one axis: %v %v", nw, se)

			for _, q := range []draw.Pt{{X: 60, Y: 90}, {X: 333, Y: 222}, {X: 640, Y: 470}} {
				lon, lat := p.LonLat(q)
				back := p.Point(lon, lat)
				require.InDelta(t, q.X, back.X, 1e-6)
				require.InDelta(t, q.Y, back.Y, 1e-6)
			}
			v := p.Visible()
			require.LessOrEqual(t, v.West, tt.b.West)
			require.GreaterOrEqual(t, v.East, tt.b.East)
			require.LessOrEqual(t, v.South, tt.b.South)
			require.GreaterOrEqual(t, v.North, tt.b.North)
		})
	}
}

func TestFitKeepsTheAspectRatio(t *testing.T) {
	t.Parallel()
	// 0.1° each way at the equator is a square on the ground and on the page.
	p, err := Fit(Bounds{West: 0, South: -0.05, East: 0.1, North: 0.05}, drawRect(0, 0, 800, 300), 0)
	require.NoError(t, err)
	nw, se := p.Point(0, 0.05), p.Point(0.1, -0.05)
	require.InEpsilon(t, se.X-nw.X, se.Y-nw.Y, 1e-6)
	require.InDelta(t, 300, se.Y-nw.Y, 1e-6)

	// At 60° a degree of longitude is half a degree of latitude on the ground.
	p, err = Fit(Bounds{West: 0, South: 59.99, East: 0.04, North: 60.01}, drawRect(0, 0, 800, 800), 0)
	require.NoError(t, err)
	nw, se = p.Point(0, 60.01), p.Point(0.04, 59.99)
	require.InEpsilon(t, 1.0, (se.X-nw.X)/(se.Y-nw.Y), 1e-4)
}

func TestFitRefuses(t *testing.T) {
	t.Parallel()
	_, err := Fit(Bounds{West: 1, South: 50, East: 1, North: 50}, drawRect(0, 0, 100, 100), 10)
	require.ErrorIs(t, err, ErrGeometry)
	_, err = Fit(Bounds{West: 1, South: 50, East: 2, North: 51}, drawRect(0, 0, 100, 100), 50)
	require.ErrorIs(t, err, ErrPageTooSmall)
	_, err = Fit(Bounds{West: 1, South: 50, East: 2, North: 88}, drawRect(0, 0, 100, 100), 0)
	require.ErrorIs(t, err, ErrCoordinate)
}

func TestMetresPerPointFollowsLatitude(t *testing.T) {
	t.Parallel()
	p, err := Fit(Bounds{West: 0, South: -70, East: 10, North: 70}, drawRect(0, 0, 500, 500), 0)
	require.NoError(t, err)
	for _, lat := range []float64{0, 20, 51.5, -45, 70} {
		a, b := p.Point(1, lat), p.Point(1.001, lat)
		want := haversine(1, lat, 1.001, lat) / (b.X - a.X)
		require.InEpsilon(t, want, p.MetresPerPoint(lat), 0.005, "latitude %g", lat)
	}
}

func TestRoundLengths(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want float64 }{
		{1, 1}, {1.9, 1}, {2, 2}, {4.99, 2}, {5, 5}, {9.99, 5}, {10, 10},
		{130, 100}, {260, 200}, {740, 500}, {1000, 1000}, {1999, 1000}, {3700, 2000}, {9000, 5000}, {0.3, 0.2},
	} {
		require.Equal(t, tt.want, roundDown(tt.in), "%g", tt.in)
	}
	for _, tt := range []struct {
		m    float64
		want string
	}{{100, "100 m"}, {500, "500 m"}, {1000, "1 km"}, {2000, "2 km"}, {50000, "50 km"}, {5, "5 m"}, {0.5, "50 cm"}} {
		require.Equal(t, tt.want, ScaleBar{Metres: tt.m}.Label())
	}
}

func TestGrid(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		span float64
		n    int
		want float64
	}{
		{0.04, 5, 0.01}, {0.04, 8, 0.005}, {1, 5, 0.2}, {3, 4, 1}, {0.003, 6, 0.0005}, {20, 8, 5},
	} {
		require.InDelta(t, tt.want, gridStep(tt.span, tt.n), 1e-12, "%g/%d", tt.span, tt.n)
	}
	vals := gridValues(-0.123, -0.081, 0.01)
	require.Len(t, vals, 4)
	require.InDelta(t, -0.12, vals[0], 1e-12)
	require.InDelta(t, -0.09, vals[3], 1e-12)
	require.Len(t, gridValues(0.3, 0.5, 0.1), 3, "ends on the grid are included")

	for _, tt := range []struct {
		v        float64
		dec      int
		pos, neg string
		want     string
	}{
		{51.505, 3, "N", "S", "51.505° N"},
		{-33.9, 1, "N", "S", "33.9° S"},
		{-0.12, 2, "E", "W", "0.12° W"},
		{0, 2, "E", "W", "0.00°"},
		{-0.0000001, 2, "E", "W", "0.00°"},
		{0.005, 3, "", "", "0.005°"},
	} {
		require.Equal(t, tt.want, formatDeg(tt.v, tt.dec, tt.pos, tt.neg))
	}
	require.Equal(t, 3, gridDecimals(0.005))
	require.Equal(t, 2, gridDecimals(0.01))
	require.Equal(t, 0, gridDecimals(5))
}

func TestWrapKeepsEveryWord(t *testing.T) {
	t.Parallel()
	rec := newRecorder(100, 100)
	f := draw.Font{Size: 10} // 5 pt a character
	lines := wrap(rec, "Serving areas are estimates, supercalifragilistic words too", f, 50)
	require.Equal(t, []string{"Serving", "areas are", "estimates,", "supercalif", "ragilistic", "words too"}, lines)
	for _, l := range lines {
		require.LessOrEqual(t, rec.TextWidth(l, f), 50.0)
	}
	require.Equal(t, []string{"é", "é"}, wrap(rec, "éé", f, 1), "a rune at least a line, never split")
	require.Empty(t, wrap(rec, "  ", f, 50))
}
