package pdf

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestEncodeWinAnsi(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in string
		want     []byte
	}{
		{"ascii", "Call 07700 900123", []byte("Call 07700 900123")},
		{"latin-1 accents", "é ü ß Ñ ÿ", []byte{0xE9, ' ', 0xFC, ' ', 0xDF, ' ', 0xD1, ' ', 0xFF}},
		{"typographic", "€‘’“”–—•…™", []byte{0x80, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x95, 0x85, 0x99}},
		{"cp1252 letters", "ŠšŽžŒœŸƒ", []byte{0x8A, 0x9A, 0x8E, 0x9E, 0x8C, 0x9C, 0x9F, 0x83}},
		{"combining accent composed", "Cafe\u0301", []byte{'C', 'a', 'f', 0xE9}},
		{"outside WinAnsi", "Ωmega 日本 🙂 ą", []byte("?mega ?? ? ?")},
		{"whitespace becomes space", "a\tb\nc\u2009d", []byte("a b c d")},
		{"no-break space kept", "a\u00A0b", []byte{'a', 0xA0, 'b'}},
		{"invisible format characters dropped", "a\u200Bb\u00ADc\u200Ed\uFEFF", []byte("abcd")},
		{"controls", "a\x00b\x7Fc", []byte("a?b?c")},
		{"invalid UTF-8", "a\xffb", []byte("a?b")},
		{"empty", "", []byte{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.want, encodeWinAnsi(tc.in))
		})
	}
}

func TestEveryWinAnsiCodeHasAWidth(t *testing.T) {
	t.Parallel()
	// Every byte encodeWinAnsi can produce has a glyph in both fonts.
	for r := rune(0); r <= 0x2122; r++ {
		b, ok := winAnsiByte(r)
		if !ok {
			continue
		}
		require.Positive(t, glyphWidth(b, false), "U+%04X → 0x%02X", r, b)
		require.Positive(t, glyphWidth(b, true), "U+%04X → 0x%02X", r, b)
	}
}
