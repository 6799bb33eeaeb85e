package normalize

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestIMEI(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, raw, whole, key string
		luhnOK                bool
	}{
		{"15 digits, right check digit", "356938035643809", "356938035643809", "35693803564380", true},
		{"15 digits, wrong check digit (kept, flagged)", "356938035643808", "356938035643808", "35693803564380", false},
		{"14 digits", "35693803564380", "35693803564380", "35693803564380", true},
		{"16 digits (IMEISV)", "3569380356438012", "3569380356438012", "35693803564380", true},
		{"dashes", "35-693803-564380-9", "356938035643809", "35693803564380", true},
		{"spaces and quotes", `'35 693803 564380 9'`, "356938035643809", "35693803564380", true},
		{"another valid IMEI", "490154203237518", "490154203237518", "49015420323751", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			whole, key, ok, err := IMEI(tc.raw)
			require.NoError(t, err)
			require.Equal(t, tc.whole, whole)
			require.Equal(t, tc.key, key)
			require.Equal(t, tc.luhnOK, ok)
		})
	}
}

func TestIMEIErrors(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"", "123", "3569380356438", "35693803564380X", "35693803564380912", "35693803564380/12", "356938035643809.0", "０３５６９３８０３５６４３８０"} {
		t.Run(raw, func(t *testing.T) {
			t.Parallel()
			_, _, _, err := IMEI(raw)
			require.ErrorIs(t, err, ErrIMEI)
		})
	}
}

func TestIMEICheckDigit(t *testing.T) {
	t.Parallel()
	require.Equal(t, byte('9'), IMEICheckDigit("35693803564380"))
	require.Equal(t, byte('8'), IMEICheckDigit("49015420323751"))
	// Every completed IMEI passes the check, and no other last digit does.
	for _, body := range []string{"00000000000001", "99999999999998", "12345678901235", "35693803564380"} {
		c := IMEICheckDigit(body)
		for d := byte('0'); d <= '9'; d++ {
			_, _, ok, err := IMEI(body + string(d))
			require.NoError(t, err)
			require.Equal(t, d == c, ok, "%s%c", body, d)
		}
	}
}

func TestIMSI(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{"234150000000001": "234150000000001", "23415000000001": "23415000000001", "'234-15-0000000001'": "234150000000001"} {
		got, err := IMSI(raw)
		require.NoError(t, err, raw)
		require.Equal(t, want, got, raw)
	}
	for _, raw := range []string{"", "2341500", "2341500000000012", "23415000000000X"} {
		_, err := IMSI(raw)
		require.ErrorIs(t, err, ErrIMSI, raw)
	}
}

func TestIMEIPlaceholdersNameNoHandset(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"000000000000000", "00000000000000", "111111111111111", "9999999999999999", "00-000000-000000-0", "123456789012345", "1234567890123456"} {
		t.Run(raw, func(t *testing.T) {
			t.Parallel()
			_, _, _, err := IMEI(raw)
			require.ErrorIs(t, err, ErrNoIMEI)
			require.ErrorIs(t, err, ErrIMEI)
		})
	}
	// Real-looking IMEIs with many repeated digits are not placeholders.
	for _, raw := range []string{"00000000000001", "111111111111123", "123456789012351"} {
		t.Run(raw, func(t *testing.T) {
			t.Parallel()
			_, _, _, err := IMEI(raw)
			require.NoError(t, err)
		})
	}
}
