package main

import (
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
