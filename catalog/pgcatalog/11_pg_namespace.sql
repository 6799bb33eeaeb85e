-- pg_namespace: pg_catalog (11), public (2200, DuckDB's "main"),
-- information_schema, and any other schema of the case's database.
CREATE OR REPLACE VIEW pg_namespace AS
SELECT mast_nspoid(nspname) AS oid, nspname, 10::UINTEGER AS nspowner, NULL::VARCHAR[] AS nspacl
FROM (
    SELECT 'pg_catalog' AS nspname
    UNION ALL SELECT 'information_schema'
    UNION ALL SELECT 'public'
    UNION
    SELECT mast_nspname(schema_name) FROM duckdb_schemas()
    WHERE database_name = current_database() AND NOT internal
      AND schema_name NOT IN ('pg_catalog', 'information_schema')
);
