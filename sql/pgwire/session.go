package pgwire

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	gosql "database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/mastcdr/mast/sql/pgerr"
)

// session is one client connection, from its startup packet to its end.
type session struct {
	srv    *Server
	nc     net.Conn
	be     *pgproto3.Backend
	pid    uint32
	secret []byte
	tls    bool

	user, dbname, app, client string
	admin                     bool
	cs                        *servedCase
	conn                      *gosql.Conn // the session's own DuckDB connection
	types                     *pgtype.Map

	settings map[string]string
	tx       byte // 'I' idle, 'T' in a transaction, 'E' in a failed transaction

	stmts   map[string]*prepared
	portals map[string]*portal
	cursors map[string]*cursor

	life context.Context // ends with the session

	mu      sync.Mutex
	running context.CancelFunc // what a CancelRequest interrupts
}

// maxMessage bounds one frontend message (a query text, a Bind's
// parameters): a longer one is a protocol error that closes the connection.
const maxMessage = 64 << 20

func newSession(s *Server, nc net.Conn) *session {
	be := pgproto3.NewBackend(nc, nc)
	be.SetMaxBodyLen(maxMessage)
	return &session{
		srv: s, nc: nc, be: be, client: nc.RemoteAddr().String(),
		types: pgtype.NewMap(), tx: 'I',
		stmts: map[string]*prepared{}, portals: map[string]*portal{}, cursors: map[string]*cursor{},
	}
}

func (s *session) serve(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.life = ctx
	ok, err := s.startup(ctx)
	if err != nil || !ok {
		if err != nil && !errors.Is(err, io.EOF) {
			s.srv.log.Debug("startup", "client", s.client, "err", err)
		}
		return
	}
	defer s.end()
	s.loop(ctx)
}

// startup answers SSLRequest/GSSENCRequest/CancelRequest and the startup
// message, authenticates and sends the parameters. It returns false when
// the connection is over (a cancel request, a refusal).
func (s *session) startup(ctx context.Context) (bool, error) {
	s.nc.SetDeadline(time.Now().Add(30 * time.Second))
	defer s.nc.SetDeadline(time.Time{})
	for {
		msg, err := s.be.ReceiveStartupMessage()
		if err != nil {
			return false, s.unreadable(err)
		}
		switch m := msg.(type) {
		case *pgproto3.SSLRequest:
			if s.srv.opts.TLS == nil || s.tls {
				if _, err := s.nc.Write([]byte{'N'}); err != nil {
					return false, err
				}
				continue
			}
			if _, err := s.nc.Write([]byte{'S'}); err != nil {
				return false, err
			}
			tc := tls.Server(s.nc, s.srv.opts.TLS)
			if err := tc.HandshakeContext(ctx); err != nil {
				return false, fmt.Errorf("tls handshake: %w", err)
			}
			s.nc, s.tls = tc, true
			s.be = pgproto3.NewBackend(tc, tc)
			s.be.SetMaxBodyLen(maxMessage)
		case *pgproto3.GSSEncRequest:
			if _, err := s.nc.Write([]byte{'N'}); err != nil {
				return false, err
			}
		case *pgproto3.CancelRequest:
			s.srv.cancel(m.ProcessID, m.SecretKey)
			return false, nil
		case *pgproto3.StartupMessage:
			return s.accept(ctx, m)
		default:
			return false, fmt.Errorf("unexpected startup message %T", msg)
		}
	}
}

// unreadable answers a message the server cannot read (a length out of
// bounds, an unknown type, a body that does not decode) as PostgreSQL
// does: FATAL 08P01, then the connection closes. A client that stopped
// sending, between messages or in one, and a failed connection get
// nothing. It returns err.
func (s *session) unreadable(err error) error {
	var ne net.Error
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &ne) {
		return err
	}
	s.be.Send(pgerr.Fatal(pgerr.ProtocolViolation, fmt.Sprintf("invalid frontend message: %v", err)).Response())
	s.be.Flush()
	return err
}

func (s *session) fatal(e *pgerr.Error) (bool, error) {
	s.be.Send(e.Response())
	return false, s.be.Flush()
}

