package world

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/mastcdr/mast/loaders"
	"github.com/mastcdr/mast/loaders/normalize"
)

func generate(t testing.TB, opts Options) (string, Summary) {
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

// cdrRow is a CDR row read back, with what the tests need worked out.
type cdrRow struct {
	f      map[string]string
	number string    // subject as E.164
	at     time.Time // start
	cell   string    // canonical key of start_cell
}

var testLondon = mustLoad("Europe/London")

// cdrRows reads the well-formed rows of the CDR files in dir.
func cdrRows(t *testing.T, dir string) []cdrRow {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "cdr*.csv"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var cp normalize.CellParser
	var rows []cdrRow
	for _, file := range files {
		f, err := os.Open(file)
		require.NoError(t, err)
		sc := bufio.NewScanner(f)
		var header []string
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
			if len(fields) != len(header) || fields[1] == "" || fields[5] == "sideways" || strings.Contains(line, "T25:61") || strings.Contains(line, "-1O") {
				continue // the planted malformed lines
			}
			r := cdrRow{f: map[string]string{}}
			for i, h := range header {
				r.f[h] = fields[i]
			}
			n := strings.ReplaceAll(r.f["subject_msisdn"], " ", "")
			switch {
			case strings.HasPrefix(n, "00"):
				n = "+" + n[2:]
			case strings.HasPrefix(n, "0"):
				n = "+44" + n[1:]
			}
			r.number = n
			if r.f["time_zone"] != "" {
				r.at, err = time.ParseInLocation("2006-01-02 15:04:05", r.f["start_time"], testLondon)
			} else {
				r.at, err = time.Parse(time.RFC3339, r.f["start_time"])
			}
			require.NoError(t, err, line)
			if c := r.f["start_cell"]; c != "" {
				k, err := cp.Parse(c)
				require.NoError(t, err, line)
				r.cell = k.String()
			}
			rows = append(rows, r)
		}
		require.NoError(t, sc.Err())
		f.Close()
	}
	return rows
}

// cellVersion is a row of cells.csv.
type cellVersion struct {
	from, to time.Time
	lat, lon string
}

func readCells(t *testing.T, dir string) map[string][]cellVersion {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "cells.csv"))
	require.NoError(t, err)
	cells := map[string][]cellVersion{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		f := strings.Split(line, ",")
		require.Len(t, f, 14, line)
		if f[7] == "north" || f[4] == "0" {
			continue // planted malformed
		}
		key := "234-" + f[2] + "-" + f[3] + "-" + f[4]
		if f[0] == "LTE" {
			key = "234-" + f[2] + "-" + f[4]
		}
		v := cellVersion{from: time.Unix(0, 0), to: time.Unix(1<<40, 0), lat: f[7], lon: f[8]}
		if f[12] != "" {
			v.from, err = time.Parse(time.DateOnly, f[12])
			if err != nil {
				v.from, err = time.Parse(time.RFC3339, f[12])
			}
			require.NoError(t, err)
		}
		if f[13] != "" {
			v.to, err = time.Parse(time.RFC3339, f[13])
			require.NoError(t, err)
		}
		cells[key] = append(cells[key], v)
	}
	return cells
}

func TestSameOptionsSameBytes(t *testing.T) {
	t.Parallel()
	dirty := DefaultOptions()
	dirty.Dirty, dirty.Files = true, 3
	busy := DefaultOptions()
	busy.Handsets, busy.Days, busy.TargetEvents = 6, 1, 60_000 // a handset's day split over several jobs
	for name, opts := range map[string]Options{"default": DefaultOptions(), "dirty, three files": dirty, "busy handsets": busy} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a, sa := generate(t, opts)
			b, sb := generate(t, opts)
			other := opts
			other.Seed++
			c, _ := generate(t, other)
			sa.Dir, sb.Dir = "", ""
			require.Equal(t, sa, sb)
			for _, f := range sa.Files {
				x, err := os.ReadFile(filepath.Join(a, f.Name))
				require.NoError(t, err)
				y, err := os.ReadFile(filepath.Join(b, f.Name))
				require.NoError(t, err)
				require.True(t, bytes.Equal(x, y), "%s differs between two runs", f.Name)
				z, err := os.ReadFile(filepath.Join(c, f.Name))
				require.NoError(t, err)
				require.False(t, bytes.Equal(x, z), "%s: another seed gave the same bytes", f.Name)
			}
		})
	}
}

