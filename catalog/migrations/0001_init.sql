-- The case schema: provenance, events, cells, serving areas, ANPR reads, rejects.
-- Identifiers (source_id, event_id, cell_id, read_id, reject_id) are assigned by mast's
-- loader in file order, so the same files loaded in the same order give the same ids.

CREATE TABLE case_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
COMMENT ON TABLE case_meta IS 'Settings of this case: its name, default number region, default time zone, who created it and when.';
COMMENT ON COLUMN case_meta.key IS 'Setting name: name, region, time_zone, created_at, created_by, created_with.';
COMMENT ON COLUMN case_meta.value IS 'Setting value, as text.';

CREATE TABLE sources (
    source_id      INTEGER PRIMARY KEY,
    path           VARCHAR NOT NULL,
    file_name      VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL UNIQUE,
    size_bytes     BIGINT NOT NULL,
    kind           VARCHAR NOT NULL,
    profile        VARCHAR NOT NULL,
    profile_sha256 VARCHAR NOT NULL,
    loader_version VARCHAR NOT NULL,
    rows_read      BIGINT NOT NULL,
    rows_loaded    BIGINT NOT NULL,
    rows_rejected  BIGINT NOT NULL,
    rows_duplicate BIGINT NOT NULL,
    time_zone      VARCHAR NOT NULL,
    region         VARCHAR NOT NULL,
    loaded_at      TIMESTAMPTZ NOT NULL,
    loaded_by      VARCHAR NOT NULL,
    host           VARCHAR NOT NULL
);
COMMENT ON TABLE sources IS 'One row per ingested file: what it was, how it was read, and what came of it. rows_read = rows_loaded + rows_rejected.';
COMMENT ON COLUMN sources.source_id IS 'Identifier of the file in this case; events, cells, anpr_reads and rejects refer to it.';
COMMENT ON COLUMN sources.path IS 'Absolute path of the file when it was loaded.';
COMMENT ON COLUMN sources.file_name IS 'Base name of the file.';
COMMENT ON COLUMN sources.sha256 IS 'SHA-256 of the file bytes as delivered (before decompression), hex. A file with the same digest is never loaded twice.';
COMMENT ON COLUMN sources.size_bytes IS 'Size of the file in bytes.';
COMMENT ON COLUMN sources.kind IS 'What the file holds: cdr, cells or anpr.';
COMMENT ON COLUMN sources.profile IS 'Name of the profile (layout) the file was read with.';
COMMENT ON COLUMN sources.profile_sha256 IS 'SHA-256 of the profile definition used, so the reading can be repeated exactly.';
COMMENT ON COLUMN sources.loader_version IS 'Version of mast that loaded the file.';
COMMENT ON COLUMN sources.rows_read IS 'Data rows read from the file (header, comments and blank lines excluded).';
COMMENT ON COLUMN sources.rows_loaded IS 'Rows landed in the target table.';
COMMENT ON COLUMN sources.rows_rejected IS 'Rows written to rejects instead.';
COMMENT ON COLUMN sources.rows_duplicate IS 'Loaded rows marked as duplicates of an earlier event (kept, not dropped).';
COMMENT ON COLUMN sources.time_zone IS 'Time zone assumed for times written without an offset (IANA name, or UTC).';
COMMENT ON COLUMN sources.region IS 'Default region (ISO 3166 alpha-2) used to read national-format numbers.';
COMMENT ON COLUMN sources.loaded_at IS 'When the load was committed (UTC).';
COMMENT ON COLUMN sources.loaded_by IS 'Operating-system user that ran the load.';
COMMENT ON COLUMN sources.host IS 'Host name of the machine that ran the load.';

