package normalize

import (
	"errors"
	"fmt"
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
	TimeNonexistent          // the wall time never happened (clocks went forward); read with the offset in force before the change
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

// Instants outside [1970-01-01T00:00:00Z, 2101-01-01T00:00:00Z) are data
// errors, not history.
const (
	minYear, maxYear = 1970, 2100
	minUnix          = 0            // 1970-01-01T00:00:00Z
	maxUnix          = 4133980800   // 2101-01-01T00:00:00Z, exclusive
	secondsPerDay    = 24 * 60 * 60 // a day of the proleptic Gregorian calendar
)

// The layout names NewTimeParser knows besides Go layouts.
const (
	LayoutISO8601 = "iso8601"
	LayoutUnix    = "unix"
	LayoutUnixMS  = "unix_ms"
)

type layoutKind uint8

const (
	layoutISO    layoutKind = iota // hand-written ISO 8601 reader
	layoutUnix                     // seconds since 1970
	layoutUnixMS                   // milliseconds since 1970
	layoutFixed                    // a numeric Go layout, read by readFixed
	layoutGo                       // any other Go layout, read by time.Parse
)

// goZone says what a Go layout read by time.Parse says about the zone.
type goZone uint8

const (
	goZoneNone   goZone = iota // no zone: the text is a wall time
	goZoneOffset               // a numeric offset (-0700, Z07:00, ...)
	goZoneName                 // a zone abbreviation (MST), resolved in the parse zone
)

type layout struct {
	name  string
	kind  layoutKind
	parts []fixedPart // layoutFixed
	zone  goZone      // layoutGo
}

// wallTime is what a layout reads: the seconds since 1970 of the wall clock
// read as if it were UTC (or of the instant itself when explicit), and the
// nanoseconds.
type wallTime struct {
	sec      int64
	nsec     int64
	explicit bool
}

// TimeParser reads times with a list of layouts tried in order. It
// remembers the zone period of the last local time it resolved, so that
// times away from a clock change cost a comparison. It is not safe for
// concurrent use (make one per goroutine).
type TimeParser struct {
	layouts []layout
	loc     *time.Location
	names   string
	period  zonePeriod
}

// zonePeriod is a span of wall-clock times (as seconds since 1970, read as
// UTC) that all resolve, uniquely, with one offset in one zone.
type zonePeriod struct {
	loc    *time.Location
	lo, hi int64 // [lo, hi)
	off    int64 // seconds east of UTC
}

// NewTimeParser returns a parser trying layouts in order. A layout is a Go
// time layout ("02/01/2006 15:04:05") or one of the names "iso8601"
// (YYYY-MM-DD, optionally followed by T or a space and HH:MM[:SS[.fraction]],
// optionally followed by Z or ±HH[:MM]), "unix" (seconds since 1970, whole
// or decimal) and "unix_ms" (milliseconds since 1970). With no layouts it
// reads iso8601. loc is the zone of texts that carry no offset (nil is UTC).
func NewTimeParser(layouts []string, loc *time.Location) (*TimeParser, error) {
	if len(layouts) == 0 {
		layouts = []string{LayoutISO8601}
	}
	if loc == nil {
		loc = time.UTC
	}
	p := &TimeParser{loc: loc, names: strings.Join(layouts, " or ")}
	for _, l := range layouts {
		switch strings.ToLower(l) {
		case LayoutISO8601:
			p.layouts = append(p.layouts, layout{name: l, kind: layoutISO})
		case LayoutUnix:
			p.layouts = append(p.layouts, layout{name: l, kind: layoutUnix})
		case LayoutUnixMS:
			p.layouts = append(p.layouts, layout{name: l, kind: layoutUnixMS})
		default:
			gl, err := compileGoLayout(l)
			if err != nil {
				return nil, err
			}
			p.layouts = append(p.layouts, gl)
		}
	}
	return p, nil
}

// compileGoLayout checks a Go layout and compiles it to fixed parts when it
// is made only of numeric fields and literals.
func compileGoLayout(l string) (layout, error) {
	// A layout must read back a full date it wrote: one without a year, a
	// month or a day (or one that is not a layout at all, like
	// "dd/mm/yyyy") would give every row the wrong date.
	ref := time.Date(2023, time.November, 28, 19, 47, 53, 0, time.UTC)
	back, err := time.Parse(l, ref.Format(l))
	if err != nil || back.Year() != ref.Year() || back.Month() != ref.Month() || back.Day() != ref.Day() {
		return layout{}, fmt.Errorf("%w: layout %q does not read a full date: want iso8601, unix, unix_ms or a Go layout with 2006, 01 and 02, like 02/01/2006 15:04:05", ErrTime, l)
	}
	if parts := compileFixed(l); parts != nil {
		return layout{name: l, kind: layoutFixed, parts: parts}, nil
	}
	zone := goZoneNone
	switch {
	case strings.Contains(l, "Z07") || strings.Contains(l, "-07"):
		zone = goZoneOffset
	case strings.Contains(l, "MST"):
		zone = goZoneName
	}
	return layout{name: l, kind: layoutGo, zone: zone}, nil
}

// Parse reads text, a local time in the parser's zone unless it carries an
// offset. It returns the UTC instant, the daylight-saving flag of a local
// time, and whether the text carried its own offset (or was an epoch time).
func (p *TimeParser) Parse(text string) (t time.Time, flag TimeFlag, explicit bool, err error) {
	return p.ParseIn(text, p.loc)
}

// ParseIn is Parse with loc as the zone for texts without an offset (a
// per-row zone column). A nil loc is UTC.
func (p *TimeParser) ParseIn(text string, loc *time.Location) (time.Time, TimeFlag, bool, error) {
	if loc == nil {
		loc = time.UTC
	}
	text = trimTime(text)
	var why [4]string // why each of the first layouts failed, for the error
	for i := range p.layouts {
		w, reason := p.layouts[i].read(text, loc)
		if reason != "" {
			if i < len(why) {
				why[i] = reason
			}
			continue
		}
		flag := TimeOK
		sec := w.sec
		if !w.explicit {
			sec, flag = p.resolve(w.sec, loc)
		}
		if sec < minUnix || sec >= maxUnix {
			return time.Time{}, TimeOK, false, fmt.Errorf("%w %q: year %d is outside %d–%d", ErrTime, text, time.Unix(sec, 0).UTC().Year(), minYear, maxYear)
		}
		return time.Unix(sec, w.nsec).UTC(), flag, w.explicit, nil
	}
	return time.Time{}, TimeOK, false, p.noMatch(text, why[:])
}

func (p *TimeParser) noMatch(text string, why []string) error {
	if len(p.layouts) == 1 {
		return fmt.Errorf("%w %q: does not match %s (%s)", ErrTime, text, p.names, why[0])
	}
	var b strings.Builder
	for i, l := range p.layouts {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(l.name)
		if i < len(why) {
			b.WriteString(": ")
			b.WriteString(why[i])
		}
	}
	return fmt.Errorf("%w %q: does not match %s (%s)", ErrTime, text, p.names, b.String())
}

// resolve interprets a wall time in loc, using the remembered zone period
// when the wall time is well inside it.
func (p *TimeParser) resolve(naive int64, loc *time.Location) (int64, TimeFlag) {
	if loc == time.UTC {
		return naive, TimeOK
	}
	if pp := &p.period; pp.loc == loc && naive >= pp.lo && naive < pp.hi {
		return naive - pp.off, TimeOK
	}
	sec, flag, period := resolveWall(naive, loc)
	if flag == TimeOK {
		p.period = period
	}
	return sec, flag
}

// ResolveLocal interprets the wall clock of w (its fields; its location is
// ignored) in loc and returns the UTC instant. A wall time that happened
// twice (clocks went back) resolves to the earlier instant and is flagged
// TimeAmbiguous; one that never happened (clocks went forward) is read with
// the offset in force just before the change and flagged TimeNonexistent.
func ResolveLocal(w time.Time, loc *time.Location) (time.Time, TimeFlag) {
	y, mo, d := w.Date()
	h, mi, s := w.Clock()
	naive := daysFromCivil(y, int(mo), d)*secondsPerDay + int64(h*3600+mi*60+s)
	if loc == nil || loc == time.UTC {
		return time.Unix(naive, int64(w.Nanosecond())).UTC(), TimeOK
	}
	sec, flag, _ := resolveWall(naive, loc)
	return time.Unix(sec, int64(w.Nanosecond())).UTC(), flag
}

// offsetSpan bounds how far a zone's offset can be from UTC, with room to
// spare: real offsets run from −12:00 to +14:00, and historical local mean
// times stay within ±16:00.
const offsetSpan = 30 * 3600

// resolveWall interprets naive (a wall time as seconds since 1970 read as
// UTC) in loc. It walks the zone's periods whose instants could hold the
// wall time — from naive − offsetSpan to naive + offsetSpan — and keeps each
// period's offset whose instant naive − offset falls inside that period:
// one such candidate is an ordinary time, two or more mean the wall time
// repeats (the earliest is taken), none means it falls in a gap (read with
// the offset of the period before the gap). For an ordinary time it also
// returns the span of wall times that resolve the same way without another
// candidate, for TimeParser to remember.
func resolveWall(naive int64, loc *time.Location) (int64, TimeFlag, zonePeriod) {
	var (
		found     [4]int64
		n         int
		chosen    zonePeriod
		gapOff    int64
		gap       bool
		prevLate  bool
		prevOff   int64
		firstSeen bool
		firstOff  int64
	)
	t := time.Unix(naive-offsetSpan, 0).In(loc)
	for range 16 { // a zone changes offset a few times a day at most
		_, o := t.Zone()
		off := int64(o)
		start, end := t.ZoneBounds()
		lo, hi := boundsUnix(start, end)
		if !firstSeen {
			firstSeen, firstOff = true, off
		}
		c := naive - off
		switch {
		case c >= lo && c < hi:
			dup := false
			for k := range n {
				dup = dup || found[k] == c
			}
			if !dup && n < len(found) {
				found[n] = c
				n++
			}
			// Wall times whose candidate lies offsetSpan inside this period
			// can have no candidate in any other.
			chosen = zonePeriod{loc: loc, lo: satAdd(lo, off+offsetSpan), hi: satAdd(hi, off-offsetSpan), off: off}
			prevLate = false
		case c >= hi:
			prevLate = true
		default: // c < lo: the wall time comes before this period starts
			if prevLate && !gap {
				gap, gapOff = true, prevOff
			}
			prevLate = false
		}
		prevOff = off
		if end.IsZero() || hi > naive+offsetSpan {
			break
		}
		t = end.In(loc)
	}
	switch {
	case n == 1:
		return found[0], TimeOK, chosen
	case n > 1:
		earliest := found[0]
		for _, c := range found[1:n] {
			earliest = min(earliest, c)
		}
		return earliest, TimeAmbiguous, zonePeriod{}
	case gap:
		return naive - gapOff, TimeNonexistent, zonePeriod{}
	}
	// Not reached for a well-formed zone; read with the earliest offset seen.
	return naive - firstOff, TimeNonexistent, zonePeriod{}
}

// boundsUnix turns ZoneBounds' start and end into seconds, with a zero Time
// (no bound) as the far past or future.
func boundsUnix(start, end time.Time) (lo, hi int64) {
	lo, hi = -1<<62, 1<<62
	if !start.IsZero() {
		lo = start.Unix()
	}
	if !end.IsZero() {
		hi = end.Unix()
	}
	return lo, hi
}

// satAdd adds d to a bound, keeping the open bounds open.
func satAdd(v, d int64) int64 {
	if v <= -1<<62 || v >= 1<<62 {
		return v
	}
	return v + d
}

// trimTime removes spaces, tabs and quotes around s.
func trimTime(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\'' || s[0] == '"') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t' || s[len(s)-1] == '\'' || s[len(s)-1] == '"' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s
}

