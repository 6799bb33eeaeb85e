-- A workbook or archive is one source; each of its sheets or members is
-- recorded here with the profile that read it and what came of it. A
-- delivery that mixes layouts (a zip of call records and the provider's
-- cell list, say) is read part by part with a profile each, in one load.
CREATE TABLE source_parts (
    source_id      INTEGER NOT NULL,
    part           VARCHAR NOT NULL,
    kind           VARCHAR,
    profile        VARCHAR NOT NULL,
    profile_sha256 VARCHAR NOT NULL,
    time_zone      VARCHAR NOT NULL,
    rows_read      BIGINT NOT NULL,
    rows_loaded    BIGINT NOT NULL,
    rows_rejected  BIGINT NOT NULL,
    rows_duplicate BIGINT NOT NULL,
    skipped        VARCHAR,
    PRIMARY KEY (source_id, part)
);
COMMENT ON TABLE source_parts IS 'One row per sheet or member of a loaded workbook or archive: the profile that read it and its row counts, or why it was skipped. Over a source, rows_read, rows_loaded and rows_rejected add up to its sources row.';
COMMENT ON COLUMN source_parts.source_id IS 'The delivered file (sources.source_id).';
COMMENT ON COLUMN source_parts.part IS 'The sheet or archive member, as events.source_part and rejects.part name it.';
COMMENT ON COLUMN source_parts.kind IS 'What the part holds: cdr, cells or anpr; NULL when it was skipped.';
COMMENT ON COLUMN source_parts.profile IS 'The profile the part was read with (or tried with, when skipped).';
COMMENT ON COLUMN source_parts.profile_sha256 IS 'SHA-256 of that profile''s text.';
COMMENT ON COLUMN source_parts.time_zone IS 'IANA zone assumed for the part''s local times (the profile''s own, or the load''s).';
COMMENT ON COLUMN source_parts.rows_read IS 'Data rows read from the part; rows_read = rows_loaded + rows_rejected.';
COMMENT ON COLUMN source_parts.rows_loaded IS 'Rows landed from the part.';
COMMENT ON COLUMN source_parts.rows_rejected IS 'Rows of the part sent to rejects.';
COMMENT ON COLUMN source_parts.rows_duplicate IS 'Loaded rows of the part marked as duplicates within the file.';
COMMENT ON COLUMN source_parts.skipped IS 'Why the part was not read (its header does not fit the profile); NULL when it was read.';
COMMENT ON COLUMN sources.kind IS 'What the file holds: cdr, cells or anpr; mixed for a workbook or archive whose parts hold different kinds (source_parts has each).';
COMMENT ON COLUMN sources.profile IS 'Name of the profile (layout) the file was read with; for a workbook or archive read with several, their names joined by ", " (source_parts has each part''s).';
COMMENT ON COLUMN sources.profile_sha256 IS 'SHA-256 of the profile definition used, so the reading can be repeated exactly; for several profiles, the SHA-256 of their "name sha256" lines in the order of sources.profile (source_parts has each).';
