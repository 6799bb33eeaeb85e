-- pg_proc: the PostGIS functions clients look for to learn that PostGIS is
-- installed, and in which schema (GDAL: proname = 'postgis_version').
CREATE OR REPLACE VIEW pg_proc AS
SELECT mast_oid('pg_proc', proname) AS oid, proname, 2200::UINTEGER AS pronamespace,
       10::UINTEGER AS proowner, 13::UINTEGER AS prolang, 1::REAL AS procost, 0::REAL AS prorows,
       0::UINTEGER AS provariadic, '-' AS prosupport, 'f' AS prokind, false AS prosecdef,
       false AS proleakproof, false AS proisstrict, false AS proretset, 'i' AS provolatile,
       's' AS proparallel, 0::SMALLINT AS pronargs, 0::SMALLINT AS pronargdefaults,
       rettype::UINTEGER AS prorettype, []::UINTEGER[] AS proargtypes, NULL::VARCHAR AS prosrc
FROM (VALUES
    ('postgis_version', 25), ('postgis_lib_version', 25), ('postgis_full_version', 25),
    ('postgis_geos_version', 25), ('postgis_proj_version', 25),
    ('postgis_typmod_dims', 23), ('postgis_typmod_srid', 23), ('postgis_typmod_type', 25),
    ('st_asbinary', 17), ('st_astext', 25), ('st_extent', 25), ('st_estimatedextent', 25),
    ('st_collect', 16392), ('st_makeenvelope', 16392), ('st_srid', 23)
) AS t(proname, rettype);
