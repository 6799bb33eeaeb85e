package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/engine/exhibit"
)

const exhibitAbout = `
Turn a case and a question into court exhibits. Every exhibit carries in
itself the case, the query, the time zone, the SHA-256 of every input file that
contributed a row, the mast version and the digest of its rows; it is recorded
in the case's exhibits table, and 'mast exhibit verify' checks it against the
case at any later time. See docs/exhibits.md.

  exhibit schedule  a schedule of events: --out FILE.csv, .xlsx or .pdf
  exhibit map       a map: --out FILE.geojson, .kml, .pdf, .png or .html
  exhibit report    the case report (sources, analyses, methods, exhibits): --out DIR
  exhibit verify    re-run an exhibit's recorded query and say whether it still matches`

func (a *app) cmdExhibit(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprintf(a.stdout, "Usage: mast exhibit schedule|map|report|verify [flags]\n%s\n", exhibitAbout)
		if len(args) == 0 {
			return fmt.Errorf("%w: which exhibit? (schedule, map, report, verify)", errUsage)
		}
		return nil
	}
	switch args[0] {
	case "schedule", "map":
		return a.exhibitMake(ctx, args[0], args[1:])
	case "report":
		return a.exhibitReport(ctx, args[1:])
	case "verify":
		return a.exhibitVerify(ctx, args[1:])
	}
	return fmt.Errorf("%w: unknown exhibit %q (schedule, map, report, verify)", errUsage, args[0])
}

