-- information_schema.tables, .columns, .schemata and .views over the same
-- relations as pg_class.
CREATE OR REPLACE VIEW information_schema_tables AS
SELECT current_database() AS table_catalog, nspname AS table_schema, relname AS table_name,
       CASE relkind WHEN 'v' THEN 'VIEW' ELSE 'BASE TABLE' END AS table_type,
       NULL::VARCHAR AS self_referencing_column_name, NULL::VARCHAR AS reference_generation,
       NULL::VARCHAR AS user_defined_type_catalog, NULL::VARCHAR AS user_defined_type_schema,
       NULL::VARCHAR AS user_defined_type_name, 'NO' AS is_insertable_into, 'NO' AS is_typed,
       NULL::VARCHAR AS commit_action
FROM mast_rels WHERE relkind IN ('r', 'v');

CREATE OR REPLACE VIEW information_schema_columns AS
SELECT current_database() AS table_catalog, c.nspname AS table_schema, c.relname AS table_name,
       c.attname AS column_name, c.attnum::INTEGER AS ordinal_position, c.column_default,
       CASE WHEN c.attnotnull THEN 'NO' ELSE 'YES' END AS is_nullable,
       CASE WHEN starts_with(c.typname, '_') THEN 'ARRAY' WHEN c.atttypid = 16392 THEN 'USER-DEFINED'
            ELSE mast_sqlname(c.atttypid) END AS data_type,
       NULL::INTEGER AS character_maximum_length, NULL::INTEGER AS character_octet_length,
       CASE c.atttypid WHEN 21 THEN 16 WHEN 23 THEN 32 WHEN 20 THEN 64 WHEN 700 THEN 24 WHEN 701 THEN 53
            WHEN 1700 THEN CASE WHEN c.atttypmod >= 4 THEN (c.atttypmod - 4) >> 16 END END::INTEGER AS numeric_precision,
       CASE WHEN c.atttypid IN (21, 23, 20, 700, 701) THEN 2 WHEN c.atttypid = 1700 THEN 10 END::INTEGER AS numeric_precision_radix,
       CASE WHEN c.atttypid IN (21, 23, 20) THEN 0
            WHEN c.atttypid = 1700 AND c.atttypmod >= 4 THEN (c.atttypmod - 4) & 65535 END::INTEGER AS numeric_scale,
       NULL::INTEGER AS datetime_precision,
       CASE WHEN c.atttypid = 16392 THEN 'public' ELSE 'pg_catalog' END AS udt_schema,
       c.typname AS udt_name, 'NO' AS is_identity, 'NEVER' AS is_generated, 'NO' AS is_updatable
FROM mast_cols c;

CREATE OR REPLACE VIEW information_schema_schemata AS
SELECT current_database() AS catalog_name, nspname AS schema_name, 'mast' AS schema_owner,
       NULL::VARCHAR AS default_character_set_catalog, NULL::VARCHAR AS default_character_set_schema,
       NULL::VARCHAR AS default_character_set_name, NULL::VARCHAR AS sql_path
FROM pg_namespace;

CREATE OR REPLACE VIEW information_schema_views AS
SELECT current_database() AS table_catalog, schemaname AS table_schema, viewname AS table_name,
       definition AS view_definition, 'NONE' AS check_option, 'NO' AS is_updatable,
       'NO' AS is_insertable_into
FROM pg_views;
