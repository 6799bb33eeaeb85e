package draw

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDashPattern(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   []float64
		want []float64
	}{
		{"none is solid", nil, nil},
		{"even is kept", []float64{4, 2}, []float64{4, 2}},
		{"odd is doubled", []float64{3}, []float64{3, 3}},
		{"odd of three", []float64{1, 2, 3}, []float64{1, 2, 3, 1, 2, 3}},
		{"a zero dash is allowed", []float64{0, 4}, []float64{0, 4}},
		{"all zero is solid", []float64{0, 0}, nil},
		{"negative is solid", []float64{4, -1}, nil},
		{"NaN is solid", []float64{math.NaN(), 1}, nil},
		{"infinite is solid", []float64{math.Inf(1), 1}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.want, dashPattern(tc.in))
		})
	}
}

func polylineLength(pts []Pt) float64 {
	l := 0.0
	for i := 1; i < len(pts); i++ {
		l += pts[i].sub(pts[i-1]).len()
	}
	return l
}

func TestDashes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		pts     []Pt
		closed  bool
		pattern []float64
		want    []float64 // lengths of the dashes
	}{
		{"straight", []Pt{{0, 0}, {25, 0}}, false, []float64{10, 5}, []float64{10, 10}},
		{"round a corner", []Pt{{0, 0}, {6, 0}, {6, 20}}, false, []float64{10, 5}, []float64{10, 10}},
		{"closed square", []Pt{{0, 0}, {10, 0}, {10, 10}, {0, 10}}, true, []float64{15, 5}, []float64{15, 15}},
		{"ends in a gap", []Pt{{0, 0}, {12, 0}}, false, []float64{4, 4}, []float64{4, 4}},
		{"repeated points are skipped", []Pt{{0, 0}, {0, 0}, {8, 0}, {8, 0}}, false, []float64{3, 1}, []float64{3, 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			parts, ok := dashes(tc.pts, tc.closed, tc.pattern)
			require.True(t, ok)
			got := make([]float64, len(parts))
			for i, p := range parts {
				got[i] = polylineLength(p)
			}
			require.InDeltaSlice(t, tc.want, got, 1e-9)
		})
	}

	_, ok := dashes([]Pt{{0, 0}, {1e6, 0}}, false, []float64{0.001, 0.001})
	require.False(t, ok, "too fine a pattern is refused")
}

func TestClipPolygon(t *testing.T) {
	t.Parallel()
	area := func(p []Pt) float64 {
		a := 0.0
		for i := range p {
			a += p[i].cross(p[(i+1)%len(p)])
		}
		return a / 2
	}
	square := []Pt{{-10, -10}, {10, -10}, {10, 10}, {-10, 10}}
	require.InDelta(t, 100, area(clipPolygon(square, 0, 0, 20, 20)), 1e-9, "a quarter of the square")
	require.InDelta(t, 400, area(clipPolygon(square, -50, -50, 50, 50)), 1e-9, "inside: unchanged")
	require.Empty(t, clipPolygon(square, 20, 20, 30, 30), "outside: nothing")
	tri := []Pt{{-1e9, 0}, {1e9, 0}, {0, 1e9}}
	require.InDelta(t, 100, area(clipPolygon(tri, 0, 0, 10, 10)), 1e-6, "huge shapes come down to the window")
}
