package engine

import (
	"context"
	gosql "database/sql"
	"fmt"
	"time"
)

// Summary is the short account of a case an analyst reads first.
type Summary struct {
	Name          string     `json:"name"`
	Sources       int64      `json:"sources"`
	Events        int64      `json:"events"`
	Duplicates    int64      `json:"duplicate_events"`
	Handsets      int64      `json:"handsets"` // distinct subjects: number, else IMSI, else IMEI
	IMEIs         int64      `json:"imeis"`    // distinct 14-digit IMEI keys
	First         *time.Time `json:"first_event_utc,omitempty"`
	Last          *time.Time `json:"last_event_utc,omitempty"`
	EventsOnCells int64      `json:"events_with_cell"`
	CellsMatched  int64      `json:"events_cell_matched"` // events whose start cell is in a cell list at its time
	CellKeys      int64      `json:"cells_used"`          // distinct start cells used by events
	CellRows      int64      `json:"cell_rows"`
	ANPRReads     int64      `json:"anpr_reads"`
	Rejects       int64      `json:"rejects"`
	TimeFlagged   int64      `json:"times_flagged"`
}

// Summary computes the case summary.
func (c *Case) Summary(ctx context.Context) (Summary, error) {
	s := Summary{Name: c.settings.Name}
	var first, last gosql.NullTime
	err := c.db.QueryRowContext(ctx, `
		SELECT
		  (SELECT count(*) FROM sources),
		  count(*),
		  count(duplicate_of),
		  count(DISTINCT coalesce(subject_msisdn, subject_imsi, subject_imei14)),
		  count(DISTINCT subject_imei14),
		  min(start_utc), max(start_utc),
		  count(start_cell),
		  count(DISTINCT start_cell),
		  count(time_flag),
		  (SELECT count(*) FROM cells),
		  (SELECT count(*) FROM anpr_reads),
		  (SELECT count(*) FROM rejects)
		FROM events`).Scan(&s.Sources, &s.Events, &s.Duplicates, &s.Handsets, &s.IMEIs, &first, &last,
		&s.EventsOnCells, &s.CellKeys, &s.TimeFlagged, &s.CellRows, &s.ANPRReads, &s.Rejects)
	if err != nil {
		return s, fmt.Errorf("case summary: %w", err)
	}
	if first.Valid {
		f, l := first.Time.UTC(), last.Time.UTC()
		s.First, s.Last = &f, &l
	}
	err = c.db.QueryRowContext(ctx, `
		SELECT count(*) FROM events e
		WHERE EXISTS (SELECT 1 FROM cells c WHERE c.cell_key = e.start_cell
		  AND (c.valid_from IS NULL OR c.valid_from <= e.start_utc)
		  AND (c.valid_to IS NULL OR e.start_utc < c.valid_to))`).Scan(&s.CellsMatched)
	if err != nil {
		return s, fmt.Errorf("case summary: cells matched: %w", err)
	}
	return s, nil
}
