package pdf

import (
	"strings"
	"unicode"

	"github.com/mastcdr/mast/engine/exhibit/draw"
	"golang.org/x/text/unicode/norm"
)

// wrapText breaks s into lines no wider than width points in font f. Lines
// break at line feeds and between words (a run of whitespace other than
// no-break spaces becomes one space); a word wider than a whole line is
// broken between characters. A line holds at least one character, so an
// impossibly narrow width still makes progress. An empty s is one empty line.
func wrapText(s string, f draw.Font, width float64) []string {
	s = norm.NFC.String(strings.ReplaceAll(s, "\r\n", "\n"))
	space := runeWidth(' ', f)
	var lines []string
	for par := range strings.SplitSeq(s, "\n") {
		var cur strings.Builder
		curW := 0.0
		flush := func() {
			lines = append(lines, cur.String())
			cur.Reset()
			curW = 0
		}
		words := strings.FieldsFunc(par, isBreakingSpace)
		if len(words) == 0 {
			flush()
			continue
		}
		for _, word := range words {
			ww := stringWidth(word, f)
			if cur.Len() > 0 && fits(curW+space+ww, width) {
				cur.WriteByte(' ')
				cur.WriteString(word)
				curW += space + ww
				continue
			}
			if cur.Len() > 0 {
				flush()
			}
			if fits(ww, width) {
				cur.WriteString(word)
				curW = ww
				continue
			}
			// Too wide for any line: break it between characters.
			for _, r := range word {
				rw := runeWidth(r, f)
				if cur.Len() > 0 && !fits(curW+rw, width) {
					flush()
				}
				cur.WriteRune(r)
				curW += rw
			}
		}
		flush()
	}
	return lines
}

// isBreakingSpace reports whether a line may break at r: whitespace other
// than the no-break spaces.
func isBreakingSpace(r rune) bool {
	switch r {
	case '\u00A0', '\u2007', '\u202F':
		return false
	}
	return unicode.IsSpace(r)
}

// fits reports whether a width w fits in max, allowing for rounding.
func fits(w, max float64) bool { return w <= max+1e-9 }

// runeWidth is the advance width in points of r as encodeWinAnsi shows it.
func runeWidth(r rune, f draw.Font) float64 {
	b, ok := winAnsiByte(r)
	if !ok {
		return 0
	}
	return glyphWidth(b, f.Bold) * f.Size / 1000
}

// stringWidth is the advance width of an NFC string, rune by rune.
func stringWidth(s string, f draw.Font) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r, f)
	}
	return w
}
