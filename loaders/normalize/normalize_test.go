package normalize

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestPhone(t *testing.T) {
	t.Parallel()
	gb, err := NewPhoneNormalizer("GB")
	require.NoError(t, err)
	in, err := NewPhoneNormalizer("IN")
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		p    *PhoneNormalizer
		raw  string
		want Phone
	}{
		{"national", gb, "07700 900123", Phone{E164: "+447700900123", Kind: PhoneE164}},
		{"international", gb, "+447700900123", Phone{E164: "+447700900123", Kind: PhoneE164}},
		{"00 prefix", gb, "00447700900123", Phone{E164: "+447700900123", Kind: PhoneE164}},
		{"digits without plus", gb, "447700900123", Phone{E164: "+447700900123", Kind: PhoneE164}},
		{"dialled marker", gb, "07700900123(D)", Phone{E164: "+447700900123", Kind: PhoneE164, Dialled: true}},
		{"quoted", gb, "'07700 900123'", Phone{E164: "+447700900123", Kind: PhoneE164}},
		{"dashes and brackets", gb, "(0121) 496-0000", Phone{E164: "+441214960000", Kind: PhoneE164}},
		{"indian national", in, "9812345678", Phone{E164: "+919812345678", Kind: PhoneE164}},
		{"indian with country code", in, "919812345678", Phone{E164: "+919812345678", Kind: PhoneE164}},
		{"foreign number in a GB file", gb, "+12025550123", Phone{E164: "+12025550123", Kind: PhoneE164}},
		{"short code", gb, "121", Phone{Kind: PhoneShort}},
		{"alphanumeric", gb, "HSBC", Phone{Kind: PhoneAlpha}},
		{"empty", gb, "  ", Phone{}},
		{"garbage", gb, "07700*900#", Phone{Kind: PhoneInvalid}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, tc.p.Normalize(tc.raw))
			require.Equal(t, tc.want, tc.p.Normalize(tc.raw), "cached result differs")
		})
	}
	_, err = NewPhoneNormalizer("XX")
	require.Error(t, err)
}

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

func TestTimeParse(t *testing.T) {
	t.Parallel()
	london := mustLoc(t, "Europe/London")
	ny := mustLoc(t, "America/New_York")
	kolkata := mustLoc(t, "Asia/Kolkata")
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		require.NoError(t, err)
		return v.UTC()
	}
	for _, tc := range []struct {
		name     string
		layouts  []string
		loc      *time.Location
		text     string
		want     time.Time
		flag     TimeFlag
		explicit bool
	}{
		{"utc Z", nil, london, "2026-03-01T08:15:00Z", utc("2026-03-01T08:15:00Z"), TimeOK, true},
		{"offset", nil, london, "2026-03-01T08:15:00+05:30", utc("2026-03-01T02:45:00Z"), TimeOK, true},
		{"compact offset", nil, london, "2026-03-01 08:15:00-0500", utc("2026-03-01T13:15:00Z"), TimeOK, true},
		{"fraction", nil, time.UTC, "2026-03-01T08:15:00.250Z", utc("2026-03-01T08:15:00.25Z"), TimeOK, true},
		{"no seconds", nil, time.UTC, "2026-03-01 08:15", utc("2026-03-01T08:15:00Z"), TimeOK, false},
		{"date only", nil, time.UTC, "2026-03-01", utc("2026-03-01T00:00:00Z"), TimeOK, false},
		{"london winter", nil, london, "2026-01-10 12:00:00", utc("2026-01-10T12:00:00Z"), TimeOK, false},
		{"london summer", nil, london, "2026-07-10 12:00:00", utc("2026-07-10T11:00:00Z"), TimeOK, false},
		{"london spring gap", nil, london, "2026-03-29 01:30:00", utc("2026-03-29T01:30:00Z"), TimeNonexistent, false},
		{"london autumn repeat", nil, london, "2026-10-25 01:30:00", utc("2026-10-25T00:30:00Z"), TimeAmbiguous, false},
		{"london after repeat", nil, london, "2026-10-25 02:30:00", utc("2026-10-25T02:30:00Z"), TimeOK, false},
		{"new york gap", nil, ny, "2026-03-08 02:30:00", utc("2026-03-08T07:30:00Z"), TimeNonexistent, false},
		{"new york repeat", nil, ny, "2026-11-01 01:30:00", utc("2026-11-01T05:30:00Z"), TimeAmbiguous, false},
		{"kolkata", nil, kolkata, "2026-03-29 01:30:00", utc("2026-03-28T20:00:00Z"), TimeOK, false},
		{"go layout", []string{"02/01/2006 15:04:05"}, london, "01/07/2026 09:00:00", utc("2026-07-01T08:00:00Z"), TimeOK, false},
		{"second layout", []string{"iso8601", "02-01-2006 15:04:05"}, time.UTC, "01-07-2026 09:00:00", utc("2026-07-01T09:00:00Z"), TimeOK, false},
		{"unix", []string{"unix"}, london, "1772352900", utc("2026-03-01T08:15:00Z"), TimeOK, true},
		{"unix ms", []string{"unix_ms"}, london, "1772352900500", utc("2026-03-01T08:15:00.5Z"), TimeOK, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := NewTimeParser(tc.layouts, tc.loc)
			require.NoError(t, err)
			got, flag, explicit, err := p.Parse(tc.text)
			require.NoError(t, err)
			require.True(t, tc.want.Equal(got), "got %s want %s", got, tc.want)
			require.Equal(t, tc.flag, flag)
			require.Equal(t, tc.explicit, explicit)
		})
	}
}

