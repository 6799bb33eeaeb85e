-- pg_database: the case, under its own name.
CREATE OR REPLACE VIEW pg_database AS
SELECT mast_oid('pg_database', current_database()) AS oid, current_database() AS datname,
       10::UINTEGER AS datdba, 6 AS encoding, 'c' AS datlocprovider, false AS datistemplate,
       true AS datallowconn, -1 AS datconnlimit, 0::UINTEGER AS datfrozenxid, 0::UINTEGER AS datminmxid,
       1663::UINTEGER AS dattablespace, 'C.UTF-8' AS datcollate, 'C.UTF-8' AS datctype,
       NULL::VARCHAR AS daticulocale, NULL::VARCHAR AS daticurules, NULL::VARCHAR AS datcollversion,
       NULL::VARCHAR[] AS datacl;