// The bytes do not depend on how many goroutines made them.
func TestSameBytesWhateverTheWorkers(t *testing.T) {
	opts := DefaultOptions()
	opts.Handsets, opts.Dirty = 40, true
	prev := runtime.GOMAXPROCS(1)
	one, _ := generate(t, opts)
	runtime.GOMAXPROCS(8)
	eight, _ := generate(t, opts)
	runtime.GOMAXPROCS(prev)
	for _, name := range []string{"cdr.csv", "anpr.csv", "truth.json"} {
		x, err := os.ReadFile(filepath.Join(one, name))
		require.NoError(t, err)
		y, err := os.ReadFile(filepath.Join(eight, name))
		require.NoError(t, err)
		require.True(t, bytes.Equal(x, y), name)
	}
}

func TestSummaryCountsTheFiles(t *testing.T) {
	t.Parallel()
	for _, dirty := range []bool{false, true} {
		opts := DefaultOptions()
		opts.Dirty, opts.Files = dirty, 2
		dir, sum := generate(t, opts)
		names := []string{}
		var cdrRows int64
		for _, f := range sum.Files {
			names = append(names, f.Name)
			if f.Kind == "truth" {
				continue
			}
			b, err := os.ReadFile(filepath.Join(dir, f.Name))
			require.NoError(t, err)
			lines := int64(bytes.Count(b, []byte("\n")))
			header := map[string]int64{"cdr": 2, "cells": 1, "anpr": 1}[f.Kind] // the CDR has a comment line too
			if f.Name == "cells_opencellid.csv" {
				header = 0
			}
			require.Equal(t, f.Rows, lines-header, f.Name)
			if f.Kind == "cdr" {
				cdrRows += f.Rows - f.Bad - f.Duplicates
			}
		}
		require.Equal(t, []string{"cells.csv", "cells_opencellid.csv", "cells_opencellid_header.csv", "cells_osgb.csv",
			"cdr_001.csv", "cdr_002.csv", "anpr.csv", "truth.json"}, names)
		tr := readTruth(t, dir)
		require.Equal(t, sum.Files[:len(sum.Files)-1], tr.Files)
		planted := int64(len(tr.ClockChanges) + len(tr.Dialled))
		require.Equal(t, sum.Events, cdrRows-planted, "dirty=%v", dirty)
		require.InDelta(t, float64(opts.Handsets*opts.Days)*opts.EventsPerDay, float64(sum.Events), 0.2*float64(sum.Events))
		require.Greater(t, sum.CellRows, sum.Cells, "some cells have two versions")
		require.Len(t, tr.Handsets, opts.Handsets)
	}
}

func TestEveryCDRCellIsInTheCellListWhenUsed(t *testing.T) {
	t.Parallel()
	opts := DefaultOptions()
	opts.Handsets, opts.Days = 40, 7
	dir, _ := generate(t, opts)
	cells := readCells(t, dir)
	rows := cdrRows(t, dir)
	require.Greater(t, len(rows), 5000)
	changed := 0
	for _, r := range rows {
		if r.cell == "" {
			require.Equal(t, "fwd", r.f["direction"])
			continue
		}
		vs, ok := cells[r.cell]
		require.True(t, ok, "cell %s of %s is not in cells.csv", r.f["start_cell"], r.f["record_id"])
		valid := slices.ContainsFunc(vs, func(v cellVersion) bool { return !r.at.Before(v.from) && r.at.Before(v.to) })
		require.True(t, valid, "no version of %s valid at %s", r.cell, r.at)
		if len(vs) > 1 {
			changed++
		}
	}
	require.Positive(t, changed, "no event on a cell that changed")
}

