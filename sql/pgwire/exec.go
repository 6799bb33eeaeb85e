package pgwire

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/sql/pgcompat"
	"github.com/mastcdr/mast/sql/pgerr"
)

// outcome is what running one statement produced, for CommandComplete and
// the audit log.
type outcome struct {
	tag  string
	rows int64
}

// statementContext bounds one statement by the session's timeout and lets a
// CancelRequest interrupt it.
func (s *session) statementContext(ctx context.Context) (context.Context, context.CancelFunc) {
	var cancel context.CancelFunc
	if ms, _ := strconv.ParseInt(s.settings["statement_timeout"], 10, 64); ms > 0 {
		ctx, cancel = context.WithTimeout(ctx, time.Duration(ms)*time.Millisecond)
	} else {
		ctx, cancel = context.WithCancel(ctx)
	}
	s.setRunning(cancel)
	return ctx, func() {
		s.setRunning(nil)
		cancel()
	}
}

// permit refuses what this session may not run. DuckDB says what kind of
// statement a query is (it may be DuckDB's dialect, which pg_query cannot
// read); kind is that answer when Parse has had it already, "" otherwise.
func (s *session) permit(ctx context.Context, st *pgcompat.Statement, kind string) error {
	switch st.Kind {
	case pgcompat.KindRefused:
		return st.Refusal
	case pgcompat.KindExec:
		if !s.admin {
			return pgerr.New(pgerr.ReadOnlyTransaction, fmt.Sprintf("cannot execute %s: user %q has read-only access to case %q", st.Tag, s.user, s.dbname))
		}
	case pgcompat.KindQuery, pgcompat.KindDeclare, pgcompat.KindCopyOut:
		if st.Writes && !s.admin {
			return pgerr.New(pgerr.ReadOnlyTransaction, fmt.Sprintf("cannot execute EXPLAIN ANALYZE of a statement that writes (EXPLAIN ANALYZE runs it): user %q has read-only access to case %q", s.user, s.dbname))
		}
		if kind == "" && st.Reads {
			kind = "SELECT" // PostgreSQL's parser read it: a SELECT that only reads
		}
		if kind == "" {
			p, err := engine.Prepare(ctx, s.conn, st.SQL)
			if err != nil {
				return err
			}
			kind = p.Kind
		}
		if kind == "EXPLAIN" && st.Raw && !s.admin {
			if err := s.permitRawExplain(ctx, st.SQL); err != nil {
				return err
			}
		}
		switch kind {
		case "SELECT", "EXPLAIN":
		case "ATTACH", "DETACH", "LOAD", "EXPORT", "PRAGMA", "SET", "COPY", "CALL", "VACUUM", "MULTI", "PREPARE", "EXECUTE", "TRANSACTION":
			return pgerr.New(pgerr.InsufficientPrivilege, fmt.Sprintf("%s statements are not allowed over the network", kind))
		default:
			if st.Kind != pgcompat.KindQuery || !s.admin {
				return pgerr.New(pgerr.ReadOnlyTransaction, fmt.Sprintf("cannot execute %s: user %q has read-only access to case %q", kind, s.user, s.dbname))
			}
		}
	}
	return nil
}

// rawExplain splits an EXPLAIN in DuckDB's own syntax: its options in
// parentheses, an ANALYZE keyword, and the statement explained.
var (
	rawExplain    = regexp.MustCompile(`(?is)^\s*explain\s*(\(([^)]*)\))?\s*(analy[sz]e\s)?\s*(.*)$`)
	analyzeOption = regexp.MustCompile(`(?i)analy[sz]e`)
)

// permitRawExplain refuses an analyst an EXPLAIN ANALYZE, in DuckDB's own
// syntax, of anything but a SELECT: EXPLAIN ANALYZE runs the statement, so
// EXPLAIN ANALYZE DELETE deletes. What cannot be split is refused.
func (s *session) permitRawExplain(ctx context.Context, sql string) error {
	m := rawExplain.FindStringSubmatch(sql)
	if m == nil {
		return pgerr.New(pgerr.ReadOnlyTransaction, "cannot execute this EXPLAIN: what it explains could not be checked (write it as EXPLAIN [ANALYZE] SELECT ...)")
	}
	if m[3] == "" && !analyzeOption.MatchString(m[2]) {
		return nil // a plan only: nothing runs
	}
	p, err := engine.Prepare(ctx, s.conn, m[4])
	if err != nil {
		return err
	}
	if p.Kind != "SELECT" {
		return pgerr.New(pgerr.ReadOnlyTransaction, fmt.Sprintf("cannot execute EXPLAIN ANALYZE of a %s statement (EXPLAIN ANALYZE runs it): user %q has read-only access to case %q", p.Kind, s.user, s.dbname))
	}
	return nil
}

