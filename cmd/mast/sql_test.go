package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/engine"
)

func TestSQLSplitScript(t *testing.T) {
	t.Parallel()
	type p = piece
	for _, tc := range []struct {
		name  string
		src   string
		final bool
		want  []piece
		rest  string
	}{
		{
			name: "statements end at semicolons",
			src:  "SELECT 1;\nSELECT 2;",
			want: []piece{{text: "SELECT 1", line: 1}, {text: "SELECT 2", line: 2}},
		},
		{
			name: "semicolons in strings, identifiers and comments do not end a statement",
			src:  "SELECT ';' AS \"a;b\", $$x;y$$, $t$;$t$ -- c;d\n/* e;\nf */ ;SELECT 2;",
			want: []piece{{text: "SELECT ';' AS \"a;b\", $$x;y$$, $t$;$t$ -- c;d\n/* e;\nf */", line: 1}, {text: "SELECT 2", line: 3}},
		},
		{
			name: "doubled quotes and E-string escapes stay inside the string",
			src:  "SELECT 'it''s;', E'a\\';b';",
			want: []piece{{text: "SELECT 'it''s;', E'a\\';b'", line: 1}},
		},
		{
			name: "leading comments and empty statements are dropped",
			src:  "-- about\n\n/* block */ ;; SELECT 1;\n-- trailing\n",
			want: []piece{{text: "SELECT 1", line: 3}},
		},
		{
			name: "a parameter is not a dollar quote",
			src:  "SELECT $1; SELECT 2;",
			want: []piece{{text: "SELECT $1", line: 1}, {text: "SELECT 2", line: 1}},
		},
		{
			name: "a line starting with a backslash is a shell command",
			src:  "\\timing on\nSELECT 1;\n  \\d events\n",
			want: []piece{{text: "\\timing on", line: 1, meta: true}, {text: "SELECT 1", line: 2}, {text: "\\d events", line: 3, meta: true}},
		},
		{
			name: "an unfinished statement is the rest",
			src:  "SELECT 1; SELECT\n  2",
			want: []piece{{text: "SELECT 1", line: 1}},
			rest: " SELECT\n  2",
		},
		{
			name: "an open string is the rest",
			src:  "SELECT 'a;\n",
			rest: "SELECT 'a;\n",
		},
		{
			name: "an open block comment is the rest",
			src:  "/* note;\n",
			rest: "/* note;\n",
		},
		{
			name:  "at the end of a script the rest is a last statement",
			src:   "SELECT 1;\nSELECT 2 -- no semicolon",
			final: true,
			want:  []piece{{text: "SELECT 1", line: 1}, {text: "SELECT 2 -- no semicolon", line: 2}},
		},
		{
			name:  "at the end of a script a last command needs no newline",
			src:   "SELECT 1;\\q",
			final: true,
			want:  []piece{{text: "SELECT 1", line: 1}, {text: "\\q", line: 1, meta: true}},
		},
		{
			name:  "at the end of a script only comments are nothing",
			src:   "SELECT 1;\n-- done",
			final: true,
			want:  []piece{{text: "SELECT 1", line: 1}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, rest := splitScript(tc.src, tc.final)
			require.Equal(t, tc.want, got)
			require.Equal(t, tc.rest, rest)
		})
	}
}

func TestSQLFirstWord(t *testing.T) {
	t.Parallel()
	for stmt, want := range map[string]string{
		"select 1":                      "SELECT",
		"  -- c\n/* d */ insert into t": "INSERT",
		"(SELECT 1)":                    "(",
		"-- only a comment":             "",
	} {
		require.Equal(t, want, firstWord(stmt), stmt)
	}
}

// sqlApp runs mast in-process with the given stdin.
func sqlApp(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code = a.run(context.Background(), args)
	return out.String(), errb.String(), code
}

