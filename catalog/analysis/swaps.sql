-- Handset and SIM changes: the handsets (IMEIs) a number or SIM was used in
-- (handset_changes), and the SIMs (numbers and IMSIs) used in a handset
-- (sim_changes). Page: docs/analysis/handset_changes.md.
--
-- Both read the subject's own records (a record names the subject's IMEI and
-- IMSI, never the other party's), every kind of event, marked duplicates
-- left out, and give one row per handset (or SIM) in the order each was
-- first seen, with:
--   first_utc, last_utc   the first and last record naming it
--   events                how many records name it
--   runs                  how many stretches of consecutive records (in time
--                         order) name it: 1 = used in one stretch; more = the
--                         number went back and forth between handsets
--   changed_after         the last record of another handset (SIM) before
--                         this one's first: the change happened between
--                         changed_after and first_utc (NULL for the first)
--   overlapping           true when another handset's (SIM's) span
--                         [first_utc, last_utc] overlaps this one's: two in
--                         use at once (for a number: a possible cloned SIM)
--   overlaps_with         the other handsets (SIMs) it overlaps
--   score                 runs (see above)
-- IMEIs are compared on their first 14 digits (subject_imei14): the 15th is
-- a check digit and an IMEISV's last two a software version.

-- handset_changes(subject): the handsets a number (or an IMSI) was used in.
-- A number also finds the records of its IMSIs that carry no number (tower
-- dumps often give only the IMSI).
CREATE OR REPLACE MACRO handset_changes(subject) AS TABLE
WITH by_number AS (
    SELECT * FROM events WHERE subject_msisdn = subject_key(subject)
),
imsis AS (
    SELECT DISTINCT subject_imsi AS imsi FROM by_number WHERE subject_imsi IS NOT NULL
),
mine AS (
    -- One equality per column, so that each is a filter on the table scan.
    SELECT * FROM by_number
    UNION ALL
    SELECT * FROM events WHERE subject_imsi = subject_key(subject)
    UNION ALL
    SELECT * FROM events
    WHERE subject_msisdn IS NULL AND subject_imsi IN (SELECT imsi FROM imsis)
      AND subject_imsi <> subject_key(subject)
),
me AS (
    SELECT e.event_id, e.start_utc, e.start_cell, e.subject_imei14 AS item, e.subject_imei,
           e.subject_imsi, e.subject_msisdn
    FROM mine e
    WHERE e.duplicate_of IS NULL AND e.subject_imei14 IS NOT NULL
),
runs AS (
    SELECT *, lag(item) OVER (ORDER BY start_utc, event_id) IS DISTINCT FROM item AS run_start
    FROM me
),
per AS (
    SELECT item AS imei14,
           list(DISTINCT subject_imei ORDER BY subject_imei) AS imeis,
           list(DISTINCT subject_msisdn ORDER BY subject_msisdn) FILTER (WHERE subject_msisdn IS NOT NULL) AS msisdns,
           list(DISTINCT subject_imsi ORDER BY subject_imsi) FILTER (WHERE subject_imsi IS NOT NULL) AS imsis,
           min(start_utc) AS first_utc, max(start_utc) AS last_utc, count(*) AS events,
           count(*) FILTER (WHERE run_start) AS runs,
           arg_min(event_id, (start_utc, event_id)) AS first_event_id,
           arg_max(event_id, (start_utc, event_id)) AS last_event_id,
           arg_min(start_cell, (start_utc, event_id)) AS first_cell,
           arg_max(start_cell, (start_utc, event_id)) AS last_cell
    FROM runs
    GROUP BY item
),
ov AS (
    SELECT p.imei14 AS item, list(q.imei14 ORDER BY q.first_utc) AS overlaps_with
    FROM per p JOIN per q
      ON q.imei14 <> p.imei14 AND q.first_utc <= p.last_utc AND q.last_utc >= p.first_utc
    GROUP BY p.imei14
),
chg AS (
    SELECT p.imei14 AS item, max(m.start_utc) AS changed_after,
           arg_max(m.event_id, (m.start_utc, m.event_id)) AS changed_after_event_id
    FROM per p JOIN me m ON m.item <> p.imei14 AND m.start_utc < p.first_utc
    GROUP BY p.imei14
)
SELECT row_number() OVER (ORDER BY p.first_utc, p.imei14) AS seq,
       p.imei14, p.imeis, p.msisdns, p.imsis, p.first_utc, p.last_utc, p.events, p.runs AS score, p.runs,
       lag(p.imei14) OVER (ORDER BY p.first_utc, p.imei14) AS prev_imei14,
       c.changed_after, c.changed_after_event_id,
       coalesce(o.overlaps_with, []) AS overlaps_with,
       o.overlaps_with IS NOT NULL AS overlapping,
       p.first_event_id, p.last_event_id, p.first_cell, p.last_cell
