package engine_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/catalog"
	"github.com/mastcdr/mast/engine"
)

func newCase(t *testing.T, opts engine.Options) (*engine.Case, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.duckdb")
	c, err := engine.Create(context.Background(), path, engine.Settings{Name: "t", Region: "GB", TimeZone: "Europe/London"}, opts)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c, path
}

func TestCreateAppliesEverySchemaVersion(t *testing.T) {
	t.Parallel()
	c, _ := newCase(t, engine.DefaultOptions())
	require.Equal(t, catalog.Latest(), c.SchemaVersion())
	var n int
	require.NoError(t, c.DB().QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n))
	require.Equal(t, catalog.Latest(), n)
	require.Equal(t, engine.Settings{Name: "t", Region: "GB", TimeZone: "Europe/London"}, c.Settings())
}

func TestEveryColumnIsCommented(t *testing.T) {
	t.Parallel()
	c, _ := newCase(t, engine.DefaultOptions())
	docs, err := c.Describe(context.Background())
	require.NoError(t, err)
	tables := map[string]bool{}
	for _, d := range docs {
		tables[d.Name] = true
		require.NotEmpty(t, d.Comment, "table %s has no comment", d.Name)
		if d.Kind != "table" {
			continue
		}
		for _, col := range d.Columns {
			require.NotEmpty(t, col.Comment, "column %s.%s has no comment", d.Name, col.Name)
		}
	}
	for _, want := range []string{"sources", "events", "cells", "cell_areas", "anpr_reads", "rejects", "case_meta", "event_cells"} {
		require.True(t, tables[want], "missing %s", want)
	}
}

// Tables come in the order the migrations create them, then views: events
// stays after sources though 0010 and 0012 rebuild it (DuckDB lists a
// rebuilt table last).
func TestDescribeKeepsTheMigrationsOrder(t *testing.T) {
	t.Parallel()
	c, _ := newCase(t, engine.DefaultOptions())
	docs, err := c.Describe(context.Background())
	require.NoError(t, err)
	var names []string
	for _, d := range docs {
		names = append(names, d.Kind+" "+d.Name)
	}
	require.Equal(t, []string{"table schema_migrations", "table case_meta", "table sources", "table events", "table cells"}, names[:5])
	require.Equal(t, "table identity_days", names[len(names)-7])
	require.Equal(t, "view cell_wedges", names[len(names)-6])
}

func TestOpenMigratesAnOlderCase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	opts := engine.DefaultOptions()
	opts.MigrateTo = 1
	path := filepath.Join(t.TempDir(), "old.duckdb")
	c, err := engine.Create(ctx, path, engine.Settings{Name: "old"}, opts)
	require.NoError(t, err)
	require.Equal(t, 1, c.SchemaVersion())
	var views int
	require.NoError(t, c.DB().QueryRow(`SELECT count(*) FROM duckdb_views() WHERE view_name = 'event_cells'`).Scan(&views))
	require.Zero(t, views, "version 1 must not have the views of version 2")
	require.NoError(t, c.Close())

	c, err = engine.Open(ctx, path, engine.DefaultOptions())
	require.NoError(t, err)
	defer c.Close()
	require.Equal(t, catalog.Latest(), c.SchemaVersion())
	require.NoError(t, c.DB().QueryRow(`SELECT count(*) FROM duckdb_views() WHERE view_name = 'event_cells'`).Scan(&views))
	require.Equal(t, 1, views)
}

// olderCaseWithCDRs makes a case as a mast of schema version would have
// left it, with cdrFile loaded, and returns it open, with its path.
func olderCaseWithCDRs(t *testing.T, version int) (*engine.Case, string) {
	t.Helper()
	opts := engine.DefaultOptions()
	opts.MigrateTo = version
	path := filepath.Join(t.TempDir(), "older.duckdb")
	c, err := engine.Create(context.Background(), path, engine.Settings{Name: "older", Region: "GB", TimeZone: "UTC"}, opts)
	require.NoError(t, err)
	_, err = load(t, c, "a.csv", strings.NewReader(cdrFile), sum(cdrFile))
	require.NoError(t, err)
	return c, path
}

// openTelling opens the case at path as mast does, keeping what Open tells
// of its slow steps (Options.Notice); the case is closed with the test.
func openTelling(t *testing.T, path string) (*engine.Case, []string) {
	t.Helper()
	opts := engine.DefaultOptions()
	var notices []string
	opts.Notice = func(msg string) { notices = append(notices, msg) }
	c, err := engine.Open(context.Background(), path, opts)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c, notices
}

// A case just made has nothing to upgrade or derive: opening it says nothing.
func TestANewCaseOpensQuietly(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "new.duckdb")
	c, err := engine.Create(context.Background(), path, engine.Settings{Name: "new"}, engine.DefaultOptions())
	require.NoError(t, err)
	require.NoError(t, c.Close())
	_, notices := openTelling(t, path)
	require.Empty(t, notices)
}

