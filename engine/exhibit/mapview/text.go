package mapview

import (
	"strings"

	"github.com/mastcdr/mast/engine/exhibit/draw"
)

// textLine is one line of text placed on the page: its baseline starts at At.
type textLine struct {
	At   draw.Pt
	Text string
	Font draw.Font
}

// wrap breaks s into lines no wider than width in font f, at spaces; a word
// wider than width on its own is broken between characters. Nothing is
// dropped: an exhibit's text is printed in full.
func wrap(c draw.Canvas, s string, f draw.Font, width float64) []string {
	var lines []string
	var cur string
	for _, word := range strings.Fields(s) {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if c.TextWidth(try, f) <= width {
			cur = try
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
			cur = ""
		}
		for c.TextWidth(word, f) > width {
			n := fitRunes(c, word, f, width)
			lines = append(lines, word[:n])
			word = word[n:]
		}
		cur = word
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// fitRunes is the byte length of the longest prefix of word, at least one
// rune, no wider than width.
func fitRunes(c draw.Canvas, word string, f draw.Font, width float64) int {
	n := 0
	for i := range word {
		if i > 0 && c.TextWidth(word[:i], f) > width {
			break
		}
		n = i
	}
	if n == 0 {
		for i := range word {
			if i > 0 {
				return i
			}
		}
		return len(word)
	}
	return n
}

// joinParts joins the non-empty "name: value" parts of a header line with
// middle dots (wrap collapses runs of spaces).
func joinParts(parts ...[2]string) string {
	var b strings.Builder
	for _, p := range parts {
		if strings.TrimSpace(p[1]) == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(" · ")
		}
		b.WriteString(p[0])
		b.WriteString(": ")
		b.WriteString(strings.TrimSpace(p[1]))
	}
	return b.String()
}
