package normalize

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

func mustTimes(t testing.TB, layouts []string, loc *time.Location) *TimeParser {
	t.Helper()
	p, err := NewTimeParser(layouts, loc)
	require.NoError(t, err)
	return p
}

func utc(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	require.NoError(t, err)
	return v.UTC()
}

func TestTimeParse(t *testing.T) {
	t.Parallel()
	london := mustLoc(t, "Europe/London")
	ny := mustLoc(t, "America/New_York")
	kolkata := mustLoc(t, "Asia/Kolkata")
	iso := []string{"iso8601"}
	for _, tc := range []struct {
		name     string
		layouts  []string
		loc      *time.Location
		text     string
		want     string // RFC 3339 UTC
		flag     TimeFlag
		explicit bool
	}{
		// iso8601 with its own offset
		{"UTC Z", iso, london, "2026-03-01T08:15:00Z", "2026-03-01T08:15:00Z", TimeOK, true},
		{"lower-case t and z", iso, london, "2026-03-01t08:15:00z", "2026-03-01T08:15:00Z", TimeOK, true},
		{"offset ±HH:MM", iso, london, "2026-03-01T08:15:00+05:30", "2026-03-01T02:45:00Z", TimeOK, true},
		{"offset ±HHMM", iso, london, "2026-03-01 08:15:00-0500", "2026-03-01T13:15:00Z", TimeOK, true},
		{"offset ±HH", iso, london, "2026-03-01 08:15-03", "2026-03-01T11:15:00Z", TimeOK, true},
		{"offset crossing midnight", iso, time.UTC, "2026-03-01T01:00:00+02:00", "2026-02-28T23:00:00Z", TimeOK, true},
		{"milliseconds", iso, time.UTC, "2026-03-01T08:15:00.250Z", "2026-03-01T08:15:00.25Z", TimeOK, true},
		{"one fraction digit", iso, time.UTC, "2026-03-01T08:15:00.5Z", "2026-03-01T08:15:00.5Z", TimeOK, true},
		{"nanoseconds", iso, time.UTC, "2026-03-01T08:15:00.123456789Z", "2026-03-01T08:15:00.123456789Z", TimeOK, true},
		{"digits past nanoseconds dropped", iso, time.UTC, "2026-03-01T08:15:00.1234567899Z", "2026-03-01T08:15:00.123456789Z", TimeOK, true},
		{"comma fraction", iso, time.UTC, "2026-03-01 08:15:00,5", "2026-03-01T08:15:00.5Z", TimeOK, false},
		// iso8601 local
		{"no seconds", iso, time.UTC, "2026-03-01 08:15", "2026-03-01T08:15:00Z", TimeOK, false},
		{"date only", iso, time.UTC, "2026-03-01", "2026-03-01T00:00:00Z", TimeOK, false},
		{"quoted", iso, time.UTC, "'2026-03-01 08:15:00'", "2026-03-01T08:15:00Z", TimeOK, false},
		{"leap day", iso, time.UTC, "2028-02-29 12:00:00", "2028-02-29T12:00:00Z", TimeOK, false},
		{"first instant allowed", iso, time.UTC, "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z", TimeOK, true},
		{"last second allowed", iso, time.UTC, "2100-12-31T23:59:59Z", "2100-12-31T23:59:59Z", TimeOK, true},
		{"London winter", iso, london, "2026-01-10 12:00:00", "2026-01-10T12:00:00Z", TimeOK, false},
		{"London summer", iso, london, "2026-07-10 12:00:00", "2026-07-10T11:00:00Z", TimeOK, false},
		{"London summer far ahead (zone rule, not table)", iso, london, "2090-07-10 12:00:00", "2090-07-10T11:00:00Z", TimeOK, false},
		// London spring forward, 2026-03-29 01:00 GMT → 02:00 BST
		{"London before the gap", iso, london, "2026-03-29 00:59:59", "2026-03-29T00:59:59Z", TimeOK, false},
		{"London gap start", iso, london, "2026-03-29 01:00:00", "2026-03-29T01:00:00Z", TimeNonexistent, false},
		{"London gap middle", iso, london, "2026-03-29 01:30:00", "2026-03-29T01:30:00Z", TimeNonexistent, false},
		{"London gap end", iso, london, "2026-03-29 01:59:59", "2026-03-29T01:59:59Z", TimeNonexistent, false},
		{"London after the gap", iso, london, "2026-03-29 02:00:00", "2026-03-29T01:00:00Z", TimeOK, false},
		// London fall back, 2026-10-25 02:00 BST → 01:00 GMT
		{"London before the repeat", iso, london, "2026-10-25 00:59:59", "2026-10-24T23:59:59Z", TimeOK, false},
		{"London repeat start", iso, london, "2026-10-25 01:00:00", "2026-10-25T00:00:00Z", TimeAmbiguous, false},
		{"London repeat middle", iso, london, "2026-10-25 01:30:00", "2026-10-25T00:30:00Z", TimeAmbiguous, false},
		{"London repeat end", iso, london, "2026-10-25 01:59:59", "2026-10-25T00:59:59Z", TimeAmbiguous, false},
		{"London after the repeat", iso, london, "2026-10-25 02:00:00", "2026-10-25T02:00:00Z", TimeOK, false},
		// New York changes at 02:00 local
		{"New York gap", iso, ny, "2026-03-08 02:30:00", "2026-03-08T07:30:00Z", TimeNonexistent, false},
		{"New York after the gap", iso, ny, "2026-03-08 03:00:00", "2026-03-08T07:00:00Z", TimeOK, false},
		{"New York repeat", iso, ny, "2026-11-01 01:30:00", "2026-11-01T05:30:00Z", TimeAmbiguous, false},
		{"New York winter", iso, ny, "2026-12-01 09:00:00", "2026-12-01T14:00:00Z", TimeOK, false},
		// Kolkata has no daylight saving
		{"Kolkata on London's gap", iso, kolkata, "2026-03-29 01:30:00", "2026-03-28T20:00:00Z", TimeOK, false},
		{"Kolkata on London's repeat", iso, kolkata, "2026-10-25 01:30:00", "2026-10-24T20:00:00Z", TimeOK, false},
		// epoch layouts
		{"unix", []string{"unix"}, london, "1772352900", "2026-03-01T08:15:00Z", TimeOK, true},
		{"unix decimal", []string{"unix"}, london, "1772352900.25", "2026-03-01T08:15:00.25Z", TimeOK, true},
		{"unix_ms", []string{"unix_ms"}, london, "1772352900500", "2026-03-01T08:15:00.5Z", TimeOK, true},
		{"unix_ms decimal", []string{"unix_ms"}, london, "1772352900500.25", "2026-03-01T08:15:00.50025Z", TimeOK, true},
		{"unix epoch", []string{"unix"}, london, "0", "1970-01-01T00:00:00Z", TimeOK, true},
		{"layout names in capitals", []string{"UNIX"}, london, "1772352900", "2026-03-01T08:15:00Z", TimeOK, true},
		// Go layouts
		{"date and time columns joined", []string{"02/01/2006 15:04:05"}, london, "01/07/2026 09:00:00", "2026-07-01T08:00:00Z", TimeOK, false},
		{"Go layout in the gap", []string{"02/01/2006 15:04:05"}, london, "29/03/2026 01:30:00", "2026-03-29T01:30:00Z", TimeNonexistent, false},
		{"Go layout in the repeat", []string{"02/01/2006 15:04:05"}, london, "25/10/2026 01:30:00", "2026-10-25T00:30:00Z", TimeAmbiguous, false},
		{"single-digit hour", []string{"02/01/2006 15:04:05"}, time.UTC, "01/07/2026 9:00:00", "2026-07-01T09:00:00Z", TimeOK, false},
		{"two spaces for one", []string{"02/01/2006 15:04:05"}, time.UTC, "01/07/2026  09:00:00", "2026-07-01T09:00:00Z", TimeOK, false},
		{"unlisted fraction", []string{"02/01/2006 15:04:05"}, time.UTC, "01/07/2026 09:00:00.75", "2026-07-01T09:00:00.75Z", TimeOK, false},
		{"US month first", []string{"01/02/2006 15:04"}, ny, "07/01/2026 09:00", "2026-07-01T13:00:00Z", TimeOK, false},
		{"ANPR date and time", []string{"2006:01:02 15:04:05.000"}, time.UTC, "2026:03:01 08:15:02.250", "2026-03-01T08:15:02.25Z", TimeOK, false},
		{"optional fraction absent", []string{"2006-01-02 15:04:05.999"}, time.UTC, "2026-03-01 08:15:02", "2026-03-01T08:15:02Z", TimeOK, false},
		{"optional fraction present", []string{"2006-01-02 15:04:05.999"}, time.UTC, "2026-03-01 08:15:02.5", "2026-03-01T08:15:02.5Z", TimeOK, false},
		{"date-only Go layout", []string{"02-01-2006"}, time.UTC, "01-07-2026", "2026-07-01T00:00:00Z", TimeOK, false},
		{"compact", []string{"20060102150405"}, time.UTC, "20260701090000", "2026-07-01T09:00:00Z", TimeOK, false},
		{"second layout", []string{"iso8601", "02-01-2006 15:04:05"}, time.UTC, "01-07-2026 09:00:00", "2026-07-01T09:00:00Z", TimeOK, false},
		{"month names (time.Parse)", []string{"2 Jan 2006 15:04"}, london, "1 Jul 2026 09:00", "2026-07-01T08:00:00Z", TimeOK, false},
		{"12-hour clock (time.Parse)", []string{"02/01/2006 3:04PM"}, time.UTC, "01/07/2026 9:05PM", "2026-07-01T21:05:00Z", TimeOK, false},
		{"Go layout with an offset", []string{"2006-01-02 15:04:05 -0700"}, london, "2026-07-01 09:00:00 +0530", "2026-07-01T03:30:00Z", TimeOK, true},
		{"zone abbreviation of the zone", []string{"02 Jan 2006 15:04 MST"}, london, "01 Jul 2026 09:00 BST", "2026-07-01T08:00:00Z", TimeOK, true},
		{"zone abbreviation UTC", []string{"02 Jan 2006 15:04 MST"}, london, "01 Jul 2026 09:00 UTC", "2026-07-01T09:00:00Z", TimeOK, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := mustTimes(t, tc.layouts, tc.loc)
			got, flag, explicit, err := p.Parse(tc.text)
			require.NoError(t, err)
			want := utc(t, tc.want)
			require.True(t, want.Equal(got), "got %s want %s", got, want)
			require.Equal(t, time.UTC, got.Location())
			require.Equal(t, tc.flag, flag)
			require.Equal(t, tc.explicit, explicit)
		})
	}
}

