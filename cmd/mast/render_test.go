package main

import (
	"bytes"
	gosql "database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/stretchr/testify/require"
)

func memDB(t testing.TB) *gosql.DB {
	t.Helper()
	db, err := gosql.Open("duckdb", "")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// renderQuery runs q and renders its result.
func renderQuery(t testing.TB, db *gosql.DB, q, format string, opts tableOptions) (string, int64) {
	t.Helper()
	rs, err := db.Query(q)
	require.NoError(t, err)
	defer rs.Close()
	var b bytes.Buffer
	n, err := render(&b, rs, format, opts)
	require.NoError(t, err)
	return b.String(), n
}

// sample has NULLs, timestamps, unicode (wide and combining), negative and
// fractional numbers.
const sample = `SELECT * FROM (VALUES
	(1, 'Birmingham', TIMESTAMPTZ '2026-03-01 08:15:00+00', 1.5::DOUBLE, NULL::BOOLEAN),
	(22, '東京 Żabka', TIMESTAMPTZ '2026-03-01 10:00:00.25+01', NULL, true),
	(-3, NULL, NULL, 1e-7, false)
) t(id, place, ts, score, flag) ORDER BY id`

func TestRenderTableAlignsColumns(t *testing.T) {
	t.Parallel()
	out, n := renderQuery(t, memDB(t), sample, formatTable, tableOptions{cut: cellWidth})
	require.Equal(t, int64(3), n)
	require.Equal(t, ``+
		` id |   place    |            ts             | score | flag
----+------------+---------------------------+-------+-------
 -3 |            |                           | 1e-07 | false
  1 | Birmingham | 2026-03-01 08:15:00+00    |   1.5 |
 22 | 東京 Żabka | 2026-03-01 09:00:00.25+00 |       | true
(3 rows)
`, out)
}

func TestRenderTableCells(t *testing.T) {
	t.Parallel()
	db := memDB(t)
	long := strings.Repeat("0123456789", 10)
	for _, tc := range []struct {
		name, query string
		opts        tableOptions
		want        string
	}{
		{
			name:  "long text is cut at 60 columns",
			query: fmt.Sprintf("SELECT '%s' AS t", long),
			opts:  tableOptions{cut: cellWidth},
			want: " " + strings.Repeat(" ", 29) + "t\n" + strings.Repeat("-", 62) + "\n" +
				" " + long[:59] + "…\n(1 row)\n",
		},
		{
			name:  "wide characters are cut by the columns they take",
			query: "SELECT repeat('東', 40) AS t",
			opts:  tableOptions{cut: cellWidth},
			want: " " + strings.Repeat(" ", 29) + "t\n" + strings.Repeat("-", 61) + "\n" +
				" " + strings.Repeat("東", 29) + "…\n(1 row)\n",
		},
		{
			name:  "no limit",
			query: fmt.Sprintf("SELECT '%s' AS t", long),
			opts:  tableOptions{},
			want: " " + strings.Repeat(" ", 49) + "t\n" + strings.Repeat("-", 102) + "\n" +
				" " + long + "\n(1 row)\n",
		},
		{
			name:  "newlines continue the cell, marked with +",
			query: "SELECT 'a' || chr(10) || 'bb' AS t, 1 AS n",
			opts:  tableOptions{cut: cellWidth},
			want:  " t  | n\n----+---\n a +| 1\n bb |\n(1 row)\n",
		},
		{
			name:  "tabs and other control characters are shown escaped",
			query: "SELECT 'a' || chr(9) || 'b' || chr(7) AS t",
			opts:  tableOptions{cut: cellWidth},
			want:  "    t\n----------\n a\\tb\\x07\n(1 row)\n",
		},
		{
			name:  "wrapping breaks at spaces without marks",
			query: "SELECT 'the quick brown fox jumps' AS t, 7 AS n",
			opts:  tableOptions{cut: 10, wrap: true},
			want:  "     t     | n\n-----------+---\n the quick | 7\n brown fox |\n jumps     |\n(1 row)\n",
		},
		{
			name:  "an empty result has a header",
			query: "SELECT 1 AS a, 'x' AS b WHERE false",
			opts:  tableOptions{cut: cellWidth},
			want:  " a | b\n---+---\n(0 rows)\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _ := renderQuery(t, db, tc.query, formatTable, tc.opts)
			require.Equal(t, tc.want, out)
		})
	}
}

// TestRenderTableSizesOnFirstRows checks that a table is sized on its first
// 1,000 rows and that later, wider values overflow rather than being held.
func TestRenderTableSizesOnFirstRows(t *testing.T) {
	t.Parallel()
	out, n := renderQuery(t, memDB(t), `SELECT i, CASE WHEN i > 1000 THEN 'wider than before' ELSE 'x' END AS s
		FROM range(1, 1004) r(i) ORDER BY i`, formatTable, tableOptions{cut: cellWidth})
	require.Equal(t, int64(1003), n)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 2+1003+1)
	require.Equal(t, "------+---", lines[1])
	require.Equal(t, "    1 | x", lines[2])
	require.Equal(t, " 1000 | x", lines[1001])
	require.Equal(t, " 1001 | wider than before", lines[1002])
	require.Equal(t, "(1003 rows)", lines[len(lines)-1])
}

