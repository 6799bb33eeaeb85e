package analysis_test

import (
	gosql "database/sql"
	"testing"

	"github.com/stretchr/testify/require"
)

// lifeHandset is what the movement tests read of truth.json's handsets.
type lifeHandset struct {
	MSISDN   string      `json:"msisdn"`
	IMEIs    []string    `json:"imeis"`
	HomeCell string      `json:"home_cell"`
	WorkCell string      `json:"work_cell"`
	Home     [2]float64  `json:"home"`
	Work     *[2]float64 `json:"work"`
	Roles    []string    `json:"roles"`
}

// placeHolds says whether a cell answered for a place is right: it is the
// planted cell, or its estimated serving area holds the place's H3 cell
// (resolution 9). A handset is only ever placed within a serving area, so
// that is the most a cell can be right about.
func placeHolds(t *testing.T, db *gosql.DB, cellKey, trueCell string, at [2]float64) bool {
	t.Helper()
	if cellKey == trueCell {
		return true
	}
	var n int64
	require.NoError(t, db.QueryRow(`
		SELECT count(*) FROM cell_areas a JOIN cell_coverage c USING (cell_id)
		WHERE c.preferred AND c.cell_key = ? AND a.h3 = h3_latlng_to_cell(?, ?, 9)`,
		cellKey, at[0], at[1]).Scan(&n))
	return n > 0
}

// The overnight cell of pattern_of_life is the handset's home for at least
// nine handsets in ten, by night-time use; the first-and-last-cell method
// and the daytime (work) cell are measured and must be right for most.
func TestPatternOfLifeFindsHomeAndWork(t *testing.T) {
	db, truthPath := analysed(t)
	var truth struct {
		Handsets []lifeHandset `json:"handsets"`
	}
	readTruth(t, truthPath, &truth)
	require.NotEmpty(t, truth.Handsets)

	right := map[string]int{}
	asked := map[string]int{}
	for _, h := range truth.Handsets {
		top := map[string]string{}
		for _, r := range rows(t, db, `SELECT kind, cell_key FROM pattern_of_life(?) WHERE slot IS NULL AND rank = 1`, h.MSISDN) {
			top[str(r["kind"])] = str(r["cell_key"])
		}
		for _, kind := range []string{"overnight", "overnight_first_last"} {
			asked[kind]++
			if c, ok := top[kind]; ok && placeHolds(t, db, c, h.HomeCell, h.Home) {
				right[kind]++
				if c == h.HomeCell {
					right[kind+", the home cell itself"]++
				}
			}
		}
		if h.Work != nil {
			asked["daytime"]++
			if c, ok := top["daytime"]; ok && placeHolds(t, db, c, h.WorkCell, *h.Work) {
				right["daytime"]++
			}
		}
	}
	asked["overnight, the home cell itself"] = asked["overnight"]
	asked["overnight_first_last, the home cell itself"] = asked["overnight_first_last"]
	for _, kind := range []string{"overnight", "overnight, the home cell itself", "overnight_first_last",
		"overnight_first_last, the home cell itself", "daytime"} {
		t.Logf("%s: right for %d of %d handsets (%.0f%%)", kind, right[kind], asked[kind],
			100*float64(right[kind])/float64(asked[kind]))
	}
	require.GreaterOrEqual(t, float64(right["overnight"])/float64(asked["overnight"]), 0.9)
	require.GreaterOrEqual(t, float64(right["overnight_first_last"])/float64(asked["overnight_first_last"]), 0.8)
	require.GreaterOrEqual(t, float64(right["daytime"])/float64(asked["daytime"]), 0.8)
}

// Every row carries its support, and the shares of a slot's ranks add up to
// no more than the whole.
func TestPatternOfLifeRowsCarryTheirSupport(t *testing.T) {
	db, truthPath := analysed(t)
	var truth struct {
		Handsets []lifeHandset `json:"handsets"`
	}
	readTruth(t, truthPath, &truth)
	rs := rows(t, db, `SELECT * FROM pattern_of_life(?)`, truth.Handsets[1].MSISDN)
	kinds := map[string]int{}
	for _, r := range rs {
		kinds[str(r["kind"])]++
		require.Positive(t, r["events"].(int64))
		require.Positive(t, r["days"].(int64))
		require.Greater(t, r["share"].(float64), 0.0)
		require.LessOrEqual(t, r["share"].(float64), 1.0)
		require.NotEmpty(t, str(r["cell_key"]))
	}
	for _, k := range []string{"overnight", "overnight_first_last", "hour", "weekday"} {
		require.Positive(t, kinds[k], k)
	}
	var over float64
	require.NoError(t, db.QueryRow(`
		SELECT max(s) FROM (SELECT sum(share) AS s FROM pattern_of_life(?) GROUP BY kind, slot)`,
		truth.Handsets[1].MSISDN).Scan(&over))
	require.LessOrEqual(t, over, 1.001)
	// The subject may be written in any form.
	national := "0" + truth.Handsets[1].MSISDN[3:]
	require.Len(t, rows(t, db, `SELECT * FROM pattern_of_life(?)`, national), len(rs))
}
