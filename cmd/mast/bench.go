package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mastcdr/mast/bench"
	"github.com/mastcdr/mast/bench/analysis"
	"github.com/mastcdr/mast/bench/world"
)

func (a *app) cmdBench(ctx context.Context, args []string) error {
	if len(args) == 0 || (args[0] != "generate" && args[0] != "load" && args[0] != "analysis" && args[0] != "serve" && args[0] != "exhibit") {
		fmt.Fprint(a.stdout, `Usage: mast bench generate|load|analysis|serve|exhibit [flags]

  bench generate  write a deterministic synthetic world (cell lists, CDRs,
                  ANPR reads, and truth.json of what was planted) to a directory
  bench load      time mast's load of a generated 10M-event CDR file next to
                  DuckDB's plain read_csv of the same file, and print the ratio
  bench analysis  time the analysis functions on a generated 1,000-handset,
                  90-day case next to plain SQL that answers the same question
                  without mast's serving areas, and print the ratios
  bench serve     time QGIS's and GDAL's cursor reads of a 1M-point layer
                  through mast serve next to the same SELECT in process, and
                  load the server with 50 clients (throughput, latencies)
  bench exhibit   time a 1M-row subject schedule exhibit to CSV and XLSX next
                  to DuckDB's own COPY of its query, with peak Go heap and RSS
`)
		if len(args) == 0 || (args[0] != "--help" && args[0] != "-h") {
			return fmt.Errorf("%w: bench generate, load, analysis, serve or exhibit", errUsage)
		}
		return nil
	}
	if args[0] == "generate" {
		return a.benchGenerate(ctx, args[1:])
	}
	if args[0] == "analysis" {
		return a.benchAnalysis(ctx, args[1:])
	}
	if args[0] == "serve" {
		return a.benchServe(ctx, args[1:])
	}
	if args[0] == "exhibit" {
		return a.benchExhibit(ctx, args[1:])
	}
	return a.benchLoad(ctx, args[1:])
}

func (a *app) benchGenerate(ctx context.Context, args []string) error {
	d := world.DefaultOptions()
	fs, _ := a.newFlags("bench generate", "--out DIR [flags]",
		`Writes a synthetic world: a region with cell sites and sectors, handsets with
homes, workplaces and routines, their events on the cells that serve where they
are (mast-cdr layout), the cell list in three layouts, ANPR reads, and
five tower dumps (profile towerdump) of the world's handsets among bystanders,
and truth.json recording what was planted (home and work cells, handsets carried
together, convoys, a handset swap, a SIM swap, a cloned SIM, a meeting of three,
a tower-dump offender at three of the five scenes). The same seed and options
always give the same bytes. See docs/world.md.`,
		"  mast bench generate --out testdata/demo --handsets 12 --days 3 --dirty --dump-rows 200\n  mast bench generate --out /tmp/big --handsets 1000 --days 90 --events 50000000 --dump-rows 1000000")
	out := fs.String("out", "", "directory to write (created if missing)")
	seed := fs.Int64("seed", d.Seed, "random seed")
	handsets := fs.Int("handsets", d.Handsets, "number of handsets")
	days := fs.Int("days", d.Days, "number of days")
	events := fs.Int64("events", 0, "about this many events in total (overrides the per-day rate)")
	dirty := fs.Bool("dirty", false, "plant malformed lines, duplicates and clock-change local times")
	files := fs.Int("files", 1, "split the CDR into this many files")
	dumpRows := fs.Int("dump-rows", d.DumpRows, "bystander rows in each of the five tower dumps (0 for none)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("%w: --out DIR is required", errUsage)
	}
	o := d
	o.Seed, o.Handsets, o.Days, o.TargetEvents, o.Dirty, o.Files, o.DumpRows = *seed, *handsets, *days, *events, *dirty, *files, *dumpRows
	if o.DumpRows == 0 {
		o.DumpRows = -1 // none; Options reads 0 as the default
	}
	began := time.Now()
	sum, err := world.Generate(ctx, o, *out)
	if err != nil {
		return err
	}
	t := &textTable{header: []string{"file", "kind", "profile", "rows", "malformed", "duplicates"}, right: map[int]bool{3: true, 4: true, 5: true}}
	for _, f := range sum.Files {
		t.add(f.Name, f.Kind, f.Profile, fmt.Sprint(f.Rows), fmt.Sprint(f.Bad), fmt.Sprint(f.Duplicates))
	}
	t.write(a.stdout)
	fmt.Fprintf(a.stdout, "\n%d handsets, %d cells, %d events written to %s in %.1fs\n", sum.Handsets, sum.Cells, sum.Events, *out, time.Since(began).Seconds())
	return nil
}

