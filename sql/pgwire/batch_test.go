package pgwire

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/sql/pgcompat"
)

// batchQuery has a column of every kind the Arrow path writes, with NULLs,
// edge values and enough rows for several batches.
const batchQuery = `SELECT
	(i % 100)::TINYINT AS ti, i::SMALLINT AS si, (i * 7919)::INTEGER AS ii, (i * 1000000007)::BIGINT AS bi,
	(abs(i) % 200)::UTINYINT AS ut, abs(i)::USMALLINT AS us, (abs(i) * 65537)::UINTEGER AS ui, (abs(i) * 4000000000000)::UBIGINT AS ub,
	CASE i % 7 WHEN 0 THEN 'NaN'::FLOAT WHEN 1 THEN 'inf'::FLOAT ELSE (i / 3)::FLOAT END AS fl,
	CASE i % 9 WHEN 0 THEN '-inf'::DOUBLE ELSE i / 7 END AS db,
	CASE WHEN i % 5 = 0 THEN NULL WHEN i % 5 = 1 THEN '' ELSE 'näme ' || i END AS s,
	CASE WHEN i % 4 = 0 THEN NULL ELSE (['out', 'in', 'fwd'])[abs(i) % 3 + 1] END::ENUM('out', 'in', 'fwd', 'none') AS en,
	('\xAB\x0' || (abs(i) % 10) || 'z')::BLOB AS bl,
	CASE WHEN i % 11 = 0 THEN NULL WHEN i % 2 = 0 THEN st_point(i / 1000, -i / 1000) ELSE 'POINT Z(1 2 3)'::GEOMETRY END AS g,
	DATE '1999-12-30' + i::INTEGER AS dt,
	TIMESTAMP '1969-12-31 23:59:59.999999' + to_microseconds(i * 999) AS ts,
	TIMESTAMPTZ '2026-03-29 00:30:00+00' + to_minutes(i * 7) AS tz,
	(TIMESTAMP '1999-12-31 23:59:58' + to_seconds(i))::TIMESTAMP_S AS tss,
	(TIMESTAMP '1999-12-31 23:59:59.998' + to_milliseconds(i))::TIMESTAMP_MS AS tsms,
	make_timestamp_ns(946684799999999999 + i * 1001) AS tsns,
	CASE WHEN i % 3 = 0 THEN NULL ELSE i % 2 = 0 END AS bo
FROM range(-300, 4500) t(i)`

// encodeAll writes every row of src as DataRows, as sendRows does.
func encodeAll(t *testing.T, src *rowSource, enc *encoder) []byte {
	t.Helper()
	var out []byte
	var vals [][]byte
	for {
		if src.batches != nil {
			ok, err := src.advance()
			require.NoError(t, err)
			if !ok {
				return out
			}
			out, err = enc.appendBatchRow(out, src.rec, src.at)
			require.NoError(t, err)
			src.at++
			continue
		}
		row, ok, err := src.next()
		require.NoError(t, err)
		if !ok {
			return out
		}
		vals, err = enc.row(row, vals)
		require.NoError(t, err)
		out = appendDataRow(out, vals)
	}
}

