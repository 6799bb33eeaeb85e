package pdf

import (
	"fmt"
	"maps"
	"slices"
)

// Options say how a Document looks and what it carries.
type Options struct {
	// PageSize is the size of pages made by AddPage; zero means A4 portrait.
	PageSize PageSize
	// Info is the document information dictionary.
	Info Info
	// Files are embedded in the PDF, e.g. the exhibit's manifest.json.
	Files []EmbeddedFile
}

// DefaultOptions are an A4 portrait document with no information and no
// embedded files.
func DefaultOptions() Options { return Options{PageSize: A4()} }

// Document is a PDF being built: pages are added and drawn on, then WriteTo
// writes the file. The same calls give the same bytes. A Document is not safe
// for use by more than one goroutine at a time.
type Document struct {
	size  PageSize
	info  Info
	files []EmbeddedFile
	pages []*Page
	res   resources
	z     compressor
	// err is the first error met while drawing (the Canvas methods return
	// none); WriteTo reports it.
	err error
	// writing is set while WriteTo runs furniture, which must not add pages.
	writing bool
}

// New starts a document.
func New(opts Options) (*Document, error) {
	if opts.PageSize == (PageSize{}) {
		opts.PageSize = A4()
	}
	if !opts.PageSize.valid() {
		return nil, fmt.Errorf("new document: %v: %w", opts.PageSize, ErrPageSize)
	}
	d := &Document{size: opts.PageSize}
	if err := d.SetInfo(opts.Info); err != nil {
		return nil, fmt.Errorf("new document: %w", err)
	}
	for _, f := range opts.Files {
		if err := d.Attach(f); err != nil {
			return nil, fmt.Errorf("new document: %w", err)
		}
	}
	return d, nil
}

// SetInfo replaces the document information, for a caller that learns it
// only after drawing (a manifest holding the digest of the rows just laid
// out).
func (d *Document) SetInfo(in Info) error {
	if err := in.validate(); err != nil {
		return err
	}
	in.Custom = maps.Clone(in.Custom)
	d.info = in
	return nil
}

// Attach embeds a file; its name must differ from every file already
// attached.
func (d *Document) Attach(f EmbeddedFile) error {
	files := append(slices.Clip(d.files), f)
	if err := validateFiles(files); err != nil {
		return err
	}
	files[len(files)-1].Data = slices.Clone(f.Data)
	d.files = files
	return nil
}

// PageSize is the size AddPage gives a page.
func (d *Document) PageSize() PageSize { return d.size }

// PageCount is the number of pages added so far.
func (d *Document) PageCount() int { return len(d.pages) }

// AddPage adds a page of the document's page size and returns it.
func (d *Document) AddPage() *Page { return d.AddPageSize(d.size) }

// AddPageSize adds a page of size s (a landscape map in a portrait
// schedule). A size out of range gives a page of the document's size and an
// error from WriteTo. Adding a page from Furniture, while WriteTo runs,
// panics: the page count is already fixed.
func (d *Document) AddPageSize(s PageSize) *Page {
	if d.writing {
		panic("pdf: AddPage called from Furniture while the document is being written")
	}
	if !s.valid() {
		d.fail(fmt.Errorf("page %d: %v: %w", len(d.pages)+1, s, ErrPageSize))
		s = d.size
	}
	if n := len(d.pages); n > 0 {
		d.pages[n-1].seal()
	}
	p := &Page{doc: d, num: len(d.pages) + 1, size: s}
	p.target = &p.body
	d.pages = append(d.pages, p)
	return p
}

// fail records the first error met while drawing.
func (d *Document) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}
