package exhibit

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/engine/exhibit/draw"
	"github.com/mastcdr/mast/engine/exhibit/mapview"
)

// needTool returns the path of a Debian tool the test reads exhibits with; it
// skips without it, unless MAST_REQUIRE_CLIENTS=1 (CI), when it fails.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("MAST_REQUIRE_CLIENTS") == "1" {
			t.Fatalf("%s is not installed (poppler-utils / gdal-bin)", name)
		}
		t.Skipf("%s is not installed", name)
	}
	return p
}

func produce(t *testing.T, r Request) ([]byte, *Manifest) {
	t.Helper()
	c := demo(t)
	if r.Loc == nil {
		r.Loc = london(t)
	}
	if r.Now.IsZero() {
		r.Now = fixedNow
	}
	r.Case = "demo"
	var buf bytes.Buffer
	m, err := Produce(context.Background(), c.DB(), r, &buf)
	require.NoError(t, err)
	return buf.Bytes(), m
}

var subjectSpan = Subject{Subject: "+447700926847", From: time.Date(2026, 3, 28, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC)}

func TestExhibitsAreReproducible(t *testing.T) {
	for kind, formats := range Formats {
		for _, f := range formats {
			t.Run(kind+"/"+f, func(t *testing.T) {
				s := subjectSpan
				r := Request{Kind: kind, Format: f, Subject: &s, Reference: "T/1", Analyst: "A. Analyst", Command: "test"}
				a, ma := produce(t, r)
				b, mb := produce(t, r)
				require.NotEmpty(t, a)
				require.True(t, bytes.Equal(a, b), "two productions from the same inputs differ")
				// Another production time changes the stamp, never the rows.
				r.Now = fixedNow.Add(time.Hour)
				_, mc := produce(t, r)
				require.Equal(t, ma.RowsSHA256, mb.RowsSHA256)
				require.Equal(t, ma.RowsSHA256, mc.RowsSHA256)
				require.Equal(t, ma.Inputs, mc.Inputs)
				require.Positive(t, ma.Rows)
			})
		}
	}
}

func TestEveryFormatCarriesItsManifest(t *testing.T) {
	dir := t.TempDir()
	for kind, formats := range Formats {
		for _, f := range formats {
			t.Run(kind+"/"+f, func(t *testing.T) {
				s := subjectSpan
				b, m := produce(t, Request{Kind: kind, Format: f, Subject: &s, Reference: "T/2", Analyst: "A. Analyst", Command: "test"})
				path := filepath.Join(dir, kind+"."+f)
				require.NoError(t, os.WriteFile(path, b, 0o644))
				if f == "csv" {
					require.NoError(t, os.WriteFile(path+".manifest.json", m.JSON(), 0o644))
				}
				got, err := ReadManifest(path)
				require.NoError(t, err)
				require.Equal(t, m.JSON(), got.JSON())
				require.Equal(t, "demo", got.Case)
				require.Equal(t, "Europe/London", got.TimeZone)
				require.NotEmpty(t, got.Inputs[0].SHA256)
				require.Contains(t, got.Query, "'+447700926847'")
			})
		}
	}
}

func TestVerifyFindsAChangedCase(t *testing.T) {
	c := newDemo(t)
	ctx := context.Background()
	var buf bytes.Buffer
	s := Subject{Subject: "+447700926847"}
	m, err := Produce(ctx, c.DB(), Request{Kind: "schedule", Format: "csv", Case: "demo", Subject: &s, Loc: london(t), Now: fixedNow}, &buf)
	require.NoError(t, err)
	v, err := Verify(ctx, c.DB(), m)
	require.NoError(t, err)
	require.True(t, v.Matches, "%v", v.Problems)
	require.Equal(t, m.Rows, v.Rows)

	// A tampered manifest does not match.
	bad := *m
	bad.RowsSHA256 = strings.Repeat("0", 64)
	v, err = Verify(ctx, c.DB(), &bad)
	require.NoError(t, err)
	require.False(t, v.Matches)

	// Nor does a case whose rows changed: one of the subject's events gone.
	_, err = c.DB().Exec(`DELETE FROM events WHERE event_id = (SELECT max(event_id) FROM events WHERE subject_msisdn = '+447700926847')`)
	require.NoError(t, err)
	v, err = Verify(ctx, c.DB(), m)
	require.NoError(t, err)
	require.False(t, v.Matches)
	require.Equal(t, m.Rows-1, v.Rows)
	require.Contains(t, strings.Join(v.Problems, "\n"), "rows")

	// Nor one whose input file changed.
	_, err = c.DB().Exec(`UPDATE sources SET sha256 = 'f00' WHERE source_id = ?`, m.Inputs[0].SourceID)
	require.NoError(t, err)
	v, err = Verify(ctx, c.DB(), m)
	require.NoError(t, err)
	require.Contains(t, strings.Join(v.Problems, "\n"), "is now "+m.Inputs[0].FileName+" with SHA-256 f00")
}