func batchTestCase(t *testing.T) *engine.Case {
	t.Helper()
	c, err := engine.Create(context.Background(), filepath.Join(t.TempDir(), "b.duckdb"), engine.Settings{Name: "b"}, engine.DefaultOptions())
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

// The Arrow path writes, byte for byte, what the general path writes, for
// every kind it reads, in text and binary, in time zones with whole and
// half-hour offsets.
func TestBatchRowsMatchValueRows(t *testing.T) {
	c := batchTestCase(t)
	ctx := context.Background()
	st := &pgcompat.Statement{Kind: pgcompat.KindQuery, SQL: batchQuery}
	for _, zone := range []string{"UTC", "Europe/London", "Asia/Kolkata", "America/St_Johns"} {
		loc, err := time.LoadLocation(zone)
		require.NoError(t, err)
		for _, format := range []int16{0, 1} {
			t.Run(fmt.Sprintf("%s/format%d", zone, format), func(t *testing.T) {
				general, err := c.DB().Conn(ctx)
				require.NoError(t, err)
				defer general.Close()
				want, err := openRows(ctx, general, false, st, nil)
				require.NoError(t, err)
				defer want.close()
				require.Nil(t, want.batches)

				side, err := c.DB().Conn(ctx)
				require.NoError(t, err)
				got, err := openRows(ctx, side, true, st, nil)
				require.NoError(t, err)
				defer got.close()
				require.NotNil(t, got.batches, "the side query should be read from Arrow batches")

				require.Len(t, got.cols, len(want.cols))
				kinds := map[batchKind]bool{}
				for _, c := range got.cols {
					kinds[c.batch] = true
				}
				require.Len(t, kinds, int(batchTimestampTZ), "every kind but batchNone")
				for i := range want.cols {
					require.Equal(t, want.cols[i].name, got.cols[i].name)
					require.Equal(t, want.cols[i].typ, got.cols[i].typ, want.cols[i].name)
				}
				types := pgtype.NewMap()
				wantRows := encodeAll(t, want, newEncoder(want.cols, []int16{format}, loc, types))
				gotRows := encodeAll(t, got, newEncoder(got.cols, []int16{format}, loc, types))
				require.Greater(t, len(wantRows), 100_000)
				if !bytes.Equal(wantRows, gotRows) {
					at := 0
					for at < min(len(wantRows), len(gotRows)) && wantRows[at] == gotRows[at] {
						at++
					}
					from := max(0, at-40)
					t.Fatalf("rows differ at byte %d:\nwant %q\ngot  %q", at, wantRows[from:min(len(wantRows), at+40)], gotRows[from:min(len(gotRows), at+40)])
				}
			})
		}
	}
}

// A result with a column the Arrow path does not read, or parameters it
// cannot describe, is read the general way.
func TestBatchRowsOnlyForKnownTypes(t *testing.T) {
	c := batchTestCase(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		sql   string
		args  []any
		batch bool
	}{
		{"plain", `SELECT 1 AS a, 'x' AS b`, nil, true},
		{"json", `SELECT '{"b":1,"a":2}'::JSON AS j`, nil, false},
		{"uuid", `SELECT gen_random_uuid() AS u`, nil, false},
		{"list", `SELECT [1, 2] AS l`, nil, false},
		{"decimal", `SELECT 1.5::DECIMAL(10,2) AS d`, nil, false},
		{"interval", `SELECT INTERVAL 3 DAY AS i`, nil, false},
		{"parameter", `SELECT $1::INTEGER AS p`, []any{int32(7)}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			side, err := c.DB().Conn(ctx)
			require.NoError(t, err)
			src, err := openRows(ctx, side, true, &pgcompat.Statement{Kind: pgcompat.KindQuery, SQL: tc.sql}, tc.args)
			require.NoError(t, err)
			defer src.close()
			require.Equal(t, tc.batch, src.batches != nil)
			_, ok, err := src.next()
			require.NoError(t, err)
			require.True(t, ok)
		})
	}
}

// MOVE passes over rows across batch boundaries; what follows is the
// next row.
func TestBatchRowsSkip(t *testing.T) {
	c := batchTestCase(t)
	ctx := context.Background()
	side, err := c.DB().Conn(ctx)
	require.NoError(t, err)
	src, err := openRows(ctx, side, true, &pgcompat.Statement{Kind: pgcompat.KindQuery, SQL: `SELECT i FROM range(5000) t(i)`}, nil)
	require.NoError(t, err)
	defer src.close()
	require.NotNil(t, src.batches)
	n, err := src.skip(3000)
	require.NoError(t, err)
	require.EqualValues(t, 3000, n)
	vals, ok, err := src.next()
	require.NoError(t, err)
	require.True(t, ok)
	require.EqualValues(t, 3000, vals[0])
	n, err = src.skip(-1)
	require.NoError(t, err)
	require.EqualValues(t, 1999, n)
	_, ok, err = src.next()
	require.NoError(t, err)
	require.False(t, ok)
}

