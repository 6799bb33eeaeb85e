-- colocation_moments: the unit of evidence of co-location. Used by
-- colocated_with, colocation_pairs and cotravel; colocations pairs the rows of
-- two handsets itself. docs/analysis/colocated_with.md describes the method.
--
-- A moment is a slot of a target: its presence rows (event start and end
-- cells) on one cell in one time bucket (bucket = epoch_us(t) // within), and
-- another handset that has a presence row q with
--   * q's cell's estimated serving area sharing H3 cells with the slot's cell
--     (cell_overlaps), and
--   * |q.t - p.t| <= within for some row p of the slot.
-- One row per (target slot, other handset), however many rows match, with the
-- slot's events and one matching event of the other as evidence.
--
-- How it stays fast: presence is read for the targets by subject_id (presence is
-- ordered by subject_id, t); the other handsets' rows are read only on cells
-- overlapping the targets' cells and in the targets' time buckets
-- (bucket = epoch_us(t) // within) and their neighbours, and are first reduced
-- to one key per (handset, cell, bucket) holding its earliest and latest time.
-- Two rows within `within` of each other lie in the same bucket (always within)
-- or in adjacent ones, where the latest row of the earlier bucket and the
-- earliest of the later one decide; so the test is exact without pairing rows.
--
-- Rarity: crowd is the number of distinct handsets seen on the busier of the
-- two cells in that hour of the day (local time of the case; cell_hour_use),
-- over the whole case. A cell that only the two of them used at 3 a.m. has a
-- crowd of 2; a city-centre cell at noon, hundreds.
--
-- targets: subject_id list; others: subject_id list, or NULL for every handset;
-- ordered: only pairs whose other's subject_id is greater than the target's
-- (each unordered pair once, for colocation_pairs).
CREATE OR REPLACE MACRO colocation_moments(targets, others := NULL, within := INTERVAL 15 MINUTE,
                                           since := NULL, until := NULL, ordered := false) AS TABLE
WITH
par AS (
    SELECT (epoch(within) * 1000000)::BIGINT AS w,
           coalesce((SELECT max(value) FROM case_meta WHERE key = 'time_zone'), 'UTC') AS tz
),
ka AS (SELECT * FROM colocation_slots(targets, within, since, until)),
ov AS (  -- the areas overlapping the targets' areas
    SELECT o.cell_a, o.cell_b
    FROM cell_overlaps o
    WHERE o.cell_a IN (SELECT DISTINCT a_cell FROM ka)
),
cand AS (  -- each slot with the cells it can meet others in, and the bucket either side (d)
    SELECT ka.a_id, ka.a_cell, ka.a_b, ka.a_lo, ka.a_hi, ov.cell_b, d.d
    FROM ka JOIN ov ON ov.cell_a = ka.a_cell
    CROSS JOIN (VALUES (-1), (0), (1)) d(d)
),
qk AS (  -- the other handsets on those cells, one key per (handset, cell, bucket):
         -- with the default 15-minute window read from presence_slots, which
         -- holds exactly these keys; with any other window made from presence
    SELECT s.subject_id AS o_id, s.cell_id, s.bucket::BIGINT AS b, s.lo_us AS lo, s.lo_ev, s.hi_us AS hi, s.hi_ev
    FROM presence_slots s, par
    WHERE par.w = 900000000
      AND s.cell_id IN (SELECT cell_b FROM ov)
      AND (others IS NULL OR s.subject_id IN (SELECT unnest(others)))
      AND (since IS NULL OR s.hi_us >= epoch_us(since::TIMESTAMPTZ - within))
      AND (until IS NULL OR s.lo_us < epoch_us(until::TIMESTAMPTZ + within))
    UNION ALL
    SELECT q.subject_id, q.cell_id, epoch_us(q.t) // par.w,
           min(epoch_us(q.t)), arg_min(q.event_id, (q.t, q.event_id)),
           max(epoch_us(q.t)), arg_max(q.event_id, (q.t, -q.event_id))
    FROM presence q, par
    WHERE par.w <> 900000000
      AND q.cell_id IN (SELECT cell_b FROM ov)
      AND (others IS NULL OR q.subject_id IN (SELECT unnest(others)))
      AND (since IS NULL OR q.t >= since::TIMESTAMPTZ - within) AND (until IS NULL OR q.t < until::TIMESTAMPTZ + within)
    GROUP BY ALL
),
m AS (  -- d = 1: the key is in the bucket after the slot's; d = -1: before
    SELECT c.a_id, c.a_cell, c.a_b, q.o_id,
           -- the nearest in time; ties to the lowest cell id, then event id
           arg_min(q.cell_id, (abs(CASE c.d WHEN 1 THEN q.lo WHEN -1 THEN q.hi ELSE c.a_lo END - c.a_lo), q.cell_id)) AS o_cell,
           arg_min(CASE c.d WHEN -1 THEN q.hi_ev ELSE q.lo_ev END,
                   (abs(CASE c.d WHEN 1 THEN q.lo WHEN -1 THEN q.hi ELSE c.a_lo END - c.a_lo),
                    CASE c.d WHEN -1 THEN q.hi_ev ELSE q.lo_ev END)) AS o_event
    FROM cand c
    JOIN qk q ON q.cell_id = c.cell_b AND q.b = c.a_b + c.d, par
    WHERE q.o_id <> c.a_id AND (NOT ordered OR q.o_id > c.a_id)
      AND CASE c.d WHEN 0 THEN true WHEN 1 THEN q.lo - c.a_hi <= par.w ELSE c.a_lo - q.hi <= par.w END
    GROUP BY ALL
),
loc AS (  -- local hour and day of each hour the slots fall in (time zone work on few rows)
    SELECT h.eh, hour(timezone(par.tz, to_timestamp(h.eh * 3600)))::TINYINT AS hour,
           timezone(par.tz, to_timestamp(h.eh * 3600))::DATE AS day
    FROM (SELECT DISTINCT a_lo // 3600000000 AS eh FROM ka) h, par
)
SELECT m.a_id, m.a_cell, ka.a_events, make_timestamptz(ka.a_lo) AS a_t, ka.a_lo AS a_us,
       make_timestamptz(ka.a_hi) AS a_end_t,
       m.o_id, m.o_event, m.o_cell, l.day, l.hour,
       greatest(coalesce(ca.subjects, 2), coalesce(co.subjects, 2), 2) AS crowd
FROM m
JOIN ka ON ka.a_id = m.a_id AND ka.a_cell = m.a_cell AND ka.a_b = m.a_b
JOIN loc l ON l.eh = ka.a_lo // 3600000000
LEFT JOIN cell_hour_use ca ON ca.cell_id = m.a_cell AND ca.hour = l.hour
LEFT JOIN cell_hour_use co ON co.cell_id = m.o_cell AND co.hour = l.hour;
