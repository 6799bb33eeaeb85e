package pgwire

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/sql/auth"
	"github.com/mastcdr/mast/sql/pgerr"
)

// The fuzz targets send the server what a broken or hostile client may:
// whatever it is, the server answers with well-formed backend messages,
// ends a stream it cannot read with FATAL 08P01 (a refused login with the
// login's FATAL), closes the connection once the client has stopped
// sending, and goes on serving everyone else. A panic anywhere in the
// server kills the fuzzing process, which go test reports as a crasher.

const (
	fuzzCase = "c1"
	// fuzzStatementTimeout bounds every statement of the fuzzed server, so
	// that a mutated query that runs long is cut short rather than taken
	// for a hang.
	fuzzStatementTimeout = 250 * time.Millisecond
	// hangAfterEOF is how long after the client's EOF the server has to
	// close the connection; hangBeforeEOF bounds the whole exchange while
	// the client is still sending (a server that stops reading).
	hangAfterEOF  = 5 * time.Second
	hangBeforeEOF = 8 * time.Second
	// fuzzMaxInput: longer inputs add time, not paths; oversized messages
	// are exercised by their length prefixes.
	fuzzMaxInput = 64 << 10
	// healthEvery is how often (in inputs) a well-behaved client checks
	// that the server still answers.
	healthEvery = 128
)

// FuzzSession feeds a real server, over loopback TCP and a real case, the
// byte stream of one client connection. With raw false the stream follows
// a valid StartupMessage sent by the harness, so that mutation explores
// the state machine after startup (loop.go); with raw true the stream is
// the whole connection, startup included (session.go).
func FuzzSession(f *testing.F) {
	addr := startFuzzServer(f)
	for _, s := range sessionSeeds(f) {
		f.Add(false, s)
	}
	for _, s := range startupSeeds(f) {
		f.Add(true, s)
	}
	login := fuzzStartup(f, "fuzz", fuzzCase)
	// A server wedged by earlier inputs (a leaked connection slot, a
	// session that never ends) fails a well-behaved client: checked every
	// healthEvery inputs and once the seeds have run.
	f.Cleanup(func() { requireAnswers(f, addr, login) })
	var inputs atomic.Int64
	f.Fuzz(func(t *testing.T, raw bool, data []byte) {
		if len(data) > fuzzMaxInput {
			t.Skip("input longer than fuzzMaxInput")
		}
		stream := data
		if !raw {
			stream = append(append([]byte(nil), login...), data...)
		}
		want := predict(stream, nil, fuzzCase)
		got, err := exchange(addr, stream)
		require.NoError(t, err)
		requireVerdict(t, want, got)
		if inputs.Add(1)%healthEvery == 0 {
			t.Logf("health check after %d inputs: if it fails, an earlier input of this worker may be the cause", healthEvery)
			requireAnswers(t, addr, login)
		}
	})
}

// FuzzStartup runs a session in process over an in-memory connection
// whose client has sent the input and closed: the startup packets, SSL and
// GSS refusals, CancelRequest and the SCRAM-SHA-256 exchange (sql/auth
// reads the client's SASL messages), with no database behind it (the case
// directory is empty). With password false the server trusts the client;
// with it true it asks for a password from a real users file.
func FuzzStartup(f *testing.F) {
	dir := f.TempDir()
	users := filepath.Join(dir, auth.DefaultFileName)
	require.NoError(f, auth.Update(users, func(uf *auth.File) error {
		v, err := auth.NewVerifier("correct-horse-battery-staple", 4096)
		if err != nil {
			return err
		}
		return uf.Add(auth.User{Name: "alice", Role: auth.Analyst, Cases: []string{fuzzCase}, Verifier: v}, time.Now())
	}))
	store, err := auth.Open(users, auth.DefaultOptions())
	require.NoError(f, err)
	cases := NewCases(dir, engine.DefaultOptions())
	trust, err := NewServer(Options{Cases: cases})
	require.NoError(f, err)
	scram, err := NewServer(Options{Cases: cases, Auth: UsersAuth(store)})
	require.NoError(f, err)
	for _, s := range startupSeeds(f) {
		f.Add(false, s)
		f.Add(true, s)
	}
	for _, s := range scramSeeds(f) {
		f.Add(true, s)
	}
	f.Fuzz(func(t *testing.T, password bool, stream []byte) {
		srv, users := trust, (*auth.Store)(nil)
		if password {
			srv, users = scram, store
		}
		want := predict(stream, users, "")
		conn := &memConn{in: bytes.NewReader(stream)}
		done := make(chan struct{})
		go func() {
			defer close(done)
			srv.handle(context.Background(), conn)
		}()
		select {
		case <-done:
		case <-time.After(hangAfterEOF):
			require.FailNowf(t, "hang", "the session did not end within %s of the client's EOF", hangAfterEOF)
		}
		got, err := readReplies(bytes.NewReader(conn.out.Bytes()))
		require.NoError(t, err)
		requireVerdict(t, want, got)
	})
}

