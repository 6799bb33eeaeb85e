package main

import (
	"context"
	gosql "database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/peterh/liner"
	"golang.org/x/term"

	"github.com/mastcdr/mast/engine"
)

const sqlAbout = `
Runs SQL (DuckDB's dialect) over a case. With -c, runs the statements given
(several may be separated by ';'; -c may be repeated) and prints each
result; with --file, a script; with a script piped in, that script. These
stop at the first statement that fails, print ERROR: and the reason, and
exit with status 1.

Otherwise an interactive shell: statements end with ';' and may span lines,
history is kept in ~/.mast_history, Ctrl-C cancels the running statement,
\q or Ctrl-D quits, \d lists the tables and views, \d NAME describes one,
\timing shows how long statements take, \? lists the shell's commands.
Scripts may use the same commands, one a line.

Start with: SELECT * FROM source_summary; then \d events for the columns.`

const sqlExamples = `  mast sql --case op-heron
  mast sql --case op-heron -c "SELECT kind, count(*) FROM events GROUP BY kind"
  mast sql --case op-heron --format csv -c "SELECT * FROM rejects" > rejects.csv
  mast sql --case op-heron --format jsonl --file queries.sql
  echo "SELECT count(*) FROM cells;" | mast sql --case op-heron`

func (a *app) cmdSQL(ctx context.Context, args []string) error {
	fs, casesDir := a.newFlags("sql", "--case NAME [-c SQL | --file F] [--format table|csv|json|jsonl]", sqlAbout, sqlExamples)
	name := fs.String("case", "", "case to query (required)")
	var commands repeated
	fs.Var(&commands, "c", "SQL to run; several statements may be separated by ';', and -c may be given several times (run in order)")
	file := fs.String("file", "", "SQL script to run ('-' for standard input)")
	format := fs.String("format", formatTable, "output: table, csv, json (one array) or jsonl (one object a line)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	commandSet := len(commands) > 0
	switch {
	case len(pos) > 0:
		return fmt.Errorf("%w: unexpected argument %q (pass SQL with -c)", errUsage, pos[0])
	case !validFormat(*format):
		return fmt.Errorf("%w: --format %q: want table, csv, json or jsonl", errUsage, *format)
	case commandSet && *file != "":
		return fmt.Errorf("%w: give -c or --file, not both", errUsage)
	}

	c, err := a.openCase(ctx, *casesDir, *name)
	if err != nil {
		return err
	}
	defer c.Close()
	// One connection for the whole session: temporary tables, SET and
	// transactions belong to a connection.
	conn, err := c.DB().Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect to case: %w", err)
	}
	defer conn.Close()
	sh := &shell{conn: conn, out: a.stdout, errOut: a.stderr, format: *format}

	switch {
	case commandSet:
		for i, cmd := range commands {
			name := "-c"
			if len(commands) > 1 {
				name = fmt.Sprintf("-c #%d", i+1)
			}
			if err := sh.script(ctx, name, cmd); err != nil {
				return err
			}
		}
		return nil
	case *file != "" && *file != "-":
		src, err := os.ReadFile(*file)
		if err != nil {
			return err
		}
		return sh.script(ctx, *file, string(src))
	case *file == "":
		if f, ok := a.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			return sh.interactive(ctx, c, a.historyPath())
		}
	}
	src, err := io.ReadAll(a.stdin)
	if err != nil {
		return fmt.Errorf("read script: %w", err)
	}
	return sh.script(ctx, "stdin", string(src))
}

// repeated is a flag that may be given several times; each value is kept,
// in order.
type repeated []string

func (r *repeated) String() string { return strings.Join(*r, "; ") }

func (r *repeated) Set(v string) error {
	*r = append(*r, v)
	return nil
}

// historyPath is where the interactive shell keeps its history.
func (a *app) historyPath() string {
	home := a.getenv("HOME")
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return ""
		}
	}
	return filepath.Join(home, ".mast_history")
}

// shell runs statements and shell commands on one connection to a case and
// prints what they return.
type shell struct {
	conn   *gosql.Conn
	out    io.Writer // results
	errOut io.Writer // errors; notes when the results are data
	format string
	timing bool

	tty     bool // a person at a terminal: a blank line after each table
	printed bool // something was printed: a blank line before the next table
}

// statementError is a failed statement of a script, already printed with
// its reason; Err is that reason.
type statementError struct {
	Origin string // "-c", "stdin" or the script's path
	Line   int
	Err    error
}

