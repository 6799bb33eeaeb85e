package engine

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/mastcdr/mast/catalog"
)

// eventsRebuilt are the migrations that rewrite events (0010: compression
// named per column; 0012: ENUM types), slow enough on a large case to be
// announced.
var eventsRebuilt = []int{10, 12}

func (c *Case) migrate(ctx context.Context, to int) error {
	ms, err := catalog.Migrations()
	if err != nil {
		return err
	}
	latest := ms[len(ms)-1].Version
	if to <= 0 || to > latest {
		to = latest
	}
	var existing int
	if err := c.db.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_migrations' AND schema_name = 'main'`).Scan(&existing); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if existing == 0 {
		if err := c.createMigrationsTable(ctx); err != nil {
			return err
		}
	}
	var have int
	if err := c.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if have > latest {
		return fmt.Errorf("%w: %s has schema version %d, this mast (%s) knows up to %d; use a newer mast to open it",
			ErrNewerSchema, c.path, have, Version, latest)
	}
	if have > 0 && have < to {
		msg := fmt.Sprintf("upgrading %s from schema version %d to %d", filepath.Base(c.path), have, to)
		var rewrites []string
		for _, v := range eventsRebuilt {
			if have < v && to >= v {
				rewrites = append(rewrites, strconv.Itoa(v))
			}
		}
		switch len(rewrites) {
		case 0:
		case 1:
			msg += fmt.Sprintf(" (version %s rewrites the events table: a minute or more on a case of tens of millions of events, and room on disk for a second copy of it)", rewrites[0])
		default:
			msg += fmt.Sprintf(" (versions %s each rewrite the events table: a minute or more each on a case of tens of millions of events, and room on disk for a second copy of it)", strings.Join(rewrites, " and "))
		}
		c.notice(msg)
	}
	for _, m := range ms {
		if m.Version <= have || m.Version > to {
			continue
		}
		if err := c.apply(ctx, m); err != nil {
			return err
		}
		c.log.Info("applied migration", "case", c.path, "version", m.Version, "name", m.Name)
	}
	c.version = max(have, to)
	return nil
}

// createMigrationsTable makes the table that records applied migrations.
func (c *Case) createMigrationsTable(ctx context.Context) error {
	for _, stmt := range []string{
		`CREATE TABLE schema_migrations (
			version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
			applied_at TIMESTAMPTZ NOT NULL, applied_by VARCHAR NOT NULL)`,
		`COMMENT ON TABLE schema_migrations IS 'The schema versions applied to this case, from catalog/migrations, in order.'`,
		`COMMENT ON COLUMN schema_migrations.version IS 'Migration number (the NNNN of catalog/migrations/NNNN_name.sql).'`,
		`COMMENT ON COLUMN schema_migrations.name IS 'Migration name.'`,
		`COMMENT ON COLUMN schema_migrations.sha256 IS 'SHA-256 of the migration''s SQL as applied.'`,
		`COMMENT ON COLUMN schema_migrations.applied_at IS 'When it was applied (UTC).'`,
		`COMMENT ON COLUMN schema_migrations.applied_by IS 'The mast version that applied it.'`,
	} {
		if _, err := c.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	return nil
}

func (c *Case) apply(ctx context.Context, m catalog.Migration) error {
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
	}
	defer tx.Rollback()
	kept, err := tableComments(ctx, tx)
	if err != nil {
		return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
	}
	if err := restoreComments(ctx, tx, kept); err != nil {
		return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (?, ?, ?, ?, ?)`,
		m.Version, m.Name, m.SHA256, time.Now().UTC(), "mast "+Version); err != nil {
		return fmt.Errorf("record migration %04d: %w", m.Version, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %04d_%s: commit: %w", m.Version, m.Name, err)
	}
	return nil
}

// commentKey names a table (column "") or one of its columns.
type commentKey struct{ table, column string }

// tableComments reads the comment of every table of the case and of each
// of their columns; a NULL comment is one not set.
func tableComments(ctx context.Context, tx *sql.Tx) (map[commentKey]sql.NullString, error) {
	rows, err := tx.QueryContext(ctx, `
		WITH t AS (SELECT table_name, comment FROM duckdb_tables()
		           WHERE schema_name = 'main' AND NOT temporary AND database_name = current_database())
		SELECT table_name, '', comment FROM t
		UNION ALL
		SELECT table_name, column_name, comment FROM duckdb_columns()
		WHERE schema_name = 'main' AND database_name = current_database() AND table_name IN (SELECT table_name FROM t)`)
	if err != nil {
		return nil, fmt.Errorf("read comments: %w", err)
	}
	defer rows.Close()
	out := map[commentKey]sql.NullString{}
	for rows.Next() {
		var k commentKey
		var text sql.NullString
		if err := rows.Scan(&k.table, &k.column, &text); err != nil {
			return nil, fmt.Errorf("read comments: %w", err)
		}
		out[k] = text
	}
	return out, rows.Err()
}

// restoreComments puts back the comments a migration dropped with the
// table that held them: one that rebuilds a table (to change how DuckDB
// stores it, say) then need not repeat every comment of the original. A
// comment the migration sets itself is left as it set it.
func restoreComments(ctx context.Context, tx *sql.Tx, before map[commentKey]sql.NullString) error {
	after, err := tableComments(ctx, tx)
	if err != nil {
		return err
	}
	for k, now := range after {
		was := before[k]
		if now.Valid || !was.Valid {
			continue
		}
		target := "TABLE " + quoteIdent(k.table)
		if k.column != "" {
			target = "COLUMN " + quoteIdent(k.table) + "." + quoteIdent(k.column)
		}
		if _, err := tx.ExecContext(ctx, "COMMENT ON "+target+" IS "+quoteLiteral(was.String)); err != nil {
			return fmt.Errorf("restore comment on %s: %w", target, err)
		}
	}
	return nil
}

// quoteIdent and quoteLiteral write a name and a text as SQL.
func quoteIdent(s string) string   { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
