package loaders

import (
	"errors"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/mastcdr/mast/loaders/normalize"
)

// icol is one column of a file being inferred: its name, the words of its
// name and its sample values.
type icol struct {
	i     int
	name  string
	key   string          // the name in lower-case letters and digits only
	words map[string]bool // the words of the name, lower case (camelCase split)
	vals  []string        // non-empty sample values, in file order
	uniq  []string        // distinct values, sorted
	rows  int             // sample rows, empty values included
	used  bool
}

func newICol(i int, name string, samples [][]string) *icol {
	c := &icol{i: i, name: name, key: norm(name), words: nameWords(name), rows: len(samples)}
	seen := map[string]bool{}
	for _, r := range samples {
		v := strings.Trim(strings.TrimSpace(r[i]), `'"`)
		if v == "" {
			continue
		}
		c.vals = append(c.vals, v)
		if !seen[v] {
			seen[v] = true
			c.uniq = append(c.uniq, v)
		}
	}
	sort.Strings(c.uniq)
	return c
}

func norm(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// nameWords splits a column name into lower-case words at anything not a
// letter or digit and at camelCase steps ("UTCDate" → utc, date).
func nameWords(name string) map[string]bool {
	out := map[string]bool{}
	rs := []rune(name)
	var w []rune
	flush := func() {
		if len(w) > 0 {
			out[strings.ToLower(string(w))] = true
			w = w[:0]
		}
	}
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if i > 0 && unicode.IsUpper(r) && len(w) > 0 {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsUpper(prev) && nextLower {
				flush()
			}
		}
		w = append(w, r)
	}
	flush()
	return out
}

// named reports whether the column's name says one of keys: a key of up to
// three letters must be a whole word of the name ("ci" in "Start CI", not
// in "City"); a longer one may be any part of it.
func (c *icol) named(keys ...string) bool {
	for _, k := range keys {
		if len(k) <= 3 {
			if c.words[k] {
				return true
			}
			continue
		}
		if strings.Contains(c.key, k) {
			return true
		}
	}
	return false
}

// share is the share of the column's values that pred holds for; 0 for a
// column with no values.
func (c *icol) share(pred func(string) bool) float64 {
	if len(c.vals) == 0 {
		return 0
	}
	n := 0
	for _, v := range c.vals {
		if pred(v) {
			n++
		}
	}
	return float64(n) / float64(len(c.vals))
}

// all reports whether pred holds for at least three values in four (a
// small sample may carry a bad row), and there are values.
func (c *icol) all(pred func(string) bool) bool { return c.share(pred) >= 0.75 }

func digitsOnly(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// phoneDigits returns the digits of a value written as a telephone number
// (+, 00 or 0 prefixes, spaces, dashes, brackets and a "(D)" marker allowed),
// and whether it was written with an international prefix.
func phoneDigits(v string) (string, bool, bool) {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "(D)"))
	intl := strings.HasPrefix(v, "+")
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
			b.WriteByte(c)
		case c == ' ' || c == '-' || c == '(' || c == ')' || c == '+' && i == 0:
		default:
			return "", false, false
		}
	}
	d := b.String()
	if strings.HasPrefix(d, "00") {
		intl = true
	}
	return d, intl, true
}

// isPhone: 7 to 13 digits, or up to 15 after + or 00. Fifteen bare digits
// are an IMSI or IMEI far more often than a number.
func isPhone(v string) bool {
	d, intl, ok := phoneDigits(v)
	if !ok {
		return false
	}
	if intl {
		return len(d) >= 8 && len(d) <= 17
	}
	return len(d) >= 7 && len(d) <= 13
}

// isIMEI: 14 or 16 digits, or 15 with a right Luhn check digit.
func isIMEI(v string) bool {
	if !digitsOnly(v) {
		return false
	}
	_, _, luhn, err := normalize.IMEI(v)
	return err == nil && luhn
}

// plausibleMCC: mobile country codes run from 202 to 750.
func plausibleMCC(d string) bool {
	m, err := strconv.Atoi(d[:3])
	return err == nil && m >= 202 && m <= 750
}