// TestRenderValues renders one value of each kind DuckDB returns, as a
// table cell, a CSV field and a JSON value.
func TestRenderValues(t *testing.T) {
	t.Parallel()
	db := memDB(t)
	for _, tc := range []struct {
		expr             string
		table, csv, json string
	}{
		{"NULL", "", "", "null"},
		{"42::INTEGER", "42", "42", "42"},
		{"-7::TINYINT", "-7", "-7", "-7"},
		{"9007199254740993::BIGINT", "9007199254740993", "9007199254740993", "9007199254740993"},
		{"18446744073709551615::UBIGINT", "18446744073709551615", "18446744073709551615", "18446744073709551615"},
		{"170141183460469231731687303715884105727::HUGEINT", "170141183460469231731687303715884105727", "170141183460469231731687303715884105727", "170141183460469231731687303715884105727"},
		{"0.1::DOUBLE", "0.1", "0.1", "0.1"},
		{"0.1::FLOAT", "0.1", "0.1", "0.1"},
		{"1500000::DOUBLE", "1500000", "1500000", "1500000"},
		{"1e300::DOUBLE", "1e+300", "1e+300", "1e+300"},
		{"'nan'::DOUBLE", "NaN", "NaN", `"NaN"`},
		{"'-inf'::DOUBLE", "-Infinity", "-Infinity", `"-Infinity"`},
		{"12.50::DECIMAL(10,2)", "12.5", "12.5", "12.5"},
		{"-0.05::DECIMAL(6,3)", "-0.05", "-0.05", "-0.05"},
		{"true", "true", "true", "true"},
		{`'a "quoted", line'`, `a "quoted", line`, `a "quoted", line`, `"a \"quoted\", line"`},
		{"DATE '2026-03-01'", "2026-03-01", "2026-03-01", `"2026-03-01"`},
		{"TIME '08:15:00.5'", "08:15:00.5", "08:15:00.5", `"08:15:00.5"`},
		{"TIMETZ '08:15:00+02'", "08:15:00+02:00", "08:15:00+02:00", `"08:15:00+02:00"`},
		{"TIMESTAMP '2026-03-01 08:15:00'", "2026-03-01 08:15:00", "2026-03-01T08:15:00", `"2026-03-01T08:15:00"`},
		{"TIMESTAMPTZ '2026-03-01 08:15:00.123456+01'", "2026-03-01 07:15:00.123456+00", "2026-03-01T07:15:00.123456Z", `"2026-03-01T07:15:00.123456Z"`},
		{"INTERVAL '1 year 2 months 3 days 04:05:06.5'", "1 year 2 months 3 days 04:05:06.5", "1 year 2 months 3 days 04:05:06.5", `"1 year 2 months 3 days 04:05:06.5"`},
		{"INTERVAL '-90 minutes'", "-01:30:00", "-01:30:00", `"-01:30:00"`},
		{"INTERVAL '1 day'", "1 day", "1 day", `"1 day"`},
		{"UUID '6ba7b810-9dad-11d1-80b4-00c04fd430c8'", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", `"6ba7b810-9dad-11d1-80b4-00c04fd430c8"`},
		{`'\xAB\x01'::BLOB`, `\xab01`, `\xab01`, `"\\xab01"`},
		{"[1, 2, NULL]", "[1,2,null]", "[1,2,null]", "[1,2,null]"},
		{"{'b': 'x', 'a': 1.5}", `{"a":1.5,"b":"x"}`, `{"a":1.5,"b":"x"}`, `{"a":1.5,"b":"x"}`},
		{"MAP {'k': 1, 'j': 2}", `{"k":1,"j":2}`, `{"k":1,"j":2}`, `{"k":1,"j":2}`},
		{"[TIMESTAMPTZ '2026-01-01 00:00:00+00']", `["2026-01-01T00:00:00Z"]`, `["2026-01-01T00:00:00Z"]`, `["2026-01-01T00:00:00Z"]`},
		{"'b'::ENUM('a', 'b')", "b", "b", `"b"`},
		{"1::UNION(n INTEGER, s VARCHAR)", "1", "1", "1"},
		{`'{"x": [1, 2]}'::JSON`, `{"x":[1,2]}`, `{"x":[1,2]}`, `{"x":[1,2]}`},
		{"'101'::BIT", "101", "101", `"101"`},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			q := "SELECT " + tc.expr + " AS v"

			out, _ := renderQuery(t, db, q, formatTable, tableOptions{cut: cellWidth})
			lines := strings.Split(out, "\n")
			require.Len(t, lines, 5, out)
			require.Equal(t, tc.table, strings.TrimSpace(lines[2]))

			out, _ = renderQuery(t, db, q, formatCSV, tableOptions{})
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			require.NoError(t, err)
			require.Equal(t, [][]string{{"v"}, {tc.csv}}, recs)

			out, _ = renderQuery(t, db, q, formatJSONL, tableOptions{})
			require.True(t, json.Valid([]byte(out)), out)
			require.Equal(t, `{"v":`+tc.json+"}\n", out)
		})
	}
}

