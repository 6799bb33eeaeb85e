package main

import (
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/loaders"
)

const loadAbout = `
Loads provider files into a case, one transaction per file. Each file is
recorded in the sources table (path, SHA-256, size, profile, row counts, time
zone assumed, who and when); every row keeps the file and line it came from.
A line that cannot be read goes to the rejects table with its line number,
text and reason, and the load goes on. A file already in the case (same
SHA-256) is skipped. If mast is stopped part-way through a file, the case is
left as it was before that file.

Arguments are files or directories (read recursively, hidden files skipped).
Files may be delimited text (.csv .tsv .txt .dat .psv), gzip-compressed text
(.gz), Excel workbooks (.xlsx: every sheet whose header fits the profile is
loaded, the others are listed as skipped; a row traces to its sheet and row
number), or zip archives of these (.zip: each member a part).
With --profile auto (the default) each file's layout is detected; a file that
no profile fits confidently is refused, with the evidence, rather than loaded
as garbage. 'mast profile list' shows the layouts mast knows.`

const loadExamples = `  mast load --case op-heron cdr/07700900123.csv cells/opencellid.csv
  mast load --case op-heron --tz Europe/London --region GB deliveries/
  mast load --case op-heron --profile osgb-cells planning_export.csv
  mast load --case op-heron --json files/ > load-report.json
  mast load --case op-heron --dry-run new-provider.csv     # check before loading
  mast load --case op-heron subscriber-records.xlsx delivery.zip`

// fileReport is what happened to one file, printed and given as JSON.
type fileReport struct {
	File         string        `json:"file"`
	Profile      string        `json:"profile,omitempty"`
	Kind         string        `json:"kind,omitempty"`
	SHA256       string        `json:"sha256,omitempty"`
	SourceID     int32         `json:"source_id,omitempty"`
	Status       string        `json:"status"` // loaded, already-loaded, failed
	Read         int64         `json:"rows_read"`
	Loaded       int64         `json:"rows_loaded"`
	Rejected     int64         `json:"rows_rejected"`
	Duplicates   int64         `json:"rows_duplicate"`
	Seconds      float64       `json:"seconds"`
	Error        string        `json:"error,omitempty"`
	FirstRejects []string      `json:"first_rejects,omitempty"`
	Skipped      []string      `json:"skipped_parts,omitempty"`  // sheets or members not loaded, with why
	Split        []string      `json:"other_profiles,omitempty"` // parts of a mixed delivery read with another profile, with the evidence
	Parts        []partReport  `json:"parts,omitempty"`          // each sheet or member read, with its profile and counts
	elapsed      time.Duration `json:"-"`
	gzip         bool          // the file is gzip-compressed
}

// partReport is what became of one sheet or member of a workbook or
// archive (duplicates: within the file; the file's total adds those of
// earlier files).
type partReport struct {
	Part       string `json:"part"`
	Profile    string `json:"profile"`
	Read       int64  `json:"rows_read"`
	Loaded     int64  `json:"rows_loaded"`
	Rejected   int64  `json:"rows_rejected"`
	Duplicates int64  `json:"rows_duplicate"`
}

