package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDetectPrintsEvidenceAndRunnerUp(t *testing.T) {
	out := mastOK(t, "detect", "../../testdata/samples/in_vi.csv")
	for _, w := range []string{"in-vi (confident)", "preamble  4 line(s) skipped", "header    line 5", "rows      3 of 4 sample rows parsed", "reject    line 9", "runner-up", "lost"} {
		require.Contains(t, out, w)
	}
}

func TestDetectJSON(t *testing.T) {
	odd := filepath.Join(t.TempDir(), "odd.csv")
	require.NoError(t, os.WriteFile(odd, []byte("Teilnehmer;Beginn\n+447700900123;01.03.2026\n"), 0o644))
	out := mastOK(t, "detect", "--json", "../../testdata/samples/uk_cdr.csv", odd)
	var reports []struct {
		File       string
		Confident  bool
		Chosen     string
		Refusal    string
		Candidates []struct {
			Profile    string
			Confidence float64
			Header     struct{ Mode string }
			Lost       string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &reports), out)
	require.Len(t, reports, 2)
	require.True(t, reports[0].Confident)
	require.Equal(t, "uk-cdr", reports[0].Chosen)
	require.Len(t, reports[0].Candidates, 2)
	require.Equal(t, "matched", reports[0].Candidates[0].Header.Mode)
	require.NotEmpty(t, reports[0].Candidates[1].Lost)
	require.False(t, reports[1].Confident)
	require.Contains(t, reports[1].Refusal, "below 0.70")
}

func TestLoadAutoRefusesWithTheEvidence(t *testing.T) {
	cases := t.TempDir()
	mastOK(t, "case", "init", "--cases", cases, "--case", "x")
	odd := filepath.Join(t.TempDir(), "odd.csv")
	require.NoError(t, os.WriteFile(odd, []byte("Teilnehmer;Beginn\n+447700900123;01.03.2026\n"), 0o644))
	out, errs, code := mast(t, "load", "--cases", cases, "--case", "x", "--profile", "auto", odd)
	require.NotEqual(t, 0, code, out)
	require.Contains(t, out+errs, "no profile fits the file confidently")
	require.Contains(t, out+errs, "runner-up")
}