func TestTimeFlagString(t *testing.T) {
	t.Parallel()
	require.Equal(t, "", TimeOK.String())
	require.Equal(t, "ambiguous", TimeAmbiguous.String())
	require.Equal(t, "nonexistent", TimeNonexistent.String())
}

func TestTimeParseInUsesTheRowZone(t *testing.T) {
	t.Parallel()
	p := mustTimes(t, nil, mustLoc(t, "Europe/London"))
	ny := mustLoc(t, "America/New_York")
	got, flag, explicit, err := p.ParseIn("2026-07-01 09:00:00", ny)
	require.NoError(t, err)
	require.True(t, utc(t, "2026-07-01T13:00:00Z").Equal(got), got)
	require.Equal(t, TimeOK, flag)
	require.False(t, explicit)
	// The parser's own zone is back for the next text.
	got, _, _, err = p.Parse("2026-07-01 09:00:00")
	require.NoError(t, err)
	require.True(t, utc(t, "2026-07-01T08:00:00Z").Equal(got), got)
	// An offset in the text wins over the row's zone.
	got, _, explicit, err = p.ParseIn("2026-07-01T09:00:00Z", ny)
	require.NoError(t, err)
	require.True(t, explicit)
	require.True(t, utc(t, "2026-07-01T09:00:00Z").Equal(got), got)
}