func (e *statementError) Error() string {
	return fmt.Sprintf("%s, line %d: statement failed", e.Origin, e.Line)
}

func (e *statementError) Unwrap() error { return e.Err }

// script runs the statements and commands of src in order, stopping at the
// first that fails.
func (sh *shell) script(ctx context.Context, origin, src string) error {
	pieces, _ := splitScript(src, true)
	for _, p := range pieces {
		var err error
		quit := false
		if p.meta {
			quit, err = sh.meta(ctx, p.text)
		} else {
			err = sh.exec(ctx, p.text)
		}
		if err != nil {
			sh.printError(err)
			return &statementError{Origin: origin, Line: p.line, Err: err}
		}
		if quit {
			return nil
		}
	}
	return nil
}

func (sh *shell) printError(err error) {
	msg := err.Error()
	if errors.Is(err, context.Canceled) {
		msg = "statement cancelled"
	}
	fmt.Fprintf(sh.errOut, "ERROR: %s\n", strings.TrimRight(msg, "\n"))
}

// exec runs one statement and prints its result, or its command tag when
// it returns no result set of its own.
func (sh *shell) exec(ctx context.Context, stmt string) error {
	began := time.Now()
	rs, err := sh.conn.QueryContext(ctx, stmt)
	if err != nil {
		return err
	}
	defer rs.Close()
	tag, isCommand, err := commandTag(stmt, rs)
	if err != nil {
		return err
	}
	if isCommand {
		fmt.Fprintln(sh.notes(), tag)
		sh.printed = true
	} else if err := sh.show(rs, sh.format, tableOptions{cut: cellWidth}); err != nil {
		return err
	}
	if err := rs.Close(); err != nil {
		return err
	}
	if sh.timing {
		fmt.Fprintf(sh.notes(), "Time: %.3f ms\n", float64(time.Since(began).Microseconds())/1000)
	}
	return nil
}

// notes is where command tags and timings go: with the results in a
// table, apart from them when the results are data (CSV, JSON), to keep
// those parseable.
func (sh *shell) notes() io.Writer {
	if sh.format == formatTable {
		return sh.out
	}
	return sh.errOut
}

// show prints a result set. Tables are spaced apart: in a script by a
// blank line between them, at a terminal by one after each.
func (sh *shell) show(rs *gosql.Rows, format string, opts tableOptions) error {
	table := format == formatTable
	if table && sh.printed && !sh.tty {
		fmt.Fprintln(sh.out)
	}
	sh.printed = true
	if _, err := render(sh.out, rs, format, opts); err != nil {
		return err
	}
	if table && sh.tty {
		fmt.Fprintln(sh.out)
	}
	return nil
}

// commandTag decides whether a statement's result is only DuckDB's report
// on a command: DDL answers one "Count" column and no row, DML one "Count"
// row, SET and the like one "Success" column. Then the tag is "OK", or
// "INSERT 3" and the like.
func commandTag(stmt string, rs *gosql.Rows) (string, bool, error) {
	word := firstWord(stmt)
	switch word {
	case "SELECT", "WITH", "FROM", "VALUES", "TABLE", "SHOW", "DESCRIBE", "DESC", "SUMMARIZE",
		"EXPLAIN", "PIVOT", "UNPIVOT", "(":
		return "", false, nil
	}
	cols, err := rs.Columns()
	if err != nil {
		return "", false, err
	}
	if len(cols) != 1 || (cols[0] != "Count" && cols[0] != "Success") {
		return "", false, nil // e.g. INSERT … RETURNING, CALL
	}
	if !rs.Next() {
		return "OK", true, rs.Err()
	}
	var v any
	if err := rs.Scan(&v); err != nil {
		return "", false, err
	}
	n, ok := v.(int64)
	switch {
	case !ok:
		return "OK", true, nil
	case word == "INSERT" || word == "UPDATE" || word == "DELETE" || word == "MERGE" || word == "COPY":
		return fmt.Sprintf("%s %d", word, n), true, nil
	case n == 1:
		return "OK, 1 row", true, nil
	}
	return fmt.Sprintf("OK, %d rows", n), true, nil
}

