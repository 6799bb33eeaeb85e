package catalog

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
)

//go:embed pgcatalog/*.sql
var pgcatalogFS embed.FS

// PGCatalogScripts returns the files of the emulated PostgreSQL catalog
// (pg_catalog relations, information_schema, PostGIS's geometry_columns and
// spatial_ref_sys, and the PostgreSQL functions clients call), in name order.
// sql/pgcompat runs them, in that order, in the in-memory database it attaches
// to a case as mast_pg; later files use what earlier ones define.
func PGCatalogScripts() ([]Script, error) {
	entries, err := fs.ReadDir(pgcatalogFS, "pgcatalog")
	if err != nil {
		return nil, fmt.Errorf("read pgcatalog scripts: %w", err)
	}
	var out []Script
	for _, e := range entries {
		b, err := pgcatalogFS.ReadFile(path.Join("pgcatalog", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read pgcatalog script %s: %w", e.Name(), err)
		}
		sum := sha256.Sum256(b)
		out = append(out, Script{Name: e.Name(), SQL: string(b), SHA256: hex.EncodeToString(sum[:])})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
