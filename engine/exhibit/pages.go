package exhibit

import (
	"context"
	gosql "database/sql"
	"fmt"
	"strings"
	"time"
)

// rowSource is what fromRows reads: a *sql.Rows, or pages.
type rowSource interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	ColumnTypes() ([]*gosql.ColumnType, error)
	Close() error
}

// schedulePage is how many rows of a subject schedule are asked of DuckDB at
// a time.
const schedulePage = 50_000

// pageFunc reads one page: the n first rows (first), or the n rows after
// the row whose start_utc and event_id are t and id, in (start_utc,
// event_id) order. An empty page must still give the columns.
type pageFunc func(ctx context.Context, conn *gosql.Conn, first bool, t time.Time, id int64, n int) (*gosql.Rows, error)

// pages reads rows ordered by (start_utc, event_id) a page at a time: each
// page is the rows after the last row read (keyset paging, not OFFSET).
// DuckDB holds a query's whole result until it is read (duckdb-go does not
// stream), so a million-row schedule read in one query held all of it in
// memory; read in pages it holds one page. event_id is unique, so no row is
// skipped or repeated between pages; a page shorter than size is the last.
type pages struct {
	ctx    context.Context
	conn   *gosql.Conn
	page   pageFunc
	size   int
	rs     *gosql.Rows
	n      int // rows read of the current page
	tIdx   int // start_utc's column
	idIdx  int // event_id's column
	last   time.Time
	lastID int64
	err    error
}

func openPages(ctx context.Context, conn *gosql.Conn, page pageFunc, size int) (*pages, error) {
	p := &pages{ctx: ctx, conn: conn, page: page, size: size, tIdx: -1, idIdx: -1}
	rs, err := page(ctx, conn, true, time.Time{}, 0, size)
	if err != nil {
		return nil, err
	}
	p.rs = rs
	cols, err := rs.Columns()
	if err != nil {
		rs.Close()
		return nil, err
	}
	for i, c := range cols {
		switch strings.ToLower(c) {
		case "start_utc":
			p.tIdx = i
		case "event_id":
			p.idIdx = i
		}
	}
	if p.tIdx < 0 || p.idIdx < 0 {
		rs.Close()
		return nil, fmt.Errorf("schedule: the query has no start_utc and event_id columns to read it in pages by")
	}
	return p, nil
}

func (p *pages) Next() bool {
	if p.err != nil {
		return false
	}
	for {
		if p.rs.Next() {
			p.n++
			return true
		}
		if err := p.rs.Err(); err != nil {
			p.err = err
			return false
		}
		if p.n < p.size { // a short page is the last
			return false
		}
		p.rs.Close()
		rs, err := p.page(p.ctx, p.conn, false, p.last, p.lastID, p.size)
		if err != nil {
			p.rs, p.err = nil, err
			return false
		}
		p.rs, p.n = rs, 0
	}
}

// Scan scans the current row and keeps its key for the next page. dest
// holds *any, as fromRows scans.
func (p *pages) Scan(dest ...any) error {
	if err := p.rs.Scan(dest...); err != nil {
		return err
	}
	t, ok1 := dest[p.tIdx].(*any)
	id, ok2 := dest[p.idIdx].(*any)
	if !ok1 || !ok2 {
		return fmt.Errorf("schedule: pages are scanned into *any")
	}
	tv, ok1 := (*t).(time.Time)
	iv, ok2 := (*id).(int64)
	if !ok1 || !ok2 {
		return fmt.Errorf("schedule: start_utc %T and event_id %T are not a time and an integer", *t, *id)
	}
	p.last, p.lastID = tv, iv
	return nil
}

func (p *pages) Err() error { return p.err }

func (p *pages) ColumnTypes() ([]*gosql.ColumnType, error) {
	if p.rs == nil {
		return nil, p.err
	}
	return p.rs.ColumnTypes()
}

func (p *pages) Close() error {
	if p.rs == nil {
		return nil
	}
	return p.rs.Close()
}