// firstWord is a statement's first keyword, upper case, past comments; or
// "(" for a parenthesised query.
func firstWord(stmt string) string {
	s := stmt
	for {
		s = strings.TrimLeft(s, " \t\r\n\f")
		switch {
		case strings.HasPrefix(s, "--"):
			i := strings.IndexByte(s, '\n')
			if i < 0 {
				return ""
			}
			s = s[i:]
		case strings.HasPrefix(s, "/*"):
			i := strings.Index(s, "*/")
			if i < 0 {
				return ""
			}
			s = s[i+2:]
		case strings.HasPrefix(s, "("):
			return "("
		default:
			end := strings.IndexFunc(s, func(r rune) bool { return !isIdentRune(r) })
			if end < 0 {
				end = len(s)
			}
			return strings.ToUpper(s[:end])
		}
	}
}

func isIdentRune(r rune) bool {
	return r == '_' || r >= 0x80 || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
}

// ---- The interactive shell ----

func (sh *shell) interactive(ctx context.Context, c *engine.Case, histPath string) error {
	sh.tty = true
	// main's context ends at the first Ctrl-C, but here Ctrl-C cancels only
	// the running statement; the shell's own context ends with the shell,
	// or on SIGTERM or SIGHUP.
	ctx, quit := context.WithCancel(context.WithoutCancel(ctx))
	defer quit()

	ln := liner.NewLiner()
	defer ln.Close()
	ln.SetCtrlCAborts(true)
	ln.SetMultiLineMode(true)
	if histPath != "" {
		if f, err := os.Open(histPath); err == nil {
			ln.ReadHistory(f)
			f.Close()
		}
	}
	saveHistory := func() {
		if histPath == "" {
			return
		}
		if f, err := os.OpenFile(histPath, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600); err == nil {
			ln.WriteHistory(f) // a history that cannot be written is no reason to fail
			f.Close()
		}
	}
	defer saveHistory()

	// busy is held while a statement runs. A termination signal cancels the
	// statement, waits for it, then leaves: the prompt cannot be woken, so
	// the terminal is restored and the case closed here.
	var busy sync.Mutex
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(stop)
	done := make(chan struct{})
	go func() {
		var s os.Signal
		select {
		case s = <-stop:
		case <-done:
			return
		}
		quit()
		busy.Lock()
		ln.Close()
		saveHistory()
		sh.conn.Close()
		c.Close()
		code := 1
		if n, ok := s.(syscall.Signal); ok {
			code = 128 + int(n)
		}
		os.Exit(code)
	}()
	defer func() {
		busy.Lock() // the signal handler, once started, finishes alone
		close(done)
	}()

	name := c.Settings().Name
	fmt.Fprintf(sh.out, "mast %s — case %s. End statements with ';'. \\? for help, \\q to quit.\n", engine.Version, name)
	pending := ""
	for {
		prompt := name + "=> "
		if pending != "" {
			prompt = name + "-> "
		}
		line, err := ln.Prompt(prompt)
		switch {
		case errors.Is(err, liner.ErrPromptAborted): // Ctrl-C: drop the unfinished statement
			pending = ""
			continue
		case errors.Is(err, io.EOF): // Ctrl-D
			fmt.Fprintln(sh.out)
			return nil
		case err != nil:
			return fmt.Errorf("read input: %w", err)
		}
		if w := strings.TrimSpace(line); pending == "" && (w == "quit" || w == "exit") {
			return nil
		}
		pieces, rest := splitScript(pending+line+"\n", false)
		pending = rest
		for _, p := range pieces {
			addHistory(ln, p)
			if p.meta {
				quit, err := sh.meta(ctx, p.text)
				if err != nil {
					sh.printError(err)
				}
				if quit {
					return nil
				}
				continue
			}
			busy.Lock()
			err := sh.execCancellable(ctx, p.text)
			busy.Unlock()
			if err != nil {
				sh.printError(err)
			}
		}
	}
}

// addHistory remembers a statement as one history line when it can be
// recalled as one (no "--" comment would swallow the rest), else line by
// line.
func addHistory(ln *liner.State, p piece) {
	text := p.text
	if !p.meta {
		text += ";"
	}
	if !strings.Contains(text, "\n") {
		ln.AppendHistory(text)
		return
	}
	if !strings.Contains(text, "--") {
		ln.AppendHistory(strings.Join(strings.Fields(text), " "))
		return
	}
	for line := range strings.SplitSeq(text, "\n") {
		if strings.TrimSpace(line) != "" {
			ln.AppendHistory(line)
		}
	}
}

// execCancellable runs a statement that Ctrl-C cancels; duckdb-go
// interrupts the query when its context ends.
func (sh *shell) execCancellable(ctx context.Context, stmt string) error {
	qctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	go func() {
		select {
		case <-sig:
			cancel()
		case <-qctx.Done():
		}
	}()
	return sh.exec(qctx, stmt)
}

