// Package pgwire is mast's PostgreSQL wire-protocol server: QGIS, GDAL,
// psql, pgJDBC, psycopg2 and pgx query a case as if it were a PostgreSQL 16
// database with PostGIS.
//
// Layers, from the socket in:
//   - Server accepts connections; each is a session (session.go) that
//     answers SSLRequest (TLS when configured), authenticates by
//     SCRAM-SHA-256 (auth.go), opens its case (cases.go: each case is
//     opened once, its PostgreSQL catalog emulation installed and its
//     DuckDB instance locked down before any network statement runs) and
//     sends the parameters clients read (settings.go).
//   - loop.go is the protocol's state machine: the simple protocol (several
//     statements in one Query, each with its own results), the extended
//     protocol (Parse, Bind, Describe, Execute with a row limit and
//     PortalSuspended, Close, Sync, Flush; after an error everything up to
//     Sync is discarded).
//   - exec.go runs one translated statement (sql/pgcompat says what it
//     is): queries, transactions, SET/SHOW/RESET kept per session,
//     cursors (cursor.go: each on a DuckDB connection of its own so that
//     the session can run other statements between FETCHes), COPY TO
//     STDOUT (copy.go); it refuses what the user's role may not run.
//   - encode.go writes values in PostgreSQL's text and binary formats
//     (geometry as hex EWKB in text and EWKB in binary); decode.go reads
//     parameters. Rows read over several messages (cursors, Execute with a
//     row limit: how QGIS, GDAL, psycopg2 and JDBC read layers) whose
//     columns are all simple types come through DuckDB's Arrow interface
//     (engine.QueryArrow) and are written from the Arrow arrays straight into
//     DataRow bytes (batch.go, read ahead by prefetch.go), in 64 KiB writes;
//     batch_test.go pins that path to encode.go's, byte for byte. Other
//     results go through database/sql.
//
// Every statement, login and refusal goes to the Auditor. A CancelRequest
// cancels the context of what the session runs; duckdb-go interrupts the
// query. Known gaps: scrollable cursors (FETCH BACKWARD), COPY FROM, the
// function-call protocol, and streaming of very large results (DuckDB
// materialises a query's result before the first row is sent). A message the
// server cannot read (bad length, unknown type, oversized, undecodable) gets
// FATAL 08P01 and the connection is closed; FuzzSession and FuzzStartup
// (fuzz_test.go) drive the state machine with mutated streams. Rows that
// outlive their statement (cursors, portals read a few rows at a time) run
// on the session's context, bounded by the statement's timeout and cancel
// while DuckDB computes them (rows.go, openLasting).
//
// The wire behaviour is pinned by scripts in testdata/pgtest, replayed by
// TestPGTest (pgtest_test.go) with github.com/cockroachdb/datadriven in the
// manner of CockroachDB's pgtest: "send" writes frontend messages given as
// pgproto3 JSON, "until" prints the backend's answers up to the listed
// types, with the fields that vary per run (BackendKeyData) or are
// DuckDB's wording (error messages, with noerrmsg) normalised. The scripts
// cover the simple and extended protocols, errors and Sync, PortalSuspended,
// pipelining, transactions, cursors, COPY, SET/SHOW/RESET, refusals, and the
// opening statements QGIS, GDAL, psql and pgJDBC really send (from the
// recorded traces). Their comments say what PostgreSQL does and where mast
// differs; regenerate with go test ./sql/pgwire -run TestPGTest -rewrite and
// read the diff.
package pgwire
