package pgwire

import (
	"context"
	gosql "database/sql"
	"fmt"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/mastcdr/mast/sql/pgcompat"
)

// rowSource is a running query's rows, read a batch at a time: by a
// simple query, a portal that may be suspended, a cursor or a COPY.
type rowSource struct {
	rows   *gosql.Rows
	cols   []column
	vals   []any
	ptrs   []any
	cancel context.CancelFunc
	side   *gosql.Conn // a connection of its own, released on close
	done   bool
}

// open runs query on conn (the session's, or a side connection for rows
// that outlive the statement) and describes its columns.
func openRows(ctx context.Context, conn *gosql.Conn, side bool, st *pgcompat.Statement, args []any) (*rowSource, error) {
	ctx, cancel := context.WithCancel(ctx)
	rows, err := conn.QueryContext(ctx, st.SQL, args...)
	if err != nil {
		cancel()
		if side {
			conn.Close()
		}
		return nil, err
	}
	types, err := rows.ColumnTypes()
	if err != nil {
		rows.Close()
		cancel()
		if side {
			conn.Close()
		}
		return nil, err
	}
	r := &rowSource{rows: rows, cancel: cancel}
	if side {
		r.side = conn
	}
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

// next reads one row; ok is false at the end.
func (r *rowSource) next() (vals []any, ok bool, err error) {
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

func (r *rowSource) close() {
	if r == nil {
		return
	}
	r.rows.Close()
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

// sendRows streams up to max rows (all when max <= 0) of src as DataRows
// encoded by enc; it returns how many it sent and whether src has more.
func (s *session) sendRows(src *rowSource, enc *encoder, max int64) (n int64, more bool, err error) {
	var buf [][]byte
	for max <= 0 || n < max {
		vals, ok, err := src.next()
		if err != nil {
			return n, false, err
		}
		if !ok {
			return n, false, nil
		}
		buf, err = enc.row(vals, buf)
		if err != nil {
			return n, false, err
		}
		s.be.Send(&pgproto3.DataRow{Values: buf})
		n++
		if n%512 == 0 {
			if err := s.be.Flush(); err != nil {
				return n, false, fmt.Errorf("send rows: %w", err)
			}
		}
	}
	// Peek: PostgreSQL suspends a portal only when rows remain.
	return n, !src.done, nil
}
