package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// A workbook and an archive load as one source each; every row and reject
// names its sheet or member, and the parts that hold no records are said.
func TestLoadWorkbookAndArchive(t *testing.T) {
	t.Parallel()
	cases := t.TempDir()
	mastOK(t, "case", "init", "--cases", cases, "--case", "wb", "--region", "US", "--tz", "UTC")
	book, _ := filepath.Abs("../../testdata/samples/us_workbook.xlsx")
	zipped, _ := filepath.Abs("../../testdata/samples/uk_delivery.zip")
	out := mastOK(t, "load", "--cases", cases, "--case", "wb", book, zipped)
	require.Contains(t, out, "us-workbook")
	require.Contains(t, out, "parts not loaded")
	require.Contains(t, out, "Cover")
	require.Contains(t, out, "delivery/scan.pdf")

	rows := query(t, cases, "wb", `SELECT s.file_name, s.rows_read, s.rows_loaded, s.rows_rejected,
		(SELECT count(*) FROM events e WHERE e.source_id = s.source_id) AS events,
		(SELECT count(*) FROM rejects r WHERE r.source_id = s.source_id) AS rejects
		FROM sources s ORDER BY s.source_id`)
	require.Len(t, rows, 2)
	for _, r := range rows {
		require.Equal(t, num(r["rows_read"]), num(r["rows_loaded"])+num(r["rows_rejected"]), r)
		require.Equal(t, num(r["rows_loaded"]), num(r["events"]), r)
		require.Equal(t, num(r["rows_rejected"]), num(r["rejects"]), r)
	}
	require.Equal(t, "us_workbook.xlsx", rows[0]["file_name"])

	// The second call of the Calls sheet is Excel row 3.
	rows = query(t, cases, "wb", `SELECT source_part, source_row FROM events WHERE record_id = 'C-0002'`)
	require.Len(t, rows, 1)
	require.Equal(t, "Calls", rows[0]["source_part"])
	require.EqualValues(t, 3, num(rows[0]["source_row"]))

	rows = query(t, cases, "wb", `SELECT part, line, field FROM rejects ORDER BY source_id, part, line`)
	require.Len(t, rows, 4)
	require.Equal(t, "Calls", rows[0]["part"])
	require.EqualValues(t, 6, num(rows[0]["line"]))
	require.Equal(t, "delivery/records_2.csv", rows[3]["part"])

	// The same message delivered on two rows of the SMS sheet.
	rows = query(t, cases, "wb", `SELECT count(*) AS n FROM events WHERE duplicate_of IS NOT NULL`)
	require.EqualValues(t, 1, num(rows[0]["n"]))

	// Loading the workbook again adds nothing.
	out = mastOK(t, "load", "--cases", cases, "--case", "wb", book)
	require.Contains(t, out, "already-loaded")
}

// profile check shows each sheet as the profile reads it, and says which
// sheets it cannot read.
func TestProfileCheckWorkbook(t *testing.T) {
	t.Parallel()
	book, _ := filepath.Abs("../../testdata/samples/us_workbook.xlsx")
	out := mastOK(t, "profile", "check", "us-workbook", book)
	require.Contains(t, out, "Cover: not read")
	require.Contains(t, out, "Calls read with us-workbook")
	require.Contains(t, out, "SMS read with us-workbook")
	require.Contains(t, out, "record_id        C-0002")
	require.Contains(t, out, "reject line 6 (start_time)")
}

// profile infer drafts from a workbook's first sheet that holds records.
func TestProfileInferWorkbook(t *testing.T) {
	t.Parallel()
	book, _ := filepath.Abs("../../testdata/samples/us_workbook.xlsx")
	out := mastOK(t, "profile", "infer", book, "--name", "wb")
	require.Contains(t, out, `Drafted from sheet "Calls"`)
	require.Contains(t, out, "kind: cdr")
}

// mixedCase makes an empty case "mx" (GB, Europe/London) for the mixed
// delivery sample, and returns its cases directory and the sample's path.
func mixedCase(t *testing.T) (cases, zipped string) {
	t.Helper()
	cases = t.TempDir()
	mastOK(t, "case", "init", "--cases", cases, "--case", "mx", "--region", "GB", "--tz", "Europe/London")
	zipped, _ = filepath.Abs("../../testdata/samples/mixed_delivery.zip")
	return cases, zipped
}

