-- Views an analyst starts from.

CREATE VIEW event_cells AS
SELECT e.*,
       c.cell_id AS start_cell_id,
       c.lat     AS cell_lat,
       c.lon     AS cell_lon,
       c.azimuth AS cell_azimuth,
       c.site_name AS cell_site_name
FROM events e
LEFT JOIN cells c
  ON c.cell_key = e.start_cell
 AND (c.valid_from IS NULL OR c.valid_from <= e.start_utc)
 AND (c.valid_to IS NULL OR e.start_utc < c.valid_to)
QUALIFY row_number() OVER (PARTITION BY e.event_id ORDER BY c.azimuth IS NULL, c.source_id DESC, c.cell_id) = 1;
COMMENT ON VIEW event_cells IS 'Events with the version of their start cell valid at the event time. Where several cell lists give the cell, the version with an azimuth from the latest list is used.';

CREATE VIEW source_summary AS
SELECT s.source_id, s.file_name, s.kind, s.profile, s.rows_read, s.rows_loaded, s.rows_rejected,
       s.rows_duplicate, s.time_zone, s.sha256, s.loaded_at
FROM sources s
ORDER BY s.source_id;
COMMENT ON VIEW source_summary IS 'The files of the case with their row counts, in load order.';
