package analysis_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type swapsTruth struct {
	Handsets []struct {
		MSISDN string   `json:"msisdn"`
		IMEIs  []string `json:"imeis"`
	} `json:"handsets"`
	HandsetSwap []struct {
		MSISDN   string    `json:"msisdn"`
		FromIMEI string    `json:"from_imei"`
		ToIMEI   string    `json:"to_imei"`
		At       time.Time `json:"at"`
	} `json:"handset_swap"`
	SIMSwap []struct {
		IMEI       string    `json:"imei"`
		FromIMSI   string    `json:"from_imsi"`
		FromMSISDN string    `json:"from_msisdn"`
		ToIMSI     string    `json:"to_imsi"`
		ToMSISDN   string    `json:"to_msisdn"`
		At         time.Time `json:"at"`
	} `json:"sim_swap"`
	ClonedSIM []struct {
		MSISDN    string `json:"msisdn"`
		IMEI      string `json:"imei"`
		CloneIMEI string `json:"clone_imei"`
	} `json:"cloned_sim"`
}

// requireChangeBrackets checks that a change row says the change happened
// between its changed_after and its first_utc, and that at lies there.
func requireChangeBrackets(t *testing.T, r map[string]any, at time.Time) {
	t.Helper()
	after, ok := r["changed_after"].(time.Time)
	require.True(t, ok, "a change has a changed_after")
	first := r["first_utc"].(time.Time)
	require.False(t, at.Before(after), "the change at %s is not before the old one's last record %s", at, after)
	require.False(t, at.After(first), "the change at %s is not after the new one's first record %s", at, first)
}

// The planted handset swap: the number shows the old handset, then the new
// one, the change between the old one's last record and the new one's first,
// and the two never in use at once.
func TestHandsetChangesFindTheHandsetSwap(t *testing.T) {
	db, truthPath := analysed(t)
	var truth swapsTruth
	readTruth(t, truthPath, &truth)
	require.NotEmpty(t, truth.HandsetSwap)
	for _, sw := range truth.HandsetSwap {
		for _, subject := range []string{sw.MSISDN, national(sw.MSISDN)} {
			got := rows(t, db, `SELECT * FROM handset_changes(?) ORDER BY seq`, subject)
			require.Len(t, got, 2, subject)
			require.Equal(t, sw.FromIMEI[:14], got[0]["imei14"])
			require.Equal(t, sw.ToIMEI[:14], got[1]["imei14"])
			require.Equal(t, sw.FromIMEI[:14], got[1]["prev_imei14"])
			require.Nil(t, got[0]["changed_after"])
			requireChangeBrackets(t, got[1], sw.At)
			for _, r := range got {
				require.Equal(t, false, r["overlapping"])
				require.Equal(t, int64(1), r["runs"])
				require.Equal(t, r["runs"], r["score"])
			}
		}
	}
}

// The planted SIM swap: the handset shows the old SIM, then the new one,
// whether the IMEI is written with 15 digits or 14.
func TestSIMChangesFindTheSIMSwap(t *testing.T) {
	db, truthPath := analysed(t)
	var truth swapsTruth
	readTruth(t, truthPath, &truth)
	require.NotEmpty(t, truth.SIMSwap)
	for _, sw := range truth.SIMSwap {
		for _, imei := range []string{sw.IMEI, sw.IMEI[:14]} {
			got := rows(t, db, `SELECT * FROM sim_changes(?) ORDER BY seq`, imei)
			require.Len(t, got, 2, imei)
			require.Equal(t, sw.FromMSISDN, got[0]["sim"])
			require.Equal(t, []any{sw.FromIMSI}, got[0]["imsis"])
			require.Equal(t, sw.ToMSISDN, got[1]["sim"])
			require.Equal(t, []any{sw.ToIMSI}, got[1]["imsis"])
			requireChangeBrackets(t, got[1], sw.At)
			for _, r := range got {
				require.Equal(t, false, r["overlapping"])
			}
		}
	}
}

// The cloned SIM: its number shows two handsets in use over the same time,
// each marked as overlapping the other, going back and forth.
func TestHandsetChangesShowTheClonedSIMOverlapping(t *testing.T) {
	db, truthPath := analysed(t)
	var truth swapsTruth
	readTruth(t, truthPath, &truth)
	require.NotEmpty(t, truth.ClonedSIM)
	for _, c := range truth.ClonedSIM {
		got := rows(t, db, `SELECT * FROM handset_changes(?) ORDER BY seq`, c.MSISDN)
		require.Len(t, got, 2)
		imeis := map[string]string{str(got[0]["imei14"]): str(got[1]["imei14"]), str(got[1]["imei14"]): str(got[0]["imei14"])}
		require.Equal(t, c.CloneIMEI[:14], imeis[c.IMEI[:14]])
		for _, r := range got {
			require.Equal(t, true, r["overlapping"])
			require.Equal(t, []any{imeis[str(r["imei14"])]}, r["overlaps_with"])
			require.Greater(t, r["runs"].(int64), int64(1), "the two handsets alternate")
		}
	}
}

// Every other handset shows one IMEI for its number and one SIM in its
// handset: no false changes.
func TestOrdinaryHandsetsShowOneHandsetAndOneSIM(t *testing.T) {
	db, truthPath := analysed(t)
	var truth swapsTruth
	readTruth(t, truthPath, &truth)
	planted := map[string]bool{}
	for _, sw := range truth.HandsetSwap {
		planted[sw.MSISDN] = true
	}
	for _, sw := range truth.SIMSwap {
		planted[sw.IMEI] = true
		planted[sw.FromMSISDN] = true
		planted[sw.ToMSISDN] = true
	}
	for _, c := range truth.ClonedSIM {
		planted[c.MSISDN] = true
		planted[c.IMEI] = true
		planted[c.CloneIMEI] = true
	}
	checked, falseHandset, falseSIM := 0, 0, 0
	for _, h := range truth.Handsets {
		if planted[h.MSISDN] || len(h.IMEIs) != 1 || planted[h.IMEIs[0]] {
			continue
		}
		checked++
		hc := rows(t, db, `SELECT imei14 FROM handset_changes(?)`, h.MSISDN)
		if len(hc) != 1 || hc[0]["imei14"] != h.IMEIs[0][:14] {
			falseHandset++
			t.Logf("%s: handsets %v", h.MSISDN, hc)
		}
		sc := rows(t, db, `SELECT sim FROM sim_changes(?)`, h.IMEIs[0])
		if len(sc) != 1 || sc[0]["sim"] != h.MSISDN {
			falseSIM++
			t.Logf("%s: SIMs %v", h.IMEIs[0], sc)
		}
	}
	t.Logf("%d ordinary handsets: %d with a false handset change, %d with a false SIM change", checked, falseHandset, falseSIM)
	require.Greater(t, checked, 40)
	require.Zero(t, falseHandset)
	require.Zero(t, falseSIM)
}
