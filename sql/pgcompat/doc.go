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
//
// # The catalog
//
// The SQL lives in catalog/pgcatalog (one file per relation or function
// family), run in name order in mast_pg by Install. Relations are views over
// DuckDB's metadata (duckdb_tables, duckdb_views, duckdb_columns,
// duckdb_constraints); because binding every view's columns on each query
// costs about a second, pg_class, pg_attribute and pg_index read snapshots
// (mast_rels, mast_cols, mast_keys) that Translate refreshes whenever a
// digest of the case's schema has changed, before any statement that reads
// mast_pg. A table created later therefore appears without a restart.
//
// OIDs: pg_catalog relations and types keep PostgreSQL's fixed OIDs (pg_class
// 1259, int8 20...), geometry is 16392 (geometry[] 16397), namespaces are
// pg_catalog 11, public 2200 (DuckDB's "main"), information_schema 13000.
// The case's relations and key indexes get RelationOID(schema, name): the
// first 32 bits of md5("schema.name") folded into 100000..2147099999, the
// same in Go and SQL, in every session and after every restart. A collision
// (about 1 in 10^7 for a case of a hundred relations) would show as two
// pg_class rows with one OID; the tests check the demo case has none. Every
// oid column is UINTEGER, which TypeOf presents as oid.
//
// Keys and geometry types come from the case where DuckDB knows them
// (PRIMARY KEY and UNIQUE constraints) and otherwise from Layers, the one
// table of layer facts (views have no keys; events has no PRIMARY KEY).
// Declared keys are presented as primary-key indexes named <relation>_pkey.
//
// # Rewrites (all on the syntax tree)
//
//   - pg_catalog.X / X (pg_class, pg_attribute, pg_type, pg_namespace,
//     pg_index, pg_attrdef, pg_description, pg_constraint, pg_proc, pg_am,
//     pg_inherits, pg_roles, pg_user, pg_database, pg_settings, pg_extension,
//     pg_stats, pg_sequence, pg_enum, pg_collation, pg_policy,
//     pg_statistic_ext, pg_publication*, pg_tablespace, pg_tables, pg_views),
//     information_schema.{tables,columns,schemata,views}, geometry_columns,
//     geography_columns, spatial_ref_sys -> mast_pg.main.*; a CTE of the same
//     name wins. public.X -> main.X.
//   - Functions the catalog defines as macros (format_type, pg_get_expr,
//     pg_get_constraintdef, pg_get_indexdef, pg_get_userbyid,
//     pg_table_is_visible, pg_type_is_visible, col_description,
//     obj_description, has_*_privilege, pg_has_role, pg_is_in_recovery,
//     current_schema, current_schemas, version, pg_get_serial_sequence,
//     pg_relation_is_publishable, array_upper/lower, array_out, postgis_*) ->
//     mast_pg.main.name(...). pg_get_constraintdef(alias.oid) of a
//     pg_constraint in the statement reads alias.mast_condef (a macro's
//     subquery cannot be planned in an outer join's condition).
//   - ~, ~*, !~, !~*, OPERATOR(pg_catalog.~) -> regexp_matches (a partial
//     match, like PostgreSQL's); other OPERATOR(pg_catalog.op) lose the
//     qualifier. COLLATE anything is dropped.
//   - x = ANY(list) -> list_contains(list, x); x <> ALL(list) -> NOT
//     list_contains.
//   - Casts: 'name'::regclass and regclass('name') -> the OID (or NULL when
//     there is no such relation, where PostgreSQL raises an error); a
//     non-literal ::regclass -> UINTEGER, shown as the relation's name when it
//     is an output column or cast on to text (likewise regtype,
//     regnamespace); 'schema.f'::regproc -> 'f'; oid, xid, cid, reg* ->
//     UINTEGER; name, "char", bpchar -> VARCHAR; int2vector -> SMALLINT[];
//     oidvector -> UINTEGER[]; geometry(Point,4326), geography -> GEOMETRY;
//     jsonb -> JSON; pg_catalog.T -> T.
//   - int2vector columns (indkey, indoption, indclass, indcollation, prattrs,
//     stxkeys): v[i] -> v[i + 1]; v::text -> array_to_string(v, ' ').
//   - information_schema._pg_expandarray(a) -> unnest(mast_expandarray(a)),
//     a list of {x, n}; (…).n works on the struct.
//   - FROM f(...) alias without column names: the column is named alias, as
//     in PostgreSQL (generate_series(...) s).
//   - json_build_object -> json_object.
//   - ctid -> '(0,' || rowid || ')' (tables only).
//   - Unaliased output columns get PostgreSQL's name (count, postgis_version,
//     ?column?, case, exists, x for x::text, int4 for 1::int4).
//   - PostGIS: st_asbinary(g[, 'NDR']) -> st_asbinary(g) (DuckDB's WKB is
//     little-endian); st_extent(g) -> pg_st_box(min(pg_st_xmin(g)), ...)
//     giving 'BOX(xmin ymin,xmax ymax)'; st_estimatedextent([schema,] table,
//     column) with literal arguments -> the exact extent as a subquery;
//     st_collect(g) -> pg_st_collect(list(g)); st_makeenvelope(...) ->
//     pg_st_makeenvelope(x1, y1, x2, y2); a && b -> st_intersects_extent;
//     st_srid(literal::geometry) -> 0, st_srid(g) -> 4326 (NULL for NULL);
//     st_setsrid(g, n) -> g. The pg_st_* functions are Go scalars in
//     udf/postgis.go.
//
// # Statements that are not queries
//
// SET, SHOW and RESET never reach DuckDB: the server keeps PostgreSQL's
// settings per session (SET/RESET of DuckDB settings that guard the host are
// refused). BEGIN [READ ONLY], COMMIT, ROLLBACK, DECLARE/FETCH/MOVE/CLOSE,
// COPY ... TO STDOUT (text and csv), DEALLOCATE and DISCARD are classified
// for the server. Writes are KindExec with their command tag.
//
// Refused (KindRefused, SQLSTATE 42501 unless said): COPY to or from a file
// or a program; COPY FROM STDIN, COPY ... (FORMAT binary), savepoints,
// SQL-level PREPARE/EXECUTE, LISTEN/NOTIFY (0A000); ATTACH, DETACH, INSTALL,
// LOAD, EXPORT/IMPORT DATABASE, PRAGMA, CHECKPOINT, USE; any call of a
// function that reads or writes files or other systems (read_*, glob,
// sniff_csv, parquet_*, iceberg_*, delta_*, postgres_*, sqlite_*, mysql_*,
// duckdb_secrets, getenv, query, query_table...); a relation named like a
// file ("data.csv") or a string literal after FROM/JOIN/TO. A statement
// pg_query cannot parse is checked on the scanner's tokens for the same.
// The instance is locked down as well: this is defence in depth.
//
// # Known gaps
//
//   - Origins (Statement.Columns) follow plain column references through
//     FROM lists, joins without USING/NATURAL and subqueries in FROM; set
//     operations, CTEs and catalog relations give none.
//   - Only one role ("mast", OID 10) exists in the catalog; writing
//     privileges read as false, so QGIS opens layers read-only.
//   - No system columns in pg_attribute (ctid is not listed; QGIS uses the
//     declared keys instead). pg_stats, pg_inherits, pg_enum, pg_policy,
//     pg_statistic_ext and the publication relations are empty.
//   - st_asbinary(g, 'XDR') returns little-endian WKB. Only SRID 4326 and
//     27700 are in spatial_ref_sys; st_srid always answers 4326 for data.
//   - A regclass literal naming no relation gives NULL instead of an error.
//   - Macros answer format_type for the types mast presents; others show
//     their typname.
package pgcompat
