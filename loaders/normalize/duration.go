package normalize

import (
	"errors"
	"fmt"
	"math"
)

// ErrDuration is wrapped by every duration error.
var ErrDuration = errors.New("bad duration")

// ParseDuration reads a call duration: whole or decimal seconds ("125",
// "125.5"), "MM:SS" (any number of minutes), "HH:MM:SS" or "H:MM:SS".
// Minutes and seconds after a colon are two digits below 60; only the
// seconds may have a fraction. It returns whole seconds, a fraction of
// exactly one half or more rounding up. Spaces and quotes around the value
// are ignored.
func ParseDuration(s string) (int32, error) {
	s = trimTime(s)
	if s == "" {
		return 0, fmt.Errorf("%w: empty", ErrDuration)
	}
	if s[0] == '-' {
		return 0, fmt.Errorf("%w %q: negative", ErrDuration, s)
	}
	var fields [3]int64
	nf := 0
	i := 0
	for {
		start := i
		var v int64
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if v > math.MaxInt32 {
				return 0, fmt.Errorf("%w %q: too long", ErrDuration, s)
			}
			v = v*10 + int64(s[i]-'0')
			i++
		}
		width := i - start
		if width == 0 || nf > 0 && width != 2 {
			return 0, badDuration(s)
		}
		if nf > 0 && v >= 60 {
			return 0, fmt.Errorf("%w %q: %d is not below 60", ErrDuration, s, v)
		}
		fields[nf] = v
		nf++
		if i < len(s) && s[i] == ':' {
			if nf == len(fields) {
				return 0, badDuration(s)
			}
			i++
			continue
		}
		break
	}
	total := int64(0)
	for _, v := range fields[:nf] {
		total = total*60 + v
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i == len(s) {
			return 0, badDuration(s)
		}
		if s[i] >= '5' && s[i] <= '9' {
			total++
		}
		for ; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, badDuration(s)
			}
		}
	}
	if i != len(s) {
		return 0, badDuration(s)
	}
	if total > math.MaxInt32 {
		return 0, fmt.Errorf("%w %q: too long", ErrDuration, s)
	}
	return int32(total), nil
}

func badDuration(s string) error {
	return fmt.Errorf("%w %q: want seconds (125 or 125.5), MM:SS or HH:MM:SS", ErrDuration, s)
}
