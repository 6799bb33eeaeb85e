-- pg_index: one row per key in mast_keys. indkey is PostgreSQL's int2vector,
-- stored as SMALLINT[]: sql/pgcompat rewrites its 0-based subscripts and its
-- text form ('1 2').
CREATE OR REPLACE VIEW pg_index AS
SELECT k.indexrelid, k.relid AS indrelid, len(k.attnums)::SMALLINT AS indnatts,
       len(k.attnums)::SMALLINT AS indnkeyatts, k.isunique AS indisunique, false AS indnullsnotdistinct,
       k.isprimary AS indisprimary, false AS indisexclusion, true AS indimmediate,
       false AS indisclustered, true AS indisvalid, false AS indcheckxmin, true AS indisready,
       true AS indislive, false AS indisreplident, k.attnums AS indkey,
       list_transform(k.attnums, a -> 0::UINTEGER) AS indcollation,
       list_transform(k.attnums, a -> 0::UINTEGER) AS indclass,
       list_transform(k.attnums, a -> 0::SMALLINT) AS indoption,
       NULL::VARCHAR AS indexprs, NULL::VARCHAR AS indpred
FROM mast_keys k;