func TestTheEventsRebuildKeepsRowsOrderAndComments(t *testing.T) {
	t.Parallel()
	c, path := olderCaseWithCDRs(t, 9)
	const rows = `SELECT string_agg(event_id || ' ' || record_id || ' ' || time_text || ' ' || coalesce(duplicate_of, 0) || ' ' ||
		direction || ' ' || kind || ' ' || coalesce(other_kind::VARCHAR, '-') || ' ' || coalesce(time_flag::VARCHAR, '-'), '; ') FROM events`
	var before string
	require.NoError(t, c.DB().QueryRow(rows).Scan(&before))
	require.NoError(t, c.Close())

	c, notices := openTelling(t, path)
	require.Len(t, notices, 2, "%q", notices) // the upgrade, then identity_days filled
	require.Contains(t, notices[0], "from schema version 9 to")
	require.Contains(t, notices[0], "versions 10 and 12 each rewrite the events table")
	var after string
	require.NoError(t, c.DB().QueryRow(rows).Scan(&after))
	require.Equal(t, before, after)
	var uncommented int
	require.NoError(t, c.DB().QueryRow(`SELECT count(*) FROM duckdb_columns() WHERE table_name = 'events' AND comment IS NULL`).Scan(&uncommented))
	require.Zero(t, uncommented)
	var tableComment string
	require.NoError(t, c.DB().QueryRow(`SELECT comment FROM duckdb_tables() WHERE table_name = 'events'`).Scan(&tableComment))
	require.Contains(t, tableComment, "communication event")

	// The vocabularies are ENUMs (0012), and the methods named in 0010 are
	// the ones DuckDB stores the text columns with.
	var types string
	require.NoError(t, c.DB().QueryRow(`
		SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY column_name)
		FROM duckdb_columns() WHERE table_name = 'events' AND column_name IN ('direction', 'kind', 'other_kind', 'time_flag')`).Scan(&types))
	require.Equal(t, "direction ENUM('out', 'in', 'fwd', 'none'), kind ENUM('voice', 'sms', 'mms', 'data', 'voicemail', 'forward'), "+
		"other_kind ENUM('e164', 'short', 'alpha', 'invalid'), time_flag ENUM('ambiguous', 'nonexistent')", types)
	_, err := c.DB().Exec(`CHECKPOINT`)
	require.NoError(t, err)
	var methods string
	require.NoError(t, c.DB().QueryRow(`
		SELECT string_agg(DISTINCT column_name || ' ' || compression, ', ' ORDER BY column_name || ' ' || compression)
		FROM pragma_storage_info('events')
		WHERE segment_type = 'VARCHAR' AND column_name IN ('time_text', 'time_zone', 'start_cell')`).Scan(&methods))
	require.Equal(t, "start_cell Dictionary, time_text FSST, time_zone Dictionary", methods)
}

func TestIdentityDaysCoverFilesLoadedBeforeAndAfterTheTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, path := olderCaseWithCDRs(t, 10)
	require.NoError(t, c.Close())

	// Opening with this mast adds the table and fills it from the file
	// loaded before: R1 and R2 on one day and cell; R3 was rejected and R4
	// is a marked duplicate. Both slow steps are announced.
	c, notices := openTelling(t, path)
	require.Len(t, notices, 2, "%q", notices)
	require.Contains(t, notices[0], "(version 12 rewrites the events table")
	require.Contains(t, notices[1], "derived tables")
	const days = `SELECT string_agg(source_id || ' ' || kind || ' ' || identity || ' ' || day || ' ' || cells::VARCHAR, '; ' ORDER BY source_id, kind, identity, day) FROM identity_days`
	var got string
	require.NoError(t, c.DB().QueryRow(days).Scan(&got))
	require.Equal(t, "1 msisdn +447700900123 2026-03-01 [234-15-1201-31010]", got)

	// A later file adds its own rows at the next derive: a call that ends
	// the next day, on another cell, counts on both days.
	later := "record_id,subject_msisdn,direction,kind,start_time,duration_s,start_cell,end_cell\n" +
		"L1,07700900123,out,voice,2026-03-02T23:59:00Z,120,234-15-1201-31011,234-15-1201-31012\n"
	_, err := load(t, c, "b.csv", strings.NewReader(later), sum(later))
	require.NoError(t, err)
	_, err = c.Derive(ctx, nil)
	require.NoError(t, err)
	require.NoError(t, c.DB().QueryRow(days).Scan(&got))
	require.Equal(t, "1 msisdn +447700900123 2026-03-01 [234-15-1201-31010]; "+
		"2 msisdn +447700900123 2026-03-02 [234-15-1201-31011]; 2 msisdn +447700900123 2026-03-03 [234-15-1201-31012]", got)

	// A file whose every event repeats one loaded before adds no row, and
	// is not looked at again: the next derive has nothing to do.
	again := cdrFile + "\n"
	_, err = load(t, c, "again.csv", strings.NewReader(again), sum(again))
	require.NoError(t, err)
	res, err := c.Derive(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, 1, res.Sources)
	res, err = c.Derive(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, engine.DeriveResult{}, res)
	require.NoError(t, c.DB().QueryRow(days).Scan(&got))
	require.NotContains(t, got, "3 msisdn")
}

func TestOpenRefusesACaseFromANewerMast(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, path := newCase(t, engine.DefaultOptions())
	_, err := c.DB().Exec(`INSERT INTO schema_migrations VALUES (999, 'future', 'x', now(), 'mast 9')`)
	require.NoError(t, err)
	require.NoError(t, c.Close())
	_, err = engine.Open(ctx, path, engine.DefaultOptions())
	require.ErrorIs(t, err, engine.ErrNewerSchema)
	require.Contains(t, err.Error(), "999")
}

func TestOpenMissingAndCreateExisting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, err := engine.Open(ctx, filepath.Join(t.TempDir(), "nope.duckdb"), engine.DefaultOptions())
	require.ErrorIs(t, err, engine.ErrNoCase)
	c, path := newCase(t, engine.DefaultOptions())
	require.NoError(t, c.Close())
	_, err = engine.Create(ctx, path, engine.Settings{Name: "t"}, engine.DefaultOptions())
	require.ErrorIs(t, err, engine.ErrCaseExists)
}