// exec executes one statement of the simple protocol (or an extended
// protocol Execute of anything but a row-returning query) and sends its
// results. describe says whether to send RowDescription (simple protocol)
// and formats are the result formats of an extended protocol portal.
func (s *session) exec(ctx context.Context, st *pgcompat.Statement, args []any, formats []int16, describe bool) (outcome, error) {
	if s.tx == 'E' && st.Kind != pgcompat.KindCommit && st.Kind != pgcompat.KindRollback {
		return outcome{}, pgerr.New(pgerr.InFailedTransaction, "current transaction is aborted, commands ignored until end of transaction block")
	}
	switch st.Kind {
	case pgcompat.KindEmpty:
		return outcome{}, nil
	case pgcompat.KindBegin:
		if s.tx != 'I' {
			s.notice("25001", "there is already a transaction in progress")
			return outcome{tag: "BEGIN"}, nil
		}
		if _, err := s.conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
			return outcome{}, err
		}
		s.tx = 'T'
		return outcome{tag: "BEGIN"}, nil
	case pgcompat.KindCommit, pgcompat.KindRollback:
		return s.endTransaction(ctx, st.Kind == pgcompat.KindCommit)
	case pgcompat.KindSet:
		return s.runSet(st)
	case pgcompat.KindReset:
		return s.runReset(st)
	case pgcompat.KindShow:
		return s.runShow(st, formats, describe)
	case pgcompat.KindDeclare:
		if err := s.permit(ctx, st, ""); err != nil {
			return outcome{}, err
		}
		return s.declare(ctx, st, args)
	case pgcompat.KindFetch, pgcompat.KindMove:
		return s.fetch(ctx, st, formats, describe)
	case pgcompat.KindClose:
		return s.closeCursors(st)
	case pgcompat.KindCopyOut:
		if err := s.permit(ctx, st, ""); err != nil {
			return outcome{}, err
		}
		return s.copyOut(ctx, st, args)
	case pgcompat.KindDeallocate:
		if st.Name == "" {
			for name := range s.stmts {
				if name != "" {
					delete(s.stmts, name)
				}
			}
		} else if _, ok := s.stmts[st.Name]; !ok {
			return outcome{}, pgerr.New(pgerr.InvalidSQLStatementName, fmt.Sprintf("prepared statement %q does not exist", st.Name))
		} else {
			delete(s.stmts, st.Name)
		}
		return outcome{tag: "DEALLOCATE"}, nil
	case pgcompat.KindDiscard:
		for name := range s.cursors {
			s.closeCursor(name)
		}
		for name := range s.stmts {
			delete(s.stmts, name)
		}
		return outcome{tag: "DISCARD ALL"}, nil
	case pgcompat.KindRefused:
		return outcome{}, st.Refusal
	case pgcompat.KindExec:
		if err := s.permit(ctx, st, ""); err != nil {
			return outcome{}, err
		}
		res, err := s.conn.ExecContext(ctx, st.SQL, args...)
		if err != nil {
			return outcome{}, err
		}
		n, _ := res.RowsAffected()
		tag := st.Tag
		switch tag {
		case "INSERT":
			tag = "INSERT 0"
		}
		if tag == "INSERT 0" || tag == "UPDATE" || tag == "DELETE" {
			return outcome{tag: fmt.Sprintf("%s %d", tag, n), rows: n}, nil
		}
		return outcome{tag: tag}, nil
	}
	// KindQuery
	if err := s.permit(ctx, st, ""); err != nil {
		return outcome{}, err
	}
	src, err := openRows(ctx, s.conn, false, st, args)
	if err != nil {
		return outcome{}, err
	}
	defer src.close()
	if describe {
		s.be.Send(rowDescription(src.cols, formats))
	}
	n, _, err := s.sendRows(src, newEncoder(src.cols, formats, s.location(), s.types), 0)
	if err != nil {
		return outcome{rows: n}, err
	}
	return outcome{tag: fmt.Sprintf("SELECT %d", n), rows: n}, nil
}

func (s *session) endTransaction(ctx context.Context, commit bool) (outcome, error) {
	tag := "COMMIT"
	if !commit || s.tx == 'E' {
		tag = "ROLLBACK"
	}
	if s.tx == 'I' {
		s.notice("25P01", "there is no transaction in progress")
		return outcome{tag: tag}, nil
	}
	_, err := s.conn.ExecContext(ctx, tag)
	s.tx = 'I'
	for name, c := range s.cursors {
		if !c.hold {
			s.closeCursor(name)
		}
	}
	if err != nil && tag == "ROLLBACK" {
		// DuckDB has rolled back already when a statement failed.
		err = nil
	}
	return outcome{tag: tag}, err
}

