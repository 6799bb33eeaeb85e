package main

import (
	"bufio"
	gosql "database/sql"
	"database/sql/driver"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// The output formats of mast sql.
const (
	formatTable = "table" // aligned columns for people, like psql
	formatCSV   = "csv"   // RFC 4180 with a header row
	formatJSON  = "json"  // one array of objects
	formatJSONL = "jsonl" // one object a line
)

func validFormat(f string) bool {
	switch f {
	case formatTable, formatCSV, formatJSON, formatJSONL:
		return true
	}
	return false
}

// Table layout limits.
const (
	sizingRows = 1000 // rows read to size a table's columns; later rows keep those widths
	cellWidth  = 60   // longest line of a table cell, in terminal columns
	cellLines  = 100  // most lines one table cell shows
)

// renderRows writes all rows of rs to w in format "table", "csv", "json" or
// "jsonl" and returns the row count. A table sizes its columns on the first
// 1,000 rows and streams the rest with those widths, so a result of any
// length prints in bounded memory; so do the other formats.
func renderRows(w io.Writer, rs *gosql.Rows, format string) (int64, error) {
	return render(w, rs, format, tableOptions{cut: cellWidth})
}

// tableOptions shape the cells of a table.
type tableOptions struct {
	cut  int  // longest line of a cell, in columns (0: no limit)
	wrap bool // break long lines at spaces instead of cutting them with "…"
}

func render(w io.Writer, rs *gosql.Rows, format string, opts tableOptions) (int64, error) {
	cols, err := resultColumns(rs)
	if err != nil {
		return 0, err
	}
	res := &result{rs: rs, cols: cols, vals: make([]any, len(cols)), ptrs: make([]any, len(cols))}
	for i := range res.vals {
		res.ptrs[i] = &res.vals[i]
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var n int64
	switch format {
	case formatTable:
		n, err = renderTable(bw, res, opts)
	case formatCSV:
		n, err = renderCSV(bw, res)
	case formatJSON, formatJSONL:
		n, err = renderJSON(bw, res, format == formatJSONL)
	default:
		err = fmt.Errorf("output format %q: want table, csv, json or jsonl", format)
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return n, err
}

// column is one column of a result and how its values print.
type column struct {
	name string
	kind kind
}

// result reads the rows of a query one at a time into vals.
type result struct {
	rs   *gosql.Rows
	cols []column
	vals []any
	ptrs []any
}

func (r *result) next() (bool, error) {
	if !r.rs.Next() {
		return false, r.rs.Err()
	}
	return true, r.rs.Scan(r.ptrs...)
}

func resultColumns(rs *gosql.Rows) ([]column, error) {
	names, err := rs.Columns()
	if err != nil {
		return nil, err
	}
	cols := make([]column, len(names))
	for i, n := range names {
		cols[i].name = n
	}
	if types, err := rs.ColumnTypes(); err == nil && len(types) == len(cols) {
		for i, t := range types {
			cols[i].kind = kindOf(t.DatabaseTypeName())
		}
	}
	return cols, nil
}

// kind is how the values of a column print, decided by its DuckDB type:
// the driver returns time.Time for dates, times and both kinds of
// timestamp, and []byte for both BLOB and UUID.
type kind uint8

const (
	kindOther    kind = iota
	kindNumber        // right-aligned in tables
	kindInstant       // TIMESTAMPTZ: a moment, printed in UTC
	kindDateTime      // TIMESTAMP: a wall-clock reading without a zone
	kindDate
	kindTime
	kindTimeTZ
	kindUUID
)

func kindOf(dbType string) kind {
	t := strings.ToUpper(dbType)
	if i := strings.IndexByte(t, '('); i >= 0 {
		t = t[:i] // DECIMAL(18,3)
	}
	switch t {
	case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
		"UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "BIGNUM":
		return kindNumber
	case "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE":
		return kindInstant
	case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS":
		return kindDateTime
	case "DATE":
		return kindDate
	case "TIME":
		return kindTime
	case "TIMETZ", "TIME WITH TIME ZONE":
		return kindTimeTZ
	case "UUID":
		return kindUUID
	}
	return kindOther
}

// ---- Text of a value ----

// appendText appends v as text: for people when human (tables), else for
// programs (CSV). NULL is empty.
func appendText(b []byte, v any, k kind, human bool) []byte {
	switch x := v.(type) {
	case nil:
		return b
	case string:
		return append(b, x...)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case int32:
		return strconv.AppendInt(b, int64(x), 10)
	case int16:
		return strconv.AppendInt(b, int64(x), 10)
	case int8:
		return strconv.AppendInt(b, int64(x), 10)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case uint64:
		return strconv.AppendUint(b, x, 10)
	case uint32:
		return strconv.AppendUint(b, uint64(x), 10)
	case uint16:
		return strconv.AppendUint(b, uint64(x), 10)
	case uint8:
		return strconv.AppendUint(b, uint64(x), 10)
	case uint:
		return strconv.AppendUint(b, uint64(x), 10)
	case float64:
		return appendFloat(b, x, 64)
	case float32:
		return appendFloat(b, float64(x), 32)
	case bool:
		return strconv.AppendBool(b, x)
	case time.Time:
		return appendTime(b, x, k, human)
	case []byte:
		if k == kindUUID && len(x) == 16 {
			return appendUUID(b, x)
		}
		return hex.AppendEncode(append(b, `\x`...), x)
	case *big.Int:
		return x.Append(b, 10)
	case interval:
		return x.append(b)
	case []any, map[string]any, orderedMap:
		return appendJSON(b, x, kindOther)
	}
	if d, ok := v.(decimal); ok {
		return append(b, d.String()...)
	}
	if x, ok := fromDriver(v); ok {
		return appendText(b, x, k, human)
	}
	if s, ok := v.(fmt.Stringer); ok {
		return append(b, s.String()...)
	}
	return fmt.Append(b, v)
}

// appendFloat writes f in the fewest digits that read back as f, without
// an exponent unless the number is very large or very small.
func appendFloat(b []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, "NaN"...)
	case math.IsInf(f, 1):
		return append(b, "Infinity"...)
	case math.IsInf(f, -1):
		return append(b, "-Infinity"...)
	}
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		return strconv.AppendFloat(b, f, 'g', -1, bits)
	}
	return strconv.AppendFloat(b, f, 'f', -1, bits)
}

