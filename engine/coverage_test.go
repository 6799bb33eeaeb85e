package engine

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func f(x float64) *float64 { return &x }

func TestCoverageRadiusComesFromTheListThenNeighboursThenDefaults(t *testing.T) {
	t.Parallel()
	// Three sites of one network 1 km apart east-west (0.0147 degrees of
	// longitude at 52.5 N), one far away on its own, and one of another network.
	lonStep := 1000 / (111_320 * 0.6088)
	cells := []cellRow{
		{id: 1, source: 1, key: "a1", radio: "LTE", mcc: 234, mnc: 10, lat: 52.5, lon: -1.9, azimuth: f(0), beamwidth: f(65), rangeM: f(750)},
		{id: 2, source: 1, key: "b1", radio: "LTE", mcc: 234, mnc: 10, lat: 52.5, lon: -1.9 + lonStep, azimuth: f(120)},
		{id: 3, source: 1, key: "c1", radio: "LTE", mcc: 234, mnc: 10, lat: 52.5, lon: -1.9 + 2*lonStep},
		{id: 4, source: 1, key: "far", radio: "GSM", mcc: 234, mnc: 10, lat: 55.0, lon: -4.0, azimuth: f(240)},
		{id: 5, source: 1, key: "other", radio: "NR", mcc: 234, mnc: 20, lat: 52.5, lon: -1.9},
	}
	cov := estimateCoverage(cells)
	byKey := map[string]coverageRow{}
	for _, c := range cov {
		byKey[c.key] = c
	}
	require.Equal(t, "list", byKey["a1"].radiusFrom)
	require.Equal(t, 750.0, byKey["a1"].radius)
	require.Equal(t, "wedge", byKey["a1"].drawnAs)
	require.Equal(t, 120.0, *byKey["a1"].span, "a 65-degree beam is drawn over a third of the circle")

	// b1's neighbours are 1 km away on either side: median 1 km, times 1.5.
	require.Equal(t, "neighbours", byKey["b1"].radiusFrom)
	require.InDelta(t, 1500, byKey["b1"].radius, 10)
	// c1's are 1 and 2 km away: the median of two is the farther.
	require.InDelta(t, 3000, byKey["c1"].radius, 20)
	require.Equal(t, "disk", byKey["c1"].drawnAs, "no azimuth: a disk")

	require.Equal(t, "default-GSM", byKey["far"].radiusFrom)
	require.Equal(t, 8000.0, byKey["far"].radius)
	// Another network's site at the same place is not a neighbour.
	require.Equal(t, "default-NR", byKey["other"].radiusFrom)
	require.Nil(t, byKey["other"].neighbourM)
}

func TestCoveragePrefersAListWithAzimuthThenTheLatest(t *testing.T) {
	t.Parallel()
	cells := []cellRow{
		{id: 1, source: 1, key: "k", radio: "LTE", mcc: 234, mnc: 10, lat: 52.5, lon: -1.9, azimuth: f(90)},
		{id: 2, source: 2, key: "k", radio: "LTE", mcc: 234, mnc: 10, lat: 52.5, lon: -1.9},
		{id: 3, source: 3, key: "j", radio: "LTE", mcc: 234, mnc: 10, lat: 52.6, lon: -1.9},
		{id: 4, source: 4, key: "j", radio: "LTE", mcc: 234, mnc: 10, lat: 52.6, lon: -1.9},
		{id: 5, source: 1, key: "j", radio: "LTE", mcc: 234, mnc: 10, lat: 52.6, lon: -1.9, omni: true},
	}
	cov := estimateCoverage(cells)
	require.True(t, cov[0].preferred, "the list with an azimuth")
	require.False(t, cov[1].preferred)
	require.False(t, cov[2].preferred)
	require.True(t, cov[3].preferred, "no list has an azimuth for j: the latest")
	require.False(t, cov[4].preferred, "an omni cell's missing azimuth does not count as one")
}

func TestRadiiStayWithinTheTechnologysReach(t *testing.T) {
	t.Parallel()
	cells := []cellRow{
		{id: 1, source: 1, key: "tiny", radio: "LTE", mcc: 1, mnc: 1, lat: 0, lon: 0, rangeM: f(20)},
		{id: 2, source: 1, key: "huge", radio: "NR", mcc: 1, mnc: 2, lat: 0, lon: 0, rangeM: f(90_000)},
	}
	cov := estimateCoverage(cells)
	require.Equal(t, minRadiusM, cov[0].radius)
	require.Equal(t, 10000.0, cov[1].radius)
}