func (a *app) cmdLoad(ctx context.Context, args []string) error {
	fs, casesDir := a.newFlags("load", "--case NAME [flags] FILE|DIR...", loadAbout, loadExamples)
	name := fs.String("case", "", "case to load into (required)")
	profile := fs.String("profile", "auto", "profile (layout) of the files, or auto to detect per file")
	tz := fs.String("tz", "", "IANA time zone of local times in the files (default: the case's zone)")
	region := fs.String("region", "", "region for national-format numbers, e.g. GB, IN, US (default: the case's region)")
	profilesDir := fs.String("profiles", a.getenv("MAST_PROFILES"), "directory of your own profiles (*.yaml), overriding bundled ones by name (env MAST_PROFILES)")
	asJSON := fs.Bool("json", false, "print the report as JSON (for scripts)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	workers := fs.Int("workers", 0, "parsing goroutines (default: one per core)")
	dryRun := fs.Bool("dry-run", false, "read and check the files without writing anything; show what would load and the first rejects")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return fmt.Errorf("%w: no files given (see mast load --help)", errUsage)
	}
	files, skipped, err := expandPaths(paths)
	if err != nil {
		return err
	}
	for _, f := range skipped {
		fmt.Fprintf(a.stderr, "skipping %s: not a delimited-text file, workbook or archive (name it explicitly to load it anyway)\n", f)
	}
	profiles, err := loaders.LoadProfiles(*profilesDir)
	if err != nil {
		return err
	}
	c, err := a.openCase(ctx, *casesDir, *name)
	if err != nil {
		return err
	}
	defer c.Close()
	set := c.Settings()
	if *tz == "" {
		*tz = set.TimeZone
	}
	zone, err := time.LoadLocation(*tz)
	if err != nil {
		return fmt.Errorf("%w: --tz %q: %v", errUsage, *tz, err)
	}
	if *region == "" {
		*region = set.Region
	}
	*region = strings.ToUpper(*region)

	l := &loader{a: a, c: c, profiles: profiles, zone: zone, region: *region, workers: *workers, dryRun: *dryRun,
		progress: !*quiet && !*asJSON && isTerminal(a.stderr)}
	var reports []fileReport
	failed := 0
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		r := l.loadOne(ctx, f, *profile)
		if r.Status == "failed" {
			failed++
		}
		reports = append(reports, r)
	}
	var derived *engine.DeriveResult
	if !*dryRun && ctx.Err() == nil {
		d, err := a.derive(ctx, c, !*quiet && !*asJSON)
		if err != nil {
			return err
		}
		derived = &d
	}
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		out := map[string]any{"case": set.Name, "files": reports}
		if derived != nil {
			out["derived"] = derived
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
	} else {
		printLoadSummary(a.stdout, reports)
		printDerived(a.stdout, derived)
	}
	if ctx.Err() != nil {
		return fmt.Errorf("interrupted: files not listed as loaded were left out whole: %w", ctx.Err())
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files failed", failed, len(files))
	}
	return nil
}

// loader loads files into one case.
type loader struct {
	a        *app
	c        *engine.Case
	profiles *loaders.Profiles
	zone     *time.Location
	region   string
	workers  int
	progress bool
	dryRun   bool
}

// rowStream is what loadOne reads a file through: one text stream, or the
// sheets and members of a workbook or archive.
type rowStream interface {
	engine.Stream
	Counts() loaders.Counts
	Rejects() []loaders.Reject
}

