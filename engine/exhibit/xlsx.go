package exhibit

import (
	"archive/zip"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// Sheet names of an XLSX exhibit.
const (
	SheetSources    = "Sources"
	SheetProvenance = "Provenance"
)

// WriteXLSX writes the table as a workbook: the rows on a sheet named after
// the exhibit's kind with a frozen, filtered header row and typed cells (dates
// and times as Excel dates, durations as [h]:mm:ss, numbers as numbers), a
// Sources sheet (every input file with its SHA-256) and a Provenance sheet
// (the manifest, field by field and as JSON). Rows stream through excelize's
// stream writer, which spills to a temporary file rather than holding them,
// and the archive is written straight to w: excelize's WriteTo would build the
// whole compressed workbook in memory first.
func WriteXLSX(w io.Writer, t *Table, m *Manifest) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) })
	sheet := "Schedule"
	if m.Kind == "map" {
		sheet = "Features"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	styles, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, c := range t.Columns {
		if err := sw.SetColWidth(i+1, i+1, xlsxWidth(c)); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = excelize.Cell{StyleID: styles.header, Value: c.Name}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	r := 1
	cells := make([]any, len(t.Columns))
	err = pass(t, m, func(vals []any, _ []string) error {
		r++
		for i, v := range vals {
			cells[i] = styles.cell(t.Columns[i].Kind, v)
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(t.Columns), max(r, 2))
	if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: "Exhibit", StyleName: "TableStyleLight1", ShowRowStripes: boolPtr(true)}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := writeSourcesSheet(f, m, styles); err != nil {
		return err
	}
	if err := writeProvenanceSheet(f, m, styles); err != nil {
		return err
	}
	stamp := m.ProducedAt.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: m.Title, Subject: m.Reference, Creator: "mast " + m.MastVersion, LastModifiedBy: m.Analyst,
		Created: stamp, Modified: stamp, Description: "Case " + m.Case + ". Query and inputs on the Provenance sheet.",
	}); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

func boolPtr(b bool) *bool { return &b }

type xlsxStyles struct{ header, date, clock, dateTime, duration, wrap int }

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	var err error
	mk := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	fmtStr := func(x string) *string { return &x }
	s.header = mk(&excelize.Style{Font: &excelize.Font{Bold: true}})
	s.date = mk(&excelize.Style{CustomNumFmt: fmtStr("yyyy-mm-dd")})
	s.clock = mk(&excelize.Style{CustomNumFmt: fmtStr("hh:mm:ss")})
	s.dateTime = mk(&excelize.Style{CustomNumFmt: fmtStr("yyyy-mm-dd hh:mm:ss")})
	s.duration = mk(&excelize.Style{CustomNumFmt: fmtStr("[h]:mm:ss")})
	s.wrap = mk(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	return s, err
}

// cell types one value for the sheet.
func (s xlsxStyles) cell(k Kind, v any) any {
	if v == nil {
		return nil
	}
	switch x := v.(type) {
	case time.Time:
		switch k {
		case KindDate:
			return excelize.Cell{StyleID: s.date, Value: float64(int64(excelSerial(x)))}
		case KindClock:
			d := excelSerial(x)
			return excelize.Cell{StyleID: s.clock, Value: d - float64(int64(d))}
		}
		return excelize.Cell{StyleID: s.dateTime, Value: excelSerial(x)}
	case int64:
		if k == KindDuration {
			return excelize.Cell{StyleID: s.duration, Value: float64(x) / 86400}
		}
		if x > 1<<53 || x < -(1<<53) { // beyond a double: keep every digit as text
			return strconv.FormatInt(x, 10)
		}
		return x
	case []byte, []any:
		return Text(k, x)
	}
	return v
}

func xlsxWidth(c Column) float64 {
	switch c.Kind {
	case KindDate:
		return 11
	case KindClock, KindDuration:
		return 9
	case KindTime:
		return 19
	case KindInt, KindFloat, KindBool:
		return max(10, float64(len(c.Name))+2)
	}
	switch c.Name {
	case ColSourceSHA256:
		return 66
	case ColSource:
		return 24
	}
	return max(16, float64(len(c.Name))+2)
}

func writeSourcesSheet(f *excelize.File, m *Manifest, st xlsxStyles) error {
	if _, err := f.NewSheet(SheetSources); err != nil {
		return err
	}
	rows := [][]any{{"Source id", "File", "SHA-256", "Kind", "Profile", "Exhibit rows from it"}}
	for _, in := range m.Inputs {
		rows = append(rows, []any{in.SourceID, in.FileName, in.SHA256, in.Kind, in.Profile, in.Rows})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(SheetSources, cell, &r); err != nil {
			return err
		}
	}
	_ = f.SetCellStyle(SheetSources, "A1", "F1", st.header)
	_ = f.SetColWidth(SheetSources, "B", "B", 30)
	_ = f.SetColWidth(SheetSources, "C", "C", 66)
	return nil
}

func writeProvenanceSheet(f *excelize.File, m *Manifest, st xlsxStyles) error {
	if _, err := f.NewSheet(SheetProvenance); err != nil {
		return err
	}
	pairs := [][2]string{
		{"Exhibit reference", m.Reference}, {"Title", m.Title}, {"Case", m.Case}, {"Produced by", m.Analyst},
		{"Produced at (UTC)", m.ProducedAt.UTC().Format("2006-01-02 15:04:05")}, {"mast version", m.MastVersion},
		{"Time zone of times shown", m.TimeZone}, {"Command", m.Command}, {"Query", m.Query},
		{"Rows", strconv.FormatInt(m.Rows, 10)}, {"Rows SHA-256", m.RowsSHA256},
		{"Traced to", map[string]string{"line": "every row to a line of an input file", "case": "the case's files (the rows carry no event or source id)"}[m.Traced]},
		{provenanceManifestRow, string(m.JSON())},
	}
	for i, p := range pairs {
		row := []any{p[0], p[1]}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(SheetProvenance, cell, &row); err != nil {
			return err
		}
	}
	_ = f.SetColWidth(SheetProvenance, "A", "A", 26)
	_ = f.SetColWidth(SheetProvenance, "B", "B", 100)
	_ = f.SetCellStyle(SheetProvenance, "A1", fmt.Sprintf("A%d", len(pairs)), st.header)
	return f.SetCellStyle(SheetProvenance, "B1", fmt.Sprintf("B%d", len(pairs)), st.wrap)
}

// provenanceManifestRow labels the Provenance sheet's row holding the manifest.
const provenanceManifestRow = "Manifest (JSON)"