CREATE TABLE events (
    event_id           BIGINT NOT NULL,
    source_id          INTEGER NOT NULL,
    source_row         BIGINT NOT NULL,
    record_id          VARCHAR,
    subject_msisdn     VARCHAR,
    subject_imsi       VARCHAR,
    subject_imei       VARCHAR,
    subject_imei14     VARCHAR,
    other_msisdn       VARCHAR,
    other_raw          VARCHAR,
    other_kind         VARCHAR,
    dialled            BOOLEAN,
    direction          VARCHAR NOT NULL,
    kind               VARCHAR NOT NULL,
    start_utc          TIMESTAMPTZ NOT NULL,
    end_utc            TIMESTAMPTZ,
    duration_s         INTEGER,
    time_text          VARCHAR NOT NULL,
    time_zone          VARCHAR NOT NULL,
    time_flag          VARCHAR,
    start_cell         VARCHAR,
    end_cell           VARCHAR,
    ta_m               INTEGER,
    provider_lat       DOUBLE,
    provider_lon       DOUBLE,
    location_text      VARCHAR,
    charging_id        VARCHAR,
    fingerprint        UBIGINT NOT NULL,
    duplicate_of       BIGINT
);
COMMENT ON TABLE events IS 'One row per communication event, normalised. Every row traces to one line of one file (source_id, source_row).';
COMMENT ON COLUMN events.event_id IS 'Identifier of the event in this case, assigned in file order.';
COMMENT ON COLUMN events.source_id IS 'The file the event came from (sources.source_id).';
COMMENT ON COLUMN events.source_row IS 'Line number (1-based) of the event in that file, counting every line including preamble and header; for a spreadsheet, the row number of its sheet.';
COMMENT ON COLUMN events.record_id IS 'The provider''s own record identifier, if given.';
COMMENT ON COLUMN events.subject_msisdn IS 'The subject handset''s number in E.164 (+447700900123).';
COMMENT ON COLUMN events.subject_imsi IS 'The subject''s IMSI (SIM identity), digits.';
COMMENT ON COLUMN events.subject_imei IS 'The subject''s IMEI as given (14, 15 or 16 digits).';
COMMENT ON COLUMN events.subject_imei14 IS 'First 14 digits of the IMEI: the handset identity used to compare IMEIs across providers.';
COMMENT ON COLUMN events.other_msisdn IS 'The other party in E.164, when the written value is a telephone number.';
COMMENT ON COLUMN events.other_raw IS 'The other party exactly as written in the file (short codes and alphanumeric senders stay here).';
COMMENT ON COLUMN events.other_kind IS 'What the other party value is: e164, short (short code), alpha (alphanumeric sender), invalid, or NULL when absent.';
COMMENT ON COLUMN events.dialled IS 'True when the provider marked the other party as the digits dialled (a (D) marker).';
COMMENT ON COLUMN events.direction IS 'out (originated by the subject), in (received), fwd (a forwarded leg), none (a data session).';
COMMENT ON COLUMN events.kind IS 'voice, sms, mms, data, voicemail or forward.';
COMMENT ON COLUMN events.start_utc IS 'Start of the event in UTC.';
COMMENT ON COLUMN events.end_utc IS 'End of the event in UTC, when given or derived from start and duration.';
COMMENT ON COLUMN events.duration_s IS 'Duration in seconds, as given (or end minus start).';
COMMENT ON COLUMN events.time_text IS 'The start time exactly as written in the file (date and time joined by a space when in two columns).';
COMMENT ON COLUMN events.time_zone IS 'The zone the time text was read in: UTC, a fixed offset written in the text (+01:00), or the IANA zone assumed for local times.';
COMMENT ON COLUMN events.time_flag IS 'NULL when the local time was unambiguous; ambiguous (a repeated hour at a daylight-saving change: the earlier instant was taken) or nonexistent (a skipped hour: read with the offset before the change).';
COMMENT ON COLUMN events.start_cell IS 'Canonical key of the serving cell at the start (docs/formats/cell-ids.md).';
COMMENT ON COLUMN events.end_cell IS 'Canonical key of the serving cell at the end.';
COMMENT ON COLUMN events.ta_m IS 'Timing-advance or round-trip-time distance from the site in metres, when given.';
COMMENT ON COLUMN events.provider_lat IS 'Latitude (WGS84) the provider gave for the event, when given.';
COMMENT ON COLUMN events.provider_lon IS 'Longitude (WGS84) the provider gave for the event, when given.';
COMMENT ON COLUMN events.location_text IS 'Provider location text, verbatim.';
COMMENT ON COLUMN events.charging_id IS 'GPRS/data charging id; a new id marks a new data session.';
COMMENT ON COLUMN events.fingerprint IS 'Hash of the fields that define a duplicate: subject, other party, direction, kind, start, duration, cells.';
COMMENT ON COLUMN events.duplicate_of IS 'event_id of the earlier identical event this one repeats, or NULL. Duplicates are kept and marked, never dropped.';

