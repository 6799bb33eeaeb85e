package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/loaders"
)

const demoAbout = `
Builds the demo case from the bundled sample files (a synthetic world made by
'mast bench generate': cell lists in three layouts, CDRs of a dozen handsets
with planted malformed lines, duplicates and clock-change times, and ANPR
reads), then prints what was loaded and a summary of the case. It needs no
server and no configuration. The demo case is rebuilt from scratch each time.`

func (a *app) cmdDemo(ctx context.Context, args []string) error {
	fs, casesDir := a.newFlags("demo", "[--data testdata/demo] [--case demo]", demoAbout, "  mast demo\n  mast sql --case demo")
	name := fs.String("case", "demo", "name of the demo case (rebuilt each run)")
	data := fs.String("data", "testdata/demo", "directory of sample files")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if _, err := os.Stat(*data); err != nil {
		return fmt.Errorf("sample files: %w (run mast demo from the repository root, or give --data)", err)
	}
	path, err := casePath(*casesDir, *name)
	if err != nil {
		return err
	}
	for _, suffix := range []string{"", ".wal"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove the old demo case: %w", err)
		}
	}
	opts := a.engineOptions()
	c, err := engine.Create(ctx, path, engine.Settings{Name: *name, Region: "GB", TimeZone: "Europe/London"}, opts)
	if err != nil {
		return err
	}
	defer c.Close()
	files, _, err := expandPaths([]string{*data})
	if err != nil {
		return err
	}
	profiles, err := loaders.LoadProfiles("")
	if err != nil {
		return err
	}
	zone, err := time.LoadLocation(c.Settings().TimeZone)
	if err != nil {
		return err
	}
	l := &loader{a: a, c: c, profiles: profiles, zone: zone, region: c.Settings().Region}
	var reports []fileReport
	for _, f := range files {
		reports = append(reports, l.loadOne(ctx, f, "auto"))
	}
	derived, err := a.derive(ctx, c, true)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Loaded %s into case %s:\n\n", *data, *name)
	printLoadSummary(a.stdout, reports)
	printDerived(a.stdout, &derived)
	fmt.Fprintln(a.stdout)
	if err := a.printSummary(ctx, c, false); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\nNext: mast sql --case %s --cases %s   (try: SELECT * FROM source_summary;)\n", *name, *casesDir)
	for _, r := range reports {
		if r.Status == "failed" {
			return fmt.Errorf("%s was not loaded: %s", r.File, r.Error)
		}
	}
	return nil
}
