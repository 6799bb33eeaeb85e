-- Movement: where a handset dwelt (stays), how it went from one stay to the
-- next (journeys), and hops no handset could make (impossible_travel).
-- docs/analysis/stays.md, journeys.md and impossible_travel.md explain the
-- methods. Every macro reads presence for one subject only (presence is stored
-- ordered by subject_id, t, so the scan skips the other subjects' row groups).

-- stay_rows(subject, min_duration, since, until): each presence row of the
-- subject with the run it belongs to (stay_runs: consecutive rows whose
-- serving areas all overlap) and, when the run lasts at least min_duration,
-- its stay number (1, 2, ... in time order); NULL stay = on the move.
CREATE OR REPLACE MACRO stay_rows(subj, min_duration := INTERVAL 20 MINUTE, since := NULL, until := NULL) AS TABLE
WITH p AS (
    SELECT * FROM subject_presence(subj, since := since, until := until)
), cs AS (
    SELECT DISTINCT cell_id FROM p
), pr AS (
    SELECT coalesce(list(o.cell_a), []) AS a, coalesce(list(o.cell_b), []) AS b
    FROM cell_overlaps o
    WHERE o.cell_a < o.cell_b
      AND o.cell_a IN (SELECT cell_id FROM cs) AND o.cell_b IN (SELECT cell_id FROM cs)
), runs AS (
    SELECT stay_runs(list(p.cell_id ORDER BY p.rn), (SELECT a FROM pr), (SELECT b FROM pr)) AS r FROM p
), lab AS (
    SELECT generate_subscripts(r, 1) AS rn, unnest(r) AS run FROM runs
), j AS (
    SELECT p.*, lab.run FROM p JOIN lab USING (rn)
), spans AS (
    SELECT run, min(t) AS t0, max(t) AS t1 FROM j GROUP BY run
), run_cells AS (
    SELECT run, arg_max(cell_id, n) AS main_cell
    FROM (SELECT run, cell_id, count(*) AS n FROM j GROUP BY ALL) GROUP BY run
), long_runs AS (
    SELECT s.run, s.t0, c.main_cell,
           lag(s.run) OVER (ORDER BY s.run) AS prev_run,
           lag(c.main_cell) OVER (ORDER BY s.run) AS prev_cell
    FROM spans s JOIN run_cells c USING (run) WHERE s.t1 - s.t0 >= min_duration
), flagged AS (
    -- two long runs with nothing between them whose main cells overlap are
    -- one stay (the run was broken by two rows in a row served from farther)
    SELECT l.run, (l.prev_run IS NULL OR l.prev_run <> l.run - 1 OR o.cell_a IS NULL) AS new_stay
    FROM long_runs l LEFT JOIN cell_overlaps o ON o.cell_a = l.prev_cell AND o.cell_b = l.main_cell
), kept AS (
    SELECT run, (sum(new_stay::INTEGER) OVER (ORDER BY run))::BIGINT AS stay FROM flagged
)
SELECT j.rn, j.event_id, j.t, j.at_end, j.cell_id, j.run, kept.stay
FROM j LEFT JOIN kept USING (run);

-- stays(subject, min_duration, since, until): the places the subject dwelt.
-- One row per stay: a run of consecutive presence rows (start and end cells
-- of events) whose cells' serving areas all overlap, lasting at least
-- min_duration from its first to its last row.
CREATE OR REPLACE MACRO stays(subj, min_duration := INTERVAL 20 MINUTE, since := NULL, until := NULL) AS TABLE
WITH r AS (
    SELECT * FROM stay_rows(subj, min_duration := min_duration, since := since, until := until) WHERE stay IS NOT NULL
), cells_used AS (
    SELECT stay, cell_id, count(*) AS n FROM r GROUP BY ALL
), h AS (
    -- how many of the stay's rows were on a cell whose area holds each H3 cell
    SELECT u.stay, a.h3, sum(u.n) AS n
    FROM cells_used u JOIN cell_areas a USING (cell_id)
    GROUP BY ALL
), best AS (
    SELECT stay, h3 FROM h QUALIFY n = max(n) OVER (PARTITION BY stay)
), pos AS (
    SELECT stay, avg(h3_cell_to_lat(h3)) AS lat, avg(h3_cell_to_lng(h3)) AS lon, count(*) AS core_h3
    FROM best GROUP BY stay
), agg AS (
    SELECT stay, min(t) AS start_utc, max(t) AS end_utc,
           count(DISTINCT event_id) AS events,
           list(DISTINCT event_id ORDER BY event_id) AS event_ids,
           count(*) AS rows, count(DISTINCT cell_id) AS n_cells
    FROM r GROUP BY stay
), top AS (
    SELECT stay, arg_max(cell_id, n) AS main_cell, max(n) AS main_rows FROM cells_used GROUP BY stay
), keys AS (
    SELECT u.stay, list(DISTINCT c.cell_key ORDER BY c.cell_key) AS cells
    FROM cells_used u JOIN cell_coverage c USING (cell_id) GROUP BY u.stay
)
SELECT agg.stay, agg.start_utc, agg.end_utc, agg.end_utc - agg.start_utc AS duration,
       agg.events, agg.event_ids, keys.cells, mc.cell_key AS main_cell,
       pos.lat, pos.lon,
       round((1 - 0.5 ^ (agg.events - 1)) * top.main_rows / agg.rows, 3) AS score
FROM agg
JOIN top USING (stay)
JOIN keys USING (stay)
JOIN pos USING (stay)
JOIN cell_coverage mc ON mc.cell_id = top.main_cell
ORDER BY agg.stay;

-- journeys(subject, min_duration, since, until): the trips between
-- consecutive stays. One row per pair of consecutive stays: the presence rows
-- between them (on no stay), their cells in order, and a path from the first
-- stay's position through the centre of each cell's serving area used on the
-- way (consecutive repeats once) to the next stay's position.
CREATE OR REPLACE MACRO journeys(subj, min_duration := INTERVAL 20 MINUTE, since := NULL, until := NULL) AS TABLE
WITH r AS (
    SELECT * FROM stay_rows(subj, min_duration := min_duration, since := since, until := until)
), st AS (
    SELECT * FROM stays(subj, min_duration := min_duration, since := since, until := until)
), bounds AS (
    SELECT stay, min(rn) AS rn0, max(rn) AS rn1 FROM r WHERE stay IS NOT NULL GROUP BY stay
), legs AS (
    SELECT a.stay AS from_stay, b.stay AS to_stay, a.rn1 AS after_rn, b.rn0 AS before_rn
    FROM bounds a JOIN bounds b ON b.stay = a.stay + 1
), moving AS (
    SELECT l.from_stay, r.rn, r.event_id, r.t, r.cell_id,
           r.cell_id IS DISTINCT FROM lag(r.cell_id) OVER (PARTITION BY l.from_stay ORDER BY r.rn) AS new_cell
    FROM legs l JOIN r ON r.rn > l.after_rn AND r.rn < l.before_rn
), ctr AS (
    SELECT * FROM cell_centres((SELECT list(DISTINCT cell_id) FROM moving))
), way AS (
    SELECT m.from_stay,
           list(DISTINCT m.event_id ORDER BY m.event_id) AS event_ids,
           count(DISTINCT m.event_id) AS events,
           list(c.cell_key ORDER BY m.rn) FILTER (WHERE m.new_cell) AS cells,
           list(x.lat ORDER BY m.rn) FILTER (WHERE m.new_cell) AS lats,
           list(x.lon ORDER BY m.rn) FILTER (WHERE m.new_cell) AS lons
    FROM moving m
    JOIN cell_coverage c ON c.cell_id = m.cell_id
    JOIN ctr x ON x.cell_id = m.cell_id
    GROUP BY m.from_stay
), j AS (
    SELECT l.from_stay, l.to_stay, a.end_utc AS start_utc, b.start_utc AS end_utc,
           coalesce(w.events, 0) AS events, coalesce(w.event_ids, []) AS event_ids,
           coalesce(w.cells, []) AS cells,
           [a.lat] || coalesce(w.lats, []) || [b.lat] AS lats,
           [a.lon] || coalesce(w.lons, []) || [b.lon] AS lons,
           a.main_cell AS from_cell, b.main_cell AS to_cell, a.score AS from_score, b.score AS to_score
    FROM legs l
    JOIN st a ON a.stay = l.from_stay
    JOIN st b ON b.stay = l.to_stay
    LEFT JOIN way w ON w.from_stay = l.from_stay
)
SELECT from_stay, to_stay, start_utc, end_utc, end_utc - start_utc AS duration,
       events, event_ids, from_cell, cells, to_cell,
       round(list_sum(list_transform(range(1, len(lats)), i ->
           2 * 6371.0088 * asin(sqrt(pow(sin(radians(lats[i + 1] - lats[i]) / 2), 2)
             + cos(radians(lats[i])) * cos(radians(lats[i + 1])) * pow(sin(radians(lons[i + 1] - lons[i]) / 2), 2))))), 2) AS km,
       path_line(lats, lons) AS path,
       round(least(from_score, to_score) * (1 - 0.5 ^ (events + 1)), 3) AS score
FROM j
ORDER BY from_stay;

-- journey_lines: every subject's journeys (journeys() with its defaults) as
-- one layer for mapping tools, keyed by journey_id = subject_id × 1,000,000 +
-- from_stay. mast_journey_lines() (engine/journeylines.go) calls journeys()
-- for one subject after another when the view is read (a LATERAL call over
-- subjects is not correlated correctly by DuckDB here). On a large case a
-- layer of one subject's journeys, SELECT * FROM journeys('...'), is quicker.
CREATE OR REPLACE VIEW journey_lines AS
SELECT journey_id, subject, from_stay, to_stay, start_utc, end_utc, end_utc - start_utc AS duration,
       events, event_ids, from_cell, cells, to_cell, km, score, geom
FROM mast_journey_lines();
COMMENT ON VIEW journey_lines IS 'Every subject''s journeys between stays (journeys() with its defaults) as LINESTRINGs (GEOMETRY, WGS84) through the centres of the serving areas used on the way; journey_id (subject_id × 1,000,000 + from_stay) is its key. A path through estimated areas, not a route travelled.';

-- impossible_travel(subject, max_kmh, min_km, since, until): consecutive
-- events (by start time, start cells) of the subject whose serving sites are
-- at least min_km apart and whose serving areas are too far apart to cover in
-- the time between them at max_kmh, the distance measured conservatively
-- from the nearest edges of the two areas (the nearest pair of their H3
-- cells, less the width of one H3 cell), never from site to site. A
-- candidate must first be too fast site to site (a sure prefilter: the edge
-- distance is never longer). a_imei / b_imei (14 digits) tell the handsets
-- apart: a SIM used in two handsets at once hops between them.
CREATE OR REPLACE MACRO impossible_travel(subj, max_kmh := 200, min_km := 10, since := NULL, until := NULL) AS TABLE
WITH ev AS (
    SELECT p.event_id, p.t, p.cell_id, row_number() OVER (ORDER BY p.t, p.event_id) AS n
    FROM subject_presence(subj, since := since, until := until) p
    WHERE NOT p.at_end
), hop AS (
    SELECT a.event_id AS a_event, a.t AS a_t, a.cell_id AS a_cell,
           b.event_id AS b_event, b.t AS b_t, b.cell_id AS b_cell,
           epoch(b.t - a.t) AS seconds,
           2 * 6371.0088 * asin(sqrt(pow(sin(radians(cb.lat - ca.lat) / 2), 2)
             + cos(radians(ca.lat)) * cos(radians(cb.lat)) * pow(sin(radians(cb.lon - ca.lon) / 2), 2))) AS site_km
    FROM ev a
    JOIN ev b ON b.n = a.n + 1
    JOIN cell_coverage ca ON ca.cell_id = a.cell_id
    JOIN cell_coverage cb ON cb.cell_id = b.cell_id
    WHERE a.cell_id <> b.cell_id
), cand AS (
    SELECT * FROM hop WHERE site_km >= min_km AND site_km * 3600 > max_kmh * seconds
), pts AS (
    -- H3 cell centres as unit vectors: the nearest pair by chord length
    -- needs no trigonometry per pair
    SELECT cell_id, cos(la) * cos(lo) AS x, cos(la) * sin(lo) AS y, sin(la) AS z
    FROM (SELECT a.cell_id, radians(h3_cell_to_lat(a.h3)) AS la, radians(h3_cell_to_lng(a.h3)) AS lo
          FROM cell_areas a
          WHERE a.cell_id IN (SELECT a_cell FROM cand UNION SELECT b_cell FROM cand))
), pairs AS (
    SELECT DISTINCT a_cell, b_cell FROM cand
), edge AS (
    SELECT pr.a_cell, pr.b_cell,
           greatest(0, 2 * 6371.0088 * asin(least(1, sqrt(min((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y)
             + (p.z - q.z) * (p.z - q.z))) / 2)) - 0.35) AS km
    FROM pairs pr
    JOIN pts p ON p.cell_id = pr.a_cell
    JOIN pts q ON q.cell_id = pr.b_cell
    GROUP BY ALL
), judged AS (
    SELECT c.*, e.km,
           CASE WHEN c.seconds > 0 THEN e.km * 3600 / c.seconds ELSE 'Infinity'::DOUBLE END AS kmh
    FROM cand c JOIN edge e USING (a_cell, b_cell)
    WHERE e.km * 3600 > max_kmh * c.seconds
), imei AS (
    -- the few events judged, looked up by id (not a join that would hash all events)
    SELECT e.event_id, e.subject_imei14
    FROM (SELECT DISTINCT unnest((SELECT list(a_event) || list(b_event) FROM judged)) AS event_id) w
    JOIN events e ON e.event_id = w.event_id
)
SELECT j.a_event AS a_event_id, j.a_t AS a_utc, ka.cell_key AS a_cell, ea.subject_imei14 AS a_imei,
       j.b_event AS b_event_id, j.b_t AS b_utc, kb.cell_key AS b_cell, eb.subject_imei14 AS b_imei,
       round(j.site_km, 2) AS site_km, round(j.km, 2) AS km, j.seconds::BIGINT AS seconds,
       round(j.kmh, 1) AS kmh,
       round(1 - max_kmh / j.kmh, 3) AS score
FROM judged j
JOIN cell_coverage ka ON ka.cell_id = j.a_cell
JOIN cell_coverage kb ON kb.cell_id = j.b_cell
LEFT JOIN imei ea ON ea.event_id = j.a_event
LEFT JOIN imei eb ON eb.event_id = j.b_event
ORDER BY j.a_t;
