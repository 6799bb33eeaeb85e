package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/sql/audit"
)

// writeAudit writes a small audit log, as mast serve would, and returns its
// path and head.
func writeAudit(t *testing.T, dir string) (string, audit.Head) {
	t.Helper()
	path := filepath.Join(dir, audit.DefaultFileName)
	l, err := audit.Open(path, audit.DefaultOptions())
	require.NoError(t, err)
	at := func(h int) time.Time { return time.Date(2025, 3, 1, h, 0, 0, 0, time.UTC) }
	for _, e := range []audit.Entry{
		{Time: at(9), Kind: audit.Login, Session: "7", User: "alice", Client: "10.0.0.7:5123", Application: "QGIS", Case: "op-heron", Outcome: audit.OK},
		{Time: at(9), Kind: audit.Statement, Session: "7", User: "alice", Client: "10.0.0.7:5123", Application: "QGIS", Case: "op-heron",
			Statement: "SELECT msisdn,\n  count(*) FROM events GROUP BY 1", Rows: 12, DurationMS: 3.5, Outcome: audit.OK},
		{Time: at(10), Kind: audit.Statement, Session: "7", User: "alice", Client: "10.0.0.7:5123", Application: "QGIS", Case: "op-heron",
			Statement: "DELETE FROM events", Outcome: audit.Refused, SQLState: "25006", Message: "cannot execute DELETE in a read-only transaction"},
		{Time: at(11), Kind: audit.LoginFailed, User: "mallory", Client: "10.0.0.9:4000", Case: "op-kestrel", Outcome: audit.Refused, SQLState: "28P01"},
		{Time: at(12), Kind: audit.Statement, Session: "8", User: "bob", Client: "10.0.0.8:6000", Application: "psql", Case: "op-kestrel",
			Statement: "SELECT 1", Rows: 1, DurationMS: 0.2, Outcome: audit.OK},
		{Time: at(13), Kind: audit.Disconnect, Session: "7", User: "alice", Client: "10.0.0.7:5123", Case: "op-heron", Outcome: audit.OK},
	} {
		_, err := l.Append(e)
		require.NoError(t, err)
	}
	require.NoError(t, l.Close())
	return path, l.Head()
}

func TestAuditVerifyAndHead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path, head := writeAudit(t, dir)
	stdout, stderr, code := sqlApp(t, "", "audit", "verify", "--cases", dir)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "intact: 6 entries, head "+head.String()+" (reaches its head file)")

	stdout, stderr, code = sqlApp(t, "", "audit", "head", "--audit", path)
	require.Equal(t, 0, code, stderr)
	require.Equal(t, head.String()+"\n", stdout)

	stdout, stderr, code = appWithEnv(t, map[string]string{"MAST_AUDIT": path}, "", "audit", "verify", "--head", head.String())
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "and 1 given head(s)")
}

func TestAuditVerifyDetectsTampering(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		edit     func(lines []string) []string
		dropHead bool   // remove the head file too, as a careful forger would
		giveHead bool   // pass the head recorded earlier with --head
		want     string // in stderr
	}{
		{name: "a field edited", edit: func(l []string) []string {
			l[1] = strings.Replace(l[1], `"rows":12`, `"rows":2`, 1)
			return l
		}, want: "line 2: edited"},
		{name: "a middle line deleted", edit: func(l []string) []string { return append(l[:2:2], l[3:]...) }, want: "line 3: missing"},
		{name: "two lines swapped", edit: func(l []string) []string { l[2], l[3] = l[3], l[2]; return l }, want: "line 3: missing"},
		{name: "truncated mid-line", edit: func(l []string) []string { l[5] = l[5][:40]; return l }, want: "line 6: truncated"},
		{name: "a forged line appended", edit: func(l []string) []string {
			return append(l, `{"seq":7,"time":"2025-03-01T14:00:00Z","kind":"login","user":"x","outcome":"ok","prev":"`+audit.Genesis+`","hash":"`+audit.Genesis+`"}`+"\n")
		}, want: "line 7: edited"},
		{name: "last lines cut, the head file remains", edit: func(l []string) []string { return l[:4] }, want: "line 5: ends before head"},
		{name: "last lines cut and the head file removed, the recorded head given", edit: func(l []string) []string { return l[:4] },
			dropHead: true, giveHead: true, want: "line 5: ends before head"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path, head := writeAudit(t, dir)
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			lines := strings.SplitAfter(string(b), "\n")
			require.NoError(t, os.WriteFile(path, []byte(strings.Join(tc.edit(lines[:len(lines)-1]), "")), 0o600))
			if tc.dropHead {
				require.NoError(t, os.Remove(audit.HeadPath(path)))
			}
			args := []string{"audit", "verify", "--audit", path}
			if tc.giveHead {
				headFile := filepath.Join(dir, "recorded-head.txt")
				require.NoError(t, os.WriteFile(headFile, []byte(head.String()+"\n"), 0o600))
				args = append(args, "--head", headFile)
			}
			stdout, stderr, code := sqlApp(t, "", args...)
			require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			require.Contains(t, stdout, "NOT intact")
			require.Contains(t, stderr, tc.want)
		})
	}
}

