package exhibit

import (
	"context"
	gosql "database/sql"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/mastcdr/mast/engine"
)

// ErrNotQuery is returned for a statement that is not a query: an exhibit
// shows rows, it never changes the case.
var ErrNotQuery = errors.New("an exhibit is made from a query (SELECT, WITH, FROM, TABLE)")

// traceBatch is how many rows are read ahead to look up their events' lines.
const traceBatch = 2048

// Query runs an analyst's query and returns its rows as a Table in zone loc.
// Rows that carry source_id and source_row, event_id, or event_ids are traced
// to the lines of the files they came from.
func Query(ctx context.Context, db *gosql.DB, query string, loc *time.Location) (*Table, error) {
	return runQuery(ctx, db, query, loc, nil)
}

// runQuery is Query; with page it reads query's rows a page at a time,
// each page's query made by page (see pages).
func runQuery(ctx context.Context, db *gosql.DB, query string, loc *time.Location, page pageFunc) (*Table, error) {
	sources, err := loadSources(ctx, db)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	p, err := engine.Prepare(ctx, conn, query)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if p.Kind != "SELECT" {
		conn.Close()
		return nil, fmt.Errorf("%w; this statement is %s", ErrNotQuery, p.Kind)
	}
	var rs rowSource
	if page != nil {
		rs, err = openPages(ctx, conn, page, schedulePage)
	} else {
		rs, err = conn.QueryContext(ctx, query)
	}
	if err != nil {
		conn.Close()
		return nil, err
	}
	t, err := fromRows(ctx, db, rs, loc, sources)
	if err != nil {
		rs.Close()
		conn.Close()
		return nil, err
	}
	t.closer = func() error { rs.Close(); return conn.Close() }
	return t, nil
}

