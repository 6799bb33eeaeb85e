-- Tower-dump analysis: the identities seen at several scenes.
-- docs/analysis/common_numbers.md.
--
-- A scene is a set of cells, or an area, and a time window. Tower dumps land
-- in events like CDRs (docs/formats/towerdump.md), so a scene's records are
-- the events whose start cell is a scene cell with the start time in the
-- window, or whose end cell is one with the end time in the window
-- (from <= t <= to). CDRs loaded in the case count as well: a handset whose
-- own records put it on a scene cell in the window was there as much as one
-- a tower dump lists.
--
-- Scenes are a LIST of STRUCTs, one per scene; each struct has
--   scene   a name (default: 'scene N', N its position in the list)
--   cells   a list of canonical cell keys (cells.cell_key, events.start_cell),
--           or cell: one key
--   area    a WKT polygon or point (WGS84, lon lat): every cell whose
--           estimated serving area (cell_areas, H3 resolution 9) covers part
--           of it
--   from    start of the window (TIMESTAMPTZ, or text that casts to it)
--   to      end of the window, inclusive
-- Structs are read through JSON, so fields may be left out. Structs with the
-- same scene name are one scene, their cells and windows joined (so a table
-- with one row per cell works: common_numbers_in below).
--
-- Each identity is reported on its own: the number (msisdn), the SIM (imsi)
-- and the handset (imei: its first 14 digits), because a dump may give only
-- one of them and a SIM may move between handsets.
--
-- score: the sum over the identity's scenes of 1 - habitual_days /
-- active_days: habitual_days are the days, other than the scene's own, on
-- which the case holds the identity on that scene's cells; active_days the
-- days on which the case holds it at all. A scene the identity is never
-- otherwise seen at counts 1; a scene it is seen at every day it is seen
-- (a resident, a commuter) counts nothing. So the score is the number of
-- scenes, less the scenes its routine explains.

-- common_numbers_window(scenes, k): the records of scene k (every scene
-- past the eighth when k is 0) in its windows on its cells, for
-- common_numbers. scenes is the list of common_numbers' scene_cells rows.
CREATE OR REPLACE MACRO common_numbers_window(scenes, k) AS TABLE
WITH s AS (
    SELECT unnest(list_filter(scenes, x -> CASE WHEN k = 0 THEN x.i > 8 ELSE x.i = k END), recursive := true)
)
SELECT s.i, e.subject_msisdn, e.subject_imsi, e.subject_imei14, e.event_id, e.start_utc AS t, e.start_cell AS cell
FROM events e JOIN s ON e.start_cell = s.cell AND e.start_utc BETWEEN s.t0 AND s.t1
WHERE e.duplicate_of IS NULL
UNION ALL
SELECT s.i, e.subject_msisdn, e.subject_imsi, e.subject_imei14, e.event_id, e.end_utc, e.end_cell
FROM events e JOIN s ON e.end_cell = s.cell AND e.end_utc BETWEEN s.t0 AND s.t1
WHERE e.duplicate_of IS NULL AND e.end_cell IS DISTINCT FROM e.start_cell;

