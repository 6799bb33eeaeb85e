package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/mastcdr/mast/loaders"
)

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// startProgressBar draws a one-line progress bar for a file of size bytes on
// w until the returned function is called; with size 0, rows and rate only.
func startProgressBar(w io.Writer, name string, size int64, p *loaders.Progress) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	start := time.Now()
	draw := func(final bool) {
		b, rows := p.Bytes.Load(), p.Rows.Load()
		secs := max(time.Since(start).Seconds(), 1e-3)
		frac := 1.0
		if size > 0 {
			frac = min(1, float64(b)/float64(size))
		}
		const width = 24
		n := int(frac * width)
		bar := strings.Repeat("█", n) + strings.Repeat("░", width-n)
		line := fmt.Sprintf("\r%-28s %s %3.0f%%  %s rows  %s rows/s  %.1f MB/s ",
			shorten(name, 28), bar, frac*100, humanCount(float64(rows)), humanCount(float64(rows)/secs), float64(b)/1e6/secs)
		if size <= 0 { // a workbook or archive: its text's size is not known ahead
			line = fmt.Sprintf("\r%-28s %s rows  %s rows/s ", shorten(name, 28), humanCount(float64(rows)), humanCount(float64(rows)/secs))
		}
		if final {
			line += "\n"
		}
		io.WriteString(w, line)
	}
	go func() {
		defer wg.Done()
		t := time.NewTicker(150 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				draw(true)
				return
			case <-t.C:
				draw(false)
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return "…" + string(r[len(r)-n+1:])
}

// humanCount writes a count as 950, 12.3k, 4.56M.
func humanCount(v float64) string {
	switch {
	case v >= 1e9:
		return fmt.Sprintf("%.2fG", v/1e9)
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e4:
		return fmt.Sprintf("%.1fk", v/1e3)
	default:
		return fmt.Sprintf("%.0f", v)
	}
}

// textTable prints a small aligned table of strings (summaries, reports).
type textTable struct {
	header []string
	rows   [][]string
	right  map[int]bool // right-aligned columns
}

func (t *textTable) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *textTable) write(w io.Writer) {
	widths := make([]int, len(t.header))
	for i, h := range t.header {
		widths[i] = utf8.RuneCountInString(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		for i, c := range cells {
			if i > 0 {
				b.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if t.right[i] {
				b.WriteString(pad + c)
			} else if i < len(cells)-1 {
				b.WriteString(c + pad)
			} else {
				b.WriteString(c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	line(t.header)
	sep := make([]string, len(widths))
	for i, n := range widths {
		sep[i] = strings.Repeat("-", n)
	}
	line(sep)
	for _, r := range t.rows {
		line(r)
	}
}

// isTerminalReader reports whether r is a terminal.
func isTerminalReader(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
