package main

import (
	"context"

	benchexhibit "github.com/mastcdr/mast/bench/exhibit"
)

func (a *app) benchExhibit(ctx context.Context, args []string) error {
	d := benchexhibit.DefaultOptions()
	fs, _ := a.newFlags("bench exhibit", "[--rows 1000000] [--runs N] [--dir DIR]",
		`Makes (once; reused after) a case in which one subject holds about --rows
events (a generated world whose CDR is given to one handset, loaded with
mast's loaders), then times, in this process and in turn:

  - DuckDB's own COPY of the subject's schedule query to a CSV file (the
    baseline: the same rows, written without leaving DuckDB);
  - mast's subject schedule exhibit (exhibit.Produce) written as CSV;
  - the same exhibit written as XLSX.

Prints rows, seconds, rows/s, bytes, each rate as a ratio of the baseline's,
and the peak Go heap and process RSS during each run next to their values
before it: a schedule streams, so the Go heap must not grow with the rows.
The files are left in --dir.`,
		"  mast bench exhibit\n  mast bench exhibit --rows 100000 --runs 3")
	dir := fs.String("dir", d.Dir, "directory for the world, its case and the written files")
	rows := fs.Int64("rows", d.Rows, "about this many events, all of one subject")
	seed := fs.Int64("seed", d.Seed, "random seed of the world")
	runs := fs.Int("runs", d.Runs, "runs of each side; the best time is kept")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	o := d
	o.Dir, o.Rows, o.Seed, o.Runs, o.Out = *dir, *rows, *seed, *runs, a.stdout
	_, err := benchexhibit.Run(ctx, o)
	return err
}
