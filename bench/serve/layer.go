package serve

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/mastcdr/mast/bench"
	"github.com/mastcdr/mast/bench/world"
	"github.com/mastcdr/mast/engine"
)

// caseName is the benchmark case: the database clients connect to.
const caseName = "serve"

// pointsPerEvent is about how many event_points rows the generator's world
// gives per event (a call placed at its start and end cells counts twice).
// It sizes the world; the layer's true row count is measured and printed.
const pointsPerEvent = 1.64

// ensureCase makes the benchmark case in dir/cases unless the stamp says it
// was made with the same options: a generated world of about opts.Rows
// event points, loaded with mast's loaders and derived (serving areas,
// presence), as `mast load` leaves a case. It returns the cases directory.
func ensureCase(ctx context.Context, opts Options) (string, error) {
	cases := filepath.Join(opts.Dir, "cases")
	files := filepath.Join(opts.Dir, "files")
	path := filepath.Join(cases, caseName+".duckdb")
	stamp := filepath.Join(opts.Dir, "bench-serve.txt")
	want := fmt.Sprintf("rows=%d seed=%d generator=%s\n", opts.Rows, opts.Seed, world.Version)
	if got, err := os.ReadFile(stamp); err == nil && string(got) == want {
		if _, err := os.Stat(path); err == nil {
			fmt.Fprintf(opts.Out, "reusing %s\n", path)
			return cases, nil
		}
	}
	for _, p := range []string{cases, files, stamp} {
		if err := os.RemoveAll(p); err != nil {
			return "", err
		}
	}
	wo := world.DefaultOptions()
	wo.Seed = opts.Seed
	wo.Handsets = max(12, min(1000, int(opts.Rows/5000)))
	wo.Days = 30
	wo.TargetEvents = max(1, int64(float64(opts.Rows)/pointsPerEvent))
	fmt.Fprintf(opts.Out, "generating a world of %d handsets over %d days (about %d events) into %s ...\n", wo.Handsets, wo.Days, wo.TargetEvents, files)
	began := time.Now()
	sum, err := world.Generate(ctx, wo, files)
	if err != nil {
		return "", err
	}
	c, err := engine.Create(ctx, path, engine.Settings{Name: caseName, Region: "GB", TimeZone: "Europe/London"}, engine.DefaultOptions())
	if err != nil {
		return "", err
	}
	if err := bench.LoadWorld(ctx, c, files); err != nil {
		c.Close()
		return "", err
	}
	if err := c.Close(); err != nil {
		return "", err
	}
	fmt.Fprintf(opts.Out, "generated %d events, loaded and derived them in %.1f s\n", sum.Events, time.Since(began).Seconds())
	if err := os.WriteFile(stamp, []byte(want), 0o644); err != nil {
		return "", err
	}
	return cases, nil
}
