package pdf

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReadInfoTextReadsBackWhatCustomWrote(t *testing.T) {
	for _, v := range []string{
		`{"query": "SELECT (a) FROM t WHERE s = 'x\y'"}`,
		"line one\nline two\ttabbed",
		"Zoë (Łódź) — €5",
		"",
	} {
		d, err := New(Options{Info: Info{Title: "t", Custom: map[string]string{"MastManifest": v, "Other": "(decoy)"}}})
		require.NoError(t, err)
		d.AddPage()
		var buf bytes.Buffer
		_, err = d.WriteTo(&buf)
		require.NoError(t, err)
		got, err := ReadInfoText(buf.Bytes(), "MastManifest")
		require.NoError(t, err)
		require.Equal(t, v, got)
	}
	got, err := ReadInfoText([]byte("%PDF-1.7\n"), "MastManifest")
	require.NoError(t, err)
	require.Empty(t, got)
	_, err = ReadInfoText([]byte("/MastManifest (unclosed"), "MastManifest")
	require.Error(t, err)
}
