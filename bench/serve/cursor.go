package serve

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// qgisRead replays QGIS reading every feature of the layer: one Query
// message that begins a read-only transaction and declares a BINARY cursor,
// FETCH FORWARD 2000 until a FETCH returns fewer rows, then CLOSE and
// COMMIT, all in the simple protocol. Every row is read off the wire.
func qgisRead(ctx context.Context, conn *pgconn.PgConn, cursor string) (Timing, error) {
	began, cpu := time.Now(), processCPU()
	if err := execAll(ctx, conn, qgisDeclare(cursor)); err != nil {
		return Timing{}, fmt.Errorf("qgis declare: %w", err)
	}
	t := Timing{Declare: time.Since(began)}
	fetch := qgisFetch(cursor)
	for {
		n, b, err := countRows(conn.Exec(ctx, fetch))
		if err != nil {
			return Timing{}, fmt.Errorf("qgis fetch: %w", err)
		}
		t.Rows += n
		t.Bytes += b
		if n < qgisFetchRows {
			break
		}
	}
	if err := execAll(ctx, conn, qgisClose(cursor)); err != nil {
		return Timing{}, fmt.Errorf("qgis close: %w", err)
	}
	t.Elapsed, t.CPU = time.Since(began), processCPU()-cpu
	return t, nil
}

// gdalRead replays GDAL (ogr2ogr) reading every feature of the layer:
// BEGIN, DECLARE a text cursor, FETCH 500 until a FETCH returns no rows,
// CLOSE, COMMIT, each as the unnamed statement of the extended protocol
// (Parse, Bind, Describe, Execute, Sync) with text results.
func gdalRead(ctx context.Context, conn *pgconn.PgConn) (Timing, error) {
	began, cpu := time.Now(), processCPU()
	for _, q := range []string{"BEGIN", gdalDeclare} {
		if _, err := conn.ExecParams(ctx, q, nil, nil, nil, nil).Close(); err != nil {
			return Timing{}, fmt.Errorf("gdal %s: %w", q, err)
		}
	}
	t := Timing{Declare: time.Since(began)}
	for {
		rr := conn.ExecParams(ctx, gdalFetch, nil, nil, nil, nil)
		var n int64
		for rr.NextRow() {
			t.Bytes += rowBytes(rr.Values())
			n++
		}
		if _, err := rr.Close(); err != nil {
			return Timing{}, fmt.Errorf("gdal fetch: %w", err)
		}
		t.Rows += n
		if n == 0 {
			break
		}
	}
	for _, q := range []string{"CLOSE " + gdalCursor, "COMMIT"} {
		if _, err := conn.ExecParams(ctx, q, nil, nil, nil, nil).Close(); err != nil {
			return Timing{}, fmt.Errorf("gdal %s: %w", q, err)
		}
	}
	t.Elapsed, t.CPU = time.Since(began), processCPU()-cpu
	return t, nil
}

// execAll sends one Query message and reads all of its results.
func execAll(ctx context.Context, conn *pgconn.PgConn, sql string) error {
	_, _, err := countRows(conn.Exec(ctx, sql))
	return err
}

// countRows reads every result of a Query message, and every row of each,
// and returns how many rows there were.
func countRows(mrr *pgconn.MultiResultReader) (rows, bytes int64, err error) {
	for mrr.NextResult() {
		rr := mrr.ResultReader()
		for rr.NextRow() {
			bytes += rowBytes(rr.Values())
			rows++
		}
		if _, err := rr.Close(); err != nil {
			mrr.Close()
			return rows, bytes, err
		}
	}
	return rows, bytes, mrr.Close()
}

// rowBytes is the size of a row's values: a row is counted with the bytes
// that arrived for it.
func rowBytes(vals [][]byte) int64 {
	var n int64
	for _, v := range vals {
		n += int64(len(v))
	}
	return n
}
