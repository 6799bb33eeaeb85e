package loaders

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestUnseenLayoutLoadsWithAProfileWrittenFromTheDocs loads a layout that no
// bundled profile reads (testdata/unseen: semicolons, Windows-1252 with
// accented place names, two preamble lines, German column names, dates
// DD.MM.YYYY and times in Berlin, a "Summe" footer, LAC and CI columns) with
// a profile written from docs/profiles.md alone, and checks every
// normalised row and every reject.
func TestUnseenLayoutLoadsWithAProfileWrittenFromTheDocs(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("../testdata/unseen/de-nordfunk.yaml")
	require.NoError(t, err)
	p, err := ParseProfile(src, "../testdata/unseen/de-nordfunk.yaml")
	require.NoError(t, err)
	data, err := os.ReadFile("../testdata/unseen/de_nordfunk.csv")
	require.NoError(t, err)

	// No bundled profile reads it: detection refuses.
	_, err = Choose(Detect(context.Background(), data, profiles(t), ReadOptions{Region: "GB", Zone: time.UTC}))
	require.ErrorIs(t, err, ErrNotConfident)

	s, err := NewStream(context.Background(), strings.NewReader(string(data)), p, ReadOptions{Region: "GB", Zone: time.UTC, SourceID: 1, FirstID: 1})
	require.NoError(t, err)
	defer s.Release()
	var rows []map[string]string
	for s.Next() {
		rec := s.RecordBatch()
		for i := 0; i < int(rec.NumRows()); i++ {
			row := map[string]string{}
			for j, col := range rec.Columns() {
				if !col.IsNull(i) {
					row[rec.Schema().Field(j).Name] = cell(col, i)
				}
			}
			rows = append(rows, row)
		}
	}
	require.NoError(t, s.Err())

	type want struct{ line, subject, other, dir, kind, start, end, flag, cell, imei14, location string }
	wants := []want{
		{"4", "+493023125100", "+493023125200", "out", "voice", "2026-03-28T22:30:00Z", "2026-03-28T22:32:05Z", "", "262-1-4711-10001", "35693803564380", "Lübeck Hbf"},
		{"5", "+493023125100", "+447700900456", "in", "sms", "2026-03-29T00:30:00Z", "2026-03-29T00:30:00Z", "", "262-1-4711-10001", "35693803564380", "Lübeck Hbf"},
		// 02:30 on 29 March 2026 never happened in Berlin: read with the
		// offset before the change (+01:00) and flagged.
		{"6", "+493023125100", "+493023125200", "out", "voice", "2026-03-29T01:30:00Z", "2026-03-29T01:30:40Z", "nonexistent", "262-1-4711-10002", "35693803564380", "Köln-Mülheim"},
		{"7", "+493023125100", "+447700900789", "in", "voice", "2026-03-29T08:00:00Z", "2026-03-29T08:10:00Z", "", "262-1-4712-20001", "35693803564380", "Große Straße"},
		{"8", "+493023125100", "", "out", "data", "2026-03-30T06:15:00Z", "2026-03-30T06:45:00Z", "", "262-1-4711-10002", "49015420323751", "Köln-Mülheim"},
	}
	require.Len(t, rows, len(wants))
	for i, w := range wants {
		r := rows[i]
		got := want{r["source_row"], unq(r["subject_msisdn"]), unq(r["other_msisdn"]), unq(r["direction"]), unq(r["kind"]), r["start_utc"], r["end_utc"],
			unq(r["time_flag"]), unq(r["start_cell"]), unq(r["subject_imei14"]), unq(r["location_text"])}
		require.Equal(t, w, got, "row %d: %v", i+1, r)
		require.Equal(t, `"Europe/Berlin"`, r["time_zone"])
		require.Equal(t, `"262019990000001"`, r["subject_imsi"])
	}

	var rejects []string
	for _, r := range s.Rejects() {
		rejects = append(rejects, strconv.FormatInt(r.Line, 10)+" "+r.Field)
	}
	require.Equal(t, []string{"9 start_time", "10 kind", "11 start_cell"}, rejects)
	require.Contains(t, s.Rejects()[0].Reason, "31.02.2026 12:00:00")
	require.Contains(t, s.Rejects()[2].Reason, "47A1")
	c := s.Counts()
	require.Equal(t, Counts{Read: 8, Loaded: 5, Rejected: 3}, c, "the footer is not a row")
}

func unq(s string) string { return strings.Trim(s, `"`) }

// TestUnseenLayoutDraftLoadsAfterItsCheckLines drafts a profile for the
// unseen layout, makes the edits its CHECK lines ask for (the country of the
// national numbers), and expects the rows and rejects of the hand-written
// profile.
func TestUnseenLayoutDraftLoadsAfterItsCheckLines(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../testdata/unseen/de_nordfunk.csv")
	require.NoError(t, err)
	draft, err := Infer("nordfunk", data)
	require.NoError(t, err)
	for _, w := range []string{`delimiter: ";"`, "encoding: windows-1252", "preamble_max:", `footer: ["^Summe:"]`,
		`layouts: ["02.01.2006 15:04:05"]`, `zone: "Europe/Berlin"`, "form: lac_ci", "mcc: 262", "mnc: 1",
		`start_cell: {columns: ["LAC", "CI"]}`, `"abgehend": "out"`, `"Daten": "data"`, `"Fax" is not mapped`, `location: {column: "Ort"}`} {
		require.Contains(t, draft, w)
	}
	var edited []string
	for _, ln := range strings.Split(draft, "\n") {
		if strings.HasPrefix(ln, "# region:") {
			require.Contains(t, ln, "CHECK")
			ln = "region: DE"
		}
		edited = append(edited, ln)
	}
	p, err := ParseProfile([]byte(strings.Join(edited, "\n")), "edited")
	require.NoError(t, err)
	s, err := NewStream(context.Background(), strings.NewReader(string(data)), p, ReadOptions{Region: "GB", Zone: time.UTC})
	require.NoError(t, err)
	defer s.Release()
	require.Equal(t, Counts{Read: 8, Loaded: 5, Rejected: 3}, drain(t, s))
}
