package main

import (
	"context"
	"os"

	"github.com/mastcdr/mast/bench/serve"
)

func (a *app) benchServe(ctx context.Context, args []string) error {
	d := serve.DefaultOptions()
	fs, _ := a.newFlags("bench serve", "[--rows 1000000] [--runs 3] [--clients 50] [--duration 20s] [--dir DIR]",
		`Makes (once; reused after) a case whose event_points layer holds about --rows
points (a generated world loaded with mast's loaders), starts mast's wire
server in this process on loopback with its audit log, and:

  - reads the whole layer through it as QGIS does (BEGIN READ ONLY, DECLARE
    qgis_N BINARY CURSOR, FETCH FORWARD 2000 until done, CLOSE, COMMIT) and as
    GDAL does (extended protocol: DECLARE ... CURSOR, FETCH 500 in text until
    none, CLOSE, COMMIT), with a pgx client reading every row; each is timed
    next to the same SELECT run in this process through database/sql and the
    ratio printed, with the target: a million rows in 1.5 s (PostGIS's time
    for the same loop on a 2-core machine); each read is made with the audit
    log on, as mast serve runs, and again with it switched off;
  - runs a load test of --clients concurrent clients for --duration, each
    connecting with QGIS's catalog probes, then looping over SELECT 1,
    parameterised selects (extended protocol) and a QGIS bounding-box read,
    and prints throughput and latency percentiles per kind of query.`,
		"  mast bench serve\n  mast bench serve --rows 200000 --clients 10 --duration 5s")
	dir := fs.String("dir", d.Dir, "directory for the generated world and its case")
	rows := fs.Int64("rows", d.Rows, "about this many points in the layer")
	seed := fs.Int64("seed", d.Seed, "random seed of the world and of the load test")
	runs := fs.Int("runs", d.Runs, "runs of each cursor loop and of the in-process read; the best is kept")
	clients := fs.Int("clients", d.Clients, "concurrent clients of the load test (0 skips it)")
	duration := fs.Duration("duration", d.Duration, "how long the load test runs")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (pprof) of the cursor reads to this file")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		d.CPUProfile = f
	}
	o := d
	o.Dir, o.Rows, o.Seed, o.Runs, o.Clients, o.Duration, o.Out = *dir, *rows, *seed, *runs, *clients, *duration, a.stdout
	_, err := serve.Run(ctx, o)
	return err
}
