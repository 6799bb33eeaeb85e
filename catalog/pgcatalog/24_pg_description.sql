-- pg_description: the comments of the case's tables, views and columns
-- (COMMENT ON ... in catalog/migrations).
CREATE OR REPLACE VIEW pg_description AS
SELECT r.oid AS objoid, 1259::UINTEGER AS classoid, 0 AS objsubid, r.comment AS description
FROM mast_rels r WHERE r.comment IS NOT NULL AND r.comment <> ''
UNION ALL
SELECT c.attrelid, 1259::UINTEGER, c.attnum::INTEGER, c.comment
FROM mast_cols c WHERE c.comment IS NOT NULL AND c.comment <> '';
