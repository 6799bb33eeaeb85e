-- presence_slots: presence summarised by quarter hour, the unit co-location
-- works in (docs/analysis/colocated_with.md). Derived after every load, like
-- the tables of 0004. A handset with many events in a busy quarter hour on one
-- cell is one row here, so co-location reads about a fifth of the rows it
-- would read from presence, in time order.

CREATE TABLE presence_slots (
    bucket     INTEGER NOT NULL,
    cell_id    BIGINT NOT NULL,
    subject_id INTEGER NOT NULL,
    lo_us      BIGINT NOT NULL,
    hi_us      BIGINT NOT NULL,
    lo_ev      BIGINT NOT NULL,
    hi_ev      BIGINT NOT NULL,
    n          INTEGER NOT NULL
);
COMMENT ON TABLE presence_slots IS 'Presence by quarter hour: one row per subject, cell version and 15-minute bucket in which presence places the subject on that cell (a key may have two rows when a later load adds rows to it; readers take the earliest lo_us and latest hi_us). Stored in bucket order.';
COMMENT ON COLUMN presence_slots.bucket IS 'The quarter hour: Unix seconds of presence.t divided by 900, rounded down.';
COMMENT ON COLUMN presence_slots.cell_id IS 'The cell version (cell_coverage.cell_id).';
COMMENT ON COLUMN presence_slots.subject_id IS 'The subject (subjects.subject_id).';
COMMENT ON COLUMN presence_slots.lo_us IS 'The earliest presence.t in the slot, as Unix microseconds.';
COMMENT ON COLUMN presence_slots.hi_us IS 'The latest presence.t in the slot, as Unix microseconds.';
COMMENT ON COLUMN presence_slots.lo_ev IS 'The event at lo_us (events.event_id).';
COMMENT ON COLUMN presence_slots.hi_ev IS 'The event at hi_us (events.event_id).';
COMMENT ON COLUMN presence_slots.n IS 'Presence rows in the slot.';
COMMENT ON TABLE derived_sources IS 'The loaded files whose rows the derived tables (cell_coverage, cell_areas, cell_overlaps, subjects, presence, presence_slots, cell_hour_use) reflect.';
