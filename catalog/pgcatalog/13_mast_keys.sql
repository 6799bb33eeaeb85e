-- mast_keys_live (snapshot: mast_keys): the keys QGIS, GDAL and JDBC find through pg_index: every
-- PRIMARY KEY and UNIQUE constraint of a DuckDB table, and the keys mast
-- declares for its layer views and key-less tables (the layer facts in
-- sql/pgcompat/layers.go, loaded into mast_layers), which are presented as
-- primary keys. A declared key is ignored when the relation has a primary key
-- of its own.
CREATE OR REPLACE VIEW mast_keys_live AS
WITH cons AS (
    SELECT mast_nspname(schema_name) AS nspname, table_name AS relname,
           constraint_type = 'PRIMARY KEY' AS isprimary,
           list_transform(constraint_column_indexes, i -> (i + 1)::SMALLINT) AS attnums,
           constraint_column_names AS colnames
    FROM duckdb_constraints()
    WHERE database_name = current_database() AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')
), declared AS (
    SELECT l.nspname, l.relname, true AS isprimary,
           list(c.attnum ORDER BY k.ord) AS attnums, list(c.attname ORDER BY k.ord) AS colnames,
           count(*) AS found, any_value(len(l.key_columns)) AS wanted
    FROM mast_layers l,
         LATERAL (SELECT unnest(l.key_columns) AS col, generate_subscripts(l.key_columns, 1) AS ord) k
    JOIN mast_cols c ON c.nspname = l.nspname AND c.relname = l.relname AND c.attname = k.col
    WHERE len(l.key_columns) > 0
    GROUP BY l.nspname, l.relname
), keys AS (
    SELECT nspname, relname, isprimary, attnums, colnames FROM cons
    UNION ALL
    SELECT d.nspname, d.relname, d.isprimary, d.attnums, d.colnames FROM declared d
    WHERE d.found = d.wanted
      AND NOT EXISTS (SELECT 1 FROM cons c WHERE c.nspname = d.nspname AND c.relname = d.relname AND c.isprimary)
)
SELECT k.nspname, k.relname, mast_oid(k.nspname, k.relname) AS relid,
       CASE WHEN k.isprimary THEN k.relname || '_pkey'
            ELSE k.relname || '_' || array_to_string(k.colnames, '_') || '_key' END AS indexname,
       mast_oid(k.nspname, CASE WHEN k.isprimary THEN k.relname || '_pkey'
            ELSE k.relname || '_' || array_to_string(k.colnames, '_') || '_key' END) AS indexrelid,
       k.isprimary, true AS isunique, k.attnums, k.colnames
FROM keys k;

CREATE OR REPLACE TABLE mast_keys AS SELECT * FROM mast_keys_live;
