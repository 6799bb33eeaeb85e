-- Catalog relations the clients read that are always empty in a mast case:
-- no planner statistics, enums, row-level security policies, extended
-- statistics or publications.
CREATE OR REPLACE VIEW pg_stats AS
SELECT NULL::VARCHAR AS schemaname, NULL::VARCHAR AS tablename, NULL::VARCHAR AS attname,
       NULL::BOOLEAN AS inherited, NULL::REAL AS null_frac, NULL::INTEGER AS avg_width,
       NULL::REAL AS n_distinct, NULL::VARCHAR AS most_common_vals, NULL::REAL[] AS most_common_freqs,
       NULL::VARCHAR AS histogram_bounds, NULL::REAL AS correlation
WHERE false;

CREATE OR REPLACE VIEW pg_enum AS
SELECT NULL::UINTEGER AS oid, NULL::UINTEGER AS enumtypid, NULL::REAL AS enumsortorder,
       NULL::VARCHAR AS enumlabel
WHERE false;

CREATE OR REPLACE VIEW pg_policy AS
SELECT NULL::UINTEGER AS oid, NULL::VARCHAR AS polname, NULL::UINTEGER AS polrelid,
       NULL::VARCHAR AS polcmd, NULL::BOOLEAN AS polpermissive, NULL::UINTEGER[] AS polroles,
       NULL::VARCHAR AS polqual, NULL::VARCHAR AS polwithcheck
WHERE false;

CREATE OR REPLACE VIEW pg_statistic_ext AS
SELECT NULL::UINTEGER AS oid, NULL::UINTEGER AS stxrelid, NULL::VARCHAR AS stxname,
       NULL::UINTEGER AS stxnamespace, NULL::UINTEGER AS stxowner, NULL::INTEGER AS stxstattarget,
       NULL::SMALLINT[] AS stxkeys, NULL::VARCHAR[] AS stxkind, NULL::VARCHAR AS stxexprs
WHERE false;

CREATE OR REPLACE VIEW pg_publication AS
SELECT NULL::UINTEGER AS oid, NULL::VARCHAR AS pubname, NULL::UINTEGER AS pubowner,
       NULL::BOOLEAN AS puballtables, NULL::BOOLEAN AS pubinsert, NULL::BOOLEAN AS pubupdate,
       NULL::BOOLEAN AS pubdelete, NULL::BOOLEAN AS pubtruncate, NULL::BOOLEAN AS pubviaroot
WHERE false;

CREATE OR REPLACE VIEW pg_publication_namespace AS
SELECT NULL::UINTEGER AS oid, NULL::UINTEGER AS pnpubid, NULL::UINTEGER AS pnnspid
WHERE false;

CREATE OR REPLACE VIEW pg_publication_rel AS
SELECT NULL::UINTEGER AS oid, NULL::UINTEGER AS prpubid, NULL::UINTEGER AS prrelid,
       NULL::VARCHAR AS prqual, NULL::SMALLINT[] AS prattrs
WHERE false;