// ---- Shell commands ----

const shellHelp = `  \d          list the tables and views
  \d NAME     describe a table or view: its columns, their types and meanings
  \timing     turn on or off printing how long each statement took
  \?          this list
  \q          quit (so does Ctrl-D; Ctrl-C cancels a running statement)
`

// meta runs a backslash command; quit is true for \q.
func (sh *shell) meta(ctx context.Context, cmd string) (quit bool, err error) {
	fields := strings.Fields(strings.TrimRight(cmd, "; \t"))
	if len(fields) == 0 {
		return false, nil
	}
	switch fields[0] {
	case `\q`:
		return true, nil
	case `\?`, `\h`, `\help`:
		fmt.Fprint(sh.out, shellHelp)
		return false, nil
	case `\timing`:
		switch {
		case len(fields) > 1 && fields[1] == "on":
			sh.timing = true
		case len(fields) > 1 && fields[1] == "off":
			sh.timing = false
		default:
			sh.timing = !sh.timing
		}
		fmt.Fprintf(sh.out, "Timing is %s.\n", map[bool]string{true: "on", false: "off"}[sh.timing])
		return false, nil
	case `\d`, `\dt`, `\dv`, `\d+`:
		if len(fields) == 1 {
			return false, sh.listRelations(ctx)
		}
		return false, sh.describe(ctx, strings.Join(fields[1:], " "))
	}
	return false, fmt.Errorf("unknown command %s; \\? lists the commands", fields[0])
}

// relations are the tables and views a person made or mast did: not
// DuckDB's internal ones, nor temporary ones.
const relations = `
	SELECT database_name AS db, schema_name AS schema, table_name AS name, 'table' AS kind,
	       estimated_size AS est_rows, comment, 0 AS ord
	FROM duckdb_tables() WHERE NOT internal AND NOT temporary
	UNION ALL
	SELECT database_name, schema_name, view_name, 'view', NULL, comment, 1
	FROM duckdb_views() WHERE NOT internal AND NOT temporary`

// qualified names a relation as the user would: schema only when not the
// current one.
const qualified = `CASE WHEN db <> current_database() THEN db || '.' || schema || '.'
	WHEN schema <> current_schema() THEN schema || '.' ELSE '' END || name`

func (sh *shell) listRelations(ctx context.Context) error {
	rs, err := sh.conn.QueryContext(ctx, `SELECT `+qualified+` AS name, kind, est_rows, comment AS description
		FROM (`+relations+`) ORDER BY ord, db <> current_database(), schema <> current_schema(), 1`)
	if err != nil {
		return fmt.Errorf("list tables: %w", err)
	}
	defer rs.Close()
	return sh.show(rs, formatTable, tableOptions{cut: cellWidth, wrap: true})
}

// describe prints a table's or view's comment and columns.
func (sh *shell) describe(ctx context.Context, name string) error {
	// NAME, schema.NAME or db.schema.NAME; unquoted names match any case.
	parts := strings.Split(name, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(p, `"`)
	}
	for len(parts) < 3 {
		parts = append([]string{""}, parts...)
	}
	var db, schema, rel, kind, comment string
	err := sh.conn.QueryRowContext(ctx, `SELECT db, schema, name, kind, coalesce(comment, '') FROM (`+relations+`)
		WHERE lower(name) = lower($3) AND ($2 = '' OR lower(schema) = lower($2)) AND ($1 = '' OR lower(db) = lower($1))
		ORDER BY db <> current_database(), schema <> current_schema(), ord LIMIT 1`,
		parts[0], parts[1], parts[2]).Scan(&db, &schema, &rel, &kind, &comment)
	if errors.Is(err, gosql.ErrNoRows) {
		return fmt.Errorf("no table or view named %q; \\d lists them", name)
	}
	if err != nil {
		return fmt.Errorf("describe %s: %w", name, err)
	}
	if sh.printed && !sh.tty {
		fmt.Fprintln(sh.out)
	}
	fmt.Fprintf(sh.out, "%s%s %s.%s\n", strings.ToUpper(kind[:1]), kind[1:], schema, rel)
	if comment != "" {
		for _, line := range wrapText(comment, 78) {
			fmt.Fprintln(sh.out, line)
		}
	}
	fmt.Fprintln(sh.out)
	sh.printed = false // the blank line is written
	rs, err := sh.conn.QueryContext(ctx, `SELECT column_name AS column, data_type AS type,
		       CASE WHEN is_nullable THEN '' ELSE 'not null' END AS nullable, comment AS description
		FROM duckdb_columns() WHERE database_name = $1 AND schema_name = $2 AND table_name = $3
		ORDER BY column_index`, db, schema, rel)
	if err != nil {
		return fmt.Errorf("describe %s: %w", name, err)
	}
	defer rs.Close()
	return sh.show(rs, formatTable, tableOptions{cut: cellWidth, wrap: true})
}