// startFuzzServer serves a fresh case on loopback with trust
// authentication (the command allows it only there) and returns its
// address. The server stops when tb ends.
func startFuzzServer(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	ctx := context.Background()
	c, err := engine.Create(ctx, filepath.Join(dir, fuzzCase+".duckdb"), engine.Settings{Name: fuzzCase}, engine.DefaultOptions())
	require.NoError(tb, err)
	require.NoError(tb, c.Close())
	cases := NewCases(dir, engine.DefaultOptions())
	// The case is opened (its catalog emulation installed) before fuzzing
	// starts: on a loaded machine that takes seconds, which the first
	// input's session would otherwise be blamed for.
	_, err = cases.Get(ctx, fuzzCase)
	require.NoError(tb, err)
	srv, err := NewServer(Options{Cases: cases, StatementTimeout: fuzzStatementTimeout})
	require.NoError(tb, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(tb, err)
	sctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(sctx, ln) }()
	tb.Cleanup(func() {
		stop()
		require.NoError(tb, <-done)
		require.NoError(tb, cases.Close())
	})
	return ln.Addr().String()
}

// requireAnswers checks that a well-behaved client still gets SELECT 1
// answered. A statement cancelled by the short statement timeout (a
// loaded machine) is tried again.
func requireAnswers(tb testing.TB, addr string, login []byte) {
	tb.Helper()
	stream := append(append([]byte(nil), login...), frames(tb, &pgproto3.Query{String: "SELECT 1"}, &pgproto3.Terminate{})...)
	for attempt := 1; ; attempt++ {
		got, err := exchange(addr, stream)
		require.NoError(tb, err)
		requireVerdict(tb, verdict{login: true}, got)
		var values, codes []string
		for _, r := range got.replies {
			switch r.typ {
			case 'D':
				values = append(values, r.value)
			case 'E':
				codes = append(codes, r.code)
			}
		}
		if attempt < 3 && len(codes) == 1 && codes[0] == pgerr.QueryCanceled {
			continue
		}
		require.Empty(tb, codes, "SELECT 1 failed")
		require.Equal(tb, []string{"1"}, values)
		require.Equal(tb, byte('Z'), got.last.typ, "the answer ends with ReadyForQuery")
		return
	}
}

// exchange sends stream on a new connection, closes the sending side and
// reads what the server answers until it closes the connection.
func exchange(addr string, stream []byte) (transcript, error) {
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		return transcript{}, err
	}
	conn := nc.(*net.TCPConn)
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(hangBeforeEOF))
	eof := make(chan struct{})
	// The client writes while it reads: a server that answers as it goes
	// would otherwise fill the socket buffers and wait for the client.
	go func() {
		defer close(eof)
		if _, err := conn.Write(stream); err != nil {
			return // the server closed first (a FATAL, a Terminate)
		}
		conn.CloseWrite()
		conn.SetReadDeadline(time.Now().Add(hangAfterEOF))
	}()
	got, err := readReplies(endOnReset{conn})
	conn.Close()
	<-eof
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return got, fmt.Errorf("hang: the server kept the connection open %s after the client's EOF (or %s in all), having sent %d messages: %w",
			hangAfterEOF, hangBeforeEOF, got.n, err)
	}
	return got, err
}

// endOnReset reads a connection that the server may close with input of
// the client's unread: what the server sent before is read first, then the
// reset ends the stream.
type endOnReset struct{ r io.Reader }

func (e endOnReset) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if errors.Is(err, syscall.ECONNRESET) {
		err = io.EOF
	}
	return n, err
}

// memConn is a connection whose client has sent in and closed its side:
// reads return in, then EOF; what the server writes is kept in out.
type memConn struct {
	in  *bytes.Reader
	out bytes.Buffer
}

