package normalize

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The fuzz targets read untrusted provider text. Each is seeded with the
// examples of the table tests; found crashers live in testdata/fuzz/.

// FuzzCellParse: no panic; every error wraps ErrCell; a parsed key's text
// re-parses (ParseKey) to the same cell.
func FuzzCellParse(f *testing.F) {
	for _, s := range []string{
		"404-98-8331-230711555", "40585703AD319", "404056205320221", "2083", "eNB 123456, sector 2", "123456-2",
		"LAC=1234, CI=5678", "234-15-1201-31010", "234-15-0x4B1-0x7922", "234:15:1201:31010", "404-98-230711555",
		"234-15-?-31010", "310-12-0-83/2", "4058570ABCDEF12", "4048571234567", "1201 31010", "0x1A-0x2B", "0", "",
	} {
		for form := range uint8(7) {
			f.Add(s, form)
		}
	}
	f.Fuzz(func(t *testing.T, text string, setting uint8) {
		// One byte chooses the form and the column's radio.
		p := &CellParser{Form: CellForm(setting % 7), Radio: Radio(setting / 7 % 6), MCC: 234, MNC: 15, Switch: 3}
		if setting&0x80 != 0 {
			p.MNCDigits, p.LACDigits = 3, 4
		}
		k, err := p.Parse(text)
		if err != nil {
			if !errors.Is(err, ErrCell) {
				t.Fatalf("%q: error %v does not wrap ErrCell", text, err)
			}
			return
		}
		key := k.String()
		back, err := ParseKey(key)
		if err != nil {
			t.Fatalf("%q parsed to %+v, key %q, which does not re-parse: %v", text, k, key, err)
		}
		if back.String() != key || !sameCell(k, back) {
			t.Fatalf("%q parsed to %+v, key %q, which re-parses to %+v, key %q", text, k, key, back, back.String())
		}
	})
}

// FuzzParseKey: no panic; a key that parses is canonical (String gives it
// back).
func FuzzParseKey(f *testing.F) {
	for _, s := range []string{"404-98-230711555", "234-15-1201-31010", "234-15-?-31010", "310-12-0-83/2", "404-98-300",
		"0-0-4294967295-68719476735/255", "234-015-1-2", "234-15-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseKey(s)
		if err != nil {
			if !errors.Is(err, ErrCell) {
				t.Fatalf("%q: error %v does not wrap ErrCell", s, err)
			}
			return
		}
		if k.String() != s {
			t.Fatalf("ParseKey(%q).String() = %q", s, k.String())
		}
	})
}

// fuzzFixedLayouts are numeric Go layouts checked against time.Parse.
var fuzzFixedLayouts = []string{"02/01/2006 15:04:05", "2006:01:02 15:04:05.000", "2006/01/02 15:04:05.999", "20060102150405"}

// FuzzTimeParse: no panic; a parsed time is within the years allowed; a
// parser that remembers zone periods agrees with a fresh one; and the
// fast path for numeric Go layouts reads what time.Parse reads.
func FuzzTimeParse(f *testing.F) {
	for _, s := range []string{
		"2026-03-01T08:15:00Z", "2026-03-01t08:15:00z", "2026-03-01T08:15:00+05:30", "2026-03-01 08:15:00-0500", "2026-03-01 08:15-03",
		"2026-03-01T08:15:00.123456789Z", "2026-03-01 08:15:00,5", "2026-03-01", "2026-03-29 01:30:00", "2026-10-25 01:30:00",
		"1970-01-01T00:00:00Z", "2100-12-31T23:59:59Z", "01/07/2026 09:00:00", "01/07/2026 9:00:00", "01/07/2026  09:00:00.75",
		"2026:03:01 08:15:02.250", "2026/03/01 08:15:02.5", "20260701090000", "1772352900", "1772352900.25", "-1", "1e9",
	} {
		f.Add(s)
	}
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		f.Fatal(err)
	}
	layouts := append([]string{"iso8601", "unix"}, fuzzFixedLayouts...)
	reused, err := NewTimeParser(layouts, london)
	if err != nil {
		f.Fatal(err)
	}
	lo, hi := time.Date(minYear, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(maxYear+1, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		v, flag, explicit, err := reused.Parse(s)
		fresh, _ := NewTimeParser(layouts, london)
		v2, flag2, explicit2, err2 := fresh.Parse(s)
		if (err == nil) != (err2 == nil) || !v.Equal(v2) || flag != flag2 || explicit != explicit2 {
			t.Fatalf("%q: reused parser %s %v %v %v, fresh %s %v %v %v", s, v, flag, explicit, err, v2, flag2, explicit2, err2)
		}
		if err != nil {
			if !errors.Is(err, ErrTime) {
				t.Fatalf("%q: error %v does not wrap ErrTime", s, err)
			}
		} else if v.Before(lo) || !v.Before(hi) {
			t.Fatalf("%q parsed to %s, outside %d–%d", s, v, minYear, maxYear)
		}
		for _, l := range fuzzFixedLayouts {
			want, goErr := time.Parse(l, s)
			got, reason := readFixed(compileFixed(l), s)
			switch {
			case reason == "" && goErr != nil:
				t.Fatalf("layout %q, %q: fast path reads %+v, time.Parse fails: %v", l, s, got, goErr)
			case reason == "" && (got.sec != want.Unix() || got.nsec != int64(want.Nanosecond())):
				t.Fatalf("layout %q, %q: fast path reads %+v, time.Parse %s", l, s, got, want)
			case reason != "" && goErr == nil && !strings.ContainsAny(s, "+-"):
				// The one known difference: time.Parse takes a sign in a
				// fixed-width fraction (".+12"); the fast path does not.
				t.Fatalf("layout %q, %q: fast path refuses (%s), time.Parse reads %s", l, s, reason, want)
			}
		}
	})
}

