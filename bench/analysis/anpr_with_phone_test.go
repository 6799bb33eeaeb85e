package analysis_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// anprTruth is the vehicles the world planted with their handsets: the
// vehicle (driver and the handsets carried in it) and the convoys (a car and
// its two members' phones).
type anprTruth struct {
	Vehicle []struct {
		VRM     string   `json:"vrm"`
		Written []string `json:"written"`
		Driver  string   `json:"driver"`
		Carried []string `json:"carried"`
	} `json:"vehicle"`
	Convoys []struct {
		VRM     string   `json:"vrm"`
		Written []string `json:"written"`
		Members []string `json:"members"`
	} `json:"convoys"`
}

// plantedCars is each planted VRM with the forms it is written in and the
// handsets that travelled in it.
func plantedCars(t *testing.T) map[string]struct{ written, phones []string } {
	t.Helper()
	_, truthPath := analysed(t)
	var truth anprTruth
	readTruth(t, truthPath, &truth)
	require.NotEmpty(t, truth.Vehicle)
	require.NotEmpty(t, truth.Convoys)
	cars := map[string]struct{ written, phones []string }{}
	for _, v := range truth.Vehicle {
		phones := append([]string{}, v.Carried...)
		if !contains(phones, v.Driver) {
			phones = append(phones, v.Driver)
		}
		cars[v.VRM] = struct{ written, phones []string }{v.Written, phones}
	}
	for _, c := range truth.Convoys {
		cars[c.VRM] = struct{ written, phones []string }{c.Written, c.Members}
	}
	return cars
}

// For each planted vehicle, written as the reads wrote it (with or without
// the space) and in lower case, the handsets that travelled in it are the
// first rows: all of them found, none of the others above any of them; each
// row carries its reads, events, cameras and days.
func TestAnprWithPhoneRanksTheVehiclesPhonesFirst(t *testing.T) {
	db, _ := analysed(t)
	found, wanted, returned := 0, 0, 0
	for vrm, car := range plantedCars(t) {
		t.Run(vrm, func(t *testing.T) {
			var first []string
			for _, w := range append(car.written, strings.ToLower(car.written[0])) {
				got := rows(t, db, `SELECT * FROM anpr_with_phone(?)`, w)
				var others []string
				for _, r := range got {
					others = append(others, str(r["other"]))
					require.Equal(t, "msisdn", str(r["other_kind"]))
					require.NotEmpty(t, r["read_ids"])
					require.NotEmpty(t, r["event_ids"])
					require.NotEmpty(t, r["camera_ids"])
					require.GreaterOrEqual(t, r["reads_matched"], int64(3))
				}
				if first == nil {
					first = others
				}
				require.Equal(t, first, others, "%q reads as %q", w, vrm)
			}
			n := min(len(car.phones), len(first))
			for _, phone := range car.phones {
				if contains(first[:n], phone) {
					found++
				}
			}
			wanted += len(car.phones)
			returned += len(first)
			top := append([]string{}, first[:n]...)
			sort.Strings(top)
			want := append([]string{}, car.phones...)
			sort.Strings(want)
			require.Equal(t, want, top, "%s: ranked %v", vrm, first)
		})
	}
	t.Logf("by VRM: %d of %d planted phones ranked at the top (recall %.3f); %d rows returned in all (%.3f of them planted)",
		found, wanted, float64(found)/float64(max(wanted, 1)), returned, float64(found)/float64(max(returned, 1)))
}

// For each handset that travelled in a planted vehicle, written nationally,
// the vehicle is the first row.
func TestAnprWithPhoneFindsTheVehicleOfEachPhone(t *testing.T) {
	db, _ := analysed(t)
	found, asked := 0, 0
	for vrm, car := range plantedCars(t) {
		for _, phone := range car.phones {
			national := "0" + strings.TrimPrefix(phone, "+44")
			got := rows(t, db, `SELECT * FROM anpr_with_phone(?)`, national)
			asked++
			require.NotEmpty(t, got, "%s (%s)", phone, vrm)
			require.Equal(t, "vrm", str(got[0]["other_kind"]))
			require.Equal(t, vrm, str(got[0]["other"]), "%s: %v", phone, got[0])
			found++
			t.Logf("%s: %s first of %d, %v of %v reads", phone, vrm, len(got), got[0]["reads_matched"], got[0]["reads_total"])
		}
	}
	t.Logf("by phone: the vehicle first for %d of %d phones", found, asked)
}

// A wider window matches at least the reads a narrower one does.
func TestAnprWithPhoneWiderWindowMatchesMore(t *testing.T) {
	db, _ := analysed(t)
	for vrm, car := range plantedCars(t) {
		phone := car.phones[0]
		q := `SELECT reads_matched FROM anpr_with_phone(?, "window" := INTERVAL %s, min_reads := 1) WHERE other = ?`
		narrow := rows(t, db, strings.Replace(q, "%s", "1 MINUTE", 1), vrm, phone)
		wide := rows(t, db, strings.Replace(q, "%s", "15 MINUTE", 1), vrm, phone)
		require.Len(t, wide, 1, vrm)
		if len(narrow) == 1 {
			require.LessOrEqual(t, narrow[0]["reads_matched"].(int64), wide[0]["reads_matched"].(int64))
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