func (c *memConn) Read(p []byte) (int, error)       { return c.in.Read(p) }
func (c *memConn) Write(p []byte) (int, error)      { return c.out.Write(p) }
func (c *memConn) Close() error                     { return nil }
func (c *memConn) LocalAddr() net.Addr              { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5432} }
func (c *memConn) RemoteAddr() net.Addr             { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 40000} }
func (c *memConn) SetDeadline(time.Time) error      { return nil }
func (c *memConn) SetReadDeadline(time.Time) error  { return nil }
func (c *memConn) SetWriteDeadline(time.Time) error { return nil }

var _ net.Conn = (*memConn)(nil)

// reply is one backend message, as much of it as the checks need.
type reply struct {
	typ      byte
	authOK   bool   // AuthenticationOk
	severity string // ErrorResponse
	code     string
	message  string
	status   byte   // ReadyForQuery
	value    string // DataRow: the first column
}

// transcript is what the server sent on one connection.
type transcript struct {
	refusals int     // 'N' answers to SSLRequest and GSSEncRequest
	replies  []reply // the first keptReplies messages
	n        int     // messages in all
	last     reply
	fatal    bool
}

const (
	keptReplies = 256
	maxReplyLen = 256 << 20
)

// readReplies reads a backend message stream to its end and checks that
// it is well formed: single-byte refusals first, then whole messages of
// known types that decode, and nothing after a FATAL error.
func readReplies(r io.Reader) (transcript, error) {
	var tr transcript
	br := bufio.NewReader(r)
	for {
		b, err := br.ReadByte()
		if errors.Is(err, io.EOF) {
			return tr, nil
		}
		if err != nil {
			return tr, err
		}
		if b != 'N' {
			br.UnreadByte()
			break
		}
		tr.refusals++
	}
	// Each message is framed here and decoded by pgproto3 alone, so that a
	// stream that ends at a message boundary is told from one cut short.
	var feed bytes.Buffer
	fe := pgproto3.NewFrontend(&feed, io.Discard)
	hdr := make([]byte, 5)
	for {
		if _, err := io.ReadFull(br, hdr); err != nil {
			if errors.Is(err, io.EOF) {
				return tr, nil
			}
			return tr, fmt.Errorf("after %d messages: %w", tr.n, err)
		}
		size := int32(binary.BigEndian.Uint32(hdr[1:]))
		if size < 4 || size > maxReplyLen {
			return tr, fmt.Errorf("message %d (%q) of length %d", tr.n+1, hdr[0], size)
		}
		feed.Reset()
		feed.Write(hdr)
		if _, err := io.CopyN(&feed, br, int64(size-4)); err != nil {
			return tr, fmt.Errorf("message %d (%q) cut short: %w", tr.n+1, hdr[0], err)
		}
		msg, err := fe.Receive()
		if err != nil {
			return tr, fmt.Errorf("message %d (%q): %w", tr.n+1, hdr[0], err)
		}
		if err := tr.add(hdr[0], msg); err != nil {
			return tr, err
		}
	}
}

func (tr *transcript) add(typ byte, msg pgproto3.BackendMessage) error {
	if tr.fatal {
		return fmt.Errorf("%T after a FATAL error (%s)", msg, tr.last.message)
	}
	keep := len(tr.replies) < keptReplies
	r := reply{typ: typ}
	switch m := msg.(type) {
	case *pgproto3.AuthenticationOk:
		r.authOK = true
	case *pgproto3.ErrorResponse:
		r.severity, r.code, r.message = m.Severity, m.Code, m.Message
		tr.fatal = m.Severity == "FATAL" || m.Severity == "PANIC"
	case *pgproto3.ReadyForQuery:
		if m.TxStatus != 'I' && m.TxStatus != 'T' && m.TxStatus != 'E' {
			return fmt.Errorf("ReadyForQuery with status %q", m.TxStatus)
		}
		r.status = m.TxStatus
	case *pgproto3.DataRow:
		if keep && len(m.Values) > 0 {
			r.value = string(m.Values[0])
		}
	}
	tr.n++
	tr.last = r
	if keep {
		tr.replies = append(tr.replies, r)
	}
	return nil
}

