-- pg_inherits: empty (DuckDB has no table inheritance or partitions).
CREATE OR REPLACE VIEW pg_inherits AS
SELECT NULL::UINTEGER AS inhrelid, NULL::UINTEGER AS inhparent, NULL::INTEGER AS inhseqno,
       NULL::BOOLEAN AS inhdetachpending
WHERE false;
