-- exhibits: the register of exhibits produced from this case by
-- `mast exhibit` (docs/exhibits.md). Each row is one file handed out, with
-- the manifest the file carries in itself, so the case report can list what
-- was produced and `mast exhibit verify` can be run on any of them.

CREATE TABLE exhibits (
    exhibit_id   INTEGER PRIMARY KEY,
    reference    VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,
    file_format  VARCHAR NOT NULL,
    file_name    VARCHAR NOT NULL,
    file_sha256  VARCHAR NOT NULL,
    title        VARCHAR,
    command      VARCHAR NOT NULL,
    query        VARCHAR NOT NULL,
    time_zone    VARCHAR NOT NULL,
    rows         BIGINT NOT NULL,
    rows_sha256  VARCHAR NOT NULL,
    traced       VARCHAR NOT NULL,
    inputs       INTEGER NOT NULL,
    analyst      VARCHAR NOT NULL,
    mast_version VARCHAR NOT NULL,
    produced_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    manifest     VARCHAR NOT NULL
);
COMMENT ON TABLE exhibits IS 'Exhibits produced from this case by mast exhibit, one row per file, with the manifest each carries in itself.';
COMMENT ON COLUMN exhibits.exhibit_id IS 'Identifier of the exhibit in this case, in order of production.';
COMMENT ON COLUMN exhibits.reference IS 'The exhibit reference printed on it (--ref, or MAST/<case>/<exhibit_id>).';
COMMENT ON COLUMN exhibits.kind IS 'schedule or map.';
COMMENT ON COLUMN exhibits.file_format IS 'csv, xlsx, pdf, geojson, kml, png or html.';
COMMENT ON COLUMN exhibits.file_name IS 'Base name of the file written.';
COMMENT ON COLUMN exhibits.file_sha256 IS 'SHA-256 of the file as written, hex.';
COMMENT ON COLUMN exhibits.title IS 'The title printed on the exhibit.';
COMMENT ON COLUMN exhibits.command IS 'How it was asked for: the mast command line.';
COMMENT ON COLUMN exhibits.query IS 'The SQL whose rows the exhibit shows; re-running it re-creates them.';
COMMENT ON COLUMN exhibits.time_zone IS 'The time zone times are shown in (IANA name).';
COMMENT ON COLUMN exhibits.rows IS 'Rows (schedule) or features (map) in the exhibit.';
COMMENT ON COLUMN exhibits.rows_sha256 IS 'SHA-256 of the rows in canonical text: what mast exhibit verify compares.';
COMMENT ON COLUMN exhibits.traced IS 'line when every row is traced to a line of an input file; case when the rows carry no event or source id.';
COMMENT ON COLUMN exhibits.inputs IS 'Number of input files that contributed (listed in the manifest with their SHA-256).';
COMMENT ON COLUMN exhibits.analyst IS 'The producing analyst (--analyst, MAST_ANALYST, or the operating-system user).';
COMMENT ON COLUMN exhibits.mast_version IS 'Version of mast that produced it.';
COMMENT ON COLUMN exhibits.produced_at IS 'When it was produced (UTC).';
COMMENT ON COLUMN exhibits.manifest IS 'The manifest the file carries, as JSON.';