// verdict is how the server must answer a stream.
type verdict struct {
	refusals int    // SSLRequests and GSSEncRequests answered 'N'
	login    bool   // AuthenticationOk ... BackendKeyData, ReadyForQuery
	fatal    string // SQLSTATE of the FATAL error that ends the replies; "" for none
}

// predict reads stream with the reader the server uses (pgproto3 with
// maxMessage) and says how the server must answer it: a message that
// cannot be read (a length out of bounds, an unknown type, a body that
// does not decode) gets FATAL 08P01, a refused login its own FATAL; a
// stream that stops (the client is gone, mid-message or not), a
// CancelRequest and a Terminate get none. users is nil for a server that
// trusts its clients; served is the one case the server has.
func predict(stream []byte, users *auth.Store, served string) verdict {
	be := pgproto3.NewBackend(bytes.NewReader(stream), nil)
	be.SetMaxBodyLen(maxMessage)
	var v verdict
	unreadable := func(err error) verdict {
		if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			v.fatal = pgerr.ProtocolViolation
		}
		return v
	}
	refused := func(code string) verdict {
		v.fatal = code
		return v
	}
	var startup *pgproto3.StartupMessage
	for startup == nil {
		msg, err := be.ReceiveStartupMessage()
		if err != nil {
			return unreadable(err)
		}
		switch m := msg.(type) {
		case *pgproto3.SSLRequest, *pgproto3.GSSEncRequest:
			v.refusals++
		case *pgproto3.CancelRequest:
			return v
		case *pgproto3.StartupMessage:
			startup = m
		}
	}
	user, db := startup.Parameters["user"], startup.Parameters["database"]
	if db == "" {
		db = user
	}
	if user == "" {
		return refused(pgerr.InvalidAuthorization)
	}
	if users != nil {
		conv := users.NewConversation(user)
		be.SetAuthType(pgproto3.AuthTypeSASL)
		msg, err := be.Receive()
		if err != nil {
			return unreadable(err)
		}
		first, ok := msg.(*pgproto3.SASLInitialResponse)
		if !ok || first.AuthMechanism != auth.Mechanism {
			return refused(pgerr.ProtocolViolation)
		}
		if _, err := conv.Step(first.Data); err != nil {
			return refused(pgerr.InvalidPassword)
		}
		be.SetAuthType(pgproto3.AuthTypeSASLContinue)
		if msg, err = be.Receive(); err != nil {
			return unreadable(err)
		}
		if _, ok := msg.(*pgproto3.SASLResponse); !ok {
			return refused(pgerr.ProtocolViolation)
		}
		// The proof must answer the server's random nonce: no input can.
		return refused(pgerr.InvalidPassword)
	}
	if db != served {
		return refused(pgerr.InvalidCatalogName)
	}
	v.login = true
	for {
		msg, err := be.Receive()
		if err != nil {
			return unreadable(err)
		}
		if _, ok := msg.(*pgproto3.Terminate); ok {
			return v
		}
	}
}

func requireVerdict(tb testing.TB, want verdict, got transcript) {
	tb.Helper()
	require.Equal(tb, want.refusals, got.refusals, "SSL/GSS refusals")
	if want.login {
		require.NotEmpty(tb, got.replies, "no answer to a valid startup")
		require.True(tb, got.replies[0].authOK, "first answer to a valid startup: %+v", got.replies[0])
		keys := 0
		for _, r := range got.replies {
			if r.typ == 'K' {
				keys++
			}
			if r.typ == 'Z' {
				require.Equal(tb, byte('I'), r.status)
				break
			}
		}
		require.Equal(tb, 1, keys, "BackendKeyData before the first ReadyForQuery: %+v", got.replies)
	} else {
		for _, r := range got.replies {
			require.False(tb, r.authOK, "AuthenticationOk for a stream that cannot log in")
		}
	}
	if want.fatal == "" {
		require.False(tb, got.fatal, "unexpected FATAL: %+v", got.last)
		return
	}
	require.True(tb, got.fatal, "the stream should end with FATAL %s; the last of %d answers: %+v", want.fatal, got.n, got.last)
	require.Equal(tb, want.fatal, got.last.code, got.last.message)
}

// frames encodes frontend messages as a client sends them.
func frames(tb testing.TB, msgs ...pgproto3.FrontendMessage) []byte {
	tb.Helper()
	var b []byte
	for _, m := range msgs {
		var err error
		b, err = m.Encode(b)
		require.NoError(tb, err)
	}
	return b
}

