-- mast_rels_live: every relation pg_class lists, read live from DuckDB's
-- own metadata functions: the case's tables, views and sequences and the
-- emulated catalog itself. Binding every view's columns on each catalog query
-- costs a second, so the catalog reads snapshots of these views (mast_rels,
-- mast_cols, mast_keys), which sql/pgcompat refreshes whenever the case's
-- schema has changed (Catalog.refresh: before any statement that reads the
-- catalog, it compares a digest of DuckDB's metadata).
CREATE OR REPLACE VIEW mast_rels_live AS
SELECT mast_oid(mast_nspname(schema_name), table_name) AS oid, mast_nspname(schema_name) AS nspname,
       table_name AS relname, 'r' AS relkind, column_count::SMALLINT AS relnatts,
       estimated_size::REAL AS reltuples, comment,
       database_name AS duck_db, schema_name AS duck_schema, table_name AS duck_name
FROM duckdb_tables()
WHERE database_name = current_database() AND NOT internal AND NOT temporary
UNION ALL
SELECT mast_oid(mast_nspname(schema_name), view_name), mast_nspname(schema_name), view_name, 'v',
       column_count::SMALLINT, -1::REAL, comment, database_name, schema_name, view_name
FROM duckdb_views()
WHERE database_name = current_database() AND NOT internal AND NOT temporary
UNION ALL
SELECT mast_oid(mast_nspname(schema_name), sequence_name), mast_nspname(schema_name), sequence_name, 'S',
       3::SMALLINT, 1::REAL, comment, database_name, schema_name, sequence_name
FROM duckdb_sequences()
WHERE database_name = current_database() AND NOT temporary
UNION ALL
SELECT r.oid::UINTEGER, r.nspname, r.relname, r.relkind, v.column_count::SMALLINT, -1::REAL, NULL,
       'mast_pg', 'main', r.view_name
FROM mast_relations r
JOIN duckdb_views() v ON v.database_name = 'mast_pg' AND v.schema_name = 'main' AND v.view_name = r.view_name
UNION ALL
SELECT r.oid::UINTEGER, r.nspname, r.relname, r.relkind, t.column_count::SMALLINT, -1::REAL, NULL,
       'mast_pg', 'main', r.view_name
FROM mast_relations r
JOIN duckdb_tables() t ON t.database_name = 'mast_pg' AND t.schema_name = 'main' AND t.table_name = r.view_name;

CREATE OR REPLACE TABLE mast_rels AS SELECT * FROM mast_rels_live;

-- mast_cols_live: the columns of mast_rels with their PostgreSQL type.
CREATE OR REPLACE VIEW mast_cols_live AS
SELECT r.oid AS attrelid, r.nspname, r.relname, r.relkind, c.column_index::SMALLINT AS attnum,
       c.column_name AS attname, c.data_type,
       mast_typname(c.data_type) AS typname, t.oid AS atttypid, t.typlen AS attlen,
       CASE WHEN t.oid = 16392 THEN mast_geometry_typmod(coalesce(l.geom_type, 'GEOMETRY'), coalesce(l.srid, 4326))
            ELSE mast_typmod(c.data_type) END::INTEGER AS atttypmod,
       NOT c.is_nullable AS attnotnull, c.column_default, c.comment,
       l.geom_type, l.srid
FROM mast_rels r
JOIN duckdb_columns() c ON c.database_name = r.duck_db AND c.schema_name = r.duck_schema AND c.table_name = r.duck_name
JOIN mast_types t ON t.typname = mast_typname(c.data_type)
LEFT JOIN mast_layers l ON l.nspname = r.nspname AND l.relname = r.relname AND l.geom_column = c.column_name
WHERE r.relkind IN ('r', 'v');

CREATE OR REPLACE TABLE mast_cols AS SELECT * FROM mast_cols_live;
