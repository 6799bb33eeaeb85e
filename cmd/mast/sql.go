package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/peterh/liner"

	"github.com/mastcdr/mast/engine"
)

const sqlAbout = `
Runs SQL (DuckDB's dialect) over a case. With -c, runs the statements given
(several may be separated by ';') and prints each result; with --file, a
script; with input piped in, that script. Otherwise an interactive shell:
statements end with ';', history is kept in ~/.mast_history, Ctrl-C cancels
the running statement, \q or Ctrl-D quits, \? lists the shell's commands.

Start with: SELECT * FROM source_summary; then \d events for the columns.`

const sqlExamples = `  mast sql --case op-heron
  mast sql --case op-heron -c "SELECT kind, count(*) FROM events GROUP BY kind"
  mast sql --case op-heron --format csv -c "SELECT * FROM rejects" > rejects.csv
  echo "SELECT count(*) FROM cells;" | mast sql --case op-heron`

func (a *app) cmdSQL(ctx context.Context, args []string) error {
	fs, casesDir := a.newFlags("sql", "--case NAME [-c SQL | --file F] [--format table|csv|json|jsonl]", sqlAbout, sqlExamples)
	name := fs.String("case", "", "case to query (required)")
	command := fs.String("c", "", "SQL to run (statements separated by ';')")
	file := fs.String("file", "", "SQL script to run")
	format := fs.String("format", "table", "output: table, csv, json or jsonl")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	switch *format {
	case "table", "csv", "json", "jsonl":
	default:
		return fmt.Errorf("%w: --format %q: want table, csv, json or jsonl", errUsage, *format)
	}
	c, err := a.openCase(ctx, *casesDir, *name)
	if err != nil {
		return err
	}
	defer c.Close()
	sh := &shell{a: a, c: c, format: *format}
	switch {
	case *command != "":
		return sh.script(ctx, *command)
	case *file != "":
		b, err := os.ReadFile(*file)
		if err != nil {
			return err
		}
		return sh.script(ctx, string(b))
	}
	if isTerminalReader(a.stdin) {
		return sh.interactive(ctx)
	}
	b, err := io.ReadAll(a.stdin)
	if err != nil {
		return err
	}
	return sh.script(ctx, string(b))
}

// shell runs statements over one case.
type shell struct {
	a      *app
	c      *engine.Case
	format string
	timing bool
}

// errStatement marks a statement that failed (already printed).
var errStatement = errors.New("a statement failed")

func (sh *shell) script(ctx context.Context, src string) error {
	for _, stmt := range splitStatements(src) {
		if err := sh.run(ctx, stmt); err != nil {
			fmt.Fprintf(sh.a.stderr, "ERROR: %v\n", err)
			return errStatement
		}
	}
	return nil
}

// run executes one statement and prints its result.
func (sh *shell) run(ctx context.Context, stmt string) error {
	began := time.Now()
	rs, err := sh.c.DB().QueryContext(ctx, stmt)
	if err != nil {
		return err
	}
	defer rs.Close()
	cols, err := rs.Columns()
	if err != nil {
		return err
	}
	if len(cols) == 1 && cols[0] == "Count" && !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(stmt)), "SELECT") {
		// DuckDB answers DML with one "Count" column: print it as a command tag.
		var n int64
		if rs.Next() {
			if err := rs.Scan(&n); err != nil {
				return err
			}
		}
		fmt.Fprintf(sh.a.stdout, "OK, %d rows\n", n)
	} else if len(cols) == 0 {
		fmt.Fprintln(sh.a.stdout, "OK")
	} else if _, err := renderRows(sh.a.stdout, rs, sh.format); err != nil {
		return err
	}
	if sh.timing {
		fmt.Fprintf(sh.a.stdout, "Time: %.3f ms\n", float64(time.Since(began).Microseconds())/1000)
	}
	return rs.Err()
}