-- common_numbers(scene_list, min_scenes := 2): every identity seen at
-- min_scenes or more scenes: most scenes first, then best score.
CREATE OR REPLACE MACRO common_numbers(scene_list, min_scenes := 2) AS TABLE
WITH sc AS (
    SELECT coalesce(j->>'scene', 'scene ' || i) AS scene,
           CAST(j->>'from' AS TIMESTAMPTZ) AS t0,
           CAST(j->>'to' AS TIMESTAMPTZ) AS t1,
           coalesce(CAST(j->'cells' AS VARCHAR[]), [j->>'cell']) AS cells,
           j->>'area' AS area
    FROM (SELECT to_json(unnest(scene_list)) AS j, unnest(range(1, len(scene_list) + 1)) AS i)
),
scene_cells AS (
    -- i numbers the scenes: structs with the same name are one scene.
    SELECT *, dense_rank() OVER (ORDER BY scene) AS i FROM (SELECT DISTINCT scene, t0, t1, cell FROM (
        SELECT scene, t0, t1, trim(unnest(cells)) AS cell FROM sc
        UNION ALL
        SELECT a.scene, a.t0, a.t1, ca.cell_key
        FROM (
            -- The H3 cells whose centres lie in the polygon, and those holding
            -- its vertices: a polygon smaller than an H3 cell (or a POINT)
            -- still takes the cell it lies in.
            SELECT scene, t0, t1, unnest(list_distinct(list_concat(
                       coalesce(h3_polygon_wkt_to_cells(area, 9), []),
                       list_transform(regexp_extract_all(area, '(-?[0-9.]+)\s+(-?[0-9.]+)', 0),
                                      v -> h3_latlng_to_cell(CAST(split_part(trim(v), ' ', 2) AS DOUBLE),
                                                             CAST(split_part(trim(v), ' ', 1) AS DOUBLE), 9))))) AS h3
            FROM sc WHERE area IS NOT NULL
        ) a
        JOIN cell_areas ca ON ca.h3 = a.h3
    )
    WHERE cell IS NOT NULL)
),
-- The records in a scene's window on its cells (the start cell with the
-- start time, or the end cell, when it differs, with the end time). Each of
-- the first eight scenes is read on its own (common_numbers_window), so that
-- DuckDB reads only the row groups of that scene's window (events are stored
-- in load order: a tower dump's rows together, CDRs by day); the rest
-- together. The candidates' days elsewhere come from identity_days.
inside AS MATERIALIZED (
    SELECT * FROM common_numbers_window((SELECT list(s) FROM scene_cells s), 1)
    UNION ALL SELECT * FROM common_numbers_window((SELECT list(s) FROM scene_cells s), 2)
    UNION ALL SELECT * FROM common_numbers_window((SELECT list(s) FROM scene_cells s), 3)
    UNION ALL SELECT * FROM common_numbers_window((SELECT list(s) FROM scene_cells s), 4)
    UNION ALL SELECT * FROM common_numbers_window((SELECT list(s) FROM scene_cells s), 5)
    UNION ALL SELECT * FROM common_numbers_window((SELECT list(s) FROM scene_cells s), 6)
    UNION ALL SELECT * FROM common_numbers_window((SELECT list(s) FROM scene_cells s), 7)
    UNION ALL SELECT * FROM common_numbers_window((SELECT list(s) FROM scene_cells s), 8)
    UNION ALL SELECT * FROM common_numbers_window((SELECT list(s) FROM scene_cells s), 0)
),
-- The identities in two or more scenes' windows (min_scenes or more, when
-- min_scenes is larger, is counted exactly on the text in found), each kind
-- on its own, as 64-bit hashes: a dump has millions of rows, and integers
-- group several times faster than text. A hash collision can only add a
-- candidate, which the exact count on the text (found) then drops. min and
-- max are far cheaper than counting distinct scenes over millions of
-- bystanders, nearly all of them seen at one scene.
candidates AS (
    SELECT 'msisdn' AS kind, hash(subject_msisdn) AS h FROM inside WHERE subject_msisdn IS NOT NULL
    GROUP BY 2 HAVING min(i) < max(i) OR min_scenes <= 1
    UNION ALL
    SELECT 'imsi', hash(subject_imsi) FROM inside WHERE subject_imsi IS NOT NULL
    GROUP BY 2 HAVING min(i) < max(i) OR min_scenes <= 1
    UNION ALL
    SELECT 'imei', hash(subject_imei14) FROM inside WHERE subject_imei14 IS NOT NULL
    GROUP BY 2 HAVING min(i) < max(i) OR min_scenes <= 1
),
cand AS (
    SELECT DISTINCT 'msisdn' AS kind, subject_msisdn AS identity FROM inside
    WHERE hash(subject_msisdn) IN (SELECT h FROM candidates WHERE kind = 'msisdn') AND subject_msisdn IS NOT NULL
    UNION ALL
    SELECT DISTINCT 'imsi', subject_imsi FROM inside
    WHERE hash(subject_imsi) IN (SELECT h FROM candidates WHERE kind = 'imsi') AND subject_imsi IS NOT NULL
    UNION ALL
    SELECT DISTINCT 'imei', subject_imei14 FROM inside
    WHERE hash(subject_imei14) IN (SELECT h FROM candidates WHERE kind = 'imei') AND subject_imei14 IS NOT NULL
),
-- Their records in the scenes' windows, with the scene each is in.
hits AS (
    SELECT c.identity, c.kind, n.* FROM inside n JOIN cand c ON c.kind = 'msisdn' AND n.subject_msisdn = c.identity
    UNION ALL
    SELECT c.identity, c.kind, n.* FROM inside n JOIN cand c ON c.kind = 'imsi' AND n.subject_imsi = c.identity
    UNION ALL
    SELECT c.identity, c.kind, n.* FROM inside n JOIN cand c ON c.kind = 'imei' AND n.subject_imei14 = c.identity
),
-- Their days anywhere, with the cells of each (identity_days, stored in
-- identity order: the candidates are a few row groups, not the whole case).
history AS MATERIALIZED (
    SELECT identity, kind, day, cells FROM identity_days
    WHERE kind = 'msisdn' AND identity IN (SELECT identity FROM cand WHERE kind = 'msisdn')
    UNION ALL
    SELECT identity, kind, day, cells FROM identity_days
    WHERE kind = 'imsi' AND identity IN (SELECT identity FROM cand WHERE kind = 'imsi')
    UNION ALL
    SELECT identity, kind, day, cells FROM identity_days
    WHERE kind = 'imei' AND identity IN (SELECT identity FROM cand WHERE kind = 'imei')
),
-- The days, outside a scene's own, on which they were on that scene's cells.
habitual AS (
    SELECT h.identity, h.kind, s.i, count(DISTINCT h.day) AS habitual_days
    FROM history h JOIN scene_cells s ON list_contains(h.cells, s.cell)
    WHERE h.day NOT BETWEEN CAST(s.t0 AT TIME ZONE 'UTC' AS DATE) AND CAST(s.t1 AT TIME ZONE 'UTC' AS DATE)
    GROUP BY ALL
),
visits AS (
    SELECT v.*, n.scene, coalesce(hb.habitual_days, 0) AS habitual_days
    FROM (
        SELECT identity, kind, i,
               min(t) AS first_utc, max(t) AS last_utc,
               count(DISTINCT event_id) AS events,
               list(DISTINCT cell ORDER BY cell) AS cells,
               list(DISTINCT event_id ORDER BY event_id) AS event_ids,
               list(DISTINCT subject_msisdn ORDER BY subject_msisdn) FILTER (WHERE subject_msisdn IS NOT NULL) AS msisdns,
               list(DISTINCT subject_imsi ORDER BY subject_imsi) FILTER (WHERE subject_imsi IS NOT NULL) AS imsis,
               list(DISTINCT subject_imei14 ORDER BY subject_imei14) FILTER (WHERE subject_imei14 IS NOT NULL) AS imei14s
        FROM hits
        GROUP BY identity, kind, i
    ) v
    JOIN (SELECT DISTINCT i, scene FROM scene_cells) n ON n.i = v.i
    LEFT JOIN habitual hb ON hb.identity = v.identity AND hb.kind = v.kind AND hb.i = v.i
),
found AS (
    SELECT identity, kind,
           count(*) AS scene_count,
           list(scene ORDER BY first_utc, scene) AS scenes,
           sum(events) AS events,
           min(first_utc) AS first_utc, max(last_utc) AS last_utc,
           list({'scene': scene, 'first_utc': first_utc, 'last_utc': last_utc, 'events': events,
                 'habitual_days': habitual_days, 'cells': cells, 'event_ids': event_ids}
                ORDER BY first_utc, scene) AS visits,
           list_sort(list_distinct(flatten(list(msisdns)))) AS msisdns,
           list_sort(list_distinct(flatten(list(imsis)))) AS imsis,
           list_sort(list_distinct(flatten(list(imei14s)))) AS imei14s
    FROM visits
    GROUP BY identity, kind
    HAVING count(*) >= min_scenes
),
-- The days on which the case holds each identity found, anywhere.
active AS (
    SELECT h.identity, h.kind, count(DISTINCT h.day) AS active_days
    FROM history h SEMI JOIN found f ON f.identity = h.identity AND f.kind = h.kind
    GROUP BY h.identity, h.kind
),
scored AS (
    SELECT f.*, a.active_days,
           round(list_sum([1 - least(v.habitual_days, a.active_days) / a.active_days FOR v IN f.visits]), 3) AS score
    FROM found f JOIN active a USING (identity, kind)
)
SELECT row_number() OVER (ORDER BY scene_count DESC, score DESC, events DESC,
                                CASE kind WHEN 'msisdn' THEN 1 WHEN 'imsi' THEN 2 ELSE 3 END, identity) AS rank,
       identity, kind, scene_count, scenes, score, events, active_days, first_utc, last_utc, visits,
       msisdns, imsis, imei14s
FROM scored
ORDER BY rank;

-- common_numbers_in(scene_table, min_scenes := 2): the same over a table (or
-- view) of scenes named as text, one row per scene or per scene cell, with
-- the fields above as columns ("from" and "to" quoted).
CREATE OR REPLACE MACRO common_numbers_in(scene_table, min_scenes := 2) AS TABLE
SELECT * FROM common_numbers((SELECT list(s) FROM query_table(scene_table) s), min_scenes := min_scenes);