func TestAuditNewSegment(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path, _ := writeAudit(t, dir)
	stdout, stderr, code := sqlApp(t, "", "audit", "new-segment", "--audit", path)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "intact; nothing to do")

	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, b[:len(b)-10], 0o600)) // a torn last line
	_, err = audit.Open(path, audit.DefaultOptions())
	require.ErrorIs(t, err, audit.ErrBrokenTail, "the server refuses to chain onto it")

	stdout, stderr, code = sqlApp(t, "", "audit", "new-segment", "--audit", path)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "started a new segment (head 1:")
	asides, err := filepath.Glob(path + ".broken-*")
	require.NoError(t, err)
	require.Len(t, asides, 2, "the log and its head file, set aside") // FILE.broken-T and FILE.broken-T.head
	_, _, code = sqlApp(t, "", "audit", "verify", "--audit", path)
	require.Equal(t, 0, code)
	stdout, _, code = sqlApp(t, "", "audit", "show", "--audit", path)
	require.Equal(t, 0, code)
	require.Contains(t, stdout, "segment")
}

func TestAuditShowFilters(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path, _ := writeAudit(t, dir)
	seqs := func(args ...string) []int64 {
		t.Helper()
		stdout, stderr, code := sqlApp(t, "", append([]string{"audit", "show", "--audit", path, "--json"}, args...)...)
		require.Equal(t, 0, code, stderr)
		var got []int64
		for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
			if line == "" {
				continue
			}
			var e audit.Entry
			require.NoError(t, json.Unmarshal([]byte(line), &e))
			got = append(got, e.Seq)
		}
		return got
	}
	for _, tc := range []struct {
		name string
		args []string
		want []int64
	}{
		{name: "everything", want: []int64{1, 2, 3, 4, 5, 6}},
		{name: "user", args: []string{"--user", "alice"}, want: []int64{1, 2, 3, 6}},
		{name: "case", args: []string{"--case", "op-kestrel"}, want: []int64{4, 5}},
		{name: "since a time", args: []string{"--since", "2025-03-01T11:00"}, want: []int64{4, 5, 6}},
		{name: "until a time, exclusive", args: []string{"--until", "2025-03-01 10:00"}, want: []int64{1, 2}},
		{name: "a time with an offset", args: []string{"--since", "2025-03-01T12:00:00+01:00", "--until", "2025-03-01T12:00:00Z"}, want: []int64{4}},
		{name: "a day", args: []string{"--since", "2025-03-02"}},
		{name: "a duration back from now", args: []string{"--since", "24h"}},
		{name: "kind", args: []string{"--kind", "login_failed"}, want: []int64{4}},
		{name: "outcome", args: []string{"--outcome", "refused", "--user", "alice"}, want: []int64{3}},
		{name: "last", args: []string{"--kind", "statement", "--last", "2"}, want: []int64{3, 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.want, seqs(tc.args...))
		})
	}

	stdout, stderr, code := sqlApp(t, "", "audit", "show", "--audit", path, "--user", "alice")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "SELECT msisdn, count(*) FROM events GROUP BY 1", "a statement is shown on one line")
	require.Contains(t, stdout, "DELETE FROM events -- 25006 cannot execute DELETE")
	require.Contains(t, stdout, "2025-03-01 10:00:00.000")
	require.Contains(t, stderr, "4 entries")
	require.Contains(t, stdout, "login       ok\n", "a login has no rows or duration")

	for _, args := range [][]string{{"--since", "yesterday"}, {"--kind", "query"}, {"--outcome", "fine"}} {
		_, stderr, code := sqlApp(t, "", append([]string{"audit", "show", "--audit", path}, args...)...)
		require.Equal(t, 2, code, stderr)
	}
}
