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
-- Every event on a scene cell, at any time (its start cell, and its end cell
-- when that differs), with the scene and whether it falls in the window;
-- the identities as 64-bit hashes, since a dump has millions of rows and
-- integers group several times faster than text. A hash collision can only
-- add a candidate, which the exact count on the text (found) then drops.
placed AS MATERIALIZED (
    SELECT s.i, s.scene, s.t0, s.t1, p.event_id, p.t, p.cell, p.t BETWEEN s.t0 AND s.t1 AS inside,
           p.hm, p.hi, p.he
    FROM (
        SELECT event_id, start_utc AS t, start_cell AS cell,
               CASE WHEN subject_msisdn IS NOT NULL THEN hash(subject_msisdn) END AS hm,
               CASE WHEN subject_imsi IS NOT NULL THEN hash(subject_imsi) END AS hi,
               CASE WHEN subject_imei14 IS NOT NULL THEN hash(subject_imei14) END AS he
        FROM events
        WHERE start_cell IN (SELECT cell FROM scene_cells) AND duplicate_of IS NULL
        UNION ALL
        SELECT event_id, end_utc, end_cell,
               CASE WHEN subject_msisdn IS NOT NULL THEN hash(subject_msisdn) END,
               CASE WHEN subject_imsi IS NOT NULL THEN hash(subject_imsi) END,
               CASE WHEN subject_imei14 IS NOT NULL THEN hash(subject_imei14) END
        FROM events
        WHERE end_cell IN (SELECT cell FROM scene_cells) AND duplicate_of IS NULL
          AND end_utc IS NOT NULL AND end_cell IS DISTINCT FROM start_cell
    ) p
    JOIN scene_cells s ON s.cell = p.cell
),
-- The identities in two or more scenes' windows (min_scenes or more, when
-- min_scenes is larger, is counted exactly on the text in found), each kind
-- on its own. min and max are far cheaper than counting distinct scenes over
-- millions of bystanders, nearly all of them seen at one scene.
candidates AS (
    SELECT 'msisdn' AS kind, hm AS h FROM placed WHERE inside AND hm IS NOT NULL
    GROUP BY hm HAVING min(i) < max(i) OR min_scenes <= 1
    UNION ALL
    SELECT 'imsi', hi FROM placed WHERE inside AND hi IS NOT NULL
    GROUP BY hi HAVING min(i) < max(i) OR min_scenes <= 1
    UNION ALL
    SELECT 'imei', he FROM placed WHERE inside AND he IS NOT NULL
    GROUP BY he HAVING min(i) < max(i) OR min_scenes <= 1
),
cand_placed AS (
    SELECT 'msisdn' AS kind, p.* FROM placed p WHERE p.hm IN (SELECT h FROM candidates WHERE kind = 'msisdn')
    UNION ALL
    SELECT 'imsi', p.* FROM placed p WHERE p.hi IN (SELECT h FROM candidates WHERE kind = 'imsi')
    UNION ALL
    SELECT 'imei', p.* FROM placed p WHERE p.he IN (SELECT h FROM candidates WHERE kind = 'imei')
),
-- Their events at the scenes, with the identities as text.
ids AS (
    SELECT CASE p.kind WHEN 'msisdn' THEN e.subject_msisdn WHEN 'imsi' THEN e.subject_imsi ELSE e.subject_imei14 END AS identity,
           p.kind, p.scene, p.t0, p.t1, p.event_id, p.t, p.cell, p.inside,
           e.subject_msisdn, e.subject_imsi, e.subject_imei14
    FROM cand_placed p JOIN events e ON e.event_id = p.event_id
),
visits AS (
    SELECT identity, kind, scene,
           min(t) FILTER (WHERE inside) AS first_utc, max(t) FILTER (WHERE inside) AS last_utc,
           count(DISTINCT event_id) FILTER (WHERE inside) AS events,
           count(DISTINCT CAST(t AT TIME ZONE 'UTC' AS DATE)) FILTER (
               WHERE NOT inside AND CAST(t AT TIME ZONE 'UTC' AS DATE)
                     NOT BETWEEN CAST(t0 AT TIME ZONE 'UTC' AS DATE) AND CAST(t1 AT TIME ZONE 'UTC' AS DATE)
           ) AS habitual_days,
           list(DISTINCT cell ORDER BY cell) FILTER (WHERE inside) AS cells,
           list(DISTINCT event_id ORDER BY event_id) FILTER (WHERE inside) AS event_ids,
           list(DISTINCT subject_msisdn ORDER BY subject_msisdn) FILTER (WHERE inside AND subject_msisdn IS NOT NULL) AS msisdns,
           list(DISTINCT subject_imsi ORDER BY subject_imsi) FILTER (WHERE inside AND subject_imsi IS NOT NULL) AS imsis,
           list(DISTINCT subject_imei14 ORDER BY subject_imei14) FILTER (WHERE inside AND subject_imei14 IS NOT NULL) AS imei14s
    FROM ids
    GROUP BY identity, kind, scene
    HAVING count(*) FILTER (WHERE inside) > 0
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
-- The days on which the case holds each identity found, anywhere: one scan.
active AS (
    SELECT f.identity, f.kind, count(DISTINCT e.d) AS active_days
    FROM found f
    JOIN (SELECT subject_msisdn, subject_imsi, subject_imei14, CAST(start_utc AT TIME ZONE 'UTC' AS DATE) AS d
          FROM events
          WHERE duplicate_of IS NULL
            AND (subject_msisdn IN (SELECT identity FROM found WHERE kind = 'msisdn')
                 OR subject_imsi IN (SELECT identity FROM found WHERE kind = 'imsi')
                 OR subject_imei14 IN (SELECT identity FROM found WHERE kind = 'imei'))) e
      ON f.identity = CASE f.kind WHEN 'msisdn' THEN e.subject_msisdn WHEN 'imsi' THEN e.subject_imsi ELSE e.subject_imei14 END
    GROUP BY f.identity, f.kind
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
