package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mastcdr/mast/sql/audit"
)

const auditAbout = `
Check and read the audit log of 'mast serve'. Every statement a network
session runs, every login, failed login and disconnect is one line of JSON in
<cases dir>/mast-audit.log (or --audit FILE, or $MAST_AUDIT), with the time,
user, client address, application, case, statement, rows, duration and
outcome. Each entry carries the hash of the one before, so that an edited,
removed or reordered entry shows; FILE.head holds the last entry's seq and
hash, so that entries cut from the end show too.

  audit verify       check the chain; exit status 1 and the first broken line if not intact
  audit show         print entries, filtered by user, case, time, kind, outcome
  audit head         print the last entry's SEQ:HASH, to record outside the server
  audit new-segment  set a log with a broken tail aside and start a new one`

func (a *app) cmdAudit(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprintf(a.stdout, "Usage: mast audit verify|show|head|new-segment [flags]\n%s\n", auditAbout)
		if len(args) == 0 {
			return fmt.Errorf("%w: which audit command? (verify, show, head, new-segment)", errUsage)
		}
		return nil
	}
	switch args[0] {
	case "verify":
		return a.auditVerify(ctx, args[1:])
	case "show":
		return a.auditShow(ctx, args[1:])
	case "head":
		return a.auditHead(ctx, args[1:])
	case "new-segment":
		return a.auditNewSegment(ctx, args[1:])
	}
	return fmt.Errorf("%w: unknown audit command %q (verify, show, head, new-segment)", errUsage, args[0])
}

// auditFlags makes an audit command's flags, with --audit; the returned
// function gives the log's path once the flags are parsed.
func (a *app) auditFlags(name, synopsis, about, examples string) (*flag.FlagSet, func() string) {
	fs, casesDir := a.newFlags(name, synopsis, about, examples)
	file := fs.String("audit", "", "the audit log (env MAST_AUDIT; default <cases dir>/"+audit.DefaultFileName+")")
	return fs, func() string {
		switch {
		case *file != "":
			return *file
		case a.getenv("MAST_AUDIT") != "":
			return a.getenv("MAST_AUDIT")
		}
		return filepath.Join(*casesDir, audit.DefaultFileName)
	}
}

// errBroken is an audit log that is not intact.
var errBroken = errors.New("audit log is not intact")

