package loaders

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Container is how a delivered file holds its rows.
type Container uint8

// The containers mast reads, decided by the file's name.
const (
	Plain    Container = iota // delimited text: .csv, .tsv, .txt, ...
	Gzipped                   // delimited text, gzip-compressed: .gz
	Workbook                  // an Excel workbook: .xlsx, one part per sheet
	Archive                   // a zip archive: .zip, one part per text member or workbook sheet
)

func (c Container) String() string {
	switch c {
	case Gzipped:
		return "gzip"
	case Workbook:
		return "xlsx"
	case Archive:
		return "zip"
	}
	return "text"
}

// textExts are the names of delimited-text files.
var textExts = map[string]bool{".csv": true, ".tsv": true, ".txt": true, ".dat": true, ".psv": true}

// ContainerOf returns the container of a file by its name, and whether mast
// reads files of that name at all.
func ContainerOf(name string) (Container, bool) {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case ext == ".gz":
		return Gzipped, true
	case ext == ".xlsx" || ext == ".xlsm":
		return Workbook, true
	case ext == ".zip":
		return Archive, true
	}
	return Plain, textExts[ext]
}

// Part is one table of rows in a delivered file: a sheet of a workbook, or
// a member of an archive (a member that is a workbook gives one part per
// sheet, named "member.xlsx:sheet").
type Part struct {
	Name  string
	Cells bool // the text is a rendering of spreadsheet cells (ReadOptions.Cells)
	Gzip  bool // the text is gzip-compressed
	open  func() (io.ReadCloser, error)
}

// Open returns the part's text (still gzip-compressed when Gzip is set).
func (p Part) Open() (io.ReadCloser, error) { return p.open() }

// Delivery is a workbook or an archive opened for reading, part by part.
type Delivery struct {
	Parts []Part
	// Skipped lists the archive members that are not files mast reads,
	// each with why.
	Skipped []string
	closers []io.Closer
}

// PartsOrNone returns the delivery's parts; none for a nil delivery (a
// plain file's group).
func (d *Delivery) PartsOrNone() []Part {
	if d == nil {
		return nil
	}
	return d.Parts
}

// ErrNoParts is returned for a workbook or archive with nothing to read.
var ErrNoParts = errors.New("nothing to read")

// maxNestedWorkbook bounds a workbook inside an archive, which is read into
// memory to be opened.
const maxNestedWorkbook = 512 << 20

// OpenDelivery opens a workbook or an archive. r must stay open while the
// delivery is read; Close the delivery when done.
func OpenDelivery(r io.ReaderAt, size int64, name string, c Container) (*Delivery, error) {
	d := &Delivery{}
	switch c {
	case Workbook:
		wb, err := openWorkbook(io.NewSectionReader(r, 0, size))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		d.closers = append(d.closers, wb)
		d.addSheets(wb, "")
	case Archive:
		zr, err := zip.NewReader(r, size)
		if err != nil {
			return nil, fmt.Errorf("%s: open zip: %w", name, err)
		}
		members := append([]*zip.File(nil), zr.File...)
		sort.Slice(members, func(i, j int) bool { return members[i].Name < members[j].Name })
		for _, m := range members {
			if err := d.addMember(m); err != nil {
				d.Close()
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
	default:
		return nil, fmt.Errorf("%s: a %s file is read as one stream, not as a delivery of parts", name, c)
	}
	if len(d.Parts) == 0 {
		d.Close()
		return nil, fmt.Errorf("%s: %w: no sheets or text members (skipped: %s)", name, ErrNoParts, strings.Join(d.Skipped, "; "))
	}
	return d, nil
}

func (d *Delivery) addSheets(wb *workbook, prefix string) {
	for _, sheet := range wb.sheets() {
		d.Parts = append(d.Parts, Part{Name: prefix + sheet, Cells: true,
			open: func() (io.ReadCloser, error) { return wb.sheetText(sheet), nil }})
	}
}

func (d *Delivery) addMember(m *zip.File) error {
	base := path.Base(m.Name)
	switch {
	case m.FileInfo().IsDir():
		return nil
	case strings.HasPrefix(m.Name, "__MACOSX/") || strings.HasPrefix(base, "."):
		d.Skipped = append(d.Skipped, m.Name+": hidden or system file")
		return nil
	}
	c, ok := ContainerOf(base)
	switch {
	case !ok:
		d.Skipped = append(d.Skipped, m.Name+": not a delimited-text file or workbook")
	case c == Plain || c == Gzipped:
		d.Parts = append(d.Parts, Part{Name: m.Name, Gzip: c == Gzipped, open: func() (io.ReadCloser, error) { return m.Open() }})
	case c == Workbook:
		if m.UncompressedSize64 > maxNestedWorkbook {
			d.Skipped = append(d.Skipped, fmt.Sprintf("%s: a workbook of %d MiB inside an archive (unzip it and load it on its own)", m.Name, m.UncompressedSize64>>20))
			return nil
		}
		rc, err := m.Open()
		if err != nil {
			return fmt.Errorf("member %s: %w", m.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return fmt.Errorf("member %s: %w", m.Name, err)
		}
		wb, err := openWorkbook(bytes.NewReader(b))
		if err != nil {
			return fmt.Errorf("member %s: %w", m.Name, err)
		}
		d.closers = append(d.closers, wb)
		d.addSheets(wb, m.Name+":")
	default:
		d.Skipped = append(d.Skipped, m.Name+": an archive inside an archive (unzip it first)")
	}
	return nil
}

// Close releases the workbooks the delivery opened.
func (d *Delivery) Close() error {
	var errs []error
	for _, c := range d.closers {
		errs = append(errs, c.Close())
	}
	d.closers = nil
	return errors.Join(errs...)
}

// Head returns up to n bytes of a part's text, decompressed.
func (p Part) Head(n int) ([]byte, error) {
	rc, err := p.open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.Name, err)
	}
	defer rc.Close()
	var r io.Reader = rc
	if p.Gzip {
		zr, err := gzip.NewReader(rc)
		if err != nil {
			return nil, fmt.Errorf("%s: gzip: %w", p.Name, err)
		}
		r = zr
	}
	buf := make([]byte, n)
	m, err := io.ReadFull(r, buf)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("%s: %w", p.Name, err)
	}
	return buf[:m], nil
}