func TestPlantedTruthsAreInTheRecords(t *testing.T) {
	t.Parallel()
	opts := DefaultOptions()
	opts.Handsets, opts.Days = 30, 7
	dir, _ := generate(t, opts)
	tr := readTruth(t, dir)
	rows := cdrRows(t, dir)
	by := map[string][]cdrRow{}
	for _, r := range rows {
		by[r.number] = append(by[r.number], r)
	}

	t.Run("home cell is the most frequent cell from 01:00 to 05:00 local", func(t *testing.T) {
		checked := 0
		for _, h := range tr.Handsets {
			night := map[string]int{}
			n := 0
			for _, r := range by[h.MSISDN] {
				if hr := r.at.In(testLondon).Hour(); hr >= 1 && hr < 5 && r.cell != "" {
					night[r.cell]++
					n++
				}
			}
			if n < 3 {
				continue
			}
			best := ""
			for c, k := range night {
				if best == "" || k > night[best] || k == night[best] && c < best {
					best = c
				}
			}
			require.Equal(t, h.HomeCell, best, "%s: night cells %v", h.MSISDN, night)
			checked++
		}
		require.Greater(t, checked, len(tr.Handsets)/2)
	})

	t.Run("work cell is the most frequent cell 10:00 to 16:00 on weekdays", func(t *testing.T) {
		checked := 0
		for _, h := range tr.Handsets {
			if h.WorkCell == "" || slices.Contains(h.Roles, "meeting") {
				continue
			}
			day := map[string]int{}
			for _, r := range by[h.MSISDN] {
				l := r.at.In(testLondon)
				if hr := l.Hour(); hr >= 10 && hr < 16 && l.Weekday() != time.Saturday && l.Weekday() != time.Sunday && r.cell != "" {
					day[r.cell]++
				}
			}
			best := ""
			for c, k := range day {
				if best == "" || k > day[best] || k == day[best] && c < best {
					best = c
				}
			}
			if best != "" {
				require.Equal(t, h.WorkCell, best, h.MSISDN)
				checked++
			}
		}
		require.Positive(t, checked)
	})

	t.Run("the carried pair share cells at near-same times", func(t *testing.T) {
		pair := tr.CarriedTogether[0]
		near, same := 0, 0
		for _, x := range by[pair.A] {
			for _, y := range by[pair.B] {
				if d := x.at.Sub(y.at); d > -2*time.Minute && d < 2*time.Minute && x.cell != "" && y.cell != "" {
					near++
					if x.cell == y.cell {
						same++
					}
				}
			}
		}
		require.Greater(t, near, 10)
		require.GreaterOrEqual(t, float64(same)/float64(near), 0.75, "%d of %d", same, near)
	})

	t.Run("the swap shows in the IMEIs", func(t *testing.T) {
		sw := tr.HandsetSwap[0]
		seen := map[string]int{}
		for _, r := range by[sw.MSISDN] {
			imei := r.f["subject_imei"][:14]
			if r.at.Before(sw.At) {
				require.Equal(t, sw.FromIMEI[:14], imei, r.f["record_id"])
			} else {
				require.Equal(t, sw.ToIMEI[:14], imei, r.f["record_id"])
			}
			seen[imei]++
		}
		require.Len(t, seen, 2)
		for _, r := range rows {
			if r.number != sw.MSISDN {
				require.NotEqual(t, sw.FromIMEI[:14], r.f["subject_imei"][:14], "the old handset went quiet")
			}
		}
	})

	t.Run("the three meet at the place and time", func(t *testing.T) {
		m := tr.Meeting[0]
		require.Len(t, m.MSISDNs, 3)
		for _, n := range m.MSISDNs {
			cells := map[string]int{}
			at := 0
			for _, r := range by[n] {
				if !r.at.Before(m.Start) && r.at.Before(m.End) && r.cell != "" {
					cells[r.cell]++
					at++
				}
			}
			require.GreaterOrEqual(t, at, 3, n)
			require.Greater(t, 2*cells[m.Cells[n]], at, "%s: most events at the meeting cell %s, have %v", n, m.Cells[n], cells)
		}
		homes := map[string][2]float64{}
		for _, h := range tr.Handsets {
			homes[h.MSISDN] = h.Home
		}
		for i, a := range m.MSISDNs {
			for _, b := range m.MSISDNs[i+1:] {
				require.Greater(t, kmBetween(homes[a], homes[b]), 5.0, "the three live apart")
			}
		}
	})

	t.Run("calls between handsets are in both records", func(t *testing.T) {
		type leg struct{ start, dir, kind string }
		index := map[[2]string][]leg{}
		for _, r := range rows {
			if k := r.f["kind"]; k == "voice" || k == "sms" {
				index[[2]string{r.number, normalNumber(r.f["other_party"])}] = append(index[[2]string{r.number, normalNumber(r.f["other_party"])}],
					leg{r.at.UTC().Format(time.RFC3339), r.f["direction"], k})
			}
		}
		pairs := 0
		for _, h := range tr.Handsets {
			for _, r := range by[h.MSISDN] {
				other := normalNumber(r.f["other_party"])
				if r.f["direction"] != "out" || !strings.HasPrefix(other, "+4477009") || (r.f["kind"] != "voice" && r.f["kind"] != "sms") {
					continue
				}
				want := leg{r.at.UTC().Format(time.RFC3339), "in", r.f["kind"]}
				require.Contains(t, index[[2]string{other, h.MSISDN}], want, "%s has no in leg of %s", other, r.f["record_id"])
				pairs++
			}
		}
		require.Greater(t, pairs, 100)
	})

	t.Run("the vehicle passes the cameras on the driver's commute", func(t *testing.T) {
		v := tr.Vehicle[0]
		b, err := os.ReadFile(filepath.Join(dir, "anpr.csv"))
		require.NoError(t, err)
		reads, written := 0, map[string]bool{}
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Split(line, ",")
			if len(f) == 6 && strings.ReplaceAll(f[0], " ", "") == v.VRM {
				written[f[0]] = true
				reads++
				require.True(t, slices.ContainsFunc(v.Cameras, func(c cameraTruth) bool { return c.ID == f[4] }), line)
			}
		}
		require.Equal(t, v.Reads, reads)
		require.Positive(t, reads)
		require.Len(t, written, 2, "the plate written with and without the space")
		require.Equal(t, tr.CarriedTogether[0].A, v.Driver)
	})
}

