package engine

import (
	"fmt"
	"math/big"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Interval is DuckDB's INTERVAL without DuckDB's type.
type Interval struct {
	Months int32
	Days   int32
	Micros int64
}

// Decimal is a DuckDB DECIMAL: Value × 10^-Scale.
type Decimal struct {
	Value *big.Int
	Scale int
}

// String writes the decimal with Scale digits after the point.
func (d Decimal) String() string {
	if d.Value == nil {
		return "0"
	}
	s := d.Value.String()
	if d.Scale <= 0 {
		return s
	}
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	for len(s) <= d.Scale {
		s = "0" + s
	}
	s = s[:len(s)-d.Scale] + "." + s[len(s)-d.Scale:]
	if neg {
		s = "-" + s
	}
	return s
}

// MapEntry is one key and value of a DuckDB MAP, in the map's order.
type MapEntry struct {
	Key, Value any
}

// Plain turns a value as duckdb-go returns it into one of Go's own types
// or engine's (Interval, Decimal, []MapEntry), recursively through lists
// and structs, so that callers outside engine need not know duckdb-go.
func Plain(v any) any {
	switch x := v.(type) {
	case duckdb.Interval:
		return Interval{Months: x.Months, Days: x.Days, Micros: x.Micros}
	case duckdb.Decimal:
		return Decimal{Value: x.Value, Scale: int(x.Scale)}
	case duckdb.UUID:
		return uuidString(x[:])
	case *duckdb.UUID:
		return uuidString(x[:])
	case duckdb.Union:
		return Plain(x.Value)
	case duckdb.OrderedMap:
		keys, vals := x.Keys(), x.Values()
		out := make([]MapEntry, len(keys))
		for i := range keys {
			out[i] = MapEntry{Key: Plain(keys[i]), Value: Plain(vals[i])}
		}
		return out
	case duckdb.Map:
		out := make([]MapEntry, 0, len(x))
		for k, val := range x {
			out = append(out, MapEntry{Key: Plain(k), Value: Plain(val)})
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = Plain(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = Plain(e)
		}
		return out
	}
	return v
}

func uuidString(b []byte) string {
	if len(b) != 16 {
		return fmt.Sprintf("%x", b)
	}
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