// appendTime writes t by its column's kind. Moments (TIMESTAMPTZ, and times
// of unknown kind) are written in UTC.
func appendTime(b []byte, t time.Time, k kind, human bool) []byte {
	layout := time.RFC3339Nano
	switch k {
	case kindDate:
		layout = time.DateOnly
	case kindTime:
		layout = "15:04:05.999999999"
		if human {
			layout = "15:04:05.999999"
		}
	case kindTimeTZ:
		layout = "15:04:05.999999999-07:00"
		if human {
			layout = "15:04:05.999999-07:00"
		}
	case kindDateTime:
		layout = "2006-01-02T15:04:05.999999999"
		if human {
			layout = "2006-01-02 15:04:05.999999"
		}
	default:
		t = t.UTC()
		if human {
			layout = "2006-01-02 15:04:05.999999-07"
		}
	}
	return t.AppendFormat(b, layout)
}

func appendUUID(b []byte, u []byte) []byte {
	b = hex.AppendEncode(b, u[:4])
	b = hex.AppendEncode(append(b, '-'), u[4:6])
	b = hex.AppendEncode(append(b, '-'), u[6:8])
	b = hex.AppendEncode(append(b, '-'), u[8:10])
	return hex.AppendEncode(append(b, '-'), u[10:])
}

// decimal is duckdb-go's Decimal: exact digits by String.
type decimal interface {
	Float64() float64
	String() string
}

// interval has the layout of duckdb-go's Interval, which converts to it;
// render_test.go checks that it still does. (Only engine/ and udf/ import
// duckdb-go.)
type interval struct {
	Days   int32
	Months int32
	Micros int64
}

