-- ANPR with phones: vehicles and handsets that were repeatedly together.
-- docs/analysis/anpr_with_phone.md.
--
-- A camera read and a handset's placement match when the camera stands
-- inside the estimated serving area of the cell the handset used (the H3
-- cell of the camera, h3_latlng_to_cell(lat, lon, 9), is one of the cell's
-- cell_areas) and the placement's time is within "window" of the read.
-- Placements are presence rows (an event's start or end cell, the cell
-- version valid then). Reads and placements are joined on (cell, time bucket
-- of "window": epoch_us // the window in microseconds), each read looking in
-- its own bucket and the two beside it, then kept when |placement - read| <=
-- window.
--
-- WINDOW is a reserved word in SQL: callers name the parameter in quotes,
-- anpr_with_phone('AB12 CDE', "window" := INTERVAL 10 MINUTE).

-- anpr_with_phone(target, "window" := INTERVAL 5 MINUTE, min_reads := 3):
--   target a VRM (any spacing or case; matched as anpr_reads.vrm, upper case
--     without spaces): the handsets seen with that vehicle, best first;
--   target a subject (through subject_key): the vehicles seen with it.
-- Only pairs matched at min_reads reads or more are returned.
-- score = reads_matched x cameras / cameras_total: the reads they were
-- together at, weighted by the share of the cameras that read the vehicle at
-- which they were together. A handset travelling in the vehicle is with it
-- past every camera of its route; one that lives or works beside a camera
-- matches the vehicle's reads at that camera only. share = reads_matched /
-- reads_total (the vehicle's reads in the case) is shown beside it.
CREATE OR REPLACE MACRO anpr_with_phone(target, "window" := INTERVAL 5 MINUTE, min_reads := 3) AS TABLE
WITH q AS (
    SELECT regexp_replace(upper(target), '\s', '', 'g') AS vrm,
           (SELECT subject_id FROM subjects WHERE subject = subject_key(target)) AS subject_id
),
-- Each camera position with the preferred cell versions whose serving area holds it.
cam_cells AS (
    SELECT c.lat, c.lon, a.cell_id, a.cell_key
    FROM (SELECT lat, lon, h3_latlng_to_cell(lat, lon, 9) AS h3
          FROM (SELECT DISTINCT lat, lon FROM anpr_reads WHERE lat IS NOT NULL AND lon IS NOT NULL)) c
    JOIN cell_areas a ON a.h3 = c.h3
),
-- target is a VRM: its reads, each at the cells covering its camera, in three buckets.
-- The window in microseconds, (epoch("window") * 1000000)::BIGINT, is written out
-- where it is used: read from a one-row CTE inside the join conditions, it made the
-- planner's choices far worse (6.1 s instead of 0.48 s for a plate, 2.1 s instead of
-- 0.05 s for a handset, on the 55M-event bench case).
vrm_reads AS (
    SELECT r.read_id, r.vrm, coalesce(r.camera_id, r.lat || ',' || r.lon) AS camera, r.read_utc,
           cc.cell_id, cc.cell_key,
           unnest([0, -1, 1]) + epoch_us(r.read_utc) // (epoch("window") * 1000000)::BIGINT AS b
    FROM anpr_reads r JOIN cam_cells cc ON cc.lat = r.lat AND cc.lon = r.lon, q
    WHERE r.vrm = q.vrm
),
-- The cells of those cameras, few: built as a list and unnested, so that the
-- planner knows it and filters presence by them before anything else is
-- computed on its rows (joined directly, the bucket of every one of the
-- case's placements was computed first: 2.6 s instead of 0.5 s for a vehicle
-- read 366 times, on 86M placements).
vrm_cells AS (
    SELECT unnest(l) AS cell_id FROM (SELECT list(DISTINCT cell_id) AS l FROM vrm_reads)
),
vrm_matches AS (
    SELECT p.subject_id, vr.vrm, vr.read_id, vr.camera, vr.read_utc, p.event_id, vr.cell_key
    FROM (SELECT subject_id, event_id, t, cell_id FROM presence WHERE cell_id IN (SELECT cell_id FROM vrm_cells)) p
    JOIN vrm_reads vr ON p.cell_id = vr.cell_id AND epoch_us(p.t) // (epoch("window") * 1000000)::BIGINT = vr.b
    WHERE abs(epoch_us(p.t) - epoch_us(vr.read_utc)) <= (epoch("window") * 1000000)::BIGINT
),
-- target is a subject: its placements on cells covering a camera, in three buckets.
subject_places AS (
    SELECT p.subject_id, p.event_id, p.t, cc.lat, cc.lon, cc.cell_key,
           unnest([0, -1, 1]) + epoch_us(p.t) // (epoch("window") * 1000000)::BIGINT AS b
    FROM presence p JOIN cam_cells cc ON cc.cell_id = p.cell_id, q
    WHERE p.subject_id = q.subject_id
),
subject_matches AS (
    SELECT sp.subject_id, r.vrm, r.read_id, coalesce(r.camera_id, r.lat || ',' || r.lon) AS camera,
           r.read_utc, sp.event_id, sp.cell_key
    FROM subject_places sp
    JOIN anpr_reads r ON r.lat = sp.lat AND r.lon = sp.lon AND epoch_us(r.read_utc) // (epoch("window") * 1000000)::BIGINT = sp.b
    WHERE abs(epoch_us(sp.t) - epoch_us(r.read_utc)) <= (epoch("window") * 1000000)::BIGINT
),
matches AS (
    SELECT s.subject AS other, s.kind AS other_kind, m.*
    FROM vrm_matches m JOIN subjects s USING (subject_id)
    UNION ALL
    SELECT m.vrm, 'vrm', m.* FROM subject_matches m
),
agg AS (
    SELECT other, other_kind, any_value(vrm) AS vrm,
           count(DISTINCT read_id) AS reads_matched,
           count(DISTINCT camera) AS cameras,
           count(DISTINCT CAST(read_utc AT TIME ZONE 'UTC' AS DATE)) AS days,
           min(read_utc) AS first_utc, max(read_utc) AS last_utc,
           list(DISTINCT read_id ORDER BY read_id) AS read_ids,
           list(DISTINCT event_id ORDER BY event_id) AS event_ids,
           list(DISTINCT camera ORDER BY camera) AS camera_ids,
           list(DISTINCT cell_key ORDER BY cell_key) AS cells
    FROM matches
    GROUP BY other, other_kind
    HAVING count(DISTINCT read_id) >= min_reads
),
totals AS (
    SELECT vrm, count(*) AS reads_total,
           count(DISTINCT coalesce(camera_id, lat || ',' || lon)) AS cameras_total
    FROM anpr_reads
    WHERE vrm IN (SELECT vrm FROM agg)
    GROUP BY vrm
),
scored AS (
    SELECT a.*, t.reads_total, t.cameras_total,
           round(a.reads_matched * a.cameras / t.cameras_total, 3) AS score
    FROM agg a JOIN totals t USING (vrm)
)
SELECT row_number() OVER (ORDER BY score DESC, days DESC, reads_matched DESC, other) AS rank,
       other, other_kind, reads_matched, reads_total,
       round(reads_matched / reads_total, 3) AS share,
       days, cameras, cameras_total, first_utc, last_utc, read_ids, event_ids, camera_ids, cells,
       score
FROM scored
ORDER BY rank;
