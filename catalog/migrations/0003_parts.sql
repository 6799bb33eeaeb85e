-- Workbooks and archives: a delivered file can hold several tables of rows
-- (the sheets of an .xlsx, the members of a .zip). A row then traces to the
-- file, the part and the line (row) within the part.

ALTER TABLE events ADD COLUMN source_part VARCHAR;
COMMENT ON COLUMN events.source_part IS 'For a workbook or archive: the sheet or member the row came from (source_row is its row within it). NULL for a plain file.';
ALTER TABLE cells ADD COLUMN source_part VARCHAR;
COMMENT ON COLUMN cells.source_part IS 'For a workbook or archive: the sheet or member the row came from (source_row is its row within it). NULL for a plain file.';
ALTER TABLE anpr_reads ADD COLUMN source_part VARCHAR;
COMMENT ON COLUMN anpr_reads.source_part IS 'For a workbook or archive: the sheet or member the row came from (source_row is its row within it). NULL for a plain file.';
ALTER TABLE rejects ADD COLUMN part VARCHAR;
COMMENT ON COLUMN rejects.part IS 'For a workbook or archive: the sheet or member holding the line (line is its row within it). NULL for a plain file.';
