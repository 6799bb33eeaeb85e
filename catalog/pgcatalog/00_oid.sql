-- OIDs of the emulated catalog. Every relation, index and schema of the case
-- gets an OID derived from a hash of what it is and its name, so that it is
-- the same in every session and after every restart: the first 32 bits of the
-- MD5 of "<schema>.<name>", folded into 100000 .. 2147099999 (above
-- PostgreSQL's fixed system OIDs, below 2^31 for clients that read an oid as a
-- signed int4). sql/pgcompat computes the same function in Go (oid.go) and
-- its tests check that no two relations of a case collide.
CREATE OR REPLACE MACRO mast_pg.main.mast_oid(nsp, name) AS
    (100000 + (('0x' || md5(nsp || '.' || name)[1:8])::UBIGINT % 2147000000))::UINTEGER;

-- The PostgreSQL name of a DuckDB schema: the case's tables live in "main",
-- shown as "public".
CREATE OR REPLACE MACRO mast_pg.main.mast_nspname(duck_schema) AS
    CASE duck_schema WHEN 'main' THEN 'public' ELSE duck_schema END;

CREATE OR REPLACE MACRO mast_pg.main.mast_nspoid(nsp) AS
    CASE nsp WHEN 'pg_catalog' THEN 11 WHEN 'public' THEN 2200 WHEN 'information_schema' THEN 13000
        ELSE mast_pg.main.mast_oid('mast_pg.main.pg_namespace', nsp) END::UINTEGER;
