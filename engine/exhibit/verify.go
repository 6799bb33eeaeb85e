package exhibit

import (
	"context"
	gosql "database/sql"
	"fmt"
	"time"
)

// Verdict is what Verify found.
type Verdict struct {
	Matches    bool
	Rows       int64    // rows the query gives now
	RowsSHA256 string   // their digest now
	Problems   []string // why it does not match, one sentence each
}

// Verify re-runs the query a manifest records, in its time zone, and says
// whether the rows are still the ones the exhibit shows, and whether every
// input file it names is still in the case with the same SHA-256.
func Verify(ctx context.Context, db *gosql.DB, m *Manifest) (Verdict, error) {
	loc, err := time.LoadLocation(m.TimeZone)
	if err != nil {
		return Verdict{}, fmt.Errorf("the exhibit's time zone %q: %w", m.TimeZone, err)
	}
	t, err := m.table(ctx, db, loc)
	if err != nil {
		return Verdict{}, fmt.Errorf("re-run the exhibit's query: %w", err)
	}
	defer t.Close()
	now := &Manifest{TimeZone: m.TimeZone}
	if err := pass(t, now, func([]any, []string) error { return nil }); err != nil {
		return Verdict{}, err
	}
	v := Verdict{Rows: now.Rows, RowsSHA256: now.RowsSHA256}
	if now.Rows != m.Rows {
		v.Problems = append(v.Problems, fmt.Sprintf("the query now gives %d rows; the exhibit shows %d", now.Rows, m.Rows))
	}
	if now.RowsSHA256 != m.RowsSHA256 {
		v.Problems = append(v.Problems, fmt.Sprintf("the rows' SHA-256 is now %s; the exhibit records %s", now.RowsSHA256, m.RowsSHA256))
	}
	have := map[int64]Input{}
	for _, in := range t.sources {
		have[in.SourceID] = in
	}
	for _, in := range m.Inputs {
		got, ok := have[in.SourceID]
		switch {
		case !ok:
			v.Problems = append(v.Problems, fmt.Sprintf("input %s (source %d, SHA-256 %s) is no longer in the case", in.FileName, in.SourceID, in.SHA256))
		case got.SHA256 != in.SHA256:
			v.Problems = append(v.Problems, fmt.Sprintf("source %d is now %s with SHA-256 %s; the exhibit names %s with %s", in.SourceID, got.FileName, got.SHA256, in.FileName, in.SHA256))
		}
	}
	v.Matches = len(v.Problems) == 0
	return v, nil
}
