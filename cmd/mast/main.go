// Command mast is the communications-data analysis engine: it creates case
// databases, loads provider files into them, and answers SQL over them.
//
// Run `mast help` for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	_ "time/tzdata" // zone rules for machines without /usr/share/zoneinfo

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/engine/exhibit"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a := &app{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(a.run(ctx, os.Args[1:]))
}

// app is one invocation of mast: its streams and environment.
type app struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	log    *slog.Logger
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(a *app, ctx context.Context, args []string) error
}

func commands() []command {
	return []command{
		{"case", "create and inspect cases (case init, case list, case info, case schema)", (*app).cmdCase},
		{"load", "load provider files (CDRs, cell lists, ANPR) into a case", (*app).cmdLoad},
		{"sql", "query a case with SQL (interactive, or one statement with -c)", (*app).cmdSQL},
		{"detect", "say which profile fits each file, with the evidence", (*app).cmdDetect},
		{"profile", "the file layouts mast knows, checking one on a file, drafting one for a new layout (profile list, show, check, infer)", (*app).cmdProfile},
		{"demo", "build the demo case from the bundled sample files and summarise it", (*app).cmdDemo},
		{"exhibit", "court exhibits: schedules, maps, the case report, and verifying them (exhibit schedule, map, report, verify)", (*app).cmdExhibit},
		{"serve", "serve cases to QGIS, GDAL, psql and BI tools over the PostgreSQL wire protocol", (*app).cmdServe},
		{"user", "manage who may connect to mast serve (user add, passwd, remove, list, grant, revoke)", (*app).cmdUser},
		{"audit", "check and read the audit log of mast serve (audit verify, show, head, new-segment)", (*app).cmdAudit},
		{"bench", "generate synthetic worlds and run benchmarks (bench generate, load, analysis, serve, exhibit)", (*app).cmdBench},
		{"version", "print mast's version", (*app).cmdVersion},
	}
}

// errUsage marks an error that is the user's invocation, answered with usage.
var errUsage = errors.New("usage")

// usageText is how a usage error of command name reads: its own words,
// without the marker, and where to look when they do not already say.
func usageText(name string, err error) string {
	msg := strings.TrimPrefix(strings.TrimPrefix(err.Error(), errUsage.Error()), ": ")
	if msg == "" {
		msg = "wrong arguments"
	}
	if !strings.Contains(msg, "--help") {
		msg += fmt.Sprintf(" (see mast %s --help)", name)
	}
	return msg
}

func (a *app) run(ctx context.Context, args []string) int {
	level := slog.LevelWarn
	if a.getenv("MAST_DEBUG") != "" {
		level = slog.LevelDebug
	}
	a.log = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: level}))
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			return a.run(ctx, []string{args[1], "--help"})
		}
		a.usage(a.stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(a, ctx, args[1:])
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				return 0
			case errors.Is(err, errUsage):
				fmt.Fprintf(a.stderr, "mast %s: %s\n", c.name, usageText(c.name, err))
				return 2
			default:
				fmt.Fprintf(a.stderr, "mast %s: %v\n", c.name, err)
				return 1
			}
		}
	}
	fmt.Fprintf(a.stderr, "mast: unknown command %q\n\n", args[0])
	a.usage(a.stderr)
	return 2
}

func (a *app) usage(w io.Writer) {
	fmt.Fprint(w, `mast — communications-data analysis: cases, provider files, SQL.

Usage:
  mast <command> [flags] [arguments]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
A five-minute tour:
  mast case init --case op-heron --region GB --tz Europe/London
  mast load --case op-heron testdata/demo/            # profiles detected per file
  mast sql --case op-heron -c "SELECT kind, count(*) FROM events GROUP BY kind"
  mast sql --case op-heron                            # interactive; \q to quit

Cases live in ./cases (or --cases DIR, or $MAST_CASES) as NAME.duckdb.
Run 'mast <command> --help' for a command's flags.
`)
}

// newFlags makes a command's flag set, with --cases and a usage text that
// teaches: what the command does, its synopsis, its flags, examples.
func (a *app) newFlags(name, synopsis, about, examples string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("mast "+name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	casesDir := fs.String("cases", a.defaultCasesDir(), "directory holding the case files (env MAST_CASES)")
	fs.Usage = func() {
		w := a.stdout
		fmt.Fprintf(w, "Usage: mast %s %s\n\n%s\n\nFlags:\n", name, synopsis, strings.TrimSpace(about))
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(a.stderr)
		if examples != "" {
			fmt.Fprintf(w, "\nExamples:\n%s\n", strings.TrimRight(examples, "\n"))
		}
	}
	return fs, casesDir
}

// parse parses flags, allowing flags after positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func (a *app) defaultCasesDir() string {
	if d := a.getenv("MAST_CASES"); d != "" {
		return d
	}
	return "cases"
}

// casePath is where case name lives in dir.
func casePath(dir, name string) (string, error) {
	if name == "" {
		return "", fmt.Errorf("%w: --case NAME is required", errUsage)
	}
	if strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return "", fmt.Errorf("%w: case name %q: use letters, digits, '-' and '_'", errUsage, name)
	}
	return filepath.Join(dir, name+".duckdb"), nil
}

// openCase opens an existing case, explaining the usual mistakes.
func (a *app) openCase(ctx context.Context, dir, name string) (*engine.Case, error) {
	path, err := casePath(dir, name)
	if err != nil {
		return nil, err
	}
	c, err := engine.Open(ctx, path, a.engineOptions())
	if errors.Is(err, engine.ErrNoCase) {
		return nil, fmt.Errorf("%w (create it with: mast case init --case %s --cases %s)", err, name, dir)
	}
	return c, err
}

// engineOptions are the options every case mast opens gets: its logger, and
// the exhibit table function registered beside mast's own functions.
func (a *app) engineOptions() engine.Options {
	opts := engine.DefaultOptions()
	opts.Logger = a.log
	opts.Functions = append(opts.Functions, exhibit.RegisterSQL)
	opts.Notice = func(msg string) { fmt.Fprintf(a.stderr, "mast: %s\n", msg) }
	return opts
}

func (a *app) cmdVersion(_ context.Context, _ []string) error {
	fmt.Fprintf(a.stdout, "mast %s\n", engine.Version)
	return nil
}
