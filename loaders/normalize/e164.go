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
	E164    string // +447700900123, or "" when the value is not a telephone number
	Kind    PhoneKind
	Dialled bool // the value carried a (D) marker: the digits as dialled
}

// PhoneNormalizer normalises numbers with a default region. It caches its
// results; it is not safe for concurrent use.
type PhoneNormalizer struct {
	region string
	cache  map[string]Phone
}

const phoneCacheMax = 1 << 20

// NewPhoneNormalizer returns a normaliser for numbers written in the national
// format of region (ISO 3166 alpha-2, e.g. GB, IN, US).
func NewPhoneNormalizer(region string) (*PhoneNormalizer, error) {
	region = strings.ToUpper(region)
	if phonenumbers.GetCountryCodeForRegion(region) == 0 {
		return nil, &RegionError{Region: region}
	}
	return &PhoneNormalizer{region: region, cache: make(map[string]Phone, 1024)}, nil
}

// RegionError reports an unknown region.
type RegionError struct{ Region string }

func (e *RegionError) Error() string {
	return "unknown region " + e.Region + " (use an ISO 3166 alpha-2 code such as GB, IN or US)"
}

// Normalize reads one written number.
func (p *PhoneNormalizer) Normalize(raw string) Phone {
	if v, ok := p.cache[raw]; ok {
		return v
	}
	v := p.normalize(raw)
	if len(p.cache) >= phoneCacheMax {
		clear(p.cache)
	}
	p.cache[strings.Clone(raw)] = v
	return v
}

func (p *PhoneNormalizer) normalize(raw string) Phone {
	s := strings.TrimSpace(strings.Trim(strings.TrimSpace(raw), `'"`))
	var out Phone
	if n := len(s); n >= 3 && strings.EqualFold(s[n-3:], "(D)") {
		out.Dialled = true
		s = strings.TrimSpace(s[:n-3])
	}
	if s == "" {
		return out
	}
	plus := false
	digits := make([]byte, 0, len(s))
	letters := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == '+' && i == 0:
			plus = true
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/':
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters = true
		default:
			out.Kind = PhoneInvalid
			return out
		}
	}
	if letters {
		out.Kind = PhoneAlpha
		return out
	}
	if len(digits) == 0 {
		out.Kind = PhoneInvalid
		return out
	}
	if !plus && len(digits) > 2 && digits[0] == '0' && digits[1] == '0' {
		plus, digits = true, digits[2:]
	}
	if !plus && len(digits) <= 6 {
		out.Kind = PhoneShort
		return out
	}
	if plus {
		num, err := phonenumbers.Parse("+"+string(digits), "ZZ")
		if err != nil {
			out.Kind = PhoneInvalid
			return out
		}
		out.E164, out.Kind = phonenumbers.Format(num, phonenumbers.E164), PhoneE164
		return out
	}
	// National form, or international digits written without + or 00.
	nat, natErr := phonenumbers.Parse(string(digits), p.region)
	if natErr == nil && phonenumbers.IsValidNumber(nat) {
		out.E164, out.Kind = phonenumbers.Format(nat, phonenumbers.E164), PhoneE164
		return out
	}
	if intl, err := phonenumbers.Parse("+"+string(digits), "ZZ"); err == nil && phonenumbers.IsValidNumber(intl) {
		out.E164, out.Kind = phonenumbers.Format(intl, phonenumbers.E164), PhoneE164
		return out
	}
	if natErr == nil && phonenumbers.IsPossibleNumber(nat) {
		out.E164, out.Kind = phonenumbers.Format(nat, phonenumbers.E164), PhoneE164
		return out
	}
	out.Kind = PhoneInvalid
	return out
}
