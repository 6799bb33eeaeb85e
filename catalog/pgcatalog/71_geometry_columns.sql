-- geometry_columns: every GEOMETRY column of the case's tables and views,
-- with the type and SRID of the layer facts (sql/pgcompat/layers.go), else
-- GEOMETRY 4326. geography_columns is empty: mast has no geography type.
CREATE OR REPLACE VIEW geometry_columns AS
SELECT current_database() AS f_table_catalog, c.nspname AS f_table_schema, c.relname AS f_table_name,
       c.attname AS f_geometry_column, postgis_typmod_dims(c.atttypmod) AS coord_dimension,
       postgis_typmod_srid(c.atttypmod) AS srid, upper(postgis_typmod_type(c.atttypmod)) AS type
FROM mast_cols c
WHERE c.atttypid = 16392 AND c.nspname NOT IN ('pg_catalog', 'information_schema');

CREATE OR REPLACE VIEW geography_columns AS
SELECT NULL::VARCHAR AS f_table_catalog, NULL::VARCHAR AS f_table_schema, NULL::VARCHAR AS f_table_name,
       NULL::VARCHAR AS f_geography_column, NULL::INTEGER AS coord_dimension, NULL::INTEGER AS srid,
       NULL::VARCHAR AS type
WHERE false;