// newTestCase makes a cases directory holding the empty case "t".
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
	script := filepath.Join(t.TempDir(), "q.sql")
	require.NoError(t, os.WriteFile(script, []byte("SELECT 1 AS one;\n\nSELECT nope;\nSELECT 3;\n"), 0o644))
	on := []string{"sql", "--cases", dir, "--case", "t"}

	for _, tc := range []struct {
		name       string
		args       []string
		stdin      string
		code       int
		stdout     string   // exactly, unless empty
		contains   []string // in stdout
		stderr     []string // in stderr
		notContain []string // in stdout
	}{
		{
			name: "-c runs each statement and prints each result",
			args: []string{"-c", "SELECT 40 + 2 AS answer; SELECT 'x' AS s"},
			stdout: " answer\n--------\n     42\n(1 row)\n\n" +
				" s\n---\n x\n(1 row)\n",
		},
		{
			name:   "-c given twice runs both, in order, on one connection",
			args:   []string{"-c", "CREATE TEMP TABLE r AS SELECT 7 AS x", "-c", "SELECT x FROM r"},
			stdout: "OK, 1 row\n\n x\n---\n 7\n(1 row)\n",
		},
		{
			name:   "commands print tags, and statements share one connection",
			args:   []string{"-c", "CREATE TEMP TABLE n(x INT); INSERT INTO n VALUES (1), (2); UPDATE n SET x = x + 1 WHERE x = 2; SET threads = 1; SELECT sum(x) AS s FROM n"},
			stdout: "OK\nINSERT 2\nUPDATE 1\nOK\n\n s\n---\n 4\n(1 row)\n",
		},
		{
			name:   "--format csv",
			args:   []string{"--format", "csv", "-c", "SELECT 'a,b' AS x, NULL AS y, 1.5 AS z"},
			stdout: "x,y,z\n\"a,b\",,1.5\n",
		},
		{
			name:   "--format json with a command: the tag goes to stderr",
			args:   []string{"--format", "json", "-c", "CREATE TEMP TABLE m AS SELECT 1 AS a; SELECT a FROM m"},
			stdout: "[\n{\"a\":1}\n]\n",
			stderr: []string{"OK, 1 row"},
		},
		{
			name:   "a script on stdin, the last statement without ';'",
			args:   []string{"--format", "jsonl"},
			stdin:  "SELECT 1 AS one;\n-- a comment; with a semicolon\nSELECT 2 AS two\n",
			stdout: "{\"one\":1}\n{\"two\":2}\n",
		},
		{
			name:       "a script with shell commands",
			stdin:      "\\d\n\\d events\n\\timing\nSELECT 1;\n\\q\nSELECT 'not run';\n",
			contains:   []string{"source_summary", "view", "One row per communication event", "subject_msisdn", "not null", "Time: ", "(1 row)"},
			notContain: []string{"not run"},
		},
		{
			name:       "a failing statement stops -c with exit status 1",
			args:       []string{"-c", "SELECT 1 AS ok; SELECT * FROM no_such_table; SELECT 'not run'"},
			code:       1,
			contains:   []string{" ok"},
			notContain: []string{"not run"},
			stderr:     []string{"ERROR: Catalog Error", "no_such_table", "mast sql: -c, line 1: statement failed"},
		},
		{
			name:     "a failing statement of a file names its line",
			args:     []string{"--file", script},
			code:     1,
			contains: []string{" one"},
			stderr:   []string{"ERROR: ", `"nope"`, "q.sql, line 3: statement failed"},
		},
		{
			name:   "an unknown shell command fails a script",
			stdin:  "\\frobnicate\n",
			code:   1,
			stderr: []string{"ERROR: unknown command \\frobnicate"},
		},
		{
			name:   "a table that is not there",
			stdin:  "\\d nothing_here\n",
			code:   1,
			stderr: []string{`no table or view named "nothing_here"`},
		},
		{
			name:   "an unknown format is a usage error",
			args:   []string{"--format", "xml", "-c", "SELECT 1"},
			code:   2,
			stderr: []string{`--format "xml"`},
		},
		{
			name:   "-c and --file together are a usage error",
			args:   []string{"-c", "SELECT 1", "--file", script},
			code:   2,
			stderr: []string{"not both"},
		},
		{
			name:   "a case that does not exist",
			args:   []string{"--case", "missing", "-c", "SELECT 1"},
			code:   1,
			stderr: []string{"mast case init --case missing"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := sqlApp(t, tc.stdin, append(on[:len(on):len(on)], tc.args...)...)
			require.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", out, errs)
			if tc.stdout != "" {
				require.Equal(t, tc.stdout, out)
			}
			for _, s := range tc.contains {
				require.Contains(t, out, s)
			}
			for _, s := range tc.notContain {
				require.NotContains(t, out, s)
			}
			for _, s := range tc.stderr {
				require.Contains(t, errs, s)
			}
		})
	}
}

