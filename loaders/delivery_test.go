package loaders

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// The workbook and archive samples are written by this file's writers; run
// `go test ./loaders -run TestDeliverySamples -update` to write them again.

// usWorkbookRows are the synthetic rows of testdata/samples/us_workbook.xlsx.
// A time.Time is written as an Excel date cell, a string as text.
var usWorkbookCalls = [][]any{
	{"Record ID", "Record Type", "Served MSISDN", "Served IMEI", "Served IMSI", "Other Party", "Start Time (UTC)", "Duration (s)", "First Cell ID", "Last Cell ID"},
	{"C-0001", "mSOriginating", "5555550100", "490154203237518", "310410123456789", "5555550123", time.Date(2026, 3, 1, 14, 5, 9, 0, time.UTC), 125, "310-410-7011-23456789", "310-410-7011-23456790"},
	{"C-0002", "mSTerminating", "5555550100", "490154203237518", "310410123456789", "+1 555 555 0142", time.Date(2026, 3, 1, 15, 30, 0, 0, time.UTC), 42, "310-410-7011-23456790", "310-410-7011-23456790"},
	{"C-0003", "callForwarding", "5555550100", "490154203237518", "310410123456789", "5555550199", "03/01/2026 16:45:30", 0, "310-410-7011-23456790"},
	{},
	{"C-0004", "mSOriginating", "5555550100", "490154203237518", "310410123456789", "5555550123", "not a time", 10, "310-410-7011-23456789", "310-410-7011-23456789"},
	{"C-0005", "mSTeleport", "5555550100", "490154203237518", "310410123456789", "5555550123", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), 10, "310-410-7011-23456789", "310-410-7011-23456789"},
	{"C-0006", "mSTerminating", "5555550100", "490154203237518", "310410123456789", "5555550177", time.Date(2026, 3, 2, 9, 12, 44, 0, time.UTC), 318, "310-410-7011-23456789", "310-410-7012-11111111"},
	// A voicemail leg: a call to the provider's voicemail access number.
	{"C-0007", "mSOriginating", "5555550100", "490154203237518", "310410123456789", "5555550186", time.Date(2026, 3, 2, 9, 20, 0, 0, time.UTC), 35, "310-410-7011-23456789", "310-410-7011-23456789"},
}

var usWorkbookSMS = [][]any{
	{"Record ID", "Record Type", "Served MSISDN", "Served IMEI", "Served IMSI", "Other Party", "Start Time (UTC)", "First Cell ID"},
	{"S-0001", "mSOriginatingSMSinMSC", "5555550100", "490154203237518", "310410123456789", "5555550123", time.Date(2026, 3, 1, 14, 6, 0, 0, time.UTC), "310-410-7011-23456789"},
	{"S-0002", "mSTerminatingSMSinMSC", "5555550100", "490154203237518", "310410123456789", "5555550142", time.Date(2026, 3, 1, 18, 0, 1, 0, time.UTC), "310-410-7011-23456790"},
	// The same message as the row above, delivered twice: a duplicate across sheets is marked too.
	{"S-0002", "mSTerminatingSMSinMSC", "5555550100", "490154203237518", "310410123456789", "5555550142", time.Date(2026, 3, 1, 18, 0, 1, 0, time.UTC), "310-410-7011-23456790"},
	{"S-0003", "mSTerminatingSMSinMSC", "5555550100", "490154203237518", "310410123456789", "5555550142", time.Date(2026, 3, 2, 7, 30, 0, 0, time.UTC), "310-410-BAD"},
}