func TestTimeErrors(t *testing.T) {
	t.Parallel()
	london := mustLoc(t, "Europe/London")
	for _, tc := range []struct {
		layouts []string
		text    string
		why     string // part of the message
	}{
		{nil, "", "does not match iso8601"},
		{nil, "yesterday", "want YYYY-MM-DD"},
		{nil, "2026-13-01", "no such date"},
		{nil, "2026-02-30", "no such date"},
		{nil, "2026-02-29 10:00", "no such date"},
		{nil, "2026-03-01T24:00", "no such time of day"},
		{nil, "2026-03-01T08:60", "no such time of day"},
		{nil, "2026-03-01T08:15:60", "no such time of day"},
		{nil, "2026-03-01T8:15", "want HH:MM"},
		{nil, "2026-03-01T08:15:00.", "digits after the decimal point"},
		{nil, "2026-03-01T08:15:00+25:00", "offset"},
		{nil, "2026-03-01T08:15:00+05:3", "offset"},
		{nil, "2026-03-01T08:15:00Zjunk", "text after Z"},
		{nil, "2026-03-01 08:15:00 +01:00", "unexpected text"},
		{nil, "1969-12-31T23:59:59Z", "year 1969 is outside 1970–2100"},
		{nil, "1970-01-01 00:30:00", "year 1969 is outside 1970–2100"}, // London was UTC+1 in 1970
		{nil, "2101-01-01T00:00:00Z", "year 2101 is outside 1970–2100"},
		{nil, "1900-01-01", "year 1900"},
		{[]string{"unix"}, "-1", "want digits"},
		{[]string{"unix"}, "1e9", "want digits"},
		{[]string{"unix"}, "99999999999", "year"},
		{[]string{"unix_ms"}, "1772352900500x", "want digits"},
		{[]string{"02/01/2006 15:04:05"}, "31/04/2026 10:00:00", "no such date"},
		{[]string{"02/01/2006 15:04:05"}, "01/07/2026 09:00", "does not fit the layout"},
		{[]string{"02/01/2006 15:04:05"}, "1/07/2026 09:00:00", "does not fit the layout"},
		{[]string{"2006:01:02 15:04:05.000"}, "2026:03:01 08:15:02.+12", "does not fit the layout"},
		{[]string{"02 Jan 2006 15:04 MST"}, "01 Jul 2026 09:00 IST", "zone abbreviation IST is not used in Europe/London"},
		{[]string{"iso8601", "unix"}, "01/07/2026", "iso8601: want YYYY-MM-DD; unix: want digits"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			t.Parallel()
			p := mustTimes(t, tc.layouts, london)
			_, _, _, err := p.Parse(tc.text)
			require.ErrorIs(t, err, ErrTime)
			require.Contains(t, err.Error(), fmt.Sprintf("%q", strings.Trim(tc.text, " ")))
			require.Contains(t, err.Error(), tc.why)
		})
	}
}

