package exhibit

import (
	"encoding/csv"
	"io"
)

// WriteCSV writes the table as CSV (RFC 4180, a header row, values in their
// canonical text) and completes m. A CSV cannot hold its manifest: the caller
// writes m.JSON() beside it (FILE.csv.manifest.json).
func WriteCSV(w io.Writer, t *Table, m *Manifest) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.ColumnNames()); err != nil {
		return err
	}
	err := pass(t, m, func(_ []any, texts []string) error { return cw.Write(texts) })
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
