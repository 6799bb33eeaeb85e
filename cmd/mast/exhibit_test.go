package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

func TestExhibitCommandsProduceVerifyAndReport(t *testing.T) {
	dir := t.TempDir()
	cases := filepath.Join(dir, "cases")
	mastOK(t, "demo", "--cases", cases, "--data", "../../testdata/demo")
	out := func(name string) string { return filepath.Join(dir, name) }

	stdout := mastOK(t, "exhibit", "schedule", "--cases", cases, "--case", "demo", "--subject", "07700 926847",
		"--from", "2026-03-28", "--to", "2026-03-29", "--out", out("jb1.xlsx"), "--ref", "JB/1", "--analyst", "DC Brown")
	require.Contains(t, stdout, "JB/1 schedule: "+out("jb1.xlsx"))
	require.Contains(t, stdout, "every row traced to a line of its file")

	// The workbook: typed, frozen, filtered rows; the sources; the provenance.
	f, err := excelize.OpenFile(out("jb1.xlsx"))
	require.NoError(t, err)
	require.Equal(t, []string{"Schedule", "Sources", "Provenance"}, f.GetSheetList())
	rows, err := f.GetRows("Schedule")
	require.NoError(t, err)
	want := query(t, cases, "demo", `SELECT count(*) AS n FROM events WHERE subject_msisdn = '+447700926847'
	  AND start_utc >= TIMESTAMPTZ '2026-03-28 00:00:00+00' AND start_utc < TIMESTAMPTZ '2026-03-29 00:00:00+00'`)
	require.Equal(t, num(want[0]["n"]), int64(len(rows)-1))
	require.Equal(t, "Date", rows[0][1])
	raw, err := f.GetCellValue("Schedule", "B2", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	serial, err := strconv.ParseFloat(raw, 64)
	require.NoError(t, err, "dates are dates (Excel day numbers), not text: %q", raw)
	require.Equal(t, 46109.0, serial) // 2026-03-28
	require.Equal(t, "2026-03-28", rows[1][1])
	panes, err := f.GetPanes("Schedule")
	require.NoError(t, err)
	require.True(t, panes.Freeze)
	prov, err := f.GetRows("Provenance")
	require.NoError(t, err)
	require.Contains(t, prov[0][1], "JB/1")
	f.Close()

	mastOK(t, "exhibit", "map", "--cases", cases, "--case", "demo", "--subject", "+447700926847", "--from", "2026-03-28", "--to", "2026-03-29", "--out", out("jb2.pdf"), "--ref", "JB/2")
	mastOK(t, "exhibit", "schedule", "--cases", cases, "--case", "demo", "--sql", "SELECT * FROM stays('+447700926847')", "--out", out("jb3.csv"))
	_, err = os.Stat(out("jb3.csv.manifest.json"))
	require.NoError(t, err)

	for _, f := range []string{"jb1.xlsx", "jb2.pdf", "jb3.csv"} {
		v := mastOK(t, "exhibit", "verify", out(f), "--cases", cases)
		require.Contains(t, v, "matches: the case gives the same rows from the same input files", f)
	}

	// A changed file no longer matches its register entry.
	b, err := os.ReadFile(out("jb3.csv"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(out("jb3.csv"), append(b, "1,forged\n"...), 0o644))
	stdout, _, code := mast(t, "exhibit", "verify", out("jb3.csv"), "--cases", cases)
	require.Equal(t, 1, code, stdout)
	require.Contains(t, stdout, "the file was changed after it was produced")

	stdout = mastOK(t, "exhibit", "report", "--cases", cases, "--case", "demo", "--out", out("report"))
	require.Contains(t, stdout, "report.pdf")
	md, err := os.ReadFile(out("report/report.md"))
	require.NoError(t, err)
	for _, w := range []string{"JB/1", "JB/2", "MAST/demo/3", "### stays", "### journeys", "cdr_001.csv"} {
		require.Contains(t, string(md), w)
	}

	// Usage errors teach.
	_, stderr, code := mast(t, "exhibit", "schedule", "--cases", cases, "--case", "demo", "--out", out("x.pdf"))
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "give --subject NUMBER or --sql QUERY")
	_, stderr, code = mast(t, "exhibit", "map", "--cases", cases, "--case", "demo", "--subject", "+447700926847", "--out", out("x.xlsx"))
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "a map exhibit is written as geojson, kml, pdf, png, html")
	_, err = os.Stat(out("x.xlsx"))
	require.True(t, os.IsNotExist(err), "no half-written exhibit is left behind")
	require.True(t, strings.Contains(mastOK(t, "exhibit", "--help"), "exhibit verify"))
}
