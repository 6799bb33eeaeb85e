-- Serving areas as geometry, and the views mapping tools open as layers.
-- docs/analysis/serving-areas.md explains how each area is estimated.

-- cell_area(cell_key, as_of): the estimated serving area of a cell as a
-- GEOMETRY polygon (a wedge, or a disk when the cell is omni or has no
-- azimuth: see cell_coverage.drawn_as), for the version valid at `as_of`, or the
-- current version when `as_of` is NULL. NULL for a key in no cell list.
CREATE OR REPLACE MACRO cell_area(k, as_of := NULL) AS (
    SELECT sector_wedge(lat, lon, azimuth, span, radius_m)
    FROM cell_coverage
    WHERE cell_key = k AND preferred
      AND (as_of IS NULL
           OR ((valid_from IS NULL OR valid_from <= as_of) AND (valid_to IS NULL OR as_of < valid_to)))
    ORDER BY valid_to IS NULL DESC, valid_from DESC NULLS LAST
    LIMIT 1
);

CREATE OR REPLACE VIEW cell_wedges AS
SELECT c.cell_id, c.cell_key, c.drawn_as, c.azimuth, c.span, c.radius_m, c.radius_from, c.h3_cells,
       c.valid_from, c.valid_to,
       'estimated serving area (' || c.drawn_as || ', radius ' || c.radius_m::BIGINT || ' m from ' || c.radius_from || ')' AS label,
       sector_wedge(c.lat, c.lon, c.azimuth, c.span, c.radius_m) AS geom
FROM cell_coverage c
WHERE c.preferred;
COMMENT ON VIEW cell_wedges IS 'The estimated serving area of each cell version as a polygon (GEOMETRY, WGS84): a layer for mapping tools. An estimate, not a coverage measurement.';

CREATE OR REPLACE VIEW event_points AS
SELECT p.event_id * 2 + p.at_end::INTEGER AS point_id,
       p.event_id, s.subject, e.direction, e.kind, e.other_msisdn, e.other_raw, p.t, p.at_end,
       c.cell_key, c.lat AS site_lat, c.lon AS site_lon, e.source_id, e.source_row,
       st_point(c.lon, c.lat) AS geom
FROM presence p
JOIN subjects s USING (subject_id)
JOIN events e USING (event_id)
JOIN cell_coverage c USING (cell_id);
COMMENT ON VIEW event_points IS 'Each placed event at the position of the site of its serving cell (GEOMETRY point, WGS84); point_id (event_id × 2, + 1 for the end cell) is its key. The handset was somewhere in the cell''s serving area, not at the site.';

CREATE OR REPLACE VIEW camera_points AS
SELECT camera_id, any_value(camera_name) AS camera_name, count(*) AS reads,
       min(read_utc) AS first_read, max(read_utc) AS last_read,
       avg(lat) AS lat, avg(lon) AS lon, st_point(avg(lon), avg(lat)) AS geom
FROM anpr_reads
WHERE lat IS NOT NULL AND lon IS NOT NULL
GROUP BY camera_id;
COMMENT ON VIEW camera_points IS 'ANPR cameras (GEOMETRY point, WGS84) with how many reads each made.';
