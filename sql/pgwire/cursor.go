package pgwire

import (
	"context"
	"fmt"

	"github.com/mastcdr/mast/sql/pgcompat"
	"github.com/mastcdr/mast/sql/pgerr"
)

// cursor is an SQL-level cursor (DECLARE): its query runs on a connection
// of its own so that the session can run other statements between FETCHes
// (GDAL asks for a layer's SRID while its reader cursor is open).
type cursor struct {
	name   string
	src    *rowSource
	binary bool
	hold   bool
}

func (s *session) declare(ctx context.Context, st *pgcompat.Statement, args []any) (outcome, error) {
	c := st.Cursor
	if _, ok := s.cursors[c.Name]; ok {
		return outcome{}, pgerr.New(pgerr.DuplicateCursor, fmt.Sprintf("cursor %q already exists", c.Name))
	}
	if s.tx == 'I' && !c.Hold {
		return outcome{}, pgerr.New("25P01", "DECLARE CURSOR can only be used in transaction blocks")
	}
	side, err := s.cs.c.DB().Conn(ctx)
	if err != nil {
		return outcome{}, err
	}
	// The cursor's rows outlive this statement (openLasting); a
	// CancelRequest during a FETCH cancels them.
	src, err := s.openLasting(ctx, side, st, args)
	if err != nil {
		return outcome{}, err
	}
	s.cursors[c.Name] = &cursor{name: c.Name, src: src, binary: c.Binary, hold: c.Hold}
	return outcome{tag: "DECLARE CURSOR"}, nil
}

func (s *session) cursorColumns(name string) ([]column, error) {
	c, ok := s.cursors[name]
	if !ok {
		return nil, pgerr.New(pgerr.InvalidCursorName, fmt.Sprintf("cursor %q does not exist", name))
	}
	return c.src.cols, nil
}

// fetch runs FETCH or MOVE. In the simple protocol a BINARY cursor's rows
// are binary; in the extended protocol the portal's formats decide, as in
// PostgreSQL.
func (s *session) fetch(ctx context.Context, st *pgcompat.Statement, formats []int16, describe bool) (outcome, error) {
	c, ok := s.cursors[st.Cursor.Name]
	if !ok {
		return outcome{}, pgerr.New(pgerr.InvalidCursorName, fmt.Sprintf("cursor %q does not exist", st.Cursor.Name))
	}
	if st.Cursor.Backward {
		return outcome{}, pgerr.New("55000", "cursor can only scan forward (declare it with SCROLL is not supported by mast)")
	}
	s.setRunning(c.src.cancel)
	defer s.setRunning(nil)
	move := st.Kind == pgcompat.KindMove
	if describe && c.binary {
		formats = []int16{1}
	}
	if describe && !move {
		s.be.Send(rowDescription(c.src.cols, formats))
	}
	count := st.Cursor.Count
	if count == 0 {
		word := "FETCH"
		if move {
			word = "MOVE"
		}
		return outcome{tag: word + " 0"}, nil
	}
	if move {
		n, err := c.src.skip(count)
		if err != nil {
			return outcome{}, err
		}
		return outcome{tag: fmt.Sprintf("MOVE %d", n)}, nil
	}
	n, _, err := s.sendRows(c.src, newEncoder(c.src.cols, formats, s.location(), s.types), count)
	if err != nil {
		return outcome{rows: n}, err
	}
	return outcome{tag: fmt.Sprintf("FETCH %d", n), rows: n}, nil
}

func (s *session) closeCursors(st *pgcompat.Statement) (outcome, error) {
	if st.Cursor.Name == "" {
		for name := range s.cursors {
			s.closeCursor(name)
		}
		return outcome{tag: "CLOSE CURSOR ALL"}, nil
	}
	if _, ok := s.cursors[st.Cursor.Name]; !ok {
		return outcome{}, pgerr.New(pgerr.InvalidCursorName, fmt.Sprintf("cursor %q does not exist", st.Cursor.Name))
	}
	s.closeCursor(st.Cursor.Name)
	return outcome{tag: "CLOSE CURSOR"}, nil
}

func (s *session) closeCursor(name string) {
	if c, ok := s.cursors[name]; ok {
		c.src.close()
		delete(s.cursors, name)
	}
}
