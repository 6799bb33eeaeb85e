-- How busy each cell is at each hour of the day: the rarity that co-location
-- weighs its evidence by (docs/analysis/colocated_with.md). Derived from
-- presence after every load, like the tables of 0004.

CREATE TABLE cell_hour_use (
    cell_id  BIGINT NOT NULL,
    hour     TINYINT NOT NULL,
    subjects INTEGER NOT NULL
);
COMMENT ON TABLE cell_hour_use IS 'How many distinct handsets used each cell version in each hour of the day (local time of the case), over the whole case: sharing a cell that few use at that hour is stronger evidence of being together than sharing a busy one.';
COMMENT ON COLUMN cell_hour_use.cell_id IS 'The cell version (cell_coverage.cell_id).';
COMMENT ON COLUMN cell_hour_use.hour IS 'Hour of the day, 0-23, in the case time zone (case_meta time_zone).';
COMMENT ON COLUMN cell_hour_use.subjects IS 'Distinct subjects (presence.subject_id) placed on the cell in that hour, on any day.';
COMMENT ON TABLE derived_sources IS 'The loaded files whose rows the derived tables (cell_coverage, cell_areas, cell_overlaps, subjects, presence, cell_hour_use) reflect.';
