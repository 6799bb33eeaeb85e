package pgwire

import (
	"context"
	gosql "database/sql"
	"encoding/binary"
	"fmt"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/sql/pgcompat"
)

// rowSource is a running query's rows, read a batch at a time: by a
// simple query, a portal that may be suspended, a cursor or a COPY.
//
// The rows come one of two ways. Rows read over several messages (a cursor,
// a portal executed a few rows at a time: how QGIS, GDAL, psycopg2 and JDBC
// read layers and large tables) whose columns are all of the types
// batch.go writes straight from Arrow arrays come from DuckDB as Arrow
// record batches, read ahead by a prefetcher: no Go value is made per row
// and column. Everything else comes through database/sql, one Go value per
// column and row, and is written by encoder.row.
type rowSource struct {
	cols   []column
	cancel context.CancelFunc
	side   *gosql.Conn // a connection of its own, released on close
	done   bool

	// database/sql
	rows *gosql.Rows
	vals []any
	ptrs []any

	// Arrow
	batches *prefetcher
	rec     arrow.RecordBatch // the current batch, owned by batches
	at      int               // the next row of rec
}

// openRows runs query on conn (the session's, or a side connection for rows
// that outlive the statement) and describes its columns.
func openRows(ctx context.Context, conn *gosql.Conn, side bool, st *pgcompat.Statement, args []any) (*rowSource, error) {
	ctx, cancel := context.WithCancel(ctx)
	r := &rowSource{cancel: cancel}
	if side {
		r.side = conn
	}
	fail := func(err error) (*rowSource, error) {
		cancel()
		if side {
			conn.Close()
		}
		return nil, err
	}
	if side {
		if cols, ok := batchColumns(ctx, conn, st, args); ok {
			rr, err := engine.QueryArrow(ctx, conn, st.SQL, args)
			if err != nil {
				return fail(err)
			}
			if batchSchemaFits(cols, rr.Schema()) {
				r.cols, r.batches = cols, prefetch(rr)
				return r, nil
			}
			// Arrow types other than DESCRIBE promised: read the result
			// again the general way.
			rr.Release()
		}
	}
	rows, err := conn.QueryContext(ctx, st.SQL, args...)
	if err != nil {
		return fail(err)
	}
	types, err := rows.ColumnTypes()
	if err != nil {
		rows.Close()
		return fail(err)
	}
	r.rows = rows
	r.cols = make([]column, len(types))
	for i, t := range types {
		r.cols[i] = column{name: t.Name(), typ: pgcompat.TypeOf(t.DatabaseTypeName())}
		if i < len(st.Columns) {
			r.cols[i].from = st.Columns[i]
		}
	}
	r.vals = make([]any, len(types))
	r.ptrs = make([]any, len(types))
	for i := range r.vals {
		r.ptrs[i] = &r.vals[i]
	}
	return r, nil
}

// openLasting opens rows that outlive their statement (a cursor; a portal
// read a few rows at a time) on a side connection. They run on the session's
// context, but while they are opened, which is when DuckDB computes the
// result, the statement's context bounds them too: statement_timeout and a
// CancelRequest interrupt the query as they do any other.
func (s *session) openLasting(stmt context.Context, conn *gosql.Conn, st *pgcompat.Statement, args []any) (*rowSource, error) {
	life, stop := context.WithCancel(s.life)
	unwatch := context.AfterFunc(stmt, stop)
	src, err := openRows(life, conn, true, st, args)
	if unwatch() && err == nil {
		inner := src.cancel
		src.cancel = func() { inner(); stop() }
		return src, nil
	}
	// The statement ended (timeout, cancel) while the rows were opened, or
	// opening failed.
	src.close()
	stop()
	if stmt.Err() != nil {
		return nil, stmt.Err()
	}
	return nil, err
}

