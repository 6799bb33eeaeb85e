package analysis_test

import (
	"context"
	gosql "database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/bench"
	"github.com/mastcdr/mast/bench/world"
	"github.com/mastcdr/mast/engine"
)

// The analysis tests share one generated world, loaded once per test binary:
// 60 handsets over 14 days, every planted pattern in it, at 120 events a
// handset a day (sparser worlds leave journeys with too few records to follow).
var (
	worldOnce sync.Once
	worldCase *engine.Case
	worldDir  string
	worldErr  error
)

func worldOptions() world.Options {
	o := world.DefaultOptions()
	o.Handsets, o.Days, o.Seed, o.EventsPerDay = 60, 14, 7, 120
	o.Start = time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)
	return o
}

func TestMain(m *testing.M) {
	code := m.Run()
	if worldCase != nil {
		worldCase.Close()
	}
	if worldDir != "" {
		os.RemoveAll(worldDir)
	}
	os.Exit(code)
}

// analysed returns the shared case's database and the world's truth.json as
// a generic map (each test reads the lists it needs with readTruth).
func analysed(t *testing.T) (*gosql.DB, string) {
	t.Helper()
	worldOnce.Do(func() {
		ctx := context.Background()
		worldDir, worldErr = os.MkdirTemp("", "mast-analysis-")
		if worldErr != nil {
			return
		}
		if _, worldErr = world.Generate(ctx, worldOptions(), filepath.Join(worldDir, "files")); worldErr != nil {
			return
		}
		worldCase, worldErr = engine.Create(ctx, filepath.Join(worldDir, "world.duckdb"),
			engine.Settings{Name: "world", Region: "GB", TimeZone: "Europe/London"}, engine.DefaultOptions())
		if worldErr != nil {
			return
		}
		worldErr = bench.LoadWorld(ctx, worldCase, filepath.Join(worldDir, "files"))
	})
	require.NoError(t, worldErr)
	return worldCase.DB(), filepath.Join(worldDir, "files", "truth.json")
}

// readTruth decodes truth.json into v (a struct with the fields a test needs).
func readTruth(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, v))
}

// querier is the case's database or one connection to it (for what needs
// the connection's temporary tables).
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*gosql.Rows, error)
}

// rows runs q and returns each row as a map of column name to value.
func rows(t *testing.T, db querier, q string, args ...any) []map[string]any {
	t.Helper()
	rs, err := db.QueryContext(t.Context(), q, args...)
	require.NoError(t, err, q)
	defer rs.Close()
	cols, err := rs.Columns()
	require.NoError(t, err)
	var out []map[string]any
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rs.Scan(ptrs...))
		m := map[string]any{}
		for i, c := range cols {
			m[c] = vals[i]
		}
		out = append(out, m)
	}
	require.NoError(t, rs.Err())
	return out
}

func str(v any) string { return fmt.Sprint(v) }

// national writes an E.164 UK number as a caller would dial it at home,
// spaced: +447700900123 -> 07700 900123.
func national(e164 string) string {
	n := "0" + e164[3:]
	return n[:5] + " " + n[5:]
}
