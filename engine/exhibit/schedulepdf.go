package exhibit

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mastcdr/mast/engine/exhibit/draw"
	"github.com/mastcdr/mast/engine/exhibit/pdf"
)

var (
	ink  = draw.Colour{A: 0xFF}
	grey = draw.Colour{R: 0x55, G: 0x55, B: 0x55, A: 0xFF}
)

// WriteSchedulePDF writes the table as a paginated A4 landscape PDF: the
// exhibit header on every page (title, reference, case, producing analyst,
// production date, time zone, page x of y), the rows with the file and line
// each came from, and an appendix of the input files with their SHA-256 and
// the query. The manifest is in the document information (MastManifest) and
// attached as manifest.json.
func WriteSchedulePDF(w io.Writer, t *Table, m *Manifest) error {
	doc, err := pdf.New(pdf.Options{PageSize: pdf.A4Landscape()})
	if err != nil {
		return err
	}
	var shown []int
	var cols []pdf.Column
	for i, c := range t.Columns {
		if c.Weight <= 0 || c.Geom {
			continue
		}
		shown = append(shown, i)
		cols = append(cols, pdf.Column{Title: c.Name, Width: c.Weight, Right: c.Kind == KindInt || c.Kind == KindFloat || c.Kind == KindDuration})
	}
	header := func(p *pdf.Page, page, pages int) { pdfHeader(p, m, page, pages) }
	footer := func(p *pdf.Page, page, pages int) { pdfFooter(p, m) }
	o := pdf.DefaultTableOptions()
	o.Columns = cols
	o.Margins = pdf.Margins{Top: 28, Right: 28, Bottom: 28, Left: 28}
	o.HeaderHeight, o.FooterHeight = 46, 22
	o.Header, o.Footer = header, footer
	o.Font = draw.Font{Size: 7}
	tab, err := doc.Table(o)
	if err != nil {
		return err
	}
	cells := make([]string, len(shown))
	err = pass(t, m, func(_ []any, texts []string) error {
		for i, c := range shown {
			cells[i] = texts[c]
		}
		return tab.Row(cells...)
	})
	if err != nil {
		return err
	}
	if m.Rows == 0 {
		if err := tab.Row(append([]string{"(no rows)"}, make([]string, len(shown)-1)...)...); err != nil {
			return err
		}
	}
	if err := pdfAppendix(doc, m, header, footer); err != nil {
		return err
	}
	if err := finishPDF(doc, m); err != nil {
		return err
	}
	_, err = doc.WriteTo(w)
	return err
}

// pdfHeader is the exhibit header block drawn at the top of every page.
func pdfHeader(p *pdf.Page, m *Manifest, page, pages int) {
	w, _ := p.Size()
	p.Text(draw.Pt{X: 28, Y: 40}, m.Title, draw.Font{Size: 12, Bold: true}, ink, draw.AnchorLeft)
	p.Text(draw.Pt{X: w - 28, Y: 40}, "Exhibit "+m.Reference, draw.Font{Size: 12, Bold: true}, ink, draw.AnchorRight)
	line := fmt.Sprintf("Case %s · Produced by %s on %s · Times in %s · %d rows", m.Case, m.Analyst, m.ProducedAt.UTC().Format("2006-01-02 15:04 UTC"), m.TimeZone, m.Rows)
	p.Text(draw.Pt{X: 28, Y: 56}, line, draw.Font{Size: 8}, grey, draw.AnchorLeft)
	p.Text(draw.Pt{X: w - 28, Y: 56}, fmt.Sprintf("Page %d of %d", page, pages), draw.Font{Size: 8, Bold: true}, ink, draw.AnchorRight)
	p.Path([]draw.Pt{{X: 28, Y: 64}, {X: w - 28, Y: 64}}, false, draw.Style{Stroke: ink, Width: 0.6})
}

// pdfFooter states, on every page, how the rows can be checked.
func pdfFooter(p *pdf.Page, m *Manifest) {
	w, h := p.Size()
	traced := "Each row's Source is the file and line it came from; the files and their SHA-256 are listed in the appendix."
	if m.Traced == "case" {
		traced = "The rows carry no event or source id: every file of the case is listed in the appendix."
	}
	p.Text(draw.Pt{X: 28, Y: h - 22}, traced, draw.Font{Size: 6.5}, grey, draw.AnchorLeft)
	p.Text(draw.Pt{X: 28, Y: h - 13}, "Rows SHA-256 "+m.RowsSHA256+" · mast "+m.MastVersion+" · check with: mast exhibit verify FILE --case "+m.Case, draw.Font{Size: 6.5}, grey, draw.AnchorLeft)
	_ = w
}

// pdfAppendix lists the input files and the query.
func pdfAppendix(doc *pdf.Document, m *Manifest, header, footer pdf.Furniture) error {
	o := pdf.DefaultTableOptions()
	o.Margins = pdf.Margins{Top: 28, Right: 28, Bottom: 28, Left: 28}
	o.HeaderHeight, o.FooterHeight = 46, 22
	o.Header, o.Footer = header, footer
	o.Font = draw.Font{Size: 8}
	o.Columns = []pdf.Column{{Title: "Appendix: input files", Width: 3}, {Title: "SHA-256", Width: 6}, {Title: "Kind", Width: 1}, {Title: "Profile", Width: 2}, {Title: "Rows in this exhibit", Width: 1.4, Right: true}}
	tab, err := doc.Table(o)
	if err != nil {
		return err
	}
	for _, in := range m.Inputs {
		rows := strconv.FormatInt(in.Rows, 10)
		if m.Traced == "case" {
			rows = "(not traced)"
		}
		if err := tab.Row(fmt.Sprintf("%s (source %d)", in.FileName, in.SourceID), in.SHA256, in.Kind, in.Profile, rows); err != nil {
			return err
		}
	}
	for _, kv := range [][2]string{
		{"Command", m.Command}, {"Time zone", m.TimeZone}, {"Rows", strconv.FormatInt(m.Rows, 10)},
		{"Rows SHA-256", m.RowsSHA256}, {"mast version", m.MastVersion},
	} {
		if err := tab.Row(kv[0], kv[1], "", "", ""); err != nil {
			return err
		}
	}
	q := pdf.DefaultTableOptions()
	q.Margins, q.HeaderHeight, q.FooterHeight, q.Header, q.Footer = o.Margins, o.HeaderHeight, o.FooterHeight, header, footer
	q.Font = draw.Font{Size: 8}
	q.Shade = draw.Colour{}
	q.Columns = []pdf.Column{{Title: "Appendix: the query whose rows this exhibit shows (re-run by mast exhibit verify)", Width: 1}}
	qt, err := doc.Table(q)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(m.Query, "\n") {
		if err := qt.Row(strings.ReplaceAll(line, "\t", "    ")); err != nil {
			return err
		}
	}
	return nil
}
