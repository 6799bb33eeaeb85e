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
	"strconv"
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
	busy.Handsets, busy.Days, busy.TargetEvents = 12, 1, 120_000 // a handset's day split over several jobs
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
	for _, name := range []string{"cdr.csv", "anpr.csv", "towerdump_1.csv", "towerdump_5.csv", "truth.json"} {
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
			header := map[string]int64{"cdr": 2, "cells": 1, "anpr": 1, "towerdump": 2}[f.Kind] // the CDR has a comment line too, a dump a banner
			if f.Name == "cells_opencellid.csv" {
				header = 0
			}
			require.Equal(t, f.Rows, lines-header, f.Name)
			if f.Kind == "cdr" {
				cdrRows += f.Rows - f.Bad - f.Duplicates
			}
		}
		require.Equal(t, []string{"cells.csv", "cells_opencellid.csv", "cells_opencellid_header.csv", "cells_osgb.csv",
			"cdr_001.csv", "cdr_002.csv", "anpr.csv", "towerdump_1.csv", "towerdump_2.csv", "towerdump_3.csv", "towerdump_4.csv", "towerdump_5.csv", "truth.json"}, names)
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
				opts.Handsets, opts.EventsPerDay = 12, 2 // fewer rows than the dirt is spread over
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
		{"twelve very busy handsets", 12, 1, 300_000},
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
		"eleven handsets":       func(o *Options) { o.Handsets = 11 },
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

// dumpRow is a row of a generated tower dump.
type dumpRow struct {
	msisdn, imei, imsi, other, typ, cell string // cell as a canonical key
	at                                   time.Time
}

// dumpRows reads a generated tower dump, checking its banner and header.
func dumpRows(t *testing.T, path string) []dumpRow {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	require.True(t, strings.HasPrefix(lines[0], "Tower dump"), lines[0])
	require.Equal(t, dumpHeader, lines[1])
	var cp normalize.CellParser
	var rows []dumpRow
	for _, line := range lines[2:] {
		f := strings.Split(line, ",")
		require.Len(t, f, 7, line)
		at, err := time.Parse(time.RFC3339, f[4])
		require.NoError(t, err, line)
		k, err := cp.Parse(f[6])
		require.NoError(t, err, line)
		rows = append(rows, dumpRow{msisdn: f[0], imei: f[1], imsi: f[2], other: f[3], at: at, typ: f[5], cell: k.String()})
	}
	return rows
}

// cellPositions are the WGS84 positions of the cells of cells.csv (the
// first version of each: the tests use them for distances of kilometres).
func cellPositions(t *testing.T, dir string) map[string][2]float64 {
	t.Helper()
	pos := map[string][2]float64{}
	for k, vs := range readCells(t, dir) {
		var p [2]float64
		_, err1 := fmtSscan(vs[0].lat, &p[0])
		_, err2 := fmtSscan(vs[0].lon, &p[1])
		require.NoError(t, errors.Join(err1, err2))
		pos[k] = p
	}
	return pos
}

func TestCarriedPairsAndConvoysScaleWithTheHandsets(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		handsets, pairs, convoys int
	}{{12, 1, 1}, {60, 2, 1}, {130, 5, 2}} {
		t.Run(itoa(tc.handsets), func(t *testing.T) {
			t.Parallel()
			opts := DefaultOptions()
			opts.Handsets, opts.Days, opts.DumpRows = tc.handsets, 2, 50
			dir, _ := generate(t, opts)
			tr := readTruth(t, dir)
			require.Len(t, tr.CarriedPairs, tc.pairs)
			require.Len(t, tr.Convoys, tc.convoys)
			require.Equal(t, tr.CarriedTogether, tr.CarriedPairs[:1], "the first pair is the one carried_together names")
			owner := map[string]string{}
			for _, h := range tr.Handsets {
				owner[h.MSISDN] = h.CarriedBy
			}
			seen := map[string]bool{}
			for _, p := range tr.CarriedPairs {
				require.Equal(t, p.A, owner[p.B], "%s is carried by %s", p.B, p.A)
				require.Empty(t, owner[p.A])
				require.False(t, seen[p.A] || seen[p.B], "a handset in two pairs")
				seen[p.A], seen[p.B] = true, true
			}
			plates := map[string]bool{}
			for _, c := range tr.Convoys {
				require.Len(t, c.Members, 2)
				require.NotEqual(t, c.Members[0], c.Members[1])
				for _, m := range c.Members {
					require.Empty(t, owner[m], "a convoy member is a person of their own")
					require.False(t, seen[m], "a handset in two planted pairs")
					seen[m] = true
				}
				require.False(t, plates[c.VRM])
				plates[c.VRM] = true
				require.GreaterOrEqual(t, len(c.Journeys), 4, "at least two evenings out and back")
			}
		})
	}
}

