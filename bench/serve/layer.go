package serve

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/mastcdr/mast/bench"
	"github.com/mastcdr/mast/bench/world"
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
	want := fmt.Sprintf("rows=%d seed=%d generator=%s\n", opts.Rows, opts.Seed, world.Version)
	_, err := bench.KeepCase(ctx, opts.Out, path, filepath.Join(opts.Dir, "bench-serve.txt"), want, []string{cases, files},
		func(ctx context.Context) (string, error) {
			wo := world.DefaultOptions()
			wo.Seed = opts.Seed
			wo.Handsets = max(12, min(1000, int(opts.Rows/5000)))
			wo.Days = 30
			wo.TargetEvents = max(1, int64(float64(opts.Rows)/pointsPerEvent))
			fmt.Fprintf(opts.Out, "generating a world of %d handsets over %d days (about %d events) into %s ...\n", wo.Handsets, wo.Days, wo.TargetEvents, files)
			sum, err := world.Generate(ctx, wo, files)
			if err != nil {
				return "", err
			}
			fmt.Fprintf(opts.Out, "generated %d events\n", sum.Events)
			return "", bench.LoadWorldCase(ctx, opts.Out, path, caseName, files)
		})
	if err != nil {
		return "", err
	}
	return cases, nil
}
