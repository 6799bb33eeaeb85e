package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/mastcdr/mast/sql/auth"
)

const userAbout = `
Manage who may connect to 'mast serve'. Users live in one file, by default
<cases dir>/mast-users.json (or --users FILE, or $MAST_USERS), mode 0600. It
holds each user's role, the cases granted and a salted SCRAM-SHA-256 verifier
(PostgreSQL's format) -- never a password. Changes take effect at the next
login, without restarting the server.

Roles: analyst (read-only SQL on the cases granted) and admin (may also change
them). A user opens only the cases granted ("*" grants all of them).

Passwords are never given on the command line: they are typed without echo
when stdin is a terminal, read as one line from stdin when it is not, or read
from the first line of --password-file FILE. At least 8 characters.

  user add NAME      add a user: --role analyst|admin, --grant CASE,CASE
  user passwd NAME   set a user's password
  user remove NAME   remove a user
  user list          list the users, roles and grants (no secrets)
  user grant NAME CASE...   grant cases
  user revoke NAME CASE...  revoke cases`

const minPasswordLen = 8

func (a *app) cmdUser(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprintf(a.stdout, "Usage: mast user add|passwd|remove|list|grant|revoke [flags]\n%s\n", userAbout)
		if len(args) == 0 {
			return fmt.Errorf("%w: which user command? (add, passwd, remove, list, grant, revoke)", errUsage)
		}
		return nil
	}
	switch args[0] {
	case "add":
		return a.userAdd(ctx, args[1:])
	case "passwd":
		return a.userPasswd(ctx, args[1:])
	case "remove":
		return a.userRemove(ctx, args[1:])
	case "list":
		return a.userList(ctx, args[1:])
	case "grant":
		return a.userGrant(ctx, args[1:], true)
	case "revoke":
		return a.userGrant(ctx, args[1:], false)
	}
	return fmt.Errorf("%w: unknown user command %q (add, passwd, remove, list, grant, revoke)", errUsage, args[0])
}

// userFlags makes a user command's flags, with --users; the returned
// function gives the users file once the flags are parsed.
func (a *app) userFlags(name, synopsis, about, examples string) (*flag.FlagSet, func() string) {
	fs, casesDir := a.newFlags(name, synopsis, about, examples)
	users := fs.String("users", "", "the users file (env MAST_USERS; default <cases dir>/"+auth.DefaultFileName+")")
	return fs, func() string {
		switch {
		case *users != "":
			return *users
		case a.getenv("MAST_USERS") != "":
			return a.getenv("MAST_USERS")
		}
		return filepath.Join(*casesDir, auth.DefaultFileName)
	}
}

// oneName checks that the positional arguments are one user name.
func oneUserName(pos []string, what string) (string, error) {
	if len(pos) != 1 {
		return "", fmt.Errorf("%w: %s takes one user name", errUsage, what)
	}
	return pos[0], nil
}

func (a *app) userAdd(_ context.Context, args []string) error {
	fs, usersFile := a.userFlags("user add", "NAME [--role analyst|admin] [--grant CASE,CASE|*] [--password-file FILE]",
		`Adds a user. The password is read without echo from the terminal, or as one
line from stdin, or from --password-file. An analyst needs --grant; an admin
is granted all cases ("*") unless --grant says otherwise.`,
		`  mast user add alice --role analyst --grant op-heron,op-kestrel
  mast user add root --role admin                      # all cases
  printf '%s\n' "$PW" | mast user add bob --grant op-heron   # from a script
  mast user add carol --grant op-heron --password-file /run/secrets/carol`)
	roleText := fs.String("role", "analyst", "analyst (read-only) or admin")
	grant := fs.String("grant", "", `cases granted, comma-separated, or "*" for all`)
	pwFile := fs.String("password-file", "", "read the password from the first line of FILE")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	name, err := oneUserName(pos, "user add")
	if err != nil {
		return err
	}
	if err := auth.ValidateUserName(name); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	role, err := auth.ParseRole(*roleText)
	if err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	cases := splitGrants(*grant)
	if len(cases) == 0 {
		if role != auth.Admin {
			return fmt.Errorf(`%w: --grant CASE,CASE is required for an analyst ("*" for all cases)`, errUsage)
		}
		cases = []string{auth.AllCases}
	}
	u := auth.User{Name: name, Role: role}
	if err := u.Grant(cases...); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	// Refuse a name that exists before asking for a password.
	path := usersFile()
	if f, err := auth.ReadFile(path); err != nil {
		return err
	} else if f.Find(name) >= 0 {
		return fmt.Errorf("%w: %s (change it with mast user passwd|grant|revoke)", auth.ErrUserExists, name)
	}
	pw, err := a.readPassword(*pwFile, fmt.Sprintf("Password for %s: ", name))
	if err != nil {
		return err
	}
	if u.Verifier, err = auth.NewVerifier(pw, auth.DefaultIterations); err != nil {
		return err
	}
	if err := auth.Update(path, func(f *auth.File) error { return f.Add(u, time.Now()) }); err != nil {
		return err
	}
	a.warnMissingCases(path, u.Cases)
	fmt.Fprintf(a.stdout, "added user %s (%s; cases %s) to %s\n", name, role, strings.Join(u.Cases, ","), path)
	return nil
}

