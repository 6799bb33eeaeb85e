-- The PostgreSQL functions the clients call, answered from the emulated
-- catalog. sql/pgcompat rewrites every call of these names (qualified with
-- pg_catalog or not) to mast_pg.main.<name>.

-- pg_get_expr: pg_attrdef.adbin and the like hold the expression's text.
CREATE OR REPLACE MACRO pg_get_expr(e, rel) AS e::VARCHAR, (e, rel, pretty) AS e::VARCHAR;

CREATE OR REPLACE MACRO pg_get_constraintdef(c) AS
    (SELECT mast_l.mast_l_def FROM mast_pg.main.mast_l_cons mast_l WHERE mast_l.mast_l_oid = c),
    (c, pretty) AS (SELECT mast_l.mast_l_def FROM mast_pg.main.mast_l_cons mast_l WHERE mast_l.mast_l_oid = c);

CREATE OR REPLACE MACRO mast_pg.main.mast_indexdef(i) AS
    (SELECT 'CREATE UNIQUE INDEX ' || mast_l.mast_l_index || ' ON ' || mast_l.mast_l_nsp || '.' || mast_l.mast_l_rel
            || ' USING btree (' || array_to_string(mast_l.mast_l_cols, ', ') || ')'
     FROM mast_pg.main.mast_l_keys mast_l WHERE mast_l.mast_l_oid = i);

CREATE OR REPLACE MACRO pg_get_indexdef(i) AS mast_pg.main.mast_indexdef(i),
    (i, col, pretty) AS CASE WHEN col = 0 THEN mast_pg.main.mast_indexdef(i)
        ELSE (SELECT mast_l.mast_l_cols[col] FROM mast_pg.main.mast_l_keys mast_l WHERE mast_l.mast_l_oid = i) END;

CREATE OR REPLACE MACRO pg_get_userbyid(r) AS CASE WHEN r IS NULL THEN NULL WHEN r = 10 THEN 'mast' ELSE 'unknown (OID=' || r::VARCHAR || ')' END;

CREATE OR REPLACE MACRO pg_table_is_visible(r) AS
    coalesce((SELECT mast_l.mast_l_nsp IN ('pg_catalog', 'public') FROM mast_pg.main.mast_l_rels mast_l WHERE mast_l.mast_l_oid = r), false);

CREATE OR REPLACE MACRO pg_type_is_visible(t) AS t IS NOT NULL;

CREATE OR REPLACE MACRO col_description(r, n) AS
    (SELECT mast_l.mast_l_desc FROM mast_pg.main.mast_l_desc mast_l WHERE mast_l.mast_l_objoid = r AND mast_l.mast_l_subid = n);

CREATE OR REPLACE MACRO obj_description(o) AS
    (SELECT mast_l.mast_l_desc FROM mast_pg.main.mast_l_desc mast_l WHERE mast_l.mast_l_objoid = o AND mast_l.mast_l_subid = 0),
    (o, cat) AS (SELECT mast_l.mast_l_desc FROM mast_pg.main.mast_l_desc mast_l WHERE mast_l.mast_l_objoid = o AND mast_l.mast_l_subid = 0);

CREATE OR REPLACE MACRO shobj_description(o, cat) AS NULL::VARCHAR;

-- Privileges: every session may read everything it can see; whether it may
-- write is decided by the wire server per statement, so the catalog answers
-- "no" for writing privileges (QGIS then opens layers read-only).
CREATE OR REPLACE MACRO mast_pg.main.mast_may(priv) AS
    list_has_all(['SELECT', 'USAGE', 'REFERENCES', 'CONNECT', 'TEMPORARY', 'TEMP', 'MEMBER', 'EXECUTE'],
                 list_transform(string_split(upper(replace(priv::VARCHAR, ' WITH GRANT OPTION', '')), ','), p -> trim(p)));

CREATE OR REPLACE MACRO has_table_privilege(t, p) AS mast_pg.main.mast_may(p), (u, t, p) AS mast_pg.main.mast_may(p);
CREATE OR REPLACE MACRO has_any_column_privilege(t, p) AS mast_pg.main.mast_may(p), (u, t, p) AS mast_pg.main.mast_may(p);
CREATE OR REPLACE MACRO has_column_privilege(t, c, p) AS mast_pg.main.mast_may(p), (u, t, c, p) AS mast_pg.main.mast_may(p);
CREATE OR REPLACE MACRO has_schema_privilege(s, p) AS mast_pg.main.mast_may(p), (u, s, p) AS mast_pg.main.mast_may(p);
CREATE OR REPLACE MACRO has_database_privilege(d, p) AS mast_pg.main.mast_may(p), (u, d, p) AS mast_pg.main.mast_may(p);
CREATE OR REPLACE MACRO has_sequence_privilege(s, p) AS mast_pg.main.mast_may(p), (u, s, p) AS mast_pg.main.mast_may(p);
CREATE OR REPLACE MACRO has_function_privilege(f, p) AS mast_pg.main.mast_may(p), (u, f, p) AS mast_pg.main.mast_may(p);
CREATE OR REPLACE MACRO pg_has_role(r, p) AS mast_pg.main.mast_may(p), (u, r, p) AS mast_pg.main.mast_may(p);