// read reads text with one layout; reason says why it does not fit.
func (l *layout) read(text string, loc *time.Location) (wallTime, string) {
	switch l.kind {
	case layoutISO:
		return readISO(text)
	case layoutUnix:
		return readEpoch(text, false)
	case layoutUnixMS:
		return readEpoch(text, true)
	case layoutFixed:
		return readFixed(l.parts, text)
	}
	return l.readGo(text, loc)
}

// readGo reads a layout that compileFixed could not, with time.Parse.
func (l *layout) readGo(text string, loc *time.Location) (wallTime, string) {
	switch l.zone {
	case goZoneNone:
		t, err := time.Parse(l.name, text)
		if err != nil {
			return wallTime{}, "does not fit the layout"
		}
		return wallTime{sec: t.Unix(), nsec: int64(t.Nanosecond())}, ""
	case goZoneOffset:
		t, err := time.Parse(l.name, text)
		if err != nil {
			return wallTime{}, "does not fit the layout"
		}
		return wallTime{sec: t.Unix(), nsec: int64(t.Nanosecond()), explicit: true}, ""
	}
	// A zone abbreviation: Go resolves the ones loc uses (GMT and BST in
	// Europe/London) and UTC, and invents a zero offset for any other. An
	// invented offset would be a silent error of hours, so it is refused.
	t, err := time.ParseInLocation(l.name, text, loc)
	if err != nil {
		return wallTime{}, "does not fit the layout"
	}
	if got := t.Location(); got != loc && got != time.UTC {
		if name, off := t.Zone(); off == 0 && !strings.HasPrefix(name, "GMT") {
			return wallTime{}, "zone abbreviation " + name + " is not used in " + loc.String()
		}
	}
	return wallTime{sec: t.Unix(), nsec: int64(t.Nanosecond()), explicit: true}, ""
}

