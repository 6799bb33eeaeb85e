package pdf

import (
	"fmt"
	"image/color"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mastcdr/mast/engine/exhibit/draw"
	"github.com/stretchr/testify/require"
)

const scheduleTitle = "Schedule of calls: Exhibit JS/1"

var scheduleColumns = []Column{
	{Title: "No.", Width: 1},
	{Title: "Start (Europe/London)", Width: 3},
	{Title: "Other party", Width: 2.5},
	{Title: "Duration", Fixed: 60, Right: true},
	{Title: "Notes", Width: 5},
}

// scheduleOptions lay out scheduleColumns with a title block and a
// "Page x of y" footer on the right.
func scheduleOptions() TableOptions {
	o := DefaultTableOptions()
	o.Columns = scheduleColumns
	o.HeaderHeight = 30
	o.FooterHeight = 20
	o.Header = func(p *Page, _, _ int) {
		p.Text(draw.Pt{X: 36, Y: 58}, scheduleTitle, draw.Font{Size: 14, Bold: true}, black, draw.AnchorLeft)
	}
	o.Footer = func(p *Page, page, pages int) {
		w, h := p.Size()
		p.Text(draw.Pt{X: w - 36, Y: h - 40}, fmt.Sprintf("Page %d of %d", page, pages), draw.Font{Size: 8}, black, draw.AnchorRight)
	}
	return o
}

// scheduleRow is row n (from 1) of the test schedule. Every ninth row has a
// long note, with a word too long for the column, ending in a marker.
func scheduleRow(n int) []string {
	note := ""
	if n%9 == 0 {
		note = strings.Repeat("the subject's handset was at the cell site near the ring road ", 3) +
			"IMEI35" + strings.Repeat("0123456789", 8) + fmt.Sprintf(" end%04d", n)
	}
	return []string{
		fmt.Sprintf("R%04d", n),
		fmt.Sprintf("2024-03-%02d %02d:%02d:%02d", 1+n/100, n%24, n%60, (n*7)%60),
		fmt.Sprintf("07700 9%05d", n),
		fmt.Sprintf("%d:%02d:%02d", n/60%3, n%60, n*13%60),
		note,
	}
}

// schedule is a document holding a table of n test rows.
func schedule(t testing.TB, n int) *Document {
	t.Helper()
	d, err := New(DefaultOptions())
	require.NoError(t, err)
	tb, err := d.Table(scheduleOptions())
	require.NoError(t, err)
	for i := 1; i <= n; i++ {
		require.NoError(t, tb.Row(scheduleRow(i)...))
	}
	require.Equal(t, n, tb.Rows())
	return d
}

func TestTablePaginatesAndReadsBack(t *testing.T) {
	t.Parallel()
	const rows = 150
	d := schedule(t, rows)
	require.Greater(t, d.PageCount(), 2)
	path := writeFile(t, d)
	require.Contains(t, run(t, "pdfinfo", path), fmt.Sprintf("Pages:           %d\n", d.PageCount()))

	out := run(t, "pdftotext", "-layout", "-enc", "UTF-8", path, "-")
	pages := strings.Split(strings.TrimSuffix(out, "\f"), "\f")
	require.Len(t, pages, d.PageCount())
	id := regexp.MustCompile(`\bR(\d{4})\b`)
	next := 1
	for i, text := range pages {
		page := i + 1
		lines := strings.Split(strings.Trim(text, "\n"), "\n")
		require.Equal(t, scheduleTitle, strings.TrimSpace(lines[0]), "page %d starts with the title block", page)
		require.Regexp(t, `^\s*No\.\s+Start \(Europe/London\)\s+Other party\s+Duration\s+Notes\s*$`, lines[1],
			"page %d repeats the column titles", page)
		footer := fmt.Sprintf("Page %d of %d", page, len(pages))
		require.True(t, strings.HasSuffix(lines[len(lines)-1], footer), "page %d ends with %q: %q", page, footer, lines[len(lines)-1])
		require.Greater(t, strings.Index(lines[len(lines)-1], footer), 60, "page %d: the footer is on the right", page)

		ids := id.FindAllStringSubmatch(text, -1)
		require.NotEmpty(t, ids, "page %d has rows", page)
		for _, m := range ids {
			n, err := strconv.Atoi(m[1])
			require.NoError(t, err)
			require.Equal(t, next, n, "page %d: rows in order, none missing or repeated", page)
			if n%9 == 0 {
				require.Contains(t, text, fmt.Sprintf("end%04d", n), "row %d's wrapped note is on its page", n)
			}
			next++
		}
	}
	require.Equal(t, rows+1, next, "every row is present")
}

