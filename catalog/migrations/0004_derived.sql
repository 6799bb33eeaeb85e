-- Derived tables: what mast works out from the loaded rows so that analysis is
-- equality joins on small integers. They hold nothing that is not recomputable
-- from events and cells; engine refills them after every load (derived_sources
-- says which files they reflect). cell_areas (0001) is filled by the same step.

CREATE TABLE cell_coverage (
    cell_id       BIGINT NOT NULL,
    cell_key      VARCHAR NOT NULL,
    preferred     BOOLEAN NOT NULL,
    lat           DOUBLE NOT NULL,
    lon           DOUBLE NOT NULL,
    azimuth       DOUBLE,
    span          DOUBLE,
    drawn_as      VARCHAR NOT NULL,
    radius_m      DOUBLE NOT NULL,
    radius_from   VARCHAR NOT NULL,
    neighbour_m   DOUBLE,
    h3_cells      INTEGER NOT NULL,
    valid_from    TIMESTAMPTZ,
    valid_to      TIMESTAMPTZ
);
COMMENT ON TABLE cell_coverage IS 'How mast estimates the serving area of each cell version (docs/analysis/serving-areas.md): the shape drawn, its radius and where the radius came from.';
COMMENT ON COLUMN cell_coverage.cell_id IS 'The cell version (cells.cell_id).';
COMMENT ON COLUMN cell_coverage.cell_key IS 'Its canonical cell key.';
COMMENT ON COLUMN cell_coverage.preferred IS 'True for the versions events are placed with: where several cell lists give the same key, the list with an azimuth, then the latest loaded.';
COMMENT ON COLUMN cell_coverage.lat IS 'Site latitude, WGS84.';
COMMENT ON COLUMN cell_coverage.lon IS 'Site longitude, WGS84.';
COMMENT ON COLUMN cell_coverage.azimuth IS 'Azimuth the area is drawn about, degrees; NULL for a disk.';
COMMENT ON COLUMN cell_coverage.span IS 'Angle the wedge spans, degrees: the beamwidth, widened to 120 (a third of the circle, the part a sector of a three-sector site serves); NULL for a disk.';
COMMENT ON COLUMN cell_coverage.drawn_as IS 'wedge, or disk when the cell is omni or its list gave no azimuth (flagged: the direction is unknown, not absent).';
COMMENT ON COLUMN cell_coverage.radius_m IS 'Radius of the estimated serving area, metres.';
COMMENT ON COLUMN cell_coverage.radius_from IS 'Where the radius came from: list (the cell list''s range), neighbours (1.5 x the median distance to the three nearest other sites of the same network), or default-RADIO (no neighbour within 40 km).';
COMMENT ON COLUMN cell_coverage.neighbour_m IS 'Median distance to the three nearest other sites of the same network, metres, when there are any within 40 km.';
COMMENT ON COLUMN cell_coverage.h3_cells IS 'Number of H3 cells in cell_areas for this version.';
COMMENT ON COLUMN cell_coverage.valid_from IS 'Start of validity of the version (cells.valid_from).';
COMMENT ON COLUMN cell_coverage.valid_to IS 'End of validity of the version (cells.valid_to).';

CREATE TABLE cell_overlaps (
    cell_a  BIGINT NOT NULL,
    cell_b  BIGINT NOT NULL,
    shared  INTEGER NOT NULL,
    overlap DOUBLE NOT NULL
);
COMMENT ON TABLE cell_overlaps IS 'Pairs of preferred cell versions whose estimated serving areas share at least one H3 cell (a cell with itself included), so that "in overlapping serving areas" is an equality join.';
COMMENT ON COLUMN cell_overlaps.cell_a IS 'A cell version (cells.cell_id).';
COMMENT ON COLUMN cell_overlaps.cell_b IS 'Another (or the same) cell version.';
COMMENT ON COLUMN cell_overlaps.shared IS 'Number of H3 cells the two areas share.';
COMMENT ON COLUMN cell_overlaps.overlap IS 'shared divided by the H3 cells of the smaller area: 1 when one area lies within the other.';

CREATE TABLE subjects (
    subject_id INTEGER NOT NULL,
    subject    VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL
);
COMMENT ON TABLE subjects IS 'Every subject handset identity in events, numbered: the E.164 number when the provider gave one, else the IMSI, else the 14-digit IMEI.';
COMMENT ON COLUMN subjects.subject_id IS 'Number used by presence.';
COMMENT ON COLUMN subjects.subject IS 'The identity as events hold it (subject_msisdn, subject_imsi or subject_imei14).';
COMMENT ON COLUMN subjects.kind IS 'msisdn, imsi or imei.';

CREATE TABLE presence (
    event_id   BIGINT NOT NULL,
    subject_id INTEGER NOT NULL,
    t          TIMESTAMPTZ NOT NULL,
    at_end     BOOLEAN NOT NULL,
    cell_id    BIGINT NOT NULL
);
COMMENT ON TABLE presence IS 'Where each subject was placed and when: one row for the start cell of each event and one for its end cell, with the cell version valid at that time. Marked duplicates and events whose cell is in no loaded cell list are left out.';
COMMENT ON COLUMN presence.event_id IS 'The event (events.event_id).';
COMMENT ON COLUMN presence.subject_id IS 'The subject (subjects.subject_id).';
COMMENT ON COLUMN presence.t IS 'The time: events.start_utc, or events.end_utc for the end cell.';
COMMENT ON COLUMN presence.at_end IS 'True for the end cell of a call or session.';
COMMENT ON COLUMN presence.cell_id IS 'The preferred cell version valid at t (cell_coverage.cell_id).';

CREATE TABLE derived_sources (
    source_id  INTEGER NOT NULL,
    derived_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE derived_sources IS 'The loaded files whose rows the derived tables (cell_coverage, cell_areas, cell_overlaps, subjects, presence) reflect.';
COMMENT ON COLUMN derived_sources.source_id IS 'The file (sources.source_id).';
COMMENT ON COLUMN derived_sources.derived_at IS 'When the derived tables were last brought up to date with it.';