// batchColumns asks DuckDB (DESCRIBE, which binds the query without running
// it) for the query's columns, and says whether every one is of a type read
// from Arrow batches. DESCRIBE names types exactly as database/sql does
// (JSON and UUID are not VARCHAR there, though Arrow shows them as strings).
func batchColumns(ctx context.Context, conn *gosql.Conn, st *pgcompat.Statement, args []any) ([]column, bool) {
	rows, err := conn.QueryContext(ctx, "DESCRIBE "+st.SQL, args...)
	if err != nil {
		return nil, false
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil || len(names) < 2 {
		return nil, false
	}
	vals := make([]any, len(names))
	ptrs := make([]any, len(names))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var cols []column
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, false
		}
		name, ok1 := vals[0].(string)
		duck, ok2 := vals[1].(string)
		kind := batchKindOf(duck)
		if !ok1 || !ok2 || kind == batchNone {
			return nil, false
		}
		c := column{name: name, typ: pgcompat.TypeOf(duck), batch: kind}
		if i := len(cols); i < len(st.Columns) {
			c.from = st.Columns[i]
		}
		cols = append(cols, c)
	}
	if rows.Err() != nil || len(cols) == 0 {
		return nil, false
	}
	return cols, true
}

// next reads one row as Go values; ok is false at the end.
func (r *rowSource) next() (vals []any, ok bool, err error) {
	if r.batches != nil {
		if ok, err := r.advance(); !ok {
			return nil, false, err
		}
		if r.vals == nil {
			r.vals = make([]any, len(r.cols))
		}
		for i, c := range r.cols {
			r.vals[i] = batchValue(c.batch, r.rec.Column(i), r.at)
		}
		r.at++
		return r.vals, true, nil
	}
	if r.done {
		return nil, false, nil
	}
	if !r.rows.Next() {
		r.done = true
		return nil, false, r.rows.Err()
	}
	for i := range r.vals {
		r.vals[i] = nil
	}
	if err := r.rows.Scan(r.ptrs...); err != nil {
		return nil, false, err
	}
	return r.vals, true, nil
}

// advance makes r.rec hold the next row (at r.at) of an Arrow source; ok
// is false at the end.
func (r *rowSource) advance() (ok bool, err error) {
	for r.rec == nil || r.at >= int(r.rec.NumRows()) {
		if r.done {
			return false, nil
		}
		if !r.batches.Next() {
			r.done, r.rec = true, nil
			return false, r.batches.Err()
		}
		r.rec, r.at = r.batches.RecordBatch(), 0
	}
	return true, nil
}

// skip passes over up to n rows (all when n < 0) without reading their
// values, for MOVE; it returns how many it passed.
func (r *rowSource) skip(n int64) (int64, error) {
	var moved int64
	for n < 0 || moved < n {
		if r.batches != nil {
			ok, err := r.advance()
			if err != nil || !ok {
				return moved, err
			}
			step := int64(r.rec.NumRows()) - int64(r.at)
			if n >= 0 {
				step = min(step, n-moved)
			}
			r.at += int(step)
			moved += step
			continue
		}
		_, ok, err := r.next()
		if err != nil || !ok {
			return moved, err
		}
		moved++
	}
	return moved, nil
}

func (r *rowSource) close() {
	if r == nil {
		return
	}
	if r.rows != nil {
		r.rows.Close()
	}
	if r.batches != nil {
		r.rec = nil
		r.batches.Release()
		r.batches = nil
	}
	r.cancel()
	if r.side != nil {
		r.side.Close()
		r.side = nil
	}
}

// rowDescription describes cols with the given result formats.
func rowDescription(cols []column, formats []int16) *pgproto3.RowDescription {
	rd := &pgproto3.RowDescription{Fields: make([]pgproto3.FieldDescription, len(cols))}
	for i, c := range cols {
		f := int16(0)
		switch {
		case len(formats) == 1:
			f = formats[0]
		case i < len(formats):
			f = formats[i]
		}
		rd.Fields[i] = pgproto3.FieldDescription{
			Name:                 []byte(c.name),
			TableOID:             c.from.Table,
			TableAttributeNumber: uint16(c.from.Column),
			DataTypeOID:          c.typ.OID,
			DataTypeSize:         c.typ.Len,
			TypeModifier:         c.typ.Mod,
			Format:               f,
		}
	}
	return rd
}

