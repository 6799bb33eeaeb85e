package main

import (
	gosql "database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// renderRows writes every row of rs to w as "table", "csv", "json" (one
// array) or "jsonl" (one object a line), and returns the row count. Tables
// size their columns on the first 1,000 rows and stream the rest.
func renderRows(w io.Writer, rs *gosql.Rows, format string) (int64, error) {
	cols, err := rs.Columns()
	if err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	next := func() (bool, error) {
		if !rs.Next() {
			return false, rs.Err()
		}
		return true, rs.Scan(ptrs...)
	}
	switch format {
	case "csv":
		return renderCSV(w, cols, vals, next)
	case "json", "jsonl":
		return renderJSON(w, cols, vals, next, format == "jsonl")
	case "table", "":
		return renderTable(w, cols, vals, next)
	}
	return 0, fmt.Errorf("%w: format %q: want table, csv, json or jsonl", errUsage, format)
}

func renderCSV(w io.Writer, cols []string, vals []any, next func() (bool, error)) (int64, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(cols); err != nil {
		return 0, err
	}
	rec := make([]string, len(cols))
	var n int64
	for {
		ok, err := next()
		if err != nil || !ok {
			cw.Flush()
			if err == nil {
				err = cw.Error()
			}
			return n, err
		}
		for i, v := range vals {
			rec[i] = text(v, time.RFC3339Nano)
		}
		if err := cw.Write(rec); err != nil {
			return n, err
		}
		n++
	}
}

func renderJSON(w io.Writer, cols []string, vals []any, next func() (bool, error), lines bool) (int64, error) {
	var n int64
	if !lines {
		io.WriteString(w, "[")
	}
	for {
		ok, err := next()
		if err != nil {
			return n, err
		}
		if !ok {
			break
		}
		var b strings.Builder
		b.WriteByte('{')
		for i, c := range cols {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(c)
			b.Write(k)
			b.WriteByte(':')
			b.Write(jsonValue(vals[i]))
		}
		b.WriteByte('}')
		switch {
		case lines:
			b.WriteByte('\n')
		case n > 0:
			io.WriteString(w, ",\n")
		default:
			io.WriteString(w, "\n")
		}
		io.WriteString(w, b.String())
		n++
	}
	if !lines {
		io.WriteString(w, "\n]\n")
	}
	return n, nil
}

func jsonValue(v any) []byte {
	switch x := v.(type) {
	case nil:
		return []byte("null")
	case time.Time:
		b, _ := json.Marshal(x.UTC().Format(time.RFC3339Nano))
		return b
	case []byte:
		b, _ := json.Marshal(`\x` + hex.EncodeToString(x))
		return b
	case *big.Int:
		return []byte(x.String())
	case duckdb.Decimal:
		return []byte(x.String())
	case float64, float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, bool, string:
		b, err := json.Marshal(x)
		if err != nil { // NaN, Inf
			b, _ = json.Marshal(fmt.Sprint(x))
		}
		return b
	}
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(fmt.Sprint(v))
	}
	return b
}

// text renders a value for humans and CSV; NULL is empty.
func text(v any, tsLayout string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		return x.UTC().Format(tsLayout)
	case []byte:
		return `\x` + hex.EncodeToString(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case bool:
		if x {
			return "true"
		}
		return "false"
	case fmt.Stringer:
		return x.String()
	case map[string]any, []any:
		b, _ := json.Marshal(x)
		return string(b)
	}
	return fmt.Sprint(v)
}

func isNumeric(v any) bool {
	switch v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64, *big.Int, duckdb.Decimal:
		return true
	}
	return false
}

const tableWidthRows = 1000
const maxCell = 60

func renderTable(w io.Writer, cols []string, vals []any, next func() (bool, error)) (int64, error) {
	widths := make([]int, len(cols))
	right := make([]bool, len(cols))
	for i, c := range cols {
		widths[i] = utf8.RuneCountInString(c)
	}
	cell := func(v any) string {
		s := text(v, "2006-01-02 15:04:05Z07")
		s = strings.NewReplacer("\n", `\n`, "\t", `\t`).Replace(s)
		if utf8.RuneCountInString(s) > maxCell {
			r := []rune(s)
			s = string(r[:maxCell-1]) + "…"
		}
		return s
	}
	var head [][]string
	var n int64
	for len(head) < tableWidthRows {
		ok, err := next()
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = cell(v)
			widths[i] = max(widths[i], utf8.RuneCountInString(row[i]))
			if isNumeric(v) {
				right[i] = true
			}
		}
		head = append(head, row)
	}
	line := func(cells []string) {
		var b strings.Builder
		for i, c := range cells {
			if i > 0 {
				b.WriteString(" | ")
			}
			pad := strings.Repeat(" ", max(0, widths[i]-utf8.RuneCountInString(c)))
			if right[i] {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	hdr := make([]string, len(cols))
	for i, c := range cols {
		pad := widths[i] - utf8.RuneCountInString(c)
		hdr[i] = strings.Repeat(" ", pad/2) + c
	}
	saved := right
	right = make([]bool, len(cols))
	line(hdr)
	right = saved
	sep := make([]string, len(cols))
	for i, n := range widths {
		sep[i] = strings.Repeat("-", n)
	}
	fmt.Fprintln(w, strings.Join(sep, "-+-"))
	for _, r := range head {
		line(r)
		n++
	}
	row := make([]string, len(cols))
	for {
		ok, err := next()
		if err != nil {
			return n, err
		}
		if !ok {
			break
		}
		for i, v := range vals {
			row[i] = cell(v)
		}
		line(row)
		n++
	}
	if n == 1 {
		fmt.Fprintln(w, "(1 row)")
	} else {
		fmt.Fprintf(w, "(%d rows)\n", n)
	}
	return n, nil
}