// TestSQLStatementErrorUnwraps checks that a failed script's error says
// where and wraps DuckDB's.
func TestSQLStatementErrorUnwraps(t *testing.T) {
	dir := newTestCase(t)
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader("SELECT 1;\n\n  SELECT nope;\n"), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	err := a.cmdSQL(context.Background(), []string{"--cases", dir, "--case", "t"})
	var se *statementError
	require.ErrorAs(t, err, &se)
	require.Equal(t, "stdin", se.Origin)
	require.Equal(t, 3, se.Line)
	require.NotNil(t, se.Err)
	require.Contains(t, errb.String(), "ERROR: "+se.Err.Error())
}

// TestSQLInteractiveShell drives `mast sql` in a real terminal under tmux.
func TestSQLInteractiveShell(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	dir := newTestCase(t)
	home := t.TempDir()
	session := "mastsql" + strings.ReplaceAll(filepath.Base(home), "-", "")
	// A private server socket, so the test neither sees nor disturbs the
	// user's tmux sessions.
	sock := filepath.Join(t.TempDir(), "tmux")
	tmux := func(args ...string) *exec.Cmd {
		return exec.Command("tmux", append([]string{"-S", sock}, args...)...)
	}
	require.NoError(t, tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "50",
		"env", "HOME="+home, "TERM=xterm", mastBin, "sql", "--cases", dir, "--case", "t").Run())
	t.Cleanup(func() { tmux("kill-server").Run() })

	// send types text literally (tmux would take a trailing ';' as its own
	// command separator), then presses Enter.
	send := func(text string) {
		t.Helper()
		if strings.HasSuffix(text, ";") {
			text = strings.TrimSuffix(text, ";") + `\;`
		}
		require.NoError(t, tmux("send-keys", "-t", session, "-l", text).Run())
		require.NoError(t, tmux("send-keys", "-t", session, "Enter").Run())
	}
	pane := func() string {
		out, _ := tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", session).Output()
		return string(out)
	}
	waitFor := func(want string, count int) string {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			if p := pane(); strings.Count(p, want) >= count {
				return p
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("the screen never showed %q %d times:\n%s", want, count, pane())
		return ""
	}

	waitFor("t=> ", 1)
	send("SELECT 6 * 7")
	waitFor("t-> ", 1)
	send("AS answer;")
	p := waitFor("(1 row)", 1)
	require.Contains(t, p, " answer\n--------\n     42\n(1 row)\n")

	send(`\d`)
	p = waitFor("source_summary", 1)
	require.Contains(t, p, "One row per communication event")

	send(`\d events`)
	waitFor("subject_msisdn", 1)

	send("SELECT * FROM no_such_table;")
	waitFor("ERROR: Catalog Error", 1)

	// Ctrl-C cancels a long statement; the shell goes on.
	send("SELECT count(*) FROM range(100000000) a, range(100000) b WHERE a.range * b.range % 7 = 3;")
	time.Sleep(500 * time.Millisecond)
	require.NoError(t, tmux("send-keys", "-t", session, "C-c").Run())
	waitFor("ERROR: statement cancelled", 1)
	send("SELECT 'still here' AS s;")
	waitFor("still here", 2)

	send(`\q`)
	deadline := time.Now().Add(10 * time.Second)
	for tmux("has-session", "-t", session).Run() == nil {
		require.True(t, time.Now().Before(deadline), "the shell did not quit:\n%s", pane())
		time.Sleep(50 * time.Millisecond)
	}
	hist, err := os.ReadFile(filepath.Join(home, ".mast_history"))
	require.NoError(t, err, "history was not saved")
	require.Contains(t, string(hist), "SELECT 6 * 7 AS answer;\n")
	require.Contains(t, string(hist), "\\d events\n")
}
