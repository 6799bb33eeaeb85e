-- Pattern of life: where a handset is used at each hour of the day and day of
-- the week, where it spends the night and where the working day, in the
-- case's time zone (case_meta time_zone). docs/analysis/pattern_of_life.md.

-- case_time_zone(): the case's time zone (IANA name), UTC when unset.
CREATE OR REPLACE MACRO case_time_zone() AS
    coalesce((SELECT max(value) FROM case_meta WHERE key = 'time_zone'), 'UTC');

-- pattern_of_life(subject, since, until, top := 3): one row per kind, slot and
-- rank (1 = the most used cell):
--   hour                  slot = local hour 0..23: the cells used most in that hour
--   weekday               slot = ISO day of week 1 (Monday) .. 7 (Sunday)
--   overnight             events 22:00-06:00 local; days = nights (an evening and the morning after)
--   overnight_first_last  the first and the last event of each local day; events = how many of them
--   daytime               Monday to Friday, 10:00-16:00 local
-- events counts the subject's events (start cells) on the cell in the slot,
-- days the distinct local days (nights) they fall on, share = events / all the
-- subject's events in the slot; score = share x days / (days + 1).
CREATE OR REPLACE MACRO pattern_of_life(subj, since := NULL, until := NULL, top := 3) AS TABLE
WITH ev AS (
    SELECT p.event_id, p.t, p.cell_id, local_time(p.t, case_time_zone()) AS lt
    FROM subject_presence(subj, since := since, until := until) p
    WHERE NOT p.at_end
), firsts AS (
    SELECT lt::DATE AS d, arg_min(cell_id, (lt, cell_id)) AS first_cell, arg_max(cell_id, (lt, -cell_id)) AS last_cell,
           min(t) AS t0, max(t) AS t1
    FROM ev GROUP BY 1
), slots AS (
    SELECT 'hour' AS kind, hour(lt) AS slot, cell_id, t, lt::DATE AS d FROM ev
    UNION ALL
    SELECT 'weekday', isodow(lt), cell_id, t, lt::DATE FROM ev
    UNION ALL
    SELECT 'overnight', NULL, cell_id, t, (lt - INTERVAL 12 HOUR)::DATE FROM ev
    WHERE hour(lt) >= 22 OR hour(lt) < 6
    UNION ALL
    SELECT 'daytime', NULL, cell_id, t, lt::DATE FROM ev
    WHERE isodow(lt) <= 5 AND hour(lt) >= 10 AND hour(lt) < 16
    UNION ALL
    SELECT 'overnight_first_last', NULL, first_cell, t0, d FROM firsts
    UNION ALL
    SELECT 'overnight_first_last', NULL, last_cell, t1, d FROM firsts
), counted AS (
    SELECT kind, slot, cell_id, count(*) AS events, count(DISTINCT d) AS days,
           min(t) AS first_utc, max(t) AS last_utc
    FROM slots GROUP BY ALL
), ranked AS (
    SELECT *, events / sum(events) OVER (PARTITION BY kind, slot) AS share,
           row_number() OVER (PARTITION BY kind, slot ORDER BY events DESC, days DESC, cell_id) AS rank
    FROM counted
    QUALIFY rank <= top
), ctr AS (
    SELECT * FROM cell_centres((SELECT list(DISTINCT cell_id) FROM ranked))
)
SELECT r.kind, r.slot, r.rank, c.cell_key, round(x.lat, 6) AS lat, round(x.lon, 6) AS lon,
       r.events, r.days, round(r.share, 3) AS share, r.first_utc, r.last_utc,
       round(r.share * r.days / (r.days + 1), 3) AS score
FROM ranked r
JOIN cell_coverage c ON c.cell_id = r.cell_id
JOIN ctr x ON x.cell_id = r.cell_id
ORDER BY CASE r.kind WHEN 'overnight' THEN 1 WHEN 'overnight_first_last' THEN 2 WHEN 'daytime' THEN 3
                     WHEN 'hour' THEN 4 ELSE 5 END, r.slot, r.rank;
