package catalog

import "embed"

//go:embed pgcatalog/*.sql
var pgcatalogFS embed.FS

// PGCatalogScripts returns the files of the emulated PostgreSQL catalog
// (pg_catalog relations, information_schema, PostGIS's geometry_columns and
// spatial_ref_sys, and the PostgreSQL functions clients call), in name order.
// sql/pgcompat runs them, in that order, in the in-memory database it attaches
// to a case as mast_pg; later files use what earlier ones define.
func PGCatalogScripts() ([]Script, error) {
	return readScripts(pgcatalogFS, "pgcatalog")
}
