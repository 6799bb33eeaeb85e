package pgwire

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Auth decides who may connect and to which case. A nil Auth means trust:
// every user name is accepted without a password, as an analyst (the
// command allows that only on a loopback address).
type Auth interface {
	// Login starts user's SCRAM-SHA-256 conversation. A user that does not
	// exist gets one that fails as a wrong password does.
	Login(user string) Login
	// Access says whether user may open the case, and whether as an admin
	// (who may write) rather than an analyst (read-only).
	Access(user, caseName string) (ok, admin bool)
}

// Auditor records what network sessions do. Record must not block for
// long: sessions call it for every statement.
type Auditor interface {
	Record(AuditEvent) error
}

// AuditEvent is one thing a session did.
type AuditEvent struct {
	Time        time.Time
	Kind        string // "login", "login_failed", "statement", "disconnect"
	Session     uint32 // the session's process id (BackendKeyData)
	User        string
	Client      string // remote address
	Application string
	Case        string
	Statement   string
	Rows        int64
	Duration    time.Duration
	Outcome     string // "ok", "error", "refused", "cancelled"
	SQLState    string
	Message     string
	// Deferred asks that recording not wait for the log's fsync: the
	// event continues one already recorded durably (a FETCH or MOVE of a
	// declared cursor, the next Execute of a suspended portal).
	Deferred bool
}

// Options configure a Server.
type Options struct {
	// Cases opens a case by name for serving (see Cases).
	Cases *Cases
	Auth  Auth
	Audit Auditor
	// TLS, when set, is offered to clients that ask (SSLRequest).
	TLS *tls.Config
	// RequireTLS refuses clients that do not use TLS.
	RequireTLS bool
	// StatementTimeout bounds each statement (0: none). Sessions may lower
	// it with SET statement_timeout but not raise it above this.
	StatementTimeout time.Duration
	// MaxConnections bounds concurrent sessions (0: 64).
	MaxConnections int
	// ServerVersion is sent as server_version ("16.4 (mast x)").
	ServerVersion string
	Logger        *slog.Logger
}

// Server speaks PostgreSQL's protocol version 3 to clients and answers
// them from mast cases.
type Server struct {
	opts     Options
	log      *slog.Logger
	nextPID  atomic.Uint32
	mu       sync.Mutex
	sessions map[uint32]*session
	wg       sync.WaitGroup
	slots    chan struct{}
}

// NewServer returns a server with opts; Serve runs it.
func NewServer(opts Options) (*Server, error) {
	if opts.Cases == nil {
		return nil, errors.New("pgwire: no cases")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxConnections <= 0 {
		opts.MaxConnections = 64
	}
	if opts.ServerVersion == "" {
		opts.ServerVersion = "16.4 (mast)"
	}
	if opts.RequireTLS && opts.TLS == nil {
		return nil, errors.New("pgwire: TLS required but no certificate given")
	}
	s := &Server{opts: opts, log: opts.Logger, sessions: map[uint32]*session{}, slots: make(chan struct{}, opts.MaxConnections)}
	s.nextPID.Store(uint32(time.Now().UnixNano()%100000) + 1000)
	return s, nil
}

// Serve accepts connections on ln until ctx ends, then closes every
// session and returns when they are gone.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	for {
		nc, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				s.closeAll()
				s.wg.Wait()
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			s.closeAll()
			s.wg.Wait()
			return fmt.Errorf("accept: %w", err)
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.handle(ctx, nc)
		}()
	}
}

func (s *Server) handle(ctx context.Context, nc net.Conn) {
	defer nc.Close()
	sess := newSession(s, nc)
	defer s.forget(sess)
	sess.serve(ctx)
}

func (s *Server) register(sess *session) uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	pid := s.nextPID.Add(1)
	s.sessions[pid] = sess
	return pid
}

func (s *Server) forget(sess *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sessions[sess.pid] == sess {
		delete(s.sessions, sess.pid)
	}
}

// cancel interrupts what the session with pid is running, when secret
// matches (a CancelRequest).
func (s *Server) cancel(pid uint32, secret []byte) {
	s.mu.Lock()
	sess := s.sessions[pid]
	s.mu.Unlock()
	if sess != nil && len(secret) > 0 && bytes.Equal(sess.secret, secret) {
		sess.cancelRunning()
	}
}

func (s *Server) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sess := range s.sessions {
		sess.nc.Close()
	}
}

func (s *Server) audit(e AuditEvent) {
	if s.opts.Audit == nil {
		return
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	if err := s.opts.Audit.Record(e); err != nil {
		s.log.Error("audit", "err", err)
	}
}
