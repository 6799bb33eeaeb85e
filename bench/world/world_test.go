package world

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/loaders"
)

func generate(t *testing.T, opts Options) (string, Summary) {
	t.Helper()
	dir := t.TempDir()
	sum, err := Generate(context.Background(), opts, dir)
	require.NoError(t, err)
	return dir, sum
}

func readTruth(t *testing.T, dir string) truthFile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	require.NoError(t, err)
	var tr truthFile
	require.NoError(t, json.Unmarshal(b, &tr))
	return tr
}

// cdrRows reads the data rows of a cdr file as maps by column name.
func cdrRows(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	var header []string
	var rows []map[string]string
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, ",")
		if header == nil {
			header = fields
			continue
		}
		if len(fields) != len(header) {
			continue
		}
		r := map[string]string{}
		for i, h := range header {
			r[h] = fields[i]
		}
		rows = append(rows, r)
	}
	require.NoError(t, sc.Err())
	return rows
}

func TestSameSeedSameBytes(t *testing.T) {
	t.Parallel()
	opts := DefaultOptions()
	opts.Dirty = true
	a, _ := generate(t, opts)
	b, _ := generate(t, opts)
	opts.Seed = 2
	c, _ := generate(t, opts)
	for _, name := range []string{"cells.csv", "cells_osgb.csv", "cdr.csv", "anpr.csv", "truth.json"} {
		x, err := os.ReadFile(filepath.Join(a, name))
		require.NoError(t, err)
		y, err := os.ReadFile(filepath.Join(b, name))
		require.NoError(t, err)
		require.Equal(t, x, y, name)
		z, err := os.ReadFile(filepath.Join(c, name))
		require.NoError(t, err)
		if name != "truth.json" {
			require.NotEqual(t, x, z, "%s: another seed gave the same bytes", name)
		}
	}
}

func TestSummaryCountsTheFiles(t *testing.T) {
	t.Parallel()
	opts := DefaultOptions()
	opts.Dirty, opts.Files = true, 2
	dir, sum := generate(t, opts)
	for _, f := range sum.Files {
		if f.Kind == "truth" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, f.Name))
		require.NoError(t, err)
		lines := strings.Count(string(b), "\n")
		header := 1
		if f.Kind == "cdr" {
			header = 2 // the comment and the header
		}
		if f.Name == "cells_opencellid.csv" {
			header = 0
		}
		require.Equal(t, f.Rows, int64(lines-header), f.Name)
	}
	tr := readTruth(t, dir)
	require.Len(t, tr.Malformed, 8) // six in the CDR, one in cells, one in ANPR
	require.Len(t, tr.Duplicates, 3)
	require.Len(t, tr.ClockChanges, 1)
	require.Equal(t, "nonexistent", tr.ClockChanges[0].Flag)
}

func TestEveryCDRCellIsInTheCellList(t *testing.T) {
	t.Parallel()
	dir, _ := generate(t, DefaultOptions())
	b, err := os.ReadFile(filepath.Join(dir, "cells.csv"))
	require.NoError(t, err)
	cells := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n")[1:] {
		f := strings.Split(line, ",")
		if len(f) > 5 {
			cells["234-"+f[2]+"-"+f[3]+"-"+f[4]] = true
		}
	}
	rows := cdrRows(t, filepath.Join(dir, "cdr.csv"))
	require.NotEmpty(t, rows)
	for _, r := range rows {
		for _, c := range []string{r["start_cell"], r["end_cell"]} {
			if c != "" {
				require.True(t, cells[c], "cell %s of %s not in cells.csv", c, r["record_id"])
			}
		}
	}
}

