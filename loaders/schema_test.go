package loaders

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestStreamLeavesOutOnlyColumnsNoFieldFills(t *testing.T) {
	t.Parallel()
	ps := profiles(t)
	for _, tc := range []struct {
		profile, header string
		left            []string // events columns not in the stream's schema
	}{
		{"mast-cdr", "record_id,subject_msisdn,subject_imsi,subject_imei,other_party,direction,kind,start_time,end_time,duration_s,time_zone,start_cell,end_cell,ta_m,lat,lon,location,charging_id",
			nil},
		{"uk-cdr", "Target MSISDN,Record Type,Other Party,Start Date,Start Time,Duration,Start LAC,Start CI,End LAC,End CI,IMEI,IMSI,GPRS Charging ID",
			[]string{"record_id", "ta_m", "provider_lat", "provider_lon", "location_text"}},
	} {
		t.Run(tc.profile, func(t *testing.T) {
			p, err := ps.Get(tc.profile)
			require.NoError(t, err)
			s, err := NewStream(t.Context(), strings.NewReader(tc.header+"\n"), p, ReadOptions{})
			require.NoError(t, err)
			defer s.Release()
			var left []string
			for _, f := range eventsSchema.Fields() {
				if !s.Schema().HasField(f.Name) {
					left = append(left, f.Name)
				}
			}
			require.Equal(t, tc.left, left)
		})
	}
}
