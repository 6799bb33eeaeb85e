package loaders

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// cellSep separates the cells of a spreadsheet row in the text that
// sheetText renders for the reader: a control character no provider writes
// inside a value, so no quoting is needed.
const cellSep = '\x1f'

// forCells returns a copy of p that reads the text sheetText renders: cells
// split by cellSep, never quoted, UTF-8. Everything else (preamble, header,
// footer, fields) is the profile's own.
func (p *Profile) forCells() *Profile {
	q := *p
	q.CSV.Delimiter = string(rune(cellSep))
	q.CSV.Quote = ""
	q.CSV.Encoding = ""
	q.CSV.TrailingDelimiter = false
	return &q
}

// workbook is an open .xlsx file. excelize keeps the compressed workbook in
// memory and unzips a large sheet to a temporary file; the rows themselves
// are read one at a time (Rows), so a sheet of a million rows is never held
// whole.
type workbook struct {
	f *excelize.File
}

// xlsxOptions keep a sheet's XML in memory only up to 16 MiB.
var xlsxOptions = excelize.Options{UnzipXMLSizeLimit: 16 << 20}

func openWorkbook(r io.Reader) (wb *workbook, err error) {
	defer func() {
		if v := recover(); v != nil { // a malformed workbook must not take the process down
			wb, err = nil, fmt.Errorf("open workbook: malformed: %v", v)
		}
	}()
	f, err := excelize.OpenReader(r, xlsxOptions)
	if err != nil {
		return nil, fmt.Errorf("open workbook: %w", err)
	}
	return &workbook{f: f}, nil
}

// sheets returns the names of the workbook's sheets, in workbook order.
func (w *workbook) sheets() []string { return w.f.GetSheetList() }

func (w *workbook) Close() error { return w.f.Close() }

// sheetText renders one sheet as text for the reader: one line per row, so
// that a line number is the row number Excel shows (an empty row is an empty
// line); cells are taken as Excel displays them (their number format
// applied), joined by cellSep. A line break or cellSep inside a cell becomes
// a space. Rows are produced as the reader asks for them; closing the
// returned reader stops the rendering.
func (w *workbook) sheetText(sheet string) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(w.render(sheet, pw))
	}()
	return pr
}

var cellCleaner = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", string(rune(cellSep)), " ")

func (w *workbook) render(sheet string, out io.Writer) (err error) {
	defer func() {
		if r := recover(); r != nil { // a malformed workbook must not take the process down
			err = fmt.Errorf("sheet %q: malformed workbook: %v", sheet, r)
		}
	}()
	rows, err := w.f.Rows(sheet)
	if err != nil {
		return fmt.Errorf("sheet %q: %w", sheet, err)
	}
	defer rows.Close()
	var buf bytes.Buffer
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			return fmt.Errorf("sheet %q row %d: %w", sheet, n, err)
		}
		buf.Reset()
		for i, c := range cells {
			if i > 0 {
				buf.WriteByte(cellSep)
			}
			if strings.ContainsAny(c, "\r\n\x1f") {
				c = cellCleaner.Replace(c)
			}
			buf.WriteString(c)
		}
		buf.WriteByte('\n')
		if _, err := out.Write(buf.Bytes()); err != nil {
			return err // the reader stopped
		}
	}
	if err := rows.Error(); err != nil {
		return fmt.Errorf("sheet %q: %w", sheet, err)
	}
	return nil
}

// InferPart drafts a profile (see Infer) from the head of one part of a
// workbook or archive. A sheet's cells are handed to Infer tab-separated
// (a tab inside a cell becomes a space); the draft says that its csv
// delimiter, quote and encoding are not used for workbooks.
func InferPart(name string, pt Part) (string, error) {
	head, err := pt.Head(256 << 10)
	if err != nil {
		return "", err
	}
	if !pt.Cells {
		return Infer(name, head)
	}
	text := bytes.ReplaceAll(head, []byte{'\t'}, []byte{' '})
	text = bytes.ReplaceAll(text, []byte{cellSep}, []byte{'\t'})
	draft, err := Infer(name, text)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("# Drafted from sheet %q of a workbook: a workbook's cells need no csv.delimiter, quote or encoding (they are not used).\n", pt.Name) + draft, nil
}
