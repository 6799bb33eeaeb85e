-- pg_class: the case's tables, views and sequences (mast_rels), the indexes
-- of their keys (mast_keys) and the emulated catalog relations.
CREATE OR REPLACE VIEW pg_class AS
SELECT r.oid, r.relname, mast_nspoid(r.nspname) AS relnamespace, 0::UINTEGER AS reltype,
       0::UINTEGER AS reloftype, 10::UINTEGER AS relowner,
       CASE WHEN r.relkind = 'r' THEN 2 ELSE 0 END::UINTEGER AS relam,
       r.oid AS relfilenode, 0::UINTEGER AS reltablespace, 0 AS relpages, r.reltuples,
       0 AS relallvisible, 0::UINTEGER AS reltoastrelid,
       EXISTS (SELECT 1 FROM mast_keys k WHERE k.relid = r.oid) AS relhasindex,
       false AS relisshared, 'p' AS relpersistence, r.relkind, r.relnatts, 0::SMALLINT AS relchecks,
       false AS relhasrules, false AS relhastriggers, false AS relhassubclass,
       false AS relrowsecurity, false AS relforcerowsecurity, true AS relispopulated,
       'd' AS relreplident, false AS relispartition, 0::UINTEGER AS relrewrite,
       0::UINTEGER AS relfrozenxid, 0::UINTEGER AS relminmxid, NULL::VARCHAR[] AS relacl,
       NULL::VARCHAR[] AS reloptions, NULL::VARCHAR AS relpartbound
FROM mast_rels r
UNION ALL
SELECT k.indexrelid, k.indexname, mast_nspoid(k.nspname), 0::UINTEGER, 0::UINTEGER, 10::UINTEGER,
       403::UINTEGER, k.indexrelid, 0::UINTEGER, 1, 0::REAL, 0, 0::UINTEGER, false, false, 'p', 'i',
       len(k.attnums)::SMALLINT, 0::SMALLINT, false, false, false, false, false, true, 'n', false,
       0::UINTEGER, 0::UINTEGER, 0::UINTEGER, NULL::VARCHAR[], NULL::VARCHAR[], NULL::VARCHAR
FROM mast_keys k;