// readISO reads YYYY-MM-DD, optionally followed by T or a space and
// HH:MM[:SS[.fraction]], optionally followed by Z or ±HH[:MM] (or ±HHMM).
// A date alone is midnight.
func readISO(s string) (wallTime, string) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return wallTime{}, "want YYYY-MM-DD"
	}
	y, ok1 := digitsAt(s, 0, 4)
	mo, ok2 := digitsAt(s, 5, 2)
	d, ok3 := digitsAt(s, 8, 2)
	if !ok1 || !ok2 || !ok3 {
		return wallTime{}, "want YYYY-MM-DD"
	}
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) {
		return wallTime{}, "no such date"
	}
	var h, mi, sec int
	var nsec int64
	i := 10
	if i < len(s) && (s[i] == 'T' || s[i] == 't' || s[i] == ' ') {
		var ok bool
		if h, ok = digitsAt(s, i+1, 2); !ok || i+3 >= len(s) || s[i+3] != ':' {
			return wallTime{}, "want HH:MM after the date"
		}
		if mi, ok = digitsAt(s, i+4, 2); !ok {
			return wallTime{}, "want HH:MM after the date"
		}
		i += 6
		if i < len(s) && s[i] == ':' {
			if sec, ok = digitsAt(s, i+1, 2); !ok {
				return wallTime{}, "want two digits of seconds"
			}
			i += 3
			if i < len(s) && (s[i] == '.' || s[i] == ',') {
				var n int
				nsec, n = fraction(s[i+1:])
				if n == 0 {
					return wallTime{}, "want digits after the decimal point"
				}
				i += 1 + n
			}
		}
		if h > 23 || mi > 59 || sec > 59 {
			return wallTime{}, "no such time of day"
		}
	}
	w := wallTime{sec: daysFromCivil(y, mo, d)*secondsPerDay + int64(h*3600+mi*60+sec), nsec: nsec}
	if i == len(s) {
		return w, ""
	}
	switch s[i] {
	case 'Z', 'z':
		if i+1 != len(s) {
			return wallTime{}, "text after Z"
		}
		w.explicit = true
		return w, ""
	case '+', '-':
		off, ok := isoOffset(s[i+1:])
		if !ok {
			return wallTime{}, "want an offset ±HH, ±HHMM or ±HH:MM"
		}
		if s[i] == '-' {
			off = -off
		}
		w.sec -= off
		w.explicit = true
		return w, ""
	}
	return wallTime{}, "unexpected text after the time"
}

