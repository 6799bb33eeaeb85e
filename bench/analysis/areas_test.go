package analysis_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Each handset's home lies inside the estimated serving area of the cell that
// serves it at home, for nearly every handset: the areas are wide enough to
// hold where the phones really were.
func TestHomesLieInTheirHomeCellsServingArea(t *testing.T) {
	db, truthPath := analysed(t)
	var truth struct {
		Handsets []struct {
			MSISDN   string     `json:"msisdn"`
			HomeCell string     `json:"home_cell"`
			Home     [2]float64 `json:"home"`
		} `json:"handsets"`
	}
	readTruth(t, truthPath, &truth)
	require.NotEmpty(t, truth.Handsets)
	inside := 0
	for _, h := range truth.Handsets {
		var n int64
		require.NoError(t, db.QueryRow(`
			SELECT count(*) FROM cell_areas a JOIN cell_coverage c USING (cell_id)
			WHERE c.preferred AND c.cell_key = ? AND a.h3 = h3_latlng_to_cell(?, ?, 9)`,
			h.HomeCell, h.Home[0], h.Home[1]).Scan(&n))
		if n > 0 {
			inside++
		}
	}
	share := float64(inside) / float64(len(truth.Handsets))
	t.Logf("%d of %d homes inside their home cell's area", inside, len(truth.Handsets))
	require.GreaterOrEqual(t, share, 0.9)
}

// Every preferred cell version has an area; every event with a known cell is
// placed; marked duplicates are not.
func TestEveryPlaceableEventIsPlaced(t *testing.T) {
	db, _ := analysed(t)
	var noArea, unplaced, dupPlaced int64
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM cell_coverage WHERE preferred AND h3_cells = 0`).Scan(&noArea))
	require.Zero(t, noArea)
	require.NoError(t, db.QueryRow(`
		SELECT count(*) FROM events e
		WHERE e.duplicate_of IS NULL AND e.start_cell IN (SELECT cell_key FROM cells)
		  AND NOT EXISTS (SELECT 1 FROM presence p WHERE p.event_id = e.event_id AND NOT p.at_end)`).Scan(&unplaced))
	require.Zero(t, unplaced)
	require.NoError(t, db.QueryRow(`
		SELECT count(*) FROM presence p JOIN events e USING (event_id) WHERE e.duplicate_of IS NOT NULL`).Scan(&dupPlaced))
	require.Zero(t, dupPlaced)
}
