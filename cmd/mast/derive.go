package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/mastcdr/mast/engine"
)

// derive brings the case's serving areas and event placements up to date
// after loads, telling the analyst on stderr what it is doing.
func (a *app) derive(ctx context.Context, c *engine.Case, tell bool) (engine.DeriveResult, error) {
	began := time.Now()
	progress := func(step string) {
		if tell {
			fmt.Fprintf(a.stderr, "%s ...\n", step)
		}
	}
	r, err := c.Derive(ctx, progress)
	if err != nil {
		return r, err
	}
	a.log.Debug("derive", "elapsed", time.Since(began))
	return r, nil
}

// printDerived says what the derive step did, if anything.
func printDerived(w io.Writer, r *engine.DeriveResult) {
	if r == nil || r.Sources == 0 && !r.Full {
		return
	}
	if r.Full {
		fmt.Fprintf(w, "Serving areas: %d cell versions drawn as %d H3 cells (resolution %d), %d overlapping pairs.\n",
			r.Cells, r.AreaCells, engine.AreaResolution, r.Overlaps)
	}
	fmt.Fprintf(w, "Placed %d event cells in serving areas (presence) in %.1f s.\n", r.Presence, r.Elapsed.Seconds())
}
