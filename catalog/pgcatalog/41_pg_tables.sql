-- pg_tables and pg_views: the case's tables and views.
CREATE OR REPLACE VIEW pg_tables AS
SELECT nspname AS schemaname, relname AS tablename, 'mast' AS tableowner,
       NULL::VARCHAR AS tablespace, false AS hasindexes, false AS hasrules, false AS hastriggers,
       false AS rowsecurity
FROM mast_rels WHERE relkind = 'r';

CREATE OR REPLACE VIEW pg_views AS
SELECT r.nspname AS schemaname, r.relname AS viewname, 'mast' AS viewowner, v.sql AS definition
FROM mast_rels r
LEFT JOIN duckdb_views() v ON v.database_name = r.duck_db AND v.schema_name = r.duck_schema AND v.view_name = r.duck_name
WHERE r.relkind = 'v';
