package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/loaders"
)

// WorkbookBenchmark writes the first rows of a CSV provider file (its header
// and up to rows data rows) as one sheet of an .xlsx workbook, loads the
// workbook with the profile, and prints the rate and the peak Go heap while
// loading: Excel is slower than text, and must not be held whole in memory.
func WorkbookBenchmark(ctx context.Context, out io.Writer, dir, csvPath, profile string, rows int64) error {
	book := filepath.Join(dir, fmt.Sprintf("%s_%d.xlsx", strings.TrimSuffix(filepath.Base(csvPath), ".csv"), rows))
	if _, err := os.Stat(book); err != nil {
		fmt.Fprintf(out, "\nwriting %d rows of %s as a workbook ...\n", rows, filepath.Base(csvPath))
		if err := writeWorkbook(csvPath, book, rows); err != nil {
			return fmt.Errorf("write workbook: %w", err)
		}
	}
	st, err := os.Stat(book)
	if err != nil {
		return err
	}
	scratch, err := os.MkdirTemp(dir, "cases-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	c, err := newScratchCase(ctx, scratch, "workbook")
	if err != nil {
		return err
	}
	defer c.Close()
	ps, err := loaders.LoadProfiles("")
	if err != nil {
		return err
	}
	p, err := ps.Get(profile)
	if err != nil {
		return err
	}
	zone, err := time.LoadLocation("Europe/London")
	if err != nil {
		return err
	}
	runtime.GC()
	peak, stopPeak := watchHeap()
	began := time.Now()
	sum, err := loaders.HashFile(book)
	if err != nil {
		stopPeak()
		return err
	}
	f, err := os.Open(book)
	if err != nil {
		stopPeak()
		return err
	}
	defer f.Close()
	d, err := loaders.OpenDelivery(f, st.Size(), book, loaders.Workbook)
	if err != nil {
		stopPeak()
		return err
	}
	defer d.Close()
	meta := engine.SourceMeta{Path: book, FileName: filepath.Base(book), SHA256: sum, Size: st.Size(), Kind: "cdr",
		Profile: p.Name, ProfileSHA256: p.SHA256, TimeZone: zone.String(), Region: "GB"}
	res, err := c.LoadFile(ctx, meta, "events", func(ids engine.IDs) (engine.Stream, error) {
		return loaders.NewPartStream(ctx, d, p, loaders.ReadOptions{Region: "GB", Zone: zone, SourceID: ids.SourceID, FirstID: ids.FirstRow},
			func() (string, error) { return loaders.HashFile(book) }), nil
	})
	elapsed := time.Since(began)
	stopPeak()
	if err != nil {
		return err
	}
	if res.AlreadyLoaded {
		return errors.New("scratch case already held the workbook")
	}
	fmt.Fprintf(out, "%s (%s, %.0f MB workbook)\n", filepath.Base(book), profile, float64(st.Size())/1e6)
	fmt.Fprintf(out, "mast load of a workbook: %d rows in %.2fs, %.0f rows/s; peak Go heap %.0f MB\n",
		res.Counts.Read, elapsed.Seconds(), float64(res.Counts.Read)/elapsed.Seconds(), float64(*peak)/1e6)
	return nil
}

// watchHeap samples the Go heap in use until stop is called, keeping the
// highest value seen.
func watchHeap() (*uint64, func()) {
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return &peak, func() { close(done); wg.Wait() }
}

// writeWorkbook streams the header and up to rows lines of a comma-separated
// file (no quoted commas) into one sheet of a new workbook.
func writeWorkbook(csvPath, book string, rows int64) error {
	in, err := os.Open(csvPath)
	if err != nil {
		return err
	}
	defer in.Close()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var n int64
	for sc.Scan() && n <= rows {
		fields := strings.Split(sc.Text(), ",")
		cells := make([]any, len(fields))
		for i, v := range fields {
			cells[i] = v
		}
		n++
		cell, _ := excelize.CoordinatesToCellName(1, int(n))
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(book)
}
