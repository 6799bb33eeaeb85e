package normalize

import (
	"testing"
	"time"
)

func FuzzCellParse(f *testing.F) {
	for _, s := range []string{"404-98-8331-230711555", "40585703AD319", "404056205320221", "2083", "234-15-1201-31010", "eNB 123456, sector 2", "0x1A-0x2B", ""} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, text string, form uint8) {
		p := &CellParser{Form: CellForm(form % 7), MCC: 234, MNC: 15}
		k, err := p.Parse(text)
		if err != nil {
			return
		}
		back, err := ParseKey(k.String())
		if err != nil {
			t.Fatalf("%q parsed to key %q which does not re-parse: %v", text, k.String(), err)
		}
		if back.String() != k.String() {
			t.Fatalf("key %q re-parses to %q", k.String(), back.String())
		}
	})
}

func FuzzParseKey(f *testing.F) {
	for _, s := range []string{"404-98-230711555", "234-15-1201-31010", "234-15-?-31010", "310-12-0-83/2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseKey(s)
		if err != nil {
			return
		}
		if k.String() != s {
			t.Fatalf("ParseKey(%q).String() = %q", s, k.String())
		}
	})
}

func FuzzTimeParse(f *testing.F) {
	for _, s := range []string{"2026-03-01T08:15:00Z", "2026-10-25 01:30:00", "2026-03-01T08:15:00.5+05:30", "01/07/2026 09:00:00", "1772352900"} {
		f.Add(s)
	}
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		f.Fatal(err)
	}
	p, err := NewTimeParser([]string{"iso8601", "02/01/2006 15:04:05", "unix"}, loc)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, _, _, err := p.Parse(s)
		if err != nil {
			return
		}
		if y := v.Year(); y < minYear-1 || y > maxYear+1 {
			t.Fatalf("%q parsed to %s", s, v)
		}
	})
}

func FuzzPhone(f *testing.F) {
	for _, s := range []string{"07700 900123", "+447700900123", "00447700900123", "121", "HSBC", "07700900123(D)"} {
		f.Add(s)
	}
	p, err := NewPhoneNormalizer("GB")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ph := p.Normalize(s)
		if (ph.E164 != "") != (ph.Kind == PhoneE164) {
			t.Fatalf("%q: kind %s with E.164 %q", s, ph.Kind, ph.E164)
		}
		if ph.E164 != "" && ph.E164[0] != '+' {
			t.Fatalf("%q: E.164 %q has no +", s, ph.E164)
		}
	})
}

func FuzzIMEI(f *testing.F) {
	for _, s := range []string{"356938035643809", "35693803564380", "3569380356438012", "35-693803-564380-9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		whole, key, _, err := IMEI(s)
		if err != nil {
			return
		}
		if len(key) != 14 || key != whole[:14] {
			t.Fatalf("%q: key %q of %q", s, key, whole)
		}
	})
}

func FuzzDuration(f *testing.F) {
	for _, s := range []string{"125", "02:05", "1:02:05", "125.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseDuration(s)
		if err == nil && v < 0 {
			t.Fatalf("%q: negative %d", s, v)
		}
	})
}
