package pgwire_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/sql/audit"
	"github.com/mastcdr/mast/sql/auth"
	"github.com/mastcdr/mast/sql/pgwire"
)

// server is a running mast server over a fresh case "c1" (and "c2"), with
// users alice (analyst of c1), root (admin of both) in a real users file
// and a real audit log.
type server struct {
	addr  string
	audit string
}

const password = "correct-horse-battery-staple"

func startServer(t *testing.T, configure ...func(*pgwire.Options)) server {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	for _, name := range []string{"c1", "c2"} {
		c, err := engine.Create(ctx, filepath.Join(dir, name+".duckdb"), engine.Settings{Name: name}, engine.DefaultOptions())
		require.NoError(t, err)
		require.NoError(t, c.Close())
	}
	users := filepath.Join(dir, auth.DefaultFileName)
	require.NoError(t, auth.Update(users, func(f *auth.File) error {
		for _, u := range []struct {
			name  string
			role  auth.Role
			cases []string
		}{{"alice", auth.Analyst, []string{"c1"}}, {"root", auth.Admin, []string{auth.AllCases}}} {
			v, err := auth.NewVerifier(password, 4096)
			if err != nil {
				return err
			}
			if err := f.Add(auth.User{Name: u.name, Role: u.role, Cases: u.cases, Verifier: v}, time.Now()); err != nil {
				return err
			}
		}
		return nil
	}))
	store, err := auth.Open(users, auth.DefaultOptions())
	require.NoError(t, err)
	logPath := filepath.Join(dir, audit.DefaultFileName)
	log, err := audit.Open(logPath, audit.DefaultOptions())
	require.NoError(t, err)
	cases := pgwire.NewCases(dir, engine.DefaultOptions())
	opts := pgwire.Options{Cases: cases, Auth: pgwire.UsersAuth(store), Audit: pgwire.AuditTo(log)}
	for _, c := range configure {
		c(&opts)
	}
	srv, err := pgwire.NewServer(opts)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	sctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(sctx, ln) }()
	t.Cleanup(func() {
		stop()
		require.NoError(t, <-done)
		require.NoError(t, cases.Close())
		require.NoError(t, log.Close())
	})
	return server{addr: ln.Addr().String(), audit: logPath}
}

func (s server) url(user, pass, db string) string {
	host, port, _ := net.SplitHostPort(s.addr)
	return "postgres://" + user + ":" + pass + "@" + host + ":" + port + "/" + db + "?sslmode=disable"
}

func (s server) connect(t *testing.T, user, db string) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(s.url(user, password, db))
	require.NoError(t, err)
	// Cancel by CancelRequest, as libpq does, rather than by closing.
	cfg.BuildContextWatcherHandler = func(pc *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: pc, DeadlineDelay: 10 * time.Second}
	}
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func sqlState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

func TestLogin(t *testing.T) {
	s := startServer(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name, user, pass, db, state string
	}{
		{"analyst on a granted case", "alice", password, "c1", ""},
		{"admin on any case", "root", password, "c2", ""},
		{"wrong password", "alice", "nope", "c1", "28P01"},
		{"unknown user looks like a wrong password", "mallory", password, "c1", "28P01"},
		{"case not granted", "alice", password, "c2", "3D000"},
		{"no such case", "root", password, "nosuch", "3D000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := pgx.Connect(ctx, s.url(tc.user, tc.pass, tc.db))
			if tc.state == "" {
				require.NoError(t, err)
				var v string
				require.NoError(t, conn.QueryRow(ctx, "SHOW server_version").Scan(&v))
				require.True(t, strings.HasPrefix(v, "16."), v)
				require.Equal(t, "on", conn.PgConn().ParameterStatus("standard_conforming_strings"))
				conn.Close(ctx)
				return
			}
			require.Error(t, err)
			require.Equal(t, tc.state, sqlState(err), err.Error())
		})
	}
}

