package loaders

import (
	"regexp"
	"strconv"
	"strings"
)

// How inference reads the dates and times of sample values into Go layouts
// (docs/detect.md). Every layout it writes is one NewTimeParser accepts.

var (
	ymdRE  = regexp.MustCompile(`^(\d{4})([-/.:])(\d{1,2})([-/.:])(\d{1,2})$`)
	dmyRE  = regexp.MustCompile(`^(\d{1,2})([-/.])(\d{1,2})([-/.])(\d{4}|\d{2})$`)
	dmonRE = regexp.MustCompile(`^(\d{1,2})([- ])([A-Za-z]{3})([- ])(\d{4}|\d{2})$`)
	hmsRE  = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$`)
	zoneRE = regexp.MustCompile(`(Z|[+-]\d{2}:?\d{2})$`)
)

var months = map[string]bool{"jan": true, "feb": true, "mar": true, "apr": true, "may": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "oct": true, "nov": true, "dec": true}

// dateGuess is what a column of dates says about its layout.
type dateGuess struct {
	layout string // Go layout of the date part, or "iso" for YYYY-MM-DD
	note   string // why it is unsure, for a CHECK; empty when sure
}

// guessDateLayout reads a column of dates (no times). ok is false unless
// nearly every value is a date of one shape.
func guessDateLayout(vals []string) (dateGuess, bool) {
	if len(vals) == 0 {
		return dateGuess{}, false
	}
	shape := func(v string) string {
		switch {
		case ymdRE.MatchString(v):
			m := ymdRE.FindStringSubmatch(v)
			if m[2] != m[4] {
				return ""
			}
			return "ymd" + m[2]
		case dmyRE.MatchString(v):
			m := dmyRE.FindStringSubmatch(v)
			if m[2] != m[4] {
				return ""
			}
			return "dmy" + m[2] + strconv.Itoa(len(m[5]))
		case dmonRE.MatchString(v):
			m := dmonRE.FindStringSubmatch(v)
			if m[2] != m[4] || !months[strings.ToLower(m[3])] {
				return ""
			}
			return "dmon" + m[2] + strconv.Itoa(len(m[5]))
		}
		return ""
	}
	counts := map[string]int{}
	for _, v := range vals {
		counts[shape(v)]++
	}
	best, n := "", 0
	for s, c := range counts {
		if s != "" && (c > n || c == n && s < best) {
			best, n = s, c
		}
	}
	if best == "" || float64(n) < 0.75*float64(len(vals)) {
		return dateGuess{}, false
	}
	var fits []string
	for _, v := range vals {
		if shape(v) == best {
			fits = append(fits, v)
		}
	}
	switch {
	case strings.HasPrefix(best, "ymd"):
		sep := best[3:]
		if sep == "-" && allPadded(fits, ymdRE, 3, 5) {
			return dateGuess{layout: "iso"}, true
		}
		return dateGuess{layout: "2006" + sep + pad(fits, ymdRE, 3, "01", "1") + sep + pad(fits, ymdRE, 5, "02", "2")}, true
	case strings.HasPrefix(best, "dmon"):
		sep, year := best[4:5], "2006"
		if best[5:] == "2" {
			year = "06"
		}
		return dateGuess{layout: pad(fits, dmonRE, 1, "02", "2") + sep + "Jan" + sep + year}, true
	}
	sep, year := best[3:4], "2006"
	if best[4:] == "2" {
		year = "06"
	}
	// Day first or month first: decided by a value above 12.
	firstBig, secondBig := false, false
	for _, v := range fits {
		m := dmyRE.FindStringSubmatch(v)
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[3])
		firstBig = firstBig || a > 12
		secondBig = secondBig || b > 12
	}
	day, month := pad(fits, dmyRE, 1, "02", "2"), pad(fits, dmyRE, 3, "01", "1")
	switch {
	case firstBig && secondBig:
		return dateGuess{}, false // both above 12 somewhere: not one date order
	case secondBig:
		day, month = pad(fits, dmyRE, 3, "02", "2"), pad(fits, dmyRE, 1, "01", "1")
		return dateGuess{layout: month + sep + day + sep + year, note: "month first: a value above 12 was seen in the second place"}, true
	case firstBig:
		return dateGuess{layout: day + sep + month + sep + year}, true
	}
	return dateGuess{layout: day + sep + month + sep + year, note: "day first or month first? no value above 12 in the sample; day first assumed (swap 02 and 01 for month first)"}, true
}

// pad returns padded when every value writes group g with two digits.
func pad(vals []string, re *regexp.Regexp, g int, padded, unpadded string) string {
	if allPadded(vals, re, g) {
		return padded
	}
	return unpadded
}

func allPadded(vals []string, re *regexp.Regexp, groups ...int) bool {
	for _, v := range vals {
		m := re.FindStringSubmatch(v)
		for _, g := range groups {
			if m == nil || len(m[g]) != 2 {
				return false
			}
		}
	}
	return true
}

// guessClockLayout reads a column of times of day; ok is false unless
// nearly every value is one.
func guessClockLayout(vals []string) (string, bool) {
	if len(vals) == 0 {
		return "", false
	}
	secs, frac, n := 0, 0, 0
	for _, v := range vals {
		m := hmsRE.FindStringSubmatch(v)
		if m == nil {
			continue
		}
		n++
		if m[3] != "" {
			secs++
		}
		if len(m[4]) > frac {
			frac = len(m[4])
		}
	}
	if float64(n) < 0.75*float64(len(vals)) {
		return "", false
	}
	switch {
	case frac > 0:
		return "15:04:05." + strings.Repeat("0", frac), true
	case secs*2 >= n:
		return "15:04:05", true
	}
	return "15:04", true
}

// timeGuess is a layout for a whole time value (a date and a time, in one
// column or two).
type timeGuess struct {
	layout string // iso8601, unix, unix_ms or a Go layout
	note   string // for a CHECK
	offset bool   // the values carry a zone offset
}

// guessDateTimeLayout reads a column of dates with times.
func guessDateTimeLayout(vals []string) (timeGuess, bool) {
	if len(vals) == 0 {
		return timeGuess{}, false
	}
	var dates, clocks []string
	offsets := 0
	for _, v := range vals {
		i := strings.IndexAny(v, " T")
		if i < 0 {
			return timeGuess{}, false
		}
		d, t := v[:i], strings.TrimSpace(v[i+1:])
		if z := zoneRE.FindString(t); z != "" && strings.Contains(t, ":") {
			t = strings.TrimSpace(strings.TrimSuffix(t, z))
			offsets++
		}
		dates, clocks = append(dates, d), append(clocks, t)
	}
	dg, ok := guessDateLayout(dates)
	if !ok {
		return timeGuess{}, false
	}
	cl, ok := guessClockLayout(clocks)
	if !ok {
		return timeGuess{}, false
	}
	if dg.layout == "iso" {
		return timeGuess{layout: "iso8601", offset: offsets*2 > len(vals)}, true
	}
	if offsets > 0 {
		return timeGuess{}, false // a Go layout with an offset: rare enough to leave to a person
	}
	return timeGuess{layout: dg.layout + " " + cl, note: dg.note}, true
}

// guessEpochLayout reads a column of Unix times (seconds or milliseconds
// since 1970) between 2000 and 2100.
func guessEpochLayout(vals []string) (timeGuess, bool) {
	if len(vals) == 0 {
		return timeGuess{}, false
	}
	secs, ms := 0, 0
	for _, v := range vals {
		n, err := strconv.ParseInt(v, 10, 64)
		switch {
		case err != nil:
		case n >= 946684800 && n < 4102444800:
			secs++
		case n >= 946684800000 && n < 4102444800000:
			ms++
		}
	}
	switch {
	case float64(secs) >= 0.75*float64(len(vals)):
		return timeGuess{layout: "unix", offset: true}, true
	case float64(ms) >= 0.75*float64(len(vals)):
		return timeGuess{layout: "unix_ms", offset: true}, true
	}
	return timeGuess{}, false
}

// dateOnly turns a date guess into a time guess (midnight).
func dateOnly(dg dateGuess) timeGuess {
	if dg.layout == "iso" {
		return timeGuess{layout: "iso8601"}
	}
	return timeGuess{layout: dg.layout, note: dg.note}
}

// joined is the layout of a date column and a time column joined with a space.
func joined(dg dateGuess, clock string) timeGuess {
	if dg.layout == "iso" {
		dg.layout = "2006-01-02"
	}
	return timeGuess{layout: dg.layout + " " + clock, note: dg.note}
}
