package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/sql/audit"
	"github.com/mastcdr/mast/sql/pgwire"
)

// server is mast's wire server running in this process on a loopback port,
// configured as `mast serve` is with no users file (trust, read-only) and
// its audit log, which the benchmark can switch off.
type server struct {
	connString string
	cases      *pgwire.Cases
	log        *audit.Log
	audit      *switchedAudit
	auditDir   string
	stop       context.CancelFunc
	done       chan error
}

// switchedAudit passes the server's events to the audit log while on.
type switchedAudit struct {
	to pgwire.Auditor
	on atomic.Bool
}

func (a *switchedAudit) Record(e pgwire.AuditEvent) error {
	if !a.on.Load() {
		return nil
	}
	return a.to.Record(e)
}

func startServer(ctx context.Context, opts Options, casesDir string) (*server, error) {
	s := &server{done: make(chan error, 1)}
	po := pgwire.Options{MaxConnections: max(64, opts.Clients+16), ServerVersion: "16.4 (mast " + engine.Version + ") bench"}
	dir, err := os.MkdirTemp(opts.Dir, "audit-")
	if err != nil {
		return nil, err
	}
	s.auditDir = dir
	log, err := audit.Open(filepath.Join(dir, audit.DefaultFileName), audit.DefaultOptions())
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s.log = log
	s.audit = &switchedAudit{to: pgwire.AuditTo(log)}
	s.audit.on.Store(true)
	po.Audit = s.audit
	s.cases = pgwire.NewCases(casesDir, engine.DefaultOptions())
	po.Cases = s.cases
	srv, err := pgwire.NewServer(po)
	if err != nil {
		s.close()
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		s.close()
		return nil, fmt.Errorf("listen: %w", err)
	}
	sctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	s.stop = stop
	go func() { s.done <- srv.Serve(sctx, ln) }()
	s.connString = fmt.Sprintf("postgres://bench@%s/%s?sslmode=disable&application_name=mast-bench", ln.Addr(), caseName)
	return s, nil
}

// close stops the server, closes the case and removes the audit log. A
// second call does nothing.
func (s *server) close() error {
	var errs []error
	if s.stop != nil {
		s.stop()
		errs = append(errs, <-s.done)
		s.stop = nil
	}
	if s.cases != nil {
		errs = append(errs, s.cases.Close())
		s.cases = nil
	}
	if s.log != nil {
		errs = append(errs, s.log.Close())
		s.log = nil
	}
	if s.auditDir != "" {
		errs = append(errs, os.RemoveAll(s.auditDir))
		s.auditDir = ""
	}
	return errors.Join(errs...)
}