// isoOffset reads HH, HHMM or HH:MM as seconds.
func isoOffset(s string) (int64, bool) {
	var oh, om int
	var ok bool
	switch len(s) {
	case 2:
		oh, ok = digitsAt(s, 0, 2)
	case 4:
		oh, ok = digitsAt(s, 0, 2)
		if ok {
			om, ok = digitsAt(s, 2, 2)
		}
	case 5:
		oh, ok = digitsAt(s, 0, 2)
		if ok && s[2] == ':' {
			om, ok = digitsAt(s, 3, 2)
		} else {
			ok = false
		}
	}
	if !ok || oh > 18 || om > 59 {
		return 0, false
	}
	return int64(oh*3600 + om*60), true
}

// fraction reads the digits at the start of s as a fraction of a second:
// the nanoseconds (digits past the ninth are read and dropped) and how many
// digits there were.
func fraction(s string) (nsec int64, n int) {
	scale := int64(100_000_000)
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		nsec += int64(s[n]-'0') * scale
		scale /= 10
		n++
	}
	return nsec, n
}

// readEpoch reads seconds (or milliseconds) since 1970: digits, optionally
// with a decimal fraction. Epoch times are UTC instants.
func readEpoch(s string, ms bool) (wallTime, string) {
	i := 0
	var v int64
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		if i == 15 {
			return wallTime{}, "too many digits"
		}
		v = v*10 + int64(s[i]-'0')
		i++
	}
	if i == 0 {
		return wallTime{}, "want digits"
	}
	var frac int64 // nanoseconds of the unit
	if i < len(s) && s[i] == '.' {
		var n int
		frac, n = fraction(s[i+1:])
		if n == 0 {
			return wallTime{}, "want digits after the decimal point"
		}
		i += 1 + n
	}
	if i != len(s) {
		return wallTime{}, "want digits"
	}
	if ms {
		return wallTime{sec: v / 1000, nsec: v%1000*1_000_000 + frac/1000, explicit: true}, ""
	}
	return wallTime{sec: v, nsec: frac, explicit: true}, ""
}

