-- Contact analysis: who a handset is in contact with (top_contacts), who two
-- handsets are both in contact with (common_contacts), and relays from one
-- handset through a third to another (call_chains). Pages:
-- docs/analysis/top_contacts.md, common_contacts.md, call_chains.md.
--
-- All three are built on contact_legs(subject): every call, message,
-- voicemail or forward the subject took part in, seen from the subject's
-- side, once. A leg comes from the subject's own records, or (other_side
-- := true) from the records of another handset naming the subject's number
-- (so a subject whose own records are not loaded still has contacts). A call between two
-- handsets whose records are both loaded is in both (out for one, in for
-- the other): the two records are one leg when they name each other, have
-- the same kind and opposite directions, start within 2 seconds of each
-- other, and their durations differ by at most 2 seconds (or both have
-- none). Marked duplicates and data sessions are left out.

-- contact_legs(subject, since, until): one row per contact the subject took
-- part in, starting in [since, until) (either bound NULL: open).
--   other      the other party: E.164 number, else the text as written
--              (short codes, alphanumeric senders)
--   direction  out (the subject originated), in (received), fwd (the
--              subject's call forwarded to other)
--   kind       voice, sms, mms, voicemail, forward
--   start_utc, duration_s
--   event_ids  the records of this leg: the subject's own first, then the
--              other party's matching record
--   seen_in    subject (only the subject's records), other (only the other
--              party's), both
-- The subject's own records are found by subject_msisdn, subject_imsi or
-- subject_imei14. With other_side := true the records of other handsets
-- naming one of the numbers the subject used (or the subject itself, when a
-- number) are read too: that reads the whole other_msisdn column (about
-- 0.4 s per 5 million events), so it is off by default; without it every
-- leg is seen_in 'subject'.
CREATE OR REPLACE MACRO contact_legs(subject, since := NULL, until := NULL, other_side := false) AS TABLE
WITH k AS (SELECT subject_key(subject) AS k, e164(subject) AS n),
mine AS (
    -- One equality per identity column, so that each is a filter on the
    -- table scan (zone maps skip row groups; a number never equals an IMSI
    -- or an IMEI, so the three parts never share a record).
    SELECT * FROM events WHERE subject_msisdn = subject_key(subject)
    UNION ALL
    SELECT * FROM events WHERE subject_imsi = subject_key(subject)
    UNION ALL
    SELECT * FROM events WHERE subject_imei14 = subject_key(subject)
),
me AS (
    SELECT e.event_id, e.subject_msisdn, coalesce(e.other_msisdn, e.other_raw) AS other,
           e.direction, e.kind, e.start_utc, e.duration_s
    FROM mine e
    WHERE e.duplicate_of IS NULL
      AND (since IS NULL OR e.start_utc >= since)
      AND (until IS NULL OR e.start_utc < until)
),
nums AS (
    SELECT DISTINCT subject_msisdn AS n FROM me WHERE subject_msisdn IS NOT NULL
    UNION
    SELECT n FROM k WHERE n IS NOT NULL
),
own AS (
    SELECT event_id, other, direction, kind, start_utc, duration_s
    FROM me WHERE other IS NOT NULL AND direction IN ('out', 'in', 'fwd') AND kind <> 'data'
),
theirs AS (
    SELECT e.event_id,
           coalesce(e.subject_msisdn, e.subject_imsi, e.subject_imei14) AS other,
           CASE e.direction WHEN 'out' THEN 'in' ELSE 'out' END AS direction,
           e.kind, e.start_utc, e.duration_s
    FROM events e
    WHERE other_side
      AND e.other_msisdn IN (SELECT n FROM nums)
      AND e.duplicate_of IS NULL
      AND e.direction IN ('out', 'in') AND e.kind <> 'data'
      AND (since IS NULL OR e.start_utc >= since)
      AND (until IS NULL OR e.start_utc < until)
      AND e.event_id NOT IN (SELECT event_id FROM me)
),
-- Each of the other party's records is the same leg as at most one own
-- record: the nearest in time that matches.
pairs AS (
    SELECT their_id, arg_min(own_id, d) AS own_id
    FROM (
        SELECT t.event_id AS their_id, o.event_id AS own_id,
               abs(epoch(o.start_utc) - epoch(t.start_utc)) AS d
        FROM own o JOIN theirs t
          ON o.other = t.other AND o.kind = t.kind AND o.direction = t.direction
         AND t.start_utc BETWEEN o.start_utc - INTERVAL 2 SECOND AND o.start_utc + INTERVAL 2 SECOND
        WHERE (o.duration_s IS NULL AND t.duration_s IS NULL) OR abs(o.duration_s - t.duration_s) <= 2
    )
    GROUP BY their_id
)
SELECT o.other, o.direction, o.kind, o.start_utc, o.duration_s,
       list_concat([o.event_id], coalesce(list(p.their_id ORDER BY p.their_id) FILTER (WHERE p.their_id IS NOT NULL), [])) AS event_ids,
       CASE WHEN count(p.their_id) > 0 THEN 'both' ELSE 'subject' END AS seen_in
FROM own o LEFT JOIN pairs p ON p.own_id = o.event_id
GROUP BY o.event_id, o.other, o.direction, o.kind, o.start_utc, o.duration_s
UNION ALL
SELECT t.other, t.direction, t.kind, t.start_utc, t.duration_s, [t.event_id], 'other'
FROM theirs t
WHERE t.event_id NOT IN (SELECT their_id FROM pairs);

-- top_contacts(subject, since, until): the subject's contacts, most
-- frequent first. score = the number of legs (each call or message counted
-- once, from whichever records hold it); ties by days in contact, then call
-- time, then other. days are counted in the case's time zone. event_ids is
-- a sample: the first 20 legs' records in time order (events counts all).
CREATE OR REPLACE MACRO top_contacts(subject, since := NULL, until := NULL, other_side := false) AS TABLE
WITH tz AS (SELECT coalesce(max(value) FILTER (WHERE key = 'time_zone'), 'UTC') AS tz FROM case_meta),
per AS (
    SELECT other,
           count(*) AS events,
           count(*) FILTER (WHERE kind = 'voice' AND direction = 'out') AS calls_out,
           count(*) FILTER (WHERE kind = 'voice' AND direction = 'in') AS calls_in,
           count(*) FILTER (WHERE kind IN ('sms', 'mms') AND direction = 'out') AS sms_out,
           count(*) FILTER (WHERE kind IN ('sms', 'mms') AND direction = 'in') AS sms_in,
           count(*) FILTER (WHERE kind NOT IN ('voice', 'sms', 'mms')) AS other_events,
           coalesce(sum(duration_s) FILTER (WHERE kind = 'voice'), 0) AS call_seconds,
           min(start_utc) AS first_utc,
           max(start_utc) AS last_utc,
           count(DISTINCT CAST(local_time(start_utc, (SELECT tz FROM tz)) AS DATE)) AS days,
           count(*) FILTER (WHERE seen_in = 'both') AS seen_in_both,
           count(*) FILTER (WHERE seen_in = 'other') AS seen_in_other_only,
           flatten(list(event_ids ORDER BY start_utc)[1:20]) AS event_ids
    FROM contact_legs(subject, since := since, until := until, other_side := other_side)
    GROUP BY other
)
SELECT row_number() OVER (ORDER BY events DESC, days DESC, call_seconds DESC, other) AS rank,
       other, events AS score, events, calls_out, calls_in, sms_out, sms_in, other_events,
       call_seconds, first_utc, last_utc, days, seen_in_both, seen_in_other_only, event_ids
FROM per
ORDER BY rank;

-- common_contacts(a, b, since, until): the parties both a and b were in
-- contact with. score = the smaller of the two sides' leg counts; ties by
-- the total. ab_events is the number of legs between a and b themselves
-- (the same on every row; 0: they were never in direct contact), found in
-- a's contacts under b as written, or in b's under a.
CREATE OR REPLACE MACRO common_contacts(a, b, since := NULL, until := NULL, other_side := false) AS TABLE
WITH x AS (SELECT * FROM top_contacts(a, since := since, until := until, other_side := other_side)),
y AS (SELECT * FROM top_contacts(b, since := since, until := until, other_side := other_side)),
direct AS (
    SELECT greatest(
        (SELECT coalesce(max(events), 0) FROM x WHERE other = subject_key(b)),
        (SELECT coalesce(max(events), 0) FROM y WHERE other = subject_key(a))) AS n
)
SELECT row_number() OVER (ORDER BY least(x.events, y.events) DESC, x.events + y.events DESC, other) AS rank,
       other,
       least(x.events, y.events) AS score,
       x.events AS a_events, x.calls_out AS a_calls_out, x.calls_in AS a_calls_in,
       x.sms_out AS a_sms_out, x.sms_in AS a_sms_in,
       x.first_utc AS a_first_utc, x.last_utc AS a_last_utc, x.event_ids AS a_event_ids,
       y.events AS b_events, y.calls_out AS b_calls_out, y.calls_in AS b_calls_in,
       y.sms_out AS b_sms_out, y.sms_in AS b_sms_in,
       y.first_utc AS b_first_utc, y.last_utc AS b_last_utc, y.event_ids AS b_event_ids,
       (SELECT n FROM direct) > 0 AS ab_direct,
       (SELECT n FROM direct) AS ab_events
FROM x JOIN y USING (other)
WHERE other NOT IN (subject_key(a), subject_key(b))
ORDER BY rank;

-- call_chains(a, c, within): a contacts some X (a originates a call or
-- message to X), then X contacts c (X originates) starting no earlier than
-- a's leg started and no later than `within` after a's leg ended. Each leg
-- is read from whichever records are loaded: a's, X's or c's (seen_in).
-- One row per pair of legs; closest relays first (score = gap in seconds).
CREATE OR REPLACE MACRO call_chains(a, c, within := INTERVAL 30 MINUTE, since := NULL, until := NULL, other_side := false) AS TABLE
WITH l1 AS (
    SELECT * FROM contact_legs(a, since := since, until := until, other_side := other_side) WHERE direction = 'out' AND kind IN ('voice', 'sms', 'mms')
),
l2 AS (
    SELECT * FROM contact_legs(c, since := since, until := CAST(until AS TIMESTAMPTZ) + within, other_side := other_side) WHERE direction = 'in' AND kind IN ('voice', 'sms', 'mms')
),
chains AS (
    SELECT l1.other AS via,
           l1.kind AS a_kind, l1.start_utc AS a_start_utc, l1.duration_s AS a_duration_s,
           l1.event_ids AS a_event_ids, l1.seen_in AS a_seen_in,
           l2.kind AS c_kind, l2.start_utc AS c_start_utc, l2.duration_s AS c_duration_s,
           l2.event_ids AS c_event_ids, l2.seen_in AS c_seen_in,
           greatest(epoch(l2.start_utc) - epoch(l1.start_utc) - coalesce(l1.duration_s, 0), 0) AS gap_s
    FROM l1 JOIN l2
      ON l1.other = l2.other
     AND l2.start_utc >= l1.start_utc
     AND l2.start_utc <= l1.start_utc + to_seconds(coalesce(l1.duration_s, 0)) + within
    WHERE l1.other NOT IN (subject_key(a), subject_key(c))
)
SELECT row_number() OVER (ORDER BY gap_s, a_start_utc, via) AS rank,
       via, gap_s AS score, gap_s, to_seconds(gap_s) AS gap,
       a_kind, a_start_utc, a_duration_s, a_event_ids, a_seen_in,
       c_kind, c_start_utc, c_duration_s, c_event_ids, c_seen_in
FROM chains
ORDER BY rank;