// ---- Splitting scripts ----

// piece is one statement of a script, or one shell command.
type piece struct {
	text string
	line int  // where it starts, from 1
	meta bool // a backslash command: a line beginning with '\' between statements
}

// splitScript cuts src into statements, each ended by ';' outside quoted
// strings and identifiers, dollar-quoted strings and comments, and into
// shell commands. It returns the complete pieces and the unfinished text
// after them ("" if there is none but blanks and comments). When final, the
// unfinished text is a last piece, so that a script's last statement needs
// no ';'.
func splitScript(src string, final bool) (pieces []piece, rest string) {
	line := 1
	start := 0     // where the text not yet cut begins
	first := -1    // where the current statement's first token begins; -1 before it
	firstLine := 0 // its line
	unterminated := func() ([]piece, string) {
		if final {
			if first >= 0 {
				pieces = append(pieces, piece{text: strings.TrimSpace(src[first:]), line: firstLine})
			}
			return pieces, ""
		}
		return pieces, src[start:]
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		var next byte
		if i+1 < len(src) {
			next = src[i+1]
		}
		if first < 0 {
			switch {
			case c == '\n':
				line++
				continue
			case c == ' ' || c == '\t' || c == '\r' || c == '\f':
				continue
			case c == ';': // an empty statement
				start = i + 1
				continue
			case c == '\\':
				end := strings.IndexByte(src[i:], '\n')
				if end < 0 {
					if !final {
						return pieces, src[start:]
					}
					end = len(src) - i
				}
				pieces = append(pieces, piece{text: strings.TrimSpace(src[i : i+end]), line: line, meta: true})
				i += end - 1 // the '\n' is counted next
				start = i + 1
				continue
			case c == '-' && next == '-', c == '/' && next == '*':
			default:
				first, firstLine = i, line
			}
		}
		switch {
		case c == '\n':
			line++
		case c == '-' && next == '-':
			end := strings.IndexByte(src[i:], '\n')
			if end < 0 {
				if first < 0 {
					return pieces, "" // only a comment is left
				}
				return unterminated()
			}
			i += end - 1
		case c == '/' && next == '*':
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return unterminated()
			}
			line += strings.Count(src[i:i+2+end], "\n")
			i += 2 + end + 1
		case c == '\'' || c == '"':
			// E'…' strings escape with backslashes.
			escapes := c == '\'' && i > 0 && (src[i-1] == 'e' || src[i-1] == 'E') && (i < 2 || !isIdentByte(src[i-2]))
			j := i + 1
			for ; j < len(src) && src[j] != c; j++ {
				if escapes && src[j] == '\\' {
					j++
				}
			}
			if j >= len(src) {
				return unterminated()
			}
			line += strings.Count(src[i:j], "\n")
			i = j
		case c == '$':
			tag := dollarTag(src, i)
			if tag == "" {
				break
			}
			end := strings.Index(src[i+len(tag):], tag)
			if end < 0 {
				return unterminated()
			}
			line += strings.Count(src[i:i+len(tag)+end], "\n")
			i += len(tag) + end + len(tag) - 1
		case c == ';':
			pieces = append(pieces, piece{text: strings.TrimSpace(src[first:i]), line: firstLine})
			start, first = i+1, -1
		}
	}
	if first < 0 {
		return pieces, ""
	}
	return unterminated()
}

// dollarTag returns the opening "$tag$" of a dollar-quoted string at src[i],
// or "" ($1 is a parameter, not a tag).
func dollarTag(src string, i int) string {
	if i > 0 && (isIdentByte(src[i-1]) || src[i-1] == '$') {
		return ""
	}
	j := i + 1
	for j < len(src) && isIdentByte(src[j]) {
		j++
	}
	if j >= len(src) || src[j] != '$' || (j > i+1 && '0' <= src[i+1] && src[i+1] <= '9') {
		return ""
	}
	return src[i : j+1]
}

func isIdentByte(c byte) bool {
	return isIdentRune(rune(c))
}
