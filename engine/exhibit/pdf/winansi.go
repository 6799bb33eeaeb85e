package pdf

import (
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The standard fonts are shown with WinAnsiEncoding (ISO 32000-1 Annex D):
// Windows code page 1252, one byte a glyph. Bytes 0x20–0x7E are ASCII and
// 0xA0–0xFF are Latin-1; 0x80–0x9F hold the typographic characters below.
// 0x81, 0x8D, 0x8F, 0x90 and 0x9D are unused.

// cp1252High maps the Unicode characters of WinAnsi bytes 0x80–0x9F.
var cp1252High = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86,
	'‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C,
	'Ž': 0x8E, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95,
	'–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B,
	'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// replacement is the byte shown for a character WinAnsi cannot encode.
const replacement = '?'

// winAnsi is the WinAnsi byte of r, and whether it has one.
func winAnsi(r rune) (byte, bool) {
	switch {
	case r >= 0x20 && r <= 0x7E:
		return byte(r), true
	case r >= 0xA0 && r <= 0xFF && r != 0xAD:
		return byte(r), true
	}
	b, ok := cp1252High[r]
	return b, ok
}

// encodeWinAnsi is s as WinAnsi bytes for a single line of text. s is first
// put in Unicode normal form C, so that a letter followed by a combining
// accent becomes the accented letter WinAnsi has. Whitespace WinAnsi lacks
// (tab, line breaks, thin and other spaces) becomes a space; invisible format
// characters (soft hyphen, zero-width space and joiners, direction marks,
// byte order mark) are dropped; anything else WinAnsi lacks becomes '?'.
func encodeWinAnsi(s string) []byte {
	s = norm.NFC.String(s)
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if b, ok := winAnsiByte(r); ok {
			out = append(out, b)
		}
	}
	return out
}

// winAnsiByte is the byte encodeWinAnsi writes for r; false when r is dropped.
func winAnsiByte(r rune) (byte, bool) {
	if b, ok := winAnsi(r); ok {
		return b, true
	}
	switch {
	case unicode.IsSpace(r):
		return ' ', true
	case unicode.Is(unicode.Cf, r):
		return 0, false
	}
	return replacement, true
}
