package exhibit

import (
	"context"
	gosql "database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mastcdr/mast/engine"
	mastexhibit "github.com/mastcdr/mast/engine/exhibit"
)

// Options configure Run.
type Options struct {
	Dir  string // where the world, the case and the written files are kept (the case is reused when it matches)
	Rows int64  // about this many events, all of one subject
	Seed int64
	Runs int // runs of each side; the best time is kept, and the highest memory
	Out  io.Writer
}

// DefaultOptions is the benchmark: a schedule of a million rows.
func DefaultOptions() Options {
	return Options{Dir: "bench/out/exhibit", Rows: 1_000_000, Seed: 5, Runs: 1}
}

// Result is one side's best run.
type Result struct {
	Name    string
	File    string // the file written
	Rows    int64
	Bytes   int64
	Elapsed time.Duration
	Memory  Memory
}

// RowsPerSec is the side's rate.
func (r Result) RowsPerSec() float64 { return float64(r.Rows) / r.Elapsed.Seconds() }

// The sides, in the order they run and print; the first is the baseline.
const (
	SideBaseline = "duckdb COPY (query) TO csv"
	SideCSV      = "mast exhibit schedule csv"
	SideXLSX     = "mast exhibit schedule xlsx"
)

// produced is the production time written in the exhibits, fixed so that
// every run writes the same bytes.
var produced = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Run makes (or reuses) the case, then times each side opts.Runs times, in
// turn, and prints their best times, rates and ratios to the baseline, and
// their memory.
func Run(ctx context.Context, opts Options) ([]Result, error) {
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	if opts.Runs <= 0 {
		opts.Runs = 1
	}
	if opts.Rows <= 0 {
		return nil, fmt.Errorf("bench exhibit: --rows must be positive (got %d)", opts.Rows)
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, err
	}
	path, subject, err := ensureCase(ctx, opts)
	if err != nil {
		return nil, err
	}
	c, err := engine.Open(ctx, path, engine.DefaultOptions())
	if err != nil {
		return nil, err
	}
	defer c.Close()
	loc, err := time.LoadLocation(c.Settings().TimeZone)
	if err != nil {
		return nil, err
	}
	s := mastexhibit.Subject{Subject: subject}
	query := mastexhibit.SubjectQuery(s)
	var n int64
	if err := c.DB().QueryRowContext(ctx, `SELECT count(*) FROM (`+query+`)`).Scan(&n); err != nil {
		return nil, fmt.Errorf("count the schedule's rows: %w", err)
	}
	fmt.Fprintf(opts.Out, "case: the schedule of %s has %d rows\n\n", subject, n)

	produce := func(format string) func(context.Context, *gosql.DB, string) (int64, error) {
		return func(ctx context.Context, db *gosql.DB, file string) (int64, error) {
			f, err := os.Create(file)
			if err != nil {
				return 0, err
			}
			defer f.Close()
			m, err := mastexhibit.Produce(ctx, db, mastexhibit.Request{Kind: "schedule", Format: format, Case: caseName,
				Subject: &s, Reference: "BENCH/1", Analyst: "mast bench exhibit", Command: "mast bench exhibit", Loc: loc, Now: produced}, f)
			if err != nil {
				return 0, err
			}
			return m.Rows, f.Close()
		}
	}
	sides := []struct {
		name, file string
		run        func(context.Context, *gosql.DB, string) (int64, error)
	}{
		{SideBaseline, "baseline.csv", func(ctx context.Context, db *gosql.DB, file string) (int64, error) {
			res, err := db.ExecContext(ctx, `COPY (`+query+`) TO '`+strings.ReplaceAll(file, "'", "''")+`' (FORMAT csv, HEADER)`)
			if err != nil {
				return 0, err
			}
			return res.RowsAffected()
		}},
		{SideCSV, "schedule.csv", produce("csv")},
		{SideXLSX, "schedule.xlsx", produce("xlsx")},
	}
	if n+1 > excelize.TotalRows {
		fmt.Fprintf(opts.Out, "(no xlsx: a sheet holds %d rows, the header included)\n\n", excelize.TotalRows)
		sides = sides[:2]
	}
	best := make([]Result, len(sides))
	for run := 1; run <= opts.Runs; run++ {
		for i, side := range sides {
			file := filepath.Join(opts.Dir, side.file)
			debug.FreeOSMemory() // a GC, and the freed heap given back, so "before" is this run's floor
			stop := watchMemory()
			began := time.Now()
			rows, err := side.run(ctx, c.DB(), file)
			elapsed := time.Since(began)
			mem := stop()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", side.name, err)
			}
			st, err := os.Stat(file)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(opts.Out, "run %d  %-28s %d rows in %.2fs; peak Go heap %s, peak RSS %s\n", run, side.name+":", rows, elapsed.Seconds(), mb(mem.HeapPeak), mb(mem.RSSPeak))
			r := Result{Name: side.name, File: file, Rows: rows, Bytes: st.Size(), Elapsed: elapsed, Memory: best[i].Memory.merge(mem)}
			if best[i].Elapsed != 0 && best[i].Elapsed <= elapsed {
				r.Rows, r.Bytes, r.Elapsed = best[i].Rows, best[i].Bytes, best[i].Elapsed
			}
			best[i] = r
		}
	}
	printResults(opts.Out, best)
	return best, nil
}

// printResults writes the results' table; the first result is the baseline.
func printResults(w io.Writer, rs []Result) {
	fmt.Fprintf(w, "\n%-28s %9s %8s %10s %9s %6s %16s %16s\n", "", "rows", "seconds", "rows/s", "MB", "ratio", "Go heap MB", "RSS MB")
	fmt.Fprintf(w, "%-28s %9s %8s %10s %9s %6s %16s %16s\n", "", "", "", "", "", "", "before → peak", "before → peak")
	for _, r := range rs {
		fmt.Fprintf(w, "%-28s %9d %8.2f %10.0f %9.1f %6.2f %16s %16s\n", r.Name, r.Rows, r.Elapsed.Seconds(), r.RowsPerSec(),
			float64(r.Bytes)/1e6, r.RowsPerSec()/rs[0].RowsPerSec(),
			mb(r.Memory.HeapBefore)+" → "+mb(r.Memory.HeapPeak), mb(r.Memory.RSSBefore)+" → "+mb(r.Memory.RSSPeak))
	}
	fmt.Fprintf(w, "ratio: the side's rows/s over the baseline's (DuckDB writing the same query's rows itself)\n")
}

// mb writes bytes as whole megabytes; n/a for 0 (not measured).
func mb(n uint64) string {
	if n == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0f", float64(n)/1e6)
}
