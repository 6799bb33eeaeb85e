-- Co-location and co-travel: when were two handsets in overlapping serving
-- areas at about the same time, who was most often with a target, and who
-- moved with it. docs/analysis/colocations.md, colocated_with.md, cotravel.md
-- and colocation_pairs.md describe the method, the score and its limits.
--
-- The unit of evidence is a co-located pair of presence rows: a row p of one
-- handset and a row q of another, on cells whose estimated serving areas share
-- at least one H3 cell (cell_overlaps), at most `window` apart. Presence rows
-- are joined through integer keys: (cell_id, time bucket) with bucket =
-- epoch_us(t) // window, so |dt| <= window is an equality join on the bucket
-- and its two neighbours followed by a filter.
--
-- Each pair carries a rarity weight, ln(N / crowd): N is the number of
-- subjects in the case, crowd the larger of the two rows' crowds, and a row's
-- crowd the number of distinct subjects (itself included) seen on its own
-- cell within `window` of it. A pair in a cell nobody else used at that moment
-- weighs about ln N; one in a cell half the case used weighs ln 2.

-- colocated_events: every co-located pair of presence rows of target with any
-- other handset, with its rarity weight. The rows the other functions rank.
CREATE OR REPLACE MACRO colocated_events(target, "window" := INTERVAL 15 MINUTE, since := NULL, until := NULL) AS TABLE
WITH
par AS (
    SELECT (epoch("window") * 1000000)::BIGINT AS w,
           (SELECT count(*) FROM subjects) AS n,
           (SELECT subject_id FROM subjects WHERE subject = subject_key(target)) AS id
),
a AS (  -- the target's rows: presence is ordered by subject_id, so this reads few row groups
    SELECT p.event_id, p.at_end, p.t, p.cell_id, epoch_us(p.t) AS us, epoch_us(p.t) // par.w AS b
    FROM presence p, par
    WHERE p.subject_id = par.id
      AND (since IS NULL OR p.t >= since) AND (until IS NULL OR p.t < until)
),
ka AS (SELECT DISTINCT cell_id, b FROM a),
keys AS (  -- the areas overlapping the target's, in its buckets and two either side (crowds need them)
    SELECT DISTINCT o.cell_b AS cell_id, ka.b + d.d AS b
    FROM ka JOIN cell_overlaps o ON o.cell_a = ka.cell_id
    CROSS JOIN (VALUES (-2), (-1), (0), (1), (2)) d(d)
),
near AS (  -- every presence row there and then, the target's included
    SELECT q.* FROM (
        SELECT subject_id, event_id, at_end, t, cell_id, epoch_us(t) AS us, epoch_us(t) // (SELECT w FROM par) AS b
        FROM presence) q
    SEMI JOIN keys k ON k.cell_id = q.cell_id AND k.b = q.b
),
cand AS (  -- target (cell, bucket) to the other cells and buckets it can meet
    SELECT ka.cell_id AS a_cell, ka.b AS a_b, o.cell_b, ka.b + d.d AS b, o.shared, o.overlap
    FROM ka JOIN cell_overlaps o ON o.cell_a = ka.cell_id
    CROSS JOIN (VALUES (-1), (0), (1)) d(d)
),
pairs AS (
    SELECT a.event_id AS a_event, a.at_end AS a_end, a.t AS a_t, a.us AS a_us, a.cell_id AS a_cell, a.b AS a_b,
           q.subject_id AS other_id, q.event_id AS b_event, q.at_end AS b_end, q.t AS b_t, q.us AS b_us,
           q.cell_id AS b_cell, q.b AS b_b, c.shared, c.overlap
    FROM cand c
    JOIN near q ON q.cell_id = c.cell_b AND q.b = c.b
    JOIN a ON a.cell_id = c.a_cell AND a.b = c.a_b
    , par
    WHERE q.subject_id <> par.id AND abs(q.us - a.us) <= par.w
),
pts AS (
    SELECT DISTINCT a_cell AS cell_id, a_us AS us, a_b AS b FROM pairs
    UNION
    SELECT DISTINCT b_cell, b_us, b_b FROM pairs
),
crowd AS (
    SELECT x.cell_id, x.us, count(DISTINCT y.subject_id) AS crowd
    FROM pts x CROSS JOIN (VALUES (-1), (0), (1)) d(d)
    JOIN near y ON y.cell_id = x.cell_id AND y.b = x.b + d.d, par
    WHERE abs(y.us - x.us) <= par.w
    GROUP BY x.cell_id, x.us
)
SELECT s.subject AS other, p.other_id,
       p.a_event, p.a_end, p.a_t, p.a_us, p.a_cell,
       p.b_event, p.b_end, p.b_t, p.b_us, p.b_cell,
       p.shared, p.overlap,
       greatest(ca.crowd, cb.crowd) AS crowd,
       ln(par.n / greatest(ca.crowd, cb.crowd)) AS weight
FROM pairs p
JOIN crowd ca ON ca.cell_id = p.a_cell AND ca.us = p.a_us
JOIN crowd cb ON cb.cell_id = p.b_cell AND cb.us = p.b_us
JOIN subjects s ON s.subject_id = p.other_id
, par;