func (sh *shell) interactive(ctx context.Context) error {
	ln := liner.NewLiner()
	defer ln.Close()
	ln.SetCtrlCAborts(true)
	histPath := ""
	if home, err := os.UserHomeDir(); err == nil {
		histPath = filepath.Join(home, ".mast_history")
		if f, err := os.Open(histPath); err == nil {
			ln.ReadHistory(f)
			f.Close()
		}
	}
	defer func() {
		if histPath == "" {
			return
		}
		if f, err := os.Create(histPath); err == nil {
			ln.WriteHistory(f)
			f.Close()
		}
	}()
	name := sh.c.Settings().Name
	fmt.Fprintf(sh.a.stdout, "mast %s — case %s. End statements with ';'. \\? for help, \\q to quit.\n", engine.Version, name)
	var buf strings.Builder
	for {
		prompt := name + "=> "
		if buf.Len() > 0 {
			prompt = name + "-> "
		}
		line, err := ln.Prompt(prompt)
		if errors.Is(err, liner.ErrPromptAborted) {
			buf.Reset()
			continue
		}
		if err != nil { // io.EOF: Ctrl-D
			fmt.Fprintln(sh.a.stdout)
			return nil
		}
		trimmed := strings.TrimSpace(line)
		if buf.Len() == 0 && strings.HasPrefix(trimmed, `\`) {
			ln.AppendHistory(trimmed)
			if quit := sh.backslash(ctx, trimmed); quit {
				return nil
			}
			continue
		}
		buf.WriteString(line)
		buf.WriteByte('\n')
		stmts, rest := completeStatements(buf.String())
		if len(stmts) == 0 {
			continue
		}
		ln.AppendHistory(strings.TrimSpace(buf.String()))
		buf.Reset()
		if strings.TrimSpace(rest) != "" {
			buf.WriteString(rest)
		}
		for _, s := range stmts {
			sh.runCancellable(ctx, s)
		}
	}
}

// runCancellable runs a statement that Ctrl-C cancels without leaving the shell.
func (sh *shell) runCancellable(ctx context.Context, stmt string) {
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
	if err := sh.run(qctx, stmt); err != nil {
		if qctx.Err() != nil && ctx.Err() == nil {
			fmt.Fprintln(sh.a.stderr, "cancelled")
			return
		}
		fmt.Fprintf(sh.a.stderr, "ERROR: %v\n", err)
	}
}

// backslash runs a shell command; it returns true to quit.
func (sh *shell) backslash(ctx context.Context, cmd string) bool {
	fields := strings.Fields(cmd)
	switch fields[0] {
	case `\q`:
		return true
	case `\?`, `\h`:
		fmt.Fprint(sh.a.stdout, `  \d          list tables and views
  \d NAME     describe a table or view: columns, types, meanings
  \timing     toggle printing each statement's time
  \q          quit
`)
	case `\timing`:
		sh.timing = !sh.timing
		fmt.Fprintf(sh.a.stdout, "Timing is %v.\n", map[bool]string{true: "on", false: "off"}[sh.timing])
	case `\d`:
		docs, err := sh.c.Describe(ctx)
		if err != nil {
			fmt.Fprintf(sh.a.stderr, "ERROR: %v\n", err)
			return false
		}
		if len(fields) == 1 {
			t := &textTable{header: []string{"name", "kind", "description"}}
			for _, d := range docs {
				t.add(d.Name, d.Kind, d.Comment)
			}
			t.write(sh.a.stdout)
			return false
		}
		for _, d := range docs {
			if strings.EqualFold(d.Name, fields[1]) {
				fmt.Fprintf(sh.a.stdout, "%s %q: %s\n", d.Kind, d.Name, d.Comment)
				t := &textTable{header: []string{"column", "type", "meaning"}}
				for _, c := range d.Columns {
					t.add(c.Name, c.Type, c.Comment)
				}
				t.write(sh.a.stdout)
				return false
			}
		}
		fmt.Fprintf(sh.a.stderr, "no table or view named %q\n", fields[1])
	default:
		fmt.Fprintf(sh.a.stderr, "unknown command %s; \\? lists them\n", fields[0])
	}
	return false
}

// splitStatements splits a script on ';' outside quotes and comments,
// dropping empty statements.
func splitStatements(src string) []string {
	stmts, rest := completeStatements(src)
	if s := trimLeadingComments(rest); strings.TrimSpace(stripComments(s)) != "" {
		stmts = append(stmts, s)
	}
	return stmts
}

// completeStatements returns the statements of src ended by ';', and what
// follows the last one.
func completeStatements(src string) ([]string, string) {
	var out []string
	start := 0
	var quote byte
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '-' && i+1 < len(src) && src[i+1] == '-':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == ';':
			if s := trimLeadingComments(src[start:i]); s != "" {
				out = append(out, s)
			}
			start = i + 1
		}
	}
	return out, src[start:]
}

// trimLeadingComments drops blank and comment lines before a statement.
func trimLeadingComments(s string) string {
	s = strings.TrimSpace(s)
	for strings.HasPrefix(s, "--") {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return ""
		}
		s = strings.TrimSpace(s[i+1:])
	}
	return s
}

func stripComments(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if i := strings.Index(line, "--"); i >= 0 {
			line = line[:i]
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}
