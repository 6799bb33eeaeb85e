package pgwire

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/sql/pgcompat"
	"github.com/mastcdr/mast/sql/pgerr"
)

// prepared is a statement of the extended protocol (Parse).
type prepared struct {
	st     pgcompat.Statement
	params []uint32 // parameter type OIDs, the client's or inferred
	cols   []column // result columns; nil when it returns none
	kind   string   // DuckDB's statement kind, when Parse prepared it
}

// portal is a bound statement (Bind), possibly suspended mid-way.
type portal struct {
	p       *prepared
	args    []any
	formats []int16
	src     *rowSource // rows of a suspended query
	// done: the portal's query has been read to its end; executing it
	// again returns no rows (PostgreSQL does not run a portal twice).
	done bool
}

// loop is the protocol's state machine after startup: one switch over the
// frontend messages (PostgreSQL docs, "Message Flow"). After an error in
// the extended protocol every message up to Sync is discarded.
func (s *session) loop(ctx context.Context) {
	skipping := false
	for {
		msg, err := s.be.Receive()
		if err != nil {
			if !errors.Is(err, io.EOF) && ctx.Err() == nil {
				s.srv.log.Debug("receive", "client", s.client, "err", err)
			}
			s.unreadable(err)
			return
		}
		if skipping {
			if _, ok := msg.(*pgproto3.Sync); !ok {
				if _, ok := msg.(*pgproto3.Terminate); !ok {
					continue
				}
			}
		}
		var failed error
		switch m := msg.(type) {
		case *pgproto3.Query:
			s.simpleQuery(ctx, m.String)
		case *pgproto3.Parse:
			failed = s.parse(ctx, m)
		case *pgproto3.Bind:
			failed = s.bind(m)
		case *pgproto3.Describe:
			failed = s.describe(m)
		case *pgproto3.Execute:
			failed = s.execute(ctx, m)
		case *pgproto3.Close:
			if m.ObjectType == 'S' {
				delete(s.stmts, m.Name)
			} else {
				s.closePortal(m.Name)
			}
			s.be.Send(&pgproto3.CloseComplete{})
		case *pgproto3.Sync:
			skipping = false
			if s.tx == 'I' {
				for name := range s.portals {
					s.closePortal(name)
				}
			}
			s.be.Send(&pgproto3.ReadyForQuery{TxStatus: s.tx})
			if err := s.be.Flush(); err != nil {
				return
			}
		case *pgproto3.Flush:
			if err := s.be.Flush(); err != nil {
				return
			}
		case *pgproto3.Terminate:
			return
		case *pgproto3.CopyData, *pgproto3.CopyDone, *pgproto3.CopyFail:
			// Only COPY TO STDOUT is served; stray COPY input is ignored.
		case *pgproto3.FunctionCall:
			failed = pgerr.New(pgerr.FeatureNotSupported, "the function call protocol is not supported")
		default:
			failed = pgerr.New(pgerr.ProtocolViolation, fmt.Sprintf("unexpected message %T", msg))
		}
		if failed != nil {
			s.sendError(failed)
			if s.tx == 'T' {
				s.tx = 'E'
			}
			skipping = true
		}
	}
}

// simpleQuery runs every statement of a Query message in turn, each with
// its own results; the first error ends it. One ReadyForQuery follows.
func (s *session) simpleQuery(ctx context.Context, text string) {
	defer func() {
		s.be.Send(&pgproto3.ReadyForQuery{TxStatus: s.tx})
		s.be.Flush()
	}()
	start := time.Now()
	stmts, err := s.cs.catalog.Translate(text)
	if err != nil {
		s.auditStatement(nil, text, start, outcome{}, err, false)
		s.sendError(err)
		return
	}
	if len(stmts) == 0 {
		s.be.Send(&pgproto3.EmptyQueryResponse{})
		return
	}
	if err := s.checkSyntax(ctx, stmts); err != nil {
		s.auditStatement(nil, text, start, outcome{}, err, false)
		s.sendError(err)
		if s.tx == 'T' {
			s.tx = 'E'
		}
		return
	}
	for i := range stmts {
		st := &stmts[i]
		start := time.Now()
		sctx, done := s.statementContext(ctx)
		out, err := s.exec(sctx, st, nil, nil, true)
		done()
		s.auditStatement(st, text, start, out, err, false)
		if err != nil {
			s.sendError(err)
			if s.tx == 'T' {
				s.tx = 'E'
			}
			return
		}
		if st.Kind == pgcompat.KindEmpty {
			s.be.Send(&pgproto3.EmptyQueryResponse{})
			continue
		}
		s.be.Send(&pgproto3.CommandComplete{CommandTag: []byte(out.tag)})
	}
}

