package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// Events loaded before their cell list are placed once the list arrives, and
// a later CDR is placed without redoing the rest: presence always reflects
// every loaded file.
func TestLoadDerivesServingAreasAndPlacesEventsInAnyOrder(t *testing.T) {
	t.Parallel()
	cases := newTestCase(t)
	placed := func() int64 {
		return num(query(t, cases, "t", `SELECT count(*) AS n FROM presence`)[0]["n"])
	}
	out := mastOK(t, "load", "--cases", cases, "--case", "t", "--json", "../../testdata/demo/cdr_001.csv")
	var first struct {
		Derived struct {
			Full     bool
			Presence int64
		} `json:"derived"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &first), out)
	require.Zero(t, placed(), "no cell list yet: nothing can be placed")

	out = mastOK(t, "load", "--cases", cases, "--case", "t", "../../testdata/demo/cells.csv")
	require.Contains(t, out, "Serving areas:")
	afterCells := placed()
	require.Positive(t, afterCells)
	areas := query(t, cases, "t", `SELECT count(*) AS n, count(DISTINCT cell_id) AS cells FROM cell_areas`)[0]
	require.Positive(t, num(areas["n"]))

	mastOK(t, "load", "--cases", cases, "--case", "t", "../../testdata/demo/cdr_002.csv")
	all := placed()
	require.Greater(t, all, afterCells)
	// Exactly the non-duplicate events on known cells, start and end.
	want := num(query(t, cases, "t", `
		SELECT (SELECT count(*) FROM events WHERE duplicate_of IS NULL AND start_cell IN (SELECT cell_key FROM cells))
		     + (SELECT count(*) FROM events WHERE duplicate_of IS NULL AND end_utc IS NOT NULL AND end_cell IN (SELECT cell_key FROM cells)) AS n`)[0]["n"])
	require.Equal(t, want, all)
	state := query(t, cases, "t", `SELECT count(*) AS n FROM sources WHERE source_id NOT IN (SELECT source_id FROM derived_sources)`)[0]
	require.Zero(t, num(state["n"]))
	// presence_slots, built a load at a time, summarises presence exactly.
	slots := query(t, cases, "t", `
		SELECT count(*) AS keys, count(*) FILTER (WHERE s.lo IS DISTINCT FROM p.lo OR s.hi IS DISTINCT FROM p.hi OR s.n IS DISTINCT FROM p.n) AS wrong
		FROM (SELECT bucket, cell_id, subject_id, min(lo_us) AS lo, max(hi_us) AS hi, sum(n) AS n FROM presence_slots GROUP BY ALL) s
		FULL JOIN (SELECT epoch_us(t) // 900000000 AS bucket, cell_id, subject_id, min(epoch_us(t)) AS lo, max(epoch_us(t)) AS hi, count(*) AS n
		           FROM presence GROUP BY ALL) p USING (bucket, cell_id, subject_id)`)[0]
	require.Positive(t, num(slots["keys"]))
	require.Zero(t, num(slots["wrong"]))
}