// isIMSI: 15 digits starting with a plausible MCC.
func isIMSI(v string) bool {
	return len(v) == 15 && digitsOnly(v) && plausibleMCC(v)
}

func isDecimal(v string) bool {
	_, err := strconv.ParseFloat(v, 64)
	return err == nil && strings.IndexFunc(v, func(r rune) bool { return r >= '0' && r <= '9' }) >= 0
}

func isWhole(v string) bool { return digitsOnly(v) }

// isCoordinate: a decimal with a fraction, within ±limit.
func isCoordinate(limit float64) func(string) bool {
	return func(v string) bool {
		f, err := strconv.ParseFloat(v, 64)
		return err == nil && strings.Contains(v, ".") && f >= -limit && f <= limit
	}
}

var latLonPairRE = regexp.MustCompile(`^-?\d{1,2}\.\d+\s*[/,]\s*-?\d{1,3}\.\d+$`)

func isLatLonPair(v string) bool { return latLonPairRE.MatchString(v) }

// isPlate: a vehicle registration mark: 2 to 10 letters and digits, both,
// upper case, spaces or a dash allowed.
func isPlate(v string) bool {
	letters, digits := 0, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= 'A' && c <= 'Z':
			letters++
		case c >= '0' && c <= '9':
			digits++
		case c == ' ' || c == '-':
		default:
			return false
		}
	}
	return letters > 0 && digits > 0 && letters+digits >= 2 && letters+digits <= 10
}

func isRadio(v string) bool {
	r, err := normalize.ParseRadio(v)
	return err == nil && r != normalize.RadioUnknown
}

func isDuration(v string) bool {
	_, err := normalize.ParseDuration(v)
	return err == nil
}

// cellFormOf returns the cell-id form most of the values read as, and
// whether they read at all. Values that name no cell (0, empty) count for
// every form.
func cellFormOf(c *icol) (string, bool) {
	for _, form := range []string{"cgi", "hex_eci", "enb_sector", "concat"} {
		f, _ := normalize.ParseCellForm(form)
		p := normalize.CellParser{Form: f}
		shape := cellShape[form]
		ok := c.share(func(v string) bool {
			if !shape(v) {
				return strings.Trim(v, "0") == ""
			}
			_, err := p.Parse(v)
			return err == nil || errors.Is(err, normalize.ErrNoCell)
		})
		if ok >= 0.75 && c.share(shape) > 0 {
			return form, true
		}
	}
	return "", false
}

// cellShape tells the written forms of cell ids apart before they are parsed.
var cellShape = map[string]func(string) bool{
	"cgi": func(v string) bool {
		for _, sep := range []string{"-", ":", "/"} {
			p := strings.Split(v, sep)
			if (len(p) == 3 || len(p) == 4) && len(p[0]) == 3 && digitsOnly(p[0]) && len(p[1]) <= 3 && digitsOnly(p[1]) {
				return true
			}
		}
		return false
	},
	"hex_eci": func(v string) bool {
		if len(v) < 12 || len(v) > 15 || !digitsOnly(v[:5]) {
			return false
		}
		letters := false
		for i := 0; i < len(v); i++ {
			c := v[i] | 0x20
			if c >= 'a' && c <= 'f' {
				letters = true
			} else if v[i] < '0' || v[i] > '9' {
				return false
			}
		}
		return letters
	},
	"enb_sector": regexp.MustCompile(`(?i)^enb\D*\d+\D+\d+$`).MatchString,
	"concat":     func(v string) bool { return len(v) >= 12 && len(v) <= 15 && digitsOnly(v) },
}

// mostCommon returns the value seen most often, and how often.
func (c *icol) mostCommon() (string, int) {
	n := map[string]int{}
	best, bestN := "", 0
	for _, v := range c.vals {
		n[v]++
		if n[v] > bestN {
			best, bestN = v, n[v]
		}
	}
	return best, bestN
}

// isZoneName: an IANA zone name such as Europe/London, or UTC.
func isZoneName(v string) bool {
	if v == "UTC" {
		return true
	}
	area, city, ok := strings.Cut(v, "/")
	return ok && len(area) > 1 && len(city) > 1 && unicode.IsUpper(rune(area[0])) && unicode.IsUpper(rune(city[0]))
}
