package udf

import (
	"database/sql/driver"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// StayRuns splits a handset's cells, in time order, into runs that could all
// have been used from one place: a cell joins the current run when its
// serving area overlaps the area of every cell already in the run (overlaps
// says whether two different cells' areas do). One cell that does not fit,
// followed by one that does, is kept in the run without widening it: a single
// event served by a farther site (which happens about one event in twelve)
// does not end a stay. It returns the run number (1, 2, ...) of each cell.
func StayRuns(cells []int64, overlaps func(a, b int64) bool) []int32 {
	out := make([]int32, len(cells))
	if len(cells) == 0 {
		return out
	}
	fits := func(c int64, members []int64) bool {
		for _, m := range members {
			if m != c && !overlaps(m, c) {
				return false
			}
		}
		return true
	}
	run := int32(1)
	members := []int64{cells[0]}
	out[0] = run
	for i := 1; i < len(cells); i++ {
		c := cells[i]
		switch {
		case fits(c, members):
			if !containsInt(members, c) {
				members = append(members, c)
			}
		case i+1 < len(cells) && cells[i+1] != c && fits(cells[i+1], members):
			// A lone outlier: stays in the run, does not widen it.
		default:
			run++
			members = append(members[:0], c)
		}
		out[i] = run
	}
	return out
}

func containsInt(xs []int64, x int64) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
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
