package analysis

import (
	"context"
	gosql "database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/mastcdr/mast/bench"
	"github.com/mastcdr/mast/bench/world"
	"github.com/mastcdr/mast/engine"
)

// Options configure Run.
type Options struct {
	Dir      string // where the world and its case are kept (reused when they match)
	Handsets int
	Days     int
	Events   int64 // about this many events in all; 0 = the generator's rate
	DumpRows int   // bystander rows per tower-dump scene
	Seed     int64
	Targets  int           // targets of the all-pairs workload
	Runs     int           // runs of each side; the best is kept
	Timeout  time.Duration // a side that takes longer is stopped and shown as "> timeout"
	Only     []string      // workload names to run; empty = all
	Out      io.Writer
}

// DefaultOptions is the benchmark the analysis issue sets: 1,000 handsets
// over 90 days, about 50M events, five tower-dump scenes of 1M rows.
func DefaultOptions() Options {
	return Options{Dir: "bench/out/analysis", Handsets: 1000, Days: 90, Events: 50_000_000, DumpRows: 1_000_000,
		Seed: 11, Targets: 50, Runs: 1, Timeout: 10 * time.Minute}
}

// Result is one workload's timing.
type Result struct {
	Name     string
	Mast     time.Duration
	Plain    time.Duration
	PlainOut bool // the plain side hit the timeout
	// Settled is how long the run waited after the plain side was stopped
	// for DuckDB to wind it down, before the next workload.
	Settled time.Duration
	Rows    int64
	Agree   string // how the two sides' answers compare
	Target  string // the goal the issue sets
}

