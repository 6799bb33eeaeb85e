package main

import (
	"bytes"
	"context"
	gosql "database/sql"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/engine"
)

func memDB(t *testing.T) *gosql.DB {
	t.Helper()
	db, err := gosql.Open("duckdb", "")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

const sample = `SELECT * FROM (VALUES
	(1, 'Birmingham', TIMESTAMPTZ '2026-03-01 08:15:00+00', 1.5, NULL),
	(22, 'Żabka ünïcode', TIMESTAMPTZ '2026-03-01 09:00:00+00', NULL, true)
) t(id, place, ts, score, flag) ORDER BY id`

func TestRenderTable(t *testing.T) {
	rs, err := memDB(t).Query(sample)
	require.NoError(t, err)
	var b bytes.Buffer
	n, err := renderRows(&b, rs, "table")
	require.NoError(t, err)
	require.Equal(t, int64(2), n)
	require.Equal(t, `id |     place     |          ts          | score | flag
---+---------------+----------------------+-------+-----
 1 | Birmingham    | 2026-03-01 08:15:00Z |   1.5 |
22 | Żabka ünïcode | 2026-03-01 09:00:00Z |       | true
(2 rows)
`, b.String())
}

func TestRenderCSVAndJSONReadBack(t *testing.T) {
	db := memDB(t)
	rs, err := db.Query(sample)
	require.NoError(t, err)
	var b bytes.Buffer
	_, err = renderRows(&b, rs, "csv")
	require.NoError(t, err)
	recs, err := csv.NewReader(&b).ReadAll()
	require.NoError(t, err)
	require.Equal(t, [][]string{
		{"id", "place", "ts", "score", "flag"},
		{"1", "Birmingham", "2026-03-01T08:15:00Z", "1.5", ""},
		{"22", "Żabka ünïcode", "2026-03-01T09:00:00Z", "", "true"},
	}, recs)

	rs, err = db.Query(sample)
	require.NoError(t, err)
	b.Reset()
	_, err = renderRows(&b, rs, "json")
	require.NoError(t, err)
	var rows []map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &rows))
	require.Equal(t, []map[string]any{
		{"id": 1.0, "place": "Birmingham", "ts": "2026-03-01T08:15:00Z", "score": 1.5, "flag": nil},
		{"id": 22.0, "place": "Żabka ünïcode", "ts": "2026-03-01T09:00:00Z", "score": nil, "flag": true},
	}, rows)
}

func TestSplitStatements(t *testing.T) {
	require.Equal(t, []string{"SELECT 1", "SELECT ';' AS x", "SELECT 2"},
		splitStatements("SELECT 1; -- a comment; here\nSELECT ';' AS x;\n;SELECT 2"))
}

// sqlApp runs mast in-process with the given stdin.
func sqlApp(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := a.run(context.Background(), args)
	return out.String(), errb.String(), code
}

func newTestCase(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	c, err := engine.Create(context.Background(), filepath.Join(dir, "t.duckdb"), engine.Settings{Name: "t"}, engine.DefaultOptions())
	require.NoError(t, err)
	require.NoError(t, c.Close())
	return dir
}

func TestSQLCommand(t *testing.T) {
	dir := newTestCase(t)
	out, errs, code := sqlApp(t, "", "sql", "--cases", dir, "--case", "t", "-c", "SELECT 40 + 2 AS answer; SELECT count(*) AS n FROM sources")
	require.Equal(t, 0, code, errs)
	require.Contains(t, out, "answer")
	require.Contains(t, out, "42")
	require.Contains(t, out, "(1 row)")

	out, _, code = sqlApp(t, "", "sql", "--cases", dir, "--case", "t", "--format", "csv", "-c", "SELECT 'a,b' AS x")
	require.Equal(t, 0, code)
	require.Equal(t, "x\n\"a,b\"\n", out)

	out, _, code = sqlApp(t, "SELECT 1 AS one;\nSELECT 2 AS two;\n", "sql", "--cases", dir, "--case", "t", "--format", "jsonl")
	require.Equal(t, 0, code)
	require.Equal(t, "{\"one\":1}\n{\"two\":2}\n", out)

	_, errs, code = sqlApp(t, "", "sql", "--cases", dir, "--case", "t", "-c", "SELECT * FROM no_such_table")
	require.Equal(t, 1, code)
	require.Contains(t, errs, "ERROR:")
	require.Contains(t, errs, "no_such_table")
}

// TestInteractiveShell drives `mast sql` in a real terminal under tmux.
func TestInteractiveShell(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	dir := newTestCase(t)
	session := "mastsql" + strings.ReplaceAll(filepath.Base(dir), "-", "")
	home := t.TempDir()
	cmd := exec.Command("tmux", "new-session", "-d", "-s", session, "-x", "150", "-y", "40",
		"env", "HOME="+home, mastBin, "sql", "--cases", dir, "--case", "t")
	require.NoError(t, cmd.Run())
	t.Cleanup(func() { exec.Command("tmux", "kill-session", "-t", session).Run() })
	// send types text literally (tmux would take a trailing ';' as its own
	// command separator), then presses Enter.
	send := func(text string) {
		if strings.HasSuffix(text, ";") {
			text = strings.TrimSuffix(text, ";") + `\;`
		}
		require.NoError(t, exec.Command("tmux", "send-keys", "-t", session, "-l", text).Run())
		require.NoError(t, exec.Command("tmux", "send-keys", "-t", session, "Enter").Run())
	}
	pane := func() string {
		out, _ := exec.Command("tmux", "capture-pane", "-p", "-t", session).Output()
		return string(out)
	}
	waitFor := func(want string) string {
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			if p := pane(); strings.Contains(p, want) {
				return p
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("the screen never showed %q:\n%s", want, pane())
		return ""
	}
	waitFor("t=>")
	send("SELECT 6 * 7")
	waitFor("t->")
	send("AS answer;")
	p := waitFor("(1 row)")
	require.Contains(t, p, "42")
	send(`\d events`)
	waitFor("subject_imei14")
	send(`\q`)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if exec.Command("tmux", "has-session", "-t", session).Run() != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	_, err := os.Stat(filepath.Join(home, ".mast_history"))
	require.NoError(t, err, "history was not saved")
}