func TestTimeLayoutErrors(t *testing.T) {
	t.Parallel()
	for _, l := range []string{"dd/mm/yyyy", "15:04:05", "02/01 15:04", "", "Jan 2006"} {
		_, err := NewTimeParser([]string{l}, time.UTC)
		require.ErrorIs(t, err, ErrTime, "%q", l)
		require.Contains(t, err.Error(), "does not read a full date")
	}
	for _, l := range []string{"02/01/2006", "2006-01-02T15:04:05Z07:00", "Mon Jan _2 15:04:05 MST 2006", "iso8601", "unix", "unix_ms"} {
		_, err := NewTimeParser([]string{l}, time.UTC)
		require.NoError(t, err, "%q", l)
	}
}

// The fixed fast path must read a text as time.Parse reads it with the same
// layout: same acceptance, same wall time.
func TestFixedLayoutsAgreeWithTimeParse(t *testing.T) {
	t.Parallel()
	layouts := []string{"02/01/2006 15:04:05", "01/02/2006 15:04", "2006:01:02 15:04:05.000", "02-01-2006",
		"2006-01-02T15:04:05", "2006-01-02 15:04:05.999", "02.01.2006 15:04:05,000", "20060102150405", "2006-01-02_15:04"}
	texts := []string{"01/07/2026 09:00:00", "31/12/2026 23:59:59", "29/02/2028 00:00:00", "29/02/2026 00:00:00",
		"31/04/2026 10:00:00", "01/13/2026 09:00:00", "1/07/2026 09:00:00", "01/07/2026 9:00:00", "01/07/2026 24:00:00",
		"01/07/2026 09:60:00", "01/07/2026  09:00:00", "01/07/2026 09:00:00.5", "01/07/2026 09:00:00,5",
		"07/01/2026 09:30", "2026:03:01 08:15:02.250", "2026:03:01 08:15:02.2", "2026:03:01 08:15:02,250",
		"01-07-2026", "2026-07-01T12:00:00", "2026-07-01T12:00:60", "2026-07-01 12:00:00", "2026-07-01 12:00:00.123456",
		"2026-07-01 12:00:00.", "01.07.2026 09:00:00,125", "20260701090000", "2026070109000", "2026-07-01_08:15",
		"aa/bb/cccc dd:ee:ff", "", "01/07/2026 09:00:00 ", "0000:01:01 00:00:00.000"}
	for _, l := range layouts {
		parts := compileFixed(l)
		require.NotNil(t, parts, l)
		for _, text := range texts {
			want, err := time.Parse(l, text)
			got, reason := readFixed(parts, text)
			require.Equal(t, err == nil, reason == "", "%s %q: time.Parse err %v, fast path %q", l, text, err, reason)
			if err == nil {
				require.Equal(t, want.Unix(), got.sec, "%s %q", l, text)
				require.Equal(t, int64(want.Nanosecond()), got.nsec, "%s %q", l, text)
			}
		}
	}
	for _, l := range []string{"Jan 2 2006", "02/01/2006 3:04PM", "2006-01-02T15:04:05Z07:00", "2/1/2006", "02/01/06", "2006-01-02 15:04:05 -0700", "02/01/2006 15:04 MST"} {
		require.Nil(t, compileFixed(l), l)
	}
}

