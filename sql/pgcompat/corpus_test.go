package pgcompat_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/sql/pgcompat"
)

// corpus reads testdata/ALL_DISTINCT.sql (a copy of the 206 distinct
// statements QGIS, GDAL, psql, pgJDBC and psycopg2/SQLAlchemy sent to
// PostGIS) into its entries: the "-- clients:" line and the statement text.
func corpus(t *testing.T) [][2]string {
	b, err := os.ReadFile("testdata/ALL_DISTINCT.sql")
	require.NoError(t, err)
	var out [][2]string
	for _, chunk := range strings.Split(string(b), "\n-- clients: ")[1:] {
		head, body, _ := strings.Cut(chunk, "\n")
		out = append(out, [2]string{head, strings.TrimSpace(body)})
	}
	require.Len(t, out, 206)
	return out
}

// traceNames maps the traces' relation names and OIDs to the test case's:
// the traces' tables are rebuilt as trace_events and trace_sectors
// (case_test.go), and their OIDs (17430 events, 17435 its primary key index,
// 17439 cells_sectors, 17444 its key, 17447 events_long, 17489
// events_nopk) become the OIDs mast gives them. The substitution is made on
// pg_query's tokens of each statement, not on its text.
func traceNames() map[string]string {
	ev := fmt.Sprint(pgcompat.RelationOID("public", "trace_events"))
	sec := fmt.Sprint(pgcompat.RelationOID("public", "trace_sectors"))
	return map[string]string{
		"events": "trace_events", "events_nopk": "trace_events", "events_long": "trace_events",
		"events_big": "trace_events", "cells_sectors": "trace_sectors",
		`"events"`: `"trace_events"`, `"events_nopk"`: `"trace_events"`, `"events_long"`: `"trace_events"`,
		`"events_big"`: `"trace_events"`, `"cells_sectors"`: `"trace_sectors"`,
		"'events'": "'trace_events'", "'events_nopk'": "'trace_events'", "'events_long'": "'trace_events'",
		"'cells_sectors'": "'trace_sectors'", "'^(events)$'": "'^(trace_events)$'",
		`'"public"."events"'`: `'"public"."trace_events"'`, `'"public"."events_nopk"'`: `'"public"."trace_events"'`,
		`'"public"."events_long"'`: `'"public"."trace_events"'`, `'"public"."events_big"'`: `'"public"."trace_events"'`,
		`'"public"."cells_sectors"'`: `'"public"."trace_sectors"'`,
		"'events_id_seq'":            "'trace_events_id_seq'", "'cells_sectors_id_seq'": "'trace_sectors_id_seq'",
		"17430": ev, "'17430'": "'" + ev + "'", "17489": ev, "17447": ev, "17439": sec,
		"17435": fmt.Sprint(pgcompat.RelationOID("public", "trace_events_pkey")),
		"17444": fmt.Sprint(pgcompat.RelationOID("public", "trace_sectors_pkey")),
	}
}

func substituteTrace(t *testing.T, sql string, subst map[string]string) string {
	res, err := pg_query.Scan(sql)
	require.NoError(t, err)
	var b strings.Builder
	last := 0
	for _, tok := range res.Tokens {
		word := sql[tok.Start:tok.End]
		if to, ok := subst[word]; ok {
			b.WriteString(sql[last:tok.Start])
			b.WriteString(to)
			last = int(tok.End)
		}
	}
	b.WriteString(sql[last:])
	return b.String()
}

// TestEveryClientStatementRuns translates every statement of the corpus and
// runs what DuckDB must run.
func TestEveryClientStatementRuns(t *testing.T) {
	db, cat := demo(t)
	subst := traceNames()
	conn, err := db.Conn(t.Context())
	require.NoError(t, err)
	defer conn.Close()
	for i, e := range corpus(t) {
		src := substituteTrace(t, e[1], subst)
		t.Run(fmt.Sprintf("%03d", i+1), func(t *testing.T) {
			stmts, err := cat.Translate(src)
			require.NoError(t, err)
			for _, st := range stmts {
				require.NotEqual(t, pgcompat.KindRefused, st.Kind, "%s\n%v", st.Source, st.Refusal)
				switch st.Kind {
				case pgcompat.KindQuery, pgcompat.KindDeclare, pgcompat.KindCopyOut:
				default:
					continue
				}
				args := make([]any, len(st.ParamTypes))
				for j, oid := range st.ParamTypes {
					args[j] = map[uint32]any{pgcompat.OIDInt4: 60, pgcompat.OIDInt8: 1}[oid]
					if args[j] == nil {
						args[j] = int64(16392)
					}
				}
				if strings.Contains(st.SQL, "cell_id = $1") {
					args = []any{"x", 60}
				}
				rows, err := conn.QueryContext(t.Context(), st.SQL, args...)
				require.NoError(t, err, "clients: %s\nsent: %s\nran:  %s", e[0], st.Source, st.SQL)
				for rows.Next() {
				}
				require.NoError(t, rows.Err(), "ran: %s", st.SQL)
				rows.Close()
			}
		})
	}
}