// append writes the interval as DuckDB does, e.g. "1 year 2 months 3 days
// 04:05:06.5", which DuckDB reads back as an INTERVAL.
func (iv interval) append(b []byte) []byte {
	start := len(b)
	unit := func(b []byte, n int64, name string) []byte {
		if n == 0 {
			return b
		}
		if len(b) > start {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, n, 10)
		b = append(b, ' ')
		b = append(b, name...)
		if n != 1 && n != -1 {
			b = append(b, 's')
		}
		return b
	}
	b = unit(b, int64(iv.Months)/12, "year")
	b = unit(b, int64(iv.Months)%12, "month")
	b = unit(b, int64(iv.Days), "day")
	if iv.Micros == 0 && len(b) > start {
		return b
	}
	if len(b) > start {
		b = append(b, ' ')
	}
	us := iv.Micros
	if us < 0 {
		b = append(b, '-')
		us = -us
	}
	h, m, s, frac := us/3_600_000_000, us/60_000_000%60, us/1_000_000%60, us%1_000_000
	b = fmt.Appendf(b, "%02d:%02d:%02d", h, m, s)
	if frac != 0 {
		b = append(b, strings.TrimRight(fmt.Sprintf(".%06d", frac), "0")...)
	}
	return b
}

// union has the layout of duckdb-go's Union; it prints as its value.
type union struct {
	Value driver.Value
	Tag   string
}

// orderedMap is a DuckDB MAP, keys in order.
type orderedMap struct {
	keys, values []any
}

var (
	intervalType = reflect.TypeFor[interval]()
	unionType    = reflect.TypeFor[union]()
)

// fromDriver turns the driver's own composite types (INTERVAL, UNION, MAP,
// UUID arrays) into the ones this file prints, without importing the driver.
func fromDriver(v any) (any, bool) {
	rv := reflect.ValueOf(v)
	t := rv.Type()
	switch t.Kind() {
	case reflect.Struct:
		switch {
		case t.ConvertibleTo(intervalType):
			return rv.Convert(intervalType).Interface(), true
		case t.ConvertibleTo(unionType):
			return rv.Convert(unionType).Interface().(union).Value, true
		}
		// duckdb.OrderedMap has its accessors on the pointer.
		p := reflect.New(t)
		p.Elem().Set(rv)
		if m, ok := p.Interface().(interface {
			Keys() []any
			Values() []any
		}); ok {
			return orderedMap{keys: m.Keys(), values: m.Values()}, true
		}
	case reflect.Array:
		if t.Len() == 16 && t.Elem().Kind() == reflect.Uint8 { // duckdb.UUID
			u := make([]byte, 16)
			reflect.Copy(reflect.ValueOf(u), rv)
			return string(appendUUID(nil, u)), true
		}
	case reflect.Map:
		m := orderedMap{}
		keys := rv.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			return strings.Compare(fmt.Sprint(a.Interface()), fmt.Sprint(b.Interface()))
		})
		for _, k := range keys {
			m.keys = append(m.keys, k.Interface())
			m.values = append(m.values, rv.MapIndex(k).Interface())
		}
		return m, true
	case reflect.Slice:
		s := make([]any, rv.Len())
		for i := range s {
			s[i] = rv.Index(i).Interface()
		}
		return s, true
	}
	return nil, false
}

// ---- JSON ----

