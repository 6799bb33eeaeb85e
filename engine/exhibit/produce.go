package exhibit

import (
	"fmt"
	"time"
)

// pass reads every row of t once, feeding the row digest, and calls row for
// each; at the end it completes the manifest's row count, digest, columns,
// inputs and trace level.
func pass(t *Table, m *Manifest, row func(vals []any, texts []string) error) error {
	cols := t.ColumnNames()
	d := NewRowDigest(cols)
	var texts []string
	for t.Next() {
		texts = t.Texts(texts)
		d.Add(texts)
		if err := row(t.Values(), texts); err != nil {
			return err
		}
	}
	if err := t.Err(); err != nil {
		return fmt.Errorf("read the exhibit's rows: %w", err)
	}
	m.Columns = cols
	m.Rows = d.Rows()
	m.RowsSHA256 = d.Sum()
	m.Inputs = t.Inputs()
	m.Traced = t.Traced()
	if m.TimeZone == "" {
		m.TimeZone = t.Loc.String()
	}
	return nil
}

// excelSerial is an instant's wall-clock time as Excel's day number (days
// since 1899-12-30, the fraction being the time of day).
func excelSerial(t time.Time) float64 {
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	return wall.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
}
