-- pg_roles, pg_user: one role, "mast" (OID 10), the owner of every object.
-- Who is connected is the wire server's business, not the catalog's.
CREATE OR REPLACE VIEW pg_roles AS
SELECT 'mast' AS rolname, false AS rolsuper, true AS rolinherit, false AS rolcreaterole,
       false AS rolcreatedb, true AS rolcanlogin, false AS rolreplication, -1 AS rolconnlimit,
       '********' AS rolpassword, NULL::TIMESTAMPTZ AS rolvaliduntil, false AS rolbypassrls,
       NULL::VARCHAR[] AS rolconfig, 10::UINTEGER AS oid;

CREATE OR REPLACE VIEW pg_user AS
SELECT 'mast' AS usename, 10::UINTEGER AS usesysid, false AS usecreatedb, false AS usesuper,
       false AS userepl, false AS usebypassrls, '********' AS passwd, NULL::TIMESTAMPTZ AS valuntil,
       NULL::VARCHAR[] AS useconfig;
