package normalize

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseDuration(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want int32
	}{
		{"125", 125},
		{"125.0", 125},
		{"125.5", 126}, // half rounds up
		{"125.49", 125},
		{"125.4999999", 125},
		{"0", 0},
		{"0.5", 1},
		{"0.4", 0},
		{"02:05", 125},
		{"2:05", 125},
		{"125:30", 7530}, // MM:SS past the hour
		{"1:02:05", 3725},
		{"01:02:05", 3725},
		{"100:00:00", 360000},
		{"00:00:59.5", 60},
		{"00:01:59.5", 120},
		{" 7 ", 7},
		{"'42'", 42},
		{"2147483647", 2147483647},
	} {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDuration(tc.in)
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestParseDurationErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "  ", "-3", "-0", "+5", "abc", "1:60", "60:60", "1:5", "1:2:3", "1:02:3", "1:2:03",
		"1:02:03:04", "1.5:00", "1e3", "125.", ".5", "12 5", "0x10", "2147483648", "2147483647.5", "99999999:00:00", "1:00:00x", "NaN", "inf"} {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			_, err := ParseDuration(in)
			require.ErrorIs(t, err, ErrDuration)
		})
	}
}

func BenchmarkParseDuration(b *testing.B) {
	for b.Loop() {
		ParseDuration("01:02:05")
		ParseDuration("125")
	}
}
