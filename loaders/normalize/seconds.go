package normalize

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ErrDuration is wrapped by every duration error.
var ErrDuration = errors.New("bad duration")

// ParseDuration reads a call duration: whole or decimal seconds ("125",
// "125.5"), "MM:SS", "HH:MM:SS" or "H:MM:SS". Fractions round half up.
func ParseDuration(s string) (int32, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("%w: empty", ErrDuration)
	}
	if !strings.Contains(s, ":") {
		if n, err := strconv.ParseInt(s, 10, 32); err == nil && n >= 0 {
			return int32(n), nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || strings.ContainsAny(s, "eExXpP_") || f < 0 || f > math.MaxInt32 || math.IsNaN(f) {
			return 0, fmt.Errorf("%w: %q is not a number of seconds", ErrDuration, s)
		}
		return int32(math.Floor(f + 0.5)), nil
	}
	// The usual fixed forms, without allocating: HH:MM:SS and MM:SS.
	if len(s) == 8 && s[2] == ':' && s[5] == ':' {
		h, ok1 := num(s, 0, 2)
		m, ok2 := num(s, 3, 2)
		sec, ok3 := num(s, 6, 2)
		if ok1 && ok2 && ok3 && m < 60 && sec < 60 {
			return int32(h*3600 + m*60 + sec), nil
		}
	}
	if len(s) == 5 && s[2] == ':' {
		m, ok1 := num(s, 0, 2)
		sec, ok2 := num(s, 3, 2)
		if ok1 && ok2 && sec < 60 {
			return int32(m*60 + sec), nil
		}
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return 0, fmt.Errorf("%w: %q: want MM:SS or HH:MM:SS", ErrDuration, s)
	}
	total := 0.0
	for i, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || v < 0 || p == "" || (i > 0 && v >= 60) || strings.ContainsAny(p, "eE+-") {
			return 0, fmt.Errorf("%w: %q: want MM:SS or HH:MM:SS", ErrDuration, s)
		}
		if i < len(parts)-1 && v != math.Trunc(v) {
			return 0, fmt.Errorf("%w: %q: only seconds may have a fraction", ErrDuration, s)
		}
		total = total*60 + v
	}
	if total > math.MaxInt32 {
		return 0, fmt.Errorf("%w: %q is too long", ErrDuration, s)
	}
	return int32(math.Floor(total + 0.5)), nil
}
