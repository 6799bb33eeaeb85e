package pdf

import (
	"fmt"

	"github.com/mastcdr/mast/engine/exhibit/draw"
)

// Column is one column of a Table.
type Column struct {
	Title string
	// Width is the column's share of the width the fixed columns leave,
	// relative to the other shared columns' Width. If no shared column has a
	// positive Width, they share equally.
	Width float64
	// Fixed, when positive, is the column's width in points; Width is then
	// ignored.
	Fixed float64
	// Right aligns the column's text to its right edge (numbers, durations).
	Right bool
}

// Margins are the blank borders of a page, in points.
type Margins struct{ Top, Right, Bottom, Left float64 }

// TableOptions say how a Table is laid out. Start from DefaultTableOptions.
type TableOptions struct {
	Columns []Column
	// PageSize is the size of the table's pages; zero means the document's.
	PageSize PageSize
	Margins  Margins
	// HeaderHeight is the space below the top margin kept for Header, above
	// the column titles; FooterHeight the space above the bottom margin kept
	// for Footer.
	HeaderHeight float64
	FooterHeight float64
	// Header and Footer, when not nil, draw the block above the table and the
	// footer below it on every page of the table. They are Furniture: they
	// run when the document is written, so they are told the page's number
	// and the document's number of pages ("Page 3 of 12").
	Header Furniture
	Footer Furniture
	// Font is the rows' font; the column titles are in its bold at its size.
	Font draw.Font
	// Leading is the distance between the baselines of a cell's lines, as a
	// multiple of Font.Size; Padding the space inside each cell's edges, in
	// points.
	Leading float64
	Padding float64
	// Ink is the colour of the text; it must not be transparent.
	Ink draw.Colour
	// TitleFill is the background of the column titles, Shade that of every
	// second row, Rule the colour of the lines above and below the titles;
	// zero alpha draws none.
	TitleFill draw.Colour
	Shade     draw.Colour
	Rule      draw.Colour
}

// DefaultTableOptions are 9-point rows on the document's pages with 36-point
// (half-inch) margins, black text, light grey titles and shading.
func DefaultTableOptions() TableOptions {
	return TableOptions{
		Margins:   Margins{Top: 36, Right: 36, Bottom: 36, Left: 36},
		Font:      draw.Font{Size: 9},
		Leading:   1.2,
		Padding:   3,
		Ink:       draw.Colour{A: 0xFF},
		TitleFill: draw.Colour{R: 0xD9, G: 0xD9, B: 0xD9, A: 0xFF},
		Shade:     draw.Colour{R: 0xF2, G: 0xF2, B: 0xF2, A: 0xFF},
		Rule:      draw.Colour{R: 0x40, G: 0x40, B: 0x40, A: 0xFF},
	}
}

// Table lays rows out on as many pages as they need. Rows are given one at a
// time and drawn at once, so a table of any length streams: the Table keeps
// only its current page and position. A row is never split across pages;
// every page repeats the column titles and has the Header and Footer.
type Table struct {
	d      *Document
	o      TableOptions
	size   PageSize
	cols   []tableColumn
	titles [][]string // each column's title, wrapped
	titleH float64    // height of the title row
	page   *Page
	y      float64 // top of the next row
	bottom float64 // lowest y a row may reach
	rows   int
}

// tableColumn is a column's place on the page.
type tableColumn struct {
	x, w  float64
	right bool
}

// Table starts a table on a new page.
func (d *Document) Table(o TableOptions) (*Table, error) {
	t := &Table{d: d, o: o, size: o.PageSize}
	if t.size == (PageSize{}) {
		t.size = d.size
	}
	if err := t.layout(); err != nil {
		return nil, fmt.Errorf("table: %w", err)
	}
	t.newPage()
	return t, nil
}

// layout checks the options and places the columns.
func (t *Table) layout() error {
	o := t.o
	m := o.Margins
	switch {
	case !t.size.valid():
		return fmt.Errorf("%v: %w", t.size, ErrPageSize)
	case len(o.Columns) == 0:
		return fmt.Errorf("no columns: %w", ErrColumns)
	case !(o.Font.Size > 0) || !(o.Leading > 0) || o.Padding < 0:
		return fmt.Errorf("font size %v, leading %v, padding %v: %w", o.Font.Size, o.Leading, o.Padding, ErrColumns)
	case o.Ink.A == 0:
		return fmt.Errorf("ink has zero alpha, no text would show: %w", ErrColumns)
	case m.Top < 0 || m.Right < 0 || m.Bottom < 0 || m.Left < 0 || o.HeaderHeight < 0 || o.FooterHeight < 0:
		return fmt.Errorf("negative margin or header or footer height: %w", ErrColumns)
	}
	avail := t.size.W - m.Left - m.Right
	fixed, weights, shared := 0.0, 0.0, 0
	for i, c := range o.Columns {
		switch {
		case c.Fixed < 0 || c.Width < 0:
			return fmt.Errorf("column %d %q: negative width: %w", i+1, c.Title, ErrColumns)
		case c.Fixed > 0:
			fixed += c.Fixed
		default:
			weights += c.Width
			shared++
		}
	}
	rest := avail - fixed
	if rest < 0 || (shared > 0 && rest <= 0) {
		return fmt.Errorf("fixed widths %.1f pt exceed the %.1f pt between the margins: %w", fixed, avail, ErrColumns)
	}
	x := m.Left
	for i, c := range o.Columns {
		w := c.Fixed
		if w <= 0 {
			if weights > 0 {
				w = rest * c.Width / weights
			} else {
				w = rest / float64(shared)
			}
		}
		if w-2*o.Padding <= 0 {
			return fmt.Errorf("column %d %q: %.1f pt leaves no room inside the padding: %w", i+1, c.Title, w, ErrColumns)
		}
		t.cols = append(t.cols, tableColumn{x: x, w: w, right: c.Right})
		x += w
	}

	title := draw.Font{Size: o.Font.Size, Bold: true}
	lines := 1
	for i, c := range o.Columns {
		wrapped := wrapText(c.Title, title, t.cols[i].w-2*o.Padding)
		t.titles = append(t.titles, wrapped)
		lines = max(lines, len(wrapped))
	}
	t.titleH = t.rowHeight(lines)
	t.bottom = t.size.H - m.Bottom - o.FooterHeight
	if t.top()+t.titleH+t.rowHeight(1) > t.bottom {
		return fmt.Errorf("no room for a row between the header and the footer: %w", ErrColumns)
	}
	return nil
}

