-- How analysis macros name a handset. Every analysis macro takes a subject as
-- text and passes it through subject_key(): a telephone number in any written
-- form (07700 900123, +447700900123, 00447700900123) is read as E.164 in the
-- case's region by the Go function e164(); anything else (an IMSI, an IMEI) is
-- kept as written. presence.subject and subjects.subject hold the same keys:
-- the E.164 number when the provider gave one, else the IMSI, else the
-- 14-digit IMEI.

CREATE OR REPLACE MACRO subject_key(x) AS coalesce(e164(x), trim(x));