func TestQueries(t *testing.T) {
	s := startServer(t)
	ctx := context.Background()
	conn := s.connect(t, "alice", "c1")

	t.Run("extended protocol with parameters and binary results", func(t *testing.T) {
		at := time.Date(2024, 3, 1, 10, 30, 0, 123000, time.UTC)
		var n int64
		var txt string
		var f float64
		var ts time.Time
		var ok bool
		var blob []byte
		err := conn.QueryRow(ctx, "SELECT $1::BIGINT + 1, $2::TEXT || '!', $3::DOUBLE * 2, $4::TIMESTAMPTZ, $5::BOOLEAN, '\\x01\\x02'::BLOB",
			int64(41), "hi", 1.25, at, true).Scan(&n, &txt, &f, &ts, &ok, &blob)
		require.NoError(t, err)
		require.Equal(t, int64(42), n)
		require.Equal(t, "hi!", txt)
		require.Equal(t, 2.5, f)
		require.True(t, at.Equal(ts), "%v != %v", at, ts)
		require.True(t, ok)
		require.Equal(t, []byte{1, 2}, blob)
	})
	t.Run("text results of every common type", func(t *testing.T) {
		rows, err := conn.Query(ctx, "SELECT 1::INTEGER AS i, 2.5::DECIMAL(10,2) AS d, DATE '2024-02-29' AS day, INTERVAL 90 MINUTE AS span, [1,2,3] AS list, NULL::VARCHAR AS nothing", pgx.QueryResultFormats{pgx.TextFormatCode})
		require.NoError(t, err)
		require.True(t, rows.Next())
		raw := rows.RawValues()
		require.Equal(t, []string{"1", "2.50", "2024-02-29", "01:30:00", "{1,2,3}"}, []string{string(raw[0]), string(raw[1]), string(raw[2]), string(raw[3]), string(raw[4])})
		require.Nil(t, raw[5])
		rows.Close()
		require.NoError(t, rows.Err())
	})
	t.Run("geometry is hex EWKB in text and EWKB in binary", func(t *testing.T) {
		var text string
		require.NoError(t, conn.QueryRow(ctx, "SELECT st_point(1, 2)::GEOMETRY", pgx.QueryResultFormats{pgx.TextFormatCode}).Scan(&text))
		require.Equal(t, "0101000020E6100000000000000000F03F0000000000000040", text)
	})
	t.Run("several statements in one simple query", func(t *testing.T) {
		results, err := conn.PgConn().Exec(ctx, "SELECT 1; SELECT 'two' AS word; SHOW application_name").ReadAll()
		require.NoError(t, err)
		require.Len(t, results, 3)
		require.Equal(t, "SELECT 1", results[0].CommandTag.String())
		require.Equal(t, "word", string(results[1].FieldDescriptions[0].Name))
		require.Equal(t, [][]byte{[]byte("two")}, results[1].Rows[0])
	})
	t.Run("transaction status follows BEGIN, errors and ROLLBACK", func(t *testing.T) {
		pc := conn.PgConn()
		_, err := pc.Exec(ctx, "BEGIN READ ONLY").ReadAll()
		require.NoError(t, err)
		require.Equal(t, byte('T'), pc.TxStatus())
		_, err = pc.Exec(ctx, "SELECT * FROM no_such_table").ReadAll()
		require.Error(t, err)
		require.Equal(t, byte('E'), pc.TxStatus())
		_, err = pc.Exec(ctx, "SELECT 1").ReadAll()
		require.Equal(t, "25P02", sqlState(err))
		_, err = pc.Exec(ctx, "ROLLBACK").ReadAll()
		require.NoError(t, err)
		require.Equal(t, byte('I'), pc.TxStatus())
	})
	t.Run("cursors: DECLARE, FETCH, MOVE, another query between, CLOSE", func(t *testing.T) {
		pc := conn.PgConn()
		res, err := pc.Exec(ctx, "BEGIN; DECLARE c CURSOR FOR SELECT range AS n FROM range(10); FETCH 3 FROM c").ReadAll()
		require.NoError(t, err)
		require.Len(t, res[2].Rows, 3)
		require.Equal(t, "FETCH 3", res[2].CommandTag.String())
		res, err = pc.Exec(ctx, "SELECT 42; FETCH 0 IN c; MOVE 2 IN c; FETCH ALL FROM c; CLOSE c; COMMIT").ReadAll()
		require.NoError(t, err)
		require.Equal(t, "FETCH 0", res[1].CommandTag.String())
		require.Equal(t, "MOVE 2", res[2].CommandTag.String())
		require.Len(t, res[3].Rows, 5)
		require.Equal(t, "5", string(res[3].Rows[0][0]))
		require.Equal(t, "CLOSE CURSOR", res[4].CommandTag.String())
	})
	t.Run("a binary cursor returns binary columns", func(t *testing.T) {
		res, err := conn.PgConn().Exec(ctx, "BEGIN; DECLARE b BINARY CURSOR FOR SELECT 7::BIGINT AS n; FETCH FORWARD 1 FROM b; CLOSE b; COMMIT").ReadAll()
		require.NoError(t, err)
		require.Equal(t, int16(1), res[2].FieldDescriptions[0].Format)
		require.Equal(t, []byte{0, 0, 0, 0, 0, 0, 0, 7}, res[2].Rows[0][0])
	})
	t.Run("COPY TO STDOUT in CSV with a header", func(t *testing.T) {
		var buf bytes.Buffer
		tag, err := conn.PgConn().CopyTo(ctx, &buf, "COPY (SELECT range AS n, 'a,b' AS s FROM range(2)) TO STDOUT WITH (FORMAT csv, HEADER)")
		require.NoError(t, err)
		require.Equal(t, "COPY 2", tag.String())
		require.Equal(t, "n,s\n0,\"a,b\"\n1,\"a,b\"\n", buf.String())
	})
	t.Run("cancel interrupts a running query and the session goes on", func(t *testing.T) {
		qctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
		defer cancel()
		_, err := conn.Exec(qctx, "SELECT count(*) FROM range(1000000) a(x), range(1000000) b(y) WHERE x + y > $1", int64(-1))
		require.Equal(t, "57014", sqlState(err), "%v", err)
		var n int
		require.NoError(t, conn.QueryRow(ctx, "SELECT 1").Scan(&n))
		require.Equal(t, 1, n)
	})
	t.Run("statement_timeout and cancel bound a cursor's query too", func(t *testing.T) {
		slow := "SELECT count(*) FROM range(1000000) a(x), range(1000000) b(y) WHERE x + y > -1"
		_, err := conn.PgConn().Exec(ctx, "SET statement_timeout = 300").ReadAll()
		require.NoError(t, err)
		_, err = conn.PgConn().Exec(ctx, "BEGIN; DECLARE slow CURSOR FOR "+slow).ReadAll()
		require.Equal(t, "57014", sqlState(err), "%v", err)
		_, err = conn.PgConn().Exec(ctx, "ROLLBACK; RESET statement_timeout").ReadAll()
		require.NoError(t, err)

		qctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
		defer cancel()
		_, err = conn.PgConn().Exec(ctx, "BEGIN").ReadAll()
		require.NoError(t, err)
		_, err = conn.PgConn().Exec(qctx, "DECLARE slow CURSOR FOR "+slow).ReadAll()
		require.Equal(t, "57014", sqlState(err), "%v", err)
		_, err = conn.PgConn().Exec(ctx, "ROLLBACK").ReadAll()
		require.NoError(t, err)
		var n int
		require.NoError(t, conn.QueryRow(ctx, "SELECT 1").Scan(&n))
		require.Equal(t, 1, n)
	})
}

