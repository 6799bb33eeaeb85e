package normalize

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ErrTime is wrapped by every time error.
var ErrTime = errors.New("bad time")

// TimeFlag marks a local time that a daylight-saving change makes doubtful.
type TimeFlag uint8

// The flags.
const (
	TimeOK          TimeFlag = iota
	TimeAmbiguous            // the wall time happened twice (clocks went back); the earlier instant was taken
	TimeNonexistent          // the wall time never happened (clocks went forward); read with the offset before the change
)

func (f TimeFlag) String() string {
	switch f {
	case TimeAmbiguous:
		return "ambiguous"
	case TimeNonexistent:
		return "nonexistent"
	}
	return ""
}

// Years outside this range are data errors, not history.
const minYear, maxYear = 1970, 2100

type layoutKind uint8

const (
	layoutISO layoutKind = iota
	layoutUnix
	layoutUnixMS
	layoutGo
)

type layout struct {
	kind     layoutKind
	goLayout string
	hasZone  bool // a Go layout that reads an offset or zone
}

// TimeParser reads times with a list of layouts. It is not safe for
// concurrent use (it is cheap to make one per goroutine).
type TimeParser struct {
	layouts []layout
	loc     *time.Location
	names   string
}

// NewTimeParser returns a parser trying layouts in order: "iso8601",
// "unix" (seconds since 1970, may have a fraction), "unix_ms", or Go layouts
// such as "02/01/2006 15:04:05". loc is the zone of texts with no offset.
func NewTimeParser(layouts []string, loc *time.Location) (*TimeParser, error) {
	if len(layouts) == 0 {
		layouts = []string{"iso8601"}
	}
	if loc == nil {
		loc = time.UTC
	}
	p := &TimeParser{loc: loc, names: strings.Join(layouts, " or ")}
	for _, l := range layouts {
		switch l {
		case "iso8601":
			p.layouts = append(p.layouts, layout{kind: layoutISO})
		case "unix":
			p.layouts = append(p.layouts, layout{kind: layoutUnix})
		case "unix_ms":
			p.layouts = append(p.layouts, layout{kind: layoutUnixMS})
		default:
			if !strings.ContainsAny(l, "0123456789") {
				return nil, fmt.Errorf("%w: layout %q: want iso8601, unix, unix_ms or a Go layout like 02/01/2006 15:04:05", ErrTime, l)
			}
			hasZone := strings.Contains(l, "Z07") || strings.Contains(l, "-07") || strings.Contains(l, "MST")
			p.layouts = append(p.layouts, layout{kind: layoutGo, goLayout: l, hasZone: hasZone})
		}
	}
	return p, nil
}

// Parse reads text; see ParseIn.
func (p *TimeParser) Parse(text string) (time.Time, TimeFlag, bool, error) {
	return p.ParseIn(text, p.loc)
}