func TestSchedulePDFReadsAsAPersonWould(t *testing.T) {
	pdftotext, pdfinfo, pdftoppm := needTool(t, "pdftotext"), needTool(t, "pdfinfo"), needTool(t, "pdftoppm")
	s := Subject{Subject: "+447700926847"}
	b, m := produce(t, Request{Kind: "schedule", Format: "pdf", Subject: &s, Reference: "JB/1", Analyst: "DC Jane Brown", Command: "test"})
	dir := t.TempDir()
	path := filepath.Join(dir, "jb1.pdf")
	require.NoError(t, os.WriteFile(path, b, 0o644))

	info, err := exec.Command(pdfinfo, path).Output()
	require.NoError(t, err)
	pages, err := strconv.Atoi(regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(string(info))[1])
	require.NoError(t, err)
	require.Greater(t, pages, 2)
	require.Contains(t, string(info), "JB/1 Schedule of events of +447700926847")
	require.Contains(t, string(info), "DC Jane Brown")

	var events []string // "file:line" of each row, in order
	rows, err := demo(t).DB().Query(`SELECT s.file_name || ':' || e.source_row FROM events e JOIN sources s USING (source_id) WHERE subject_msisdn = '+447700926847' ORDER BY start_utc, event_id`)
	require.NoError(t, err)
	for rows.Next() {
		var x string
		require.NoError(t, rows.Scan(&x))
		events = append(events, x)
	}
	rows.Close()
	require.Equal(t, int64(len(events)), m.Rows)

	pos := 0
	for p := 1; p <= pages; p++ {
		txt, err := exec.Command(pdftotext, "-layout", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), path, "-").Output()
		require.NoError(t, err)
		page := string(txt)
		require.Contains(t, page, "Exhibit JB/1", "page %d", p)
		require.Contains(t, page, "Page "+strconv.Itoa(p)+" of "+strconv.Itoa(pages))
		require.Contains(t, page, "Case demo")
		require.Contains(t, page, "Europe/London")
		// The rows appear in order, each with its file and line.
		for pos < len(events) {
			i := strings.Index(page, events[pos]+"\n")
			if i < 0 {
				i = strings.Index(page, events[pos]+" ")
			}
			if i < 0 {
				break
			}
			page = page[i:]
			pos++
		}
		if p == pages {
			require.Contains(t, string(txt), "ORDER BY e.start_utc")
		}
	}
	require.Equal(t, len(events), pos, "every row appears in order; missing from %d", pos)
	all, err := exec.Command(pdftotext, path, "-").Output()
	require.NoError(t, err)
	require.Contains(t, string(all), m.Inputs[0].SHA256)

	require.NoError(t, exec.Command(pdftoppm, "-r", "40", "-png", path, filepath.Join(dir, "page")).Run())
	pngs, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	require.Len(t, pngs, pages)
	for _, p := range pngs {
		require.Greater(t, inkShare(t, p), 0.01, "%s is blank", p)
	}
}

// inkShare is the share of a PNG's pixels that are not near white.
func inkShare(t *testing.T, path string) float64 {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	var ink, all int
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			all++
			if r < 0xE000 || g < 0xE000 || bl < 0xE000 {
				ink++
			}
		}
	}
	return float64(ink) / float64(all)
}

func TestMapPNGShowsTheFeaturesWhereTheyAre(t *testing.T) {
	s := subjectSpan
	b, m := produce(t, Request{Kind: "map", Format: "png", Subject: &s, Reference: "JB/3", Analyst: "A", Command: "test"})
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)

	// Where each site of the cells used should be, by the map's own layout.
	c := demo(t)
	tab, err := Query(context.Background(), c.DB(), m.Query, london(t))
	require.NoError(t, err)
	fs, err := features(tab, &Manifest{})
	tab.Close()
	require.NoError(t, err)
	mv, err := mapOf(fs, m, london(t), "")
	require.NoError(t, err)
	r := draw.NewRaster(mapPageW, mapPageH, mapDPI)
	lay, err := mapview.Place(r, mv)
	require.NoError(t, err)
	scale := float64(img.Bounds().Dx()) / mapPageW
	require.NotEmpty(t, mv.Points)
	for _, p := range mv.Points {
		at := lay.Projection.Point(p.Lon, p.Lat)
		x, y := int(at.X*scale), int(at.Y*scale)
		require.True(t, reddish(img, x, y, 4), "no event mark at %v (%d,%d) for %s", at, x, y, p.Label)
	}
	// Nothing red far from every point: the marks are where the data says.
	frame := lay.Frame
	cx, cy := int((frame.X+4)*scale), int((frame.Y+4)*scale)
	require.False(t, reddish(img, cx, cy, 2), "the frame's corner is not blank")
}

// reddish says whether a strongly red pixel is within d pixels of (x, y).
func reddish(img image.Image, x, y, d int) bool {
	for j := y - d; j <= y+d; j++ {
		for i := x - d; i <= x+d; i++ {
			r, g, b, _ := img.At(i, j).RGBA()
			if r > 0xB000 && g < 0x5000 && b < 0x5000 {
				return true
			}
		}
	}
	return false
}

