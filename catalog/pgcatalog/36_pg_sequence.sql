-- pg_sequence: the case's sequences, if any.
CREATE OR REPLACE VIEW pg_sequence AS
SELECT mast_oid(mast_nspname(schema_name), sequence_name) AS seqrelid, 20::UINTEGER AS seqtypid,
       start_value AS seqstart, increment_by AS seqincrement, max_value AS seqmax,
       min_value AS seqmin, 1::BIGINT AS seqcache, cycle AS seqcycle
FROM duckdb_sequences()
WHERE database_name = current_database() AND NOT temporary;
