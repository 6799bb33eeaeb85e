package analysis_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The convoy's driver drives from the meeting point into town and back on
// several evenings: journeys() has a journey under way during most of them,
// along a path at least half as long as the road between, and every journey runs
// from the end of one stay to the start of the next.
func TestJourneysFollowTheConvoyTrips(t *testing.T) {
	db, truthPath := analysed(t)
	var truth struct {
		Convoys []struct {
			Driver       string     `json:"driver"`
			MeetingPoint [2]float64 `json:"meeting_point"`
			Destination  [2]float64 `json:"destination"`
			Journeys     []struct {
				Start time.Time `json:"start"`
				End   time.Time `json:"end"`
			} `json:"journeys"`
		} `json:"convoys"`
	}
	readTruth(t, truthPath, &truth)
	require.NotEmpty(t, truth.Convoys)
	c := truth.Convoys[0]
	require.NotEmpty(t, c.Journeys)

	straight := kmBetween(c.MeetingPoint, c.Destination)

	js := rows(t, db, `SELECT from_stay, to_stay, start_utc, end_utc, events, event_ids, cells, km, st_astext(path) AS wkt, score FROM journeys(?)`, c.Driver)
	stays := rows(t, db, `SELECT stay, start_utc, end_utc FROM stays(?)`, c.Driver)
	require.Len(t, js, len(stays)-1, "one journey between each two consecutive stays")
	for i, j := range js {
		require.Equal(t, int64(i+1), j["from_stay"])
		require.Equal(t, int64(i+2), j["to_stay"])
		require.Equal(t, stays[i]["end_utc"], j["start_utc"])
		require.Equal(t, stays[i+1]["start_utc"], j["end_utc"])
		require.True(t, strings.HasPrefix(str(j["wkt"]), "LINESTRING"))
		require.Len(t, j["event_ids"], int(j["events"].(int64)))
	}
	under := 0
	for _, tj := range c.Journeys {
		mid := tj.Start.Add(tj.End.Sub(tj.Start) / 2)
		for _, j := range js {
			if !j["start_utc"].(time.Time).After(mid) && !j["end_utc"].(time.Time).Before(mid) {
				under++
				require.GreaterOrEqual(t, j["km"].(float64), straight*0.5,
					"the journey's path covers the road (%.1f km straight); it may be longer when the trip continued from or to home", straight)
				break
			}
		}
	}
	t.Logf("%d of %d convoy trips fall within a journey of the driver (%.1f km straight)", under, len(c.Journeys), straight)
	require.GreaterOrEqual(t, float64(under)/float64(len(c.Journeys)), 0.75)
}

// kmBetween is the great-circle distance between two (lat, lon) points, km.
func kmBetween(a, b [2]float64) float64 {
	rad := math.Pi / 180
	h := math.Pow(math.Sin((b[0]-a[0])*rad/2), 2) +
		math.Cos(a[0]*rad)*math.Cos(b[0]*rad)*math.Pow(math.Sin((b[1]-a[1])*rad/2), 2)
	return 2 * 6371.0088 * math.Asin(math.Sqrt(h))
}
