-- pg_extension: plpgsql and PostGIS, as a PostGIS database lists them.
CREATE OR REPLACE VIEW pg_extension AS
SELECT oid::UINTEGER AS oid, extname, 10::UINTEGER AS extowner, extnamespace::UINTEGER AS extnamespace,
       false AS extrelocatable, extversion, NULL::UINTEGER[] AS extconfig, NULL::VARCHAR[] AS extcondition
FROM (VALUES (13500, 'plpgsql', 11, '1.0'), (16384, 'postgis', 2200, '3.4.2'))
    AS t(oid, extname, extnamespace, extversion);