// checkSyntax finds a syntax error in any statement of a Query message
// before the first runs: PostgreSQL parses the whole string first and runs
// none of it when a statement does not parse. Statements mast parsed are
// PostgreSQL; one passed through to DuckDB (Raw) is prepared, not run, and
// only DuckDB's syntax error counts (an unknown table may be one an earlier
// statement of the message creates).
func (s *session) checkSyntax(ctx context.Context, stmts []pgcompat.Statement) error {
	if len(stmts) < 2 {
		return nil
	}
	for i := range stmts {
		if !stmts[i].Raw || stmts[i].Kind != pgcompat.KindQuery { // a refused one has no SQL
			continue
		}
		if _, err := engine.Prepare(ctx, s.conn, stmts[i].SQL); err != nil && pgerr.From(err).Code == pgerr.SyntaxError {
			return err
		}
	}
	return nil
}

func (s *session) parse(ctx context.Context, m *pgproto3.Parse) error {
	if _, ok := s.stmts[m.Name]; ok && m.Name != "" {
		return pgerr.New(pgerr.DuplicatePreparedStmt, fmt.Sprintf("prepared statement %q already exists", m.Name))
	}
	stmts, err := s.cs.catalog.Translate(m.Query)
	if err != nil {
		return err
	}
	if len(stmts) > 1 {
		return pgerr.New(pgerr.SyntaxError, "cannot insert multiple commands into a prepared statement")
	}
	p := &prepared{st: pgcompat.Statement{Kind: pgcompat.KindEmpty, Source: m.Query}}
	if len(stmts) == 1 {
		p.st = stmts[0]
	}
	p.params = append([]uint32(nil), m.ParameterOIDs...)
	for i, oid := range p.st.ParamTypes {
		if i >= len(p.params) {
			p.params = append(p.params, oid)
		} else if p.params[i] == 0 {
			p.params[i] = oid
		}
	}
	switch p.st.Kind {
	case pgcompat.KindQuery, pgcompat.KindExec, pgcompat.KindDeclare, pgcompat.KindCopyOut:
		desc, err := engine.Prepare(ctx, s.conn, p.st.SQL)
		if err != nil {
			return err
		}
		p.kind = desc.Kind
		for i, t := range desc.Params {
			oid := uint32(pgcompat.OIDText)
			if t != "" {
				oid = pgcompat.TypeOf(t).OID
			}
			if i >= len(p.params) {
				p.params = append(p.params, oid)
			} else if p.params[i] == 0 {
				p.params[i] = oid
			}
		}
		if p.st.Kind == pgcompat.KindQuery {
			p.cols = make([]column, len(desc.Columns))
			for i, c := range desc.Columns {
				p.cols[i] = column{name: c.Name, typ: pgcompat.TypeOf(c.Type)}
				if i < len(p.st.Columns) {
					p.cols[i].from = p.st.Columns[i]
				}
			}
		}
	case pgcompat.KindShow:
		p.cols = showColumns(&p.st)
	}
	s.stmts[m.Name] = p
	s.be.Send(&pgproto3.ParseComplete{})
	return nil
}

func (s *session) bind(m *pgproto3.Bind) error {
	p, ok := s.stmts[m.PreparedStatement]
	if !ok {
		return pgerr.New(pgerr.InvalidSQLStatementName, fmt.Sprintf("prepared statement %q does not exist", m.PreparedStatement))
	}
	if len(m.Parameters) != len(p.params) && len(p.params) > 0 {
		return pgerr.New(pgerr.ProtocolViolation, fmt.Sprintf("bind message supplies %d parameters, but prepared statement %q requires %d", len(m.Parameters), m.PreparedStatement, len(p.params)))
	}
	args, err := s.decodeParams(p.params, m.ParameterFormatCodes, m.Parameters)
	if err != nil {
		return err
	}
	if _, ok := s.portals[m.DestinationPortal]; ok {
		if m.DestinationPortal != "" {
			return pgerr.New("42P03", fmt.Sprintf("portal %q already exists", m.DestinationPortal))
		}
		s.closePortal("")
	}
	s.portals[m.DestinationPortal] = &portal{p: p, args: args, formats: m.ResultFormatCodes}
	s.be.Send(&pgproto3.BindComplete{})
	return nil
}

