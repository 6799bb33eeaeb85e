package pdf

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestAppendNum(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {1, "1"}, {-2.5, "-2.5"},
		{0.1, "0.1"}, {1.0 / 3, "0.3333"}, {595.275590551, "595.2756"},
		{0.00004, "0"}, {-0.00004, "0"}, {12345678, "12345678"},
		{math.NaN(), "0"}, {math.Inf(1), "0"},
	} {
		require.Equal(t, tc.want, string(appendNum(nil, tc.in)), "%v", tc.in)
	}
}

func TestAppendName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"MastManifest":     "/MastManifest",
		"application/json": "/application#2Fjson",
		"a b#c(d)":         "/a#20b#23c#28d#29",
		"é":                "/#C3#A9",
	} {
		require.Equal(t, want, string(appendName(nil, in)))
	}
}

func TestAppendLiteral(t *testing.T) {
	t.Parallel()
	require.Equal(t, `(a\(b\)c\\d)`, string(appendLiteral(nil, []byte(`a(b)c\d`))))
	require.Equal(t, `(x\ny\r\t\000\377)`, string(appendLiteral(nil, []byte("x\ny\r\t\x00\xff"))))
	require.Equal(t, `(\(\()`, string(appendLiteral(nil, []byte("(("))), "unbalanced parentheses are escaped")
}

func TestTextBytes(t *testing.T) {
	t.Parallel()
	require.Equal(t, []byte("plain"), textBytes("plain"))
	require.Equal(t, []byte{0xFE, 0xFF, 0, 'Z', 0, 0xFC, 0xD8, 0x3D, 0xDE, 0x42}, textBytes("Zü🙂"))
}

func TestAppendDate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   time.Time
		want string
	}{
		{time.Date(2024, 3, 1, 9, 30, 5, 0, time.UTC), "(D:20240301093005Z)"},
		{time.Date(2024, 3, 1, 9, 30, 5, 999, time.FixedZone("IST", 5*3600+1800)), "(D:20240301093005+05'30')"},
		{time.Date(1999, 12, 31, 23, 59, 59, 0, time.FixedZone("PST", -8*3600)), "(D:19991231235959-08'00')"},
	} {
		require.Equal(t, tc.want, string(appendDate(nil, tc.in)))
	}
}
