package normalize

import (
	"errors"
	"fmt"
)

// ErrIMEI and ErrIMSI are wrapped by every IMEI and IMSI error.
var (
	ErrIMEI = errors.New("bad IMEI")
	ErrIMSI = errors.New("bad IMSI")
)

// digitsOf keeps the digits of s, dropping spaces, dashes and quotes; ok is
// false if anything else is there.
func digitsOf(s string) (string, bool) {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < '0' || c > '9' {
			clean = false
			break
		}
	}
	if clean {
		return s, true
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			b = append(b, c)
		case c == ' ' || c == '-' || c == '\'' || c == '"' || c == '/':
		default:
			return "", false
		}
	}
	return string(b), true
}

// IMEI normalises an IMEI or IMEISV: 14 digits (no check digit), 15 (with
// its Luhn check digit) or 16 (IMEISV: 14 digits and a 2-digit software
// version). It returns the digits as given, the 14-digit key used to compare
// handsets across providers, and whether a 15-digit IMEI's check digit is
// right (true for 14 and 16 digits, which carry none).
func IMEI(raw string) (whole, key14 string, luhnOK bool, err error) {
	d, ok := digitsOf(raw)
	if !ok {
		return "", "", false, fmt.Errorf("%w: %q has characters other than digits", ErrIMEI, raw)
	}
	switch len(d) {
	case 14, 16:
		return d, d[:14], true, nil
	case 15:
		return d, d[:14], luhn(d), nil
	}
	return "", "", false, fmt.Errorf("%w: %q has %d digits, want 14, 15 or 16", ErrIMEI, raw, len(d))
}

// luhn checks the Luhn check digit of an all-digit string.
func luhn(d string) bool { return luhnSum(d, false)%10 == 0 }

// IMEICheckDigit returns the Luhn check digit that completes the 14 digits
// of an IMEI (used by the synthetic world generator).
func IMEICheckDigit(d14 string) byte { return byte('0' + (10-luhnSum(d14, true)%10)%10) }

// luhnSum is the Luhn sum of d, doubling every second digit from the right,
// starting with the last when double is true.
func luhnSum(d string, double bool) int {
	sum := 0
	for i := len(d) - 1; i >= 0; i-- {
		n := int(d[i] - '0')
		if double {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
		double = !double
	}
	return sum
}

// IMSI checks an IMSI: 14 or 15 digits (MCC, MNC and subscriber number).
func IMSI(raw string) (string, error) {
	d, ok := digitsOf(raw)
	if !ok || len(d) < 14 || len(d) > 15 {
		return "", fmt.Errorf("%w: %q is not 14 or 15 digits", ErrIMSI, raw)
	}
	return d, nil
}
