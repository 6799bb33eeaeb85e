package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/mastcdr/mast/loaders"
)

// detectReport is what `mast detect --json` prints for one file.
type detectReport struct {
	File       string              `json:"file"`
	Confident  bool                `json:"confident"`
	Chosen     string              `json:"chosen,omitempty"`
	Refusal    string              `json:"refusal,omitempty"`
	Candidates []loaders.Candidate `json:"candidates"`
	// Parts says, for a workbook or archive, which profile reads each
	// sheet or member (they differ when the parts are in different layouts).
	Parts   []partPlan `json:"parts,omitempty"`
	Skipped []string   `json:"skipped_parts,omitempty"` // parts no profile reads, with why
}

// partPlan is the profile a load would read one part of a delivery with.
type partPlan struct {
	Part    string `json:"part"`
	Profile string `json:"profile"`
	// Evidence is why a part left the delivery's profile for this one.
	Evidence string `json:"evidence,omitempty"`
}

func (a *app) cmdDetect(ctx context.Context, args []string) error {
	fs, _ := a.newFlags("detect", "FILE...",
		`Tries every profile on the first 256 KiB of each file with the reader that
loads files, and prints the best fit and the runner-up with their evidence:
the preamble skipped (lines, first banner), the header row (which of the
profile's columns it holds, which are missing), the sample rows parsed and the
first reject, and why the runner-up lost. The confidence is 0.45 × the header
evidence + 0.55 × the share of sample rows parsed (docs/detect.md). 'mast load
--profile auto' loads with the best fit only when its confidence is at least
0.70, it parses at least half of the sample rows, and it is ahead of the
runner-up; otherwise it refuses with this evidence.`,
		"  mast detect deliveries/*.csv\n  mast detect --json delivery.csv | jq '.[0].candidates[0]'")
	profilesDir := fs.String("profiles", a.getenv("MAST_PROFILES"), "directory of your own profiles (env MAST_PROFILES)")
	region := fs.String("region", "GB", "region for national-format numbers")
	asJSON := fs.Bool("json", false, "print the evidence as JSON (for scripts)")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%w: no files given", errUsage)
	}
	ps, err := loaders.LoadProfiles(*profilesDir)
	if err != nil {
		return err
	}
	var reports []detectReport
	for _, f := range files {
		r, err := detectOne(ctx, f, ps, loaders.ReadOptions{Region: strings.ToUpper(*region), Zone: time.UTC})
		if err != nil {
			return err
		}
		reports = append(reports, r)
		if !*asJSON {
			a.printDetect(r)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(reports)
	}
	return nil
}

// detectOne detects one file as 'mast load --profile auto' would read it.
func detectOne(ctx context.Context, f string, ps *loaders.Profiles, opts loaders.ReadOptions) (detectReport, error) {
	r := detectReport{File: f}
	d, done, err := openDeliveryFile(f)
	if err != nil {
		return r, err
	}
	defer done()
	if d != nil {
		r.Skipped = append(r.Skipped, d.Skipped...)
	}
	groups, skipped, cands, err := planFile(ctx, f, d, ps, opts)
	r.Candidates = cands[:min(2, len(cands))]
	var refused *loaders.NotConfidentError
	switch {
	case errors.As(err, &refused):
		r.Refusal = refused.Why
		return r, nil
	case err != nil:
		return r, err
	}
	r.Confident = true
	var names []string
	for i, g := range groups {
		names = append(names, g.Profile.Name)
		for _, pt := range g.Delivery.PartsOrNone() {
			pp := partPlan{Part: pt.Name, Profile: g.Profile.Name}
			if i > 0 {
				pp.Evidence = g.Why
			}
			r.Parts = append(r.Parts, pp)
		}
	}
	r.Chosen = strings.Join(names, ", ")
	r.Skipped = append(r.Skipped, skipped...)
	return r, nil
}