// writeUSWorkbook writes a workbook with a cover sheet (no records), a
// Calls sheet and an SMS sheet, dates as Excel date cells.
func writeUSWorkbook(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Cover"); err != nil {
		return err
	}
	f.SetCellValue("Cover", "A1", "Subscriber records, synthetic sample made by mast")
	f.SetCellValue("Cover", "A2", "Target: 555-555-0100")
	f.SetCellValue("Cover", "A3", "All times are UTC")
	layout := "yyyy-mm-dd hh:mm:ss"
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &layout})
	if err != nil {
		return err
	}
	for _, sh := range []struct {
		name string
		rows [][]any
	}{{"Calls", usWorkbookCalls}, {"SMS", usWorkbookSMS}} {
		if _, err := f.NewSheet(sh.name); err != nil {
			return err
		}
		for i, row := range sh.rows {
			for j, v := range row {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if err := f.SetCellValue(sh.name, cell, v); err != nil {
					return err
				}
				if _, ok := v.(time.Time); ok {
					f.SetCellStyle(sh.name, cell, cell, style)
				}
			}
		}
	}
	return f.SaveAs(path)
}

// writeDeliveryZip writes an archive of two CSV files of the UK-style
// layout (the sample cut in two), a note that is not a record file, and a
// folder entry.
func writeDeliveryZip(path string) error {
	b, err := os.ReadFile("../testdata/samples/uk_cdr.csv")
	if err != nil {
		return err
	}
	lines := strings.SplitAfter(string(b), "\n")
	header, rows := lines[0], lines[1:]
	half := len(rows) / 2
	return writeZip(path, time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC), []zipMember{
		{"delivery/", ""},
		{"delivery/README.txt", "Disclosure under warrant 2026/0042. Two files follow.\n"},
		{"delivery/records_1.csv", header + strings.Join(rows[:half], "")},
		{"delivery/records_2.csv", header + strings.Join(rows[half:], "")},
		{"delivery/scan.pdf", "%PDF-1.4 not really\n"},
	})
}

// zipMember is one member of a test archive: its name and its text.
type zipMember struct{ name, text string }

// writeZip writes an archive of members, deflated, each stamped when.
func writeZip(path string, when time.Time, members []zipMember) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: zip.Deflate, Modified: when})
		if err != nil {
			return err
		}
		if _, err := w.Write([]byte(m.text)); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

func TestDeliverySamples(t *testing.T) {
	if !*update {
		t.Skip("writes the samples only with -update")
	}
	require.NoError(t, writeUSWorkbook("../testdata/samples/us_workbook.xlsx"))
	require.NoError(t, writeDeliveryZip("../testdata/samples/uk_delivery.zip"))
	require.NoError(t, writeMixedZip("../testdata/samples/mixed_delivery.zip"))
}

// writeMixedZip writes a delivery in three layouts: the UK call records,
// the provider's planning export of its cells and an ANPR export (the
// bundled samples of each), with a cover note.
func writeMixedZip(path string) error {
	var members []zipMember
	for _, m := range []struct{ name, from string }{
		{"disclosure/calls.csv", "../testdata/samples/uk_cdr.csv"},
		{"disclosure/cells.csv", "../testdata/samples/cells_planning.csv"},
		{"disclosure/cover.txt", ""},
		{"disclosure/vehicle_reads.csv", "../testdata/samples/anpr_export.csv"},
	} {
		text := "Disclosure under warrant 2026/0043: call records, the cells they name, and camera reads.\n"
		if m.from != "" {
			b, err := os.ReadFile(m.from)
			if err != nil {
				return err
			}
			text = string(b)
		}
		members = append(members, zipMember{m.name, text})
	}
	return writeZip(path, time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC), members)
}

// openTestDelivery opens a workbook or archive for a test; it is closed
// when the test ends.
func openTestDelivery(t *testing.T, file string) *Delivery {
	t.Helper()
	c, ok := ContainerOf(file)
	require.True(t, ok)
	f, err := os.Open(file)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	st, err := f.Stat()
	require.NoError(t, err)
	d, err := OpenDelivery(f, st.Size(), filepath.Base(file), c)
	require.NoError(t, err)
	t.Cleanup(func() { d.Close() })
	return d
}

