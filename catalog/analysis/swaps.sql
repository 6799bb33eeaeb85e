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

-- usage_sequence(subject, imei): the shared body of both. Exactly one of
-- subject and imei is given: with subject, the items are the IMEIs (14
-- digits) the subject's records name; with imei, the SIMs used in that
-- handset. A SIM is its number; a record with an IMSI and no number counts
-- under the number that IMSI was seen with in this handset (else the IMSI).
-- One row per item: the lists of numbers, IMSIs and IMEIs seen with it and
-- the columns described above.
CREATE OR REPLACE MACRO usage_sequence(subject := NULL, imei := NULL) AS TABLE
WITH by_number AS (
    SELECT * FROM events WHERE subject IS NOT NULL AND subject_msisdn = subject_key(subject)
),
imsis AS (
    SELECT DISTINCT subject_imsi AS imsi FROM by_number WHERE subject_imsi IS NOT NULL
),
mine AS (
    -- A number also finds the records of its IMSIs that carry no number
    -- (tower dumps often give only the IMSI). One equality per column, so
    -- that each is a filter on the table scan.
    SELECT * FROM by_number
    UNION ALL
    SELECT * FROM events WHERE subject IS NOT NULL AND subject_imsi = subject_key(subject)
    UNION ALL
    SELECT * FROM events
    WHERE subject IS NOT NULL AND subject_msisdn IS NULL AND subject_imsi IN (SELECT imsi FROM imsis)
      AND subject_imsi <> subject_key(subject)
),
in_handset AS (
    SELECT event_id, start_utc, start_cell, subject_msisdn, subject_imsi, subject_imei
    FROM events
    WHERE imei IS NOT NULL
      AND subject_imei14 = left(regexp_replace(CAST(imei AS VARCHAR), '[^0-9]', '', 'g'), 14)
      AND duplicate_of IS NULL
      AND (subject_msisdn IS NOT NULL OR subject_imsi IS NOT NULL)
),
numbered AS (
    SELECT subject_imsi AS imsi, mode(subject_msisdn) AS msisdn
    FROM in_handset WHERE subject_imsi IS NOT NULL AND subject_msisdn IS NOT NULL
    GROUP BY subject_imsi
),
me AS (
    SELECT e.event_id, e.start_utc, e.start_cell, e.subject_imei14 AS item, e.subject_imei,
           e.subject_imsi, e.subject_msisdn
    FROM mine e
    WHERE e.duplicate_of IS NULL AND e.subject_imei14 IS NOT NULL
    UNION ALL
    SELECT h.event_id, h.start_utc, h.start_cell, coalesce(h.subject_msisdn, n.msisdn, h.subject_imsi),
           h.subject_imei, h.subject_imsi, h.subject_msisdn
    FROM in_handset h LEFT JOIN numbered n ON n.imsi = h.subject_imsi
),
runs AS (
    SELECT *, lag(item) OVER (ORDER BY start_utc, event_id) IS DISTINCT FROM item AS run_start
    FROM me
),
per AS (
    SELECT item,
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
    SELECT p.item, list(q.item ORDER BY q.first_utc) AS overlaps_with
    FROM per p JOIN per q
      ON q.item <> p.item AND q.first_utc <= p.last_utc AND q.last_utc >= p.first_utc
    GROUP BY p.item
),
chg AS (
    SELECT p.item, max(m.start_utc) AS changed_after,
           arg_max(m.event_id, (m.start_utc, m.event_id)) AS changed_after_event_id
    FROM per p JOIN me m ON m.item <> p.item AND m.start_utc < p.first_utc
    GROUP BY p.item
)
SELECT row_number() OVER (ORDER BY p.first_utc, p.item) AS seq,
       p.item, p.msisdns, p.imsis, p.imeis, p.first_utc, p.last_utc, p.events, p.runs,
       lag(p.item) OVER (ORDER BY p.first_utc, p.item) AS prev_item,
       c.changed_after, c.changed_after_event_id,
       coalesce(o.overlaps_with, []) AS overlaps_with,
       o.overlaps_with IS NOT NULL AS overlapping,
       p.first_event_id, p.last_event_id, p.first_cell, p.last_cell
FROM per p LEFT JOIN ov o ON o.item = p.item LEFT JOIN chg c ON c.item = p.item;

-- handset_changes(subject): the handsets a number (or an IMSI) was used in.
CREATE OR REPLACE MACRO handset_changes(subject) AS TABLE
SELECT seq, item AS imei14, imeis, msisdns, imsis, first_utc, last_utc, events, runs AS score, runs,
       prev_item AS prev_imei14, changed_after, changed_after_event_id, overlaps_with, overlapping,
       first_event_id, last_event_id, first_cell, last_cell
FROM usage_sequence(subject := subject)
ORDER BY seq;

-- sim_changes(imei): the SIMs used in a handset. imei may be written with 14,
-- 15 or 16 digits (spaces and dashes ignored); records are matched on the
-- first 14.
CREATE OR REPLACE MACRO sim_changes(imei) AS TABLE
SELECT seq, item AS sim, msisdns, imsis, imeis, first_utc, last_utc, events, runs AS score, runs,
       prev_item AS prev_sim, changed_after, changed_after_event_id, overlaps_with, overlapping,
       first_event_id, last_event_id, first_cell, last_cell
FROM usage_sequence(imei := imei)
ORDER BY seq;
