-- colocation_slots(targets, within, since, until): the slots of the targets
-- (a list of subject_id), the unit co-location pairs others with: each
-- target's presence rows on one cell in one time bucket of `within`
-- (bucket = epoch_us(t) // within), with the bucket's earliest and latest
-- time and its events. presence is ordered by subject_id, so this reads few
-- row groups. Used by colocation_moments and colocation_moments_among.
CREATE OR REPLACE MACRO colocation_slots(targets, within, since, until) AS TABLE
SELECT p.subject_id AS a_id, p.cell_id AS a_cell, epoch_us(p.t) // (epoch(within) * 1000000)::BIGINT AS a_b,
       min(epoch_us(p.t)) AS a_lo, max(epoch_us(p.t)) AS a_hi,
       list(DISTINCT p.event_id ORDER BY p.event_id) AS a_events
FROM presence p
WHERE p.subject_id IN (SELECT unnest(targets))
  AND (since IS NULL OR p.t >= since::TIMESTAMPTZ) AND (until IS NULL OR p.t < until::TIMESTAMPTZ)
GROUP BY ALL;
