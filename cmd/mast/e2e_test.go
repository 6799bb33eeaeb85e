package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The end-to-end tests run the built binary, as an analyst would.

var mastBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mast-e2e-")
	if err != nil {
		panic(err)
	}
	mastBin = filepath.Join(dir, "mast")
	cmd := exec.Command("go", "build", "-o", mastBin, ".")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		panic("build mast: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// mast runs the binary and returns its stdout, stderr and exit code.
func mast(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(mastBin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return out.String(), errb.String(), code
}

func mastOK(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := mast(t, args...)
	require.Equal(t, 0, code, "mast %s\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), out, errs)
	return out
}

// query runs one SQL statement through `mast sql --format json`.
func query(t *testing.T, cases, name, q string) []map[string]any {
	t.Helper()
	out := mastOK(t, "sql", "--cases", cases, "--case", name, "--format", "json", "-c", q)
	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rows), out)
	return rows
}

func num(v any) int64 {
	switch x := v.(type) {
	case float64:
		return int64(x)
	case json.Number:
		n, _ := x.Int64()
		return n
	}
	return -1
}

// truth is the part of the generator's truth.json the tests read.
type truth struct {
	Files []struct {
		Name       string `json:"name"`
		Rows       int64  `json:"rows"`
		Bad        int64  `json:"bad"`
		Duplicates int64  `json:"duplicates"`
	} `json:"files"`
	Malformed []struct {
		File string `json:"file"`
		Line int64  `json:"line"`
	} `json:"malformed"`
}

func TestDemoLoadsTheSampleCaseWithProvenance(t *testing.T) {
	cases := t.TempDir()
	out := mastOK(t, "demo", "--cases", cases, "--data", "../../testdata/demo")
	for _, want := range []string{"handsets", "events", "date range", "cells matched", "rejects"} {
		require.Contains(t, out, want)
	}

	raw, err := os.ReadFile("../../testdata/demo/truth.json")
	require.NoError(t, err)
	var tr truth
	require.NoError(t, json.Unmarshal(raw, &tr))

	// Every file: read = loaded + rejected, and its counts are what the generator wrote.
	srcs := query(t, cases, "demo", "SELECT file_name, rows_read, rows_loaded, rows_rejected, rows_duplicate FROM sources ORDER BY source_id")
	require.NotEmpty(t, srcs)
	byName := map[string]map[string]any{}
	for _, s := range srcs {
		require.Equal(t, num(s["rows_read"]), num(s["rows_loaded"])+num(s["rows_rejected"]), "%v", s)
		byName[s["file_name"].(string)] = s
	}
	for _, f := range tr.Files {
		s, ok := byName[f.Name]
		if !ok {
			continue // truth.json itself
		}
		require.Equal(t, f.Rows, num(s["rows_read"]), f.Name)
		require.Equal(t, f.Bad, num(s["rows_rejected"]), f.Name)
		require.GreaterOrEqual(t, num(s["rows_duplicate"]), f.Duplicates, f.Name)
	}

	// Every planted malformed line is in rejects, at its line.
	rej := query(t, cases, "demo", "SELECT s.file_name, r.line, r.reason FROM rejects r JOIN sources s USING (source_id)")
	got := map[string]bool{}
	for _, r := range rej {
		got[r["file_name"].(string)+":"+strings.TrimSuffix(strings.TrimSuffix(jsonNum(r["line"]), ".0"), "")] = true
		require.NotEmpty(t, r["reason"])
	}
	for _, m := range tr.Malformed {
		require.True(t, got[m.File+":"+itoa(m.Line)], "malformed line %s:%d not in rejects (have %v)", m.File, m.Line, got)
	}

	// Provenance: a sample of events trace to the line of the file they came from.
	ev := query(t, cases, "demo", "SELECT s.path, e.source_row, e.record_id FROM events e JOIN sources s USING (source_id) WHERE e.record_id IS NOT NULL USING SAMPLE 25 ROWS")
	require.NotEmpty(t, ev)
	for _, e := range ev {
		line := readLine(t, e["path"].(string), num(e["source_row"]))
		require.True(t, strings.HasPrefix(line, e["record_id"].(string)+","), "line %d of %s is %q, want record %v", num(e["source_row"]), e["path"], line, e["record_id"])
	}

	// The OSGB36 planning export lands where the WGS84 list puts the same cells (within 1 m).
	osgb := query(t, cases, "demo", `SELECT count(*) AS n, max(greatest(abs(a.lat - b.lat) * 111320, abs(a.lon - b.lon) * 68000)) AS max_m
		FROM cells a JOIN cells b USING (cell_key)
		WHERE a.coord_source = 'osgb36-helmert' AND b.coord_source = 'wgs84' AND b.source_id = (SELECT source_id FROM sources WHERE file_name = 'cells.csv')`)[0]
	require.Greater(t, num(osgb["n"]), int64(100))
	require.Less(t, osgb["max_m"].(float64), 1.0)

	// The truth file beside the samples is skipped, not refused.
	_, errs, code := mast(t, "load", "--cases", cases, "--case", "demo", "../../testdata/demo/")
	require.Equal(t, 0, code, errs)
	require.Contains(t, errs, "skipping ../../testdata/demo/truth.json")

	// A dry run reads a new file, shows its rejects, and writes nothing.
	sources := query(t, cases, "demo", "SELECT count(*) AS n FROM sources")[0]["n"]
	out = mastOK(t, "load", "--cases", cases, "--case", "demo", "--dry-run", "../../testdata/samples/cdr_clock_changes.csv")
	require.Contains(t, out, "dry-run")
	require.Contains(t, out, `line 11: unknown time zone "Mars/Olympus_Mons"`)
	require.Contains(t, out, "nothing was written")
	require.Equal(t, sources, query(t, cases, "demo", "SELECT count(*) AS n FROM sources")[0]["n"])

	// Loading the same files again adds nothing and says so.
	before := query(t, cases, "demo", "SELECT count(*) AS n FROM events")[0]["n"]
	out = mastOK(t, "load", "--cases", cases, "--case", "demo", "--json", "../../testdata/demo/cells.csv")
	require.Contains(t, out, `"already-loaded"`)
	require.Equal(t, before, query(t, cases, "demo", "SELECT count(*) AS n FROM events")[0]["n"])
}

func TestKilledLoadLeavesTheCaseAsItWas(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a large file")
	}
	dir := t.TempDir()
	cases := filepath.Join(dir, "cases")
	world := filepath.Join(dir, "world")
	mastOK(t, "bench", "generate", "--out", world, "--handsets", "200", "--days", "30", "--events", "1500000", "--seed", "3")
	mastOK(t, "case", "init", "--cases", cases, "--case", "k")
	mastOK(t, "load", "--cases", cases, "--case", "k", "--quiet", filepath.Join(world, "cells.csv"))
	before := query(t, cases, "k", "SELECT (SELECT count(*) FROM sources) AS s, (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM cells) AS c")[0]

	killed := false
	for _, wait := range []time.Duration{1500 * time.Millisecond, 700 * time.Millisecond, 300 * time.Millisecond} {
		cmd := exec.Command(mastBin, "load", "--cases", cases, "--case", "k", "--quiet", "--profile", "mast-cdr", filepath.Join(world, "cdr.csv"))
		require.NoError(t, cmd.Start())
		time.Sleep(wait)
		if cmd.ProcessState == nil {
			_ = cmd.Process.Signal(syscall.SIGKILL)
		}
		err := cmd.Wait()
		if ee, ok := err.(*exec.ExitError); ok && !ee.Exited() {
			killed = true
			break
		}
		// It finished before the kill: undo by starting a fresh case.
		require.NoError(t, os.RemoveAll(cases))
		mastOK(t, "case", "init", "--cases", cases, "--case", "k")
		mastOK(t, "load", "--cases", cases, "--case", "k", "--quiet", filepath.Join(world, "cells.csv"))
	}
	require.True(t, killed, "the load finished before it could be killed")
	after := query(t, cases, "k", "SELECT (SELECT count(*) FROM sources) AS s, (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM cells) AS c")[0]
	require.Equal(t, before, after)

	// And the file then loads whole.
	mastOK(t, "load", "--cases", cases, "--case", "k", "--quiet", "--profile", "mast-cdr", filepath.Join(world, "cdr.csv"))
	n := query(t, cases, "k", "SELECT rows_read, rows_loaded, rows_rejected FROM sources WHERE kind = 'cdr'")
	require.Len(t, n, 1)
	require.Equal(t, num(n[0]["rows_read"]), num(n[0]["rows_loaded"])+num(n[0]["rows_rejected"]))
}

