package pgcompat_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/sql/pgcompat"
)

func TestTranslateClassifiesStatements(t *testing.T) {
	_, cat := demo(t)
	for _, tc := range []struct {
		name string
		sql  string
		want []pgcompat.Statement // only the fields set are compared
	}{
		{"empty", "", []pgcompat.Statement{{Kind: pgcompat.KindEmpty}}},
		{"trailing semicolon", "SELECT 1;", []pgcompat.Statement{{Kind: pgcompat.KindQuery, Tag: "SELECT"}}},
		{"qgis byte order probe", "SELECT regclass('pg_class')::oid AS oidselect;BEGIN;DECLARE oidcursor BINARY CURSOR FOR SELECT regclass('pg_class')::oid AS oidbinarycursor;FETCH FORWARD 1 FROM oidcursor;CLOSE oidcursor;COMMIT;",
			[]pgcompat.Statement{{Kind: pgcompat.KindQuery, Tag: "SELECT"}, {Kind: pgcompat.KindBegin, Tag: "BEGIN"},
				{Kind: pgcompat.KindDeclare, Tag: "DECLARE CURSOR", Cursor: &pgcompat.Cursor{Name: "oidcursor", Binary: true}},
				{Kind: pgcompat.KindFetch, Tag: "FETCH", Cursor: &pgcompat.Cursor{Name: "oidcursor", Count: 1}},
				{Kind: pgcompat.KindClose, Tag: "CLOSE CURSOR", Cursor: &pgcompat.Cursor{Name: "oidcursor"}},
				{Kind: pgcompat.KindCommit, Tag: "COMMIT"}}},
		{"begin read only", "BEGIN READ ONLY", []pgcompat.Statement{{Kind: pgcompat.KindBegin, Tag: "BEGIN", ReadOnly: true}}},
		{"start transaction", "START TRANSACTION", []pgcompat.Statement{{Kind: pgcompat.KindBegin, Tag: "START TRANSACTION"}}},
		{"end", "END", []pgcompat.Statement{{Kind: pgcompat.KindCommit, Tag: "COMMIT"}}},
		{"abort", "ABORT", []pgcompat.Statement{{Kind: pgcompat.KindRollback, Tag: "ROLLBACK"}}},
		{"set to", "set client_min_messages to error", []pgcompat.Statement{{Kind: pgcompat.KindSet, Tag: "SET", Set: &pgcompat.Setting{Name: "client_min_messages", Value: "error"}}}},
		{"set =", "SET extra_float_digits = 3", []pgcompat.Statement{{Kind: pgcompat.KindSet, Tag: "SET", Set: &pgcompat.Setting{Name: "extra_float_digits", Value: "3"}}}},
		{"set upper case", "SET ENABLE_SEQSCAN = ON", []pgcompat.Statement{{Kind: pgcompat.KindSet, Tag: "SET", Set: &pgcompat.Setting{Name: "enable_seqscan", Value: "on"}}}},
		{"set local", "SET LOCAL application_name = 'QGIS'", []pgcompat.Statement{{Kind: pgcompat.KindSet, Tag: "SET", Set: &pgcompat.Setting{Name: "application_name", Value: "QGIS", Local: true}}}},
		{"show isolation", "show transaction isolation level", []pgcompat.Statement{{Kind: pgcompat.KindShow, Tag: "SHOW", Set: &pgcompat.Setting{Name: "transaction_isolation"}}}},
		{"show all", "SHOW ALL", []pgcompat.Statement{{Kind: pgcompat.KindShow, Tag: "SHOW", Set: &pgcompat.Setting{Name: "all"}}}},
		{"reset all", "RESET ALL", []pgcompat.Statement{{Kind: pgcompat.KindReset, Tag: "RESET", Set: &pgcompat.Setting{Name: "all"}}}},
		{"fetch 500 in", "FETCH 500 in OGRPGLayerReader0x1", []pgcompat.Statement{{Kind: pgcompat.KindFetch, Tag: "FETCH", Cursor: &pgcompat.Cursor{Name: "ogrpglayerreader0x1", Count: 500}}}},
		{"fetch 0", "FETCH 0 in executeSQLCursor", []pgcompat.Statement{{Kind: pgcompat.KindFetch, Tag: "FETCH", Cursor: &pgcompat.Cursor{Name: "executesqlcursor", Count: 0}}}},
		{"fetch all", "FETCH ALL FROM c", []pgcompat.Statement{{Kind: pgcompat.KindFetch, Tag: "FETCH", Cursor: &pgcompat.Cursor{Name: "c", Count: -1}}}},
		{"fetch quoted", `FETCH FORWARD 400 FROM "ssc"`, []pgcompat.Statement{{Kind: pgcompat.KindFetch, Tag: "FETCH", Cursor: &pgcompat.Cursor{Name: "ssc", Count: 400}}}},
		{"fetch backward", "FETCH BACKWARD 2 FROM c", []pgcompat.Statement{{Kind: pgcompat.KindFetch, Tag: "FETCH", Cursor: &pgcompat.Cursor{Name: "c", Count: 2, Backward: true}}}},
		{"move", "MOVE 10 IN c", []pgcompat.Statement{{Kind: pgcompat.KindMove, Tag: "MOVE", Cursor: &pgcompat.Cursor{Name: "c", Count: 10}}}},
		{"declare with hold", `DECLARE "c" CURSOR WITH HOLD FOR SELECT 1`, []pgcompat.Statement{{Kind: pgcompat.KindDeclare, Tag: "DECLARE CURSOR", SQL: `SELECT 1 AS "?column?"`, Cursor: &pgcompat.Cursor{Name: "c", Hold: true}}}},
		{"close all", "CLOSE ALL", []pgcompat.Statement{{Kind: pgcompat.KindClose, Tag: "CLOSE CURSOR", Cursor: &pgcompat.Cursor{}}}},
		{"copy query csv", "COPY (SELECT 1 AS a) TO STDOUT WITH (FORMAT csv, HEADER)", []pgcompat.Statement{{Kind: pgcompat.KindCopyOut, Tag: "COPY", SQL: "SELECT 1 AS a",
			Copy: &pgcompat.Copy{Format: "csv", Header: true, Delimiter: ",", Quote: `"`}}}},
		{"copy table", "COPY public.case_meta TO STDOUT", []pgcompat.Statement{{Kind: pgcompat.KindCopyOut, Tag: "COPY", SQL: "SELECT * FROM main.case_meta",
			Copy: &pgcompat.Copy{Format: "text", Delimiter: "\t", Null: `\N`}}}},
		{"deallocate", "DEALLOCATE s1", []pgcompat.Statement{{Kind: pgcompat.KindDeallocate, Tag: "DEALLOCATE", Name: "s1"}}},
		{"deallocate all", "DEALLOCATE ALL", []pgcompat.Statement{{Kind: pgcompat.KindDeallocate, Tag: "DEALLOCATE ALL"}}},
		{"discard all", "DISCARD ALL", []pgcompat.Statement{{Kind: pgcompat.KindDiscard, Tag: "DISCARD ALL"}}},
		{"insert", "INSERT INTO public.t VALUES (1)", []pgcompat.Statement{{Kind: pgcompat.KindExec, Tag: "INSERT 0", SQL: "INSERT INTO main.t VALUES (1)"}}},
		{"create table", "CREATE TABLE t (a int)", []pgcompat.Statement{{Kind: pgcompat.KindExec, Tag: "CREATE TABLE"}}},
		{"drop view", "DROP VIEW v", []pgcompat.Statement{{Kind: pgcompat.KindExec, Tag: "DROP VIEW"}}},
		{"duckdb dialect", "FROM events LIMIT 1", []pgcompat.Statement{{Kind: pgcompat.KindQuery, SQL: "FROM events LIMIT 1"}}},
		{"duckdb interval", "SELECT now() - INTERVAL 30 MINUTE", []pgcompat.Statement{{Kind: pgcompat.KindQuery}}},
		{"params", "SELECT $2::int4, $1", []pgcompat.Statement{{Kind: pgcompat.KindQuery, Tag: "SELECT", ParamTypes: []uint32{0, pgcompat.OIDInt4}}}},
		{"indkey subscript", "SELECT indkey[0] FROM pg_index", []pgcompat.Statement{{Kind: pgcompat.KindQuery, SQL: "SELECT indkey[0 + 1] AS indkey FROM mast_pg.main.pg_index"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := cat.Translate(tc.sql)
			require.NoError(t, err)
			require.Len(t, got, len(tc.want))
			for i, w := range tc.want {
				g := got[i]
				require.Equal(t, w.Kind, g.Kind, "%+v", g)
				if w.Tag != "" {
					require.Equal(t, w.Tag, g.Tag)
				}
				if w.SQL != "" {
					require.Equal(t, w.SQL, g.SQL)
				}
				if w.Kind != pgcompat.KindRefused {
					require.Nil(t, g.Refusal)
				}
				require.Equal(t, w.Set, g.Set)
				require.Equal(t, w.Cursor, g.Cursor)
				require.Equal(t, w.Copy, g.Copy)
				require.Equal(t, w.ReadOnly, g.ReadOnly)
				require.Equal(t, w.Name, g.Name)
				if w.ParamTypes != nil {
					require.Equal(t, w.ParamTypes, g.ParamTypes)
				}
			}
		})
	}
}

func TestTranslateRefuses(t *testing.T) {
	_, cat := demo(t)
	for _, tc := range []struct{ sql, code, mentions string }{
		{"COPY events TO '/tmp/x.csv'", "42501", "/tmp/x.csv"},
		{"COPY (SELECT 1) TO PROGRAM 'cat'", "42501", "program"},
		{"COPY events FROM STDIN", "0A000", "COPY FROM"},
		{"COPY events TO STDOUT (FORMAT binary)", "0A000", "binary"},
		{"ATTACH '/tmp/other.duckdb' AS o", "42501", "ATTACH"},
		{"DETACH o", "42501", "DETACH"},
		{"INSTALL spatial", "42501", "INSTALL"},
		{"LOAD spatial", "42501", "LOAD"},
		{"LOAD 'x.so'", "42501", "LOAD"},
		{"EXPORT DATABASE '/tmp/x'", "42501", "EXPORT"},
		{"IMPORT DATABASE '/tmp/x'", "42501", "IMPORT"},
		{"PRAGMA enable_profiling", "42501", "PRAGMA"},
		{"CHECKPOINT", "42501", "CHECKPOINT"},
		{"SELECT * FROM read_csv('/etc/passwd')", "42501", "read_csv"},
		{"SELECT * FROM read_csv_auto('/etc/passwd')", "42501", "read_csv_auto"},
		{"SELECT count(*) FROM read_parquet('x.parquet')", "42501", "read_parquet"},
		{"SELECT * FROM parquet_scan('x')", "42501", "parquet_scan"},
		{"SELECT * FROM read_json_auto('x')", "42501", "read_json_auto"},
		{"SELECT content FROM read_text('/etc/hosts')", "42501", "read_text"},
		{"SELECT * FROM read_blob('x')", "42501", "read_blob"},
		{"SELECT * FROM glob('/*')", "42501", "glob"},
		{"SELECT (SELECT count(*) FROM glob('/*')) + 1", "42501", "glob"},
		{"SELECT * FROM mast_exhibit(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)", "42501", "mast_exhibit"},
		{"SELECT * FROM sniff_csv('x')", "42501", "sniff_csv"},
		{"SELECT * FROM duckdb_secrets()", "42501", "duckdb_secrets"},
		{"SELECT * FROM iceberg_scan('x')", "42501", "iceberg_scan"},
		{"SELECT * FROM delta_scan('x')", "42501", "delta_scan"},
		{"SELECT * FROM postgres_scan('x', 'y', 'z')", "42501", "postgres_scan"},
		{"SELECT * FROM sqlite_scan('x', 'y')", "42501", "sqlite_scan"},
		{`SELECT * FROM "data.csv"`, "42501", "data.csv"},
		{"FROM read_csv('x') SELECT *", "42501", "read_csv"},
		{"FROM 'data.csv'", "42501", "file"},
		{"SELECT * EXCLUDE (a) FROM read_parquet('x')", "42501", "read_parquet"},
		{"SET enable_external_access = true", "42501", "enable_external_access"},
		{"SET lock_configuration = false", "42501", "lock_configuration"},
		{"SET memory_limit = '100GB'", "42501", "memory_limit"},
		{"SET threads TO 64", "42501", "threads"},
		{"RESET allowed_paths", "42501", "allowed_paths"},
		{"SET GLOBAL temp_directory = '/'", "42501", "temp_directory"},
		{"SET autoinstall_known_extensions = true", "42501", "autoinstall_known_extensions"},
		{"USE other", "42501", "USE"},
	} {
		t.Run(tc.sql, func(t *testing.T) {
			got, err := cat.Translate(tc.sql)
			require.NoError(t, err)
			require.Len(t, got, 1)
			require.Equal(t, pgcompat.KindRefused, got[0].Kind, "%+v", got[0])
			require.Equal(t, tc.code, got[0].Refusal.Code)
			require.Contains(t, got[0].Refusal.Message, tc.mentions)
			require.Empty(t, got[0].SQL)
		})
	}
}

// A SELECT PostgreSQL's parser reads is marked as only reading (unless it
// writes through INTO); an EXPLAIN that runs a write is marked as writing.
func TestTranslateMarksReadsAndWrites(t *testing.T) {
	_, cat := demo(t)
	for _, tc := range []struct {
		sql           string
		reads, writes bool
	}{
		{"SELECT 1", true, false},
		{"SELECT * FROM events UNION ALL SELECT * FROM events", true, false},
		{"WITH a AS (SELECT 1 AS x) SELECT x FROM a", true, false},
		{"WITH d AS (DELETE FROM events RETURNING event_id) SELECT * FROM d", false, false},
		{"SELECT 1 INTO t", false, false},
		{"FROM events LIMIT 1", false, false}, // DuckDB's dialect: DuckDB says what it is
		{"EXPLAIN SELECT 1", false, false},
		{"EXPLAIN DELETE FROM events", false, false},
		{"EXPLAIN ANALYZE SELECT 1", false, false},
		{"EXPLAIN ANALYZE DELETE FROM events", false, true},
		{"EXPLAIN (ANALYZE) INSERT INTO events SELECT * FROM events", false, true},
		{"EXPLAIN (ANALYZE true, BUFFERS) UPDATE events SET kind = 'sms'", false, true},
		{"EXPLAIN (ANALYZE off) DELETE FROM events", false, false},
		{"EXPLAIN ANALYZE CREATE TABLE t AS SELECT 1", false, true},
		{"EXPLAIN ANALYZE WITH d AS (DELETE FROM events RETURNING 1) SELECT * FROM d", false, true},
	} {
		got, err := cat.Translate(tc.sql)
		require.NoError(t, err, tc.sql)
		require.Len(t, got, 1, tc.sql)
		require.Equal(t, tc.reads, got[0].Reads, tc.sql)
		require.Equal(t, tc.writes, got[0].Writes, tc.sql)
	}
}