// printDetect prints one file's best two candidates and their evidence.
func (a *app) printDetect(r detectReport) {
	w := a.stdout
	if r.Confident {
		fmt.Fprintf(w, "%s: %s (confident)\n", r.File, r.Chosen)
	} else {
		fmt.Fprintf(w, "%s: NOT confident: mast load --profile auto would refuse this file\n", r.File)
	}
	for i, c := range r.Candidates {
		label := "best"
		if i == 1 {
			label = "runner-up"
		}
		fmt.Fprintf(w, "  %-9s %-16s confidence %.2f (header %.2f", label, c.Name, c.Confidence, c.HeaderScore)
		if c.Read > 0 {
			fmt.Fprintf(w, ", rows %d/%d", c.Loaded, c.Read)
		}
		fmt.Fprintln(w, ")")
		if c.Preamble.Lines > 0 {
			fmt.Fprintf(w, "    preamble  %d line(s) skipped, the first: %q\n", c.Preamble.Lines, c.Preamble.First)
		}
		h := c.Header
		switch h.Mode {
		case "matched":
			fmt.Fprintf(w, "    header    line %d: %d of the profile's columns found; the profile maps %d of the file's %d columns\n", h.Line, len(h.Found), h.Mapped, h.FileColumns)
		case "none":
			fmt.Fprintf(w, "    header    none expected; %.0f%% of lines have the profile's %d fields\n", 100*h.FieldCountOK, h.FileColumns)
		case "missing":
			if h.Line > 0 {
				fmt.Fprintf(w, "    header    no line holds the profile's columns; the closest, line %d, holds %d of them\n", h.Line, len(h.Found))
			} else {
				fmt.Fprintln(w, "    header    no line holds the profile's columns")
			}
		}
		if len(h.Missing) > 0 {
			fmt.Fprintf(w, "    missing   %s\n", strings.Join(h.Missing, ", "))
		}
		if len(h.Absent) > 0 {
			fmt.Fprintf(w, "    absent    %s (optional)\n", strings.Join(h.Absent, ", "))
		}
		if c.Unreadable != "" {
			fmt.Fprintf(w, "    unread    %s\n", c.Unreadable)
		} else {
			fmt.Fprintf(w, "    rows      %d of %d sample rows parsed\n", c.Loaded, c.Read)
		}
		if c.FirstReject != nil {
			fmt.Fprintf(w, "    reject    line %d: %s\n", c.FirstReject.Line, c.FirstReject.Reason)
		}
		if c.Lost != "" {
			fmt.Fprintf(w, "    lost      %s\n", c.Lost)
		}
	}
	if len(r.Parts) > 0 {
		fmt.Fprintln(w, "  parts, as a load would read them:")
		for _, p := range r.Parts {
			fmt.Fprintf(w, "    %-28s %s\n", p.Part, p.Profile)
			if p.Evidence != "" && strings.HasPrefix(p.Evidence, p.Part+":") {
				fmt.Fprintf(w, "    %-28s   %s\n", "", strings.TrimSpace(strings.TrimPrefix(p.Evidence, p.Part+":")))
			}
		}
		fmt.Fprintln(w, "    (a part whose header its profile does not hold is skipped when loaded)")
	}
	for _, sk := range r.Skipped {
		fmt.Fprintf(w, "  not read  %s\n", sk)
	}
	if !r.Confident {
		fmt.Fprintf(w, "  refused: %s; name a profile with --profile, or draft one with 'mast profile infer'\n", r.Refusal)
	}
}

func (a *app) cmdProfile(ctx context.Context, args []string) error {
	if len(args) == 0 || (args[0] != "list" && args[0] != "show" && args[0] != "check" && args[0] != "infer") {
		fmt.Fprint(a.stdout, "Usage: mast profile list | show NAME | check NAME FILE | infer FILE [--name NAME] > NAME.yaml\n\nProfiles describe file layouts (docs/profiles.md). Your own go in --profiles DIR or $MAST_PROFILES.\n'check' reads the first rows of FILE with the profile and prints them as they would load, with the rejects.\n'infer' drafts a profile (cdr, cells or anpr) for an unknown layout; look at every line marked CHECK before loading with it (docs/detect.md).\n")
		if len(args) == 0 || (args[0] != "--help" && args[0] != "-h") {
			return fmt.Errorf("%w: profile list or profile show NAME", errUsage)
		}
		return nil
	}
	fs, _ := a.newFlags("profile "+args[0], "[NAME] [FILE]", "Lists, prints, checks or drafts profiles (docs/profiles.md).",
		"  mast profile show opencellid\n  mast profile check in-airtel delivery.csv\n  mast profile infer new-provider.csv --name acme > profiles/acme.yaml")
	draftName := fs.String("name", "draft", "infer: name of the drafted profile")
	profilesDir := fs.String("profiles", a.getenv("MAST_PROFILES"), "directory of your own profiles (env MAST_PROFILES)")
	rest, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	ps, err := loaders.LoadProfiles(*profilesDir)
	if err != nil {
		return err
	}
	if args[0] == "check" {
		return a.profileCheck(ctx, ps, rest)
	}
	if args[0] == "infer" {
		if len(rest) != 1 {
			return fmt.Errorf("%w: profile infer FILE [--name NAME]", errUsage)
		}
		draft, err := a.inferFile(rest[0], *draftName)
		if err != nil {
			return err
		}
		_, err = io.WriteString(a.stdout, draft)
		return err
	}
	if args[0] == "list" {
		t := &textTable{header: []string{"profile", "kind", "origin", "description"}}
		for _, p := range ps.All() {
			t.add(p.Name, string(p.Kind), p.Origin, p.Description)
		}
		t.write(a.stdout)
		return nil
	}
	if len(rest) != 1 {
		return fmt.Errorf("%w: profile show NAME", errUsage)
	}
	p, err := ps.Get(rest[0])
	if err != nil {
		return err
	}
	src := p.Source()
	fmt.Fprintf(a.stdout, "# %s (%s, sha256 %s)\n", p.Name, p.Origin, p.SHA256)
	_, err = a.stdout.Write(src)
	return err
}