CREATE TABLE cells (
    cell_id      BIGINT NOT NULL,
    source_id    INTEGER NOT NULL,
    source_row   BIGINT NOT NULL,
    cell_key     VARCHAR NOT NULL,
    radio        VARCHAR,
    mcc          INTEGER NOT NULL,
    mnc          INTEGER NOT NULL,
    lac          BIGINT,
    ci           BIGINT NOT NULL,
    sector       SMALLINT,
    unit         INTEGER,
    site_id      VARCHAR,
    site_name    VARCHAR,
    lat          DOUBLE NOT NULL,
    lon          DOUBLE NOT NULL,
    easting      DOUBLE,
    northing     DOUBLE,
    coord_source VARCHAR NOT NULL,
    azimuth      DOUBLE,
    beamwidth    DOUBLE,
    omni         BOOLEAN NOT NULL,
    range_m      DOUBLE,
    valid_from   TIMESTAMPTZ,
    valid_to     TIMESTAMPTZ
);
COMMENT ON TABLE cells IS 'Cell-site lists, temporal: each row is one version of a cell, valid from valid_from (inclusive) to valid_to (exclusive).';
COMMENT ON COLUMN cells.cell_id IS 'Identifier of this cell version in the case.';
COMMENT ON COLUMN cells.source_id IS 'The cell list it came from (sources.source_id).';
COMMENT ON COLUMN cells.source_row IS 'Line number (1-based) in that file.';
COMMENT ON COLUMN cells.cell_key IS 'Canonical cell key, the same text events.start_cell and events.end_cell use.';
COMMENT ON COLUMN cells.radio IS 'GSM, UMTS, LTE, NR or CDMA.';
COMMENT ON COLUMN cells.mcc IS 'Mobile country code.';
COMMENT ON COLUMN cells.mnc IS 'Mobile network code.';
COMMENT ON COLUMN cells.lac IS 'Location area code (GSM/UMTS) or tracking area code (LTE/NR).';
COMMENT ON COLUMN cells.ci IS 'Cell identity: CI, UMTS UC-Id, LTE ECI (eNodeB id x 256 + sector), NR NCI, or CDMA cell number.';
COMMENT ON COLUMN cells.sector IS 'CDMA sector number, when the cell is named by cell and sector.';
COMMENT ON COLUMN cells.unit IS 'PSC (UMTS) or PCI (LTE/NR), when given.';
COMMENT ON COLUMN cells.site_id IS 'Site (mast) identifier, when given.';
COMMENT ON COLUMN cells.site_name IS 'Site name or address, when given.';
COMMENT ON COLUMN cells.lat IS 'Latitude of the site, WGS84 degrees (converted from OSGB36 when the list gave eastings and northings).';
COMMENT ON COLUMN cells.lon IS 'Longitude of the site, WGS84 degrees.';
COMMENT ON COLUMN cells.easting IS 'OSGB36 National Grid easting in metres, as given, when the list used the British grid.';
COMMENT ON COLUMN cells.northing IS 'OSGB36 National Grid northing in metres, as given.';
COMMENT ON COLUMN cells.coord_source IS 'wgs84 when the list gave latitude/longitude; osgb36-helmert when converted from eastings/northings (about 5 m).';
COMMENT ON COLUMN cells.azimuth IS 'Direction the sector faces, degrees from true north; NULL for an omni cell or when not given.';
COMMENT ON COLUMN cells.beamwidth IS 'Horizontal beamwidth in degrees, when given.';
COMMENT ON COLUMN cells.omni IS 'True when the cell has no azimuth and is drawn as a disk.';
COMMENT ON COLUMN cells.range_m IS 'Nominal serving radius in metres, when the list gave one.';
COMMENT ON COLUMN cells.valid_from IS 'Start of validity of this version (inclusive); NULL = since ever.';
COMMENT ON COLUMN cells.valid_to IS 'End of validity of this version (exclusive); NULL = still valid.';