func TestHelpTeaches(t *testing.T) {
	out := mastOK(t, "--help")
	require.Contains(t, out, "five-minute tour")
	for _, cmd := range []string{"load", "sql", "case", "demo", "bench"} {
		require.Contains(t, out, cmd)
	}
	out = mastOK(t, "load", "--help")
	require.Contains(t, out, "Examples:")
	require.Contains(t, out, "--profile")
	_, errs, code := mast(t, "load", "--case", "x")
	require.Equal(t, 2, code)
	require.Contains(t, errs, "no files given")
	_, errs, code = mast(t, "load", "--cases", t.TempDir(), "--case", "missing", "../../testdata/demo/cells.csv")
	require.Equal(t, 1, code)
	require.Contains(t, errs, "mast case init --case missing")
}

func TestProfileCheckShowsRowsAsTheyWouldLoad(t *testing.T) {
	out := mastOK(t, "profile", "check", "mast-cdr", "../../testdata/samples/cdr_clock_changes.csv")
	require.Contains(t, out, "time_flag        ambiguous")
	require.Contains(t, out, "start_cell       404-98-230711555")
	require.Contains(t, out, `reject line 11 (time_zone): unknown time zone "Mars/Olympus_Mons"`)
	out = mastOK(t, "profile", "list")
	for _, p := range []string{"mast-cdr", "mast-cells", "opencellid", "osgb-cells", "anpr-simple"} {
		require.Contains(t, out, p)
	}
}

