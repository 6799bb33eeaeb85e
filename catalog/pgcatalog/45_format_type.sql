-- format_type(type_oid, typmod): the SQL name of a type, as psql, JDBC and
-- SQLAlchemy show it ('bigint', 'timestamp with time zone',
-- 'geometry(Point,4326)').
CREATE OR REPLACE MACRO mast_pg.main.mast_sqlname(t) AS
    CASE t
        WHEN 16 THEN 'boolean' WHEN 17 THEN 'bytea' WHEN 18 THEN '"char"' WHEN 19 THEN 'name'
        WHEN 20 THEN 'bigint' WHEN 21 THEN 'smallint' WHEN 22 THEN 'int2vector' WHEN 23 THEN 'integer'
        WHEN 24 THEN 'regproc' WHEN 25 THEN 'text' WHEN 26 THEN 'oid' WHEN 27 THEN 'tid'
        WHEN 28 THEN 'xid' WHEN 29 THEN 'cid' WHEN 30 THEN 'oidvector' WHEN 114 THEN 'json'
        WHEN 700 THEN 'real' WHEN 701 THEN 'double precision' WHEN 705 THEN 'unknown'
        WHEN 1042 THEN 'character' WHEN 1043 THEN 'character varying' WHEN 1082 THEN 'date'
        WHEN 1083 THEN 'time without time zone' WHEN 1114 THEN 'timestamp without time zone'
        WHEN 1184 THEN 'timestamp with time zone' WHEN 1186 THEN 'interval' WHEN 1700 THEN 'numeric'
        WHEN 2205 THEN 'regclass' WHEN 2206 THEN 'regtype' WHEN 2249 THEN 'record' WHEN 2278 THEN 'void'
        WHEN 2950 THEN 'uuid' WHEN 3802 THEN 'jsonb' WHEN 16392 THEN 'geometry'
    END;

-- PostGIS's typmod accessors (postgis/gserialized_typmod.c).
CREATE OR REPLACE MACRO mast_pg.main.postgis_typmod_srid(m) AS
    CASE WHEN m IS NULL THEN NULL WHEN m < 0 THEN 0 ELSE (m >> 8) & 1048575 END::INTEGER;

CREATE OR REPLACE MACRO mast_pg.main.postgis_typmod_dims(m) AS
    CASE WHEN m IS NULL THEN NULL WHEN m < 0 THEN -1 ELSE 2 + ((m >> 1) & 1) + (m & 1) END::INTEGER;

CREATE OR REPLACE MACRO mast_pg.main.postgis_typmod_type(m) AS
    CASE WHEN m IS NULL THEN NULL WHEN m < 0 THEN 'Geometry' ELSE
        CASE (m >> 2) & 63
            WHEN 1 THEN 'Point' WHEN 2 THEN 'LineString' WHEN 3 THEN 'Polygon'
            WHEN 4 THEN 'MultiPoint' WHEN 5 THEN 'MultiLineString' WHEN 6 THEN 'MultiPolygon'
            WHEN 7 THEN 'GeometryCollection' ELSE 'Geometry' END
        || CASE WHEN (m >> 1) & 1 = 1 THEN 'Z' ELSE '' END
        || CASE WHEN m & 1 = 1 THEN 'M' ELSE '' END
    END;

CREATE OR REPLACE MACRO mast_pg.main.format_type(t, m) AS
    CASE
        WHEN t IS NULL THEN NULL
        WHEN t = 16392 AND m IS NOT NULL AND m >= 0 THEN
            'geometry(' || mast_pg.main.postgis_typmod_type(m)
            || CASE WHEN mast_pg.main.postgis_typmod_srid(m) > 0 THEN ',' || mast_pg.main.postgis_typmod_srid(m)::VARCHAR ELSE '' END || ')'
        WHEN t = 1700 AND m IS NOT NULL AND m >= 4 THEN
            'numeric(' || ((m - 4) >> 16)::VARCHAR || ',' || ((m - 4) & 65535)::VARCHAR || ')'
        WHEN t = 1043 AND m IS NOT NULL AND m >= 4 THEN 'character varying(' || (m - 4)::VARCHAR || ')'
        ELSE coalesce(
            mast_pg.main.mast_sqlname(t),
            (SELECT coalesce(mast_pg.main.mast_sqlname(mast_l.mast_l_elem), mast_l.mast_l_elemname) || '[]'
             FROM mast_pg.main.mast_l_types mast_l WHERE mast_l.mast_l_oid = t AND mast_l.mast_l_elem IS NOT NULL),
            (SELECT mast_l.mast_l_name FROM mast_pg.main.mast_l_types mast_l WHERE mast_l.mast_l_oid = t),
            '???')
    END;