func (l *loader) loadOne(ctx context.Context, path string, profileName string) fileReport {
	container, _ := loaders.ContainerOf(path)
	r := fileReport{File: path, gzip: container == loaders.Gzipped}
	fail := func(err error) fileReport {
		r.Status, r.Error = "failed", err.Error()
		return r
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fail(err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return fail(err)
	}
	// A file is digested before it is read when the case may hold it
	// already (a source has its size), so that it is not read for nothing;
	// otherwise the load digests it as it reads it, one pass instead of two.
	// A workbook or archive is digested first: its parts are read out of
	// order.
	var sum string
	early := l.dryRun || container == loaders.Workbook || container == loaders.Archive
	if !early {
		if early, err = l.c.HasSourceOfSize(ctx, st.Size()); err != nil {
			return fail(err)
		}
	}
	if early {
		if sum, err = loaders.HashFile(abs); err != nil {
			return fail(err)
		}
		r.SHA256 = sum
		if id, found, err := l.c.SourceBySHA256(ctx, sum); err != nil {
			return fail(err)
		} else if found {
			r.Status, r.SourceID = "already-loaded", id
			return r
		}
	}
	f, err := os.Open(abs)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	var d *loaders.Delivery
	if container == loaders.Workbook || container == loaders.Archive {
		if d, err = loaders.OpenDelivery(f, st.Size(), path, container); err != nil {
			return fail(err)
		}
		defer d.Close()
		r.Skipped = append(r.Skipped, d.Skipped...)
	}
	groups, undetected, err := l.chooseProfiles(ctx, abs, profileName, d)
	if err != nil {
		return fail(fmt.Errorf("%s: %w", path, err))
	}
	r.Skipped = append(r.Skipped, undetected...)
	meta := engine.SourceMeta{Path: abs, FileName: filepath.Base(abs), SHA256: sum, Size: st.Size()}
	var names, kinds, sums []string
	for i, g := range groups {
		p := g.Profile
		names = append(names, p.Name)
		sums = append(sums, p.Name+" "+p.SHA256)
		if !slices.Contains(kinds, string(p.Kind)) {
			kinds = append(kinds, string(p.Kind))
		}
		if i > 0 {
			r.Split = append(r.Split, fmt.Sprintf("read with %s: %s", p.Name, g.Why))
		}
	}
	meta.Profile, meta.Kind, meta.ProfileSHA256 = strings.Join(names, ", "), kinds[0], groups[0].Profile.SHA256
	if len(kinds) > 1 {
		meta.Kind = "mixed"
	}
	if len(groups) > 1 {
		h := sha256.Sum256([]byte(strings.Join(sums, "\n") + "\n"))
		meta.ProfileSHA256 = hex.EncodeToString(h[:])
	}
	r.Profile, r.Kind = meta.Profile, meta.Kind
	meta.TimeZone, meta.Region = l.zoneOf(groups[0].Profile), l.regionOf(groups[0].Profile)

	prog := &loaders.Progress{}
	stopBar := func() {}
	if l.progress {
		size := st.Size()
		if d != nil {
			size = 0
		}
		stopBar = startProgressBar(l.a.stderr, filepath.Base(abs), size, prog)
	}
	type opened struct {
		stream  *loaders.PartStream
		profile string
	}
	var parts []opened // the streams opened, for their parts' counts and the parts they skipped
	// open starts reading group i. The delivered file is hashed again once
	// its last group has been read (the load is one transaction, so a file
	// changed while any group was read fails it whole); earlier groups
	// give the digest taken before.
	open := func(i int, ids engine.IDs) (rowStream, error) {
		g := groups[i]
		opts := loaders.ReadOptions{Region: l.region, Zone: l.zone, SourceID: ids.SourceID, FirstID: ids.FirstRow,
			Workers: l.workers, Progress: prog, Gzip: container == loaders.Gzipped}
		if g.Delivery != nil {
			digest := func() (string, error) { return hashReaderAt(f, st.Size()) }
			if i < len(groups)-1 {
				digest = func() (string, error) { return sum, nil }
			}
			ps := loaders.NewPartStream(ctx, g.Delivery, g.Profile, opts, digest)
			parts = append(parts, opened{ps, g.Profile.Name})
			return ps, nil
		}
		return loaders.NewStream(ctx, f, g.Profile, opts)
	}
	// reportParts adds to r the parts the streams read, with their profile
	// and counts, and those they skipped.
	reportParts := func() {
		for _, o := range parts {
			r.Skipped = append(r.Skipped, o.stream.Skipped()...)
			for _, pc := range o.stream.PartCounts() {
				if pc.Skipped == "" {
					r.Parts = append(r.Parts, partReport{Part: pc.Name, Profile: o.profile, Read: pc.Counts.Read,
						Loaded: pc.Counts.Loaded, Rejected: pc.Counts.Rejected, Duplicates: pc.Counts.Duplicate})
				}
			}
		}
	}
	if l.dryRun {
		for i := range groups {
			s, err := open(i, engine.IDs{FirstRow: 1})
			if err != nil {
				stopBar()
				return fail(err)
			}
			if r = l.dryRunOne(r, s); r.Status == "failed" {
				break
			}
		}
		stopBar()
		reportParts()
		return r
	}
	landings := make([]engine.Landing, len(groups))
	for i, g := range groups {
		landings[i] = engine.Landing{Table: g.Profile.Kind.Table(), Kind: string(g.Profile.Kind), Profile: g.Profile.Name,
			ProfileSHA256: g.Profile.SHA256, TimeZone: l.zoneOf(g.Profile),
			Start: func(ids engine.IDs) (engine.Stream, error) { return open(i, ids) }}
	}
	res, err := l.c.LoadDelivery(ctx, meta, landings)
	stopBar()
	reportParts()
	if err != nil {
		return fail(fmt.Errorf("%s: %w", path, err))
	}
	r.Status, r.SourceID, r.SHA256 = "loaded", res.SourceID, res.SHA256
	if res.AlreadyLoaded {
		r.Status = "already-loaded"
	}
	r.Read, r.Loaded, r.Rejected, r.Duplicates = res.Counts.Read, res.Counts.Loaded, res.Counts.Rejected, res.Counts.Duplicate
	r.elapsed = res.Elapsed
	r.Seconds = res.Elapsed.Seconds()
	return r
}

// zoneOf is the zone assumed for a profile's local times: its own, or the
// load's (--tz, or the case's).
func (l *loader) zoneOf(p *loaders.Profile) string {
	if p.Time.Zone != "" {
		return p.Time.Zone
	}
	return l.zone.String()
}

// regionOf is the region for a profile's national-format numbers.
func (l *loader) regionOf(p *loaders.Profile) string {
	if p.Region != "" {
		return p.Region
	}
	return l.region
}

// hashReaderAt returns the hex SHA-256 of the first size bytes of r.
func hashReaderAt(r io.ReaderAt, size int64) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(r, 0, size)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// dryRunOne reads a file (or one profile's parts of a delivery) as a load
// would, writing nothing, and adds what it read to r.
func (l *loader) dryRunOne(r fileReport, s rowStream) fileReport {
	began := time.Now()
	defer s.Release()
	for s.Next() {
	}
	r.elapsed += time.Since(began)
	r.Seconds = r.elapsed.Seconds()
	if err := s.Err(); err != nil {
		r.Status, r.Error = "failed", err.Error()
		return r
	}
	c := s.Counts()
	r.Status = "dry-run"
	r.Read += c.Read
	r.Loaded += c.Loaded
	r.Rejected += c.Rejected
	r.Duplicates += c.Duplicate
	for _, rej := range s.Rejects() {
		if len(r.FirstRejects) == 5 {
			break
		}
		where := fmt.Sprintf("line %d", rej.Line)
		if rej.Part != "" {
			where = fmt.Sprintf("%s row %d", rej.Part, rej.Line)
		}
		r.FirstRejects = append(r.FirstRejects, fmt.Sprintf("%s: %s", where, rej.Reason))
	}
	return r
}

// chooseProfiles decides how a file is read: by the profile named, or by
// the one detected (auto); see planFile. d is nil for a plain file.
func (l *loader) chooseProfiles(ctx context.Context, path, name string, d *loaders.Delivery) (groups []loaders.Group, skipped []string, err error) {
	if name != "auto" {
		p, err := l.profiles.Get(name)
		if err != nil {
			return nil, nil, err
		}
		return []loaders.Group{{Profile: p, Delivery: d}}, nil, nil
	}
	groups, skipped, _, err = planFile(ctx, path, d, l.profiles, loaders.ReadOptions{Region: l.region, Zone: l.zone})
	return groups, skipped, err
}

// planFile detects how a file is read with --profile auto: a plain file by
// the profile that fits it confidently; a workbook or archive (d) by the
// profile that fits it as a whole, with the parts that profile cannot read
// shared among the profiles that read them (loaders.PlanDelivery), or, when
// no one profile fits the whole, each part by the profile that fits it.
// cands are the candidates for the file as a whole, best first.
func planFile(ctx context.Context, path string, d *loaders.Delivery, ps *loaders.Profiles, opts loaders.ReadOptions) (groups []loaders.Group, skipped []string, cands []loaders.Candidate, err error) {
	cands, err = detectFile(ctx, path, d, ps, opts)
	if err != nil {
		return nil, nil, nil, err
	}
	best, err := loaders.Choose(cands)
	if d == nil {
		if err != nil {
			return nil, nil, cands, err
		}
		return []loaders.Group{{Profile: best.Profile}}, nil, cands, nil
	}
	var p *loaders.Profile
	if err == nil {
		p = best.Profile
	}
	groups, skipped, perr := loaders.PlanDelivery(ctx, d, ps, p, opts)
	if perr != nil {
		return nil, nil, cands, perr
	}
	if len(groups) == 0 {
		return nil, nil, cands, err // no part fits any profile: say why the delivery as a whole does not
	}
	return groups, skipped, cands, nil
}

// openDeliveryFile opens a workbook or an archive for reading part by part;
// d is nil for a text file (plain or gzip). done closes what was opened.
func openDeliveryFile(path string) (d *loaders.Delivery, done func(), err error) {
	c, _ := loaders.ContainerOf(path)
	if c != loaders.Workbook && c != loaders.Archive {
		return nil, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err == nil {
		d, err = loaders.OpenDelivery(f, st.Size(), path, c)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return d, func() { d.Close(); f.Close() }, nil
}

// detectFile tries every profile on a file: on the head of its text, or on
// each part of a workbook or archive (d, or opened here when d is nil).
func detectFile(ctx context.Context, path string, d *loaders.Delivery, ps *loaders.Profiles, opts loaders.ReadOptions) ([]loaders.Candidate, error) {
	if d == nil {
		opened, done, err := openDeliveryFile(path)
		if err != nil {
			return nil, err
		}
		defer done()
		d = opened
	}
	if d != nil {
		return loaders.DetectDelivery(ctx, d, ps, opts)
	}
	head, err := readHead(path, 256<<10)
	if err != nil {
		return nil, err
	}
	return loaders.Detect(ctx, head, ps, opts), nil
}

// readHead returns the first n bytes of a file's text (decompressed when the
// file is gzip).
func readHead(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if isGzip(path) {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		r = zr
	}
	buf := make([]byte, n)
	m, err := io.ReadFull(r, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return buf[:m], nil
}

// isGzip reports whether a file is gzip-compressed, by its name.
func isGzip(path string) bool { return strings.EqualFold(filepath.Ext(path), ".gz") }

// expandPaths turns files and directories into a sorted list of files. In a
// directory, only files with a loadable extension are taken (a file named on
// the command line is always taken); the others are returned as skipped.
func expandPaths(paths []string) (files, skipped []string, err error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("%w: %s: no such file or directory", errUsage, p)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") && path != p {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() && d.Type().IsRegular() {
				if _, ok := loaders.ContainerOf(path); ok {
					found = append(found, path)
				} else {
					skipped = append(skipped, path)
				}
			}
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("read directory %s: %w", p, err)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, skipped, nil
}

func printLoadSummary(w io.Writer, reports []fileReport) {
	t := &textTable{header: []string{"file", "profile", "status", "read", "loaded", "rejected", "duplicates", "rows/s"}, right: map[int]bool{3: true, 4: true, 5: true, 6: true, 7: true}}
	var tot fileReport
	for _, r := range reports {
		rate := ""
		if r.elapsed > 0 {
			rate = humanCount(float64(r.Read) / r.elapsed.Seconds())
		}
		t.add(filepath.Base(r.File), r.Profile, r.Status, fmt.Sprint(r.Read), fmt.Sprint(r.Loaded), fmt.Sprint(r.Rejected), fmt.Sprint(r.Duplicates), rate)
		tot.Read += r.Read
		tot.Loaded += r.Loaded
		tot.Rejected += r.Rejected
		tot.Duplicates += r.Duplicates
	}
	if len(reports) > 1 {
		t.add("total", "", "", fmt.Sprint(tot.Read), fmt.Sprint(tot.Loaded), fmt.Sprint(tot.Rejected), fmt.Sprint(tot.Duplicates), "")
	}
	t.write(w)
	for _, r := range reports {
		if len(r.Parts) > 1 {
			pt := &textTable{header: []string{"part", "profile", "read", "loaded", "rejected", "duplicates within the file"}, right: map[int]bool{2: true, 3: true, 4: true, 5: true}}
			for _, p := range r.Parts {
				pt.add(p.Part, p.Profile, fmt.Sprint(p.Read), fmt.Sprint(p.Loaded), fmt.Sprint(p.Rejected), fmt.Sprint(p.Duplicates))
			}
			fmt.Fprintf(w, "\n%s, by part:\n", r.File)
			pt.write(w)
		}
		if len(r.Split) > 0 {
			fmt.Fprintf(w, "\n%s: parts in another layout:\n  %s\n", r.File, strings.Join(r.Split, "\n  "))
		}
		if len(r.Skipped) > 0 {
			fmt.Fprintf(w, "\n%s: parts not loaded:\n  %s\n", r.File, strings.Join(r.Skipped, "\n  "))
		}
		switch r.Status {
		case "failed":
			fmt.Fprintf(w, "\n%s: not loaded: %s\n", r.File, r.Error)
		case "dry-run":
			if len(r.FirstRejects) > 0 {
				fmt.Fprintf(w, "\n%s: first rejects:\n  %s\n", r.File, strings.Join(r.FirstRejects, "\n  "))
			}
		case "already-loaded":
			fmt.Fprintf(w, "\n%s: already in the case as source %d (same SHA-256); nothing added\n", r.File, r.SourceID)
		}
	}
	dry := false
	for _, r := range reports {
		dry = dry || r.Status == "dry-run"
	}
	if dry {
		fmt.Fprintln(w, "\ndry run: nothing was written to the case")
	} else if tot.Rejected > 0 {
		fmt.Fprintf(w, "\n%d rows rejected: see them with  SELECT * FROM rejects ORDER BY source_id, line\n", tot.Rejected)
	}
}
