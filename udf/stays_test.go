package udf_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/udf"
)

func TestStayRunsAnchorOnTheMainCell(t *testing.T) {
	t.Parallel()
	// 1-2, 2-3, 3-4 overlap: a chain, as along a road; 1-5 overlap.
	pairs := map[[2]int64]bool{{1, 2}: true, {2, 3}: true, {3, 4}: true, {1, 5}: true}
	overlaps := func(a, b int64) bool { return pairs[[2]int64{a, b}] || pairs[[2]int64{b, a}] }
	for _, tc := range []struct {
		name  string
		cells []int64
		want  []int32
	}{
		{"one place", []int64{1, 1, 5, 1}, []int32{1, 1, 1, 1}},
		{"a chain of overlaps is not one place", []int64{1, 1, 2, 3, 4}, []int32{1, 1, 1, 2, 2}},
		{"a lone far-served event stays in the run", []int64{1, 1, 4, 1, 1}, []int32{1, 1, 1, 1, 1}},
		{"two far-served events in a row end it", []int64{1, 1, 4, 4, 1}, []int32{1, 1, 2, 2, 3}},
		{"nothing", nil, []int32{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, udf.StayRuns(tc.cells, overlaps))
		})
	}
}