func (a *app) auditVerify(_ context.Context, args []string) error {
	fs, logFile := a.auditFlags("audit verify", "[--audit FILE] [--head SEQ:HASH|FILE]",
		`Checks the whole chain: each line matches its hash, seqs run 1, 2, 3...,
and each entry names the hash of the one before. The log must also reach
its head file (FILE.head) and every --head given: a head recorded earlier
(see 'mast audit head') shows entries cut from the end, which the chain
alone cannot. Exit status 0 when intact; 1 with the first broken line if not.`,
		`  mast audit verify
  mast audit verify --audit /srv/mast/cases/mast-audit.log
  mast audit verify --head 1042:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08`)
	var heads headList
	fs.Var(&heads, "head", "a head recorded earlier, SEQ:HASH or a file holding it (repeatable)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	path := logFile()
	anchors := []audit.Head(heads)
	headFile := audit.HeadPath(path)
	h, ok, err := audit.ReadHead(headFile)
	if err != nil {
		return fmt.Errorf("%w: %w", errBroken, err)
	}
	if ok {
		anchors = append(anchors, h)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	defer f.Close()
	rep, err := audit.Verify(f, anchors...)
	if err != nil {
		return err
	}
	if !rep.OK() {
		fmt.Fprintf(a.stdout, "%s: NOT intact: %d entries intact before line %d\n", path, rep.Entries, rep.Break.Line)
		return fmt.Errorf("%w: %s: %w", errBroken, path, rep.Break)
	}
	against := "no head file"
	if ok {
		against = "reaches its head file"
	}
	if len(heads) > 0 {
		against += fmt.Sprintf(" and %d given head(s)", len(heads))
	}
	fmt.Fprintf(a.stdout, "%s: intact: %d entries, head %s (%s)\n", path, rep.Entries, rep.Last, against)
	return nil
}

// headList is the repeatable --head flag.
type headList []audit.Head

func (h *headList) String() string { return fmt.Sprint(*h) }

func (h *headList) Set(s string) error {
	v, err := audit.ParseHead(s)
	if err != nil {
		b, ferr := os.ReadFile(s)
		if ferr != nil {
			return err
		}
		if v, err = audit.ParseHead(string(b)); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	*h = append(*h, v)
	return nil
}

func (a *app) auditShow(_ context.Context, args []string) error {
	fs, logFile := a.auditFlags("audit show", "[--user U] [--case C] [--since T] [--until T] [--kind K] [--outcome O] [--last N] [--json]",
		`Prints the entries that pass the filters, oldest first, as a table (or the
log's own JSON lines with --json). Times are RFC 3339, or a date, or a date
and time; without an offset they are UTC. --since also takes a duration
back from now (24h, 90m). Show does not check the chain: run verify.`,
		`  mast audit show --user alice --since 2025-03-01
  mast audit show --case op-heron --since 24h --outcome error
  mast audit show --kind login_failed --last 20
  mast audit show --user alice --json | jq -r .statement`)
	user := fs.String("user", "", "only this user")
	kase := fs.String("case", "", "only this case")
	since := fs.String("since", "", "only entries at or after this time (or this long ago: 24h)")
	until := fs.String("until", "", "only entries before this time")
	kind := fs.String("kind", "", "only statement, login, login_failed, disconnect or segment")
	outcome := fs.String("outcome", "", "only ok, error, refused or cancelled")
	last := fs.Int("last", 0, "only the last N matching entries")
	asJSON := fs.Bool("json", false, "print the entries as JSON lines, as in the log")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	flt := audit.Filter{User: *user, Case: *kase}
	var err error
	now := time.Now()
	if flt.Since, err = parseAuditTime(*since, now); err != nil {
		return fmt.Errorf("%w: --since: %w", errUsage, err)
	}
	if flt.Until, err = parseAuditTime(*until, now); err != nil {
		return fmt.Errorf("%w: --until: %w", errUsage, err)
	}
	if *kind != "" {
		if flt.Kind, err = audit.ParseKind(*kind); err != nil {
			return fmt.Errorf("%w: --kind: %w", errUsage, err)
		}
	}
	if *outcome != "" {
		if flt.Outcome, err = audit.ParseOutcome(*outcome); err != nil {
			return fmt.Errorf("%w: --outcome: %w", errUsage, err)
		}
	}
	f, err := os.Open(logFile())
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	defer f.Close()
	var entries []audit.Entry
	if err := audit.Read(f, func(_ int, e audit.Entry) error {
		if flt.Match(e) {
			entries = append(entries, e)
			if *last > 0 && len(entries) > 2*(*last)+1024 {
				entries = append(entries[:0], entries[len(entries)-*last:]...)
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if *last > 0 && len(entries) > *last {
		entries = entries[len(entries)-*last:]
	}
	if *asJSON {
		return writeAuditJSON(a.stdout, entries)
	}
	t := &textTable{header: []string{"seq", "time (UTC)", "user", "client", "application", "case", "kind", "outcome", "rows", "ms", "statement / message"}, right: map[int]bool{0: true, 8: true, 9: true}}
	for _, e := range entries {
		text := e.Statement
		if e.Message != "" {
			text = strings.TrimSpace(text + "  -- " + e.SQLState + " " + e.Message)
		}
		rows, ms := "", ""
		if e.Kind == audit.Statement {
			rows, ms = fmt.Sprint(e.Rows), fmt.Sprintf("%.1f", e.DurationMS)
		}
		t.add(fmt.Sprint(e.Seq), e.Time.UTC().Format("2006-01-02 15:04:05.000"), e.User, e.Client, e.Application, e.Case,
			e.Kind.String(), e.Outcome.String(), rows, ms, oneLine(text, 100))
	}
	t.write(a.stdout)
	fmt.Fprintf(a.stderr, "%d entries (the chain is not checked here: mast audit verify)\n", len(entries))
	return nil
}

// writeAuditJSON writes entries as JSON lines, as the log has them.
func writeAuditJSON(w io.Writer, entries []audit.Entry) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, e := range entries {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return nil
}

func (a *app) auditHead(_ context.Context, args []string) error {
	fs, logFile := a.auditFlags("audit head", "[--audit FILE]",
		`Verifies the log and prints its last entry as SEQ:HASH. Record it where the
server cannot write (a case notebook, an e-mail, a ticket); later,
'mast audit verify --head SEQ:HASH' shows whether anything up to that entry
was changed or cut.`,
		`  mast audit head
  mast audit head >> ~/notebook/op-heron-audit-heads.txt`)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	path := logFile()
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	defer f.Close()
	rep, err := audit.Verify(f)
	if err != nil {
		return err
	}
	if !rep.OK() {
		return fmt.Errorf("%w: %s: %w", errBroken, path, rep.Break)
	}
	if rep.Entries == 0 {
		return fmt.Errorf("audit log %s is empty", path)
	}
	fmt.Fprintln(a.stdout, rep.Last)
	return nil
}

func (a *app) auditNewSegment(_ context.Context, args []string) error {
	fs, logFile := a.auditFlags("audit new-segment", "[--audit FILE]",
		`When the log's tail is broken (its last line cut off or altered, or the
log ends before its head file), 'mast serve' refuses to append to it. This
renames the log to FILE.broken-<UTC time> (and its head file likewise), kept
as evidence, and starts FILE afresh with a "segment" entry naming it. Stop
the server first. An intact log is left alone.`,
		`  mast audit verify                  # see what is wrong, and keep a copy
  mast audit new-segment`)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	path := logFile()
	l, err := audit.Open(path, audit.DefaultOptions())
	if err == nil {
		fmt.Fprintf(a.stdout, "%s: the tail is intact; nothing to do\n", path)
		return l.Close()
	}
	if !errors.Is(err, audit.ErrBrokenTail) {
		return err
	}
	opts := audit.DefaultOptions()
	opts.NewSegment = true
	if l, err = audit.Open(path, opts); err != nil {
		return err
	}
	if err := l.Close(); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%s: set the broken log aside and started a new segment (head %s)\n", path, l.Head())
	return nil
}

// parseAuditTime reads a time for show's filters; "" is no bound.
func parseAuditTime(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q: use 2025-03-01, 2025-03-01T14:30, RFC 3339, or a duration such as 24h", s)
}

// oneLine makes text one line of at most n characters.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