func (a *app) exhibitMake(ctx context.Context, kind string, args []string) error {
	about := `Writes a schedule of events: one row per event with the date and time in the
stated time zone, duration, direction, type, the other party, the cell and its
site, position and azimuth, a note (dialled digits, duplicates, local times at
a clock change) and the file and line each row came from. --subject gives the
standard schedule of a handset; --sql any query (rows that carry event_id,
event_ids, or source_id and source_row are traced to their lines). CSV is for
machines (its manifest goes beside it, FILE.csv.manifest.json); XLSX has a
frozen, filtered header, typed cells, and Sources and Provenance sheets; PDF is
paginated with the exhibit header on every page and a sources appendix.`
	examples := `  mast exhibit schedule --case op-alpha --subject 07700900123 --from 2026-03-27 --to 2026-03-30 --out JB-1.pdf --ref JB/1
  mast exhibit schedule --case op-alpha --sql "SELECT * FROM colocations('+447700900123', '+447700900456')" --out JB-2.xlsx`
	formats := "csv, xlsx or pdf"
	if kind == "map" {
		about = `Draws a map: the sites of the cells used, their estimated serving areas
(drawn as estimates and labelled so), journeys as lines and stays, with a
legend, north arrow, scale bar, the time span and the exhibit header, on a
plain background or a local basemap (--basemap: a GeoJSON file, or a PNG/JPEG
with a world file). --subject draws a handset's map; --sql draws any query
that returns a GEOMETRY column (a layer column may say points, areas, lines,
stays or cameras; a label column names features). No network is used.
GeoJSON opens in QGIS, KML in Google Earth; the HTML map is one file that
works offline.`
		examples = `  mast exhibit map --case op-alpha --subject 07700900123 --from 2026-03-28 --to 2026-03-29 --out JB-3.pdf --ref JB/3
  mast exhibit map --case op-alpha --sql "SELECT * FROM camera_points" --out cameras.kml
  mast exhibit map --case op-alpha --subject 07700900123 --basemap roads.geojson --out JB-4.png`
		formats = "geojson, kml, pdf, png or html"
	}
	fs, casesDir := a.newFlags("exhibit "+kind, "--case NAME (--subject NUMBER [--from T] [--to T] | --sql QUERY) --out FILE [flags]", about, examples)
	name := fs.String("case", "", "the case")
	subject := fs.String("subject", "", "a handset: a number in any written form, an IMSI or an IMEI")
	from := fs.String("from", "", "start of the span (date or date and time in --tz; inclusive)")
	to := fs.String("to", "", "end of the span (exclusive; a date alone means the start of that day)")
	query := fs.String("sql", "", "the query whose rows the exhibit shows, instead of --subject")
	out := fs.String("out", "", "the file to write: "+formats+" by its extension")
	ref := fs.String("ref", "", "exhibit reference printed on it (default MAST/<case>/<n>)")
	title := fs.String("title", "", "title printed on it (default from the subject and span)")
	analyst := fs.String("analyst", "", "producing analyst (default $MAST_ANALYST, else the login name)")
	tz := fs.String("tz", "", "time zone times are shown in (default the case's)")
	basemap := fs.String("basemap", "", "maps: a local basemap, GeoJSON or PNG/JPEG with a world file")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("%w: --out FILE is required (%s)", errUsage, formats)
	}
	if (*subject == "") == (*query == "") {
		return fmt.Errorf("%w: give --subject NUMBER or --sql QUERY (one of them)", errUsage)
	}
	if *query != "" && (*from != "" || *to != "") {
		return fmt.Errorf("%w: --from and --to go with --subject; put the span in the query", errUsage)
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
	if format == "json" {
		format = "geojson"
	}
	c, err := a.openCase(ctx, *casesDir, *name)
	if err != nil {
		return err
	}
	defer c.Close()
	loc, err := exhibit.Zone(*tz, c)
	if err != nil {
		return fmt.Errorf("%w: --tz: %v", errUsage, err)
	}
	req := exhibit.Request{Kind: kind, Format: format, Case: c.Settings().Name, Query: *query, Reference: *ref, Title: *title,
		Analyst: a.analyst(*analyst), Command: "mast " + quoteArgs(append([]string{"exhibit", kind}, args...)), Loc: loc, Now: time.Now(), Basemap: *basemap}
	if *subject != "" {
		s := exhibit.Subject{Subject: *subject}
		if s.From, err = parseWhen(*from, loc); err != nil {
			return fmt.Errorf("%w: --from: %v", errUsage, err)
		}
		if s.To, err = parseWhen(*to, loc); err != nil {
			return fmt.Errorf("%w: --to: %v", errUsage, err)
		}
		req.Subject = &s
	}
	id, err := exhibit.NextID(ctx, c.DB())
	if err != nil {
		return err
	}
	if req.Reference == "" {
		req.Reference = fmt.Sprintf("MAST/%s/%d", req.Case, id)
	}
	m, sum, err := writeExhibit(ctx, c, req, *out)
	if err != nil {
		return err
	}
	if err := exhibit.Register(ctx, c.DB(), id, m, filepath.Base(*out), sum); err != nil {
		return err
	}
	traced := "every row traced to a line of its file"
	if m.Traced == "case" {
		traced = "rows carry no event or source id: every file of the case is listed as an input"
	}
	fmt.Fprintf(a.stdout, "%s %s: %s (%d rows, %d input files; %s)\nSHA-256 %s\n", m.Reference, kind, *out, m.Rows, len(m.Inputs), traced, sum)
	return nil
}

// writeExhibit writes the exhibit to a temporary file beside out and renames
// it into place, so a failure leaves no half-written exhibit; a CSV gets its
// manifest beside it.
func writeExhibit(ctx context.Context, c *engine.Case, req exhibit.Request, out string) (*exhibit.Manifest, string, error) {
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return nil, "", err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	m, err := exhibit.Produce(ctx, c.DB(), req, io.MultiWriter(tmp, h))
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if err == nil {
		err = tmp.Close()
	} else {
		tmp.Close()
	}
	if err != nil {
		return nil, "", fmt.Errorf("exhibit %s: %w", out, err)
	}
	if req.Format == "csv" {
		if err := os.WriteFile(out+".manifest.json", m.JSON(), 0o644); err != nil {
			return nil, "", err
		}
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return nil, "", err
	}
	return m, hex.EncodeToString(h.Sum(nil)), nil
}

