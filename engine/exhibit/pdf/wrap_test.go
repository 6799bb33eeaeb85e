package pdf

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mastcdr/mast/engine/exhibit/draw"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"
)

func TestWrapText(t *testing.T) {
	t.Parallel()
	f := draw.Font{Size: 10}
	for _, tc := range []struct {
		name  string
		in    string
		width float64
		want  []string
	}{
		{"fits", "short note", 100, []string{"short note"}},
		{"empty", "", 100, []string{""}},
		// "aaa" is 16.68 pt, a space 2.78 pt: two words make 36.14 pt.
		{"breaks between words", "aaa aaa aaa", 40, []string{"aaa aaa", "aaa"}},
		{"runs of spaces collapse", "aaa    \t aaa", 100, []string{"aaa aaa"}},
		{"line feeds kept", "one\n\nthree\r\nfour", 100, []string{"one", "", "three", "four"}},
		// Eight 'a' are 44.48 pt: a 20 pt line holds three (16.68 pt).
		{"long word broken", "aaaaaaaa", 20, []string{"aaa", "aaa", "aa"}},
		{"broken word's tail joins the next", "aaaaaaaa b", 20, []string{"aaa", "aaa", "aa b"}},
		{"no-break space does not break", "07700\u00A0900123 x", 70, []string{"07700\u00A0900123", "x"}},
		{"narrower than one character", "ab", 1, []string{"a", "b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.want, wrapText(tc.in, f, tc.width))
		})
	}
}

// FuzzWrapText checks that every line fits unless it is one character, and
// that no character other than breaking whitespace is lost or reordered.
func FuzzWrapText(f *testing.F) {
	f.Add("Supercalifragilistic expialidocious and a short word", 30.0, false)
	f.Add("Café\u0301 “x”\n\nÅse\t\u00A0y", 12.5, true)
	f.Add("日本語のテキスト", 5.0, false)
	f.Fuzz(func(t *testing.T, s string, width float64, bold bool) {
		if !(width > 0) || width > 1e6 || !utf8.ValidString(s) {
			return
		}
		font := draw.Font{Size: 9, Bold: bold}
		lines := wrapText(s, font, width)
		require.NotEmpty(t, lines)
		for _, l := range lines {
			if utf8.RuneCountInString(l) > 1 {
				require.LessOrEqual(t, stringWidth(l, font), width+1e-6, "line %q", l)
			}
		}
		keep := func(r rune) bool { return !isBreakingSpace(r) }
		var want, got strings.Builder
		for _, r := range norm.NFC.String(s) {
			if keep(r) {
				want.WriteRune(r)
			}
		}
		for _, r := range strings.Join(lines, "") {
			if keep(r) {
				got.WriteRune(r)
			}
		}
		require.Equal(t, want.String(), got.String())
	})
}
