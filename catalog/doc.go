// Package catalog holds the case schema as numbered SQL migrations.
//
// A case is one DuckDB file. Its tables (sources, events, cells, cell_areas,
// anpr_reads, rejects) are created by the files in migrations/, named
// NNNN_name.sql and applied in order by engine when a case is opened. The
// applied versions are recorded in the schema_migrations table, so a case made
// by an older mast is brought up to date, and a case made by a newer mast is
// refused rather than misread.
//
// Migrations are append-only: once released, a file is never edited; a change
// to the schema is a new file. TestMigrationsAreFrozen guards the released ones.
//
// Every column carries a COMMENT ON COLUMN, so `mast sql` (and later the
// Postgres catalog views) can describe the schema to an analyst. docs/schema.md
// is generated from these comments (`mast case schema --markdown`).
package catalog
