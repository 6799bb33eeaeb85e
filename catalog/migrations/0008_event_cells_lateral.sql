-- event_cells, same rows, planned so that a filter on events reaches the
-- events scan: each event looks up its own cell version (a correlated
-- LATERAL, which DuckDB runs as a hash join on cell_key over the events
-- kept), instead of one window over every event of the case joined to every
-- cell version, which no filter could pass. A subject's schedule on a 55M-event
-- case went from over 15 minutes to about 1.4 s.
CREATE OR REPLACE VIEW event_cells AS
SELECT e.*,
       c.cell_id   AS start_cell_id,
       c.lat       AS cell_lat,
       c.lon       AS cell_lon,
       c.azimuth   AS cell_azimuth,
       c.site_name AS cell_site_name
FROM events e
LEFT JOIN LATERAL (
    SELECT c.cell_id, c.lat, c.lon, c.azimuth, c.site_name
    FROM cells c
    WHERE c.cell_key = e.start_cell
      AND (c.valid_from IS NULL OR c.valid_from <= e.start_utc)
      AND (c.valid_to IS NULL OR e.start_utc < c.valid_to)
    ORDER BY c.azimuth IS NULL, c.source_id DESC, c.cell_id
    LIMIT 1
) c ON true;
COMMENT ON VIEW event_cells IS 'Events with the version of their start cell valid at the event time. Where several cell lists give the cell, the version with an azimuth from the latest list is used.';