// word is one word pdftotext -bbox found, in points from the top left.
type word struct {
	text                   string
	xMin, yMin, xMax, yMax float64
}

// bboxWords is the words on each page of the PDF at path.
func bboxWords(t testing.TB, path string) [][]word {
	t.Helper()
	out := run(t, "pdftotext", "-bbox", "-enc", "UTF-8", path, "-")
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	var pages [][]word
	for _, page := range strings.Split(out, "<page ")[1:] {
		var words []word
		for _, m := range re.FindAllStringSubmatch(page, -1) {
			var v [4]float64
			for i := range v {
				f, err := strconv.ParseFloat(m[i+1], 64)
				require.NoError(t, err)
				v[i] = f
			}
			words = append(words, word{m[5], v[0], v[1], v[2], v[3]})
		}
		pages = append(pages, words)
	}
	return pages
}

func TestTableGeometry(t *testing.T) {
	t.Parallel()
	d := schedule(t, 60)
	pages := bboxWords(t, writeFile(t, d))
	require.Len(t, pages, d.PageCount())
	w, h := A4().W, A4().H
	o := DefaultTableOptions()
	// The Duration column is fixed at 60 pt, just left of Notes; its text
	// ends at its right edge less the padding.
	durationRight := o.Margins.Left + (w-o.Margins.Left-o.Margins.Right-60)*6.5/11.5 + 60 - o.Padding
	duration := regexp.MustCompile(`^\d:\d\d:\d\d$`)
	for i, words := range pages {
		last := words[len(words)-1]
		require.Equal(t, strconv.Itoa(len(pages)), last.text)
		require.InDelta(t, w-36, last.xMax, 0.5, "page %d: the footer ends at the right margin", i+1)
		require.Less(t, last.yMax, h-36, "page %d: the footer is inside the bottom margin", i+1)
		n := 0
		for _, wd := range words {
			if duration.MatchString(wd.text) {
				require.InDelta(t, durationRight, wd.xMax, 0.1, "page %d: %q is right-aligned", i+1, wd.text)
				require.Less(t, wd.yMax, h-36-20, "page %d: rows stay above the footer space", i+1)
				n++
			}
		}
		require.Positive(t, n)
	}
}

func TestTablePagesRenderWithShading(t *testing.T) {
	t.Parallel()
	d := schedule(t, 45)
	pages := render(t, writeFile(t, d))
	require.Len(t, pages, 2)
	require.Len(t, pages, d.PageCount())
	for i, img := range pages {
		require.Greater(t, inked(img), 2000, "page %d is not blank", i+1)
	}
	// Columns and rows from the top of page 1: the titles are one 16.8 pt
	// line (9 pt × 1.2 + 2 × 3 pt padding) at y = 36 + 30, as are rows 1–8.
	// A point right of the Duration column's text, in each band:
	o := DefaultTableOptions()
	x := int(A4().W - 40)
	at := func(y float64) color.RGBA {
		return color.RGBAModel.Convert(pages[0].At(x, int(y))).(color.RGBA)
	}
	top := 66.0
	require.Equal(t, grey8(o.TitleFill.R), at(top+8.4), "title row fill")
	require.Equal(t, grey8(0xFF), at(top+16.8+8.4), "row 1 is not shaded")
	require.Equal(t, grey8(o.Shade.R), at(top+2*16.8+8.4), "row 2 is shaded")
	require.Equal(t, grey8(0xFF), at(top+3*16.8+8.4), "row 3 is not shaded")
}

func grey8(v uint8) color.RGBA { return color.RGBA{v, v, v, 0xFF} }

func TestEmptyTableHasOnePageOfTitles(t *testing.T) {
	t.Parallel()
	d, err := New(DefaultOptions())
	require.NoError(t, err)
	tb, err := d.Table(scheduleOptions())
	require.NoError(t, err)
	p, y := tb.Cursor()
	require.Equal(t, 1, p.Number())
	require.InDelta(t, 66+16.8, y, 1e-9)
	out := run(t, "pdftotext", "-layout", writeFile(t, d), "-")
	require.Contains(t, out, "Other party")
	require.Contains(t, out, "Page 1 of 1")
}