func TestTimeErrors(t *testing.T) {
	t.Parallel()
	p, err := NewTimeParser(nil, time.UTC)
	require.NoError(t, err)
	for _, text := range []string{"", "yesterday", "2026-13-01", "2026-02-30", "2026-03-01T25:00", "1900-01-01", "2026-03-01T08:15:00+25:00", "2026-03-01T08:15:00Zjunk"} {
		_, _, _, err := p.Parse(text)
		require.ErrorIs(t, err, ErrTime, text)
	}
	_, err = NewTimeParser([]string{"dd/mm/yyyy"}, time.UTC)
	require.ErrorIs(t, err, ErrTime)
}

func TestDuration(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int32{"125": 125, "125.5": 126, "0": 0, "02:05": 125, "1:02:05": 3725, "01:02:05": 3725, " 7 ": 7} {
		got, err := ParseDuration(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "-3", "abc", "1:60", "1:2:3:4", "1.5:00", "1e3"} {
		_, err := ParseDuration(in)
		require.ErrorIs(t, err, ErrDuration, in)
	}
}

func TestIMEI(t *testing.T) {
	t.Parallel()
	whole, key, ok, err := IMEI("35-693803-564380-9")
	require.NoError(t, err)
	require.Equal(t, "356938035643809", whole)
	require.Equal(t, "35693803564380", key)
	require.True(t, ok)
	_, _, ok, err = IMEI("356938035643808")
	require.NoError(t, err)
	require.False(t, ok, "wrong check digit")
	whole, key, _, err = IMEI("3569380356438012")
	require.NoError(t, err)
	require.Equal(t, "35693803564380", key)
	require.Len(t, whole, 16)
	for _, bad := range []string{"123", "35693803564380X", "35693803564380912"} {
		_, _, _, err := IMEI(bad)
		require.ErrorIs(t, err, ErrIMEI, bad)
	}
	v, err := IMSI("234150000000001")
	require.NoError(t, err)
	require.Equal(t, "234150000000001", v)
	_, err = IMSI("2341500")
	require.ErrorIs(t, err, ErrIMSI)
}

func TestCellForms(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		p    CellParser
		text string
		want string
	}{
		{"cgi with decimal ECI", CellParser{}, "404-98-8331-230711555", "404-98-230711555"},
		{"cgi short", CellParser{}, "234-15-1201-31010", "234-15-1201-31010"},
		{"canonical long key", CellParser{}, "404-98-230711555", "404-98-230711555"},
		{"hex ECI, 3-digit MNC", CellParser{}, "40585703AD319", "405-857-3855129"},
		{"hex ECI, 2-digit MNC", CellParser{}, "4059803AD319", "405-98-3855129"},
		{"concatenated decimal", CellParser{}, "404056205320221", "404-5-62053-20221"},
		{"concatenated, 3-digit MNC", CellParser{Form: FormConcat, MNCDigits: 3, LACDigits: 4}, "4048571234567", "404-857-1234-567"},
		{"sector prefixed", CellParser{Form: FormSectorPrefixed, MCC: 310, MNC: 12}, "2083", "310-12-0-83/2"},
		{"eNB and sector text", CellParser{Form: FormENBSector, MCC: 404, MNC: 98}, "eNB 123456, sector 2", "404-98-31604738"},
		{"eNB dash sector", CellParser{Form: FormENBSector, MCC: 404, MNC: 98}, "123456-2", "404-98-31604738"},
		{"quoted", CellParser{}, "'234-15-1201-31010'", "234-15-1201-31010"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p
			k, err := p.Parse(tc.text)
			require.NoError(t, err)
			require.Equal(t, tc.want, k.String())
			back, err := ParseKey(k.String())
			require.NoError(t, err)
			require.Equal(t, k.String(), back.String())
		})
	}
}

func TestOneLTECellWrittenThreeWays(t *testing.T) {
	t.Parallel()
	p := &CellParser{MCC: 405, MNC: 857}
	eci := uint64(15059*256 + 25)
	cgi, err := p.Parse("405-857-120-" + uitoa(eci))
	require.NoError(t, err)
	hex, err := p.Parse("405857" + hex7(eci))
	require.NoError(t, err)
	enb, err := p.ParseENB("15059", "25")
	require.NoError(t, err)
	require.Equal(t, cgi.String(), hex.String())
	require.Equal(t, cgi.String(), enb.String())
}

