package pdf

import (
	"fmt"
	"io"
)

// header starts the file: the version (1.7, for transparency and embedded
// files) and a comment of bytes above 127 that marks the file as binary.
const header = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"

// Fixed object numbers: the objects the pages point at are numbered before
// the pages are written.
const (
	catalogObj   = 1
	pagesObj     = 2
	resourcesObj = 3
)

// WriteTo writes the document as a PDF file, drawing each page's Furniture
// as the page is written, now that the number of pages is known. Objects are
// written in a fixed order (pages and their content streams, resources,
// embedded files, Info, page tree, catalog), streams are compressed at a
// fixed level, and the file identifier is a digest of the bytes before it,
// so the same document always gives the same bytes. WriteTo may be called
// again, and pages added and drawn on between calls.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	ow := newObjWriter(w)
	err := d.write(ow)
	return ow.n, err
}

func (d *Document) write(w *objWriter) error {
	if d.err != nil {
		return fmt.Errorf("write pdf: %w", d.err)
	}
	if len(d.pages) == 0 {
		return fmt.Errorf("write pdf: %w", ErrNoPages)
	}
	w.write([]byte(header))
	for range resourcesObj {
		w.next()
	}

	kids := make([]int, len(d.pages))
	for i, p := range d.pages {
		var err error
		if kids[i], err = d.writePage(w, p); err != nil {
			return fmt.Errorf("write pdf: page %d: %w", p.num, err)
		}
	}
	// Furniture may have drawn with a font, opacity or image the body did not.
	if d.err != nil {
		return fmt.Errorf("write pdf: %w", d.err)
	}
	if err := d.res.write(w, resourcesObj); err != nil {
		return fmt.Errorf("write pdf: resources: %w", err)
	}

	var names []byte
	for _, f := range sortedFiles(d.files) {
		spec, err := w.writeEmbeddedFile(f, d.info, &d.z)
		if err != nil {
			return fmt.Errorf("write pdf: %w", err)
		}
		names = appendText(names, f.Name)
		names = append(names, ' ')
		names = appendRef(names, spec)
		names = append(names, ' ')
	}

	info := w.next()
	w.object(info, d.info.appendDict(nil))

	b := []byte("<</Type /Pages /Kids [")
	for i, k := range kids {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendRef(b, k)
	}
	b = append(b, "] /Count "...)
	b = appendInt(b, len(kids))
	w.object(pagesObj, append(b, ">>"...))

	b = []byte("<</Type /Catalog /Pages ")
	b = appendRef(b, pagesObj)
	if len(names) > 0 {
		// A name tree of one node: its root holds every key (§7.9.6).
		b = append(b, " /Names <</EmbeddedFiles <</Names ["...)
		b = append(b, names[:len(names)-1]...)
		b = append(b, "]>>>>"...)
	}
	w.object(catalogObj, append(b, ">>"...))

	if err := w.finish(catalogObj, info); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}

// writePage writes p and its content streams and returns the page's object
// number. The content is the streams sealed when later pages were added,
// then one of what was drawn since, any clip left pushed ended, and the
// page's furniture drawn afresh.
func (d *Document) writePage(w *objWriter, p *Page) (int, error) {
	page := w.next()
	streams := make([]int, len(p.sealed)+1)
	for i := range streams {
		streams[i] = w.next()
	}
	b := []byte("<</Type /Page /Parent ")
	b = appendRef(b, pagesObj)
	b = append(b, " /MediaBox [0 0 "...)
	b = appendNum(b, p.size.W)
	b = append(b, ' ')
	b = appendNum(b, p.size.H)
	b = append(b, "] /Resources "...)
	b = appendRef(b, resourcesObj)
	b = append(b, " /Contents "...)
	if len(streams) == 1 {
		b = appendRef(b, streams[0])
	} else {
		// An array of streams is read as their concatenation (§7.8.2).
		b = append(b, '[')
		for i, n := range streams {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendRef(b, n)
		}
		b = append(b, ']')
	}
	w.object(page, append(b, ">>"...))
	for i, data := range p.sealed {
		w.stream(streams[i], []byte("<</Filter /FlateDecode"), data)
	}

	overlay := d.furnish(p)
	buf := make([]byte, 0, len(p.body)+2*p.clips+len(overlay))
	buf = append(buf, p.body...)
	for range p.clips {
		buf = append(buf, "Q\n"...)
	}
	buf = append(buf, overlay...)
	data, err := d.z.deflate(buf)
	if err != nil {
		return 0, err
	}
	w.stream(streams[len(streams)-1], []byte("<</Filter /FlateDecode"), data)
	return page, w.err
}

// furnish draws p's furniture into a fresh overlay and returns it, leaving
// the page's body as it was.
func (d *Document) furnish(p *Page) []byte {
	if len(p.furniture) == 0 {
		return nil
	}
	var overlay []byte
	bodyClips := p.clips
	d.writing = true
	p.target, p.clips = &overlay, 0
	defer func() {
		p.target, p.clips = &p.body, bodyClips
		d.writing = false
	}()
	for _, f := range p.furniture {
		f(p, p.num, len(d.pages))
	}
	p.closeClips()
	return overlay
}
