package pgwire_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cockroachdb/datadriven"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/sql/pgwire"
)

// TestPGTest replays the wire scripts of testdata/pgtest, in the manner of
// CockroachDB's pgwire/testdata/pgtest: each script is a conversation with
// a trust-mode server over a fresh, empty case "c1", on a connection of its
// own. Regenerate the expected output with
//
//	go test ./sql/pgwire -run TestPGTest -rewrite
//
// and read every change: the scripts say what PostgreSQL sends.
//
// Directives:
//
//	send
//	Type {json}          one frontend message a line, pgproto3's JSON
//	Sync                 (a message without fields needs no JSON)
//
// sends the messages in one write. A StartupMessage opens a new connection
// first; any other message on a script without a connection opens one as
// user alice on case c1 and reads its startup answer silently.
//
//	until [ignore=Type] [ignore=(Type,Type)] [noerrmsg]
//	Type
//	...
//
// reads backend messages until one of each listed type has arrived, in
// turn, printing each as "Type {json}" (just "Type" when it has no
// fields). ignore leaves messages of those types out of the output (they
// are still read): ignore=DataRow where the rows are many and
// CommandComplete's row count says enough.
//
// Normalised, so that the output is the same on every run and can be
// compared with a real PostgreSQL's:
//   - BackendKeyData prints only that the process id is not zero and how
//     long the secret key is.
//   - ErrorResponse and NoticeResponse print Severity, Code and the first
//     line of Message (DuckDB appends "LINE 1: ..." context); Detail,
//     Hint, Position, File, Line and Routine are left out. With noerrmsg
//     the Message is left out too, where it is DuckDB's wording rather
//     than PostgreSQL's.
//   - CopyData prints its bytes as a JSON string when they are UTF-8.
//   - CopyOutResponse prints its OverallFormat (pgproto3's JSON has none).
//
// A read that waits longer than pgtestReadTimeout fails the script: a
// hang, never a timing the result depends on.
func TestPGTest(t *testing.T) {
	// Trust mode (no Auth: every user is an analyst, read-only) over the
	// fresh cases c1 and c2 of startServer.
	addr := startServer(t, func(o *pgwire.Options) { o.Auth = nil }).addr
	datadriven.Walk(t, filepath.Join("testdata", "pgtest"), func(t *testing.T, path string) {
		c := &pgtestConn{t: t, addr: addr}
		defer c.close()
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			c.t = t
			switch d.Cmd {
			case "send":
				return c.send(d)
			case "until":
				return c.until(d)
			default:
				t.Fatalf("%s: unknown directive %q", d.Pos, d.Cmd)
				return ""
			}
		})
	})
}

const pgtestReadTimeout = 20 * time.Second

// pgtestConn is one script's connection.
type pgtestConn struct {
	t    *testing.T
	addr string
	nc   net.Conn
	fe   *pgproto3.Frontend
}

func (c *pgtestConn) close() {
	if c.nc != nil {
		c.nc.Close()
		c.nc, c.fe = nil, nil
	}
}

func (c *pgtestConn) dial() {
	c.close()
	nc, err := net.Dial("tcp", c.addr)
	require.NoError(c.t, err)
	c.nc, c.fe = nc, pgproto3.NewFrontend(nc, nc)
}

func (c *pgtestConn) send(d *datadriven.TestData) string {
	msgs := make([]pgproto3.FrontendMessage, 0)
	for line := range strings.SplitSeq(d.Input, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		msg, err := parseFrontend(line)
		require.NoError(c.t, err, "%s: %s", d.Pos, line)
		msgs = append(msgs, msg)
	}
	for _, msg := range msgs {
		switch msg.(type) {
		case *pgproto3.StartupMessage:
			c.dial()
		default:
			if c.fe == nil {
				c.startup()
			}
		}
		c.fe.Send(msg)
	}
	require.NoError(c.t, c.fe.Flush(), "%s", d.Pos)
	return ""
}

// startup opens the default connection (alice on c1) and reads its answer
// up to ReadyForQuery without printing it.
func (c *pgtestConn) startup() {
	c.dial()
	c.fe.Send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersionNumber,
		Parameters: map[string]string{"user": "alice", "database": "c1"}})
	require.NoError(c.t, c.fe.Flush())
	for {
		msg := c.receive()
		if e, ok := msg.(*pgproto3.ErrorResponse); ok {
			c.t.Fatalf("startup refused: %s %s", e.Code, e.Message)
		}
		if _, ok := msg.(*pgproto3.ReadyForQuery); ok {
			return
		}
	}
}

func (c *pgtestConn) receive() pgproto3.BackendMessage {
	c.t.Helper()
	require.NoError(c.t, c.nc.SetReadDeadline(time.Now().Add(pgtestReadTimeout)))
	msg, err := c.fe.Receive()
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		c.t.Fatalf("no message from the server within %s: a hang", pgtestReadTimeout)
	}
	require.NoError(c.t, err)
	return msg
}