func uitoa(v uint64) string {
	if v == 0 {
		return "0"
	}
	var b []byte
	for v > 0 {
		b = append([]byte{byte('0' + v%10)}, b...)
		v /= 10
	}
	return string(b)
}

func hex7(v uint64) string {
	const digits = "0123456789ABCDEF"
	b := make([]byte, 7)
	for i := 6; i >= 0; i-- {
		b[i] = digits[v%16]
		v /= 16
	}
	return string(b)
}

func TestCellErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text   string
		noCell bool
	}{
		{"", true}, {"0", true}, {"000", true},
		{"234-15-31010", false},      // a 16-bit CI with no LAC
		{"23-15-1201-31010", false},  // a 2-digit MCC
		{"ABC-15-1201-31010", false}, // letters
		{"12345", false},             // ambiguous
		{"405857ZZAD319", false},     // not hex
	} {
		t.Run(tc.text, func(t *testing.T) {
			p := &CellParser{}
			_, err := p.Parse(tc.text)
			if tc.noCell {
				require.ErrorIs(t, err, ErrNoCell)
				return
			}
			require.ErrorIs(t, err, ErrCell)
		})
	}
	for _, bad := range []string{"", "1-2", "234-15-0", "234-015-1-2", "234-15-x-2", "234-15-1-70000"} {
		_, err := ParseKey(bad)
		require.ErrorIs(t, err, ErrCell, bad)
	}
}

func BenchmarkISOTime(b *testing.B) {
	p, _ := NewTimeParser(nil, time.UTC)
	for b.Loop() {
		p.Parse("2026-03-01T08:15:00Z")
	}
}

func BenchmarkLocalTime(b *testing.B) {
	loc, _ := time.LoadLocation("Europe/London")
	p, _ := NewTimeParser(nil, loc)
	for b.Loop() {
		p.Parse("2026-07-01 08:15:00")
	}
}

func BenchmarkPhoneCached(b *testing.B) {
	p, _ := NewPhoneNormalizer("GB")
	for b.Loop() {
		p.Normalize("07700 900123")
	}
}

func TestIMEICheckDigit(t *testing.T) {
	t.Parallel()
	require.Equal(t, byte('9'), IMEICheckDigit("35693803564380"))
	require.Equal(t, byte('8'), IMEICheckDigit("49015420323751"))
}

func TestLACAndCITogether(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"1201 31010", "1201/31010", "LAC=1201, CI=31010", "0x4B1 0x7922"} {
		p := &CellParser{Form: FormLACCI, MCC: 234, MNC: 15}
		k, err := p.Parse(text)
		require.NoError(t, err, text)
		require.Equal(t, "234-15-1201-31010", k.String(), text)
	}
	p := &CellParser{Form: FormLACCI, MCC: 234, MNC: 15}
	_, err := p.Parse("1 2 3")
	require.ErrorIs(t, err, ErrCell)
}

// The fixed-width fast path must agree with time.Parse on every text.
func TestFixedLayoutsAgreeWithTimeParse(t *testing.T) {
	t.Parallel()
	layouts := []string{"02/01/2006 15:04:05", "01/02/2006 15:04", "2006:01:02 15:04:05.000", "02-01-2006", "2006-01-02T15:04:05"}
	texts := []string{"01/07/2026 09:00:00", "31/12/2026 23:59:59", "29/02/2028 00:00:00", "29/02/2026 00:00:00", "31/04/2026 10:00:00",
		"01/13/2026 09:00:00", "1/07/2026 09:00:00", "01/07/2026 24:00:00", "07/01/2026 09:30", "2026:03:01 08:15:02.250", "2026:03:01 08:15:02.2",
		"01-07-2026", "2026-07-01T12:00:00", "2026-07-01T12:00:60", "aa/bb/cccc dd:ee:ff", ""}
	for _, l := range layouts {
		parts, width := compileFixed(l)
		require.NotNil(t, parts, l)
		for _, text := range texts {
			want, err := time.Parse(l, text)
			got, ok := parseFixed(parts, width, text)
			require.Equal(t, err == nil, ok, "%s %q: time.Parse err %v", l, text, err)
			if ok {
				require.True(t, want.Equal(got), "%s %q: %s vs %s", l, text, got, want)
			}
		}
	}
	for _, l := range []string{"Jan 2 2006", "02/01/2006 3:04PM", "2006-01-02T15:04:05Z07:00", "2/1/2006"} {
		parts, _ := compileFixed(l)
		require.Nil(t, parts, l)
	}
}

func BenchmarkGoLayoutTime(b *testing.B) {
	loc, _ := time.LoadLocation("Europe/London")
	p, _ := NewTimeParser([]string{"02/01/2006 15:04:05"}, loc)
	for b.Loop() {
		p.Parse("01/07/2026 09:00:00")
	}
}