func TestSecurity(t *testing.T) {
	s := startServer(t)
	ctx := context.Background()
	analyst := s.connect(t, "alice", "c1")
	admin := s.connect(t, "root", "c1")
	secret := filepath.Join(t.TempDir(), "secret.csv")
	require.NoError(t, os.WriteFile(secret, []byte("a,b\n1,2\n"), 0o600))
	for _, tc := range []struct {
		name, sql string
	}{
		{"read a host file", "SELECT * FROM read_csv('" + secret + "')"},
		{"read a host file as text", "SELECT * FROM read_text('" + secret + "')"},
		{"write a host file", "COPY (SELECT 1) TO '" + secret + "'"},
		{"attach a database file", "ATTACH '" + secret + ".db' AS x"},
		{"install an extension", "INSTALL spatial"},
		{"load an extension", "LOAD spatial"},
		{"unlock the configuration", "SET lock_configuration = false"},
		{"allow external access", "SET enable_external_access = true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, conn := range []*pgx.Conn{analyst, admin} {
				_, err := conn.Exec(ctx, tc.sql)
				require.Error(t, err, tc.sql)
				require.Equal(t, "42501", sqlState(err), err.Error())
			}
		})
	}
	t.Run("an analyst cannot write, an admin can", func(t *testing.T) {
		_, err := analyst.Exec(ctx, "CREATE TABLE notes (n INTEGER)")
		require.Equal(t, "25006", sqlState(err), "%v", err)
		_, err = admin.Exec(ctx, "CREATE TABLE notes (n INTEGER)")
		require.NoError(t, err)
		tag, err := admin.Exec(ctx, "INSERT INTO notes VALUES (1), (2)")
		require.NoError(t, err)
		require.Equal(t, "INSERT 0 2", tag.String())
		var n int
		require.NoError(t, analyst.QueryRow(ctx, "SELECT count(*) FROM notes").Scan(&n))
		require.Equal(t, 2, n)
		// EXPLAIN ANALYZE runs what it explains: not a way round.
		for _, q := range []string{"EXPLAIN ANALYZE DELETE FROM notes", "EXPLAIN ANALYZE DELETE FROM notes WHERE list_contains([1, 2], n)"} {
			_, err = analyst.Exec(ctx, q)
			require.Equal(t, "25006", sqlState(err), "%s: %v", q, err)
		}
		require.NoError(t, analyst.QueryRow(ctx, "SELECT count(*) FROM notes").Scan(&n))
		require.Equal(t, 2, n)
	})
	t.Run("the audit log holds every statement, refusals among them, and verifies", func(t *testing.T) {
		f, err := os.Open(s.audit)
		require.NoError(t, err)
		defer f.Close()
		var refused, statements int
		require.NoError(t, audit.Read(f, func(_ int, e audit.Entry) error {
			if e.Kind == audit.Statement {
				statements++
				if e.Outcome == audit.Refused {
					refused++
				}
			}
			return nil
		}))
		require.GreaterOrEqual(t, refused, 17) // 8 refusals × 2 sessions + the analyst's CREATE
		require.Greater(t, statements, refused)
		f2, err := os.Open(s.audit)
		require.NoError(t, err)
		defer f2.Close()
		rep, err := audit.Verify(f2)
		require.NoError(t, err)
		require.True(t, rep.OK(), "%+v", rep)
	})
}

