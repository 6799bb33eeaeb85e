-- cotravel(target, "window", min_areas, since, until): the handsets that moved
-- with target through several distinct, non-overlapping serving areas in one
-- journey: a second phone of the same person, or someone travelling with them.
-- docs/analysis/cotravel.md describes the method, the score and its limits.
--
-- Built on colocation_moments (target's slots another handset was near). For
-- each other handset the moments are cut into journeys where the gap from the
-- end of one slot to the start of the next exceeds journey_gap. Along a journey,
-- in time order, a new area starts each time target's cell does not overlap
-- the previous slot's cell (cell_overlaps): a move no serving area can explain
-- without travel; areas counts the distinct cells that started one (there and
-- back is two). A journey counts when it has at least min_areas areas.
-- score: the number of areas over all counted journeys, each journey's areas
-- weighted by its mean rarity (2 / crowd, as in colocated_with).
CREATE OR REPLACE MACRO cotravel(target, "window" := INTERVAL 15 MINUTE, min_areas := 3, since := NULL, until := NULL,
                                 journey_gap := INTERVAL 1 HOUR) AS TABLE
WITH
m AS MATERIALIZED (  -- the moments, numbered (mk; materialized so the numbers hold) for the kept journeys to fetch their event lists
    SELECT row_number() OVER () AS mk, o_id, a_cell, a_events, a_t, a_end_t, o_event, 2.0 / crowd AS rarity
    FROM colocation_moments((SELECT list(subject_id) FROM subjects WHERE subject = subject_key(target)),
                            within := "window", since := since, until := until)
),
ovt AS (  -- the overlapping pairs among target's cells (a list unnested: the planner then knows it is small)
    SELECT unnest(l, recursive := true)
    FROM (SELECT list({'cell_a': o.cell_a, 'cell_b': o.cell_b}) AS l
          FROM cell_overlaps o
          WHERE o.cell_a IN (SELECT DISTINCT a_cell FROM m) AND o.cell_b IN (SELECT DISTINCT a_cell FROM m))
),
seq AS (  -- the windows sort only the columns they need, not the event lists;
          -- times compared as microseconds (an interval per row is slow)
    SELECT *,
           epoch_us(a_t) - lag(epoch_us(a_end_t)) OVER w > (epoch(journey_gap) * 1000000)::BIGINT AS gap,
           lag(a_cell) OVER w AS prev_cell
    FROM (SELECT mk, o_id, a_cell, a_t, a_end_t, rarity FROM m)
    WINDOW w AS (PARTITION BY o_id ORDER BY a_t, a_cell)
),
starts AS (  -- the first moment of each journey: the other's first, and each after a gap
    SELECT o_id, a_t AS journey FROM seq WHERE gap IS NOT FALSE
),
moved AS (  -- each moment under its journey, named by the journey's start: the latest start
            -- at or before it (no two moments across a gap share a time, since a slot ends
            -- no earlier than it starts). An ASOF join, not a running count of gaps over a
            -- second window: 0.05 s against 0.19 s for 600,000 moments.
    SELECT s.*, st.journey,
           (s.prev_cell IS NULL OR s.gap OR o.cell_a IS NULL) AS new_area
    FROM seq s
    ASOF JOIN starts st ON st.o_id = s.o_id AND st.journey <= s.a_t
    LEFT JOIN ovt o ON o.cell_a = s.prev_cell AND o.cell_b = s.a_cell
),
kept AS (  -- the journeys through at least min_areas areas (counted before any list is built)
    SELECT o_id, journey, count(DISTINCT a_cell) FILTER (WHERE new_area) AS areas,
           min(a_t) AS start, max(a_end_t) AS "end", avg(rarity) AS rarity
    FROM moved
    GROUP BY ALL
    HAVING count(DISTINCT a_cell) FILTER (WHERE new_area) >= min_areas
),
journeys AS (
    SELECT k.o_id, k.journey, k.areas, k.start, k."end", k.rarity,
           list(mv.a_cell ORDER BY mv.a_t, mv.a_cell) FILTER (WHERE mv.new_area) AS cells,
           flatten(list(x.a_events ORDER BY mv.a_t, mv.a_cell)) AS a_events,
           list(x.o_event ORDER BY mv.a_t, mv.a_cell) AS o_events
    FROM kept k
    JOIN moved mv ON mv.o_id = k.o_id AND mv.journey = k.journey
    JOIN m x ON x.mk = mv.mk
    GROUP BY k.o_id, k.journey, k.areas, k.start, k."end", k.rarity
)
-- best_*: the journey through the most areas, the earliest of equals.
SELECT s.subject, count(*) AS journeys, sum(j.areas) AS areas,
       min(j.start) AS first, max(j."end") AS last,
       round(sum(j.areas * j.rarity), 3) AS score,
       arg_max(j.start, (j.areas, -epoch(j.start))) AS best_start, arg_max(j."end", (j.areas, -epoch(j.start))) AS best_end,
       arg_max((SELECT list(c.cell_key ORDER BY i) FROM (SELECT unnest(j.cells) AS cid, generate_subscripts(j.cells, 1) AS i) x
               JOIN cell_coverage c ON c.cell_id = x.cid), (j.areas, -epoch(j.start))) AS best_cells,
       arg_max(j.a_events, (j.areas, -epoch(j.start))) AS target_events,
       arg_max(j.o_events, (j.areas, -epoch(j.start))) AS other_events
FROM journeys j
JOIN subjects s ON s.subject_id = j.o_id
GROUP BY s.subject
ORDER BY score DESC, s.subject;
