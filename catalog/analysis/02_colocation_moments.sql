-- colocation_moments: the unit of evidence of co-location. Used by
-- colocated_with and cotravel; colocation_pairs and colocations use
-- colocation_moments_among. docs/analysis/colocated_with.md describes the method.
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
-- overlapping the targets' cells, reduced to one key per (handset, cell, bucket)
-- holding its earliest and latest time. Two rows within `within` of each other
-- lie in the same bucket (always within) or in adjacent ones, where the latest
-- row of the earlier bucket and the earliest of the later one decide; so the
-- test is exact without pairing rows.
--
-- The keys are paired with the slots by time first: each key meets the few
-- target cells of its bucket and the buckets either side (kw), only the pairs
-- whose areas overlap are kept (ov), and those meet their slots (k3). Every
-- table hashed there is small (a few thousand to a few tens of thousands of
-- rows, built from lists so the planner knows it: it cannot count the rows of
-- a slot list it has not read); the others' keys, millions of rows, stream
-- past them. Pairing (cell, bucket) of every slot and overlapping cell with the
-- keys instead hashes millions of rows and made that pairing three times slower.
--
-- Rarity: crowd is the number of distinct handsets seen on the busier of the
-- two cells in that hour of the day (local time of the case; cell_hour_use),
-- over the whole case. A cell that only the two of them used at 3 a.m. has a
-- crowd of 2; a city-centre cell at noon, hundreds.
--
-- targets: subject_id list; others: subject_id list, or NULL for every handset;
-- ordered: only pairs whose other's subject_id is greater than the target's
-- (each unordered pair once).
CREATE OR REPLACE MACRO colocation_moments(targets, others := NULL, within := INTERVAL 15 MINUTE,
                                           since := NULL, until := NULL, ordered := false) AS TABLE