func (c *pgtestConn) until(d *datadriven.TestData) string {
	require.NotNil(c.t, c.fe, "%s: until before anything was sent", d.Pos)
	ignore := map[string]bool{}
	noErrMsg := false
	for _, arg := range d.CmdArgs {
		switch arg.Key {
		case "ignore":
			for _, v := range arg.Vals {
				ignore[v] = true
			}
		case "noerrmsg":
			noErrMsg = true
		default:
			c.t.Fatalf("%s: unknown until option %q", d.Pos, arg.Key)
		}
	}
	var out strings.Builder
	for want := range strings.SplitSeq(d.Input, "\n") {
		want = strings.TrimSpace(want)
		if want == "" {
			continue
		}
		for {
			msg := c.receive()
			name := typeName(msg)
			if !ignore[name] {
				out.WriteString(renderBackend(msg, noErrMsg))
				out.WriteByte('\n')
			}
			if name == want {
				break
			}
		}
	}
	return out.String()
}

// frontendTypes are the messages a script may send.
var frontendTypes = map[string]func() pgproto3.FrontendMessage{
	"StartupMessage": func() pgproto3.FrontendMessage { return &pgproto3.StartupMessage{} },
	"Query":          func() pgproto3.FrontendMessage { return &pgproto3.Query{} },
	"Parse":          func() pgproto3.FrontendMessage { return &pgproto3.Parse{} },
	"Bind":           func() pgproto3.FrontendMessage { return &pgproto3.Bind{} },
	"Describe":       func() pgproto3.FrontendMessage { return &pgproto3.Describe{} },
	"Execute":        func() pgproto3.FrontendMessage { return &pgproto3.Execute{} },
	"Close":          func() pgproto3.FrontendMessage { return &pgproto3.Close{} },
	"Sync":           func() pgproto3.FrontendMessage { return &pgproto3.Sync{} },
	"Flush":          func() pgproto3.FrontendMessage { return &pgproto3.Flush{} },
	"Terminate":      func() pgproto3.FrontendMessage { return &pgproto3.Terminate{} },
	"CopyData":       func() pgproto3.FrontendMessage { return &pgproto3.CopyData{} },
	"CopyDone":       func() pgproto3.FrontendMessage { return &pgproto3.CopyDone{} },
	"CopyFail":       func() pgproto3.FrontendMessage { return &pgproto3.CopyFail{} },
}

// parseFrontend reads "Type {json}" (or "Type" alone).
func parseFrontend(line string) (pgproto3.FrontendMessage, error) {
	name, body, _ := strings.Cut(strings.TrimSpace(line), " ")
	mk, ok := frontendTypes[name]
	if !ok {
		return nil, fmt.Errorf("unknown frontend message %q", name)
	}
	msg := mk()
	if body = strings.TrimSpace(body); body != "" {
		if err := json.Unmarshal([]byte(body), msg); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	if m, ok := msg.(*pgproto3.StartupMessage); ok && m.ProtocolVersion == 0 {
		m.ProtocolVersion = pgproto3.ProtocolVersionNumber
	}
	return msg, nil
}

func typeName(msg pgproto3.BackendMessage) string {
	return reflect.TypeOf(msg).Elem().Name()
}

var typeField = regexp.MustCompile(`^\{"Type":"[A-Za-z]*",?`)

// renderBackend prints one backend message as "Type {json}", normalised as
// TestPGTest describes.
func renderBackend(msg pgproto3.BackendMessage, noErrMsg bool) string {
	name := typeName(msg)
	var body any = msg
	switch m := msg.(type) {
	case *pgproto3.BackendKeyData:
		pid := "0"
		if m.ProcessID != 0 {
			pid = "<nonzero>"
		}
		body = struct{ ProcessID, SecretKey string }{pid, fmt.Sprintf("<%d bytes>", len(m.SecretKey))}
	case *pgproto3.ErrorResponse:
		body = renderError(m.Severity, m.Code, m.Message, noErrMsg)
	case *pgproto3.NoticeResponse:
		body = renderError(m.Severity, m.Code, m.Message, noErrMsg)
	case *pgproto3.CopyData:
		if utf8.Valid(m.Data) {
			body = struct{ Data string }{string(m.Data)}
		} else {
			body = struct{ DataHex string }{hex.EncodeToString(m.Data)}
		}
	case *pgproto3.CopyOutResponse:
		body = struct {
			OverallFormat     byte
			ColumnFormatCodes []uint16
		}{m.OverallFormat, m.ColumnFormatCodes}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // "<nonzero>", not "\u003cnonzero\u003e"
	if err := enc.Encode(body); err != nil {
		return fmt.Sprintf("%s <%v>", name, err)
	}
	js := typeField.ReplaceAllString(strings.TrimSuffix(b.String(), "\n"), "{")
	if js == "{}" {
		return name
	}
	return name + " " + js
}

func renderError(severity, code, message string, noMsg bool) any {
	if noMsg {
		return struct{ Severity, Code string }{severity, code}
	}
	first, _, _ := strings.Cut(message, "\n")
	return struct{ Severity, Code, Message string }{severity, code, first}
}
