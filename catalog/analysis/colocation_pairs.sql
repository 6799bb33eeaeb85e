-- colocation_pairs(subjects, "window"): every pair among a list of handsets that
-- was co-located, with the score of colocated_with.
-- docs/analysis/colocated_with.md describes the method, the score and its limits.
--
-- Built on colocation_moments_among with the list as both targets and others, each
-- unordered pair once: the moments are the slots of the pair's handset with
-- the smaller subject_id (a), so the score of a pair is the one colocated_with
-- gives b when asked about a.
CREATE OR REPLACE MACRO colocation_pairs(subjects, "window" := INTERVAL 15 MINUTE) AS TABLE
WITH
ids AS (
    SELECT list(DISTINCT s.subject_id) AS ids
    FROM subjects s
    WHERE s.subject IN (SELECT subject_key(x) FROM (SELECT unnest(subjects) AS x))
),
m AS (
    SELECT *, 2.0 / crowd AS rarity
    FROM colocation_moments_among((SELECT ids FROM ids), (SELECT ids FROM ids), within := "window", ordered := true)
),
ep AS (  -- times compared as microseconds (an interval per row is slow); the window sorts only these columns
    SELECT a_id, o_id,
           epoch_us(a_t) - lag(epoch_us(a_end_t)) OVER (PARTITION BY a_id, o_id ORDER BY a_t, a_cell)
               > (epoch("window") * 1000000)::BIGINT AS gap
    FROM (SELECT a_id, o_id, a_t, a_cell, a_end_t FROM m)
),
days AS (
    SELECT a_id, o_id, sum(sqrt(r)) AS score, count(*) AS days
    FROM (SELECT a_id, o_id, day, sum(rarity) AS r FROM m GROUP BY ALL)
    GROUP BY ALL
)
SELECT sa.subject AS a, sb.subject AS b, round(d.score, 3) AS score,
       e.episodes, g.slots, d.days, g.first, g.last, g.min_crowd
FROM (SELECT a_id, o_id, count(*) AS slots, min(a_t) AS first, max(a_end_t) AS last, min(crowd) AS min_crowd
      FROM m GROUP BY ALL) g
JOIN (SELECT a_id, o_id, count(*) FILTER (WHERE gap IS NOT TRUE) AS episodes FROM ep GROUP BY ALL) e USING (a_id, o_id)
JOIN days d USING (a_id, o_id)
JOIN subjects sa ON sa.subject_id = g.a_id
JOIN subjects sb ON sb.subject_id = g.o_id
ORDER BY score DESC, a, b;