// top is the y of the column titles.
func (t *Table) top() float64 { return t.o.Margins.Top + t.o.HeaderHeight }

// rowHeight is the height of a row of n lines.
func (t *Table) rowHeight(n int) float64 {
	return float64(n)*t.o.Leading*t.o.Font.Size + 2*t.o.Padding
}

// Row adds a row with one cell per column, each wrapped to its column's
// width, starting a new page if it does not fit on this one.
func (t *Table) Row(cells ...string) error {
	n := t.rows + 1
	if len(cells) != len(t.cols) {
		return fmt.Errorf("table row %d: %d cells for %d columns: %w", n, len(cells), len(t.cols), ErrCellCount)
	}
	wrapped := make([][]string, len(cells))
	lines := 1
	for i, s := range cells {
		wrapped[i] = wrapText(s, t.o.Font, t.cols[i].w-2*t.o.Padding)
		lines = max(lines, len(wrapped[i]))
	}
	h := t.rowHeight(lines)
	if t.top()+t.titleH+h > t.bottom {
		return fmt.Errorf("table row %d: %d lines: %w", n, lines, ErrRowTooTall)
	}
	if t.y+h > t.bottom {
		t.newPage()
	}
	if t.rows%2 == 1 && t.o.Shade.A > 0 {
		t.band(t.y, h, t.o.Shade)
	}
	t.cells(wrapped, t.y, t.o.Font)
	t.y += h
	t.rows = n
	return nil
}

// Rows is the number of rows added.
func (t *Table) Rows() int { return t.rows }

// Cursor is the table's last page and the y just below its last row, where
// a caller may go on drawing.
func (t *Table) Cursor() (p *Page, y float64) { return t.page, t.y }

// newPage starts a page: its furniture, then the column titles.
func (t *Table) newPage() {
	p := t.d.AddPageSize(t.size)
	if t.o.Header != nil {
		p.Furnish(t.o.Header)
	}
	if t.o.Footer != nil {
		p.Furnish(t.o.Footer)
	}
	t.page = p
	y := t.top()
	if t.o.TitleFill.A > 0 {
		t.band(y, t.titleH, t.o.TitleFill)
	}
	t.cells(t.titles, y, draw.Font{Size: t.o.Font.Size, Bold: true})
	if t.o.Rule.A > 0 {
		t.rule(y)
		t.rule(y + t.titleH)
	}
	t.y = y + t.titleH
}

// width is the width of the table.
func (t *Table) width() float64 {
	last := t.cols[len(t.cols)-1]
	return last.x + last.w - t.cols[0].x
}

// band fills the table's width from y down by h.
func (t *Table) band(y, h float64, c draw.Colour) {
	x0 := t.cols[0].x
	t.page.Path([]draw.Pt{{X: x0, Y: y}, {X: x0 + t.width(), Y: y}, {X: x0 + t.width(), Y: y + h}, {X: x0, Y: y + h}},
		true, draw.Style{Fill: c})
}

// rule draws a thin line across the table at y.
func (t *Table) rule(y float64) {
	x0 := t.cols[0].x
	t.page.Path([]draw.Pt{{X: x0, Y: y}, {X: x0 + t.width(), Y: y}}, false,
		draw.Style{Stroke: t.o.Rule, Width: 0.5})
}

// Helvetica's ascender and descender, in 1/1000 em, to centre a line's
// glyphs in its leading.
const ascender, descender = 718, -207

// cells draws each column's lines in a row whose top is y.
func (t *Table) cells(lines [][]string, y float64, f draw.Font) {
	lead := t.o.Leading * f.Size
	base := y + t.o.Padding + (lead-(ascender-descender)*f.Size/1000)/2 + ascender*f.Size/1000
	for i, col := range t.cols {
		x, a := col.x+t.o.Padding, draw.AnchorLeft
		if col.right {
			x, a = col.x+col.w-t.o.Padding, draw.AnchorRight
		}
		for j, s := range lines[i] {
			t.page.Text(draw.Pt{X: x, Y: base + float64(j)*lead}, s, f, t.o.Ink, a)
		}
	}
}