// appendJSON appends v as a JSON value: numbers as numbers, times as RFC
// 3339 strings, lists as arrays, structs and maps as objects.
func appendJSON(b []byte, v any, k kind) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendJSONString(b, x)
	case bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, *big.Int:
		return appendText(b, x, k, false)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return appendJSONString(b, string(appendFloat(nil, x, 64)))
		}
		return appendFloat(b, x, 64)
	case float32:
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return appendJSONString(b, string(appendFloat(nil, float64(x), 32)))
		}
		return appendFloat(b, float64(x), 32)
	case time.Time, []byte, interval:
		return appendJSONString(b, string(appendText(nil, x, k, false)))
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, e, kindOther)
		}
		return append(b, ']')
	case map[string]any: // STRUCT, and JSON objects; Go has lost the order
		keys := make([]string, 0, len(x))
		for key := range x {
			keys = append(keys, key)
		}
		slices.Sort(keys)
		b = append(b, '{')
		for i, key := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(appendJSONString(b, key), ':')
			b = appendJSON(b, x[key], kindOther)
		}
		return append(b, '}')
	case orderedMap:
		b = append(b, '{')
		for i, key := range x.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(appendJSONString(b, string(appendText(nil, key, kindOther, false))), ':')
			b = appendJSON(b, x.values[i], kindOther)
		}
		return append(b, '}')
	}
	if d, ok := v.(decimal); ok { // exact digits, as a number
		return append(b, d.String()...)
	}
	if x, ok := fromDriver(v); ok {
		return appendJSON(b, x, k)
	}
	if s, ok := v.(fmt.Stringer); ok {
		return appendJSONString(b, s.String())
	}
	if j, err := json.Marshal(v); err == nil {
		return append(b, j...)
	}
	return appendJSONString(b, fmt.Sprint(v))
}

// appendJSONString appends s as a JSON string, escaping only what JSON
// requires (not <, > and &, as encoding/json does) and replacing invalid
// UTF-8 with U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func renderJSON(w *bufio.Writer, res *result, lines bool) (int64, error) {
	keys := make([][]byte, len(res.cols))
	for i, name := range uniqueNames(res.cols) {
		keys[i] = append(appendJSONString(nil, name), ':')
	}
	var n int64
	var buf []byte
	for {
		ok, err := res.next()
		if err != nil {
			return n, err
		}
		if !ok {
			break
		}
		buf = buf[:0]
		switch {
		case lines:
		case n == 0:
			buf = append(buf, "[\n"...)
		default:
			buf = append(buf, ",\n"...)
		}
		buf = append(buf, '{')
		for i, v := range res.vals {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, keys[i]...)
			buf = appendJSON(buf, v, res.cols[i].kind)
		}
		buf = append(buf, '}')
		if lines {
			buf = append(buf, '\n')
		}
		if _, err := w.Write(buf); err != nil {
			return n, err
		}
		n++
	}
	if lines {
		return n, nil
	}
	if n == 0 {
		_, err := w.WriteString("[]\n")
		return n, err
	}
	_, err := w.WriteString("\n]\n")
	return n, err
}

// uniqueNames are the column names as object keys: a name that repeats
// gets a suffix (_2, _3, …) so no value is lost when the object is read.
func uniqueNames(cols []column) []string {
	seen := make(map[string]bool, len(cols))
	names := make([]string, len(cols))
	for i, c := range cols {
		name := c.name
		for k := 2; seen[name]; k++ {
			name = c.name + "_" + strconv.Itoa(k)
		}
		seen[name] = true
		names[i] = name
	}
	return names
}

// ---- CSV ----

func renderCSV(w *bufio.Writer, res *result) (int64, error) {
	cw := csv.NewWriter(w)
	rec := make([]string, len(res.cols))
	for i, c := range res.cols {
		rec[i] = c.name
	}
	if err := cw.Write(rec); err != nil {
		return 0, err
	}
	var n int64
	var buf []byte
	for {
		ok, err := res.next()
		if err != nil || !ok {
			cw.Flush()
			if err == nil {
				err = cw.Error()
			}
			return n, err
		}
		for i, v := range res.vals {
			if s, ok := v.(string); ok {
				rec[i] = s
				continue
			}
			buf = appendText(buf[:0], v, res.cols[i].kind, false)
			rec[i] = string(buf)
		}
		if len(rec) == 1 && rec[0] == "" {
			// A lone empty field would be an empty line, which readers skip.
			cw.Flush()
			if _, err := w.WriteString("\"\"\n"); err != nil {
				return n, err
			}
		} else if err := cw.Write(rec); err != nil {
			return n, err
		}
		n++
	}
}

// ---- Table ----

