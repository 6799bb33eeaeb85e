-- pg_tablespace: PostgreSQL's two built-in tablespaces.
CREATE OR REPLACE VIEW pg_tablespace AS
SELECT oid::UINTEGER AS oid, spcname, 10::UINTEGER AS spcowner, NULL::VARCHAR[] AS spcacl,
       NULL::VARCHAR[] AS spcoptions
FROM (VALUES (1663, 'pg_default'), (1664, 'pg_global')) AS t(oid, spcname);