// bruteForceResolve is the definition of resolving a wall time, by search:
// every offset from −14:00 to +14:00 in quarter hours is tried, and an
// offset is a candidate when the zone has that offset at the instant it
// gives. It returns the candidate instants, earliest first.
func bruteForceResolve(naive int64, loc *time.Location) []int64 {
	var found []int64
	for off := int64(14 * 3600); off >= -14*3600; off -= 900 { // instants ascending
		inst := naive - off
		if _, o := time.Unix(inst, 0).In(loc).Zone(); int64(o) == off {
			found = append(found, inst)
		}
	}
	return found
}

func offsetAt(inst int64, loc *time.Location) int64 {
	_, o := time.Unix(inst, 0).In(loc).Zone()
	return int64(o)
}

// Every quarter hour around every clock change from 2010 to 2030, in zones
// with an hour's change, a half-hour change (Lord Howe), a southern-hemisphere
// change (Sydney), a skipped day (Apia, December 2011), a change of standard
// offset (Moscow, 2011 and 2014) and none (Kolkata): ResolveLocal and a
// TimeParser (with its remembered zone period) agree with the brute-force
// definition.
func TestResolveLocalAgreesWithBruteForce(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"Europe/London", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Apia", "Europe/Moscow", "Asia/Kolkata", "America/Sao_Paulo"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			loc := mustLoc(t, name)
			p := mustTimes(t, nil, loc)
			// Wall times within two days of each change, in order, so that
			// the parser's remembered period is used and renewed.
			var walls []int64
			from, to := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
			changes := 0
			for tt := from.In(loc); tt.Before(to); {
				_, end := tt.ZoneBounds()
				if end.IsZero() || !end.Before(to) {
					break
				}
				changes++
				naive := end.Unix() + offsetAt(end.Unix(), loc)
				for w := naive - 2*86400; w <= naive+2*86400; w += 900 {
					walls = append(walls, w)
				}
				tt = end.In(loc)
			}
			if name == "Asia/Kolkata" {
				require.Zero(t, changes)
				walls = append(walls, time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC).Unix())
			} else {
				require.NotZero(t, changes)
			}
			for _, w := range walls {
				wall := time.Unix(w, 0).UTC()
				got, flag := ResolveLocal(wall, loc)
				cands := bruteForceResolve(w, loc)
				switch len(cands) {
				case 0:
					require.Equal(t, TimeNonexistent, flag, "%s", wall)
					// Read with the offset in force just before the gap: the
					// offset of the instant that the later offset gives, which
					// falls before the change.
					after := offsetAt(got.Unix(), loc)
					require.Equal(t, offsetAt(w-after, loc), w-got.Unix(), "%s", wall)
				case 1:
					require.Equal(t, TimeOK, flag, "%s", wall)
					require.Equal(t, cands[0], got.Unix(), "%s", wall)
				default:
					require.Equal(t, TimeAmbiguous, flag, "%s", wall)
					require.Equal(t, cands[0], got.Unix(), "%s", wall)
				}
				text := wall.Format("2006-01-02 15:04:05")
				pt, pflag, _, err := p.Parse(text)
				if err != nil {
					require.ErrorIs(t, err, ErrTime) // outside the years allowed
					continue
				}
				require.Equal(t, got, pt, text)
				require.Equal(t, flag, pflag, text)
			}
		})
	}
}

