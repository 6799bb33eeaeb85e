package pdf

import "errors"

// Errors a caller can test for with errors.Is. Each is returned wrapped in a
// phrase that says where.
var (
	// ErrPageSize: a page size is not positive or exceeds 14 400 points.
	ErrPageSize = errors.New("page size out of range")
	// ErrInfoKey: a custom Info key is empty, too long, or a standard key.
	ErrInfoKey = errors.New("bad custom info key")
	// ErrFileName: an embedded file has no name, or the same name as another.
	ErrFileName = errors.New("bad embedded file name")
	// ErrNoPages: the document has no page to write.
	ErrNoPages = errors.New("document has no pages")
	// ErrColumns: a table's column specifications do not fit the page.
	ErrColumns = errors.New("bad table columns")
	// ErrCellCount: a table row has a different number of cells than columns.
	ErrCellCount = errors.New("row has the wrong number of cells")
	// ErrRowTooTall: a table row is taller than a page's body, so it cannot
	// be kept whole on one page.
	ErrRowTooTall = errors.New("row taller than a page")
)