func (a *app) analyst(flagValue string) string {
	for _, v := range []string{flagValue, a.getenv("MAST_ANALYST"), a.getenv("USER"), a.getenv("LOGNAME")} {
		if v != "" {
			return v
		}
	}
	return "unknown"
}

// parseWhen reads a date or a date and time, in loc unless it has an offset.
func parseWhen(s string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (2026-03-27) or date and time (2026-03-27 08:00)", s)
}

// quoteArgs writes a command line so that it can be pasted back into a shell.
func quoteArgs(args []string) string {
	out := make([]string, len(args))
	for i, s := range args {
		if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`*?;&|<>()[]{}!#~") {
			out[i] = s
			continue
		}
		out[i] = "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return strings.Join(out, " ")
}

// errMismatch is an exhibit that no longer matches its case.
var errMismatch = errors.New("exhibit does not match the case")

func (a *app) exhibitVerify(ctx context.Context, args []string) error {
	fs, casesDir := a.newFlags("exhibit verify", "FILE --case NAME",
		`Reads the manifest an exhibit carries (or FILE.manifest.json beside a CSV),
re-runs its recorded query on the case in its recorded time zone, and says
whether the rows are still the ones the exhibit shows (their SHA-256), whether
every input file it names is still in the case with the same SHA-256, and
whether the file is byte for byte the one registered when it was produced.
Exit status 0 when it matches; 1 with the reasons when not.`,
		"  mast exhibit verify JB-1.pdf --case op-alpha")
	name := fs.String("case", "", "the case")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: give one exhibit file", errUsage)
	}
	m, err := exhibit.ReadManifest(pos[0])
	if err != nil {
		return err
	}
	if *name == "" {
		*name = m.Case
	}
	c, err := a.openCase(ctx, *casesDir, *name)
	if err != nil {
		return err
	}
	defer c.Close()
	v, err := exhibit.Verify(ctx, c.DB(), m)
	if err != nil {
		return err
	}
	mismatch, note, err := exhibit.CheckRegistered(ctx, c.DB(), m, pos[0])
	if err != nil {
		return err
	}
	if mismatch != "" {
		v.Problems = append(v.Problems, mismatch)
		v.Matches = false
	}
	if note != "" {
		fmt.Fprintln(a.stdout, "note: "+note)
	}
	fmt.Fprintf(a.stdout, "%s (%s, produced %s by %s with mast %s)\nquery re-run: %d rows, SHA-256 %s\n", m.Reference, pos[0],
		m.ProducedAt.UTC().Format("2006-01-02 15:04:05 UTC"), m.Analyst, m.MastVersion, v.Rows, v.RowsSHA256)
	if v.Matches {
		fmt.Fprintln(a.stdout, "matches: the case gives the same rows from the same input files")
		return nil
	}
	for _, p := range v.Problems {
		fmt.Fprintln(a.stdout, "does not match: "+p)
	}
	return errMismatch
}

func (a *app) exhibitReport(ctx context.Context, args []string) error {
	fs, casesDir := a.newFlags("exhibit report", "--case NAME --out DIR",
		`Writes the case report to DIR: report.pdf and report.md with the sources
(file, SHA-256, rows read, loaded and rejected, profile, time zone assumed),
the analyses the exhibits ran with their parameters, each analysis' method and
limits, and the exhibits produced (reference, file, SHA-256, query).`,
		"  mast exhibit report --case op-alpha --out report/")
	name := fs.String("case", "", "the case")
	out := fs.String("out", "", "directory to write the report to (created if missing)")
	analyst := fs.String("analyst", "", "producing analyst (default $MAST_ANALYST, else the login name)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("%w: --out DIR is required", errUsage)
	}
	c, err := a.openCase(ctx, *casesDir, *name)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	files, err := exhibit.WriteReport(ctx, c.DB(), exhibit.ReportRequest{Case: c.Settings().Name, Analyst: a.analyst(*analyst), Now: time.Now(), Dir: *out})
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintln(a.stdout, f)
	}
	return nil
}