func normalNumber(s string) string {
	s = strings.TrimSuffix(strings.ReplaceAll(s, " ", ""), "(D)")
	switch {
	case strings.HasPrefix(s, "00"):
		return "+" + s[2:]
	case strings.HasPrefix(s, "0"):
		return "+44" + s[1:]
	}
	return s
}

func kmBetween(a, b [2]float64) float64 {
	return math.Hypot((a[0]-b[0])*111.32, (a[1]-b[1])*111.32*0.6088)
}

// loadFile reads a generated file with its profile as mast would, and
// returns the rejects and the counts, and each row's time flag by line.
func loadFile(t *testing.T, path, profile string) ([]loaders.Reject, loaders.Counts, map[int64]string) {
	t.Helper()
	ps, err := loaders.LoadProfiles("")
	require.NoError(t, err)
	p, err := ps.Get(profile)
	require.NoError(t, err)
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	s, err := loaders.NewStream(context.Background(), f, p, loaders.ReadOptions{Region: "GB", Zone: testLondon})
	require.NoError(t, err)
	defer s.Release()
	flags := map[int64]string{}
	for s.Next() {
		rec := s.RecordBatch()
		row, flag := -1, -1
		for i, fl := range rec.Schema().Fields() {
			switch fl.Name {
			case "source_row":
				row = i
			case "time_flag":
				flag = i
			}
		}
		if row < 0 || flag < 0 {
			continue
		}
		lines, fs := rec.Column(row).(*array.Int64), rec.Column(flag).(*array.String)
		for i := range int(rec.NumRows()) {
			if fs.IsValid(i) && fs.Value(i) != "" {
				flags[lines.Value(i)] = fs.Value(i)
			}
		}
	}
	require.NoError(t, s.Err())
	return s.Rejects(), s.Counts(), flags
}

