package analysis_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The second phone a person carries moves with the first through every
// journey: cotravel with its defaults names it first, asked from either phone,
// for at least 95% of the planted pairs, and never lower than second.
func TestCotravelRanksTheCarriedPartnerFirst(t *testing.T) {
	db, truthPath := analysed(t)
	var truth colocationTruth
	readTruth(t, truthPath, &truth)
	dirs := truth.directions()
	require.NotEmpty(t, dirs)
	first := 0
	for _, p := range dirs {
		rs := rows(t, db, `SELECT subject, journeys, areas, score FROM cotravel(?) ORDER BY score DESC, subject`, p.A)
		r := rankOf(rs, p.B)
		t.Logf("%s -> %s: rank %d of %d", p.A, p.B, r, len(rs))
		require.NotZero(t, r)
		require.LessOrEqual(t, r, 2)
		if r == 1 {
			first++
		}
	}
	t.Logf("partner first for %d of %d directions", first, len(dirs))
	require.GreaterOrEqual(t, float64(first)/float64(len(dirs)), 0.95)
}

// The two phones of a convoy travel together from the meeting point to the
// destination: cotravel with its defaults names each the other's first
// co-traveller, and the journeys it counts fall within the planted ones.
func TestCotravelFindsTheConvoy(t *testing.T) {
	db, truthPath := analysed(t)
	var truth colocationTruth
	readTruth(t, truthPath, &truth)
	require.NotEmpty(t, truth.Convoys)
	for _, c := range truth.Convoys {
		for i, a := range c.Members {
			b := c.Members[1-i]
			rs := rows(t, db, `SELECT subject, journeys, best_start, best_end FROM cotravel(?) ORDER BY score DESC, subject`, a)
			r := rankOf(rs, b)
			t.Logf("convoy %s -> %s: rank %d of %d", a, b, r, len(rs))
			require.Equal(t, 1, r)
			start, end := rs[0]["best_start"].(time.Time), rs[0]["best_end"].(time.Time)
			during := false
			for _, j := range c.Journeys {
				// a journey of co-located slots may begin before the car leaves
				// and end after it arrives (at the meeting point, the destination)
				if start.Before(j.End.Add(time.Hour)) && end.After(j.Start.Add(-time.Hour)) {
					during = true
				}
			}
			require.True(t, during, "best journey %v-%v near no planted journey", start, end)
		}
	}
}