// renderTable writes a psql-style table:
//
//	 id |   place    |           ts
//	----+------------+------------------------
//	  1 | Birmingham | 2026-03-01 08:15:00+00
//	(1 row)
//
// A cell with several lines continues on the next output lines, with '+'
// after each line that a newline ends.
func renderTable(w *bufio.Writer, res *result, opts tableOptions) (int64, error) {
	t := &table{
		w:      w,
		widths: make([]int, len(res.cols)),
		right:  make([]bool, len(res.cols)),
		opts:   opts,
	}
	header := make([]string, len(res.cols))
	for i, c := range res.cols {
		header[i] = t.cell(c.name, kindOther)
		t.widths[i] = cellWidthOf(header[i])
		t.right[i] = c.kind == kindNumber
	}
	var head [][]string
	for len(head) < sizingRows {
		ok, err := res.next()
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		row := make([]string, len(res.vals))
		for i, v := range res.vals {
			row[i] = t.cell(v, res.cols[i].kind)
			t.widths[i] = max(t.widths[i], cellWidthOf(row[i]))
		}
		head = append(head, row)
	}

	t.centre(header)
	for i, wd := range t.widths {
		if i > 0 {
			t.w.WriteByte('+')
		}
		t.w.WriteString(strings.Repeat("-", wd+2))
	}
	t.w.WriteByte('\n')
	var n int64
	for _, row := range head {
		t.row(row)
		n++
	}
	head = nil
	row := make([]string, len(res.cols))
	for {
		ok, err := res.next()
		if err != nil {
			return n, err
		}
		if !ok {
			break
		}
		for i, v := range res.vals {
			row[i] = t.cell(v, res.cols[i].kind)
		}
		t.row(row)
		n++
	}
	if n == 1 {
		_, err := t.w.WriteString("(1 row)\n")
		return n, err
	}
	_, err := fmt.Fprintf(t.w, "(%d rows)\n", n)
	return n, err
}

// Inside a table cell, '\n' ends a line of the value and '\v' ends a line
// that wrapping broke; control characters of the value itself are escaped
// before, so neither can come from the data.
const wrapBreak = '\v'

type table struct {
	w      *bufio.Writer
	widths []int
	right  []bool
	opts   tableOptions
	line   []byte
}

// cell is the text of v in a table: control characters escaped, each line
// cut (or wrapped) to the column limit, at most cellLines lines.
func (t *table) cell(v any, k kind) string {
	var s string
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		s = x
	default:
		s = string(appendText(nil, v, k, true))
	}
	if isPlainShort(s, t.opts.cut) {
		return s
	}
	s = escapeControls(s)
	var b strings.Builder
	lines := strings.Split(s, "\n")
	shown := 0
	for _, line := range lines {
		var parts []string
		switch {
		case t.opts.cut <= 0 || displayWidth(line) <= t.opts.cut:
			parts = []string{line}
		case t.opts.wrap:
			parts = wrapText(line, t.opts.cut)
		default:
			parts = []string{cutText(line, t.opts.cut)}
		}
		for pi, p := range parts {
			if shown == cellLines {
				b.WriteString("\n…")
				return b.String()
			}
			if shown > 0 {
				if pi > 0 {
					b.WriteByte(wrapBreak)
				} else {
					b.WriteByte('\n')
				}
			}
			b.WriteString(p)
			shown++
		}
	}
	return b.String()
}

// isPlainShort reports whether s is printable ASCII no longer than cut,
// the common cell that needs no work.
func isPlainShort(s string, cut int) bool {
	if cut > 0 && len(s) > cut {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// escapeControls writes control characters other than '\n' visibly:
// "\t", "\r" and "\x07" for the others; "\r\n" becomes a newline.
func escapeControls(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && unicode.IsControl(r) }) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '\n' || !unicode.IsControl(r):
			b.WriteRune(r)
		case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// cellWidthOf is the width of a cell's widest line.
func cellWidthOf(s string) int {
	if !strings.ContainsAny(s, "\n\v") {
		return displayWidth(s)
	}
	w := 0
	for line := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == '\n' || r == wrapBreak }) {
		w = max(w, displayWidth(line))
	}
	return w
}