// An archive whose members are in different layouts (call records, the
// provider's cell list, camera reads) loads as one source: each member is
// read with the profile that fits it, lands in its own table, and is
// recorded in source_parts with its profile and counts; the cells it brings
// are drawn as serving areas like any cell list's.
func TestLoadMixedDelivery(t *testing.T) {
	t.Parallel()
	cases, zipped := mixedCase(t)

	out := mastOK(t, "load", "--cases", cases, "--case", "mx", "--dry-run", zipped)
	require.Contains(t, out, "uk-cdr, planning-cells, anpr-export")
	require.Contains(t, out, "dry run: nothing was written")
	require.Empty(t, query(t, cases, "mx", `SELECT * FROM sources`))

	out = mastOK(t, "load", "--cases", cases, "--case", "mx", zipped)
	require.Contains(t, out, "mixed_delivery.zip, by part:")
	require.Regexp(t, `disclosure/cells.csv +planning-cells +15 +11 +4 +0`, out)
	require.Contains(t, out, "parts in another layout")
	require.Contains(t, out, "read with planning-cells: disclosure/cells.csv")
	require.Contains(t, out, "disclosure/cover.txt")

	src := query(t, cases, "mx", `SELECT source_id, kind, profile, rows_read, rows_loaded, rows_rejected FROM sources`)
	require.Len(t, src, 1)
	require.Equal(t, "mixed", src[0]["kind"])
	require.Equal(t, "uk-cdr, planning-cells, anpr-export", src[0]["profile"])
	require.Equal(t, num(src[0]["rows_read"]), num(src[0]["rows_loaded"])+num(src[0]["rows_rejected"]))

	// Each part's counts are what landed from it and what was rejected from it.
	parts := query(t, cases, "mx", `
		SELECT p.part, p.kind, p.profile, p.rows_read, p.rows_loaded, p.rows_rejected, p.skipped,
		       (SELECT count(*) FROM events e WHERE e.source_part = p.part)
		     + (SELECT count(*) FROM cells c WHERE c.source_part = p.part)
		     + (SELECT count(*) FROM anpr_reads a WHERE a.source_part = p.part) AS landed,
		       (SELECT count(*) FROM rejects r WHERE r.part = p.part) AS rejects
		FROM source_parts p ORDER BY p.part`)
	require.Len(t, parts, 4)
	want := []struct{ part, kind, profile string }{
		{"disclosure/calls.csv", "cdr", "uk-cdr"},
		{"disclosure/cells.csv", "cells", "planning-cells"},
		{"disclosure/cover.txt", "", "uk-cdr"},
		{"disclosure/vehicle_reads.csv", "anpr", "anpr-export"},
	}
	var read, loaded, rejected int64
	for i, w := range want {
		p := parts[i]
		require.Equal(t, w.part, p["part"])
		require.Equal(t, w.profile, p["profile"])
		if w.kind == "" {
			require.Nil(t, p["kind"])
			require.Contains(t, p["skipped"], "header does not fit")
			continue
		}
		require.Equal(t, w.kind, p["kind"])
		require.Nil(t, p["skipped"])
		require.Positive(t, num(p["rows_loaded"]), w.part)
		require.Equal(t, num(p["rows_loaded"]), num(p["landed"]), w.part)
		require.Equal(t, num(p["rows_rejected"]), num(p["rejects"]), w.part)
		require.Equal(t, num(p["rows_read"]), num(p["rows_loaded"])+num(p["rows_rejected"]), w.part)
		read += num(p["rows_read"])
		loaded += num(p["rows_loaded"])
		rejected += num(p["rows_rejected"])
	}
	require.Equal(t, num(src[0]["rows_read"]), read)
	require.Equal(t, num(src[0]["rows_loaded"]), loaded)
	require.Equal(t, num(src[0]["rows_rejected"]), rejected)

	// The member's cells are drawn, and the calls find them.
	rows := query(t, cases, "mx", `SELECT count(DISTINCT a.cell_id) AS n FROM cell_areas a JOIN cells c USING (cell_id) WHERE c.source_part = 'disclosure/cells.csv'`)
	require.Positive(t, num(rows[0]["n"]))

	// Rows trace to the member and its line.
	rows = query(t, cases, "mx", `SELECT source_part, min(source_row) AS first FROM anpr_reads GROUP BY source_part`)
	require.Len(t, rows, 1)
	require.Equal(t, "disclosure/vehicle_reads.csv", rows[0]["source_part"])
	require.EqualValues(t, 2, num(rows[0]["first"]))

	out = mastOK(t, "load", "--cases", cases, "--case", "mx", zipped)
	require.Contains(t, out, "already-loaded")
}

// With --profile named, only the members that profile reads are loaded;
// the others are listed as not loaded.
func TestLoadMixedDeliveryOneProfile(t *testing.T) {
	t.Parallel()
	cases, zipped := mixedCase(t)
	out := mastOK(t, "load", "--cases", cases, "--case", "mx", "--profile", "uk-cdr", zipped)
	require.Contains(t, out, "disclosure/cells.csv: header does not fit")
	rows := query(t, cases, "mx", `SELECT kind, profile FROM sources`)
	require.Len(t, rows, 1)
	require.Equal(t, "cdr", rows[0]["kind"])
	require.Equal(t, "uk-cdr", rows[0]["profile"])
	rows = query(t, cases, "mx", `SELECT count(*) AS n FROM source_parts WHERE skipped IS NULL`)
	require.EqualValues(t, 1, num(rows[0]["n"]))
	rows = query(t, cases, "mx", `SELECT count(*) AS n FROM cells`)
	require.EqualValues(t, 0, num(rows[0]["n"]))
}

// detect says which profile reads each part of a mixed delivery, as the
// load does.
func TestDetectMixedDelivery(t *testing.T) {
	t.Parallel()
	zipped, _ := filepath.Abs("../../testdata/samples/mixed_delivery.zip")
	out := mastOK(t, "detect", zipped)
	require.Contains(t, out, "uk-cdr, planning-cells, anpr-export (confident)")
	require.Regexp(t, `disclosure/cells.csv +planning-cells`, out)
	require.Regexp(t, `disclosure/vehicle_reads.csv +anpr-export`, out)

	var reports []struct {
		Chosen string `json:"chosen"`
		Parts  []struct {
			Part, Profile string
		} `json:"parts"`
	}
	require.NoError(t, json.Unmarshal([]byte(mastOK(t, "detect", "--json", zipped)), &reports))
	require.Len(t, reports, 1)
	require.Equal(t, "uk-cdr, planning-cells, anpr-export", reports[0].Chosen)
	got := map[string]string{}
	for _, p := range reports[0].Parts {
		got[p.Part] = p.Profile
	}
	require.Equal(t, map[string]string{"disclosure/calls.csv": "uk-cdr", "disclosure/cover.txt": "uk-cdr",
		"disclosure/cells.csv": "planning-cells", "disclosure/vehicle_reads.csv": "anpr-export"}, got)
}
