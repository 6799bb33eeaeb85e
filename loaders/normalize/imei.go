package normalize

import (
	"errors"
	"fmt"
)

// ErrIMEI and ErrIMSI are wrapped by every IMEI and IMSI error. ErrNoIMEI,
// which also wraps ErrIMEI, means the value is a placeholder that names no
// handset (all zeros, one digit repeated, 1234567890…): a loader stores NULL
// rather than rejecting the row, so placeholders never link unrelated events.
var (
	ErrIMEI   = errors.New("bad IMEI")
	ErrIMSI   = errors.New("bad IMSI")
	ErrNoIMEI = error(&wrapped{msg: "placeholder IMEI (names no handset)", parent: ErrIMEI})
)

// idDigits keeps the digits of s, dropping spaces, tabs, dashes and quotes;
// ok is false if anything else is there. The common case, digits only, is
// returned as it is, without a copy.
func idDigits(s string) (string, bool) {
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
	var buf [32]byte
	b := buf[:0]
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if len(b) == len(buf) {
				return "", false // longer than any IMEI or IMSI
			}
			b = append(b, c)
		case c == ' ' || c == '\t' || c == '-' || c == '\'' || c == '"':
		default:
			return "", false
		}
	}
	return string(b), true
}

// IMEI normalises an IMEI or IMEISV: spaces, dashes and quotes are dropped,
// and it must then be 14 digits (no check digit), 15 (with its Luhn check
// digit) or 16 (an IMEISV: 14 digits and a 2-digit software version). It
// returns the digits as given (whole), the first 14 digits (key14), which
// identify the handset and are what mast compares, and whether a 15-digit
// IMEI's check digit is right (true for 14 and 16 digits, which carry none).
// A wrong check digit is reported, not refused: the value is evidence.
func IMEI(raw string) (whole, key14 string, luhnOK bool, err error) {
	d, ok := idDigits(raw)
	if !ok {
		return "", "", false, fmt.Errorf("%w %q: has characters other than digits", ErrIMEI, raw)
	}
	if len(d) >= 14 && len(d) <= 16 && placeholderIMEI(d[:14]) {
		return "", "", false, fmt.Errorf("%w: %q", ErrNoIMEI, raw)
	}
	switch len(d) {
	case 14, 16:
		return d, d[:14], true, nil
	case 15:
		return d, d[:14], luhnSum(d, false)%10 == 0, nil
	}
	return "", "", false, fmt.Errorf("%w %q: has %d digits, want 14, 15 or 16", ErrIMEI, raw, len(d))
}

// placeholderIMEI reports whether the 14 digits of an IMEI are a value
// written for "unknown": one digit repeated (00000000000000,
// 11111111111111, ...) or the run 12345678901234. No handset is allocated
// such a type allocation code and serial number.
func placeholderIMEI(d14 string) bool {
	if d14 == "12345678901234" {
		return true
	}
	for i := 1; i < len(d14); i++ {
		if d14[i] != d14[0] {
			return false
		}
	}
	return true
}

// IMEICheckDigit returns the Luhn check digit ('0'–'9') that completes the
// 14 digits of an IMEI (the synthetic world generator uses it).
func IMEICheckDigit(d14 string) byte { return byte('0' + (10-luhnSum(d14, true)%10)%10) }

// luhnSum is the Luhn sum of the digits d: every second digit from the
// right is doubled (and 9 taken off a result above 9), starting with the
// last digit when double is true.
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

// IMSI checks an IMSI (MCC, MNC and subscriber number): spaces, dashes and
// quotes are dropped, and it must then be 14 or 15 digits. It returns the
// digits.
func IMSI(raw string) (string, error) {
	d, ok := idDigits(raw)
	if !ok {
		return "", fmt.Errorf("%w %q: has characters other than digits", ErrIMSI, raw)
	}
	if len(d) < 14 || len(d) > 15 {
		return "", fmt.Errorf("%w %q: has %d digits, want 14 or 15", ErrIMSI, raw, len(d))
	}
	return d, nil
}