func (s *session) describe(m *pgproto3.Describe) error {
	if m.ObjectType == 'S' {
		p, ok := s.stmts[m.Name]
		if !ok {
			return pgerr.New(pgerr.InvalidSQLStatementName, fmt.Sprintf("prepared statement %q does not exist", m.Name))
		}
		s.be.Send(&pgproto3.ParameterDescription{ParameterOIDs: p.params})
		cols, err := s.columnsOf(p)
		if err != nil {
			return err
		}
		if cols == nil {
			s.be.Send(&pgproto3.NoData{})
		} else {
			s.be.Send(rowDescription(cols, nil))
		}
		return nil
	}
	pt, ok := s.portals[m.Name]
	if !ok {
		return pgerr.New(pgerr.InvalidCursorName, fmt.Sprintf("portal %q does not exist", m.Name))
	}
	cols, err := s.columnsOf(pt.p)
	if err != nil {
		return err
	}
	if cols == nil {
		s.be.Send(&pgproto3.NoData{})
	} else {
		s.be.Send(rowDescription(cols, pt.formats))
	}
	return nil
}

// columnsOf is what a prepared statement returns: a FETCH returns its
// cursor's columns.
func (s *session) columnsOf(p *prepared) ([]column, error) {
	if p.st.Kind == pgcompat.KindFetch {
		return s.cursorColumns(p.st.Cursor.Name)
	}
	return p.cols, nil
}

func (s *session) execute(ctx context.Context, m *pgproto3.Execute) (failed error) {
	pt, ok := s.portals[m.Portal]
	if !ok {
		return pgerr.New(pgerr.InvalidCursorName, fmt.Sprintf("portal %q does not exist", m.Portal))
	}
	st := &pt.p.st
	start := time.Now()
	sctx, done := s.statementContext(ctx)
	defer done()
	var out outcome
	resumed := pt.src != nil
	defer func() { s.auditStatement(st, st.Source, start, out, failed, resumed) }()
	if st.Kind != pgcompat.KindQuery {
		var err error
		out, err = s.exec(sctx, st, pt.args, pt.formats, false)
		if err != nil {
			return err
		}
		if st.Kind == pgcompat.KindEmpty {
			s.be.Send(&pgproto3.EmptyQueryResponse{})
			return nil
		}
		s.be.Send(&pgproto3.CommandComplete{CommandTag: []byte(out.tag)})
		return nil
	}
	if s.tx == 'E' {
		return pgerr.New(pgerr.InFailedTransaction, "current transaction is aborted, commands ignored until end of transaction block")
	}
	if pt.done {
		out = outcome{tag: "SELECT 0"}
		s.be.Send(&pgproto3.CommandComplete{CommandTag: []byte(out.tag)})
		return nil
	}
	if pt.src == nil {
		if err := s.permit(sctx, st, pt.p.kind); err != nil {
			return err
		}
		conn, side := s.conn, false
		if m.MaxRows > 0 {
			// Rows that may be fetched over several Executes run on a
			// connection of their own, as cursors do.
			c, err := s.cs.c.DB().Conn(sctx)
			if err != nil {
				return err
			}
			conn, side = c, true
		}
		var src *rowSource
		var err error
		if side {
			src, err = s.openLasting(sctx, conn, st, pt.args)
		} else {
			src, err = openRows(sctx, conn, false, st, pt.args)
		}
		if err != nil {
			return err
		}
		pt.src = src
	}
	n, more, err := s.sendRows(pt.src, newEncoder(pt.src.cols, pt.formats, s.location(), s.types), int64(m.MaxRows))
	out = outcome{rows: n}
	if err != nil {
		pt.src.close()
		pt.src = nil
		return err
	}
	// As PostgreSQL: an Execute that stops at its row limit suspends the
	// portal, even when no row is left (the next Execute then completes
	// with none); CommandComplete counts the rows of this Execute only.
	if m.MaxRows > 0 && (more || n == int64(m.MaxRows)) {
		if !more {
			pt.src.close()
			pt.src, pt.done = nil, true
		}
		s.be.Send(&pgproto3.PortalSuspended{})
		return nil
	}
	out.tag = fmt.Sprintf("SELECT %d", n)
	pt.src.close()
	pt.src, pt.done = nil, true
	s.be.Send(&pgproto3.CommandComplete{CommandTag: []byte(out.tag)})
	return nil
}

func (s *session) closePortal(name string) {
	if pt, ok := s.portals[name]; ok {
		pt.src.close()
		delete(s.portals, name)
	}
}
