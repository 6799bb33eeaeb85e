package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mastcdr/mast/loaders"
)

func (a *app) cmdDetect(ctx context.Context, args []string) error {
	fs, _ := a.newFlags("detect", "FILE...",
		`Tries every profile on the first 256 KiB of each file and prints the best
fit with its score (the share of sample rows that parse, times 0.9 + 0.1 × the
share of the file's columns the profile uses) and evidence, and the runner-up. 'mast load
--profile auto' loads with the best fit only when its score is at least 0.6.`,
		"  mast detect deliveries/*.csv")
	profilesDir := fs.String("profiles", a.getenv("MAST_PROFILES"), "directory of your own profiles (env MAST_PROFILES)")
	region := fs.String("region", "GB", "region for national-format numbers")
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
	for _, f := range files {
		cands, err := detectFile(ctx, f, nil, ps, loaders.ReadOptions{Region: strings.ToUpper(*region), Zone: time.UTC})
		if err != nil {
			return err
		}
		verdict := "confident"
		if _, err := loaders.Choose(cands); err != nil {
			verdict = "NOT confident: mast load --profile auto would refuse this file"
		}
		fmt.Fprintf(a.stdout, "%s: %s\n", f, verdict)
		for i, c := range cands {
			if i == 2 {
				break
			}
			label := "best"
			if i == 1 {
				label = "runner-up"
			}
			fmt.Fprintf(a.stdout, "  %-9s %-14s score %.2f  %s\n", label, c.Profile.Name, c.Score, c.Evidence)
		}
	}
	return nil
}

func (a *app) cmdProfile(ctx context.Context, args []string) error {
	if len(args) == 0 || (args[0] != "list" && args[0] != "show" && args[0] != "check" && args[0] != "infer") {
		fmt.Fprint(a.stdout, "Usage: mast profile list | show NAME | check NAME FILE | infer FILE [--name NAME] > NAME.yaml\n\nProfiles describe file layouts (docs/profiles.md). Your own go in --profiles DIR or $MAST_PROFILES.\n'check' reads the first rows of FILE with the profile and prints them as they would load, with the rejects.\n'infer' drafts a CDR profile for an unknown layout; look at every line marked CHECK before loading with it.\n")
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
		head, err := readHead(rest[0], 256<<10)
		if err != nil {
			return err
		}
		draft, err := loaders.Infer(*draftName, head)
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
	head, err := readHead(args[1], max)
	if err != nil {
		return err
	}
	if i := bytes.LastIndexByte(head, '\n'); len(head) == max && i >= 0 {
		head = head[:i+1] // whole lines only
	}
	s, err := loaders.NewStream(ctx, bytes.NewReader(head), p, loaders.ReadOptions{Region: "GB", Zone: time.UTC, FirstID: 1, Workers: 1})
	if err != nil {
		return err
	}
	defer s.Release()
	fmt.Fprintf(a.stdout, "%s read with %s; columns: %s\n\n", args[1], p.Name, strings.Join(s.Columns(), ", "))
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
	return nil
}