// fromRows wraps a result set, typing its columns and tracing its rows.
func fromRows(ctx context.Context, db *gosql.DB, rs rowSource, loc *time.Location, sources map[int64]Input) (*Table, error) {
	cts, err := rs.ColumnTypes()
	if err != nil {
		return nil, err
	}
	t := &Table{Loc: loc, sources: sources, used: map[int64]int64{}}
	idx := map[string]int{}
	for i, ct := range cts {
		k := kindOf(ct.DatabaseTypeName())
		t.Columns = append(t.Columns, Column{Name: ct.Name(), Kind: k, Weight: 1, Geom: strings.EqualFold(ct.DatabaseTypeName(), "GEOMETRY")})
		idx[strings.ToLower(ct.Name())] = i
	}
	n := len(cts)
	raw := make([]any, n)
	ptrs := make([]any, n)
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	scan := func() ([]any, error) {
		if !rs.Next() {
			return nil, rs.Err()
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		vals := make([]any, n)
		for i, v := range raw {
			vals[i] = value(v, t.Columns[i].Kind, loc)
		}
		return vals, nil
	}
	sid, hasSID := idx["source_id"]
	srow, hasRow := idx["source_row"]
	part, hasPart := idx["source_part"]
	eid, hasEID := idx["event_id"]
	eids, hasEIDs := idx["event_ids"]
	switch {
	case hasSID && hasRow:
		t.traced = true
		t.next = func() ([]any, []Trace, error) {
			vals, err := scan()
			if vals == nil || err != nil {
				return nil, nil, err
			}
			id, ok1 := vals[sid].(int64)
			row, ok2 := vals[srow].(int64)
			if !ok1 || !ok2 {
				return vals, nil, nil
			}
			tr := Trace{SourceID: id, Row: row}
			if hasPart {
				tr.Part, _ = vals[part].(string)
			}
			return vals, []Trace{tr}, nil
		}
	case hasEID || hasEIDs:
		t.traced = true
		col := eid
		if !hasEID {
			col = eids
		}
		t.next = eventTracer(ctx, db, scan, col)
	default:
		t.next = func() ([]any, []Trace, error) {
			vals, err := scan()
			return vals, nil, err
		}
	}
	if t.traced {
		t.Columns = append(t.Columns, Column{Name: ColSource, Kind: KindText, Weight: 2}, Column{Name: ColSourceSHA256, Kind: KindText})
	}
	return t, nil
}

// eventTracer reads rows ahead in batches and looks up the file and line of
// the events each names (an event_id, or a list in event_ids).
func eventTracer(ctx context.Context, db *gosql.DB, scan func() ([]any, error), col int) func() ([]any, []Trace, error) {
	var rows [][]any
	var traces [][]Trace
	var pos int
	done := false
	return func() ([]any, []Trace, error) {
		if pos == len(rows) {
			if done {
				return nil, nil, nil
			}
			rows, traces, pos = rows[:0], traces[:0], 0
			var ids [][]int64
			want := map[int64]bool{}
			for len(rows) < traceBatch {
				vals, err := scan()
				if err != nil {
					return nil, nil, err
				}
				if vals == nil {
					done = true
					break
				}
				these := eventIDs(vals[col])
				for _, id := range these {
					want[id] = true
				}
				rows, ids = append(rows, vals), append(ids, these)
			}
			if len(rows) == 0 {
				return nil, nil, nil
			}
			lines, err := eventLines(ctx, db, want)
			if err != nil {
				return nil, nil, err
			}
			for _, these := range ids {
				var tr []Trace
				for _, id := range these {
					if l, ok := lines[id]; ok {
						tr = append(tr, l)
					}
				}
				traces = append(traces, tr)
			}
		}
		pos++
		return rows[pos-1], traces[pos-1], nil
	}
}

// eventIDs reads an event_id or an event_ids value.
func eventIDs(v any) []int64 {
	switch x := v.(type) {
	case int64:
		return []int64{x}
	case []any:
		out := make([]int64, 0, len(x))
		for _, e := range x {
			if id, ok := value(e, KindInt, time.UTC).(int64); ok {
				out = append(out, id)
			}
		}
		return out
	}
	return nil
}

// eventLines looks up the file and line of each event.
func eventLines(ctx context.Context, db *gosql.DB, ids map[int64]bool) (map[int64]Trace, error) {
	out := make(map[int64]Trace, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var b strings.Builder
	b.WriteString("SELECT event_id, source_id, source_row, coalesce(source_part, '') FROM events WHERE event_id IN (")
	first := true
	for id := range ids {
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteByte(')')
	err := eachRow(ctx, db, b.String(), func(rs *gosql.Rows) error {
		var id int64
		var tr Trace
		err := rs.Scan(&id, &tr.SourceID, &tr.Row, &tr.Part)
		out[id] = tr
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("trace events to their lines: %w", err)
	}
	return out, nil
}

// kindOf maps DuckDB's type name to a column kind.
func kindOf(typ string) Kind {
	t := strings.ToUpper(typ)
	switch {
	case strings.HasPrefix(t, "TIMESTAMP"):
		return KindTime
	case t == "DATE":
		return KindDate
	case t == "TIME":
		return KindText
	case t == "INTERVAL":
		return KindDuration
	case t == "BOOLEAN":
		return KindBool
	case t == "DOUBLE" || t == "FLOAT" || strings.HasPrefix(t, "DECIMAL"):
		return KindFloat
	case strings.HasSuffix(t, "INT") || strings.HasSuffix(t, "INTEGER"): // TINYINT ... UBIGINT, HUGEINT
		return KindInt
	}
	return KindText
}

// value converts a scanned value to the Table's value types (nil, string,
// int64, float64, bool, time.Time, []byte, []any), in zone loc: a DATE stays a
// calendar day, an INTERVAL of days and time becomes seconds.
func value(v any, k Kind, loc *time.Location) any {
	switch x := engine.Plain(v).(type) {
	case nil:
		return nil
	case time.Time:
		if k == KindDate {
			return x.UTC()
		}
		return x.In(loc)
	case int64:
		return x
	case int32:
		return int64(x)
	case int16:
		return int64(x)
	case int8:
		return int64(x)
	case uint64:
		if x > math.MaxInt64 { // a UBIGINT beyond int64 (a fingerprint): every digit, as text
			return strconv.FormatUint(x, 10)
		}
		return int64(x)
	case uint32:
		return int64(x)
	case uint16:
		return int64(x)
	case uint8:
		return int64(x)
	case float64:
		return x
	case float32:
		return float64(x)
	case engine.Decimal:
		if k == KindFloat {
			f, _ := strconv.ParseFloat(x.String(), 64)
			return f
		}
		return x.String()
	case engine.Interval:
		if x.Months == 0 {
			return int64(x.Days)*86400 + x.Micros/1e6
		}
		return fmt.Sprint(x)
	case *big.Int:
		return x.String()
	case bool, string, []byte:
		return x
	case []any: // a LIST (event_ids): kept for tracing; its text is fmt's
		return x
	default:
		return fmt.Sprint(x)
	}
}
