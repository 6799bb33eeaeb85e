package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mastcdr/mast/bench/world"
	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/loaders"
)

// LoadOptions configure LoadBenchmark.
type LoadOptions struct {
	Dir     string // where the generated world is kept (reused when it matches)
	Events  int64  // events in the generated CDR file
	Seed    int64
	Runs    int       // times each side is run; the best of each is compared
	Workers int       // mast's parsing goroutines; 0 = one per core
	Out     io.Writer // progress and results
	// Layouts are provider layouts (world.Layouts) to benchmark as well: the
	// generated file is rewritten in each and loaded with its bundled profile.
	Layouts []string
	// WorkbookRows, when set and uk-cdr is among the layouts, also loads
	// that many rows of the uk-cdr file written as an .xlsx workbook, and
	// prints its rate.
	WorkbookRows int64
	// SkipCanonical leaves out the canonical file's comparison (the
	// layouts are still written from it), to time one layout alone.
	SkipCanonical bool
}

// LoadResult is one side's best run.
type LoadResult struct {
	Name    string
	Rows    int64
	Bytes   int64
	Elapsed time.Duration
}

// RowsPerSec is the side's rate.
func (r LoadResult) RowsPerSec() float64 { return float64(r.Rows) / r.Elapsed.Seconds() }

// MBPerSec is the side's byte rate.
func (r LoadResult) MBPerSec() float64 { return float64(r.Bytes) / 1e6 / r.Elapsed.Seconds() }

// LoadBenchmark generates (or reuses) a canonical CDR file of about
// opts.Events rows and times DuckDB's plain read_csv into a table and mast's
// load of the same file, alternating, in this process. It prints both rates
// and mast's rate as a ratio of the plain one.
func LoadBenchmark(ctx context.Context, opts LoadOptions) (plain, mast LoadResult, err error) {
	if opts.Runs <= 0 {
		opts.Runs = 1
	}
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	cdr, err := ensureWorld(ctx, opts)
	if err != nil {
		return plain, mast, err
	}
	st, err := os.Stat(cdr)
	if err != nil {
		return plain, mast, err
	}
	scratch, err := os.MkdirTemp(opts.Dir, "cases-")
	if err != nil {
		return plain, mast, err
	}
	defer os.RemoveAll(scratch)
	if !opts.SkipCanonical {
		plain, mast, err = compare(ctx, opts, scratch, cdr, "mast-cdr")
		if err != nil {
			return plain, mast, err
		}
	}
	for _, layout := range opts.Layouts {
		path := filepath.Join(opts.Dir, "cdr_"+layout+".csv")
		stamp := path + ".stamp"
		want := fmt.Sprintf("from %d bytes of cdr.csv, generator %s\n", st.Size(), world.Version)
		if got, err := os.ReadFile(stamp); err != nil || string(got) != want {
			fmt.Fprintf(opts.Out, "\nwriting the events in the %s layout ...\n", layout)
			if _, err := world.Convert(ctx, cdr, path, layout); err != nil {
				return plain, mast, err
			}
			if err := os.WriteFile(stamp, []byte(want), 0o644); err != nil {
				return plain, mast, err
			}
		}
		if _, _, err := compare(ctx, opts, scratch, path, layout); err != nil {
			return plain, mast, err
		}
	}
	if opts.WorkbookRows > 0 && slices.Contains(opts.Layouts, "uk-cdr") {
		path := filepath.Join(opts.Dir, "cdr_uk-cdr.csv")
		if err := WorkbookBenchmark(ctx, opts.Out, opts.Dir, path, "uk-cdr", opts.WorkbookRows); err != nil {
			return plain, mast, fmt.Errorf("workbook: %w", err)
		}
	}
	return plain, mast, nil
}

// compare times DuckDB's read_csv and mast's load of one file, alternating,
// and prints the best of each and their ratio.
func compare(ctx context.Context, opts LoadOptions, scratch, path, profile string) (plain, mast LoadResult, err error) {
	st, err := os.Stat(path)
	if err != nil {
		return plain, mast, err
	}
	fmt.Fprintf(opts.Out, "\n%s (%s, %.0f MB)\n", filepath.Base(path), profile, float64(st.Size())/1e6)
	for run := 1; run <= opts.Runs; run++ {
		p, err := runPlain(ctx, scratch, path, st.Size())
		if err != nil {
			return plain, mast, fmt.Errorf("plain read_csv: %w", err)
		}
		fmt.Fprintf(opts.Out, "run %d  duckdb read_csv: %d rows in %.2fs\n", run, p.Rows, p.Elapsed.Seconds())
		m, err := runMast(ctx, scratch, path, st.Size(), profile, opts.Workers)
		if err != nil {
			return plain, mast, fmt.Errorf("mast load: %w", err)
		}
		fmt.Fprintf(opts.Out, "run %d  mast load:      %d rows in %.2fs\n", run, m.Rows, m.Elapsed.Seconds())
		if plain.Elapsed == 0 || p.Elapsed < plain.Elapsed {
			plain = p
		}
		if mast.Elapsed == 0 || m.Elapsed < mast.Elapsed {
			mast = m
		}
	}
	fmt.Fprintf(opts.Out, "%-34s %12s %10s %12s %9s\n", "", "rows", "seconds", "rows/s", "MB/s")
	for _, r := range []LoadResult{plain, mast} {
		fmt.Fprintf(opts.Out, "%-34s %12d %10.2f %12.0f %9.1f\n", r.Name, r.Rows, r.Elapsed.Seconds(), r.RowsPerSec(), r.MBPerSec())
	}
	fmt.Fprintf(opts.Out, "ratio mast / plain read_csv (%s): %.2f  (target ≥ 0.50)\n", profile, mast.RowsPerSec()/plain.RowsPerSec())
	return plain, mast, nil
}