func (a *app) benchLoad(ctx context.Context, args []string) error {
	fs, _ := a.newFlags("bench load", "[--events 10000000] [--dir DIR] [--runs N]",
		`Generates (once; reused after) a canonical CDR file of about --events rows,
then times, in this process and alternating, DuckDB's plain read_csv of it into
a table and mast's full load of it (hash, parse, normalise numbers, times, IMEIs
and cells, mark duplicates, record provenance and rejects, in one transaction).
Prints both rates and mast's as a ratio of the plain one; the target is 0.5.
The same events are then rewritten in provider layouts (--layouts) and the
comparison repeated with each layout's bundled profile. Last, the uk-cdr layout's
rows are written as an .xlsx workbook and loaded, with the rate and the peak
Go heap printed (a workbook is slower than text; it must not be held whole).`,
		"  mast bench load\n  mast bench load --events 1000000 --runs 3\n  mast bench load --canonical=false --layouts uk-cdr --workbook-rows 0 --runs 3")
	dir := fs.String("dir", "bench/out/load", "directory for the generated world")
	events := fs.Int64("events", 10_000_000, "events in the generated file")
	seed := fs.Int64("seed", 7, "random seed of the world")
	runs := fs.Int("runs", 1, "runs of each side; the best of each is compared")
	workers := fs.Int("workers", 0, "mast's parsing goroutines (default: one per core)")
	layouts := fs.String("layouts", strings.Join(world.Layouts, ","), "provider layouts to benchmark too (the events rewritten in each); empty for none")
	workbookRows := fs.Int64("workbook-rows", 1_000_000, "also load this many rows of the uk-cdr layout written as an .xlsx workbook, and print its rate (0 for none)")
	canonical := fs.Bool("canonical", true, "time the canonical mast-cdr file too (false: only the --layouts)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	var ls []string
	for _, l := range strings.Split(*layouts, ",") {
		if l = strings.TrimSpace(l); l != "" {
			ls = append(ls, l)
		}
	}
	_, _, err := bench.LoadBenchmark(ctx, bench.LoadOptions{Dir: *dir, Events: *events, Seed: *seed, Runs: *runs, Workers: *workers, Out: a.stdout, Layouts: ls, WorkbookRows: *workbookRows, SkipCanonical: !*canonical})
	return err
}

func (a *app) benchAnalysis(ctx context.Context, args []string) error {
	d := analysis.DefaultOptions()
	fs, _ := a.newFlags("bench analysis", "[--handsets 1000] [--days 90] [--events 50000000] [--dir DIR]",
		`Generates (once; reused after) a synthetic world and loads it into a case,
then times each analysis question both ways in this process: mast's function
(over serving areas as H3 cells, presence and cell overlaps) and a
straightforward SQL formulation of the same question that uses no H3 areas
(joins on time windows and on the distance between cell sites). Prints both
times and the ratio. The issue's targets: one-target questions under 1 s,
all pairs among 50 targets under 30 s, and at least 10x the plain SQL.
Making the default world (about 50M events) takes a while and about 10 GB of
disk; smaller worlds (--handsets 200 --days 30 --events 5000000) are quick.`,
		"  mast bench analysis\n  mast bench analysis --handsets 200 --days 30 --events 5000000 --dump-rows 100000")
	dir := fs.String("dir", d.Dir, "directory for the generated world and its case")
	handsets := fs.Int("handsets", d.Handsets, "handsets in the world")
	days := fs.Int("days", d.Days, "days in the world")
	events := fs.Int64("events", d.Events, "about this many events in all")
	dumpRows := fs.Int("dump-rows", d.DumpRows, "bystander rows per tower-dump scene")
	seed := fs.Int64("seed", d.Seed, "random seed of the world")
	targets := fs.Int("targets", d.Targets, "targets of the all-pairs question")
	runs := fs.Int("runs", d.Runs, "runs of each side; the best is kept")
	timeout := fs.Duration("timeout", d.Timeout, "stop a plain-SQL side after this long and show it as more than that")
	only := fs.String("only", "", "comma-separated workload names to run (default all)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	o := d
	o.Dir, o.Handsets, o.Days, o.Events, o.DumpRows, o.Seed, o.Targets, o.Runs, o.Timeout, o.Out =
		*dir, *handsets, *days, *events, *dumpRows, *seed, *targets, *runs, *timeout, a.stdout
	if *only != "" {
		o.Only = strings.Split(*only, ",")
	}
	_, err := analysis.Run(ctx, o)
	return err
}