// FuzzPhone: no panic; an E.164 value exactly when the kind says so, written
// as + and digits; the dialled marker only with a (D); the caches give what
// a fresh normaliser gives.
func FuzzPhone(f *testing.F) {
	for _, s := range []string{"07700 900123", "+447700900123", "00447700900123", "+44 (0)7700 900123", "447700900123", "(0121) 496-0000",
		"07700900123(D)", "'07700900123'(D)", "121", "150(D)", "HSBC", "VM-HDFCBK", "", "(D)", "07700*900#", "+999 123456", "9812345678"} {
		f.Add(s)
	}
	reused, err := NewPhoneNormalizer("GB")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ph := reused.Normalize(s)
		fresh, _ := NewPhoneNormalizer("GB")
		if again := fresh.Normalize(s); again != ph {
			t.Fatalf("%q: reused normaliser %+v, fresh %+v", s, ph, again)
		}
		if (ph.E164 != "") != (ph.Kind == PhoneE164) {
			t.Fatalf("%q: kind %q with E.164 %q", s, ph.Kind, ph.E164)
		}
		if ph.E164 != "" {
			if len(ph.E164) < 2 || ph.E164[0] != '+' || strings.Trim(ph.E164[1:], "0123456789") != "" {
				t.Fatalf("%q: E.164 %q is not + and digits", s, ph.E164)
			}
		}
		if ph.Dialled && !strings.Contains(strings.ToUpper(s), "(D)") {
			t.Fatalf("%q: dialled without a (D)", s)
		}
	})
}

// FuzzIMEI: no panic; the key is the first 14 digits of what was given; the
// check-digit verdict agrees with IMEICheckDigit; IMSIs are 14–15 digits.
func FuzzIMEI(f *testing.F) {
	for _, s := range []string{"356938035643809", "356938035643808", "35693803564380", "3569380356438012", "35-693803-564380-9",
		"'35 693803 564380 9'", "234150000000001", "123", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		whole, key, ok, err := IMEI(s)
		if err == nil {
			if n := len(whole); n < 14 || n > 16 || key != whole[:14] || strings.Trim(whole, "0123456789") != "" {
				t.Fatalf("%q: whole %q key %q", s, whole, key)
			}
			if len(whole) == 15 && ok != (IMEICheckDigit(key) == whole[14]) {
				t.Fatalf("%q: check digit verdict %v", s, ok)
			}
		} else if !errors.Is(err, ErrIMEI) {
			t.Fatalf("%q: error %v does not wrap ErrIMEI", s, err)
		}
		imsi, err := IMSI(s)
		if err == nil {
			if n := len(imsi); n < 14 || n > 15 || strings.Trim(imsi, "0123456789") != "" {
				t.Fatalf("%q: IMSI %q", s, imsi)
			}
		} else if !errors.Is(err, ErrIMSI) {
			t.Fatalf("%q: error %v does not wrap ErrIMSI", s, err)
		}
	})
}

// FuzzDuration: no panic; a duration is not negative; whole seconds read as
// themselves; a duration written back as seconds reads the same.
func FuzzDuration(f *testing.F) {
	for _, s := range []string{"125", "125.0", "125.5", "02:05", "125:30", "1:02:05", "00:00:59.5", "'42'", "2147483647", "-3", "1:60", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseDuration(s)
		if err != nil {
			if !errors.Is(err, ErrDuration) {
				t.Fatalf("%q: error %v does not wrap ErrDuration", s, err)
			}
			return
		}
		if v < 0 {
			t.Fatalf("%q: negative %d", s, v)
		}
		if n, err := strconv.ParseUint(s, 10, 31); err == nil && int64(n) != int64(v) {
			t.Fatalf("%q: %d", s, v)
		}
		if back, err := ParseDuration(strconv.Itoa(int(v))); err != nil || back != v {
			t.Fatalf("%q: %d written back reads %d, %v", s, v, back, err)
		}
	})
}