func (a *app) userPasswd(_ context.Context, args []string) error {
	fs, usersFile := a.userFlags("user passwd", "NAME [--password-file FILE]",
		"Sets a user's password (a new salt and verifier). Sessions already open stay open.",
		`  mast user passwd alice
  printf '%s\n' "$PW" | mast user passwd alice`)
	pwFile := fs.String("password-file", "", "read the password from the first line of FILE")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	name, err := oneUserName(pos, "user passwd")
	if err != nil {
		return err
	}
	path := usersFile()
	if f, err := auth.ReadFile(path); err != nil {
		return err
	} else if f.Find(name) < 0 {
		return fmt.Errorf("%w: %s in %s", auth.ErrNoUser, name, path)
	}
	pw, err := a.readPassword(*pwFile, fmt.Sprintf("New password for %s: ", name))
	if err != nil {
		return err
	}
	v, err := auth.NewVerifier(pw, auth.DefaultIterations)
	if err != nil {
		return err
	}
	if err := auth.Update(path, func(f *auth.File) error {
		return f.Change(name, time.Now(), func(u *auth.User) error { u.Verifier = v; return nil })
	}); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "changed the password of %s\n", name)
	return nil
}

func (a *app) userRemove(_ context.Context, args []string) error {
	fs, usersFile := a.userFlags("user remove", "NAME",
		"Removes a user: they can no longer log in. Sessions already open stay open until they end.",
		"  mast user remove alice")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	name, err := oneUserName(pos, "user remove")
	if err != nil {
		return err
	}
	if err := auth.Update(usersFile(), func(f *auth.File) error { return f.Remove(name) }); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "removed user %s\n", name)
	return nil
}

func (a *app) userGrant(_ context.Context, args []string, grant bool) error {
	verb, about := "grant", "Grants cases to a user; \"*\" grants all of them."
	example := "  mast user grant alice op-osprey op-kestrel\n  mast user grant root '*'"
	if !grant {
		verb, about = "revoke", "Revokes cases from a user. A user granted \"*\" keeps every case until \"*\" is revoked."
		example = "  mast user revoke alice op-osprey\n  mast user revoke root '*'"
	}
	fs, usersFile := a.userFlags("user "+verb, "NAME CASE...", about, example)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return fmt.Errorf("%w: user %s takes a user name and one or more cases", errUsage, verb)
	}
	name, cases := pos[0], pos[1:]
	var after []string
	path := usersFile()
	if err := auth.Update(path, func(f *auth.File) error {
		return f.Change(name, time.Now(), func(u *auth.User) error {
			var err error
			if grant {
				err = u.Grant(cases...)
			} else {
				err = u.Revoke(cases...)
			}
			after = u.Cases
			return err
		})
	}); err != nil {
		return err
	}
	if grant {
		a.warnMissingCases(path, cases)
	}
	fmt.Fprintf(a.stdout, "%s now has cases: %s\n", name, grantsText(strings.Join(after, ",")))
	return nil
}

func (a *app) userList(_ context.Context, args []string) error {
	fs, usersFile := a.userFlags("user list", "[--json]", "Lists the users, their roles and grants. No secrets are shown.",
		"  mast user list\n  mast user list --users /etc/mast/users.json --json")
	asJSON := fs.Bool("json", false, "print as JSON")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	f, err := auth.ReadFile(usersFile())
	if err != nil {
		return err
	}
	type row struct {
		Name    string    `json:"name"`
		Role    string    `json:"role"`
		Cases   []string  `json:"cases"`
		Created time.Time `json:"created"`
		Changed time.Time `json:"changed"`
	}
	rows := make([]row, 0, len(f.Users))
	for _, u := range f.Users {
		rows = append(rows, row{u.Name, u.Role.String(), u.Cases, u.Created, u.Changed})
	}
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	t := &textTable{header: []string{"user", "role", "cases", "created", "changed"}}
	for _, r := range rows {
		t.add(r.Name, r.Role, grantsText(strings.Join(r.Cases, ",")), r.Created.Format(time.RFC3339), r.Changed.Format(time.RFC3339))
	}
	t.write(a.stdout)
	return nil
}

// warnMissingCases notes granted cases with no file next to the users file:
// a typo, or a case still to be created.
func (a *app) warnMissingCases(usersPath string, cases []string) {
	dir := filepath.Dir(usersPath)
	for _, c := range cases {
		if c == auth.AllCases {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, c+".duckdb")); errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(a.stderr, "note: no case %s in %s (yet)\n", c, dir)
		}
	}
}

// readPassword reads a password: from the first line of file, or typed
// without echo when stdin is a terminal (twice), or one line of stdin.
func (a *app) readPassword(file, prompt string) (string, error) {
	var pw string
	switch f, isFile := a.stdin.(*os.File); {
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("password file: %w", err)
		}
		pw, _, _ = strings.Cut(string(b), "\n")
	case isFile && term.IsTerminal(int(f.Fd())):
		fmt.Fprint(a.stderr, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(a.stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		fmt.Fprint(a.stderr, "Again: ")
		again, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(a.stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if string(again) != string(b) {
			return "", errors.New("the passwords differ")
		}
		pw = string(b)
	default:
		line, err := bufio.NewReader(a.stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", fmt.Errorf("read password from stdin: %w (pipe it in, or use --password-file)", err)
		}
		pw = line
	}
	pw = strings.TrimRight(pw, "\r\n")
	if utf8.RuneCountInString(pw) < minPasswordLen {
		return "", fmt.Errorf("%w: the password needs at least %d characters", errUsage, minPasswordLen)
	}
	return pw, nil
}

// splitGrants splits a comma-separated list, dropping empty items.
func splitGrants(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func grantsText(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