func TestRenderCSVReadsBack(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("long text is not cut in CSV ", 5)
	out, n := renderQuery(t, memDB(t), sample+`, 1`, formatCSV, tableOptions{})
	require.Equal(t, int64(3), n)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Equal(t, [][]string{
		{"id", "place", "ts", "score", "flag"},
		{"-3", "", "", "1e-07", "false"},
		{"1", "Birmingham", "2026-03-01T08:15:00Z", "1.5", ""},
		{"22", "東京 Żabka", "2026-03-01T09:00:00.25Z", "", "true"},
	}, recs)

	out, _ = renderQuery(t, memDB(t), fmt.Sprintf(`SELECT 'a,b' AS "x,y", 'say "hi"' AS q, 'two'||chr(10)||'lines' AS l, '%s' AS long`, long), formatCSV, tableOptions{})
	recs, err = csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Equal(t, [][]string{{"x,y", "q", "l", "long"}, {"a,b", `say "hi"`, "two\nlines", long}}, recs)
}

func TestRenderJSONReadsBack(t *testing.T) {
	t.Parallel()
	db := memDB(t)
	want := []map[string]any{
		{"id": json.Number("-3"), "place": nil, "ts": nil, "score": json.Number("1e-07"), "flag": false},
		{"id": json.Number("1"), "place": "Birmingham", "ts": "2026-03-01T08:15:00Z", "score": json.Number("1.5"), "flag": nil},
		{"id": json.Number("22"), "place": "東京 Żabka", "ts": "2026-03-01T09:00:00.25Z", "score": nil, "flag": true},
	}
	decode := func(t *testing.T, s string) any {
		t.Helper()
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		var v any
		require.NoError(t, d.Decode(&v))
		return v
	}

	out, n := renderQuery(t, db, sample, formatJSON, tableOptions{})
	require.Equal(t, int64(3), n)
	var rows []map[string]any
	d := json.NewDecoder(strings.NewReader(out))
	d.UseNumber()
	require.NoError(t, d.Decode(&rows))
	require.Equal(t, want, rows)
	require.False(t, d.More(), "one array, nothing after it")

	out, _ = renderQuery(t, db, sample, formatJSONL, tableOptions{})
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 3)
	for i, line := range lines {
		require.Equal(t, any(want[i]), decode(t, line))
	}

	out, n = renderQuery(t, db, "SELECT 1 AS a WHERE false", formatJSON, tableOptions{})
	require.Equal(t, int64(0), n)
	require.Equal(t, "[]\n", out)

	out, _ = renderQuery(t, db, "SELECT 1 AS a, 2 AS a, 3 AS a_2", formatJSON, tableOptions{})
	require.Equal(t, []any{map[string]any{"a": json.Number("1"), "a_2": json.Number("2"), "a_2_2": json.Number("3")}}, decode(t, out),
		"a repeated column name keeps its value")
}

func TestRenderUnknownFormat(t *testing.T) {
	t.Parallel()
	rs, err := memDB(t).Query("SELECT 1")
	require.NoError(t, err)
	defer rs.Close()
	_, err = renderRows(&bytes.Buffer{}, rs, "xml")
	require.ErrorContains(t, err, `"xml"`)
}

func TestRenderDisplayWidth(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		s    string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"Żabka", 5},
		{"東京", 4},
		{"ｶﾀｶﾅ", 4},     // half-width katakana
		{"ＡＢ", 4},       // full-width Latin
		{"e\u0301", 1},  // e and a combining acute accent
		{"a\u200db", 2}, // zero-width joiner
		{"🙂", 2},
	} {
		require.Equal(t, tc.want, displayWidth(tc.s), "%q", tc.s)
	}
}

// The driver's composite types convert to this file's, which have the same
// layout; if duckdb-go changes a layout, this fails before any output does.
func TestRenderDriverTypesConvert(t *testing.T) {
	t.Parallel()
	require.True(t, reflect.TypeFor[duckdb.Interval]().ConvertibleTo(intervalType))
	require.True(t, reflect.TypeFor[duckdb.Union]().ConvertibleTo(unionType))
	v, ok := fromDriver(duckdb.UUID{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0, 0xc0, 0x4f, 0xd4, 0x30, 0xc8})
	require.True(t, ok)
	require.Equal(t, "6ba7b810-9dad-11d1-80b4-00c04fd430c8", v)
	require.Equal(t, `{"1":"x"}`, string(appendJSON(nil, duckdb.Map{1: "x"}, kindOther)))
}

func BenchmarkRenderTable(b *testing.B) {
	db := memDB(b)
	for b.Loop() {
		rs, err := db.Query(`SELECT i, 'name ' || i AS name, TIMESTAMPTZ '2026-01-01 00:00:00+00' + INTERVAL (i) SECOND AS ts, i / 7 AS f
			FROM range(100000) r(i)`)
		require.NoError(b, err)
		_, err = renderRows(io.Discard, rs, formatTable)
		require.NoError(b, err)
		rs.Close()
	}
}
