package exhibit

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/mastcdr/mast/engine/exhibit/draw"
	"github.com/mastcdr/mast/engine/exhibit/pdf"
)

// pdf writes the case report as an A4 PDF: one table per section, every
// page with the report's header and page x of y.
func (rep *report) pdf() ([]byte, error) {
	doc, err := pdf.New(pdf.Options{PageSize: pdf.A4Landscape(), Info: pdf.Info{
		Title: "Case report: " + rep.Case, Author: rep.Analyst, Subject: "Case " + rep.Case,
		Creator: "mast exhibit report", Producer: "mast " + rep.version, CreationDate: rep.Now.UTC().Truncate(1e9),
	}})
	if err != nil {
		return nil, err
	}
	header := func(p *pdf.Page, page, pages int) {
		w, _ := p.Size()
		p.Text(draw.Pt{X: 28, Y: 40}, "Case report: "+rep.Case, draw.Font{Size: 12, Bold: true}, ink, draw.AnchorLeft)
		p.Text(draw.Pt{X: 28, Y: 56}, fmt.Sprintf("Produced %s by %s with mast %s", rep.producedS, rep.Analyst, rep.version), draw.Font{Size: 8}, grey, draw.AnchorLeft)
		p.Text(draw.Pt{X: w - 28, Y: 56}, fmt.Sprintf("Page %d of %d", page, pages), draw.Font{Size: 8, Bold: true}, ink, draw.AnchorRight)
		p.Path([]draw.Pt{{X: 28, Y: 64}, {X: w - 28, Y: 64}}, false, draw.Style{Stroke: ink, Width: 0.6})
	}
	table := func(cols ...pdf.Column) (*pdf.Table, error) {
		o := pdf.DefaultTableOptions()
		o.Margins = pdf.Margins{Top: 28, Right: 28, Bottom: 28, Left: 28}
		o.HeaderHeight = 46
		o.Header = header
		o.Font = draw.Font{Size: 8}
		o.Columns = cols
		return doc.Table(o)
	}
	rows := func(t *pdf.Table, err error, rs [][]string) error {
		if err != nil {
			return err
		}
		for _, r := range rs {
			if err := t.Row(r...); err != nil {
				return err
			}
		}
		return nil
	}
	var settings [][]string
	for _, s := range rep.settings {
		settings = append(settings, []string{s[0], s[1]})
	}
	t, err := table(pdf.Column{Title: "Case setting", Width: 1}, pdf.Column{Title: "Value", Width: 4})
	if err := rows(t, err, settings); err != nil {
		return nil, err
	}
	var srcs [][]string
	for _, s := range rep.sources {
		srcs = append(srcs, []string{strconv.FormatInt(s.ID, 10), s.File, s.SHA, s.Kind, s.Profile, s.Zone,
			strconv.FormatInt(s.Read, 10), strconv.FormatInt(s.Loaded, 10), strconv.FormatInt(s.Rejected, 10), strconv.FormatInt(s.Duplicate, 10), s.When})
	}
	t, err = table(pdf.Column{Title: "Source", Width: 0.6, Right: true}, pdf.Column{Title: "File", Width: 2.2}, pdf.Column{Title: "SHA-256", Width: 4.4},
		pdf.Column{Title: "Kind", Width: 0.8}, pdf.Column{Title: "Profile", Width: 1.5}, pdf.Column{Title: "Time zone", Width: 1.4},
		pdf.Column{Title: "Read", Width: 0.8, Right: true}, pdf.Column{Title: "Loaded", Width: 0.8, Right: true}, pdf.Column{Title: "Rejected", Width: 0.9, Right: true},
		pdf.Column{Title: "Duplicates", Width: 0.9, Right: true}, pdf.Column{Title: "Loaded at, by", Width: 2.2})
	if err := rows(t, err, srcs); err != nil {
		return nil, err
	}
	if len(rep.rejects) > 0 {
		var rj [][]string
		for _, r := range rep.rejects {
			rj = append(rj, []string{r[0], r[1], r[2]})
		}
		t, err = table(pdf.Column{Title: "Rejected lines: file", Width: 2}, pdf.Column{Title: "Reason", Width: 6}, pdf.Column{Title: "Lines", Width: 1, Right: true})
		if err := rows(t, err, rj); err != nil {
			return nil, err
		}
	}
	var an [][]string
	for _, a := range rep.analyses {
		calls := strings.Join(a.Calls, "\n")
		an = append(an, []string{a.Name, strings.Join(a.Exhibit, ", ") + "\n" + calls, plain(a.Method), plain(a.Limits)})
	}
	if len(an) == 0 {
		an = [][]string{{"(none)", "No exhibit has been produced from this case.", "", ""}}
	}
	t, err = table(pdf.Column{Title: "Analysis", Width: 1.2}, pdf.Column{Title: "Used by, as called", Width: 2.2}, pdf.Column{Title: "Method (docs/analysis)", Width: 5}, pdf.Column{Title: "What it can and cannot claim", Width: 4})
	if err := rows(t, err, an); err != nil {
		return nil, err
	}
	var ex [][]string
	for _, e := range rep.exhibits {
		ex = append(ex, []string{e.Ref, e.Title, e.Kind + " " + e.Format, e.File, e.SHA, strconv.FormatInt(e.Rows, 10), e.Traced, e.Produced + "\n" + e.Analyst, e.Query})
	}
	if len(ex) == 0 {
		ex = [][]string{{"(none)", "", "", "", "", "", "", "", ""}}
	}
	t, err = table(pdf.Column{Title: "Exhibit", Width: 1}, pdf.Column{Title: "Title", Width: 1.8}, pdf.Column{Title: "Kind", Width: 0.9}, pdf.Column{Title: "File", Width: 1.2},
		pdf.Column{Title: "SHA-256", Width: 2}, pdf.Column{Title: "Rows", Width: 0.6, Right: true}, pdf.Column{Title: "Traced to", Width: 0.7},
		pdf.Column{Title: "Produced", Width: 1.3}, pdf.Column{Title: "Query", Width: 4})
	if err := rows(t, err, ex); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := doc.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// plain turns a quoted page's Markdown into running text for a PDF cell:
// emphasis marks dropped, and the page's hard-wrapped lines joined, keeping
// paragraphs and list items apart.
func plain(md string) string {
	r := strings.NewReplacer("**", "", "`", "", "### ", "", "#### ", "")
	var out []string
	for _, para := range strings.Split(r.Replace(md), "\n\n") {
		var lines []string
		for _, l := range strings.Split(para, "\n") {
			t := strings.TrimSpace(l)
			item := strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "| ") || (len(t) > 2 && t[0] >= '0' && t[0] <= '9' && (t[1] == '.' || t[2] == '.'))
			if len(lines) == 0 || item {
				lines = append(lines, t)
				continue
			}
			lines[len(lines)-1] += " " + t
		}
		out = append(out, strings.Join(lines, "\n"))
	}
	return strings.Join(out, "\n\n")
}
