-- What the movement and pattern-of-life macros (movement.sql, life.sql) read
-- first: one subject's presence rows, and where cells' serving areas are.

-- subject_presence(subject, since, until): the subject's presence rows in time
-- order, numbered (rn), within [since, until) when given.
CREATE OR REPLACE MACRO subject_presence(subj, since := NULL, until := NULL) AS TABLE
SELECT row_number() OVER (ORDER BY p.t, p.event_id, p.at_end) AS rn,
       p.event_id, p.t, p.at_end, p.cell_id
FROM presence p
WHERE p.subject_id IN (SELECT s.subject_id FROM subjects s WHERE s.subject = subject_key(subj))
  AND (since IS NULL OR p.t >= since)
  AND (until IS NULL OR p.t < until);

-- cell_centres(ids): the centre of each listed cell version's serving area
-- (the mean position of its H3 cells), for a handful of cells at a time.
CREATE OR REPLACE MACRO cell_centres(ids) AS TABLE
SELECT a.cell_id, avg(h3_cell_to_lat(a.h3)) AS lat, avg(h3_cell_to_lng(a.h3)) AS lon
FROM cell_areas a
WHERE a.cell_id IN (SELECT unnest(ids))
GROUP BY a.cell_id;