// readDelivery detects and reads a workbook or archive as a load would,
// and returns its golden text.
func readDelivery(t *testing.T, file string, ps *Profiles, opts ReadOptions) string {
	t.Helper()
	ctx := context.Background()
	d := openTestDelivery(t, file)
	cands, err := DetectDelivery(ctx, d, ps, opts)
	require.NoError(t, err)
	best, err := Choose(cands)
	require.NoError(t, err)
	groups, skipped, err := PlanDelivery(ctx, d, ps, best.Profile, opts)
	require.NoError(t, err)
	require.Empty(t, skipped)
	want, err := HashFile(file)
	require.NoError(t, err)
	var b strings.Builder
	o := opts
	for _, g := range groups {
		s := NewPartStream(ctx, g.Delivery, g.Profile, o, func() (string, error) { return HashFile(file) })
		fmt.Fprintf(&b, "profile %s\n", g.Profile.Name)
		for s.Next() {
			writeRows(&b, s.RecordBatch())
		}
		require.NoError(t, s.Err())
		require.Equal(t, want, s.SHA256())
		for _, r := range s.Rejects() {
			fmt.Fprintf(&b, "reject %s line %d field %q: %s\n", r.Part, r.Line, r.Field, r.Reason)
		}
		for _, sk := range s.Skipped() {
			fmt.Fprintf(&b, "skipped %s\n", sk)
		}
		n := s.Counts()
		fmt.Fprintf(&b, "read %d loaded %d rejected %d duplicate %d\n", n.Read, n.Loaded, n.Rejected, n.Duplicate)
		require.Equal(t, n.Read, n.Loaded+n.Rejected)
		s.Release()
	}
	for _, sk := range d.Skipped {
		fmt.Fprintf(&b, "skipped %s\n", sk)
	}
	return b.String()
}

func TestWorkbookRowsTraceToSheetAndRow(t *testing.T) {
	t.Parallel()
	ps, err := LoadProfiles("")
	require.NoError(t, err)
	got := readDelivery(t, "../testdata/samples/us_workbook.xlsx", ps, ReadOptions{Region: "GB", Zone: time.UTC, SourceID: 1, FirstID: 1})
	// Excel row 3 of Calls is the second record; row 5 is empty, so the
	// bad time is row 6.
	require.Contains(t, got, `source_row=3 record_id="C-0002"`)
	require.Contains(t, got, `source_part="Calls"`)
	require.Contains(t, got, `reject Calls line 6 field "start_time"`)
	require.Contains(t, got, `reject Calls line 7 field "call_type"`)
	require.Contains(t, got, `reject SMS line 5 field "start_cell"`)
	// A date cell reads as the time Excel shows, here UTC.
	require.Contains(t, got, `start_utc=2026-03-01T14:05:09Z`)
	require.Contains(t, got, `skipped Cover:`)
	require.Contains(t, got, "duplicate 1\n")
	require.Regexp(t, `record_id="C-0007" .* kind="voicemail"`, got)
	require.Regexp(t, `record_id="C-0003" .* kind="forward"`, got)
}

func TestDeliveryWithNoFittingPartFails(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "notes.xlsx")
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "nothing but a note")
	require.NoError(t, f.SaveAs(path))
	f.Close()
	ps, err := LoadProfiles("")
	require.NoError(t, err)
	p, err := ps.Get("us-workbook")
	require.NoError(t, err)
	d := openTestDelivery(t, path)
	s := NewPartStream(context.Background(), d, p, ReadOptions{}, func() (string, error) { return "", nil })
	defer s.Release()
	for s.Next() {
	}
	require.ErrorIs(t, s.Err(), ErrHeader)
	require.Contains(t, s.Err().Error(), "Sheet1")
}

func TestArchiveOfNothingReadableFails(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("scan.pdf")
	require.NoError(t, err)
	w.Write([]byte("%PDF"))
	require.NoError(t, zw.Close())
	_, err = OpenDelivery(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "x.zip", Archive)
	require.ErrorIs(t, err, ErrNoParts)
	require.Contains(t, err.Error(), "scan.pdf")
}

