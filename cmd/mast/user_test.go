package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xdg-go/scram"

	"github.com/mastcdr/mast/sql/auth"
)

// canLogIn runs a SCRAM-SHA-256 login against the users file, as mast serve does.
func canLogIn(t *testing.T, usersFile, user, password string) bool {
	t.Helper()
	store, err := auth.Open(usersFile, auth.DefaultOptions())
	require.NoError(t, err)
	client, err := scram.SHA256.NewClient("", password, "")
	require.NoError(t, err)
	cc, conv := client.NewConversation(), store.NewConversation(user)
	msg, err := cc.Step("")
	require.NoError(t, err)
	out, err := conv.Step([]byte(msg))
	if err != nil {
		return false
	}
	msg, err = cc.Step(string(out))
	require.NoError(t, err)
	if _, err := conv.Step([]byte(msg)); err != nil {
		return false
	}
	_, ok := conv.User()
	return ok
}

func TestUserCommands(t *testing.T) {
	t.Parallel()
	cases := t.TempDir()
	users := filepath.Join(cases, auth.DefaultFileName)
	require.NoError(t, os.WriteFile(filepath.Join(cases, "op-heron.duckdb"), nil, 0o600))
	run := func(stdin string, args ...string) (string, string, int) {
		return sqlApp(t, stdin, append(args, "--cases", cases)...)
	}

	for _, tc := range []struct {
		name    string
		stdin   string
		args    []string
		code    int
		stdout  string
		stderr  string
		loginAs [2]string // user, password that must now log in
		refused [2]string // user, password that must not
	}{
		{name: "add an analyst, password piped on stdin", stdin: "correct horse battery\n",
			args:   []string{"user", "add", "alice", "--role", "analyst", "--grant", "op-heron,op-kestrel"},
			stdout: "added user alice (analyst; cases op-heron,op-kestrel)", stderr: "note: no case op-kestrel",
			loginAs: [2]string{"alice", "correct horse battery"}, refused: [2]string{"alice", "correct horse"}},
		{name: "add an admin, all cases by default", stdin: "root-password\r\n",
			args: []string{"user", "add", "root", "--role", "admin"}, stdout: "added user root (admin; cases *)",
			loginAs: [2]string{"root", "root-password"}},
		{name: "an analyst needs grants", stdin: "password1\n", args: []string{"user", "add", "bob"}, code: 2, stderr: "--grant"},
		{name: "a name twice", stdin: "password1\n", args: []string{"user", "add", "alice", "--grant", "x"}, code: 1, stderr: "already exists"},
		{name: "an upper-case name", stdin: "password1\n", args: []string{"user", "add", "Bob", "--grant", "x"}, code: 2, stderr: "lower-case"},
		{name: "a bad role", stdin: "password1\n", args: []string{"user", "add", "bob", "--role", "root", "--grant", "x"}, code: 2, stderr: "analyst or admin"},
		{name: "a bad case name", stdin: "password1\n", args: []string{"user", "add", "bob", "--grant", "../etc"}, code: 2, stderr: "case name"},
		{name: "a short password", stdin: "short\n", args: []string{"user", "add", "bob", "--grant", "x"}, code: 2, stderr: "at least 8"},
		{name: "no password at all", args: []string{"user", "add", "bob", "--grant", "x"}, code: 1, stderr: "read password from stdin"},
		{name: "passwd", stdin: "a new password\n", args: []string{"user", "passwd", "alice"}, stdout: "changed the password of alice",
			loginAs: [2]string{"alice", "a new password"}, refused: [2]string{"alice", "correct horse battery"}},
		{name: "passwd of nobody", stdin: "a new password\n", args: []string{"user", "passwd", "nobody"}, code: 1, stderr: "no such user"},
		{name: "grant", args: []string{"user", "grant", "alice", "op-osprey"}, stdout: "alice now has cases: op-heron,op-kestrel,op-osprey"},
		{name: "revoke", args: []string{"user", "revoke", "alice", "op-kestrel", "op-osprey"}, stdout: "alice now has cases: op-heron"},
		{name: "revoke what is not granted", args: []string{"user", "revoke", "alice", "op-osprey"}, code: 1, stderr: "no grant on case op-osprey"},
		{name: "remove", args: []string{"user", "remove", "root"}, stdout: "removed user root", refused: [2]string{"root", "root-password"}},
		{name: "remove nobody", args: []string{"user", "remove", "root"}, code: 1, stderr: "no such user"},
		{name: "list", args: []string{"user", "list"}, stdout: "alice  analyst  op-heron"},
		{name: "unknown subcommand", args: []string{"user", "delete", "alice"}, code: 2, stderr: "unknown user command"},
		{name: "help teaches", args: []string{"user", "add", "--help"}, stdout: "Examples:\n  mast user add alice --role analyst --grant op-heron,op-kestrel"},
	} {
		// The steps build on each other: not parallel.
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := run(tc.stdin, tc.args...)
			require.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			require.Contains(t, stdout, tc.stdout)
			require.Contains(t, stderr, tc.stderr)
			if tc.loginAs[0] != "" {
				require.True(t, canLogIn(t, users, tc.loginAs[0], tc.loginAs[1]))
			}
			if tc.refused[0] != "" {
				require.False(t, canLogIn(t, users, tc.refused[0], tc.refused[1]))
			}
		})
	}

	b, err := os.ReadFile(users)
	require.NoError(t, err)
	for _, pw := range []string{"correct horse battery", "a new password", "root-password"} {
		require.NotContains(t, string(b), pw, "a password reached the users file")
	}
	st, err := os.Stat(users)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	stdout, _, code := run("", "user", "list", "--json")
	require.Equal(t, 0, code)
	require.NotContains(t, stdout, "SCRAM")
	var listed []map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &listed))
	require.Len(t, listed, 1)
	require.Equal(t, "alice", listed[0]["name"])
}

func TestUserFileFromFlagEnvAndPasswordFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pwFile := filepath.Join(dir, "pw")
	require.NoError(t, os.WriteFile(pwFile, []byte("from-a-file\nignored second line\n"), 0o600))
	byFlag := filepath.Join(dir, "flag", "users.json")
	_, stderr, code := sqlApp(t, "", "user", "add", "carol", "--grant", "c1", "--users", byFlag, "--password-file", pwFile)
	require.Equal(t, 0, code, stderr)
	require.True(t, canLogIn(t, byFlag, "carol", "from-a-file"))

	byEnv := filepath.Join(dir, "env-users.json")
	_, stderr, code = appWithEnv(t, map[string]string{"MAST_USERS": byEnv}, "env-password\n", "user", "add", "dave", "--grant", "c1")
	require.Equal(t, 0, code, stderr)
	require.True(t, canLogIn(t, byEnv, "dave", "env-password"))
}

// appWithEnv runs mast in-process with an environment and stdin.
func appWithEnv(t *testing.T, env map[string]string, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(k string) string { return env[k] }}
	code = a.run(t.Context(), args)
	return out.String(), errb.String(), code
}