// digitsAt reads n decimal digits of s at i.
func digitsAt(s string, i, n int) (int, bool) {
	if i < 0 || i+n > len(s) {
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

// daysFromCivil is the number of days from 1970-01-01 to y-m-d in the
// proleptic Gregorian calendar (the era-based method: 400-year eras of
// 146097 days, years counted from March so that the leap day comes last).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400                  // [0, 399]
	doy := (153*((m+9)%12)+2)/5 + d - 1 // [0, 365], from 1 March
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// fixedPart is one piece of a numeric Go layout: a field of digits or a
// literal byte.
type fixedPart struct {
	kind        byte // 'Y' year, 'M' month, 'D' day, 'h' hour, 'm' minute, 's' second, 'f' fraction of n digits, 'F' optional fraction; 0 a literal
	n           int  // digits of an 'f' fraction
	literal     byte
	fracFollows bool // an 's' whose next field is a fraction
}

// compileFixed turns a Go layout made only of 2006, 01, 02, 15, 04, 05,
// .000 or .999 (',' also) and punctuation into parts that readFixed reads
// exactly as time.Parse would, without its cost. It returns nil for any
// other layout (names of months or days, 12-hour clocks, zones, unpadded
// fields), which time.Parse then reads.
func compileFixed(l string) []fixedPart {
	var parts []fixedPart
	for i := 0; i < len(l); {
		rest := l[i:]
		switch {
		case strings.HasPrefix(rest, "2006"):
			parts = append(parts, fixedPart{kind: 'Y'})
			i += 4
		case strings.HasPrefix(rest, "01"):
			parts = append(parts, fixedPart{kind: 'M'})
			i += 2
		case strings.HasPrefix(rest, "02"):
			parts = append(parts, fixedPart{kind: 'D'})
			i += 2
		case strings.HasPrefix(rest, "15"):
			parts = append(parts, fixedPart{kind: 'h'})
			i += 2
		case strings.HasPrefix(rest, "04"):
			parts = append(parts, fixedPart{kind: 'm'})
			i += 2
		case strings.HasPrefix(rest, "05"):
			parts = append(parts, fixedPart{kind: 's'})
			i += 2
		case (rest[0] == '.' || rest[0] == ',') && len(rest) > 1 && (rest[1] == '0' || rest[1] == '9'):
			j := 1
			for j < len(rest) && rest[j] == rest[1] {
				j++
			}
			if j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
				// Not a fraction to Go either ("02.01.2006"): a literal.
				parts = append(parts, fixedPart{literal: rest[0]})
				i++
				continue
			}
			if rest[1] == '0' {
				parts = append(parts, fixedPart{kind: 'f', n: j - 1})
			} else {
				parts = append(parts, fixedPart{kind: 'F'})
			}
			i += j
		case (rest[0] == 'Z' || rest[0] == '-') && strings.HasPrefix(rest[1:], "07"):
			return nil // an offset
		case rest[0] == ' ':
			for i < len(l) && l[i] == ' ' {
				i++
			}
			parts = append(parts, fixedPart{literal: ' '})
		case strings.IndexByte("/-:.,_T", rest[0]) >= 0 || rest[0] == 'Z':
			parts = append(parts, fixedPart{literal: rest[0]})
			i++
		default:
			return nil
		}
	}
	for i := range parts {
		if parts[i].kind != 's' {
			continue
		}
		for _, q := range parts[i+1:] {
			if q.kind != 0 {
				parts[i].fracFollows = q.kind == 'f' || q.kind == 'F'
				break
			}
		}
	}
	return parts
}

// readFixed reads text with compiled parts, as time.Parse would read it with
// the layout (one difference: a fixed-width fraction must be digits, where
// time.Parse would take a sign). The fields are a wall time.
func readFixed(parts []fixedPart, s string) (wallTime, string) {
	const misfit = "does not fit the layout"
	y, mo, d, h, mi, sec := 0, 1, 1, 0, 0, 0
	var nsec int64
	pos := 0
	isDigit := func(i int) bool { return i < len(s) && s[i] >= '0' && s[i] <= '9' }
	for _, p := range parts {
		var ok bool
		switch p.kind {
		case 0:
			if p.literal == ' ' {
				// As in time.Parse: a run of spaces matches a run of spaces.
				if pos < len(s) && s[pos] != ' ' {
					return wallTime{}, misfit
				}
				for pos < len(s) && s[pos] == ' ' {
					pos++
				}
				continue
			}
			if pos >= len(s) || s[pos] != p.literal {
				return wallTime{}, misfit
			}
			pos++
			continue
		case 'Y':
			y, ok = digitsAt(s, pos, 4)
			pos += 4
		case 'M':
			mo, ok = digitsAt(s, pos, 2)
			pos += 2
		case 'D':
			d, ok = digitsAt(s, pos, 2)
			pos += 2
		case 'h': // 15 reads one or two digits
			n := 1
			if isDigit(pos + 1) {
				n = 2
			}
			h, ok = digitsAt(s, pos, n)
			pos += n
		case 'm':
			mi, ok = digitsAt(s, pos, 2)
			pos += 2
		case 's':
			sec, ok = digitsAt(s, pos, 2)
			pos += 2
			// A fraction the layout does not have is read all the same.
			if ok && !p.fracFollows && pos < len(s) && (s[pos] == '.' || s[pos] == ',') && isDigit(pos+1) {
				var n int
				nsec, n = fraction(s[pos+1:])
				pos += 1 + n
			}
		case 'f':
			if pos >= len(s) || (s[pos] != '.' && s[pos] != ',') || pos+1+p.n > len(s) {
				return wallTime{}, misfit
			}
			var n int
			nsec, n = fraction(s[pos+1 : pos+1+p.n])
			ok = n == p.n
			pos += 1 + p.n
		case 'F':
			ok = true
			if pos < len(s) && (s[pos] == '.' || s[pos] == ',') && isDigit(pos+1) {
				var n int
				nsec, n = fraction(s[pos+1:])
				pos += 1 + n
			}
		}
		if !ok {
			return wallTime{}, misfit
		}
	}
	if pos != len(s) {
		return wallTime{}, misfit
	}
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) {
		return wallTime{}, "no such date"
	}
	if h > 23 || mi > 59 || sec > 59 {
		return wallTime{}, "no such time of day"
	}
	return wallTime{sec: daysFromCivil(y, mo, d)*secondsPerDay + int64(h*3600+mi*60+sec), nsec: nsec}, ""
}
