-- pg_attrdef: column defaults; adbin holds the expression's text, which
-- pg_get_expr returns as it is.
CREATE OR REPLACE VIEW pg_attrdef AS
SELECT mast_oid('pg_attrdef', c.attrelid::VARCHAR || '.' || c.attnum::VARCHAR) AS oid,
       c.attrelid AS adrelid, c.attnum AS adnum, c.column_default AS adbin
FROM mast_cols c
WHERE c.column_default IS NOT NULL;
