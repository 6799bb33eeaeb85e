package normalize

import (
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// PhoneKind says what a party value is.
type PhoneKind uint8

// The kinds of party value.
const (
	PhoneUnknown PhoneKind = iota // empty
	PhoneE164                     // a telephone number, normalised to E.164
	PhoneShort                    // a short code or service number (3–6 digits)
	PhoneAlpha                    // an alphanumeric sender such as a bank's name
	PhoneInvalid                  // anything else
)

func (k PhoneKind) String() string {
	switch k {
	case PhoneE164:
		return "e164"
	case PhoneShort:
		return "short"
	case PhoneAlpha:
		return "alpha"
	case PhoneInvalid:
		return "invalid"
	}
	return ""
}

// Phone is a normalised party value.
type Phone struct {
	E164    string // "+447700900123", or "" when the value is not a telephone number
	Kind    PhoneKind
	Dialled bool // the value carried a (D) marker: the digits as dialled
}

// RegionError reports a region that phonenumbers does not know.
type RegionError struct{ Region string }

func (e *RegionError) Error() string {
	return "unknown region " + e.Region + " (use an ISO 3166 alpha-2 code such as GB, IN or US)"
}

// Short codes are 3 to 6 digits written without a country code.
const minShort, maxShort = 3, 6

// maxPhoneDigits bounds the digits read: E.164 numbers have at most 15, and
// a 00 prefix or a (0) trunk prefix add up to three more.
const maxPhoneDigits = 24

// phoneCacheMax bounds each cache of a PhoneNormalizer; a full cache is
// emptied and refilled.
const phoneCacheMax = 1 << 20

// PhoneNormalizer normalises telephone numbers written in one region's
// national format. It caches its results by the text as written and by the
// digits it reads from it; it is not safe for concurrent use.
type PhoneNormalizer struct {
	region string
	raw    map[string]Phone // by the text as written
	digits map[string]Phone // by "+digits" or the national digits; Dialled unset
}

// NewPhoneNormalizer returns a normaliser for numbers written in the national
// format of region, an ISO 3166 alpha-2 code such as "GB", "IN" or "US". It
// returns a *RegionError if phonenumbers does not know the region.
func NewPhoneNormalizer(region string) (*PhoneNormalizer, error) {
	region = strings.ToUpper(strings.TrimSpace(region))
	if phonenumbers.GetCountryCodeForRegion(region) == 0 {
		return nil, &RegionError{Region: region}
	}
	return &PhoneNormalizer{region: region, raw: make(map[string]Phone), digits: make(map[string]Phone)}, nil
}

// Normalize reads one written number. It never fails: what is not a
// telephone number is said so by the Kind.
func (p *PhoneNormalizer) Normalize(raw string) Phone {
	if v, ok := p.raw[raw]; ok {
		return v
	}
	v := p.normalize(raw)
	if len(p.raw) >= phoneCacheMax {
		clear(p.raw)
	}
	// The text may be a view of a reused read buffer: keep a copy.
	p.raw[strings.Clone(raw)] = v
	return v
}

// trimPhone removes spaces, tabs and quotes around s.
func trimPhone(s string) string {
	for len(s) > 0 && isPhoneTrim(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isPhoneTrim(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isPhoneTrim(c byte) bool { return c == ' ' || c == '\t' || c == '\'' || c == '"' }

func (p *PhoneNormalizer) normalize(raw string) Phone {
	var out Phone
	s := trimPhone(raw)
	if n := len(s); n >= 3 && s[n-3] == '(' && (s[n-2] == 'D' || s[n-2] == 'd') && s[n-1] == ')' {
		out.Dialled = true
		s = trimPhone(s[:n-3])
	}
	if s == "" {
		return out
	}
	var buf [maxPhoneDigits]byte
	d := buf[:0]
	plus, letters, other := false, false, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if len(d) == maxPhoneDigits {
				other = true
			} else {
				d = append(d, c)
			}
		case c == '+' && i == 0:
			plus = true
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == '\t':
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters = true
		default:
			other = true
		}
	}
	switch {
	case letters:
		out.Kind = PhoneAlpha
		return out
	case other || len(d) == 0:
		out.Kind = PhoneInvalid
		return out
	}
	if !plus && len(d) > 2 && d[0] == '0' && d[1] == '0' {
		plus, d = true, d[2:]
	}
	if !plus && len(d) <= maxShort {
		out.Kind = PhoneInvalid
		if len(d) >= minShort {
			out.Kind = PhoneShort
		}
		return out
	}
	var kb [maxPhoneDigits + 1]byte
	key := kb[:0]
	if plus {
		key = append(key, '+')
	}
	key = append(key, d...)
	if v, ok := p.digits[string(key)]; ok {
		v.Dialled = out.Dialled
		return v
	}
	v := p.parse(string(d), plus)
	if len(p.digits) >= phoneCacheMax {
		clear(p.digits)
	}
	p.digits[string(key)] = v
	v.Dialled = out.Dialled
	return v
}

// parse reads digits, international (after + or 00) or as written in the
// normaliser's region.
func (p *PhoneNormalizer) parse(d string, international bool) Phone {
	if international {
		if n, ok := parsePhone("+"+d, "ZZ"); ok && (possible(n) || phonenumbers.IsValidNumber(n)) {
			return e164(n)
		}
		return Phone{Kind: PhoneInvalid}
	}
	nat, natOK := parsePhone(d, p.region)
	if natOK && phonenumbers.IsValidNumber(nat) {
		return e164(nat)
	}
	// International digits written without + or 00 (447700900123).
	if d[0] != '0' {
		if intl, ok := parsePhone("+"+d, "ZZ"); ok && phonenumbers.IsValidNumber(intl) {
			return e164(intl)
		}
	}
	if natOK && possible(nat) {
		return e164(nat)
	}
	return Phone{Kind: PhoneInvalid}
}

func parsePhone(s, region string) (*phonenumbers.PhoneNumber, bool) {
	n, err := phonenumbers.Parse(s, region)
	return n, err == nil
}

// possible reports whether a number has a length its country uses, though
// it may not be in a range phonenumbers knows as allocated. Numbers that are
// possible only for local dialling (no area code) are not: they have no
// E.164 form.
func possible(n *phonenumbers.PhoneNumber) bool {
	return phonenumbers.IsPossibleNumberWithReason(n) == phonenumbers.IS_POSSIBLE
}

func e164(n *phonenumbers.PhoneNumber) Phone {
	return Phone{E164: phonenumbers.Format(n, phonenumbers.E164), Kind: PhoneE164}
}
