package analysis_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// At 03:00 local each night a handset is at home, and at 12:00 local on a
// working day most workers are at work: the last stay that began before that
// moment (it may have ended earlier: a stay lasts from its first to its last
// event) is in the home (work) cell or its serving area holds the home
// (workplace).
func TestStaysAreAtHomeAtNightAndAtWorkAtMidday(t *testing.T) {
	db, truthPath := analysed(t)
	var truth struct {
		Handsets []lifeHandset `json:"handsets"`
		Period   struct {
			Start time.Time `json:"start"`
			End   time.Time `json:"end"`
		} `json:"period"`
	}
	readTruth(t, truthPath, &truth)
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)

	var nights, home, homeSpanned, middays, work, workSpanned int
	for _, h := range truth.Handsets {
		stays := rows(t, db, `SELECT stay, start_utc, end_utc, epoch(duration) AS secs, events, event_ids, cells, main_cell, lat, lon, score FROM stays(?)`, h.MSISDN)
		require.NotEmpty(t, stays, h.MSISDN)
		holds := map[string]bool{}
		// lastBefore is the main cell of the last stay begun by at, and
		// whether that stay lasts past at.
		lastBefore := func(at time.Time) (cell string, spans, ok bool) {
			for _, s := range stays {
				if s["start_utc"].(time.Time).After(at) {
					break
				}
				cell, spans, ok = str(s["main_cell"]), !s["end_utc"].(time.Time).Before(at), true
			}
			return cell, spans, ok
		}
		for d := truth.Period.Start.In(london); d.Before(truth.Period.End); d = d.AddDate(0, 0, 1) {
			night := time.Date(d.Year(), d.Month(), d.Day(), 3, 0, 0, 0, london)
			if night.After(truth.Period.Start.Add(12*time.Hour)) && night.Before(truth.Period.End.Add(-12*time.Hour)) {
				nights++
				if c, spans, ok := lastBefore(night); ok {
					if spans {
						homeSpanned++
					}
					if _, seen := holds["h"+c]; !seen {
						holds["h"+c] = placeHolds(t, db, c, h.HomeCell, h.Home)
					}
					if holds["h"+c] {
						home++
					}
				}
			}
			noon := time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, london)
			if h.Work != nil && noon.Weekday() != time.Saturday && noon.Weekday() != time.Sunday && noon.Before(truth.Period.End) {
				middays++
				if c, spans, ok := lastBefore(noon); ok {
					if spans {
						workSpanned++
					}
					if _, seen := holds["w"+c]; !seen {
						holds["w"+c] = placeHolds(t, db, c, h.WorkCell, *h.Work)
					}
					if holds["w"+c] {
						work++
					}
				}
			}
		}
		for _, s := range stays {
			require.GreaterOrEqual(t, s["secs"].(float64), 20*60.0)
			require.Positive(t, s["events"].(int64))
			require.Len(t, s["event_ids"], int(s["events"].(int64)))
			require.NotEmpty(t, s["cells"])
			require.Contains(t, s["cells"], s["main_cell"])
		}
	}
	t.Logf("03:00 local: %d of %d handset-nights within a stay; the last stay begun is at home on %d (%.1f%%)",
		homeSpanned, nights, home, 100*float64(home)/float64(nights))
	t.Logf("12:00 local on working days: %d of %d within a stay; the last stay begun is at work on %d (%.1f%%; people also stay home some days)",
		workSpanned, middays, work, 100*float64(work)/float64(middays))
	require.GreaterOrEqual(t, float64(home)/float64(nights), 0.9)
	require.GreaterOrEqual(t, float64(work)/float64(middays), 0.75)
}

// A longer minimum duration keeps fewer, longer stays; the subject may be
// written in any form; since and until bound the rows read.
func TestStaysParameters(t *testing.T) {
	db, truthPath := analysed(t)
	var truth struct {
		Handsets []lifeHandset `json:"handsets"`
	}
	readTruth(t, truthPath, &truth)
	number := truth.Handsets[2].MSISDN
	var short, long, national int
	var shortest float64
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM stays(?)`, number).Scan(&short))
	require.NoError(t, db.QueryRow(`SELECT count(*), min(epoch(duration)) FROM stays(?, min_duration := INTERVAL 2 HOUR)`, number).Scan(&long, &shortest))
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM stays(?)`, "0"+number[3:]).Scan(&national))
	require.Less(t, long, short)
	require.GreaterOrEqual(t, shortest, 7200.0)
	require.Equal(t, short, national)

	var first, last time.Time
	require.NoError(t, db.QueryRow(`SELECT min(start_utc), max(end_utc) FROM stays(?)`, number).Scan(&first, &last))
	mid := first.Add(last.Sub(first) / 2)
	var before time.Time
	require.NoError(t, db.QueryRow(`SELECT max(end_utc) FROM stays(?, until := ?)`, number, mid).Scan(&before))
	require.True(t, before.Before(mid))
}