func fuzzStartup(tb testing.TB, user, db string) []byte {
	return frames(tb, &pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersionNumber,
		Parameters: map[string]string{"user": user, "database": db, "application_name": "fuzz"}})
}

// header is a message header claiming length n (the length counts itself,
// not the type byte).
func header(typ byte, n uint32) []byte {
	return binary.BigEndian.AppendUint32([]byte{typ}, n)
}

func be64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }
func be32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
func be16(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }

// sessionSeeds are streams a client sends after its startup: what QGIS,
// GDAL, psql and the drivers send, and what a broken client may.
func sessionSeeds(tb testing.TB) [][]byte {
	q := func(sql string) pgproto3.FrontendMessage { return &pgproto3.Query{String: sql} }
	term := &pgproto3.Terminate{}
	sync := &pgproto3.Sync{}
	typed := &pgproto3.Parse{Name: "typed",
		Query:         "SELECT $1::SMALLINT, $2::INTEGER, $3::BIGINT, $4::REAL, $5::DOUBLE, $6::BOOLEAN, $7::TIMESTAMPTZ, $8::DATE, $9::BLOB, $10::VARCHAR, $11::DECIMAL(10,2), $12::UUID, $13::INTERVAL",
		ParameterOIDs: []uint32{21, 23, 20, 700, 701, 16, 1184, 1082, 17, 25, 1700, 2950, 1186}}
	binaryArgs := [][]byte{be16(7), be32(42), be64(1 << 40), be32(0x40200000), be64(0x4004000000000000), {1},
		be64(1_000_000), be32(8000), {0xde, 0xad}, []byte("text"),
		{0, 2, 0, 0, 0, 0, 0, 1, 0, 12, 0x13, 0x88}, // numeric 12.5
		bytes.Repeat([]byte{0xab}, 16),
		append(be64(90_000_000), append(be32(1), be32(2)...)...)}
	textArgs := [][]byte{[]byte("7"), []byte("42"), []byte("1099511627776"), []byte("2.5"), []byte("2.5"), []byte("t"),
		[]byte("2024-03-01 10:30:00+00"), []byte("2024-02-29"), []byte(`\x0102`), []byte("text"), []byte("12.50"),
		[]byte("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), []byte("1 day 02:00:00")}
	valid := frames(tb,
		&pgproto3.Parse{Name: "s1", Query: "SELECT range AS n, range::VARCHAR AS s FROM range(5)"},
		&pgproto3.Describe{ObjectType: 'S', Name: "s1"},
		&pgproto3.Bind{DestinationPortal: "p1", PreparedStatement: "s1", ResultFormatCodes: []int16{1}},
		&pgproto3.Describe{ObjectType: 'P', Name: "p1"},
		&pgproto3.Execute{Portal: "p1", MaxRows: 2}, &pgproto3.Execute{Portal: "p1", MaxRows: 2}, &pgproto3.Execute{Portal: "p1"},
		sync, term)
	seeds := [][]byte{
		frames(tb, q("SELECT 1; SELECT 'two' AS word, 2.5::DOUBLE AS x, NULL AS z; SHOW TimeZone"), term),
		frames(tb, q(""), q(";"), q("SELECT"), term),
		valid,
		frames(tb,
			&pgproto3.Parse{Name: "w", Query: "SELECT range AS n FROM range(10) WHERE range < $1", ParameterOIDs: []uint32{20}},
			&pgproto3.Bind{PreparedStatement: "w", ParameterFormatCodes: []int16{1}, Parameters: [][]byte{be64(4)}, ResultFormatCodes: []int16{0}},
			&pgproto3.Execute{MaxRows: 3}, &pgproto3.Flush{}, &pgproto3.Execute{MaxRows: 3}, sync,
			&pgproto3.Bind{PreparedStatement: "w", Parameters: [][]byte{[]byte("2")}}, &pgproto3.Execute{},
			&pgproto3.Close{ObjectType: 'P'}, &pgproto3.Close{ObjectType: 'S', Name: "w"}, sync, term),
		frames(tb, typed, &pgproto3.Describe{ObjectType: 'S', Name: "typed"},
			&pgproto3.Bind{PreparedStatement: "typed", ParameterFormatCodes: []int16{1}, Parameters: binaryArgs, ResultFormatCodes: []int16{1}},
			&pgproto3.Execute{}, sync,
			&pgproto3.Bind{PreparedStatement: "typed", Parameters: textArgs}, &pgproto3.Describe{ObjectType: 'P'}, &pgproto3.Execute{}, sync, term),
		frames(tb, q("BEGIN; DECLARE c BINARY CURSOR FOR SELECT range AS n, 'x' AS s FROM range(6); FETCH 2 FROM c; FETCH FORWARD 1 FROM c; MOVE 1 IN c"),
			&pgproto3.Parse{Name: "f", Query: "FETCH 1 FROM c"}, &pgproto3.Describe{ObjectType: 'S', Name: "f"},
			&pgproto3.Bind{PreparedStatement: "f", ResultFormatCodes: []int16{1, 0}}, &pgproto3.Execute{}, &pgproto3.Execute{}, sync,
			q("FETCH ALL FROM c; CLOSE c; FETCH 1 FROM c"), q("ROLLBACK"), term),
		frames(tb, q("DECLARE h CURSOR WITH HOLD FOR SELECT 1 AS one; FETCH 0 IN h"), q("FETCH BACKWARD 1 FROM h"),
			q("CLOSE ALL; DEALLOCATE ALL; DEALLOCATE nosuch"), q("DISCARD ALL"), term),
		frames(tb, q("COPY (SELECT range AS n, 'a\tb' AS s, NULL AS z FROM range(3)) TO STDOUT"),
			q("COPY (SELECT range AS n, 'a,b' AS s FROM range(2)) TO STDOUT WITH (FORMAT csv, HEADER, DELIMITER ';', NULL 'NA')"),
			&pgproto3.Parse{Query: "COPY (SELECT $1::INTEGER AS i) TO STDOUT"}, &pgproto3.Bind{Parameters: [][]byte{[]byte("3")}}, &pgproto3.Execute{}, sync,
			&pgproto3.CopyData{Data: []byte("1\n")}, &pgproto3.CopyDone{}, &pgproto3.CopyFail{Message: "no"}, term),
		frames(tb, q("SET application_name = 'fuzz2'; SET statement_timeout = '5s'; SHOW statement_timeout; SET TimeZone = 'Europe/London'; SELECT TIMESTAMPTZ '2024-03-01 10:00:00+00'"),
			q("SHOW ALL; RESET ALL; RESET TimeZone; SET client_encoding = 'LATIN1'; SHOW nosuch"), q("SET server_version = '9'"), term),
		frames(tb, q("BEGIN; SELECT * FROM no_such_table; SELECT 1"), q("COMMIT"), q("BEGIN; BEGIN; COMMIT; COMMIT"), term),
		frames(tb, &pgproto3.Parse{Query: "SELEC nonsense"}, &pgproto3.Bind{}, &pgproto3.Execute{}, sync,
			&pgproto3.Bind{PreparedStatement: "nosuch"}, &pgproto3.Describe{ObjectType: 'P', Name: "nosuch"}, sync,
			&pgproto3.Parse{Name: "d", Query: "SELECT 1"}, &pgproto3.Parse{Name: "d", Query: "SELECT 2"}, sync,
			&pgproto3.Parse{Query: "SELECT 1; SELECT 2"}, sync,
			&pgproto3.Bind{PreparedStatement: "d", Parameters: [][]byte{[]byte("1")}}, sync,
			&pgproto3.FunctionCall{Function: 1}, sync, q("SELECT 1"), term),
		frames(tb, q("CREATE TABLE t (n INTEGER)"), q("SELECT * FROM read_csv('/etc/passwd')"), q("INSTALL spatial"), term),
		// Without Terminate: the client just goes.
		frames(tb, q("SELECT 1")),
		nil,
	}
	// Oversized, undersized, truncated and unknown messages.
	query := frames(tb, q("SELECT 1"))
	seeds = append(seeds,
		append(header('Q', 0x7fffffff), "SELECT 1\x00"...),
		append(header('Q', maxMessage+5), "SELECT 1\x00"...),
		append(header('Q', 1<<20), "SELECT 1\x00"...),
		header('Q', 3),
		header('Q', 0xffffffff),
		append(header('z', 5), 0),
		query[:len(query)-3],
		query[:3],
		valid[:len(valid)/2],
		append(frames(tb, q("SELECT 1"), term), "garbage after Terminate"...),
		append(header('B', 4+8), 0, 0, 0, 0, 0xff, 0xff, 0, 0), // a Bind claiming 65535 format codes
		append(header('P', 4+6), 's', 0, 'x', 0, 0x7f, 0xff),   // a Parse claiming 32767 parameter types
		append(header('D', 4+1), 'X'),                          // a Describe of neither statement nor portal
		append(header('Q', 4+3), "abc"...),                     // a Query without its NUL
	)
	return seeds
}

// startupSeeds are whole connections: startup packets, SSL, GSS and
// cancel requests, well-formed or not.
func startupSeeds(tb testing.TB) [][]byte {
	login := fuzzStartup(tb, "fuzz", fuzzCase)
	body := frames(tb, &pgproto3.Query{String: "SELECT 1"}, &pgproto3.Terminate{})
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	return [][]byte{
		cat(login, body),
		cat(frames(tb, &pgproto3.SSLRequest{}), login, body),
		cat(frames(tb, &pgproto3.GSSEncRequest{}, &pgproto3.SSLRequest{}, &pgproto3.SSLRequest{}), login, body),
		frames(tb, &pgproto3.CancelRequest{ProcessID: 1234, SecretKey: []byte{1, 2, 3, 4}}),
		frames(tb, &pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersionNumber, Parameters: map[string]string{"database": fuzzCase}}),
		frames(tb, &pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersionNumber, Parameters: map[string]string{"user": "fuzz", "database": "nosuch"}}),
		frames(tb, &pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersionNumber, Parameters: map[string]string{"user": "fuzz", "database": "../etc/passwd"}}),
		cat(frames(tb, &pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion32, Parameters: map[string]string{
			"user": "fuzz", "database": fuzzCase, "options": "-c search_path=x", "client_encoding": "LATIN1",
			"TimeZone": "Nowhere/Else", "statement_timeout": "0", "replication": "database"}}), body),
		cat(be32(8), be32(0x00020000)), // protocol 2.0
		cat(be32(8), be32(1234)),
		be32(3),
		be32(10_001),
		be32(0xffffffff),
		login[:len(login)/2],
		[]byte("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"),
		[]byte{0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03}, // a TLS ClientHello
		nil,
	}
}

