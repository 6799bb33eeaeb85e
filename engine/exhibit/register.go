package exhibit

import (
	"context"
	gosql "database/sql"
	"fmt"
)

// NextID is the exhibit_id the next registered exhibit will get.
func NextID(ctx context.Context, db *gosql.DB) (int64, error) {
	var n int64
	err := db.QueryRowContext(ctx, `SELECT coalesce(max(exhibit_id), 0) + 1 FROM exhibits`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("number the exhibit: %w", err)
	}
	return n, nil
}

// Register records a written exhibit in the case's exhibits table.
func Register(ctx context.Context, db *gosql.DB, id int64, m *Manifest, fileName, fileSHA256 string) error {
	_, err := db.ExecContext(ctx, `INSERT INTO exhibits (exhibit_id, reference, kind, file_format, file_name, file_sha256, title, command, query,
	    time_zone, rows, rows_sha256, traced, inputs, analyst, mast_version, produced_at, manifest)
	  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, m.Reference, m.Kind, m.FileFormat, fileName, fileSHA256, m.Title, m.Command, m.Query,
		m.TimeZone, m.Rows, m.RowsSHA256, m.Traced, len(m.Inputs), m.Analyst, m.MastVersion, m.ProducedAt, string(m.JSON()))
	if err != nil {
		return fmt.Errorf("register exhibit %s: %w", m.Reference, err)
	}
	return nil
}
