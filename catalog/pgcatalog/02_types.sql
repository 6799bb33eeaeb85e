-- How a DuckDB column type is presented: the same mapping as
-- sql/pgcompat.TypeOf (the wire server's RowDescription), written in SQL so
-- that pg_attribute follows tables and views created after the catalog was
-- installed. pgcompat's tests check the two agree.
CREATE OR REPLACE MACRO mast_pg.main.mast_base_typname(d) AS
    CASE
        WHEN starts_with(upper(d), 'DECIMAL') OR starts_with(upper(d), 'NUMERIC') THEN 'numeric'
        ELSE CASE split_part(upper(trim(d)), '(', 1)
            WHEN 'BOOLEAN' THEN 'bool' WHEN 'BOOL' THEN 'bool'
            WHEN 'TINYINT' THEN 'int2' WHEN 'SMALLINT' THEN 'int2' WHEN 'UTINYINT' THEN 'int2' WHEN 'INT2' THEN 'int2'
            WHEN 'INTEGER' THEN 'int4' WHEN 'USMALLINT' THEN 'int4' WHEN 'INT4' THEN 'int4' WHEN 'INT' THEN 'int4'
            WHEN 'UINTEGER' THEN 'oid'
            WHEN 'BIGINT' THEN 'int8' WHEN 'INT8' THEN 'int8'
            WHEN 'UBIGINT' THEN 'numeric' WHEN 'HUGEINT' THEN 'numeric' WHEN 'UHUGEINT' THEN 'numeric'
            WHEN 'BIGNUM' THEN 'numeric' WHEN 'VARINT' THEN 'numeric'
            WHEN 'FLOAT' THEN 'float4' WHEN 'REAL' THEN 'float4' WHEN 'FLOAT4' THEN 'float4'
            WHEN 'DOUBLE' THEN 'float8' WHEN 'FLOAT8' THEN 'float8'
            WHEN 'BLOB' THEN 'bytea' WHEN 'BYTEA' THEN 'bytea'
            WHEN 'DATE' THEN 'date'
            WHEN 'TIME' THEN 'time'
            WHEN 'TIMESTAMP' THEN 'timestamp' WHEN 'TIMESTAMP_S' THEN 'timestamp'
            WHEN 'TIMESTAMP_MS' THEN 'timestamp' WHEN 'TIMESTAMP_NS' THEN 'timestamp'
            WHEN 'TIMESTAMPTZ' THEN 'timestamptz' WHEN 'TIMESTAMP WITH TIME ZONE' THEN 'timestamptz'
            WHEN 'INTERVAL' THEN 'interval'
            WHEN 'UUID' THEN 'uuid'
            WHEN 'JSON' THEN 'json'
            WHEN 'GEOMETRY' THEN 'geometry'
            ELSE 'text' END
    END;

-- mast_typname: the pg_type name of a DuckDB type (arrays: "_" + element).
CREATE OR REPLACE MACRO mast_pg.main.mast_typname(d) AS
    CASE
        WHEN ends_with(trim(d), '[]') THEN
            CASE WHEN ends_with(trim(d)[1:-3], '[]') THEN '_text'
                 WHEN mast_pg.main.mast_base_typname(trim(d)[1:-3]) IN ('bool', 'int2', 'int4', 'int8', 'text', 'float8', 'oid', 'geometry')
                 THEN '_' || mast_pg.main.mast_base_typname(trim(d)[1:-3])
                 ELSE '_text' END
        ELSE mast_pg.main.mast_base_typname(d)
    END;

-- mast_typmod: the typmod of a DuckDB type (numeric precision and scale);
-- geometry columns take theirs from the layer facts (pg_attribute).
CREATE OR REPLACE MACRO mast_pg.main.mast_typmod(d) AS
    CASE
        WHEN mast_pg.main.mast_typname(d) = 'numeric' AND contains(d, '(') AND contains(d, ',') THEN
            ((TRY_CAST(trim(split_part(split_part(d, '(', 2), ',', 1)) AS INTEGER) << 16)
             | TRY_CAST(trim(split_part(split_part(d, ',', 2), ')', 1)) AS INTEGER)) + 4
        ELSE -1
    END;

-- PostGIS's typmod for geometry(<type>,<srid>).
CREATE OR REPLACE MACRO mast_pg.main.mast_geometry_typmod(geom_type, srid) AS
    (srid << 8) | (CASE upper(geom_type)
        WHEN 'POINT' THEN 1 WHEN 'LINESTRING' THEN 2 WHEN 'POLYGON' THEN 3
        WHEN 'MULTIPOINT' THEN 4 WHEN 'MULTILINESTRING' THEN 5 WHEN 'MULTIPOLYGON' THEN 6
        WHEN 'GEOMETRYCOLLECTION' THEN 7 ELSE 0 END << 2);
