package analysis_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// pairTruth is a planted pair of handsets: one person carrying both all period.
type pairTruth struct {
	A string `json:"a"`
	B string `json:"b"`
}

// colocationTruth is what the co-location tests read from truth.json.
type colocationTruth struct {
	CarriedPairs []pairTruth `json:"carried_pairs"`
	Meeting      []struct {
		MSISDNs []string  `json:"msisdns"`
		Start   time.Time `json:"start"`
		End     time.Time `json:"end"`
	} `json:"meeting"`
	Convoys []struct {
		Members  []string `json:"members"`
		Journeys []struct {
			Start time.Time `json:"start"`
			End   time.Time `json:"end"`
		} `json:"journeys"`
	} `json:"convoys"`
	Handsets []struct {
		MSISDN string `json:"msisdn"`
	} `json:"handsets"`
}

// directions lists each carried pair both ways round.
func (t colocationTruth) directions() []pairTruth {
	var out []pairTruth
	for _, p := range t.CarriedPairs {
		out = append(out, p, pairTruth{A: p.B, B: p.A})
	}
	return out
}

// rankOf is the 1-based position of want in the ranked subjects, 0 if absent.
func rankOf(rs []map[string]any, want string) int {
	for i, r := range rs {
		if str(r["subject"]) == want {
			return i + 1
		}
	}
	return 0
}

// The handset a person carries with another is the first colocated_with
// names, asked from either handset, for nearly every planted pair.
func TestColocatedWithRanksTheCarriedPartnerFirst(t *testing.T) {
	db, truthPath := analysed(t)
	var truth colocationTruth
	readTruth(t, truthPath, &truth)
	dirs := truth.directions()
	require.NotEmpty(t, dirs)
	first := 0
	for _, p := range dirs {
		rs := rows(t, db, `SELECT subject, score FROM colocated_with(?) ORDER BY score DESC, subject`, p.A)
		r := rankOf(rs, p.B)
		t.Logf("%s -> %s: rank %d of %d", p.A, p.B, r, len(rs))
		if r == 1 {
			first++
		}
	}
	t.Logf("partner first for %d of %d directions", first, len(dirs))
	require.GreaterOrEqual(t, float64(first)/float64(len(dirs)), 0.95)
}

// The default quarter-hour window is answered from presence_slots, any other
// window from presence itself: both ways find the same partners, and a
// longer window finds every handset the default one does.
func TestColocatedWithAnswersEveryWindowTheSameWay(t *testing.T) {
	db, truthPath := analysed(t)
	var truth colocationTruth
	readTruth(t, truthPath, &truth)
	for _, p := range truth.directions() {
		quarter := rows(t, db, `SELECT subject FROM colocated_with(?) ORDER BY score DESC, subject`, p.A)
		longer := rows(t, db, `SELECT subject FROM colocated_with(?, "window" := INTERVAL 16 MINUTE) ORDER BY score DESC, subject`, p.A)
		require.Equal(t, 1, rankOf(longer, p.B), "%s -> %s with a 16-minute window", p.A, p.B)
		seen := map[string]bool{}
		for _, r := range longer {
			seen[str(r["subject"])] = true
		}
		for _, r := range quarter {
			require.True(t, seen[str(r["subject"])], "%s with %s in 15 minutes but not in 16", p.A, r["subject"])
		}
	}
}

// A convoy's two phones travel together on a few evenings only; colocated_with
// still finds each member among the other's associates, though behind the
// neighbours and colleagues shared every day (cotravel ranks them first).
func TestColocatedWithFindsTheConvoyPartner(t *testing.T) {
	db, truthPath := analysed(t)
	var truth colocationTruth
	readTruth(t, truthPath, &truth)
	require.NotEmpty(t, truth.Convoys)
	for _, c := range truth.Convoys {
		for i, a := range c.Members {
			b := c.Members[1-i]
			rs := rows(t, db, `SELECT subject FROM colocated_with(?) ORDER BY score DESC, subject`, a)
			r := rankOf(rs, b)
			t.Logf("convoy %s -> %s: rank %d of %d", a, b, r, len(rs))
			require.NotZero(t, r, "convoy partner not co-located at all")
			require.LessOrEqual(t, r, 10)
		}
	}
}