func (s *session) runSet(st *pgcompat.Statement) (outcome, error) {
	name := st.Set.Name
	if err := s.set(name, st.Set.Value); err != nil {
		return outcome{}, err
	}
	s.reportIfNeeded(name)
	return outcome{tag: "SET"}, nil
}

func (s *session) runReset(st *pgcompat.Statement) (outcome, error) {
	defaults := defaultSettings(s)
	if st.Set.Name == "all" {
		for k, v := range defaults {
			if !fixed[k] {
				s.settings[k] = v
			}
		}
		return outcome{tag: "RESET"}, nil
	}
	name := strings.ToLower(st.Set.Name)
	if fixed[name] {
		return outcome{}, pgerr.New("55P02", fmt.Sprintf("parameter %q cannot be changed", name))
	}
	if v, ok := defaults[name]; ok {
		s.settings[name] = v
	} else {
		delete(s.settings, name)
	}
	s.reportIfNeeded(name)
	return outcome{tag: "RESET"}, nil
}

func (s *session) reportIfNeeded(name string) {
	if shown, ok := reportedLower[strings.ToLower(name)]; ok {
		s.be.Send(&pgproto3.ParameterStatus{Name: shown, Value: s.show(name)})
	}
}

func showColumns(st *pgcompat.Statement) []column {
	text := pgcompat.TypeOf("VARCHAR")
	if st.Set.Name == "all" {
		return []column{{name: "name", typ: text}, {name: "setting", typ: text}, {name: "description", typ: text}}
	}
	return []column{{name: st.Set.Name, typ: text}}
}

func (s *session) runShow(st *pgcompat.Statement, formats []int16, describe bool) (outcome, error) {
	cols := showColumns(st)
	if _, ok := s.settings[strings.ToLower(st.Set.Name)]; !ok && st.Set.Name != "all" {
		// As PostgreSQL: the error alone, no RowDescription before it.
		return outcome{}, pgerr.New(pgerr.UndefinedObject, fmt.Sprintf("unrecognized configuration parameter %q", st.Set.Name))
	}
	if describe {
		s.be.Send(rowDescription(cols, formats))
	}
	enc := newEncoder(cols, formats, s.location(), s.types)
	if st.Set.Name == "all" {
		var n int64
		for _, kv := range s.showAll() {
			vals, _ := enc.row([]any{kv[0], kv[1], ""}, nil)
			s.be.Send(&pgproto3.DataRow{Values: vals})
			n++
		}
		return outcome{tag: "SHOW", rows: n}, nil
	}
	v, ok := s.settings[strings.ToLower(st.Set.Name)]
	if !ok {
		return outcome{}, pgerr.New(pgerr.UndefinedObject, fmt.Sprintf("unrecognized configuration parameter %q", st.Set.Name))
	}
	vals, _ := enc.row([]any{v}, nil)
	s.be.Send(&pgproto3.DataRow{Values: vals})
	return outcome{tag: "SHOW", rows: 1}, nil
}

// notice sends a NoticeResponse (a WARNING, as PostgreSQL sends for BEGIN
// inside a transaction).
func (s *session) notice(code, msg string) {
	s.be.Send(&pgproto3.NoticeResponse{Severity: "WARNING", SeverityUnlocalized: "WARNING", Code: code, Message: msg})
}

// sendError sends err to the client and audits the statement's failure.
func (s *session) sendError(err error) *pgerr.Error {
	pe := pgerr.From(err)
	s.be.Send(pe.Response())
	return pe
}

// auditStatement records one statement's outcome. A FETCH or MOVE, or an
// Execute that continues a suspended portal (resumed), does not wait for the
// log's fsync: the query it reads from was recorded durably when the cursor
// or portal began.
func (s *session) auditStatement(st *pgcompat.Statement, source string, start time.Time, out outcome, err error, resumed bool) {
	e := AuditEvent{Kind: "statement", Statement: source, Rows: out.rows, Duration: time.Since(start), Outcome: "ok", Deferred: resumed}
	if st != nil && st.Source != "" {
		e.Statement = st.Source
	}
	if st != nil && (st.Kind == pgcompat.KindFetch || st.Kind == pgcompat.KindMove) {
		e.Deferred = true
	}
	if err != nil {
		pe := pgerr.From(err)
		e.Outcome, e.SQLState, e.Message = "error", pe.Code, pe.Message
		var refusal *pgcompat.Refusal
		switch {
		case errors.As(err, &refusal), pe.Code == pgerr.InsufficientPrivilege, pe.Code == pgerr.ReadOnlyTransaction:
			e.Outcome = "refused"
		case pe.Code == pgerr.QueryCanceled:
			e.Outcome = "cancelled"
		}
	}
	s.audit(e)
}