// profileCheck prints the first rows of a file as the profile reads them.
func (a *app) profileCheck(ctx context.Context, ps *loaders.Profiles, args []string) error {
	if len(args) != 2 {
		return fmt.Errorf("%w: profile check NAME FILE", errUsage)
	}
	p, err := ps.Get(args[0])
	if err != nil {
		return err
	}
	const max = 64 << 10
	c, _ := loaders.ContainerOf(args[1])
	if c != loaders.Workbook && c != loaders.Archive {
		head, err := readHead(args[1], max)
		if err != nil {
			return err
		}
		return a.checkHead(ctx, args[1], head, p, false)
	}
	d, done, err := openDeliveryFile(args[1])
	if err != nil {
		return err
	}
	defer done()
	for _, sk := range d.Skipped {
		fmt.Fprintf(a.stdout, "skipped %s\n\n", sk)
	}
	for _, pt := range d.Parts {
		head, err := pt.Head(max)
		if err != nil {
			return err
		}
		if err := a.checkHead(ctx, args[1]+": "+pt.Name, head, p, pt.Cells); errors.Is(err, loaders.ErrHeader) {
			fmt.Fprintf(a.stdout, "%s: %s: not read: %v\n\n", args[1], pt.Name, err)
		} else if err != nil {
			return err
		}
	}
	return nil
}

// checkHead prints the first rows of head as p reads them, and the first rejects.
func (a *app) checkHead(ctx context.Context, name string, head []byte, p *loaders.Profile, cells bool) error {
	if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
		head = head[:i+1] // whole lines only
	}
	s, err := loaders.NewStream(ctx, bytes.NewReader(head), p, loaders.ReadOptions{Region: "GB", Zone: time.UTC, FirstID: 1, Workers: 1, Cells: cells})
	if err != nil {
		return err
	}
	defer s.Release()
	fmt.Fprintf(a.stdout, "%s read with %s; columns: %s\n\n", name, p.Name, strings.Join(s.Columns(), ", "))
	shown := 0
	for s.Next() && shown < 10 {
		rec := s.RecordBatch()
		for i := 0; i < int(rec.NumRows()) && shown < 10; i++ {
			fmt.Fprintf(a.stdout, "row %d:\n", shown+1)
			for j, col := range rec.Columns() {
				if name := rec.Schema().Field(j).Name; !col.IsNull(i) && name != "source_id" {
					fmt.Fprintf(a.stdout, "  %-16s %s\n", rec.Schema().Field(j).Name, col.ValueStr(i))
				}
			}
			shown++
		}
	}
	if err := s.Err(); err != nil {
		return err
	}
	for i, r := range s.Rejects() {
		if i == 10 {
			break
		}
		fmt.Fprintf(a.stdout, "reject line %d (%s): %s\n", r.Line, r.Field, r.Reason)
	}
	fmt.Fprintln(a.stdout)
	return nil
}

// inferFile drafts a profile from a file: from the head of its text, or from
// the first sheet or member of a workbook or archive that gives a draft.
func (a *app) inferFile(path, name string) (string, error) {
	c, _ := loaders.ContainerOf(path)
	if c != loaders.Workbook && c != loaders.Archive {
		head, err := readHead(path, 256<<10)
		if err != nil {
			return "", err
		}
		return loaders.Infer(name, head)
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	d, err := loaders.OpenDelivery(f, st.Size(), path, c)
	if err != nil {
		return "", err
	}
	defer d.Close()
	var errs []error
	for _, pt := range d.Parts {
		draft, err := loaders.InferPart(name, pt)
		if err == nil {
			return draft, nil
		}
		errs = append(errs, fmt.Errorf("%s: %w", pt.Name, err))
	}
	return "", errors.Join(errs...)
}
