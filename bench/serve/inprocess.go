package serve

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/sql/pgcompat"
)

// inProcess times the baseline: the SELECT inside each client's cursor, as
// the server translates it for DuckDB, run in this process through
// database/sql on the case and read to the last row (every value scanned),
// best of runs. The case is closed again before the server opens it: one
// process cannot open a DuckDB file twice.
func inProcess(ctx context.Context, opts Options, cases string) (qgis, gdal Timing, layerRows int64, err error) {
	c, err := engine.Open(ctx, filepath.Join(cases, caseName+".duckdb"), engine.DefaultOptions())
	if err != nil {
		return qgis, gdal, 0, err
	}
	defer c.Close()
	if err := c.DB().QueryRowContext(ctx, `SELECT count(*) FROM `+layer).Scan(&layerRows); err != nil {
		return qgis, gdal, 0, err
	}
	// The server's own translation, so that both sides run the same SQL.
	cat, err := pgcompat.Install(ctx, c.DB())
	if err != nil {
		return qgis, gdal, 0, err
	}
	queries := make([]string, 2)
	for i, decl := range []string{qgisDeclare("qgis_1"), gdalDeclare} {
		sts, err := cat.Translate(decl)
		if err != nil {
			return qgis, gdal, 0, err
		}
		for _, st := range sts {
			if st.Kind == pgcompat.KindDeclare {
				queries[i] = st.SQL
			}
		}
		if queries[i] == "" {
			return qgis, gdal, 0, fmt.Errorf("no cursor in %q", decl)
		}
	}
	for run := 0; run < opts.Runs; run++ {
		for i, q := range queries {
			t, err := readAll(ctx, c, q)
			if err != nil {
				return qgis, gdal, 0, fmt.Errorf("in-process %s: %w", q, err)
			}
			best := &qgis
			if i == 1 {
				best = &gdal
			}
			best.keep(t)
		}
	}
	return qgis, gdal, layerRows, nil
}

// readAll runs q and scans every value of every row.
func readAll(ctx context.Context, c *engine.Case, q string) (Timing, error) {
	began, cpu := time.Now(), processCPU()
	rows, err := c.DB().QueryContext(ctx, q)
	if err != nil {
		return Timing{}, err
	}
	defer rows.Close()
	answered := time.Since(began)
	cols, err := rows.Columns()
	if err != nil {
		return Timing{}, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return Timing{}, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return Timing{}, err
	}
	return Timing{Rows: n, Declare: answered, Elapsed: time.Since(began), CPU: processCPU() - cpu}, nil
}

// Timing is one read of the layer.
type Timing struct {
	Rows    int64
	Bytes   int64         // values' bytes on the wire (0 in process)
	Declare time.Duration // until the cursor was declared (wire) or the query answered (in process)
	Elapsed time.Duration
	CPU     time.Duration // of the whole process (server, client and DuckDB) meanwhile
}

// keep makes t the best so far when it is faster.
func (b *Timing) keep(t Timing) {
	if b.Elapsed == 0 || t.Elapsed < b.Elapsed {
		*b = t
	}
}

func (t Timing) rowsPerSec() float64 { return float64(t.Rows) / t.Elapsed.Seconds() }

// perMillion is how long a million rows would take at t's rate.
func (t Timing) perMillion() time.Duration {
	if t.Rows == 0 {
		return 0
	}
	return time.Duration(float64(t.Elapsed) * 1e6 / float64(t.Rows))
}
