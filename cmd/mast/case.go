package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mastcdr/mast/engine"
)

const caseAbout = `
Manage cases. A case is one DuckDB file, <cases dir>/NAME.duckdb, holding
everything loaded for one investigation with its provenance.

  case init   create a case (its default number region and time zone are
              used by every load that does not give its own)
  case list   list the cases in the cases directory
  case info   print a case's summary: files, handsets, events, date range,
              cells matched, rejects
  case schema print the schema with each column's meaning (--markdown)`

func (a *app) cmdCase(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprintf(a.stdout, "Usage: mast case init|list|info|schema [flags]\n%s\n", caseAbout)
		if len(args) == 0 {
			return fmt.Errorf("%w: which case command? (init, list, info, schema)", errUsage)
		}
		return nil
	}
	switch args[0] {
	case "init":
		return a.caseInit(ctx, args[1:])
	case "list":
		return a.caseList(ctx, args[1:])
	case "info":
		return a.caseInfo(ctx, args[1:])
	case "schema":
		return a.caseSchema(ctx, args[1:])
	}
	return fmt.Errorf("%w: unknown case command %q (init, list, info, schema)", errUsage, args[0])
}

func (a *app) caseInit(ctx context.Context, args []string) error {
	fs, casesDir := a.newFlags("case init", "--case NAME [--region GB] [--tz Europe/London]",
		"Creates an empty case with the current schema.",
		"  mast case init --case op-heron --region GB --tz Europe/London")
	name := fs.String("case", "", "name of the new case (letters, digits, '-', '_')")
	region := fs.String("region", "GB", "default region for national-format numbers (ISO 3166 alpha-2)")
	tz := fs.String("tz", "UTC", "default IANA time zone of local times in provider files")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	path, err := casePath(*casesDir, *name)
	if err != nil {
		return err
	}
	opts := a.engineOptions()
	c, err := engine.Create(ctx, path, engine.Settings{Name: *name, Region: *region, TimeZone: *tz}, opts)
	if err != nil {
		return err
	}
	defer c.Close()
	fmt.Fprintf(a.stdout, "created case %s at %s (schema version %d, region %s, time zone %s)\n",
		*name, c.Path(), c.SchemaVersion(), c.Settings().Region, c.Settings().TimeZone)
	return nil
}

func (a *app) caseList(_ context.Context, args []string) error {
	fs, casesDir := a.newFlags("case list", "", "Lists the cases in the cases directory.", "")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(*casesDir, "*.duckdb"))
	if err != nil {
		return err
	}
	sort.Strings(files)
	t := &textTable{header: []string{"case", "size", "modified"}, right: map[int]bool{1: true}}
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			continue
		}
		t.add(strings.TrimSuffix(filepath.Base(f), ".duckdb"), fmt.Sprintf("%.1f MB", float64(st.Size())/1e6), st.ModTime().UTC().Format(time.RFC3339))
	}
	t.write(a.stdout)
	return nil
}

func (a *app) caseInfo(ctx context.Context, args []string) error {
	fs, casesDir := a.newFlags("case info", "--case NAME [--json]", "Prints a case's summary.", "  mast case info --case op-heron")
	name := fs.String("case", "", "case name")
	asJSON := fs.Bool("json", false, "print as JSON")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	c, err := a.openCase(ctx, *casesDir, *name)
	if err != nil {
		return err
	}
	defer c.Close()
	return a.printSummary(ctx, c, *asJSON)
}

func (a *app) printSummary(ctx context.Context, c *engine.Case, asJSON bool) error {
	s, err := c.Summary(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	writeSummary(a.stdout, c, s)
	return nil
}

func writeSummary(w io.Writer, c *engine.Case, s engine.Summary) {
	set := c.Settings()
	fmt.Fprintf(w, "Case %s  (%s; region %s, time zone %s)\n", s.Name, c.Path(), set.Region, set.TimeZone)
	span := "no events"
	if s.First != nil {
		days := s.Last.Sub(*s.First).Hours() / 24
		span = fmt.Sprintf("%s to %s UTC (%.1f days)", s.First.Format("2006-01-02 15:04"), s.Last.Format("2006-01-02 15:04"), days)
	}
	pct := func(n, of int64) string {
		if of == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(of))
	}
	rows := [][2]string{
		{"files loaded", fmt.Sprint(s.Sources)},
		{"handsets", fmt.Sprintf("%d subjects, %d distinct IMEIs", s.Handsets, s.IMEIs)},
		{"events", fmt.Sprintf("%d (%d marked duplicate)", s.Events, s.Duplicates)},
		{"date range", span},
		{"cells matched", fmt.Sprintf("%d of %d events with a cell (%s); %d cells used; %d cell-list rows", s.CellsMatched, s.EventsOnCells, pct(s.CellsMatched, s.EventsOnCells), s.CellKeys, s.CellRows)},
		{"local times flagged", fmt.Sprintf("%d (ambiguous or non-existent at a clock change)", s.TimeFlagged)},
		{"ANPR reads", fmt.Sprint(s.ANPRReads)},
		{"rejects", fmt.Sprintf("%d (SELECT * FROM rejects)", s.Rejects)},
	}
	for _, r := range rows {
		fmt.Fprintf(w, "  %-20s %s\n", r[0], r[1])
	}
}

func (a *app) caseSchema(ctx context.Context, args []string) error {
	fs, casesDir := a.newFlags("case schema", "[--case NAME] [--markdown]",
		"Prints the case tables and views with the meaning of every column. Without --case, a scratch case is used.",
		"  mast case schema --markdown > docs/schema.md")
	name := fs.String("case", "", "case name (default: a scratch in-memory case)")
	md := fs.Bool("markdown", false, "write Markdown (as docs/schema.md)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	var c *engine.Case
	var err error
	if *name == "" {
		dir, derr := os.MkdirTemp("", "mast-schema-")
		if derr != nil {
			return derr
		}
		defer os.RemoveAll(dir)
		c, err = engine.Create(ctx, filepath.Join(dir, "schema.duckdb"), engine.Settings{Name: "schema"}, engine.DefaultOptions())
	} else {
		c, err = a.openCase(ctx, *casesDir, *name)
	}
	if err != nil {
		return err
	}
	defer c.Close()
	tables, err := c.Describe(ctx)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if *md {
			fmt.Fprintf(a.stdout, "## `%s` (%s)\n\n%s\n\n| column | type | meaning |\n|---|---|---|\n", t.Name, t.Kind, t.Comment)
			for _, col := range t.Columns {
				fmt.Fprintf(a.stdout, "| `%s` | %s | %s |\n", col.Name, col.Type, col.Comment)
			}
			fmt.Fprintln(a.stdout)
			continue
		}
		fmt.Fprintf(a.stdout, "%s (%s): %s\n", t.Name, t.Kind, t.Comment)
		for _, col := range t.Columns {
			fmt.Fprintf(a.stdout, "  %-16s %-24s %s\n", col.Name, col.Type, col.Comment)
		}
		fmt.Fprintln(a.stdout)
	}
	return nil
}