func TestDirtIsExactlyWhatTheTruthSays(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		dirty bool
		days  int
		files int
		start time.Time
		flags []string // the clock changes planted: only those inside the period
	}{
		{"clean", false, 3, 1, time.Time{}, nil},
		{"dirty", true, 3, 2, time.Time{}, []string{"nonexistent"}},
		{"dirty, one short day", true, 1, 1, time.Time{}, nil},
		{"dirty, autumn", true, 4, 1, time.Date(2026, 10, 23, 0, 0, 0, 0, time.UTC), []string{"ambiguous"}},
		{"dirty, no change", true, 3, 1, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opts := DefaultOptions()
			opts.Dirty, opts.Days, opts.Files = tc.dirty, tc.days, tc.files
			if !tc.start.IsZero() {
				opts.Start = tc.start
			}
			if tc.days == 1 {
				opts.Handsets, opts.EventsPerDay = 6, 5 // fewer rows than the dirt is spread over
			}
			dir, sum := generate(t, opts)
			tr := readTruth(t, dir)
			kinds := map[string]bool{}
			for _, f := range sum.Files {
				if f.Kind == "truth" {
					continue
				}
				rejects, counts, flags := loadFile(t, filepath.Join(dir, f.Name), f.Profile)
				var got, want []string
				for _, r := range rejects {
					got = append(got, itoa(int(r.Line))+" "+r.Field)
				}
				for _, m := range tr.Malformed {
					if m.File == f.Name {
						want = append(want, itoa(int(m.Line))+" "+m.Field)
						kinds[m.Reason] = true
					}
				}
				require.Equal(t, want, got, "%s: rejects %v", f.Name, rejects)
				require.Equal(t, f.Rows, counts.Read, f.Name)
				require.Equal(t, f.Bad, counts.Rejected, f.Name)
				if f.Kind == "cdr" {
					require.Equal(t, f.Duplicates, counts.Duplicate, f.Name)
				}
				for _, c := range tr.ClockChanges {
					if c.File == f.Name {
						require.Equal(t, c.Flag, flags[c.Line], "%s line %d", f.Name, c.Line)
					}
				}
			}
			if !tc.dirty {
				require.Empty(t, tr.Malformed)
				require.Empty(t, tr.Duplicates)
				require.Empty(t, tr.ClockChanges)
				return
			}
			require.Len(t, kinds, 6+6, "six kinds in the CDR, six in the cell lists and ANPR")
			require.Len(t, tr.Duplicates, 3)
			var flags []string
			for _, c := range tr.ClockChanges {
				flags = append(flags, c.Flag)
				require.True(t, c.InPeriod, "clock row %s line %d", c.File, c.Line)
			}
			require.ElementsMatch(t, tc.flags, flags)
			require.Len(t, tr.Dialled, 1)
			b, err := os.ReadFile(filepath.Join(dir, tr.Dialled[0].File))
			require.NoError(t, err)
			line := strings.Split(string(b), "\n")[tr.Dialled[0].Line-1]
			require.Contains(t, line, ","+tr.Dialled[0].OtherParty+",")
			require.Contains(t, line, "(D)")
			for _, d := range tr.Duplicates {
				b, err := os.ReadFile(filepath.Join(dir, d.File))
				require.NoError(t, err)
				lines := strings.Split(string(b), "\n")
				require.Equal(t, lines[d.CopyOf-1], lines[d.Line-1])
			}
		})
	}
}

func TestMemoryStaysBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a few hundred thousand events")
	}
	for _, tc := range []struct {
		name           string
		handsets, days int
		events         int64
	}{
		{"many handsets", 300, 20, 100_000},
		{"six very busy handsets", 6, 1, 300_000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := DefaultOptions()
			opts.Handsets, opts.Days, opts.TargetEvents = tc.handsets, tc.days, tc.events
			runtime.GC()
			done := make(chan struct{})
			peak := make(chan uint64)
			go func() {
				var ms runtime.MemStats
				var p uint64
				for {
					runtime.ReadMemStats(&ms)
					p = max(p, ms.HeapInuse)
					select {
					case <-done:
						peak <- p
						return
					case <-time.After(5 * time.Millisecond):
					}
				}
			}()
			_, sum := generate(t, opts)
			close(done)
			p := <-peak
			require.InDelta(t, float64(tc.events), float64(sum.Events), 0.1*float64(tc.events))
			require.Less(t, p, uint64(200<<20), "heap in use peaked at %d MB", p>>20)
		})
	}
}

func TestCancelStopsEverything(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	opts := DefaultOptions()
	opts.Handsets, opts.Days, opts.TargetEvents = 200, 30, 5_000_000
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	_, err := Generate(ctx, opts, t.TempDir())
	require.ErrorIs(t, err, context.Canceled)
}