func TestProfileInferDraftsALoadableProfile(t *testing.T) {
	dir := t.TempDir()
	draft := mastOK(t, "profile", "infer", "--name", "acme-uk", "../../testdata/samples/uk_cdr.csv")
	require.Contains(t, draft, "CHECK")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "acme-uk.yaml"), []byte(draft), 0o644))
	cases := t.TempDir()
	mastOK(t, "case", "init", "--cases", cases, "--case", "x")
	out := mastOK(t, "load", "--cases", cases, "--case", "x", "--json", "--profiles", dir, "--profile", "acme-uk", "../../testdata/samples/uk_cdr.csv")
	require.Contains(t, out, `"status": "loaded"`)
	require.Contains(t, out, `"rows_read": 7`)
}

func readLine(t *testing.T, path string, n int64) string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for i := int64(1); sc.Scan(); i++ {
		if i == n {
			return sc.Text()
		}
	}
	t.Fatalf("%s has no line %d", path, n)
	return ""
}

func jsonNum(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

var _ = context.Background

// TestUsageErrorsSayWhatIsWrong: a mistake in the invocation exits 2 with
// the mistake in plain words (a missing file named as such) and where to
// read more, without the internal "usage:" marker.
func TestUsageErrorsSayWhatIsWrong(t *testing.T) {
	t.Parallel()
	cases := t.TempDir()
	mastOK(t, "case", "init", "--cases", cases, "--case", "u")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"load", "--cases", cases, "--case", "u", filepath.Join(cases, "nothing-here.csv")},
			"mast load: " + filepath.Join(cases, "nothing-here.csv") + ": no such file or directory (see mast load --help)"},
		{[]string{"load", "--cases", cases, "--case", "u"}, "mast load: no files given (see mast load --help)"},
		{[]string{"sql", "-c", "SELECT 1"}, "mast sql: --case NAME is required (see mast sql --help)"},
	} {
		_, errs, code := mast(t, tc.args...)
		require.Equal(t, 2, code, errs)
		require.Contains(t, errs, tc.want)
		require.NotContains(t, errs, "usage:")
	}
}