// centre writes the header line, each name centred over its column.
func (t *table) centre(names []string) {
	cells := make([]string, len(names))
	for i, name := range names {
		if pad := (t.widths[i] - displayWidth(name)) / 2; pad > 0 {
			name = strings.Repeat(" ", pad) + name
		}
		cells[i] = name
	}
	saved := t.right
	t.right = make([]bool, len(names))
	t.row(cells)
	t.right = saved
}

// row writes one row, over several lines if a cell has several.
func (t *table) row(cells []string) {
	if !slices.ContainsFunc(cells, func(c string) bool { return strings.ContainsAny(c, "\n\v") }) {
		t.line = t.line[:0]
		for i, c := range cells {
			t.appendCell(i, c, ' ')
		}
		t.flushLine()
		return
	}
	rest := slices.Clone(cells)
	for more := true; more; {
		more = false
		t.line = t.line[:0]
		for i, c := range rest {
			line, tail, sep := c, "", byte(0)
			if j := strings.IndexAny(c, "\n\v"); j >= 0 {
				line, tail, sep = c[:j], c[j+1:], c[j]
				more = true
			}
			mark := byte(' ')
			if sep == '\n' {
				mark = '+'
			}
			t.appendCell(i, line, mark)
			rest[i] = tail
		}
		t.flushLine()
	}
}

// appendCell lays out one cell line: " text " padded to the column, with
// mark in place of the last space; columns are joined by '|'.
func (t *table) appendCell(i int, text string, mark byte) {
	if i > 0 {
		t.line = append(t.line, '|')
	}
	t.line = append(t.line, ' ')
	pad := max(0, t.widths[i]-displayWidth(text))
	if t.right[i] {
		t.line = appendSpaces(t.line, pad)
		t.line = append(t.line, text...)
	} else {
		t.line = append(t.line, text...)
		t.line = appendSpaces(t.line, pad)
	}
	t.line = append(t.line, mark)
}

func (t *table) flushLine() {
	line := t.line
	for len(line) > 0 && line[len(line)-1] == ' ' {
		line = line[:len(line)-1]
	}
	t.w.Write(line)
	t.w.WriteByte('\n')
}

func appendSpaces(b []byte, n int) []byte {
	for range n {
		b = append(b, ' ')
	}
	return b
}

// ---- Display width ----

// runeWidth is how many terminal columns r takes: 2 for East Asian wide and
// full-width characters, 0 for combining marks and format characters.
func runeWidth(r rune) int {
	switch {
	case r < 0x20 || r == 0x7f:
		return 0
	case r < 0x300:
		return 1
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// displayWidth is how many terminal columns s takes.
func displayWidth(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			for _, r := range s[i:] {
				n += runeWidth(r)
			}
			return n
		}
		n++
	}
	return n
}

// cutText shortens s to at most limit columns, ending it with "…".
func cutText(s string, limit int) string {
	if displayWidth(s) <= limit {
		return s
	}
	n := 0
	for i, r := range s {
		rw := runeWidth(r)
		if n+rw > limit-1 {
			return s[:i] + "…"
		}
		n += rw
	}
	return s
}

// wrapText breaks s into lines of at most limit columns, at spaces where
// it can; a word longer than a line is split.
func wrapText(s string, limit int) []string {
	var lines []string
	var cur strings.Builder
	curW := 0
	for word := range strings.FieldsSeq(s) {
		ww := displayWidth(word)
		if curW > 0 && curW+1+ww <= limit {
			cur.WriteByte(' ')
			cur.WriteString(word)
			curW += 1 + ww
			continue
		}
		if curW > 0 {
			lines = append(lines, cur.String())
			cur.Reset()
			curW = 0
		}
		for ww > limit { // a word wider than a line
			n, cutAt := 0, 0
			for i, r := range word {
				if n+runeWidth(r) > limit {
					cutAt = i
					break
				}
				n += runeWidth(r)
			}
			if cutAt == 0 {
				_, cutAt = utf8.DecodeRuneInString(word)
			}
			lines = append(lines, word[:cutAt])
			word = word[cutAt:]
			ww = displayWidth(word)
		}
		cur.WriteString(word)
		curW = ww
	}
	if curW > 0 || len(lines) == 0 {
		lines = append(lines, cur.String())
	}
	return lines
}