func (s *session) accept(ctx context.Context, m *pgproto3.StartupMessage) (bool, error) {
	s.user = m.Parameters["user"]
	s.dbname = m.Parameters["database"]
	if s.dbname == "" {
		s.dbname = s.user
	}
	s.app = m.Parameters["application_name"]
	if s.srv.opts.RequireTLS && !s.tls {
		s.audit(AuditEvent{Kind: "login_failed", Outcome: "refused", SQLState: pgerr.InvalidAuthorization, Message: "TLS required"})
		return s.fatal(pgerr.Fatal(pgerr.InvalidAuthorization, "this server requires TLS (connect with sslmode=require)"))
	}
	if s.user == "" {
		return s.fatal(pgerr.Fatal(pgerr.InvalidAuthorization, "no user name given"))
	}
	if ok, err := s.authenticate(); !ok || err != nil {
		return false, err
	}
	if auth := s.srv.opts.Auth; auth != nil {
		ok, admin := auth.Access(s.user, s.dbname)
		if !ok {
			// The same answer for a case that exists and one that does not:
			// a user learns nothing of the cases not granted to them.
			s.audit(AuditEvent{Kind: "login_failed", Outcome: "refused", SQLState: pgerr.InvalidCatalogName, Message: "case not granted"})
			return s.fatal(pgerr.Fatal(pgerr.InvalidCatalogName, fmt.Sprintf("case %q does not exist or is not granted to user %q", s.dbname, s.user)))
		}
		s.admin = admin
	}
	select {
	case s.srv.slots <- struct{}{}:
	default:
		return s.fatal(pgerr.Fatal(pgerr.TooManyConnections, "sorry, too many clients already"))
	}
	cs, err := s.srv.opts.Cases.Get(ctx, s.dbname)
	if err != nil {
		<-s.srv.slots
		code, msg := pgerr.InvalidCatalogName, fmt.Sprintf("case %q does not exist", s.dbname)
		if !errors.Is(err, ErrUnknownCase) {
			code, msg = pgerr.InternalError, fmt.Sprintf("case %q cannot be opened: %v", s.dbname, err)
		}
		if names, nerr := s.srv.opts.Cases.Names(); nerr == nil && s.srv.opts.Auth == nil && code == pgerr.InvalidCatalogName {
			msg += fmt.Sprintf(" (cases here: %s)", strings.Join(names, ", "))
		}
		s.audit(AuditEvent{Kind: "login_failed", Outcome: "error", SQLState: code, Message: msg})
		return s.fatal(pgerr.Fatal(code, msg))
	}
	s.cs = cs
	conn, err := cs.c.DB().Conn(ctx)
	if err != nil {
		<-s.srv.slots
		return s.fatal(pgerr.Fatal(pgerr.InternalError, fmt.Sprintf("open session: %v", err)))
	}
	s.conn = conn
	s.pid = s.srv.register(s)
	s.secret = make([]byte, 4)
	rand.Read(s.secret)
	s.settings = defaultSettings(s)
	for k, v := range m.Parameters {
		switch strings.ToLower(k) {
		case "user", "database", "replication", "options":
		default:
			if err := s.set(strings.ToLower(k), v); err != nil {
				s.srv.log.Debug("startup parameter", "name", k, "err", err)
			}
		}
	}
	s.be.Send(&pgproto3.AuthenticationOk{})
	for _, name := range reported {
		s.be.Send(&pgproto3.ParameterStatus{Name: name, Value: s.show(strings.ToLower(name))})
	}
	s.be.Send(&pgproto3.BackendKeyData{ProcessID: s.pid, SecretKey: s.secret})
	s.be.Send(&pgproto3.ReadyForQuery{TxStatus: 'I'})
	s.audit(AuditEvent{Kind: "login", Outcome: "ok"})
	return true, s.be.Flush()
}

func (s *session) end() {
	for name := range s.cursors {
		s.closeCursor(name)
	}
	for name := range s.portals {
		s.closePortal(name)
	}
	if s.conn != nil {
		if s.tx != 'I' {
			s.conn.ExecContext(context.Background(), "ROLLBACK")
		}
		s.conn.Close()
		<-s.srv.slots
	}
	s.audit(AuditEvent{Kind: "disconnect", Outcome: "ok"})
}

func (s *session) audit(e AuditEvent) {
	e.Session, e.User, e.Client, e.Case = s.pid, s.user, s.client, s.dbname
	if e.Application == "" && s.settings != nil {
		e.Application = s.settings["application_name"]
	}
	if e.Application == "" {
		e.Application = s.app
	}
	s.srv.audit(e)
}

// setRunning records how to interrupt the statement now running.
func (s *session) setRunning(cancel context.CancelFunc) {
	s.mu.Lock()
	s.running = cancel
	s.mu.Unlock()
}

func (s *session) cancelRunning() {
	s.mu.Lock()
	c := s.running
	s.mu.Unlock()
	if c != nil {
		c()
	}
}