FROM per p LEFT JOIN ov o ON o.item = p.imei14 LEFT JOIN chg c ON c.item = p.imei14
ORDER BY seq;

-- sim_changes(imei): the SIMs used in a handset. imei may be written with 14,
-- 15 or 16 digits (spaces and dashes ignored); records are matched on the
-- first 14. A SIM is its number; a record with an IMSI and no number counts
-- under the number that IMSI was seen with in this handset (else the IMSI).
CREATE OR REPLACE MACRO sim_changes(imei) AS TABLE
WITH me0 AS (
    SELECT event_id, start_utc, start_cell, subject_msisdn, subject_imsi, subject_imei
    FROM events
    WHERE subject_imei14 = left(regexp_replace(CAST(imei AS VARCHAR), '[^0-9]', '', 'g'), 14)
      AND duplicate_of IS NULL
      AND (subject_msisdn IS NOT NULL OR subject_imsi IS NOT NULL)
),
numbered AS (
    SELECT subject_imsi AS imsi, mode(subject_msisdn) AS msisdn
    FROM me0 WHERE subject_imsi IS NOT NULL AND subject_msisdn IS NOT NULL
    GROUP BY subject_imsi
),
me AS (
    SELECT me0.*, coalesce(me0.subject_msisdn, n.msisdn, me0.subject_imsi) AS item
    FROM me0 LEFT JOIN numbered n ON n.imsi = me0.subject_imsi
),
runs AS (
    SELECT *, lag(item) OVER (ORDER BY start_utc, event_id) IS DISTINCT FROM item AS run_start
    FROM me
),
per AS (
    SELECT item AS sim,
           list(DISTINCT subject_msisdn ORDER BY subject_msisdn) FILTER (WHERE subject_msisdn IS NOT NULL) AS msisdns,
           list(DISTINCT subject_imsi ORDER BY subject_imsi) FILTER (WHERE subject_imsi IS NOT NULL) AS imsis,
           list(DISTINCT subject_imei ORDER BY subject_imei) FILTER (WHERE subject_imei IS NOT NULL) AS imeis,
           min(start_utc) AS first_utc, max(start_utc) AS last_utc, count(*) AS events,
           count(*) FILTER (WHERE run_start) AS runs,
           arg_min(event_id, (start_utc, event_id)) AS first_event_id,
           arg_max(event_id, (start_utc, event_id)) AS last_event_id,
           arg_min(start_cell, (start_utc, event_id)) AS first_cell,
           arg_max(start_cell, (start_utc, event_id)) AS last_cell
    FROM runs
    GROUP BY item
),
ov AS (
    SELECT p.sim AS item, list(q.sim ORDER BY q.first_utc) AS overlaps_with
    FROM per p JOIN per q
      ON q.sim <> p.sim AND q.first_utc <= p.last_utc AND q.last_utc >= p.first_utc
    GROUP BY p.sim
),
chg AS (
    SELECT p.sim AS item, max(m.start_utc) AS changed_after,
           arg_max(m.event_id, (m.start_utc, m.event_id)) AS changed_after_event_id
    FROM per p JOIN me m ON m.item <> p.sim AND m.start_utc < p.first_utc
    GROUP BY p.sim
)
SELECT row_number() OVER (ORDER BY p.first_utc, p.sim) AS seq,
       p.sim, p.msisdns, p.imsis, p.imeis, p.first_utc, p.last_utc, p.events, p.runs AS score, p.runs,
       lag(p.sim) OVER (ORDER BY p.first_utc, p.sim) AS prev_sim,
       c.changed_after, c.changed_after_event_id,
       coalesce(o.overlaps_with, []) AS overlaps_with,
       o.overlaps_with IS NOT NULL AS overlapping,
       p.first_event_id, p.last_event_id, p.first_cell, p.last_cell
FROM per p LEFT JOIN ov o ON o.item = p.sim LEFT JOIN chg c ON c.item = p.sim
ORDER BY seq;