func TestResolveLocalIgnoresTheWallTimesLocation(t *testing.T) {
	t.Parallel()
	london := mustLoc(t, "Europe/London")
	wall := time.Date(2026, 10, 25, 1, 30, 0, 7, mustLoc(t, "Asia/Tokyo"))
	got, flag := ResolveLocal(wall, london)
	require.Equal(t, TimeAmbiguous, flag)
	require.True(t, utc(t, "2026-10-25T00:30:00.000000007Z").Equal(got), got)
	got, flag = ResolveLocal(wall, nil)
	require.Equal(t, TimeOK, flag)
	require.True(t, utc(t, "2026-10-25T01:30:00.000000007Z").Equal(got), got)
}

func TestDaysFromCivil(t *testing.T) {
	t.Parallel()
	for _, d := range []time.Time{
		time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC),
		time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(2100, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC),
	} {
		require.Equal(t, d.Unix()/secondsPerDay, daysFromCivil(d.Year(), int(d.Month()), d.Day()), d)
	}
}

func BenchmarkTimeISOUTC(b *testing.B) {
	p := mustTimes(b, nil, time.UTC)
	for b.Loop() {
		p.Parse("2026-03-01T08:15:00Z")
	}
}

func BenchmarkTimeISOLocal(b *testing.B) {
	p := mustTimes(b, nil, mustLoc(b, "Europe/London"))
	for b.Loop() {
		p.Parse("2026-07-01 08:15:00")
	}
}

func BenchmarkTimeGoLayoutLocal(b *testing.B) {
	p := mustTimes(b, []string{"02/01/2006 15:04:05"}, mustLoc(b, "Europe/London"))
	for b.Loop() {
		p.Parse("01/07/2026 09:00:00")
	}
}

func BenchmarkTimeUnix(b *testing.B) {
	p := mustTimes(b, []string{"unix"}, time.UTC)
	for b.Loop() {
		p.Parse("1772352900")
	}
}