// Run makes (or reuses) the world and its case, then times each workload:
// mast's function next to a straightforward SQL formulation of the same
// question that uses no H3 areas (distance joins on cell coordinates), run
// in the same process, and prints both and the ratio.
func Run(ctx context.Context, opts Options) ([]Result, error) {
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	if opts.Runs <= 0 {
		opts.Runs = 1
	}
	c, truth, err := ensureCase(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	var n int64
	if err := c.DB().QueryRowContext(ctx, `SELECT count(*) FROM events`).Scan(&n); err != nil {
		return nil, err
	}
	fmt.Fprintf(opts.Out, "case: %d events, %d handsets in truth\n\n", n, len(truth.Handsets))
	var out []Result
	ws := workloads(truth, opts)
	if len(opts.Only) > 0 {
		var names []string
		matched := false
		for _, w := range ws {
			names = append(names, fmt.Sprintf("%q", w.name))
			matched = matched || wanted(opts.Only, w.name)
		}
		if !matched {
			return nil, fmt.Errorf("no workload is named %s: name one by its function or first word (colocated_with, co-location, common_numbers) or in full: %s",
				strings.Join(opts.Only, ","), strings.Join(names, ", "))
		}
	}
	for _, w := range ws {
		if len(opts.Only) > 0 && !wanted(opts.Only, w.name) {
			continue
		}
		r, err := w.run(ctx, c.DB(), opts)
		if err != nil {
			return out, fmt.Errorf("%s: %w", w.name, err)
		}
		out = append(out, r)
		fmt.Fprintf(opts.Out, "%-44s mast %8.3f s   plain SQL %s   ratio %s   (%s; %s)\n", r.Name, r.Mast.Seconds(),
			plainText(r), ratioText(r), r.Target, r.Agree)
	}
	return out, nil
}

func plainText(r Result) string {
	if r.PlainOut {
		if r.Settled >= time.Second {
			// Said, so that a long wait between workloads is not a mystery.
			return fmt.Sprintf("> %6.0f s (stopped; %.0f s to wind down)", r.Plain.Seconds(), r.Settled.Seconds())
		}
		return fmt.Sprintf("> %6.0f s", r.Plain.Seconds())
	}
	return fmt.Sprintf("%8.3f s", r.Plain.Seconds())
}

func ratioText(r Result) string {
	x := r.Plain.Seconds() / r.Mast.Seconds()
	if r.PlainOut {
		return fmt.Sprintf("> %.0fx", x)
	}
	return fmt.Sprintf("%.1fx", x)
}

// wanted says whether a workload is named in only: by its whole name, by
// the name up to the first comma ("common_numbers"), since --only is split
// on commas, or by its first word ("co-location").
func wanted(only []string, name string) bool {
	fn, _, _ := strings.Cut(name, ",")
	first, _, _ := strings.Cut(fn, " ")
	for _, x := range only {
		if x = strings.TrimSpace(x); x == name || x == fn || x == first {
			return true
		}
	}
	return false
}

// worldTruth is the part of truth.json the workloads use.
type worldTruth struct {
	Handsets []struct {
		MSISDN string `json:"msisdn"`
	} `json:"handsets"`
	CarriedTogether []struct {
		A string `json:"a"`
		B string `json:"b"`
	} `json:"carried_together"`
	raw map[string]json.RawMessage
}

// ensureCase generates the world and loads it into a case, or reuses both
// when the stamp says they were made with the same options.
func ensureCase(ctx context.Context, opts Options) (*engine.Case, worldTruth, error) {
	var truth worldTruth
	files := filepath.Join(opts.Dir, "files")
	path := filepath.Join(opts.Dir, "analysis.duckdb")
	stamp := filepath.Join(opts.Dir, "bench-analysis.txt")
	want := fmt.Sprintf("handsets=%d days=%d events=%d dump_rows=%d seed=%d generator=%s\n",
		opts.Handsets, opts.Days, opts.Events, opts.DumpRows, opts.Seed, world.Version)
	_, err := bench.KeepCase(ctx, opts.Out, path, stamp, want, []string{files}, func(ctx context.Context) (string, error) {
		wo := world.DefaultOptions()
		wo.Seed, wo.Handsets, wo.Days, wo.TargetEvents = opts.Seed, opts.Handsets, opts.Days, opts.Events
		setDumpRows(&wo, opts.DumpRows)
		fmt.Fprintf(opts.Out, "generating %d handsets over %d days (about %d events) into %s ...\n", opts.Handsets, opts.Days, opts.Events, files)
		began := time.Now()
		sum, err := world.Generate(ctx, wo, files)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(opts.Out, "generated %d events in %.0f s; loading and deriving ...\n", sum.Events, time.Since(began).Seconds())
		return "", bench.LoadWorldCase(ctx, opts.Out, path, "analysis", files)
	})
	if err != nil {
		return nil, truth, err
	}
	b, err := os.ReadFile(filepath.Join(files, "truth.json"))
	if err != nil {
		return nil, truth, err
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		return nil, truth, err
	}
	if err := json.Unmarshal(b, &truth.raw); err != nil {
		return nil, truth, err
	}
	c, err := engine.Open(ctx, path, engine.DefaultOptions())
	return c, truth, err
}

// workload is one question asked both ways.
type workload struct {
	name, target string
	mast, plain  string
	args         []any
	// agree compares the first rows of the two answers, when they can be
	// compared; nil prints the row counts only.
	agree func(mast, plain [][]any) string
}

func (w workload) run(ctx context.Context, db *gosql.DB, opts Options) (Result, error) {
	r := Result{Name: w.name, Target: w.target}
	var mastRows, plainRows [][]any
	// mast's runs first, then the plain side's: a plain side that ran for
	// minutes (or was stopped at the timeout) has filled memory with its
	// own work, and mast's run after it would be timed on a cold buffer.
	for i := 0; i < opts.Runs; i++ {
		d, rows, err := timed(ctx, db, w.mast, w.args, 0)
		if err != nil {
			return r, fmt.Errorf("mast: %w", err)
		}
		if i == 0 || d < r.Mast {
			r.Mast = d
		}
		mastRows = rows
	}
	for i := 0; i < opts.Runs; i++ {
		d, rows, err := timed(ctx, db, w.plain, w.args, opts.Timeout)
		if errors.Is(err, context.DeadlineExceeded) {
			r.Plain, r.PlainOut = opts.Timeout, true
			r.Settled = settle()
			break // a second run would be stopped too
		}
		if err != nil {
			return r, fmt.Errorf("plain SQL: %w", err)
		}
		if i == 0 || d < r.Plain {
			r.Plain = d
		}
		plainRows = rows
	}
	r.Rows = int64(len(mastRows))
	switch {
	case r.PlainOut:
		r.Agree = fmt.Sprintf("%d rows from mast", len(mastRows))
	case w.agree != nil:
		r.Agree = w.agree(mastRows, plainRows)
	default:
		r.Agree = fmt.Sprintf("%d rows from mast, %d from plain SQL", len(mastRows), len(plainRows))
	}
	return r, nil
}

// settle waits until a query stopped at its timeout has wound down: DuckDB
// finishes the tasks it had started, and the next workload's mast side,
// timed alongside them, measured five to ten times slower (pattern_of_life
// after a stopped cotravel: 0.34-0.69 s against 0.05 s). It returns once the
// process has used less than a tenth of one core over a quarter second, or
// after a minute, with how long it waited.
func settle() time.Duration {
	began := time.Now()
	prev := cpuTime()
	for time.Since(began) < time.Minute {
		time.Sleep(250 * time.Millisecond)
		now := cpuTime()
		if now-prev < 25*time.Millisecond {
			break
		}
		prev = now
	}
	return time.Since(began)
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// timed runs q to the end, keeping every row, and returns how long it took.
func timed(ctx context.Context, db *gosql.DB, q string, args []any, timeout time.Duration) (time.Duration, [][]any, error) {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	began := time.Now()
	rs, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		if ctx.Err() != nil {
			return 0, nil, ctx.Err()
		}
		return 0, nil, err
	}
	defer rs.Close()
	cols, _ := rs.Columns()
	var out [][]any
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return 0, nil, err
		}
		out = append(out, vals)
	}
	if err := rs.Err(); err != nil {
		if ctx.Err() != nil {
			return 0, nil, ctx.Err()
		}
		return 0, nil, err
	}
	return time.Since(began), out, nil
}

// sameFirst says whether both answers rank the same value first in column 0.
func sameFirst(mast, plain [][]any) string {
	if len(mast) == 0 || len(plain) == 0 {
		return fmt.Sprintf("%d rows from mast, %d from plain SQL", len(mast), len(plain))
	}
	if fmt.Sprint(mast[0][0]) == fmt.Sprint(plain[0][0]) {
		return fmt.Sprintf("both rank %v first", mast[0][0])
	}
	return fmt.Sprintf("mast ranks %v first, plain SQL %v", mast[0][0], plain[0][0])
}

// quote makes a SQL string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