// ensureWorld generates the benchmark world unless dir holds one made with
// the same size and seed.
func ensureWorld(ctx context.Context, opts LoadOptions) (string, error) {
	stamp := filepath.Join(opts.Dir, "bench-world.txt")
	want := fmt.Sprintf("events=%d seed=%d generator=%s\n", opts.Events, opts.Seed, world.Version)
	cdr := filepath.Join(opts.Dir, "cdr.csv")
	if got, err := os.ReadFile(stamp); err == nil && string(got) == want {
		if _, err := os.Stat(cdr); err == nil {
			fmt.Fprintf(opts.Out, "reusing %s\n", cdr)
			return cdr, nil
		}
	}
	fmt.Fprintf(opts.Out, "generating about %d events into %s ...\n", opts.Events, opts.Dir)
	wo := world.DefaultOptions()
	wo.Seed = opts.Seed
	wo.Handsets = 1000
	wo.Days = 90
	wo.TargetEvents = opts.Events
	began := time.Now()
	sum, err := world.Generate(ctx, wo, opts.Dir)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(opts.Out, "generated %d events in %.1fs\n", sum.Events, time.Since(began).Seconds())
	if err := os.WriteFile(stamp, []byte(want), 0o644); err != nil {
		return "", err
	}
	return cdr, nil
}

func newScratchCase(ctx context.Context, dir, name string) (*engine.Case, error) {
	return engine.Create(ctx, filepath.Join(dir, name+".duckdb"), engine.Settings{Name: name, Region: "GB", TimeZone: "Europe/London"}, engine.DefaultOptions())
}

var scratchSeq int

func runPlain(ctx context.Context, dir string, cdr string, size int64) (LoadResult, error) {
	scratchSeq++
	c, err := newScratchCase(ctx, dir, fmt.Sprintf("plain-%d", scratchSeq))
	if err != nil {
		return LoadResult{}, err
	}
	defer c.Close()
	began := time.Now()
	q := fmt.Sprintf(`CREATE TABLE plain AS SELECT * FROM read_csv('%s', comment = '#')`, strings.ReplaceAll(cdr, "'", "''"))
	if _, err := c.DB().ExecContext(ctx, q); err != nil {
		return LoadResult{}, err
	}
	elapsed := time.Since(began)
	var n int64
	if err := c.DB().QueryRowContext(ctx, `SELECT count(*) FROM plain`).Scan(&n); err != nil {
		return LoadResult{}, err
	}
	return LoadResult{Name: "duckdb read_csv into a table", Rows: n, Bytes: size, Elapsed: elapsed}, nil
}

func runMast(ctx context.Context, dir string, cdr string, size int64, profile string, workers int) (LoadResult, error) {
	scratchSeq++
	c, err := newScratchCase(ctx, dir, fmt.Sprintf("mast-%d", scratchSeq))
	if err != nil {
		return LoadResult{}, err
	}
	defer c.Close()
	ps, err := loaders.LoadProfiles("")
	if err != nil {
		return LoadResult{}, err
	}
	p, err := ps.Get(profile)
	if err != nil {
		return LoadResult{}, err
	}
	zone, err := time.LoadLocation("Europe/London")
	if err != nil {
		return LoadResult{}, err
	}
	began := time.Now()
	// The whole of a load as `mast load` does it into a case that holds no
	// file of this size: parse, normalise, digest and land in one
	// transaction, in one pass over the file.
	f, err := os.Open(cdr)
	if err != nil {
		return LoadResult{}, err
	}
	defer f.Close()
	meta := engine.SourceMeta{Path: cdr, FileName: filepath.Base(cdr), Size: size, Kind: "cdr",
		Profile: p.Name, ProfileSHA256: p.SHA256, TimeZone: zone.String(), Region: "GB"}
	res, err := c.LoadFile(ctx, meta, "events", func(ids engine.IDs) (engine.Stream, error) {
		return loaders.NewStream(ctx, f, p, loaders.ReadOptions{Region: "GB", Zone: zone, SourceID: ids.SourceID, FirstID: ids.FirstRow, Workers: workers})
	})
	if err != nil {
		return LoadResult{}, err
	}
	if res.AlreadyLoaded {
		return LoadResult{}, errors.New("scratch case already held the file")
	}
	return LoadResult{Name: "mast load (normalise + provenance)", Rows: res.Counts.Read, Bytes: size, Elapsed: time.Since(began)}, nil
}