CREATE OR REPLACE MACRO pg_is_in_recovery() AS false;

CREATE OR REPLACE MACRO current_schema() AS 'public';

CREATE OR REPLACE MACRO current_schemas(implicit) AS
    CASE WHEN implicit THEN ['pg_catalog', 'public'] ELSE ['public'] END;

CREATE OR REPLACE MACRO pg_get_serial_sequence(t, c) AS NULL::VARCHAR;

CREATE OR REPLACE MACRO pg_relation_is_publishable(r) AS false;

CREATE OR REPLACE MACRO pg_get_statisticsobjdef_columns(o) AS NULL::VARCHAR;

CREATE OR REPLACE MACRO pg_encoding_to_char(e) AS CASE WHEN e = 6 THEN 'UTF8' ELSE 'SQL_ASCII' END;

CREATE OR REPLACE MACRO pg_backend_pid() AS 0;

-- Arrays: PostgreSQL arrays are DuckDB lists (1-based, one dimension).
-- array_out: an array's text form, as PostgreSQL writes it ({1,2,3};
-- {"a b",NULL}): elements that are empty, NULL-like or hold a space, comma,
-- brace, quote or backslash are double-quoted with \ and " escaped. QGIS
-- selects array_out(column)::text for a layer's array columns.
CREATE OR REPLACE MACRO array_out(a) AS CASE WHEN a IS NOT NULL THEN
    '{' || array_to_string(list_transform(a, x -> CASE
        WHEN x IS NULL THEN 'NULL'
        WHEN x::VARCHAR = '' OR upper(x::VARCHAR) = 'NULL' OR regexp_matches(x::VARCHAR, '[\s,{}"\\]')
            THEN '"' || replace(replace(x::VARCHAR, '\', '\\'), '"', '\"') || '"'
        ELSE x::VARCHAR END), ',') || '}' END;

CREATE OR REPLACE MACRO array_upper(a, d) AS CASE WHEN d = 1 AND len(a) > 0 THEN len(a) END::INTEGER;
CREATE OR REPLACE MACRO array_lower(a, d) AS CASE WHEN d = 1 AND len(a) > 0 THEN 1 END::INTEGER;

-- information_schema._pg_expandarray(a): the elements of a with their
-- positions, as a list of {x, n} that sql/pgcompat unnests.
CREATE OR REPLACE MACRO mast_pg.main.mast_expandarray(a) AS
    list_transform(generate_series(1, len(a)), i -> {'x': a[i], 'n': i});

-- Names for regclass, regtype and regnamespace values shown as text.
CREATE OR REPLACE MACRO regclass_oid(nsp, rel) AS
    (SELECT mast_l.mast_l_oid FROM mast_pg.main.mast_l_rels mast_l
     WHERE mast_l.mast_l_rel = rel AND (mast_l.mast_l_nsp = nsp OR (nsp IS NULL AND mast_l.mast_l_nsp IN ('pg_catalog', 'public')))
     ORDER BY mast_l.mast_l_nsp = 'pg_catalog' DESC LIMIT 1);
CREATE OR REPLACE MACRO regclass_name(o) AS
    coalesce((SELECT CASE WHEN mast_l.mast_l_nsp IN ('pg_catalog', 'public') THEN mast_l.mast_l_rel
                          ELSE mast_l.mast_l_nsp || '.' || mast_l.mast_l_rel END
              FROM mast_pg.main.mast_l_rels mast_l WHERE mast_l.mast_l_oid = o), o::VARCHAR);
CREATE OR REPLACE MACRO regtype_name(o) AS coalesce(mast_pg.main.format_type(o, NULL), o::VARCHAR);
CREATE OR REPLACE MACRO regtype_oid(name) AS
    (SELECT mast_l.mast_l_oid FROM mast_pg.main.mast_l_types mast_l WHERE mast_l.mast_l_name = name);
CREATE OR REPLACE MACRO regnamespace_name(o) AS
    coalesce((SELECT mast_l.mast_l_name FROM mast_pg.main.mast_l_nsp mast_l WHERE mast_l.mast_l_oid = o), o::VARCHAR);
CREATE OR REPLACE MACRO regnamespace_oid(name) AS
    (SELECT mast_l.mast_l_oid FROM mast_pg.main.mast_l_nsp mast_l WHERE mast_l.mast_l_name = name);