CREATE TABLE cell_areas (
    cell_id  BIGINT NOT NULL,
    cell_key VARCHAR NOT NULL,
    h3       UBIGINT NOT NULL,
    res      TINYINT NOT NULL,
    method   VARCHAR NOT NULL
);
COMMENT ON TABLE cell_areas IS 'Estimated serving area of each cell version as a set of H3 cells, so spatial questions become equality joins. Filled when cells are analysed.';
COMMENT ON COLUMN cell_areas.cell_id IS 'The cell version (cells.cell_id).';
COMMENT ON COLUMN cell_areas.cell_key IS 'Its canonical cell key.';
COMMENT ON COLUMN cell_areas.h3 IS 'An H3 cell index inside the estimated serving area.';
COMMENT ON COLUMN cell_areas.res IS 'H3 resolution of h3.';
COMMENT ON COLUMN cell_areas.method IS 'How the area was estimated (sector wedge or omni disk, and how the radius was chosen).';

CREATE TABLE anpr_reads (
    read_id     BIGINT NOT NULL,
    source_id   INTEGER NOT NULL,
    source_row  BIGINT NOT NULL,
    vrm         VARCHAR NOT NULL,
    vrm_raw     VARCHAR NOT NULL,
    camera_id   VARCHAR,
    camera_name VARCHAR,
    lat         DOUBLE,
    lon         DOUBLE,
    read_utc    TIMESTAMPTZ NOT NULL,
    time_text   VARCHAR NOT NULL,
    time_zone   VARCHAR NOT NULL,
    time_flag   VARCHAR,
    direction   VARCHAR,
    confidence  DOUBLE,
    lane        VARCHAR
);
COMMENT ON TABLE anpr_reads IS 'Automatic number-plate recognition reads: a vehicle seen by a camera at a time.';
COMMENT ON COLUMN anpr_reads.read_id IS 'Identifier of the read in this case.';
COMMENT ON COLUMN anpr_reads.source_id IS 'The file it came from (sources.source_id).';
COMMENT ON COLUMN anpr_reads.source_row IS 'Line number (1-based) in that file.';
COMMENT ON COLUMN anpr_reads.vrm IS 'Vehicle registration mark, upper case without spaces.';
COMMENT ON COLUMN anpr_reads.vrm_raw IS 'The mark exactly as written.';
COMMENT ON COLUMN anpr_reads.camera_id IS 'Camera or device identifier.';
COMMENT ON COLUMN anpr_reads.camera_name IS 'Camera name or location text.';
COMMENT ON COLUMN anpr_reads.lat IS 'Camera latitude, WGS84 degrees.';
COMMENT ON COLUMN anpr_reads.lon IS 'Camera longitude, WGS84 degrees.';
COMMENT ON COLUMN anpr_reads.read_utc IS 'Time of the read in UTC.';
COMMENT ON COLUMN anpr_reads.time_text IS 'The time exactly as written.';
COMMENT ON COLUMN anpr_reads.time_zone IS 'The zone the time text was read in.';
COMMENT ON COLUMN anpr_reads.time_flag IS 'NULL, ambiguous or nonexistent, as for events.time_flag.';
COMMENT ON COLUMN anpr_reads.direction IS 'Direction of travel or camera direction, when given.';
COMMENT ON COLUMN anpr_reads.confidence IS 'The reader''s confidence score, when given.';
COMMENT ON COLUMN anpr_reads.lane IS 'Lane, when given.';

CREATE TABLE rejects (
    reject_id BIGINT NOT NULL,
    source_id INTEGER NOT NULL,
    line      BIGINT NOT NULL,
    field     VARCHAR,
    reason    VARCHAR NOT NULL,
    raw       VARCHAR NOT NULL
);
COMMENT ON TABLE rejects IS 'Every input row that could not be loaded, with why. For each source, rows_read = rows_loaded + rows_rejected.';
COMMENT ON COLUMN rejects.reject_id IS 'Identifier of the reject in this case.';
COMMENT ON COLUMN rejects.source_id IS 'The file (sources.source_id).';
COMMENT ON COLUMN rejects.line IS 'Line number (1-based) in the file.';
COMMENT ON COLUMN rejects.field IS 'The canonical field that failed, when one did.';
COMMENT ON COLUMN rejects.reason IS 'Why the row was rejected.';
COMMENT ON COLUMN rejects.raw IS 'The row exactly as read (invalid UTF-8 bytes replaced).';
