package loaders

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// sampleProfiles names the profile each bundled sample and demo file is
// written in.
var sampleProfiles = map[string]string{
	"anpr_export.csv":             "anpr-export",
	"cdr_clock_changes.csv":       "mast-cdr",
	"cells_temporal.csv":          "cells-temporal",
	"in_airtel.csv":               "in-airtel",
	"in_bsnl.csv":                 "in-bsnl",
	"in_jio.csv":                  "in-jio",
	"in_vi.csv":                   "in-vi",
	"towerdump.csv":               "towerdump",
	"uk_cdr.csv":                  "uk-cdr",
	"us_leg.csv":                  "us-leg",
	"us_cdma.csv":                 "us-cdma",
	"towerdump_cell.csv":          "towerdump-cell",
	"cells_planning.csv":          "planning-cells",
	"anpr.csv":                    "anpr-simple",
	"cdr_001.csv":                 "mast-cdr",
	"cdr_002.csv":                 "mast-cdr",
	"cells.csv":                   "mast-cells",
	"cells_opencellid.csv":        "opencellid",
	"cells_opencellid_header.csv": "opencellid",
	"cells_osgb.csv":              "osgb-cells",
	"towerdump_1.csv":             "towerdump",
	"towerdump_2.csv":             "towerdump",
	"towerdump_3.csv":             "towerdump",
	"towerdump_4.csv":             "towerdump",
	"towerdump_5.csv":             "towerdump",
}

// TestDetectEverySampleAsItsOwnProfile detects every bundled sample and demo
// file, and expects its own profile, confidently, ahead of the runner-up.
func TestDetectEverySampleAsItsOwnProfile(t *testing.T) {
	t.Parallel()
	ps := profiles(t)
	files, err := filepath.Glob("../testdata/samples/*.csv")
	require.NoError(t, err)
	demo, err := filepath.Glob("../testdata/demo/*.csv")
	require.NoError(t, err)
	files = append(files, demo...)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			want, ok := sampleProfiles[filepath.Base(file)]
			require.True(t, ok, "add %s to sampleProfiles", file)
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			if len(data) > 256<<10 {
				data = data[:256<<10]
			}
			cands := Detect(context.Background(), data, ps, ReadOptions{Region: "GB", Zone: time.UTC})
			best, err := Choose(cands)
			require.NoError(t, err)
			require.Equal(t, want, best.Name)
			t.Logf("%s %.3f [%s] | runner-up %s %.3f lost: %s", best.Name, best.Confidence, best.Evidence, cands[1].Name, cands[1].Confidence, cands[1].Lost)
			require.GreaterOrEqual(t, best.Confidence-cands[1].Confidence, 0.1, "runner-up %s: %s", cands[1].Name, cands[1].Evidence)
			require.NotEmpty(t, cands[1].Lost)
		})
	}
}

// TestDetectRefusesWithEvidence gives files no profile fits, and files that
// fit a profile's header but whose rows do not parse, and expects a refusal
// that says what was found.
func TestDetectRefusesWithEvidence(t *testing.T) {
	t.Parallel()
	ps := profiles(t)
	opts := ReadOptions{Region: "GB", Zone: time.UTC}
	for _, tc := range []struct {
		name, file string
		want       []string
	}{
		{"a letter", "Dear Sir,\nplease find the records attached.\n", []string{"below 0.70", "runner-up"}},
		{"an unknown layout", "Teilnehmer;Beginn;Dauer\n+447700900123;01.03.2026 08:15:00;12\n", []string{"below 0.70", "missing"}},
		{"mast-cdr header over rows that do not parse",
			"record_id,subject_msisdn,direction,kind,start_time\nR1,hello,out,voice,2026-03-01T08:00:00Z\nR2,world,out,voice,yesterday\nR3,+447700900123,sideways,voice,2026-03-01T08:00:00Z\n",
			[]string{"best mast-cdr", "0 of 3 sample rows parsed", "first reject line 2"}},
		{"a banner and a header missing one column",
			"Bharti Airtel Limited - Call Detail Record\nTarget No,Call Type,TOC,B Party No,Date,Time,Dur(s),First CGI,Last CGI,IMEI,IMSI\n'919812345678','OUT','Pre','919876543210','01/03/2026','08:15:00','125','404-98-8331-230711555','','356938035643809','404980000000001'\n",
			[]string{`missing "First CGI Lat/Long"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cands := Detect(context.Background(), []byte(tc.file), ps, opts)
			_, err := Choose(cands)
			require.ErrorIs(t, err, ErrNotConfident)
			for _, w := range tc.want {
				require.Contains(t, err.Error(), w)
			}
		})
	}
}

// TestDetectEvidence checks the parts of the evidence one by one on a file
// with a banner, one bad row, and a runner-up that reads the same header.
func TestDetectEvidence(t *testing.T) {
	t.Parallel()
	ps := profiles(t)
	data, err := os.ReadFile("../testdata/samples/in_jio.csv")
	require.NoError(t, err)
	cands := Detect(context.Background(), data, ps, ReadOptions{Region: "IN", Zone: time.UTC})
	best, err := Choose(cands)
	require.NoError(t, err)
	require.Equal(t, "in-jio", best.Name)
	require.Equal(t, 3, best.Preamble.Lines)
	require.Contains(t, best.Preamble.First, "Reliance Jio")
	require.Equal(t, "matched", best.Header.Mode)
	require.Equal(t, 4, best.Header.Line)
	require.Contains(t, best.Header.Found, "Calling Party Telephone Number")
	require.Empty(t, best.Header.Missing)
	require.Equal(t, 15, best.Header.FileColumns)
	require.Equal(t, int64(5), best.Read)
	require.Equal(t, int64(4), best.Loaded)
	require.NotNil(t, best.FirstReject)
	require.Equal(t, int64(9), best.FirstReject.Line)
	require.InDelta(t, HeaderWeight*best.HeaderScore+RowWeight*4/5, best.Confidence, 0.001)
	require.Empty(t, best.Lost)
	require.NotEmpty(t, cands[1].Lost)
	require.NotEmpty(t, cands[1].Header.Missing, "the closest misfit says what it lacks")
}
