package analysis

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// --only names a workload in full, by its function, or by its first word.
func TestOnlyNamesWorkloads(t *testing.T) {
	for _, tc := range []struct {
		only []string
		name string
		want bool
	}{
		{[]string{"common_numbers"}, "common_numbers, 5 tower-dump scenes", true},
		{[]string{"colocated_with"}, "colocated_with, one target", true},
		{[]string{"co-location"}, "co-location among 50 targets, all pairs", true},
		{[]string{"co-location among 50 targets"}, "co-location among 50 targets, all pairs", true},
		{[]string{" pattern_of_life "}, "pattern_of_life, one target", true},
		{[]string{"co"}, "co-location among 50 targets, all pairs", false},
		{[]string{"cotravel"}, "colocated_with, one target", false},
	} {
		require.Equal(t, tc.want, wanted(tc.only, tc.name), "%q %q", tc.only, tc.name)
	}
}
