package pgcompat_test

import (
	"context"
	gosql "database/sql"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/bench"
	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/sql/pgcompat"
)

// The tests share one case: the demo files of testdata/demo loaded once per
// test binary, and two tables shaped like the traces' own (see
// traceTables), with the emulated catalog installed.
var (
	caseOnce sync.Once
	theCase  *engine.Case
	theCat   *pgcompat.Catalog
	caseDir  string
	caseErr  error
)

// traceTables are the relations the client traces read, rebuilt from the
// demo case's rows: events(id bigint primary key, msisdn, ts, duration_s,
// cell_id, geom) from events and event_points, and cells_sectors (id, cell_id,
// geom polygon) from cell_wedges. The corpus test renames the traces'
// relations to these.
const traceTables = `
CREATE TABLE trace_events (id BIGINT PRIMARY KEY, msisdn VARCHAR, ts TIMESTAMPTZ, duration_s INTEGER, cell_id VARCHAR, geom GEOMETRY);
INSERT INTO trace_events
SELECT e.event_id, p.subject, e.start_utc, e.duration_s, p.cell_key, p.geom
FROM events e JOIN event_points p ON p.event_id = e.event_id AND NOT p.at_end;
CREATE TABLE trace_sectors (id BIGINT PRIMARY KEY, cell_id VARCHAR, geom GEOMETRY);
INSERT INTO trace_sectors SELECT cell_id, cell_key, geom FROM cell_wedges;
`

func TestMain(m *testing.M) {
	code := m.Run()
	if theCase != nil {
		theCase.Close()
	}
	if caseDir != "" {
		os.RemoveAll(caseDir)
	}
	os.Exit(code)
}

// demo returns the shared case and its catalog.
func demo(t testing.TB) (*gosql.DB, *pgcompat.Catalog) {
	t.Helper()
	caseOnce.Do(func() {
		ctx := context.Background()
		caseDir, caseErr = os.MkdirTemp("", "mast-pgcompat-")
		if caseErr != nil {
			return
		}
		theCase, caseErr = engine.Create(ctx, filepath.Join(caseDir, "demo.duckdb"),
			engine.Settings{Name: "demo", Region: "GB", TimeZone: "Europe/London"}, engine.DefaultOptions())
		if caseErr != nil {
			return
		}
		if caseErr = bench.LoadWorld(ctx, theCase, "../../testdata/demo"); caseErr != nil {
			return
		}
		if _, caseErr = theCase.DB().ExecContext(ctx, traceTables); caseErr != nil {
			return
		}
		theCat, caseErr = pgcompat.Install(ctx, theCase.DB())
	})
	require.NoError(t, caseErr)
	return theCase.DB(), theCat
}