// TestExtendedProtocolByHand drives messages pgx does not send on its own:
// a row limit with PortalSuspended, and an error that discards up to Sync.
func TestExtendedProtocolByHand(t *testing.T) {
	s := startServer(t)
	ctx := context.Background()
	conn := s.connect(t, "alice", "c1")
	pc := conn.PgConn()
	_, err := pc.Exec(ctx, "BEGIN").ReadAll()
	require.NoError(t, err)
	fe := pc.Frontend()
	fe.Send(&pgproto3.Parse{Name: "s1", Query: "SELECT range AS n FROM range(5)"})
	fe.Send(&pgproto3.Bind{DestinationPortal: "p1", PreparedStatement: "s1"})
	fe.Send(&pgproto3.Execute{Portal: "p1", MaxRows: 2})
	fe.Send(&pgproto3.Execute{Portal: "p1", MaxRows: 2})
	fe.Send(&pgproto3.Execute{Portal: "p1", MaxRows: 2})
	fe.Send(&pgproto3.Sync{})
	require.NoError(t, fe.Flush())
	var got []string
	for {
		msg, err := fe.Receive()
		require.NoError(t, err)
		switch m := msg.(type) {
		case *pgproto3.DataRow:
			got = append(got, string(m.Values[0]))
		case *pgproto3.PortalSuspended:
			got = append(got, "suspended")
		case *pgproto3.CommandComplete:
			got = append(got, string(m.CommandTag))
		case *pgproto3.ErrorResponse:
			t.Fatalf("error: %s", m.Message)
		}
		if _, ok := msg.(*pgproto3.ReadyForQuery); ok {
			break
		}
	}
	require.Equal(t, []string{"0", "1", "suspended", "2", "3", "suspended", "4", "SELECT 1"}, got) // as PostgreSQL: the rows of the last Execute

	fe.Send(&pgproto3.Parse{Query: "SELEC nonsense"})
	fe.Send(&pgproto3.Bind{})
	fe.Send(&pgproto3.Execute{})
	fe.Send(&pgproto3.Sync{})
	require.NoError(t, fe.Flush())
	var kinds []string
	for {
		msg, err := fe.Receive()
		require.NoError(t, err)
		switch m := msg.(type) {
		case *pgproto3.ErrorResponse:
			kinds = append(kinds, "error "+m.Code)
		case *pgproto3.ReadyForQuery:
			kinds = append(kinds, "ready "+string(m.TxStatus))
		default:
			kinds = append(kinds, "unexpected")
		}
		if _, ok := msg.(*pgproto3.ReadyForQuery); ok {
			break
		}
	}
	require.Equal(t, []string{"error 42601", "ready E"}, kinds)
}

