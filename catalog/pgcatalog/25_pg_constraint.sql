-- pg_constraint: the PRIMARY KEY, UNIQUE, FOREIGN KEY and CHECK constraints
-- of the case's tables. mast_constraintdef holds what
-- pg_get_constraintdef returns for each.
CREATE OR REPLACE VIEW mast_constraints AS
SELECT mast_oid(mast_nspname(c.schema_name), c.table_name || '.' || coalesce(c.constraint_name, c.constraint_index::VARCHAR)) AS oid,
       coalesce(c.constraint_name, c.table_name || '_' || c.constraint_index::VARCHAR) AS conname,
       mast_nspoid(mast_nspname(c.schema_name)) AS connamespace,
       CASE c.constraint_type WHEN 'PRIMARY KEY' THEN 'p' WHEN 'UNIQUE' THEN 'u'
            WHEN 'FOREIGN KEY' THEN 'f' ELSE 'c' END AS contype,
       mast_oid(mast_nspname(c.schema_name), c.table_name) AS conrelid,
       CASE c.constraint_type
            WHEN 'PRIMARY KEY' THEN mast_oid(mast_nspname(c.schema_name), c.table_name || '_pkey')
            WHEN 'UNIQUE' THEN mast_oid(mast_nspname(c.schema_name), c.table_name || '_' || array_to_string(c.constraint_column_names, '_') || '_key')
            ELSE 0 END::UINTEGER AS conindid,
       CASE WHEN c.constraint_type = 'FOREIGN KEY' THEN mast_oid(mast_nspname(c.schema_name), c.referenced_table) ELSE 0 END::UINTEGER AS confrelid,
       list_transform(c.constraint_column_indexes, i -> (i + 1)::SMALLINT) AS conkey,
       c.constraint_text AS condef
FROM duckdb_constraints() c
WHERE c.database_name = current_database() AND c.constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY', 'CHECK');

CREATE OR REPLACE VIEW pg_constraint AS
SELECT oid, conname, connamespace, contype, false AS condeferrable, false AS condeferred,
       true AS convalidated, conrelid, 0::UINTEGER AS contypid, conindid, 0::UINTEGER AS conparentid,
       confrelid, 'a' AS confupdtype, 'a' AS confdeltype, 's' AS confmatchtype, true AS conislocal,
       0 AS coninhcount, false AS connoinherit, conkey, NULL::SMALLINT[] AS confkey,
       NULL::UINTEGER[] AS conpfeqop, NULL::UINTEGER[] AS conppeqop, NULL::UINTEGER[] AS conffeqop,
       NULL::SMALLINT[] AS confdelsetcols, NULL::UINTEGER[] AS conexclop, NULL::VARCHAR AS conbin,
       condef AS mast_condef -- what pg_get_constraintdef(oid) returns: sql/pgcompat reads it here
FROM mast_constraints;
