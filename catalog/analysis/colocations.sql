-- colocations(a, b, "window"): the episodes in which handsets a and b were in
-- overlapping serving areas within `"window"` of each other.
-- docs/analysis/colocations.md describes the method, the score and its limits.
--
-- Built on colocation_moments_among with a as the target and b as the only other
-- handset: a moment is a slot of a (its rows on one cell in one time bucket)
-- that b was near. Moments follow each other in one episode while the gap from
-- the end of one slot to the start of the next is at most `"window"`.
-- score: the summed rarity (2 / crowd) of the episode's moments, as in
-- colocated_with; min_crowd the fewest handsets using either cell at that hour.
CREATE OR REPLACE MACRO colocations(a, b, "window" := INTERVAL 15 MINUTE) AS TABLE
WITH
m AS (
    SELECT *, 2.0 / crowd AS rarity
    FROM colocation_moments_among((SELECT list(subject_id) FROM subjects WHERE subject = subject_key(a)),
                                  (SELECT list(subject_id) FROM subjects WHERE subject = subject_key(b)),
                                  within := "window")
),
g AS (
    SELECT *, sum(CASE WHEN gap THEN 1 ELSE 0 END) OVER (ORDER BY a_t, a_cell) AS episode
    FROM (SELECT *, a_t - lag(a_end_t) OVER (ORDER BY a_t, a_cell) > "window" AS gap FROM m)
)
SELECT row_number() OVER (ORDER BY min(g.a_t)) AS episode,
       min(g.a_t) AS start, max(g.a_end_t) AS "end",
       list(DISTINCT e ORDER BY e) AS a_events,
       (SELECT list(DISTINCT o_event ORDER BY o_event) FROM g g2 WHERE g2.episode = g.episode) AS b_events,
       (SELECT list(DISTINCT c.cell_key ORDER BY c.cell_key) FROM g g2 JOIN cell_coverage c ON c.cell_id = g2.a_cell WHERE g2.episode = g.episode) AS a_cells,
       (SELECT list(DISTINCT c.cell_key ORDER BY c.cell_key) FROM g g2 JOIN cell_coverage c ON c.cell_id = g2.o_cell WHERE g2.episode = g.episode) AS b_cells,
       (SELECT count(*) FROM g g2 WHERE g2.episode = g.episode) AS moments,
       (SELECT round(sum(rarity), 3) FROM g g2 WHERE g2.episode = g.episode) AS score,
       (SELECT min(crowd) FROM g g2 WHERE g2.episode = g.episode) AS min_crowd
FROM (SELECT episode, a_t, a_end_t, unnest(a_events) AS e FROM g) g
GROUP BY g.episode
ORDER BY start;
