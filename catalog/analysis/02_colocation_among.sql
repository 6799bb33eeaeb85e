-- colocation_moments_among: the moments of colocation_moments (same columns,
-- same meaning; see 02_colocation_moments.sql) when the other handsets are a
-- given few: colocations(a, b) and colocation_pairs(list).
--
-- With few others, pairing by time first is cheaper than pairing by place
-- first: the others' keys (one per handset, cell and bucket) are read by
-- subject_id, joined to the targets' slots on the same or a neighbouring
-- bucket, and only those pairs are checked for overlapping serving areas
-- (cell_overlaps). The window test is the same exact one.
CREATE OR REPLACE MACRO colocation_moments_among(targets, others, within := INTERVAL 15 MINUTE,
                                                 since := NULL, until := NULL, ordered := false) AS TABLE
WITH
par AS (
    SELECT (epoch(within) * 1000000)::BIGINT AS w,
           coalesce((SELECT max(value) FROM case_meta WHERE key = 'time_zone'), 'UTC') AS tz
),
ka AS (SELECT * FROM colocation_slots(targets, within, since, until)),
qk AS (  -- the others' keys: stored for the default window, made from presence for any other
    SELECT s.subject_id AS o_id, s.cell_id, s.bucket::BIGINT AS b, s.lo_us AS lo, s.lo_ev, s.hi_us AS hi, s.hi_ev
    FROM presence_slots s, par
    WHERE par.w = 900000000
      AND s.subject_id IN (SELECT unnest(others))
      AND (since IS NULL OR s.hi_us >= epoch_us(since::TIMESTAMPTZ - within))
      AND (until IS NULL OR s.lo_us < epoch_us(until::TIMESTAMPTZ + within))
    UNION ALL
    SELECT q.subject_id, q.cell_id, epoch_us(q.t) // par.w,
           min(epoch_us(q.t)), arg_min(q.event_id, (q.t, q.event_id)),
           max(epoch_us(q.t)), arg_max(q.event_id, (q.t, -q.event_id))
    FROM presence q, par
    WHERE par.w <> 900000000
      AND q.subject_id IN (SELECT unnest(others))
      AND (since IS NULL OR q.t >= since::TIMESTAMPTZ - within) AND (until IS NULL OR q.t < until::TIMESTAMPTZ + within)
    GROUP BY ALL
),
near AS MATERIALIZED (  -- pairs of keys in the same bucket or the next (d = 1: q later) or the one before
    SELECT ka.a_id, ka.a_cell, ka.a_b, ka.a_lo, d.d, q.o_id, q.cell_id AS o_cell, q.lo, q.hi, q.lo_ev, q.hi_ev
    FROM ka CROSS JOIN (VALUES (-1), (0), (1)) d(d)
    JOIN qk q ON q.b = ka.a_b + d.d, par
    WHERE q.o_id <> ka.a_id AND (NOT ordered OR q.o_id > ka.a_id)
      AND CASE d.d WHEN 0 THEN true WHEN 1 THEN q.lo - ka.a_hi <= par.w ELSE ka.a_lo - q.hi <= par.w END
),
m AS (  -- the nearest in time; ties to the lowest cell id, then event id (each the minimum
        -- of one 128-bit number, as in colocation_moments)
    SELECT a_id, a_cell, a_b, o_id,
           ((min((dist << 64) + (o_cell + 9223372036854775808)) & 18446744073709551615::HUGEINT)
               - 9223372036854775808)::BIGINT AS o_cell,
           ((min((dist << 64) + (ev + 9223372036854775808)) & 18446744073709551615::HUGEINT)
               - 9223372036854775808)::BIGINT AS o_event
    FROM (
        SELECT n.a_id, n.a_cell, n.a_b, n.o_id, n.o_cell,
               abs(CASE n.d WHEN 1 THEN n.lo WHEN -1 THEN n.hi ELSE n.a_lo END - n.a_lo)::HUGEINT AS dist,
               CASE n.d WHEN -1 THEN n.hi_ev ELSE n.lo_ev END AS ev
        FROM near n
        SEMI JOIN cell_overlaps ov ON ov.cell_a = n.a_cell AND ov.cell_b = n.o_cell
    )
    GROUP BY ALL
),
loc AS (
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