// The three who met are co-located pair by pair during the meeting: for each
// pair an episode of colocations overlaps the meeting's hour.
func TestColocationsCoverTheMeetingOfThree(t *testing.T) {
	db, truthPath := analysed(t)
	var truth colocationTruth
	readTruth(t, truthPath, &truth)
	require.NotEmpty(t, truth.Meeting)
	m := truth.Meeting[0]
	require.Len(t, m.MSISDNs, 3)
	for i := 0; i < 3; i++ {
		for j := i + 1; j < 3; j++ {
			a, b := m.MSISDNs[i], m.MSISDNs[j]
			rs := rows(t, db, `
				SELECT episode, start, "end", a_events, b_events FROM colocations(?, ?)
				WHERE start <= ?::TIMESTAMPTZ AND "end" >= ?::TIMESTAMPTZ`, a, b, m.End, m.Start)
			t.Logf("%s and %s: %d episodes during the meeting", a, b, len(rs))
			require.NotEmpty(t, rs, "%s and %s not co-located during the meeting", a, b)
			for _, r := range rs {
				require.NotEmpty(t, r["a_events"])
				require.NotEmpty(t, r["b_events"])
			}
		}
	}
}

// Two handsets that colocated_with never puts together have no colocations.
func TestColocationsOfAPairThatNeverMetIsEmpty(t *testing.T) {
	db, truthPath := analysed(t)
	var truth colocationTruth
	readTruth(t, truthPath, &truth)
	target := truth.CarriedPairs[0].A
	met := map[string]bool{target: true}
	for _, r := range rows(t, db, `SELECT subject FROM colocated_with(?)`, target) {
		met[str(r["subject"])] = true
	}
	stranger := ""
	for _, h := range truth.Handsets {
		if !met[h.MSISDN] {
			stranger = h.MSISDN
			break
		}
	}
	require.NotEmpty(t, stranger, "every handset met the target")
	rs := rows(t, db, `SELECT * FROM colocations(?, ?)`, target, stranger)
	require.Empty(t, rs)
	// and the partner, by contrast, has episodes
	require.NotEmpty(t, rows(t, db, `SELECT * FROM colocations(?, ?)`, target, truth.CarriedPairs[0].B))
}

// A subject written in national format is the same handset as in E.164.
func TestColocationSubjectsInNationalFormat(t *testing.T) {
	db, truthPath := analysed(t)
	var truth colocationTruth
	readTruth(t, truthPath, &truth)
	p := truth.CarriedPairs[0]
	q := `SELECT count(*) AS n, coalesce(sum(moments), 0) AS moments FROM colocations(?, ?)`
	e164 := rows(t, db, q, p.A, p.B)
	nat := rows(t, db, q, national(p.A), national(p.B))
	require.NotZero(t, e164[0]["n"])
	require.Equal(t, e164, nat)
	with := rows(t, db, `SELECT subject, score FROM colocated_with(?) ORDER BY score DESC, subject LIMIT 3`, national(p.A))
	require.Equal(t, rows(t, db, `SELECT subject, score FROM colocated_with(?) ORDER BY score DESC, subject LIMIT 3`, p.A), with)
	pairs := rows(t, db, fmt.Sprintf(`SELECT a, b FROM colocation_pairs(['%s', '%s'])`, national(p.A), p.B))
	require.Len(t, pairs, 1)
}

// colocation_pairs among a list of handsets holds each pair once, and for
// each handset of a carried pair, its partner is the pair with the highest
// score among the pairs it is in.
func TestColocationPairsFindsTheCarriedPairs(t *testing.T) {
	db, truthPath := analysed(t)
	var truth colocationTruth
	readTruth(t, truthPath, &truth)
	list := "["
	for i, h := range truth.Handsets {
		if i > 0 {
			list += ", "
		}
		list += "'" + h.MSISDN + "'"
	}
	list += "]"
	rs := rows(t, db, `SELECT a, b, score FROM colocation_pairs(`+list+`) ORDER BY score DESC, a, b`)
	seen := map[[2]string]bool{}
	best := map[string]string{} // handset -> the other of its best-scored pair
	for _, r := range rs {
		a, b := str(r["a"]), str(r["b"])
		k := [2]string{min(a, b), max(a, b)}
		require.False(t, seen[k], "pair %v twice", k)
		seen[k] = true
		if _, ok := best[a]; !ok {
			best[a] = b
		}
		if _, ok := best[b]; !ok {
			best[b] = a
		}
	}
	first := 0
	for _, p := range truth.directions() {
		if best[p.A] == p.B {
			first++
		}
	}
	t.Logf("%d pairs among %d handsets; partner best for %d of %d directions",
		len(rs), len(truth.Handsets), first, 2*len(truth.CarriedPairs))
	require.GreaterOrEqual(t, float64(first)/float64(2*len(truth.CarriedPairs)), 0.95)
}
