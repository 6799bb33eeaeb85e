-- Lookup views for the function macros of 45_* and 46_*. DuckDB expands a
-- macro's body into the calling query, so a subquery in it must not use a
-- column name or alias the caller's arguments may use (pg_table_is_visible(c.oid),
-- obj_description(oid)): these views name every column mast_l_*, and the
-- macros read them under the alias mast_l.
CREATE OR REPLACE VIEW mast_l_rels AS
SELECT c.oid AS mast_l_oid, n.nspname AS mast_l_nsp, c.relname AS mast_l_rel
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace;

CREATE OR REPLACE VIEW mast_l_desc AS
SELECT objoid AS mast_l_objoid, objsubid AS mast_l_subid, description AS mast_l_desc FROM pg_description;

CREATE OR REPLACE VIEW mast_l_types AS
SELECT t.oid AS mast_l_oid, t.typname AS mast_l_name, e.typname AS mast_l_elemname, e.oid AS mast_l_elem
FROM mast_types t LEFT JOIN mast_types e ON e.oid = t.typelem AND starts_with(t.typname, '_');

CREATE OR REPLACE VIEW mast_l_cons AS
SELECT oid AS mast_l_oid, condef AS mast_l_def FROM mast_constraints;

CREATE OR REPLACE VIEW mast_l_keys AS
SELECT indexrelid AS mast_l_oid, indexname AS mast_l_index, nspname AS mast_l_nsp, relname AS mast_l_rel,
       colnames AS mast_l_cols
FROM mast_keys;

CREATE OR REPLACE VIEW mast_l_nsp AS
SELECT oid AS mast_l_oid, nspname AS mast_l_name FROM pg_namespace;
