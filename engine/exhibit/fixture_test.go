package exhibit

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/bench"
	"github.com/mastcdr/mast/engine"
)

// demoSubject is a handset of the demo case (testdata/demo) with stays and journeys.
const demoSubject = "+447700926847"

var (
	demoOnce sync.Once
	demoCase *engine.Case
	demoErr  error
)

// demo is the demo case, loaded once for the package's tests.
func demo(t *testing.T) *engine.Case {
	t.Helper()
	demoOnce.Do(func() {
		dir, err := tempDir()
		if err != nil {
			demoErr = err
			return
		}
		ctx := context.Background()
		c, err := engine.Create(ctx, filepath.Join(dir, "demo.duckdb"), engine.Settings{Name: "demo", Region: "GB", TimeZone: "Europe/London"}, demoOptions())
		if err != nil {
			demoErr = err
			return
		}
		demoErr = bench.LoadWorld(ctx, c, "../../testdata/demo")
		demoCase = c
	})
	require.NoError(t, demoErr)
	return demoCase
}

// fixedNow is the production time the tests give, so outputs can be compared byte for byte.
var fixedNow = time.Date(2026, 11, 24, 10, 30, 0, 0, time.UTC)

// demoOptions register the exhibit table function, as mast does.
func demoOptions() engine.Options {
	o := engine.DefaultOptions()
	o.Functions = append(o.Functions, RegisterSQL)
	return o
}

// newDemo loads a case of its own from testdata/demo, for a test that changes it.
func newDemo(t *testing.T) *engine.Case {
	t.Helper()
	ctx := context.Background()
	c, err := engine.Create(ctx, filepath.Join(t.TempDir(), "demo.duckdb"), engine.Settings{Name: "demo", Region: "GB", TimeZone: "Europe/London"}, demoOptions())
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	require.NoError(t, bench.LoadWorld(ctx, c, "../../testdata/demo"))
	return c
}

// london is the demo case's zone.
func london(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	return loc
}