// A draft inferred from a workbook's sheet reads that sheet; another sheet
// without some of its columns is skipped, naming them (the analyst marks
// them optional).
func TestInferFromWorkbookSheet(t *testing.T) {
	t.Parallel()
	d := openTestDelivery(t, "../testdata/samples/us_workbook.xlsx")
	require.Equal(t, "Calls", d.Parts[1].Name)
	draft, err := InferPart("drafted", d.Parts[1])
	require.NoError(t, err)
	require.Contains(t, draft, "kind: cdr")
	require.Contains(t, draft, `subject_msisdn: {column: "Served MSISDN"}`)
	require.Contains(t, draft, `"Start Time (UTC)"`)
	p, err := ParseProfile([]byte(draft), "draft")
	require.NoError(t, err)
	s := NewPartStream(context.Background(), d, p, ReadOptions{Region: "US", Zone: time.UTC}, func() (string, error) { return "", nil })
	defer s.Release()
	for s.Next() {
	}
	require.NoError(t, s.Err())
	require.Equal(t, int64(7), s.Counts().Read, "the Calls sheet's data rows")
	require.Greater(t, s.Counts().Loaded, int64(0))
	require.Len(t, s.Skipped(), 2)
	require.Contains(t, s.Skipped()[1], `SMS: `)
	require.Contains(t, s.Skipped()[1], `"Duration (s)" (for duration_s)`)
}

// A delivery in three layouts is shared among the three profiles; the
// profile chosen for the delivery keeps the member no profile reads.
func TestPlanMixedDelivery(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ps, err := LoadProfiles("")
	require.NoError(t, err)
	file := "../testdata/samples/mixed_delivery.zip"
	d := openTestDelivery(t, file)
	opts := ReadOptions{Region: "GB", Zone: time.UTC}

	plan := func(groups []Group) map[string][]string {
		out := map[string][]string{}
		for _, g := range groups {
			for _, pt := range g.Delivery.Parts {
				out[g.Profile.Name] = append(out[g.Profile.Name], pt.Name)
			}
		}
		return out
	}
	uk, err := ps.Get("uk-cdr")
	require.NoError(t, err)
	groups, skipped, err := PlanDelivery(ctx, d, ps, uk, opts)
	require.NoError(t, err)
	require.Empty(t, skipped)
	require.Equal(t, "uk-cdr", groups[0].Profile.Name)
	require.Equal(t, map[string][]string{
		"uk-cdr":         {"disclosure/calls.csv", "disclosure/cover.txt"},
		"planning-cells": {"disclosure/cells.csv"},
		"anpr-export":    {"disclosure/vehicle_reads.csv"},
	}, plan(groups))
	require.Contains(t, groups[1].Why, "disclosure/cells.csv: header on line 1")

	// With no profile for the whole, the cover note is left out, with why.
	groups, skipped, err = PlanDelivery(ctx, d, ps, nil, opts)
	require.NoError(t, err)
	require.Equal(t, map[string][]string{
		"uk-cdr":         {"disclosure/calls.csv"},
		"planning-cells": {"disclosure/cells.csv"},
		"anpr-export":    {"disclosure/vehicle_reads.csv"},
	}, plan(groups))
	require.Len(t, skipped, 1)
	require.Contains(t, skipped[0], "disclosure/cover.txt")

	// Each group reads its own members, with their counts.
	s := NewPartStream(ctx, groups[1].Delivery, groups[1].Profile, ReadOptions{Region: "GB", Zone: time.UTC, FirstID: 1},
		func() (string, error) { return HashFile(file) })
	defer s.Release()
	for s.Next() {
	}
	require.NoError(t, s.Err())
	pc := s.PartCounts()
	require.Len(t, pc, 1)
	require.Equal(t, "disclosure/cells.csv", pc[0].Name)
	require.Equal(t, s.Counts(), pc[0].Counts)
	require.Positive(t, pc[0].Counts.Loaded)
}
