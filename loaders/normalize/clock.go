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
	hasZone  bool        // a Go layout that reads an offset or zone
	fixed    []fixedPart // a Go layout of fixed-width numbers and separators, parsed without time.Parse
	width    int
}

// fixedPart is one piece of a fixed-width layout: a number of width digits
// for a field, or a literal byte.
type fixedPart struct {
	field   byte // 'Y' year, 'M' month, 'D' day, 'h', 'm', 's', 'f' fraction; 0 = literal
	width   int
	literal byte
}

// compileFixed turns a Go layout made only of 2006, 01, 02, 15, 04, 05, .000
// and separators into fixed parts; nil when the layout has anything else.
func compileFixed(l string) ([]fixedPart, int) {
	var parts []fixedPart
	width := 0
	for i := 0; i < len(l); {
		switch {
		case strings.HasPrefix(l[i:], "2006"):
			parts, i, width = append(parts, fixedPart{field: 'Y', width: 4}), i+4, width+4
		case strings.HasPrefix(l[i:], "01"):
			parts, i, width = append(parts, fixedPart{field: 'M', width: 2}), i+2, width+2
		case strings.HasPrefix(l[i:], "02"):
			parts, i, width = append(parts, fixedPart{field: 'D', width: 2}), i+2, width+2
		case strings.HasPrefix(l[i:], "15"):
			parts, i, width = append(parts, fixedPart{field: 'h', width: 2}), i+2, width+2
		case strings.HasPrefix(l[i:], "04"):
			parts, i, width = append(parts, fixedPart{field: 'm', width: 2}), i+2, width+2
		case strings.HasPrefix(l[i:], "05"):
			parts, i, width = append(parts, fixedPart{field: 's', width: 2}), i+2, width+2
		case l[i] == '.' && i+1 < len(l) && l[i+1] == '0':
			n := 0
			for i+1+n < len(l) && l[i+1+n] == '0' {
				n++
			}
			if n > 9 {
				return nil, 0
			}
			parts = append(parts, fixedPart{literal: '.'}, fixedPart{field: 'f', width: n})
			i, width = i+1+n, width+1+n
		case strings.IndexByte(" /-:T,_", l[i]) >= 0:
			parts, i, width = append(parts, fixedPart{literal: l[i]}), i+1, width+1
		default:
			return nil, 0
		}
	}
	return parts, width
}

// parseFixed reads text with fixed parts; ok is false when it does not fit.
func parseFixed(parts []fixedPart, width int, text string) (time.Time, bool) {
	if len(text) != width {
		return time.Time{}, false
	}
	y, mo, d, h, mi, sec, ns := 0, 1, 1, 0, 0, 0, 0
	pos := 0
	for _, p := range parts {
		if p.field == 0 {
			if text[pos] != p.literal {
				return time.Time{}, false
			}
			pos++
			continue
		}
		v, ok := num(text, pos, p.width)
		if !ok {
			return time.Time{}, false
		}
		switch p.field {
		case 'Y':
			y = v
		case 'M':
			mo = v
		case 'D':
			d = v
		case 'h':
			h = v
		case 'm':
			mi = v
		case 's':
			sec = v
		case 'f':
			ns = v
			for k := p.width; k < 9; k++ {
				ns *= 10
			}
		}
		pos += p.width
	}
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, ns, time.UTC), true
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
			fixed, width := compileFixed(l)
			p.layouts = append(p.layouts, layout{kind: layoutGo, goLayout: l, hasZone: hasZone, fixed: fixed, width: width})
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
			if l.fixed != nil {
				wall, ok = parseFixed(l.fixed, l.width, text)
				if !ok {
					continue
				}
				break
			}
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
