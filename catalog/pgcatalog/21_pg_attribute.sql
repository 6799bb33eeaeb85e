-- pg_attribute: the columns of every relation in pg_class, with the type
-- sql/pgcompat.TypeOf presents for the column's DuckDB type (geometry
-- columns carry PostGIS's typmod from the layer facts), and the columns of
-- the key indexes.
CREATE OR REPLACE VIEW pg_attribute AS
SELECT c.attrelid, c.attname, c.atttypid, 0 AS attstattarget, c.attlen, c.attnum,
       CASE WHEN starts_with(c.typname, '_') THEN 1 ELSE 0 END AS attndims, -1 AS attcacheoff,
       c.atttypmod, c.attlen > 0 AND c.attlen <= 8 AS attbyval,
       CASE WHEN c.attlen = 8 THEN 'd' WHEN c.attlen = 4 THEN 'i' WHEN c.attlen = 2 THEN 's' WHEN c.attlen = 1 THEN 'c' ELSE 'i' END AS attalign,
       CASE WHEN c.attlen = -1 THEN 'x' ELSE 'p' END AS attstorage, '' AS attcompression,
       c.attnotnull, c.column_default IS NOT NULL AS atthasdef, false AS atthasmissing,
       '' AS attidentity, '' AS attgenerated, false AS attisdropped, true AS attislocal,
       0 AS attinhcount,
       (CASE WHEN c.typname IN ('text', 'varchar', 'name', 'bpchar') THEN 100 ELSE 0 END)::UINTEGER AS attcollation,
       NULL::VARCHAR[] AS attacl, NULL::VARCHAR[] AS attoptions, NULL::VARCHAR[] AS attfdwoptions,
       NULL::VARCHAR AS attmissingval
FROM mast_cols c
UNION ALL
SELECT k.indexrelid, c.attname, c.atttypid, 0, c.attlen, k.pos::SMALLINT, 0, -1, c.atttypmod,
       c.attlen > 0 AND c.attlen <= 8, 'i', 'p', '', c.attnotnull, false, false, '', '', false, true, 0,
       0::UINTEGER, NULL::VARCHAR[], NULL::VARCHAR[], NULL::VARCHAR[], NULL::VARCHAR
FROM (SELECT indexrelid, relid, unnest(attnums) AS attnum, generate_subscripts(attnums, 1) AS pos FROM mast_keys) k
JOIN mast_cols c ON c.attrelid = k.relid AND c.attnum = k.attnum;