func TestGeoJSONAndKMLReadBackWithOGR(t *testing.T) {
	ogrinfo := needTool(t, "ogrinfo")
	dir := t.TempDir()
	for _, f := range []string{"geojson", "kml"} {
		t.Run(f, func(t *testing.T) {
			s := subjectSpan
			b, m := produce(t, Request{Kind: "map", Format: f, Subject: &s, Reference: "JB/4", Analyst: "A", Command: "test"})
			path := filepath.Join(dir, "m."+f)
			require.NoError(t, os.WriteFile(path, b, 0o644))
			out, err := exec.Command(ogrinfo, "-ro", "-al", "-q", path).CombinedOutput()
			require.NoError(t, err, "%s", out)
			txt := string(out)
			// Every feature the query gives is there, with its label.
			require.Equal(t, int(m.Rows), strings.Count(txt, "OGRFeature("), "%s", txt[:min(len(txt), 2000)])
			rows, err := demo(t).DB().Query(`SELECT label FROM (` + m.Query + `)`)
			require.NoError(t, err)
			for rows.Next() {
				var label string
				require.NoError(t, rows.Scan(&label))
				require.Contains(t, txt, label)
			}
			rows.Close()
			for _, g := range []string{"POLYGON", "LINESTRING", "POINT"} {
				require.Contains(t, txt, g)
			}
		})
	}
}

func TestExhibitFunctionGivesTheSameBytesFromSQL(t *testing.T) {
	c := demo(t)
	s := Subject{Subject: "+447700926847"}
	want, m := produce(t, Request{Kind: "schedule", Format: "csv", Subject: &s, Reference: "MAST/demo/SQL"})
	var name, manifest string
	var got []byte
	var rows int64
	err := c.DB().QueryRow(`SELECT file_name, bytes, rows, manifest FROM exhibit('schedule', 'csv', subject := '+447700926847')`).Scan(&name, &got, &rows, &manifest)
	require.NoError(t, err)
	require.Equal(t, "MAST-demo-SQL.csv", name)
	require.Equal(t, m.Rows, rows)
	require.Equal(t, string(want), string(got))
	var back Manifest
	require.NoError(t, json.Unmarshal([]byte(manifest), &back))
	require.Equal(t, m.RowsSHA256, back.RowsSHA256)
	require.Contains(t, back.Command, "exhibit('schedule', 'csv', subject := '+447700926847')")

	err = c.DB().QueryRow(`SELECT bytes FROM exhibit('schedule', 'pdf', query := 'DROP TABLE events')`).Scan(&got)
	require.ErrorContains(t, err, "an exhibit is made from a query")
	err = c.DB().QueryRow(`SELECT bytes FROM exhibit('poster', 'pdf', query := 'SELECT 1')`).Scan(&got)
	require.ErrorContains(t, err, "kind is schedule or map")
	var n int64
	require.NoError(t, c.DB().QueryRow(`SELECT count(*) FROM events`).Scan(&n))
	require.Positive(t, n)
}

func TestReportListsSourcesAnalysesAndExhibits(t *testing.T) {
	c := newDemo(t)
	ctx := context.Background()
	s := subjectSpan
	var buf bytes.Buffer
	m, err := Produce(ctx, c.DB(), Request{Kind: "map", Format: "geojson", Case: "demo", Subject: &s, Reference: "JB/9", Analyst: "A", Command: "mast exhibit map", Loc: london(t), Now: fixedNow}, &buf)
	require.NoError(t, err)
	require.NoError(t, Register(ctx, c.DB(), 1, m, "jb9.geojson", "abc123"))
	dir := t.TempDir()
	files, err := WriteReport(ctx, c.DB(), ReportRequest{Case: "demo", Analyst: "A", Now: fixedNow, Dir: dir})
	require.NoError(t, err)
	require.Len(t, files, 2)
	md, err := os.ReadFile(files[0])
	require.NoError(t, err)
	txt := string(md)
	rows, err := c.DB().Query(`SELECT file_name, sha256, rows_read, rows_loaded, rows_rejected FROM sources`)
	require.NoError(t, err)
	for rows.Next() {
		var f, sha string
		var read, loaded, rejected int64
		require.NoError(t, rows.Scan(&f, &sha, &read, &loaded, &rejected))
		require.Equal(t, read, loaded+rejected)
		require.Contains(t, txt, "| "+f+" | `"+sha+"` |")
	}
	rows.Close()
	for _, want := range []string{"### journeys", "### stays", "### serving-areas", "JB/9", "abc123", "**Method**", "What it can and cannot claim",
		"journeys(subject_key('+447700926847'), since := '2026-03-28 00:00:00+00'::TIMESTAMPTZ, until := '2026-03-29 00:00:00+00'::TIMESTAMPTZ)"} {
		require.Contains(t, txt, want)
	}
	if p, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command(p, files[1], "-").Output()
		require.NoError(t, err)
		require.Contains(t, string(out), "Case report: demo")
		require.Contains(t, string(out), "JB/9")
	}
}