func TestPageNumbersCountTheWholeDocument(t *testing.T) {
	t.Parallel()
	d, err := New(DefaultOptions())
	require.NoError(t, err)
	cover := d.AddPage()
	cover.Furnish(func(p *Page, page, pages int) {
		p.Text(draw.Pt{X: 72, Y: 72}, fmt.Sprintf("Cover %d/%d", page, pages), draw.Font{Size: 12}, black, draw.AnchorLeft)
	})
	tb, err := d.Table(scheduleOptions())
	require.NoError(t, err)
	for i := 1; i <= 70; i++ {
		require.NoError(t, tb.Row(scheduleRow(i)...))
	}
	d.AddPage() // a map after the schedule
	n := d.PageCount()
	require.Greater(t, n, 3, "the table has more than one page")
	out := run(t, "pdftotext", "-layout", writeFile(t, d), "-")
	require.Contains(t, out, fmt.Sprintf("Cover 1/%d", n))
	for page := 2; page < n; page++ {
		require.Contains(t, out, fmt.Sprintf("Page %d of %d", page, n))
	}
	require.NotContains(t, out, fmt.Sprintf("Page 1 of %d", n))
	require.NotContains(t, out, fmt.Sprintf("Page %d of %d", n, n))
}

func TestTableRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		edit func(*TableOptions)
		err  error
	}{
		{"no columns", func(o *TableOptions) { o.Columns = nil }, ErrColumns},
		{"fixed columns too wide", func(o *TableOptions) { o.Columns = []Column{{Fixed: 400}, {Fixed: 400}} }, ErrColumns},
		{"no room for shared columns", func(o *TableOptions) { o.Columns = []Column{{Fixed: A4().W - 72}, {Width: 1}} }, ErrColumns},
		{"negative width", func(o *TableOptions) { o.Columns = []Column{{Width: -1}} }, ErrColumns},
		{"column narrower than its padding", func(o *TableOptions) { o.Columns = []Column{{Fixed: 5}, {Width: 1}} }, ErrColumns},
		{"no font size", func(o *TableOptions) { o.Font.Size = 0 }, ErrColumns},
		{"transparent ink", func(o *TableOptions) { o.Ink = draw.Colour{} }, ErrColumns},
		{"negative margin", func(o *TableOptions) { o.Margins.Left = -1 }, ErrColumns},
		{"header and footer fill the page", func(o *TableOptions) { o.HeaderHeight = 400; o.FooterHeight = 400 }, ErrColumns},
		{"bad page size", func(o *TableOptions) { o.PageSize = PageSize{W: 100, H: -1} }, ErrPageSize},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, err := New(DefaultOptions())
			require.NoError(t, err)
			o := scheduleOptions()
			tc.edit(&o)
			_, err = d.Table(o)
			require.ErrorIs(t, err, tc.err)
			require.Zero(t, d.PageCount(), "a rejected table adds no page")
		})
	}
}

func TestTableRowErrors(t *testing.T) {
	t.Parallel()
	d, err := New(DefaultOptions())
	require.NoError(t, err)
	tb, err := d.Table(scheduleOptions())
	require.NoError(t, err)
	require.ErrorIs(t, tb.Row("too", "few"), ErrCellCount)
	cells := scheduleRow(1)
	cells[4] = strings.Repeat("line\n", 200)
	err = tb.Row(cells...)
	require.ErrorIs(t, err, ErrRowTooTall)
	require.ErrorContains(t, err, "table row 1")
	require.NoError(t, tb.Row(scheduleRow(1)...), "the table goes on after a rejected row")
	require.Equal(t, 1, tb.Rows())
	require.Equal(t, 1, d.PageCount())
}

func TestLandscapeTable(t *testing.T) {
	t.Parallel()
	d, err := New(DefaultOptions())
	require.NoError(t, err)
	o := scheduleOptions()
	o.PageSize = A4Landscape()
	tb, err := d.Table(o)
	require.NoError(t, err)
	require.NoError(t, tb.Row(scheduleRow(9)...))
	p, _ := tb.Cursor()
	w, h := p.Size()
	require.Greater(t, w, h)
	require.Contains(t, run(t, "pdfinfo", writeFile(t, d)), "Page size:       841.89 x 595.276 pts (A4)")
}

func BenchmarkTable(b *testing.B) {
	rows := make([][]string, 1000)
	for i := range rows {
		rows[i] = scheduleRow(i + 1)
	}
	for b.Loop() {
		d, err := New(DefaultOptions())
		require.NoError(b, err)
		tb, err := d.Table(scheduleOptions())
		require.NoError(b, err)
		for _, r := range rows {
			require.NoError(b, tb.Row(r...))
		}
		_, err = d.WriteTo(io.Discard)
		require.NoError(b, err)
	}
}
