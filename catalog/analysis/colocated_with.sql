-- colocated_with(target, "window", since, until): every other handset ranked by
-- how often, on how many days and in how rare places it was with target.
-- docs/analysis/colocated_with.md describes the method, the score and its limits.
--
-- Built on colocation_moments (one row per presence row of target that another
-- handset was in an overlapping serving area within `"window"` of). Each moment
-- weighs rarity = 2 / crowd (1 when no third handset used either cell at that
-- hour of the day in the whole case). score = sum over days of the square root
-- of that day's summed rarity: many days together count for more than one long
-- day, and a few moments in rare places for more than many in busy ones.
CREATE OR REPLACE MACRO colocated_with(target, "window" := INTERVAL 15 MINUTE, since := NULL, until := NULL) AS TABLE
WITH
m AS (  -- only the columns used: the moments are read five times
    SELECT o_id, a_cell, a_events[1] AS a_event, a_t, a_us, o_event, day, crowd, 2.0 / crowd AS rarity
    FROM colocation_moments((SELECT list(subject_id) FROM subjects WHERE subject = subject_key(target)),
                            within := "window", since := since, until := until)
),
ep AS (  -- episodes: a new one starts when the gap to the previous moment exceeds `"window"`
    SELECT o_id, a_us - lag(a_us) OVER (PARTITION BY o_id ORDER BY a_us) > (epoch("window") * 1000000)::BIGINT AS gap
    FROM (SELECT o_id, a_us FROM m)  -- the window sorts only these two columns
),
per_day AS (
    SELECT o_id, sum(sqrt(r)) AS score
    FROM (SELECT o_id, day, sum(rarity) AS r FROM m GROUP BY ALL)
    GROUP BY o_id
),
episodes AS (
    SELECT o_id, count(*) FILTER (WHERE gap IS NOT TRUE) AS episodes FROM ep GROUP BY o_id
),
cells AS (  -- the rarest cells of target where they were together
    SELECT o_id, list(c.cell_key ORDER BY crowd, c.cell_key)[1:3] AS rarest_cells
    FROM (SELECT o_id, a_cell, min(crowd) AS crowd FROM m GROUP BY ALL) x
    JOIN cell_coverage c ON c.cell_id = x.a_cell
    GROUP BY ALL
),
g AS (
    SELECT o_id, count(*) AS slots, count(DISTINCT day) AS days,
           min(a_t) AS first, max(a_t) AS last, min(crowd) AS min_crowd,
           list_sort(arg_min(a_event, (a_us, a_cell), 5)) AS target_events,
           list_sort(arg_min(o_event, (a_us, a_cell), 5)) AS other_events
    FROM m GROUP BY o_id
)
SELECT s.subject, round(d.score, 3) AS score, e.episodes,
       g.slots, g.days, g.first, g.last, g.min_crowd, c.rarest_cells, g.target_events, g.other_events
FROM g
-- the subjects met, read as a semi-join so that the few are hashed, not the case's every identity
JOIN (SELECT subject_id, subject FROM subjects WHERE subject_id IN (SELECT o_id FROM g)) s ON s.subject_id = g.o_id
JOIN per_day d ON d.o_id = g.o_id
JOIN episodes e ON e.o_id = g.o_id
JOIN cells c ON c.o_id = g.o_id
ORDER BY score DESC, s.subject;
