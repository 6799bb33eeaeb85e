-- pg_collation: PostgreSQL's built-in collations.
CREATE OR REPLACE VIEW pg_collation AS
SELECT oid::UINTEGER AS oid, collname, 11::UINTEGER AS collnamespace, 10::UINTEGER AS collowner,
       collprovider, true AS collisdeterministic, -1 AS collencoding,
       collcollate, collcollate AS collctype, NULL::VARCHAR AS colliculocale,
       NULL::VARCHAR AS collicurules, NULL::VARCHAR AS collversion
FROM (VALUES (100, 'default', 'd', NULL), (950, 'C', 'c', 'C'), (951, 'POSIX', 'c', 'POSIX'))
    AS t(oid, collname, collprovider, collcollate);
