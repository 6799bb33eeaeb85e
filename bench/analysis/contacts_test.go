package analysis_test

import (
	gosql "database/sql"
	"testing"

	"github.com/stretchr/testify/require"
)

// contactCounts is one party's counts, as top_contacts reports them.
type contactCounts struct {
	Events, CallsOut, CallsIn, SMSOut, SMSIn, Other int64
	First, Last                                     string
}

// plainContacts counts the subject's own records per other party with a
// plain query over events: what top_contacts must agree with.
func plainContacts(t *testing.T, db *gosql.DB, msisdn, since, until string) map[string]contactCounts {
	t.Helper()
	out := map[string]contactCounts{}
	for _, r := range rows(t, db, `
		SELECT coalesce(other_msisdn, other_raw) AS other, count(*) AS events,
		       count(*) FILTER (WHERE kind = 'voice' AND direction = 'out') AS calls_out,
		       count(*) FILTER (WHERE kind = 'voice' AND direction = 'in') AS calls_in,
		       count(*) FILTER (WHERE kind IN ('sms', 'mms') AND direction = 'out') AS sms_out,
		       count(*) FILTER (WHERE kind IN ('sms', 'mms') AND direction = 'in') AS sms_in,
		       count(*) FILTER (WHERE kind NOT IN ('voice', 'sms', 'mms')) AS other_events,
		       min(start_utc)::VARCHAR AS first_utc, max(start_utc)::VARCHAR AS last_utc
		FROM events
		WHERE subject_msisdn = ? AND duplicate_of IS NULL AND kind <> 'data'
		  AND direction IN ('out', 'in', 'fwd') AND coalesce(other_msisdn, other_raw) IS NOT NULL
		  AND (?::TIMESTAMPTZ IS NULL OR start_utc >= ?::TIMESTAMPTZ)
		  AND (?::TIMESTAMPTZ IS NULL OR start_utc < ?::TIMESTAMPTZ)
		GROUP BY 1`, msisdn, nullable(since), nullable(since), nullable(until), nullable(until)) {
		out[str(r["other"])] = counts(r)
	}
	return out
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func counts(r map[string]any) contactCounts {
	n := func(k string) int64 { return r[k].(int64) }
	return contactCounts{Events: n("events"), CallsOut: n("calls_out"), CallsIn: n("calls_in"),
		SMSOut: n("sms_out"), SMSIn: n("sms_in"), Other: n("other_events"),
		First: str(r["first_utc"]), Last: str(r["last_utc"])}
}

// topContacts runs top_contacts and returns its rows by other party, and
// the parties in rank order.
func topContacts(t *testing.T, db *gosql.DB, call string, args ...any) (map[string]contactCounts, []string) {
	t.Helper()
	got := map[string]contactCounts{}
	var order []string
	for _, r := range rows(t, db, `SELECT *, first_utc::VARCHAR AS first_utc, last_utc::VARCHAR AS last_utc
		FROM `+call+` ORDER BY rank`, args...) {
		got[str(r["other"])] = counts(r)
		order = append(order, str(r["other"]))
		require.Equal(t, r["events"], r["score"], "score is the number of legs")
	}
	return got, order
}

type contactsTruth struct {
	Meeting []struct {
		MSISDNs []string `json:"msisdns"`
	} `json:"meeting"`
	CarriedPairs []struct {
		A string `json:"a"`
		B string `json:"b"`
	} `json:"carried_pairs"`
	Period struct {
		From string `json:"from"`
		To   string `json:"to"`
	} `json:"period"`
}

// top_contacts counts each party's calls and messages exactly as a plain
// query over the subject's own records does, whether the subject is written
// in E.164 or national format, and for a time window.
func TestTopContactsAgreeWithThePlainCountOfTheSubjectsRecords(t *testing.T) {
	db, truthPath := analysed(t)
	var truth contactsTruth
	readTruth(t, truthPath, &truth)
	require.NotEmpty(t, truth.Meeting)
	for _, m := range truth.Meeting[0].MSISDNs {
		t.Run(m, func(t *testing.T) {
			want := plainContacts(t, db, m, "", "")
			require.NotEmpty(t, want)
			got, order := topContacts(t, db, `top_contacts(?)`, m)
			require.Equal(t, want, got)
			gotNat, orderNat := topContacts(t, db, `top_contacts(?)`, national(m))
			require.Equal(t, want, gotNat)
			require.Equal(t, order, orderNat)
			for i := 1; i < len(order); i++ {
				require.GreaterOrEqual(t, got[order[i-1]].Events, got[order[i]].Events, "ranked by score")
			}

			since, until := "2026-05-08 00:00:00+00", "2026-05-11 00:00:00+00"
			wantWin := plainContacts(t, db, m, since, until)
			require.NotEmpty(t, wantWin)
			gotWin, _ := topContacts(t, db, `top_contacts(?, since := ?::TIMESTAMPTZ, until := ?::TIMESTAMPTZ)`, m, since, until)
			require.Equal(t, wantWin, gotWin)
		})
	}
}

// The three people of the meeting are in contact with each other; the
// carried pair (one person's two phones) never call each other.
func TestTopContactsOfTheMeetingAndTheCarriedPair(t *testing.T) {
	db, truthPath := analysed(t)
	var truth contactsTruth
	readTruth(t, truthPath, &truth)
	trio := truth.Meeting[0].MSISDNs
	for i, a := range trio {
		got, _ := topContacts(t, db, `top_contacts(?)`, a)
		for j, b := range trio {
			if i != j {
				require.Contains(t, got, b, "%s and %s of the meeting are in contact", a, b)
				require.Positive(t, got[b].Events)
			}
		}
	}
	require.NotEmpty(t, truth.CarriedPairs)
	for _, p := range truth.CarriedPairs {
		got, _ := topContacts(t, db, `top_contacts(?)`, p.A)
		require.NotEmpty(t, got)
		require.NotContains(t, got, p.B, "one person does not call their own second phone")
	}
}

// common_contacts lists the parties both sides were in contact with, with
// each side's counts as top_contacts gives them, and says whether the two
// were in direct contact.
func TestCommonContacts(t *testing.T) {
	db, truthPath := analysed(t)
	var truth contactsTruth
	readTruth(t, truthPath, &truth)
	trio := truth.Meeting[0].MSISDNs
	a, b, c := trio[0], trio[1], trio[2]
	xa, _ := topContacts(t, db, `top_contacts(?)`, a)
	xb, _ := topContacts(t, db, `top_contacts(?)`, b)
	common := rows(t, db, `SELECT * FROM common_contacts(?, ?) ORDER BY rank`, national(a), b)
	require.NotEmpty(t, common)
	seen := map[string]bool{}
	for _, r := range common {
		o := str(r["other"])
		seen[o] = true
		require.Contains(t, xa, o)
		require.Contains(t, xb, o)
		require.Equal(t, xa[o].Events, r["a_events"])
		require.Equal(t, xb[o].Events, r["b_events"])
		require.Equal(t, min(xa[o].Events, xb[o].Events), r["score"])
		require.Equal(t, true, r["ab_direct"], "the meeting's members call each other")
		require.Equal(t, xa[b].Events, r["ab_events"])
	}
	require.True(t, seen[c], "the third member of the meeting is a common contact")
	for o := range xa {
		if _, ok := xb[o]; ok && o != a && o != b {
			require.True(t, seen[o], "%s is in both lists", o)
		}
	}

	for _, p := range truth.CarriedPairs {
		for _, r := range rows(t, db, `SELECT ab_direct, ab_events FROM common_contacts(?, ?)`, p.A, p.B) {
			require.Equal(t, false, r["ab_direct"])
			require.Equal(t, int64(0), r["ab_events"])
		}
	}
}

// call_chains finds every a → X, then X → c within the window, as a plain
// join over the two handsets' own records does.
func TestCallChainsAgreeWithAPlainJoin(t *testing.T) {
	db, truthPath := analysed(t)
	var truth contactsTruth
	readTruth(t, truthPath, &truth)
	trio := truth.Meeting[0].MSISDNs
	total := 0
	for _, pair := range [][2]string{{trio[0], trio[1]}, {trio[1], trio[2]}, {trio[2], trio[0]}} {
		a, c := pair[0], pair[1]
		var want int
		require.NoError(t, db.QueryRow(`
			WITH l1 AS (SELECT * FROM events WHERE subject_msisdn = $1 AND direction = 'out'
			              AND kind IN ('voice', 'sms', 'mms') AND duplicate_of IS NULL),
			     l2 AS (SELECT * FROM events WHERE subject_msisdn = $2 AND direction = 'in'
			              AND kind IN ('voice', 'sms', 'mms') AND duplicate_of IS NULL)
			SELECT count(*) FROM l1 JOIN l2 ON l1.other_msisdn = l2.other_msisdn
			WHERE l1.other_msisdn NOT IN ($1, $2) AND l2.start_utc >= l1.start_utc
			  AND epoch(l2.start_utc) <= epoch(l1.start_utc) + coalesce(l1.duration_s, 0) + 1800`, a, c).Scan(&want))
		got := rows(t, db, `SELECT * FROM call_chains(?, ?)`, a, national(c))
		require.Len(t, got, want, "%s → X → %s", a, c)
		total += want
		for _, r := range got {
			require.LessOrEqual(t, r["gap_s"].(float64), 1800.0)
			require.GreaterOrEqual(t, r["gap_s"].(float64), 0.0)
			var aOther, aDir, cOther, cDir string
			require.NoError(t, db.QueryRow(`SELECT other_msisdn, direction FROM events WHERE event_id = ?`,
				r["a_event_ids"].([]any)[0]).Scan(&aOther, &aDir))
			require.NoError(t, db.QueryRow(`SELECT other_msisdn, direction FROM events WHERE event_id = ?`,
				r["c_event_ids"].([]any)[0]).Scan(&cOther, &cDir))
			require.Equal(t, []string{str(r["via"]), "out", str(r["via"]), "in"}, []string{aOther, aDir, cOther, cDir})
		}
		var narrower int
		require.NoError(t, db.QueryRow(`SELECT count(*) FROM call_chains(?, ?, within := INTERVAL 5 MINUTE)`, a, c).Scan(&narrower))
		require.LessOrEqual(t, narrower, want)
	}
	require.Positive(t, total, "the meeting's members relay through each other")
}

// With other_side, the other party's records are read too: where both ends
// are loaded each call or message is still counted once, seen in both.
func TestTopContactsOtherSideCountsEachLegOnce(t *testing.T) {
	db, truthPath := analysed(t)
	var truth contactsTruth
	readTruth(t, truthPath, &truth)
	trio := truth.Meeting[0].MSISDNs
	own, _ := topContacts(t, db, `top_contacts(?)`, trio[0])
	both := rows(t, db, `SELECT * FROM top_contacts(?, other_side := true)`, trio[0])
	byOther := map[string]map[string]any{}
	for _, r := range both {
		byOther[str(r["other"])] = r
	}
	for _, b := range trio[1:] {
		r := byOther[b]
		require.NotNil(t, r)
		require.Equal(t, own[b].Events, r["events"])
		require.Equal(t, own[b].Events, r["seen_in_both"], "every leg with %s is in both handsets' records", b)
		require.Equal(t, int64(0), r["seen_in_other_only"])
	}
}