WITH
ka AS (SELECT * FROM colocation_slots(targets, within, since, until)),
loc AS (  -- local hour and day of each hour the slots fall in (time zone work on few rows)
    SELECT h.eh, hour(timezone(z.tz, to_timestamp(h.eh * 3600)))::TINYINT AS hour,
           timezone(z.tz, to_timestamp(h.eh * 3600))::DATE AS day
    FROM (SELECT DISTINCT a_lo // 3600000000 AS eh FROM ka) h,
         (SELECT coalesce(max(value), 'UTC') AS tz FROM case_meta WHERE key = 'time_zone') z
),
sl AS MATERIALIZED (  -- the slots, numbered (sk), with their local day and hour and their own cell's crowd
    SELECT row_number() OVER (ORDER BY ka.a_lo, ka.a_cell, ka.a_id) AS sk, ka.*, l.day, l.hour, ca.subjects AS a_crowd
    FROM ka
    JOIN loc l ON l.eh = ka.a_lo // 3600000000
    LEFT JOIN cell_hour_use ca ON ca.cell_id = ka.a_cell AND ca.hour = l.hour
),
ov AS (  -- the areas overlapping the targets' areas
    SELECT unnest(l, recursive := true)
    FROM (SELECT list({'cell_a': o.cell_a, 'cell_b': o.cell_b}) AS l
          FROM cell_overlaps o
          WHERE o.cell_a IN (SELECT DISTINCT a_cell FROM sl))
),
kw AS (  -- each bucket with the target cells of the slots in it and in the buckets either side
    SELECT unnest(l, recursive := true)
    FROM (SELECT list({'b': b, 'a_cell': a_cell}) AS l
          FROM (SELECT DISTINCT sl.a_b + d.d AS b, sl.a_cell FROM sl CROSS JOIN (VALUES (-1), (0), (1)) d(d)))
),
k3 AS (  -- each slot under the bucket of the keys it can meet: its own (d = 0), the next (1), the one before (-1)
    SELECT unnest(l, recursive := true)
    FROM (SELECT list({'sk': sl.sk, 'a_id': sl.a_id, 'a_cell': sl.a_cell, 'a_lo': sl.a_lo, 'a_hi': sl.a_hi,
                       'b': sl.a_b + d.d, 'd': d.d}) AS l
          FROM sl CROSS JOIN (VALUES (-1), (0), (1)) d(d))
),
chu AS (  -- the crowds of the cells the others can be met on
    SELECT unnest(l, recursive := true)
    FROM (SELECT list({'cell_id': u.cell_id, 'hour': u.hour, 'subjects': u.subjects}) AS l
          FROM cell_hour_use u
          WHERE u.cell_id IN (SELECT cell_b FROM ov))
),
qk AS (  -- the other handsets on those cells, one key per (handset, cell, bucket):
         -- with the default 15-minute window read from presence_slots, which
         -- holds exactly these keys; with any other window made from presence
    SELECT s.subject_id AS o_id, s.cell_id, s.bucket::BIGINT AS b, s.lo_us AS lo, s.lo_ev, s.hi_us AS hi, s.hi_ev
    FROM presence_slots s
    WHERE (epoch(within) * 1000000)::BIGINT = 900000000
      AND s.cell_id IN (SELECT cell_b FROM ov)
      AND (others IS NULL OR s.subject_id IN (SELECT unnest(others)))
      AND (since IS NULL OR s.hi_us >= epoch_us(since::TIMESTAMPTZ - within))
      AND (until IS NULL OR s.lo_us < epoch_us(until::TIMESTAMPTZ + within))
    UNION ALL
    SELECT q.subject_id, q.cell_id, epoch_us(q.t) // (epoch(within) * 1000000)::BIGINT,
           min(epoch_us(q.t)), arg_min(q.event_id, (q.t, q.event_id)),
           max(epoch_us(q.t)), arg_max(q.event_id, (q.t, -q.event_id))
    FROM presence q
    WHERE (epoch(within) * 1000000)::BIGINT <> 900000000
      AND q.cell_id IN (SELECT cell_b FROM ov)
      AND (others IS NULL OR q.subject_id IN (SELECT unnest(others)))
      AND (since IS NULL OR q.t >= since::TIMESTAMPTZ - within) AND (until IS NULL OR q.t < until::TIMESTAMPTZ + within)
    GROUP BY ALL
),
m AS (  -- one row per (slot, other): the nearest key in time (dist; d = 1: the key is in
        -- the bucket after the slot's, d = -1: before), ties to the lowest cell id, and
        -- apart from it the nearest event, ties to the lowest event id. Each choice is
        -- the minimum of one 128-bit number, dist in the high half and the id (offset
        -- to be non-negative) in the low half: as (dist, id) in order, but cheaper.
    SELECT sk, o_id,
           min((dist << 64) + (cell_id + 9223372036854775808)) AS ck,
           min((dist << 64) + (ev + 9223372036854775808)) AS ek
    FROM (
        SELECT c.sk, q.o_id, q.cell_id,
               abs(CASE c.d WHEN 1 THEN q.lo WHEN -1 THEN q.hi ELSE c.a_lo END - c.a_lo)::HUGEINT AS dist,
               CASE c.d WHEN -1 THEN q.hi_ev ELSE q.lo_ev END AS ev
        FROM (
            SELECT q.*, kw.a_cell
            FROM qk q
            JOIN kw ON kw.b = q.b
            SEMI JOIN ov ON ov.cell_a = kw.a_cell AND ov.cell_b = q.cell_id
        ) q
        JOIN k3 c ON c.a_cell = q.a_cell AND c.b = q.b
        WHERE q.o_id <> c.a_id AND (NOT ordered OR q.o_id > c.a_id)
          AND CASE c.d WHEN 0 THEN true
                       WHEN 1 THEN q.lo - c.a_hi <= (epoch(within) * 1000000)::BIGINT
                       ELSE c.a_lo - q.hi <= (epoch(within) * 1000000)::BIGINT END
    )
    GROUP BY ALL
),
mo AS (
    SELECT sk, o_id,
           ((ck & 18446744073709551615::HUGEINT) - 9223372036854775808)::BIGINT AS o_cell,
           ((ek & 18446744073709551615::HUGEINT) - 9223372036854775808)::BIGINT AS o_event
    FROM m
)
SELECT sl.a_id, sl.a_cell, sl.a_events, make_timestamptz(sl.a_lo) AS a_t, sl.a_lo AS a_us,
       make_timestamptz(sl.a_hi) AS a_end_t,
       mo.o_id, mo.o_event, mo.o_cell, sl.day, sl.hour,
       greatest(coalesce(sl.a_crowd, 2), coalesce(co.subjects, 2), 2) AS crowd
FROM mo
JOIN sl ON sl.sk = mo.sk
LEFT JOIN chu co ON co.cell_id = mo.o_cell AND co.hour = sl.hour;