func TestVersion3PlantsAreInTheFiles(t *testing.T) {
	t.Parallel()
	opts := DefaultOptions()
	opts.Handsets, opts.Days, opts.DumpRows = 30, 7, 1500
	dir, sum := generate(t, opts)
	tr := readTruth(t, dir)
	rows := cdrRows(t, dir)
	by := map[string][]cdrRow{}
	for _, r := range rows {
		by[r.number] = append(by[r.number], r)
	}
	for _, rs := range by {
		slices.SortStableFunc(rs, func(a, b cdrRow) int { return a.at.Compare(b.at) })
	}
	pos := cellPositions(t, dir)

	t.Run("the SIM-swapped handset shows two SIMs, one after the other", func(t *testing.T) {
		require.Len(t, tr.SIMSwap, 1)
		s := tr.SIMSwap[0]
		require.NotEqual(t, s.FromIMSI, s.ToIMSI)
		require.NotEqual(t, s.FromMSISDN, s.ToMSISDN)
		sims := map[string]int{}
		for _, r := range rows {
			if r.f["subject_imei"][:14] != s.IMEI[:14] {
				continue
			}
			if r.at.Before(s.At) {
				require.Equal(t, s.FromIMSI, r.f["subject_imsi"], r.f["record_id"])
				require.Equal(t, s.FromMSISDN, r.number, r.f["record_id"])
			} else {
				require.Equal(t, s.ToIMSI, r.f["subject_imsi"], r.f["record_id"])
				require.Equal(t, s.ToMSISDN, r.number, r.f["record_id"])
			}
			sims[r.f["subject_imsi"]]++
		}
		require.Len(t, sims, 2, "%v", sims)
		for _, r := range rows {
			if r.f["subject_imsi"] == s.FromIMSI || r.number == s.FromMSISDN {
				require.True(t, r.at.Before(s.At), "the first SIM is seen after the swap: %s", r.f["record_id"])
			}
		}
		// Contacts' records name the new number after the swap.
		later := 0
		for _, r := range rows {
			if normalNumber(r.f["other_party"]) == s.ToMSISDN {
				require.False(t, r.at.Before(s.At), r.f["record_id"])
				later++
			}
		}
		require.Positive(t, later, "no contact's record shows the new number")
	})

	t.Run("the cloned number is used by two handsets far apart at once", func(t *testing.T) {
		require.Len(t, tr.ClonedSIM, 1)
		c := tr.ClonedSIM[0]
		require.NotEqual(t, c.IMEI[:14], c.CloneIMEI[:14])
		require.Greater(t, kmBetween(c.Home, c.CloneHome), 15.0)
		imeis := map[string]int{}
		for _, r := range by[c.MSISDN] {
			require.Equal(t, c.IMSI, r.f["subject_imsi"])
			imei := r.f["subject_imei"][:14]
			if imei == c.CloneIMEI[:14] {
				require.False(t, r.at.Before(c.From) || !r.at.Before(c.To), "the clone outside its stretch: %s", r.f["record_id"])
			} else {
				require.Equal(t, c.IMEI[:14], imei, r.f["record_id"])
			}
			imeis[imei]++
		}
		require.Len(t, imeis, 2)
		require.Greater(t, imeis[c.CloneIMEI[:14]], 5)
		for _, h := range tr.Handsets {
			for _, imei := range h.IMEIs {
				require.NotEqual(t, c.CloneIMEI[:14], imei[:14], "the clone's IMEI is no subscriber's")
			}
		}
		// Each example is two consecutive rows of the number, one of each
		// handset, too far apart for the time between them.
		require.NotEmpty(t, c.Impossible)
		require.GreaterOrEqual(t, c.ImpossibleHops, len(c.Impossible))
		rs := by[c.MSISDN]
		for _, hop := range c.Impossible {
			i := slices.IndexFunc(rs, func(r cdrRow) bool {
				return r.at.Equal(hop.A.At) && r.cell == hop.A.Cell && r.f["subject_imei"][:14] == hop.A.IMEI[:14]
			})
			require.GreaterOrEqual(t, i, 0, "no row for %+v", hop.A)
			j := i + 1
			for j < len(rs) && rs[j].at.Equal(rs[i].at) && rs[j].f["subject_imei"][:14] == hop.A.IMEI[:14] {
				j++
			}
			require.Less(t, j, len(rs))
			require.True(t, rs[j].at.Equal(hop.B.At), "the next row after %s is at %s, not %s", hop.A.At, rs[j].at, hop.B.At)
			require.Equal(t, hop.B.Cell, rs[j].cell)
			require.Equal(t, hop.B.IMEI[:14], rs[j].f["subject_imei"][:14])
			require.NotEqual(t, hop.A.IMEI[:14], hop.B.IMEI[:14])
			km := kmBetween(pos[hop.A.Cell], pos[hop.B.Cell])
			require.InDelta(t, hop.Km, km, 0.5)
			require.GreaterOrEqual(t, km, 10.0)
			hours := hop.B.At.Sub(hop.A.At).Hours()
			require.True(t, hours == 0 || km/hours > 200, "%.1f km in %.0f s", km, hours*3600)
		}
	})

	t.Run("convoy members are together on the planted journeys and the car passes the cameras", func(t *testing.T) {
		require.NotEmpty(t, tr.Convoys)
		b, err := os.ReadFile(filepath.Join(dir, "anpr.csv"))
		require.NoError(t, err)
		anpr := strings.Split(string(b), "\n")
		for _, c := range tr.Convoys {
			require.Equal(t, c.Driver, c.Members[0])
			// On the convoy's evenings, from the outward journey to the end
			// of the journey back, both are on cells along the road between
			// the meeting point and the destination; and when both use their
			// phones within minutes, they are on the same or nearby cells.
			seen, near, close := map[string]int{}, 0, 0
			for k := 0; k+1 < len(c.Journeys); k += 2 {
				out, back := c.Journeys[k], c.Journeys[k+1]
				require.Equal(t, "meeting_point", out.From)
				require.Equal(t, "meeting_point", back.To)
				require.True(t, out.End.After(out.Start) && back.Start.After(out.End) && back.End.After(back.Start))
				during := func(r cdrRow) bool { return !r.at.Before(out.Start) && !r.at.After(back.End) && r.cell != "" }
				for _, m := range c.Members {
					for _, x := range by[m] {
						if during(x) {
							seen[m]++
							require.Less(t, kmToSegment(pos[x.cell], c.MeetingPoint, c.Destination), 4.0, "%s %s on %s, off the convoy's road", m, x.at, x.cell)
						}
					}
				}
				for _, x := range by[c.Members[0]] {
					for _, y := range by[c.Members[1]] {
						if d := x.at.Sub(y.at); during(x) && during(y) && d > -10*time.Minute && d < 10*time.Minute {
							near++
							// Together in a car at up to 12 m/s: cells no farther
							// apart than a serving area and the way driven.
							if x.cell == y.cell || kmBetween(pos[x.cell], pos[y.cell]) < 3+0.72*math.Abs(d.Minutes()) {
								close++
							}
						}
					}
				}
			}
			require.Len(t, seen, 2, "%s: both members' events on the convoy's evenings: %v", c.VRM, seen)
			require.Positive(t, near, c.VRM)
			require.GreaterOrEqual(t, float64(close), 0.9*float64(near), "%s: %d of %d near-same-time events on the same or nearby cells", c.VRM, close, near)

			reads := 0
			for _, line := range anpr {
				f := strings.Split(line, ",")
				if len(f) != 6 || strings.ReplaceAll(f[0], " ", "") != c.VRM {
					continue
				}
				reads++
				require.True(t, slices.ContainsFunc(c.Cameras, func(cm cameraTruth) bool { return cm.ID == f[4] }), line)
				at, err := time.Parse(time.DateTime, f[3])
				require.NoError(t, err)
				require.True(t, slices.ContainsFunc(c.Journeys, func(j journeyTruth) bool { return !at.Before(j.Start) && !at.After(j.End) }),
					"read %s outside the journeys", line)
			}
			require.Equal(t, c.Reads, reads)
			require.Equal(t, len(c.Journeys)*len(c.Cameras), reads, "every camera reads every journey")
			require.NotEmpty(t, c.Cameras)
		}
	})

	t.Run("the tower dumps hold the scenes' CDR rows, the offender at three, and the bystanders", func(t *testing.T) {
		require.Len(t, tr.TowerDumps, 5)
		require.Len(t, tr.TowerDumpOffenders, 1)
		off := tr.TowerDumpOffenders[0]
		require.Len(t, off.Scenes, 3)
		files := map[string]FileSummary{}
		for _, f := range sum.Files {
			files[f.Name] = f
		}
		type ident struct{ msisdn, imei string }
		scenesOf := map[string][]int{} // IMSI → scenes
		identOf := map[string]ident{}
		world := map[string]bool{}
		for _, h := range tr.Handsets {
			world[h.IMSI] = true
		}
		world[tr.SIMSwap[0].ToIMSI] = true
		for i, sc := range tr.TowerDumps {
			require.Equal(t, i+1, sc.Scene)
			if i > 0 {
				require.True(t, sc.From.After(tr.TowerDumps[i-1].From), "scenes in time order")
			}
			require.GreaterOrEqual(t, sc.To.Sub(sc.From), time.Hour)
			require.LessOrEqual(t, sc.To.Sub(sc.From), 2*time.Hour)
			require.NotEmpty(t, sc.Cells)
			require.LessOrEqual(t, len(sc.Cells), 3)
			ds := dumpRows(t, filepath.Join(dir, sc.File))
			require.Equal(t, files[sc.File].Rows, int64(len(ds)))
			require.Equal(t, sc.Rows, int64(len(ds)))
			inDump := map[string]bool{}
			bystanders := int64(0)
			for k, r := range ds {
				if k > 0 {
					require.False(t, r.at.Before(ds[k-1].at), "rows in time order")
				}
				require.False(t, r.at.Before(sc.From) || !r.at.Before(sc.To), "row outside the window: %+v", r)
				require.Contains(t, sc.Cells, r.cell)
				require.True(t, strings.HasPrefix(r.imsi, "234"+itoa(sc.MNC)), r.imsi)
				if !world[r.imsi] {
					bystanders++
					require.True(t, strings.HasPrefix(r.msisdn, "+447701") || r.msisdn == "", r.msisdn)
				} else {
					inDump[r.imsi+" "+r.at.Format(time.RFC3339)+" "+r.cell] = true
				}
				if !slices.Contains(scenesOf[r.imsi], sc.Scene) {
					scenesOf[r.imsi] = append(scenesOf[r.imsi], sc.Scene)
				}
				if r.msisdn != "" && r.imei != "" {
					identOf[r.imsi] = ident{r.msisdn, r.imei}
				}
			}
			require.Equal(t, sc.BystanderRows, bystanders)
			require.Equal(t, int64(opts.DumpRows), bystanders)
			// Every CDR row on the scene's cells in its window is in the
			// dump, and no other row of a world handset.
			n := 0
			for _, r := range rows {
				if r.cell != "" && slices.Contains(sc.Cells, r.cell) && !r.at.Before(sc.From) && r.at.Before(sc.To) {
					require.True(t, inDump[r.f["subject_imsi"]+" "+r.at.UTC().Format(time.RFC3339)+" "+r.cell], "%s not in %s", r.f["record_id"], sc.File)
					n++
				}
			}
			require.Equal(t, len(inDump), n, "%s: world rows not in the CDR", sc.File)
		}
		// The offender is at exactly its three scenes, with its own identity.
		require.Equal(t, off.Scenes, scenesOf[off.IMSI])
		require.Equal(t, ident{off.MSISDN, off.IMEI}, identOf[off.IMSI])
		// Everyone else at two scenes or more is in the truth, and nobody but
		// the offender is at three.
		var got, want []string
		bys := 0
		for imsi, ss := range scenesOf {
			if imsi == off.IMSI || len(ss) < 2 {
				continue
			}
			require.Less(t, len(ss), 3, "%s at %v", imsi, ss)
			slices.Sort(ss)
			got = append(got, imsi+" "+strings.Trim(strings.Join(strings.Fields(fmtInts(ss)), ","), "[]"))
		}
		for _, r := range tr.TowerDumpRepeats {
			want = append(want, r.IMSI+" "+strings.Trim(strings.Join(strings.Fields(fmtInts(r.Scenes)), ","), "[]"))
			require.Equal(t, !world[r.IMSI], r.Bystander, r.IMSI)
			if r.Bystander {
				bys++
				require.Equal(t, ident{r.MSISDN, r.IMEI}, identOf[r.IMSI])
			}
		}
		require.ElementsMatch(t, want, got)
		require.Equal(t, tr.BystandersAtTwoOrMore, bys)
		require.Equal(t, 3, bys)
		// The offender's own CDR puts it at each of its scenes.
		for _, s := range off.Scenes {
			sc := tr.TowerDumps[s-1]
			at := 0
			for _, r := range by[off.MSISDN] {
				if !r.at.Before(sc.From) && r.at.Before(sc.To) && slices.Contains(sc.Cells, r.cell) {
					at++
				}
			}
			require.GreaterOrEqual(t, at, 2, "scene %d", s)
		}
	})

	t.Run("the tower dumps load with the bundled profile, and detection picks it", func(t *testing.T) {
		ps, err := loaders.LoadProfiles("")
		require.NoError(t, err)
		for _, sc := range tr.TowerDumps {
			path := filepath.Join(dir, sc.File)
			rejects, counts, _ := loadFile(t, path, "towerdump")
			require.Empty(t, rejects, sc.File)
			require.Equal(t, sc.Rows, counts.Loaded, sc.File)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			best, err := loaders.Choose(loaders.Detect(context.Background(), data, ps, loaders.ReadOptions{Region: "GB", Zone: time.UTC}))
			require.NoError(t, err)
			require.Equal(t, "towerdump", best.Name, sc.File)
		}
	})

	t.Run("every handset has a home cell", func(t *testing.T) {
		for _, h := range tr.Handsets {
			require.NotEmpty(t, h.HomeCell, h.MSISDN)
		}
	})
}

func fmtInts(s []int) string {
	var b strings.Builder
	for i, v := range s {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(itoa(v))
	}
	return b.String()
}

func fmtSscan(s string, f *float64) (int, error) {
	v, err := strconv.ParseFloat(s, 64)
	*f = v
	return 1, err
}

// kmToSegment is the distance in km from p to the segment a–b (lat, lon).
func kmToSegment(p, a, b [2]float64) float64 {
	xy := func(q [2]float64) (float64, float64) { return q[1] * 111.32 * 0.6088, q[0] * 111.32 }
	px, py := xy(p)
	ax, ay := xy(a)
	bx, by := xy(b)
	dx, dy := bx-ax, by-ay
	f := ((px-ax)*dx + (py-ay)*dy) / (dx*dx + dy*dy)
	f = math.Max(0, math.Min(1, f))
	return math.Hypot(px-ax-f*dx, py-ay-f*dy)
}