// sendChunk is how many bytes of DataRows are gathered before they are
// written to the socket.
const sendChunk = 64 << 10

var sendBuffers = sync.Pool{New: func() any { b := make([]byte, 0, sendChunk+sendChunk/4); return &b }}

// sendRows streams up to max rows (all when max <= 0) of src as DataRows
// encoded by enc; it returns how many it sent and whether src has more.
//
// The DataRow messages are built in a buffer of our own and written to the
// connection in chunks of about sendChunk bytes, after whatever the session
// had queued before them (a RowDescription) is flushed; every row is on
// the wire when it returns, so what the session sends next follows them.
func (s *session) sendRows(src *rowSource, enc *encoder, max int64) (n int64, more bool, err error) {
	bp := sendBuffers.Get().(*[]byte)
	out := (*bp)[:0]
	defer func() {
		if cap(out) <= 4*sendChunk { // a buffer grown for a huge row is let go
			*bp = out[:0]
			sendBuffers.Put(bp)
		}
	}()
	queued := true // the backend's own buffer may hold messages
	write := func() error {
		if queued {
			if err := s.be.Flush(); err != nil {
				return fmt.Errorf("send rows: %w", err)
			}
			queued = false
		}
		if len(out) == 0 {
			return nil
		}
		_, err := s.nc.Write(out)
		out = out[:0]
		if err != nil {
			return fmt.Errorf("send rows: %w", err)
		}
		return nil
	}
	var vals [][]byte
	for max <= 0 || n < max {
		if src.batches != nil {
			ok, err := src.advance()
			if err != nil || !ok {
				return n, false, join(err, write())
			}
			if out, err = enc.appendBatchRow(out, src.rec, src.at); err != nil {
				return n, false, join(err, write())
			}
			src.at++
		} else {
			row, ok, err := src.next()
			if err != nil || !ok {
				return n, false, join(err, write())
			}
			if vals, err = enc.row(row, vals); err != nil {
				return n, false, join(err, write())
			}
			out = appendDataRow(out, vals)
		}
		n++
		if len(out) >= sendChunk {
			if err := write(); err != nil {
				return n, false, err
			}
		}
	}
	if err := write(); err != nil {
		return n, false, err
	}
	// Peek: PostgreSQL suspends a portal only when rows remain.
	return n, !src.done, nil
}

// join returns the first error that is not nil.
func join(first, second error) error {
	if first != nil {
		return first
	}
	return second
}

// appendDataRow appends a DataRow message of vals (nil for NULL).
func appendDataRow(out []byte, vals [][]byte) []byte {
	start := len(out)
	out = append(out, 'D', 0, 0, 0, 0)
	out = binary.BigEndian.AppendUint16(out, uint16(len(vals)))
	for _, v := range vals {
		if v == nil {
			out = binary.BigEndian.AppendUint32(out, 0xFFFFFFFF)
			continue
		}
		out = binary.BigEndian.AppendUint32(out, uint32(len(v)))
		out = append(out, v...)
	}
	binary.BigEndian.PutUint32(out[start+1:], uint32(len(out)-start-1))
	return out
}

// batchKindOf says how a column of DuckDB type duck (as DESCRIBE names it)
// is read from Arrow batches; batchNone when it is not.
func batchKindOf(duck string) batchKind {
	d := strings.ToUpper(strings.TrimSpace(duck))
	if i := strings.IndexByte(d, '('); i > 0 {
		d = strings.TrimSpace(d[:i])
	}
	return batchKinds[d]
}
