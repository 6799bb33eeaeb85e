// Package pgcompat makes a DuckDB case look like a PostgreSQL 16 database
// with PostGIS to the clients of mast's wire server.
//
// Three parts:
//   - Translate parses what a client sent with PostgreSQL's own parser
//     (pg_query_go), splits it into statements, says what kind each is
//     (Statement, Kind), and rewrites PostgreSQL and PostGIS idioms on the
//     syntax tree into DuckDB SQL: the pg_catalog and information_schema
//     relations to mast's emulation, regclass casts, `~` to regular
//     expression matches, int2vector subscripts, PostGIS functions.
//   - The emulated catalog (Install) is an in-memory database attached to
//     the case's DuckDB instance as mast_pg, filled from the case's own
//     catalog with stable OIDs: pg_class, pg_attribute, pg_type, pg_index,
//     pg_namespace and the rest of what the clients in shared/clients read,
//     geometry_columns and spatial_ref_sys.
//   - TypeOf maps DuckDB types to the PostgreSQL types clients see.
package pgcompat