// scramSeeds are logins by password: SCRAM-SHA-256 exchanges as clients
// send them, with wrong proofs, and broken ones.
func scramSeeds(tb testing.TB) [][]byte {
	alice := fuzzStartup(tb, "alice", fuzzCase)
	const nonce = "fyko+d2lbbFgONRv9qkxdawL"
	first := func(mech, data string) []byte {
		return frames(tb, &pgproto3.SASLInitialResponse{AuthMechanism: mech, Data: []byte(data)})
	}
	final := frames(tb, &pgproto3.SASLResponse{Data: []byte("c=biws,r=" + nonce + "3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=")})
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	return [][]byte{
		cat(alice, first(auth.Mechanism, "n,,n=,r="+nonce), final),
		cat(fuzzStartup(tb, "mallory", fuzzCase), first(auth.Mechanism, "n,,n=mallory,r="+nonce), final),
		cat(alice, first(auth.Mechanism, "p=tls-server-end-point,,n=,r="+nonce), final),
		cat(alice, first(auth.Mechanism, "y,,n=,r="+nonce)),
		cat(alice, first(auth.Mechanism, "n,a=alice,n=,r="+nonce+",e=x")),
		cat(alice, first(auth.Mechanism, "")),
		cat(alice, first("SCRAM-SHA-256-PLUS", "n,,n=,r="+nonce)),
		cat(alice, first("MD5", "")),
		cat(alice, frames(tb, &pgproto3.PasswordMessage{Password: "correct-horse-battery-staple"})),
		cat(alice, frames(tb, &pgproto3.Query{String: "SELECT 1"})),
		cat(alice, first(auth.Mechanism, "n,,n=,r="+nonce), frames(tb, &pgproto3.Query{String: "SELECT 1"})),
		cat(alice, first(auth.Mechanism, "n,,n=,r="+nonce), frames(tb, &pgproto3.SASLResponse{Data: []byte("c=biws,r=x,p=")})),
		cat(alice, append(header('p', 4+3), "abc"...)),
	}
}