// ParseIn reads text and returns the UTC instant, the daylight-saving flag
// for a local time, and whether the text carried its own offset. Texts with
// no offset are local times in loc.
func (p *TimeParser) ParseIn(text string, loc *time.Location) (time.Time, TimeFlag, bool, error) {
	text = strings.TrimSpace(text)
	for _, l := range p.layouts {
		var (
			wall     time.Time
			explicit bool
			ok       bool
		)
		switch l.kind {
		case layoutISO:
			wall, explicit, ok = parseISO(text)
		case layoutUnix, layoutUnixMS:
			f, err := strconv.ParseFloat(text, 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || strings.ContainsAny(text, "eE") {
				continue
			}
			if l.kind == layoutUnixMS {
				f /= 1000
			}
			if f < 0 || f > 5e9 {
				continue
			}
			sec, frac := math.Modf(f)
			wall, explicit, ok = time.Unix(int64(sec), int64(math.Round(frac*1e9))).UTC(), true, true
		case layoutGo:
			t, err := time.Parse(l.goLayout, text)
			if err != nil {
				continue
			}
			wall, explicit, ok = t, l.hasZone, true
		}
		if !ok {
			continue
		}
		if y := wall.Year(); y < minYear || y > maxYear {
			return time.Time{}, TimeOK, false, fmt.Errorf("%w: %q: year %d is outside %d–%d", ErrTime, text, y, minYear, maxYear)
		}
		if explicit {
			return wall.UTC(), TimeOK, true, nil
		}
		t, flag := ResolveLocal(wall, loc)
		return t, flag, false, nil
	}
	return time.Time{}, TimeOK, false, fmt.Errorf("%w: %q does not match %s", ErrTime, text, p.names)
}

// parseISO reads YYYY-MM-DD, optionally followed by T or a space and
// HH:MM[:SS[.fraction]], optionally followed by Z or ±HH[:MM]. Without an
// offset the returned time's fields are the wall clock (in UTC).
func parseISO(s string) (time.Time, bool, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false, false
	}
	y, ok1 := num(s, 0, 4)
	mo, ok2 := num(s, 5, 2)
	d, ok3 := num(s, 8, 2)
	if !ok1 || !ok2 || !ok3 || mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) {
		return time.Time{}, false, false
	}
	var h, mi, sec, nsec int
	i := 10
	if i < len(s) {
		if s[i] != 'T' && s[i] != ' ' && s[i] != 't' {
			return time.Time{}, false, false
		}
		i++
		var ok bool
		if h, ok = num(s, i, 2); !ok || h > 23 || i+2 >= len(s) || s[i+2] != ':' {
			return time.Time{}, false, false
		}
		if mi, ok = num(s, i+3, 2); !ok || mi > 59 {
			return time.Time{}, false, false
		}
		i += 5
		if i < len(s) && s[i] == ':' {
			if sec, ok = num(s, i+1, 2); !ok || sec > 59 {
				return time.Time{}, false, false
			}
			i += 3
			if i < len(s) && (s[i] == '.' || s[i] == ',') {
				j := i + 1
				scale := 100_000_000
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					nsec += int(s[j]-'0') * scale
					scale /= 10
					j++
				}
				if j == i+1 {
					return time.Time{}, false, false
				}
				i = j
			}
		}
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, nsec, time.UTC)
	if i == len(s) {
		return t, false, true
	}
	switch s[i] {
	case 'Z', 'z':
		if i+1 != len(s) {
			return time.Time{}, false, false
		}
		return t, true, true
	case '+', '-':
		sign := 1
		if s[i] == '-' {
			sign = -1
		}
		rest := s[i+1:]
		var oh, om int
		var ok bool
		switch len(rest) {
		case 2:
			oh, ok = num(rest, 0, 2)
		case 4:
			oh, ok = num(rest, 0, 2)
			if ok {
				om, ok = num(rest, 2, 2)
			}
		case 5:
			oh, ok = num(rest, 0, 2)
			if ok && rest[2] == ':' {
				om, ok = num(rest, 3, 2)
			} else {
				ok = false
			}
		}
		if !ok || oh > 18 || om > 59 {
			return time.Time{}, false, false
		}
		off := sign * (oh*3600 + om*60)
		return t.Add(-time.Duration(off) * time.Second), true, true
	}
	return time.Time{}, false, false
}

// num reads n decimal digits of s at i.
func num(s string, i, n int) (int, bool) {
	if i+n > len(s) {
		return 0, false
	}
	v := 0
	for k := i; k < i+n; k++ {
		c := s[k]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// ResolveLocal interprets the wall clock of w (its own location ignored) in
// loc. A wall time that happened twice resolves to the earlier instant and is
// flagged TimeAmbiguous; one that never happened is read with the offset in
// force just before the change and flagged TimeNonexistent.
func ResolveLocal(w time.Time, loc *time.Location) (time.Time, TimeFlag) {
	y, mo, d := w.Date()
	h, mi, s := w.Clock()
	naive := time.Date(y, mo, d, h, mi, s, w.Nanosecond(), time.UTC)
	if loc == time.UTC || loc == nil {
		return naive, TimeOK
	}
	// Offsets that could apply: those in force a day either side. A zone
	// changes its offset at most once in that span, in practice.
	_, before := naive.Add(-26 * time.Hour).In(loc).Zone()
	_, after := naive.Add(26 * time.Hour).In(loc).Zone()
	_, at := naive.In(loc).Zone()
	var found [3]time.Time
	n := 0
	for _, off := range [3]int{before, at, after} {
		t := naive.Add(-time.Duration(off) * time.Second)
		if _, o := t.In(loc).Zone(); o != off {
			continue
		}
		dup := false
		for k := range n {
			if found[k].Equal(t) {
				dup = true
			}
		}
		if !dup {
			found[n] = t
			n++
		}
	}
	switch n {
	case 0:
		return naive.Add(-time.Duration(before) * time.Second), TimeNonexistent
	case 1:
		return found[0], TimeOK
	}
	earliest := found[0]
	for k := 1; k < n; k++ {
		if found[k].Before(earliest) {
			earliest = found[k]
		}
	}
	return earliest, TimeAmbiguous
}
