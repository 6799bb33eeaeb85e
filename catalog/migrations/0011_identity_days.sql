-- identity_days: on which days, and on which cells, the case holds each
-- number, SIM and handset. Tower-dump analysis (common_numbers) weighs an
-- identity seen at several scenes by its routine: how often it is on a
-- scene's cells on other days, and on how many days it is seen at all. Read
-- from events, that was one scan of every event per kind of identity; this
-- table is stored in identity order, so the few identities found at several
-- scenes are a few row groups. engine fills it after every load from the new
-- files' events (it does not depend on cell lists), and, the first time,
-- from every file already loaded.

CREATE TABLE identity_days (
    source_id INTEGER NOT NULL,
    kind      VARCHAR NOT NULL,
    identity  VARCHAR NOT NULL,
    day       DATE NOT NULL,
    cells     VARCHAR[] NOT NULL
);
COMMENT ON TABLE identity_days IS 'Each subject number, IMSI and 14-digit IMEI in events, by UTC day: the cells it started or ended a record on that day. One row per identity, day and loaded file. Marked duplicates are left out.';
COMMENT ON COLUMN identity_days.source_id IS 'The file whose events these are (sources.source_id).';
COMMENT ON COLUMN identity_days.kind IS 'msisdn, imsi or imei (events.subject_msisdn, subject_imsi, subject_imei14).';
COMMENT ON COLUMN identity_days.identity IS 'The identity as events hold it.';
COMMENT ON COLUMN identity_days.day IS 'A UTC day on which a record of it starts or ends.';
COMMENT ON COLUMN identity_days.cells IS 'The distinct cell keys of its records starting (start_cell) or ending (end_cell) that day, in order; empty when none gave a cell.';

COMMENT ON TABLE derived_sources IS 'The loaded files whose rows the derived tables (cell_coverage, cell_areas, cell_overlaps, subjects, presence, presence_slots, cell_hour_use, identity_days) reflect.';
