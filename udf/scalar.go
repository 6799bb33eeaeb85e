package udf

import (
	"context"
	"database/sql/driver"
	"fmt"
	"runtime/debug"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// scalar is one Go scalar function as DuckDB sees it: its argument and result
// types and a function of one row's values. It runs a whole chunk (about
// 2,048 rows) per call into Go, through duckdb-go's chunk executor, and
// recovers a panic into an error: duckdb-go has no recover() of its own, and a
// panic in a callback would end the process.
type scalar struct {
	in  []duckdb.TypeInfo
	out duckdb.TypeInfo
	// fn gets one row's arguments (never NULL unless nullable) and returns the
	// result; nil means NULL.
	fn func(args []driver.Value) (any, error)
	// nullable passes NULL arguments to fn instead of answering NULL.
	nullable bool
	volatile bool
}

var _ duckdb.ScalarFunc = (*scalar)(nil)

func (s *scalar) Config() duckdb.ScalarFuncConfig {
	return duckdb.ScalarFuncConfig{InputTypeInfos: s.in, ResultTypeInfo: s.out, SpecialNullHandling: s.nullable, Volatile: s.volatile}
}

func (s *scalar) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{ChunkContextExecutor: func(ctx context.Context, chunk *duckdb.ChunkIteratorState) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("internal error in a mast function: %v\n%s", r, debug.Stack())
			}
		}()
		args := make([]driver.Value, chunk.ColumnCount())
		for row, rerr := range chunk.Rows() {
			if rerr != nil {
				return rerr
			}
			for i := range args {
				args[i] = *row.GetValuePtr(i)
			}
			v, err := s.fn(args)
			if err != nil {
				return err
			}
			if err := row.SetResult(v); err != nil {
				return err
			}
		}
		return nil
	}}
}

// typeOf returns the TypeInfo of a simple type; it panics on a type that
// needs more (a list, a struct), which is a programming error caught by the
// first test that registers the functions.
func typeOf(t duckdb.Type) duckdb.TypeInfo {
	ti, err := duckdb.NewTypeInfo(t)
	if err != nil {
		panic(fmt.Sprintf("udf: type %v: %v", t, err))
	}
	return ti
}

func listOf(t duckdb.Type) duckdb.TypeInfo {
	ti, err := duckdb.NewListInfo(typeOf(t))
	if err != nil {
		panic(fmt.Sprintf("udf: list of %v: %v", t, err))
	}
	return ti
}

func types(ts ...duckdb.Type) []duckdb.TypeInfo {
	out := make([]duckdb.TypeInfo, len(ts))
	for i, t := range ts {
		out[i] = typeOf(t)
	}
	return out
}

// float reads a numeric argument as float64.
func float(v driver.Value) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case int16:
		return float64(x), true
	case int8:
		return float64(x), true
	case uint64:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint8:
		return float64(x), true
	}
	return 0, false
}

// integer reads an integral argument as int64.
func integer(v driver.Value) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int32:
		return int64(x), true
	case int16:
		return int64(x), true
	case int8:
		return int64(x), true
	case uint64:
		return int64(x), true
	case uint32:
		return int64(x), true
	case uint16:
		return int64(x), true
	case uint8:
		return int64(x), true
	}
	return 0, false
}