func selfSigned(t *testing.T) *tls.Config {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:   time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
}

func TestTLS(t *testing.T) {
	s := startServer(t, func(o *pgwire.Options) { o.TLS, o.RequireTLS = selfSigned(t), true })
	ctx := context.Background()
	t.Run("a client that asks for TLS gets it", func(t *testing.T) {
		conn, err := pgx.Connect(ctx, strings.Replace(s.url("alice", password, "c1"), "sslmode=disable", "sslmode=require", 1))
		require.NoError(t, err)
		defer conn.Close(ctx)
		_, isTLS := conn.PgConn().Conn().(*tls.Conn)
		require.True(t, isTLS)
		var n int
		require.NoError(t, conn.QueryRow(ctx, "SELECT 1").Scan(&n))
	})
	t.Run("a client without TLS is refused when TLS is required", func(t *testing.T) {
		_, err := pgx.Connect(ctx, s.url("alice", password, "c1"))
		require.Equal(t, "28000", sqlState(err), "%v", err)
	})
}

// TestGarbageConnections sends random and truncated bytes on many
// connections, before and after a valid startup, while a real client keeps
// querying: every bad connection is closed, none takes the server down.
func TestGarbageConnections(t *testing.T) {
	s := startServer(t)
	ctx := context.Background()
	conn := s.connect(t, "alice", "c1")
	startup := (&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersionNumber,
		Parameters: map[string]string{"user": "alice", "database": "c1"}})
	valid, err := startup.Encode(nil)
	require.NoError(t, err)
	done := make(chan error, 40)
	for i := range 40 {
		go func() {
			nc, err := net.Dial("tcp", s.addr)
			if err != nil {
				done <- err
				return
			}
			defer nc.Close()
			junk := make([]byte, 1+i*97)
			rand.Read(junk)
			var msg []byte
			switch i % 4 {
			case 0:
				msg = junk
			case 1:
				msg = append(append([]byte{}, valid...), junk...)
			case 2:
				msg = []byte{0x7f, 0xff, 0xff, 0xff, 0, 3, 0, 0} // a startup packet claiming 2 GB
			case 3:
				msg = valid[:len(valid)/2]
			}
			nc.Write(msg)
			nc.(*net.TCPConn).CloseWrite()
			nc.SetReadDeadline(time.Now().Add(40 * time.Second))
			buf := make([]byte, 4096)
			for {
				if _, err := nc.Read(buf); err != nil {
					var ne net.Error
					if errors.As(err, &ne) && ne.Timeout() {
						done <- errors.New("the server kept a garbage connection open")
						return
					}
					done <- nil
					return
				}
			}
		}()
	}
	for range 20 {
		var n int
		require.NoError(t, conn.QueryRow(ctx, "SELECT count(*) FROM range(1000)").Scan(&n))
		require.Equal(t, 1000, n)
	}
	for range 40 {
		require.NoError(t, <-done)
	}
	fresh := s.connect(t, "alice", "c1")
	require.NoError(t, fresh.Ping(ctx))
}
