package pgcompat

import (
	"context"
	gosql "database/sql"
	"fmt"
	"strings"
	"sync"

	"github.com/mastcdr/mast/catalog"
	"github.com/mastcdr/mast/engine"
)

// Database is the name under which the emulated catalog is attached to a
// case's DuckDB instance.
const Database = "mast_pg"

// Catalog is the emulated PostgreSQL catalog of one open case: an in-memory
// database attached to the case's DuckDB instance as mast_pg, whose views
// read DuckDB's own metadata live, and the translator that points clients'
// statements at it.
type Catalog struct {
	db *gosql.DB

	mu     sync.Mutex
	digest string // of the case's schema when the snapshots were taken
}

// Install attaches the emulated catalog to the case's DuckDB instance and
// creates its relations and functions. The server calls it once per opened
// case, before it locks the instance down (Install sets nothing and reads no
// file, but it is cheaper to know it ran on an open instance). Calling it
// again on the same instance replaces the catalog's objects.
func Install(ctx context.Context, db *gosql.DB) (*Catalog, error) {
	scripts, err := catalog.PGCatalogScripts()
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("install pg catalog: %w", err)
	}
	defer conn.Close()
	var home string
	if err := conn.QueryRowContext(ctx, `SELECT current_database()`).Scan(&home); err != nil {
		return nil, fmt.Errorf("install pg catalog: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `ATTACH IF NOT EXISTS ':memory:' AS `+Database); err != nil {
		return nil, fmt.Errorf("install pg catalog: attach: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `USE `+Database); err != nil {
		return nil, fmt.Errorf("install pg catalog: %w", err)
	}
	// Whatever happens, give the connection back to the pool in the case.
	defer conn.ExecContext(context.WithoutCancel(ctx), `USE `+quoteIdent(home))

	if err := installLayers(ctx, conn); err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE MACRO version() AS `+quoteLiteral(ServerVersion())); err != nil {
		return nil, fmt.Errorf("install pg catalog: version: %w", err)
	}
	for _, s := range scripts {
		if _, err := conn.ExecContext(ctx, s.SQL); err != nil {
			return nil, fmt.Errorf("install pg catalog: %s: %w", s.Name, err)
		}
	}
	if _, err := conn.ExecContext(ctx, `USE `+quoteIdent(home)); err != nil {
		return nil, fmt.Errorf("install pg catalog: %w", err)
	}
	c := &Catalog{db: db}
	if err := c.refresh(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// refresh brings the catalog's snapshots of the case's relations, columns
// and keys (mast_rels, mast_cols, mast_keys) up to date when the case's
// schema has changed since they were taken: a table or view created, altered,
// dropped or commented on appears in pg_class and pg_attribute before the
// next statement that reads them.
func (c *Catalog) refresh(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var digest string
	if err := c.db.QueryRowContext(ctx, `SELECT digest FROM `+Database+`.main.mast_schema_digest`).Scan(&digest); err != nil {
		return fmt.Errorf("pg catalog: schema digest: %w", err)
	}
	if digest == c.digest {
		return nil
	}
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("pg catalog: refresh: %w", err)
	}
	defer tx.Rollback()
	for _, rel := range []string{"mast_rels", "mast_cols", "mast_keys"} {
		q := fmt.Sprintf(`DELETE FROM %[1]s.main.%[2]s; INSERT INTO %[1]s.main.%[2]s SELECT * FROM %[1]s.main.%[2]s_live`, Database, rel)
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("pg catalog: refresh %s: %w", rel, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("pg catalog: refresh: %w", err)
	}
	c.digest = digest
	return nil
}

// ServerVersion is what version() returns.
func ServerVersion() string {
	return "PostgreSQL 16.4 (mast " + engine.Version + ") on x86_64-pc-linux-gnu, compiled by Go, 64-bit"
}

// installLayers loads Layers into mast_layers, which the catalog's views read.
func installLayers(ctx context.Context, conn *gosql.Conn) error {
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TABLE mast_layers (
		nspname VARCHAR, relname VARCHAR, geom_column VARCHAR, geom_type VARCHAR, srid INTEGER, key_columns VARCHAR[])`); err != nil {
		return fmt.Errorf("install pg catalog: layers: %w", err)
	}
	for _, l := range Layers {
		keys := make([]string, len(l.Key))
		for i, k := range l.Key {
			keys[i] = quoteLiteral(k)
		}
		var geom, typ, srid = "NULL", "NULL", "NULL"
		if l.Geometry != "" {
			geom, typ, srid = quoteLiteral(l.Geometry), quoteLiteral(l.Type), fmt.Sprint(l.SRID)
		}
		q := fmt.Sprintf(`INSERT INTO mast_layers VALUES ('public', %s, %s, %s, %s, [%s]::VARCHAR[])`,
			quoteLiteral(l.Relation), geom, typ, srid, strings.Join(keys, ", "))
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("install pg catalog: layer %s: %w", l.Relation, err)
		}
	}
	return nil
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