func TestOptionsThatCannotWork(t *testing.T) {
	t.Parallel()
	for name, change := range map[string]func(*Options){
		"five handsets":         func(o *Options) { o.Handsets = 5 },
		"no days":               func(o *Options) { o.Days = 0 },
		"more files than users": func(o *Options) { o.Files = 13 },
		"negative target":       func(o *Options) { o.TargetEvents = -1 },
	} {
		t.Run(name, func(t *testing.T) {
			opts := DefaultOptions()
			change(&opts)
			_, err := Generate(context.Background(), opts, t.TempDir())
			require.ErrorIs(t, err, ErrOptions)
		})
	}
}

func TestZeroOptionsTakeTheDefaults(t *testing.T) {
	t.Parallel()
	dir, sum := generate(t, Options{Seed: 1, Handsets: 12, Days: 3})
	_, want := generate(t, DefaultOptions())
	require.Equal(t, want.Events, sum.Events)
	require.FileExists(t, filepath.Join(dir, "cdr.csv"))
}

func TestTheCalendarFollowsTheClockChange(t *testing.T) {
	t.Parallel()
	c := newCalendar(time.Date(2026, 3, 27, 0, 0, 0, 0, time.UTC), 3)
	for _, tc := range []struct {
		day  int
		wall int32
		want time.Time
	}{
		{0, 0, time.Date(2026, 3, 27, 0, 0, 0, 0, time.UTC)},
		{2, 3600 / 2, time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC)},
		{2, 3 * 3600, time.Date(2026, 3, 29, 2, 0, 0, 0, time.UTC)},        // 03:00 BST
		{3, 8 * 3600, time.Date(2026, 3, 30, 7, 0, 0, 0, time.UTC)},        // 08:00 BST
		{2, 3600 + 1800, time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC)},    // skipped: an hour early
		{-1, 23*3600 + 59, time.Date(2026, 3, 26, 23, 0, 59, 0, time.UTC)}, // the day before
	} {
		u := c.unix(tc.day, tc.wall)
		require.Equal(t, tc.want.Unix(), u, "day %d wall %d", tc.day, tc.wall)
		if tc.wall != 3600+1800 {
			d, s := c.day(u)
			require.Equal(t, tc.day, d)
			require.Equal(t, tc.wall, s)
		}
	}
	require.Equal(t, "2026-03-29 03:00:00", string(appendStamp(nil, c.local(time.Date(2026, 3, 29, 2, 0, 0, 0, time.UTC).Unix()), ' ')))
	require.True(t, c.weekend(1))
	require.False(t, c.weekend(3))
}

func TestStampsMatchPackageTime(t *testing.T) {
	t.Parallel()
	for _, u := range []int64{0, 951782400, 1774569600, 1782864000 + 86399, 4102444800, -86400} {
		tm := time.Unix(u, 0).UTC()
		require.Equal(t, tm.Format("2006-01-02T15:04:05Z"), string(appendUTC(nil, u)))
		require.Equal(t, tm.Format("02/01/2006"), string(appendUKDate(nil, u)))
		require.Equal(t, tm.Format("2006-01-02"), string(appendDate(nil, u)))
	}
}

func TestIMEIsCarryAValidCheckDigit(t *testing.T) {
	t.Parallel()
	dir, _ := generate(t, DefaultOptions())
	tr := readTruth(t, dir)
	seen := map[string]bool{}
	for _, h := range tr.Handsets {
		require.False(t, seen[h.MSISDN], "numbers are unique")
		seen[h.MSISDN] = true
		for _, imei := range h.IMEIs {
			_, _, ok, err := normalize.IMEI(imei)
			require.NoError(t, err)
			require.True(t, ok, imei)
		}
	}
	forms := map[int]bool{}
	for _, r := range cdrRows(t, dir) {
		forms[len(r.f["subject_imei"])] = true
	}
	require.Equal(t, map[int]bool{14: true, 15: true, 16: true}, forms)
}

func BenchmarkGenerate(b *testing.B) {
	opts := DefaultOptions()
	opts.Handsets, opts.Days = 100, 7
	var events int64
	for b.Loop() {
		sum, err := Generate(context.Background(), opts, b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		events = sum.Events
	}
	b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
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
	require.False(t, errors.Is(err, ErrOptions))
}

func first[T any](s []T, n int) []T { return s[:min(n, len(s))] }