func TestPlantedTruthsAreInTheRecords(t *testing.T) {
	t.Parallel()
	opts := DefaultOptions()
	opts.Days = 7
	dir, _ := generate(t, opts)
	tr := readTruth(t, dir)
	rows := cdrRows(t, filepath.Join(dir, "cdr.csv"))
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	number := func(r map[string]string) string {
		n := strings.ReplaceAll(r["subject_msisdn"], " ", "")
		switch {
		case strings.HasPrefix(n, "00"):
			return "+" + n[2:]
		case strings.HasPrefix(n, "0"):
			return "+44" + n[1:]
		}
		return n
	}
	at := func(r map[string]string) time.Time {
		if r["time_zone"] != "" {
			v, err := time.ParseInLocation("2006-01-02 15:04:05", r["start_time"], london)
			require.NoError(t, err)
			return v
		}
		v, err := time.Parse(time.RFC3339, r["start_time"])
		require.NoError(t, err)
		return v
	}
	// Home: the most frequent cell between 01:00 and 05:00 local is the truth's home cell.
	night := map[string]map[string]int{}
	for _, r := range rows {
		if h := at(r).In(london).Hour(); h >= 1 && h < 5 {
			n := number(r)
			if night[n] == nil {
				night[n] = map[string]int{}
			}
			night[n][r["start_cell"]]++
		}
	}
	right, total := 0, 0
	for _, h := range tr.Handsets {
		best, bestN := "", 0
		for c, n := range night[h.MSISDN] {
			if n > bestN {
				best, bestN = c, n
			}
		}
		if bestN == 0 {
			continue
		}
		total++
		parts := strings.Split(best, "-") // CGI: MCC-MNC-LAC-CI
		key := best
		if len(parts) == 4 && len(parts[3]) > 5 {
			key = parts[0] + "-" + parts[1] + "-" + parts[3]
		}
		if key == h.HomeCell {
			right++
		}
	}
	require.Greater(t, total, len(tr.Handsets)/2)
	require.GreaterOrEqual(t, float64(right)/float64(total), 0.9, "home cell right for %d of %d", right, total)

	// The handset swap shows in the IMEIs on either side of the swap time.
	sw := tr.HandsetSwap[0]
	for _, r := range rows {
		if number(r) != sw.MSISDN {
			continue
		}
		imei := r["subject_imei"][:14]
		if at(r).Before(sw.At) {
			require.Equal(t, sw.FromIMEI[:14], imei)
		} else {
			require.Equal(t, sw.ToIMEI[:14], imei)
		}
	}

	// The carried pair: when both make an event within five minutes, they are
	// on the same site (the same cell or the site's neighbour sector) most of the time.
	pair := tr.CarriedTogether[0]
	var a, b []map[string]string
	for _, r := range rows {
		switch number(r) {
		case pair.A:
			a = append(a, r)
		case pair.B:
			b = append(b, r)
		}
	}
	near, same := 0, 0
	for _, x := range a {
		for _, y := range b {
			if d := at(x).Sub(at(y)); d > -5*time.Minute && d < 5*time.Minute {
				near++
				if x["start_cell"] == y["start_cell"] {
					same++
				}
			}
		}
	}
	require.Greater(t, near, 5)
	require.GreaterOrEqual(t, float64(same)/float64(near), 0.5)

	// The meeting: each of the three has events at the meeting time.
	m := tr.Meeting[0]
	for _, n := range m.MSISDNs {
		seen := 0
		for _, r := range rows {
			if number(r) == n && !at(r).Before(m.Start) && at(r).Before(m.End) {
				seen++
			}
		}
		require.GreaterOrEqual(t, seen, 3, n)
	}
}

func TestLargeWorldMemoryIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 200k events")
	}
	opts := DefaultOptions()
	opts.Handsets, opts.Days, opts.TargetEvents = 200, 20, 200_000
	done := make(chan struct{})
	var peak uint64
	go func() {
		var ms runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
		}
	}()
	_, sum := generate(t, opts)
	close(done)
	require.InDelta(t, 200_000, sum.Events, 60_000)
	require.Less(t, peak, uint64(200<<20), "heap in use peaked at %d MB", peak>>20)
}

func first[T any](s []T, n int) []T { return s[:min(n, len(s))] }

func BenchmarkGenerate(b *testing.B) {
	opts := DefaultOptions()
	opts.Handsets, opts.Days = 50, 7
	for b.Loop() {
		if _, err := Generate(context.Background(), opts, b.TempDir()); err != nil {
			b.Fatal(err)
		}
	}
}

func TestConvertWritesFilesTheProviderProfilesRead(t *testing.T) {
	t.Parallel()
	dir, _ := generate(t, DefaultOptions())
	for _, layout := range Layouts {
		dst := filepath.Join(dir, layout+".csv")
		n, err := Convert(context.Background(), filepath.Join(dir, "cdr.csv"), dst, layout)
		require.NoError(t, err)
		require.Greater(t, n, int64(100), layout)
		b, err := os.ReadFile(dst)
		require.NoError(t, err)
		require.Equal(t, int(n)+1, strings.Count(string(b), "\n"), layout)

		// The bundled profile of the layout reads every row.
		ps, err := loaders.LoadProfiles("")
		require.NoError(t, err)
		p, err := ps.Get(layout)
		require.NoError(t, err)
		s, err := loaders.NewStream(context.Background(), bytes.NewReader(b), p, loaders.ReadOptions{Region: "GB"})
		require.NoError(t, err)
		for s.Next() {
		}
		require.NoError(t, s.Err())
		c := s.Counts()
		require.Equal(t, loaders.Counts{Read: n, Loaded: n, Duplicate: c.Duplicate}, c, "%s: first rejects %v", layout, first(s.Rejects(), 3))
		s.Release()
	}
	_, err := Convert(context.Background(), filepath.Join(dir, "cdr.csv"), filepath.Join(dir, "x.csv"), "fax")
	require.Error(t, err)
}
