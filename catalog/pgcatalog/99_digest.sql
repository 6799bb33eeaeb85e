-- mast_schema_digest: a digest of the case's schema (tables, views,
-- sequences, schemas and comments). sql/pgcompat refreshes the snapshots
-- mast_rels, mast_cols and mast_keys when it changes.
CREATE OR REPLACE VIEW mast_schema_digest AS
SELECT md5(coalesce((SELECT string_agg(schema_name || '.' || table_name || ':' || coalesce(sql, '') || coalesce(comment, ''), '|' ORDER BY schema_name, table_name)
                     FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary), '')
        || '#' || coalesce((SELECT string_agg(schema_name || '.' || view_name || ':' || coalesce(sql, '') || coalesce(comment, ''), '|' ORDER BY schema_name, view_name)
                     FROM duckdb_views() WHERE database_name = current_database() AND NOT internal AND NOT temporary), '')
        || '#' || coalesce((SELECT string_agg(schema_name || '.' || sequence_name, '|' ORDER BY schema_name, sequence_name)
                     FROM duckdb_sequences() WHERE database_name = current_database()), '')
        || '#' || coalesce((SELECT string_agg(schema_name, '|' ORDER BY schema_name)
                     FROM duckdb_schemas() WHERE database_name = current_database()), '')
        || '#' || coalesce((SELECT string_agg(coalesce(comment, ''), '|' ORDER BY schema_name, table_name, column_index)
                     FROM duckdb_columns() WHERE database_name = current_database() AND comment IS NOT NULL), '')) AS digest;