func BenchmarkBatchRows(b *testing.B) {
	ctx := context.Background()
	c, err := engine.Create(ctx, filepath.Join(b.TempDir(), "b.duckdb"), engine.Settings{Name: "b"}, engine.DefaultOptions())
	require.NoError(b, err)
	defer c.Close()
	q := `SELECT st_asbinary(st_point(i / 1e5, i / 1e5)) AS g, i::BIGINT AS id, 'subject-' || (i % 200) AS subject,
		TIMESTAMPTZ '2026-03-01 00:00:00+00' + to_seconds(i) AS t, 'voice' AS kind, 'cell-' || (i % 4000) AS cell
		FROM range(20000) t(i)`
	for _, format := range []int16{0, 1} {
		b.Run(fmt.Sprintf("format%d", format), func(b *testing.B) {
			side, err := c.DB().Conn(ctx)
			require.NoError(b, err)
			src, err := openRows(ctx, side, true, &pgcompat.Statement{Kind: pgcompat.KindQuery, SQL: q}, nil)
			require.NoError(b, err)
			defer src.close()
			var recs []int
			_ = recs
			ok, err := src.advance()
			require.NoError(b, err)
			require.True(b, ok)
			rec := src.rec
			enc := newEncoder(src.cols, []int16{format}, time.UTC, pgtype.NewMap())
			out := make([]byte, 0, 1<<20)
			rows := int(rec.NumRows())
			for b.Loop() {
				out = out[:0]
				for i := range rows {
					out, _ = enc.appendBatchRow(out, rec, i)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
		})
	}
}

// appendTimestamp writes what time.Format writes.
func TestAppendTimestamp(t *testing.T) {
	for _, ts := range []time.Time{
		time.Date(2026, 3, 29, 1, 2, 3, 0, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1000, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2000, 1, 2, 3, 4, 5, 120000000, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 100, time.UTC),
		time.Date(12000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-44, 3, 15, 12, 0, 0, 0, time.UTC),
	} {
		require.Equal(t, ts.Format("2006-01-02 15:04:05.999999"), string(appendTimestamp(nil, ts)))
	}
}

// The prefetcher's goroutine ends when the rows are closed, whether they
// were read to the end, part of the way, or not at all.
func TestPrefetcherEndsWithTheRows(t *testing.T) {
	c := batchTestCase(t)
	ctx := context.Background()
	for _, read := range []int{0, 1, 2500, 100_000} {
		t.Run(fmt.Sprint(read), func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			side, err := c.DB().Conn(ctx)
			require.NoError(t, err)
			src, err := openRows(ctx, side, true, &pgcompat.Statement{Kind: pgcompat.KindQuery, SQL: `SELECT i FROM range(50000) t(i)`}, nil)
			require.NoError(t, err)
			require.NotNil(t, src.batches)
			n, err := src.skip(int64(read))
			require.NoError(t, err)
			require.EqualValues(t, min(read, 50000), n)
			src.close()
		})
	}
}

// A cancelled cursor's next read says so.
func TestPrefetcherCancelled(t *testing.T) {
	c := batchTestCase(t)
	ctx := context.Background()
	side, err := c.DB().Conn(ctx)
	require.NoError(t, err)
	src, err := openRows(ctx, side, true, &pgcompat.Statement{Kind: pgcompat.KindQuery, SQL: `SELECT i FROM range(500000) t(i)`}, nil)
	require.NoError(t, err)
	defer src.close()
	require.NotNil(t, src.batches)
	src.cancel()
	_, err = src.skip(-1)
	require.ErrorIs(t, err, context.Canceled)
}
