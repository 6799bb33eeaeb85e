package exhibit

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/engine"
)

// lines counts the lines of a file.
func lines(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var n int64
	for sc.Scan() {
		n++
	}
	require.NoError(t, sc.Err())
	return n
}

// xlsxRows counts the rows of a workbook's first sheet.
func xlsxRows(t *testing.T, path string) int64 {
	t.Helper()
	z, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer z.Close()
	f, err := z.Open("xl/worksheets/sheet1.xml")
	require.NoError(t, err)
	defer f.Close()
	b, err := io.ReadAll(f)
	require.NoError(t, err)
	return int64(bytes.Count(b, []byte("<row ")))
}

// TestRunWritesEverySchedule runs the benchmark on a small world: every side
// writes the subject's whole schedule, and a second run reuses the case.
func TestRunWritesEverySchedule(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and loads a world")
	}
	ctx := context.Background()
	dir := t.TempDir()
	var out bytes.Buffer
	opts := Options{Dir: dir, Rows: 20_000, Seed: 5, Runs: 1, Out: &out}
	rs, err := Run(ctx, opts)
	require.NoError(t, err, out.String())
	t.Log(out.String())
	require.Len(t, rs, 3)
	require.Equal(t, []string{SideBaseline, SideCSV, SideXLSX}, []string{rs[0].Name, rs[1].Name, rs[2].Name})

	c, err := engine.Open(ctx, filepath.Join(dir, caseName+".duckdb"), engine.DefaultOptions())
	require.NoError(t, err)
	var events int64
	require.NoError(t, c.DB().QueryRowContext(ctx, `SELECT count(*) FROM events`).Scan(&events))
	require.NoError(t, c.Close())
	require.InDelta(t, float64(opts.Rows), float64(events), float64(opts.Rows)/2, "about --rows events")

	for _, r := range rs {
		require.Equal(t, events, r.Rows, "%s: every event is the subject's", r.Name)
		require.Positive(t, r.Bytes, r.Name)
		require.Positive(t, r.Memory.HeapPeak, r.Name)
	}
	require.Equal(t, events+1, lines(t, rs[0].File), "baseline: a header and a line per row")
	require.Equal(t, events+1, lines(t, rs[1].File), "mast csv: a header and a line per row")
	require.Equal(t, events+1, xlsxRows(t, rs[2].File), "mast xlsx: a header and a row per row")

	out.Reset()
	again, err := Run(ctx, opts)
	require.NoError(t, err)
	require.Contains(t, out.String(), "reusing ")
	require.Equal(t, rs[1].Rows, again[1].Rows)
}
