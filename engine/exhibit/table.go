package exhibit

import (
	"context"
	gosql "database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Kind is how an exhibit column's values are typed and written.
type Kind uint8

const (
	KindText     Kind = iota
	KindInt           // int64
	KindFloat         // float64
	KindTime          // time.Time in the table's zone: date and time
	KindDate          // time.Time in the table's zone: the date only
	KindClock         // time.Time in the table's zone: the time of day only
	KindDuration      // int64 seconds, written H:MM:SS
	KindBool          // bool
)

// Column is one column of an exhibit table.
type Column struct {
	Name   string
	Kind   Kind
	Weight float64 // relative width in a PDF table (0: not shown in a PDF)
	Geom   bool    // a GEOMETRY column: WKB bytes
}

// Trace is one line of one input file that a row came from.
type Trace struct {
	SourceID int64
	Row      int64
	Part     string // sheet or archive member, when the file had parts
}

// The provenance columns every traced table ends with.
const (
	ColSource       = "Source"
	ColSourceSHA256 = "Source SHA-256"
)

// Table is an exhibit's rows: typed values in the stated zone, each row with
// its traces. Next reads one row at a time, so a table of any length streams.
type Table struct {
	Columns []Column
	Loc     *time.Location

	next    func() ([]any, []Trace, error) // nil row at the end
	closer  func() error
	sources map[int64]Input
	traced  bool
	used    map[int64]int64
	row     []any
	err     error
}

// Next advances to the next row; false at the end or on an error (Err).
func (t *Table) Next() bool {
	if t.err != nil {
		return false
	}
	vals, traces, err := t.next()
	if err != nil {
		t.err = err
		return false
	}
	if vals == nil {
		return false
	}
	if t.traced {
		vals = append(vals, t.traceText(traces), t.traceSHA(traces))
		seen := map[int64]bool{}
		for _, tr := range traces {
			if !seen[tr.SourceID] {
				seen[tr.SourceID] = true
				t.used[tr.SourceID]++
			}
		}
	}
	t.row = vals
	return true
}

// Values is the current row, one value per column (nil for NULL).
func (t *Table) Values() []any { return t.row }

// Texts is the current row in canonical text, as CSV and the digest have it.
func (t *Table) Texts(dst []string) []string {
	dst = dst[:0]
	for i, v := range t.row {
		dst = append(dst, Text(t.Columns[i].Kind, v))
	}
	return dst
}

// Err is the error that ended Next early, if any.
func (t *Table) Err() error { return t.err }

// Close releases the query.
func (t *Table) Close() error {
	if t.closer == nil {
		return nil
	}
	return t.closer()
}

// ColumnNames are the columns' names.
func (t *Table) ColumnNames() []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

// Inputs are the files the rows read so far came from, in source_id order;
// every file of the case when the rows carry no trace.
func (t *Table) Inputs() []Input {
	var out []Input
	for id, in := range t.sources {
		if t.traced {
			n := t.used[id]
			if n == 0 {
				continue
			}
			in.Rows = n
		}
		out = append(out, in)
	}
	slices.SortFunc(out, func(a, b Input) int { return int(a.SourceID - b.SourceID) })
	return out
}

// Traced is "line" when every row names the lines it came from, else "case".
func (t *Table) Traced() string {
	if t.traced {
		return "line"
	}
	return "case"
}

func (t *Table) traceText(traces []Trace) string {
	var b strings.Builder
	for i, tr := range traces {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(t.sources[tr.SourceID].FileName)
		if tr.Part != "" {
			b.WriteString("[" + tr.Part + "]")
		}
		b.WriteString(":" + strconv.FormatInt(tr.Row, 10))
	}
	return b.String()
}

func (t *Table) traceSHA(traces []Trace) string {
	var ids []int64
	for _, tr := range traces {
		if !slices.Contains(ids, tr.SourceID) {
			ids = append(ids, tr.SourceID)
		}
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = t.sources[id].SHA256
	}
	return strings.Join(parts, "; ")
}

// Text is a value's canonical text: what a CSV holds and the digest reads.
func Text(k Kind, v any) string {
	if v == nil {
		return ""
	}
	switch x := v.(type) {
	case string:
		return x
	case bool:
		if x {
			return "true"
		}
		return "false"
	case time.Time:
		switch k {
		case KindDate:
			return x.Format("2006-01-02")
		case KindClock:
			return x.Format("15:04:05")
		}
		if x.Nanosecond() != 0 {
			return x.Format("2006-01-02 15:04:05.000000")
		}
		return x.Format("2006-01-02 15:04:05")
	case int64:
		if k == KindDuration {
			return clock(x)
		}
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []byte:
		return fmt.Sprintf("%x", x)
	}
	return fmt.Sprint(v)
}

// clock writes seconds as H:MM:SS.
func clock(s int64) string {
	sign := ""
	if s < 0 {
		sign, s = "-", -s
	}
	return fmt.Sprintf("%s%d:%02d:%02d", sign, s/3600, s/60%60, s%60)
}

// loadSources reads every file of the case.
func loadSources(ctx context.Context, db *gosql.DB) (map[int64]Input, error) {
	out := map[int64]Input{}
	err := eachRow(ctx, db, `SELECT source_id, file_name, sha256, kind, coalesce(profile, '') FROM sources`, func(rs *gosql.Rows) error {
		var in Input
		err := rs.Scan(&in.SourceID, &in.FileName, &in.SHA256, &in.Kind, &in.Profile)
		out[in.SourceID] = in
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read sources: %w", err)
	}
	return out, nil
}

// eachRow runs q and calls scan for each row.
func eachRow(ctx context.Context, db *gosql.DB, q string, scan func(*gosql.Rows) error) error {
	rs, err := db.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		if err := scan(rs); err != nil {
			return err
		}
	}
	return rs.Err()
}
