// Package pdf writes the PDF exhibits of mast: a small, deterministic PDF 1.7
// writer with no dependency beyond the standard library and x/text, and a
// paginated table layout for schedules.
//
// # Layers
//
//   - syntax.go: PDF's lexical pieces (numbers, names, literal, hex and text
//     strings, dates), appended to byte slices.
//   - objwriter.go: numbered indirect objects and streams, the
//     cross-reference table and the trailer; compressor makes the
//     /FlateDecode streams.
//   - document.go, write.go: the Document, its pages, and the order its
//     objects are written in; info.go, embed.go and resources.go the
//     information dictionary, embedded files, and the fonts, opacity states
//     and images the pages share.
//   - page.go, text.go, image.go: Page, the draw.Canvas of one page.
//     winansi.go and metrics.go: how text is encoded and measured.
//   - table.go, wrap.go: Table, rows laid out over as many pages as they need.
//
// # Lifecycle
//
// New starts a Document from Options (page size, Info, embedded files).
// AddPage returns a Page to draw on, or Document.Table starts a Table whose
// Row calls add pages as they fill. SetInfo and Attach may be called at any
// time before WriteTo, so a manifest that holds the digest of the rows can be
// added after the rows are laid out. WriteTo writes the file; it can be
// called again.
//
// What needs the page count, such as "Page 3 of 12", is Furniture: a
// function registered on a page with Page.Furnish (a Table does so for its
// Header and Footer) and called by WriteTo with the page's number and the
// number of pages, drawing above the page's content. Page numbers count the
// whole document, a cover page included.
//
// # Coordinates, fonts and images
//
// A Page takes points with the origin at the top left and y down, as
// draw.Canvas says, and writes them in PDF's space (origin bottom left, y
// up). Every drawing operation is wrapped in q … Q; a clip lasts from
// PushClip to PopClip, and one left pushed is ended when the page is written.
// Opacity below 255 is an ExtGState with /ca and /CA.
//
// Text is in Helvetica or Helvetica-Bold, two of the standard Type 1 fonts
// every reader has, so nothing is embedded. It is encoded in WinAnsiEncoding
// (Windows-1252) after Unicode normalisation to NFC: accented Latin letters
// and typographic punctuation (€ ‘ ’ “ ” – — •) are kept; any other
// character is shown as '?', so a name in another script is visibly
// incomplete rather than silently changed. Widths come from the fonts'
// published AFM metrics, compiled in, so TextWidth and the table layout
// agree with what a reader draws.
//
// Images become 8-bit DeviceRGB image XObjects with a DeviceGray soft mask
// when any pixel is not opaque, Flate-compressed and stored once however
// often drawn.
//
// # Determinism
//
// The same calls give the same bytes: objects are written in a fixed order,
// maps are walked in sorted order, streams are compressed with compress/zlib
// at a fixed level, the package never reads the clock (CreationDate is the
// caller's), and the trailer's /ID is the first 16 bytes of the SHA-256 of
// the file before it.
//
// # Memory
//
// A Table keeps only its current page and position: rows stream. When a page
// is added, what was drawn on the page before it is compressed, so the
// document holds each page's compressed content plus the uncompressed content
// of the last. Images are held compressed; embedded files as given.
//
// # Known gaps
//
// No font embedding, so text outside WinAnsi cannot be shown and the files
// are not PDF/A; no kerning; no XMP metadata stream, outlines, links or
// tagged structure; image samples are compressed without PNG predictors; the
// EmbeddedFiles name tree is a single node, fine for the handful of files an
// exhibit carries.
package pdf
