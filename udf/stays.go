package udf

import (
	"database/sql/driver"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// StayRuns splits a handset's cells, in time order, into runs that could all
// have been used from one place: a cell joins the current run when its
// serving area overlaps the area of the run's main cell, the cell used most
// in the run so far (the latest of those used most, on a tie); overlaps says
// whether two different cells' areas do. Anchoring on the main cell rather
// than on the previous one keeps a journey from being chained into a stay
// through a series of cells that each overlap the next. One cell that does not
// fit, followed by one that does, is kept in the run without counting towards
// its main cell: a single event served by a farther site (about one in
// twelve) does not end a stay. It returns the run number (1, 2, ...) of each
// cell.
func StayRuns(cells []int64, overlaps func(a, b int64) bool) []int32 {
	out := make([]int32, len(cells))
	if len(cells) == 0 {
		return out
	}
	run := int32(1)
	uses := map[int64]int{}
	var main int64
	use := func(c int64) {
		uses[c]++
		if uses[c] >= uses[main] {
			main = c
		}
	}
	fits := func(c int64) bool { return c == main || overlaps(main, c) }
	main = cells[0]
	use(cells[0])
	out[0] = run
	for i := 1; i < len(cells); i++ {
		c := cells[i]
		switch {
		case fits(c):
			use(c)
		case i+1 < len(cells) && cells[i+1] != c && fits(cells[i+1]):
			// A lone outlier: stays in the run, does not count.
		default:
			run++
			clear(uses)
			main = c
			use(c)
		}
		out[i] = run
	}
	return out
}

// int64s reads a BIGINT[] argument.
func int64s(v driver.Value) ([]int64, error) {
	xs, _ := v.([]any)
	out := make([]int64, len(xs))
	for i, x := range xs {
		n, ok := integer(x)
		if !ok {
			return nil, fmt.Errorf("element %d is %T, not an integer", i+1, x)
		}
		out[i] = n
	}
	return out, nil
}

// stayFunctions: stay_runs(cells BIGINT[], pair_a BIGINT[], pair_b BIGINT[])
// INTEGER[] is StayRuns over one handset's cell versions in time order, with
// the overlapping pairs among them (cell_overlaps rows, either order) given as
// two aligned lists. The stays() macro calls it once per handset.
func stayFunctions() []function {
	return []function{
		{name: "stay_runs", overloads: []*scalar{{
			in:  []duckdb.TypeInfo{listOf(duckdb.TYPE_BIGINT), listOf(duckdb.TYPE_BIGINT), listOf(duckdb.TYPE_BIGINT)},
			out: listOf(duckdb.TYPE_INTEGER),
			fn: func(args []driver.Value) (any, error) {
				cells, err := int64s(args[0])
				if err != nil {
					return nil, fmt.Errorf("stay_runs cells: %w", err)
				}
				as, err := int64s(args[1])
				if err != nil {
					return nil, fmt.Errorf("stay_runs pair_a: %w", err)
				}
				bs, err := int64s(args[2])
				if err != nil {
					return nil, fmt.Errorf("stay_runs pair_b: %w", err)
				}
				if len(as) != len(bs) {
					return nil, fmt.Errorf("stay_runs: %d pair_a but %d pair_b", len(as), len(bs))
				}
				pairs := make(map[[2]int64]struct{}, 2*len(as))
				for i := range as {
					pairs[[2]int64{as[i], bs[i]}] = struct{}{}
					pairs[[2]int64{bs[i], as[i]}] = struct{}{}
				}
				runs := StayRuns(cells, func(a, b int64) bool {
					_, ok := pairs[[2]int64{a, b}]
					return ok
				})
				return runs, nil
			},
		}}},
	}
}
