package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/sql/audit"
	"github.com/mastcdr/mast/sql/auth"
	"github.com/mastcdr/mast/sql/pgwire"
)

const serveAbout = `Serves the cases of the cases directory over PostgreSQL's wire protocol, so
that QGIS, GDAL (ogrinfo, ogr2ogr), psql, DBeaver, BI tools and drivers (JDBC,
psycopg2, pgx) query a case as if it were a PostgreSQL 16 database with PostGIS:
each case is a database (dbname = case name); tables and the layer views
(event_points, cell_wedges, camera_points, journey_lines) appear in schema
public.

Users log in by SCRAM-SHA-256 with the users of the users file (mast user add);
an analyst runs read-only SQL on the cases granted to them, an admin may write.
With no users file, mast serves only on a loopback address, without passwords,
every session read-only.

A network session never reaches the host's files: each case's DuckDB instance
is locked (no read_csv, COPY TO a file, ATTACH, INSTALL or LOAD) before the
first statement. Every login and statement is written to the audit log
(mast audit show, mast audit verify).

While mast serve holds a case, mast load and mast sql on the same case fail
with a message naming this process: stop the server to load files.`

const serveExamples = `  mast serve                                   # loopback, no passwords, read-only
  mast user add alice --role analyst --grant op-heron
  mast serve --listen 0.0.0.0:5433 --tls-cert server.crt --tls-key server.key --require-tls
  psql "host=127.0.0.1 port=5433 dbname=demo user=alice"
  ogr2ogr -f GeoJSON events.geojson PG:"host=127.0.0.1 port=5433 dbname=demo user=alice" event_points`

func (a *app) cmdServe(ctx context.Context, args []string) error {
	fs, casesDir := a.newFlags("serve", "[--cases DIR] [--listen 127.0.0.1:5433] [flags]", serveAbout, serveExamples)
	listen := fs.String("listen", "127.0.0.1:5433", "address to listen on (host:port)")
	usersPath := fs.String("users", "", "users file (default <cases>/"+auth.DefaultFileName+"; env MAST_USERS)")
	auditPath := fs.String("audit", "", "audit log (default <cases>/"+audit.DefaultFileName+"; env MAST_AUDIT)")
	tlsCert := fs.String("tls-cert", "", "TLS certificate (PEM) offered to clients that ask for TLS")
	tlsKey := fs.String("tls-key", "", "TLS private key (PEM) of --tls-cert")
	requireTLS := fs.Bool("require-tls", false, "refuse clients that do not use TLS")
	timeout := fs.Duration("statement-timeout", 15*time.Minute, "longest a statement may run (a session may lower it with SET statement_timeout; 0 = no limit)")
	maxConns := fs.Int("max-connections", 64, "most sessions at once")
	threads := fs.Int("threads", 0, "DuckDB threads per case (0 = all cores)")
	memory := fs.String("memory", "", "DuckDB memory limit per case, e.g. 8GB (default: DuckDB's, 80% of RAM)")
	if _, err := parse(fs, args); err != nil {
		return errUsage
	}
	if *usersPath == "" {
		*usersPath = a.getenv("MAST_USERS")
	}
	if *usersPath == "" {
		*usersPath = filepath.Join(*casesDir, auth.DefaultFileName)
	}
	if *auditPath == "" {
		*auditPath = a.getenv("MAST_AUDIT")
	}
	if *auditPath == "" {
		*auditPath = filepath.Join(*casesDir, audit.DefaultFileName)
	}
	opts := pgwire.Options{
		StatementTimeout: *timeout,
		MaxConnections:   *maxConns,
		ServerVersion:    "16.4 (mast " + engine.Version + ")",
		Logger:           a.log,
		RequireTLS:       *requireTLS,
	}
	var authNote string
	if _, err := os.Stat(*usersPath); err == nil {
		store, err := auth.Open(*usersPath, auth.Options{Logger: a.log})
		if err != nil {
			return err
		}
		opts.Auth = pgwire.UsersAuth(store)
		authNote = "SCRAM-SHA-256, users from " + *usersPath
	} else {
		if !loopback(*listen) {
			return fmt.Errorf("no users file at %s: add a user (mast user add NAME --role analyst --grant CASE) before serving on %s, or serve on 127.0.0.1", *usersPath, *listen)
		}
		authNote = "no users file (" + *usersPath + "): any user name, no password, read-only — loopback only"
	}
	if *tlsCert != "" || *tlsKey != "" {
		cert, err := tls.LoadX509KeyPair(*tlsCert, *tlsKey)
		if err != nil {
			return fmt.Errorf("tls: %w", err)
		}
		opts.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	} else if *requireTLS {
		return errors.New("--require-tls needs --tls-cert and --tls-key")
	}
	auditLog, err := audit.Open(*auditPath, audit.DefaultOptions())
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	defer auditLog.Close()
	opts.Audit = pgwire.AuditTo(auditLog)
	eopts := a.engineOptions()
	eopts.Threads = *threads
	eopts.MemoryLimit = *memory
	cases := pgwire.NewCases(*casesDir, eopts)
	defer cases.Close()
	opts.Cases = cases
	srv, err := pgwire.NewServer(opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	names, _ := cases.Names()
	tlsNote := "off"
	if opts.TLS != nil {
		tlsNote = "offered"
		if *requireTLS {
			tlsNote = "required"
		}
	}
	fmt.Fprintf(a.stderr, "mast serve: listening on %s\n  cases: %s (%s)\n  auth: %s\n  tls: %s\n  audit: %s\n",
		ln.Addr(), *casesDir, strings.Join(names, ", "), authNote, tlsNote, *auditPath)
	return srv.Serve(ctx, ln)
}

// loopback says whether addr listens only on a loopback interface.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
