package loaders

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// ErrPreamble is returned when a field the profile takes from the preamble
// (the lines before the header) is not there.
var ErrPreamble = errors.New("preamble lacks a value the profile takes from it")

// maxPreambleLines bounds the lines before the header kept for captures.
const maxPreambleLines = 1000

// capture returns the first capture group of re in the first preamble line
// it matches, trimmed of spaces.
func capture(re *regexp.Regexp, lines []string) (string, bool) {
	for _, l := range lines {
		if m := re.FindStringSubmatch(l); m != nil {
			return strings.TrimSpace(m[1]), true
		}
	}
	return "", false
}

// describePreamble says what the preamble held, for an error message.
func describePreamble(lines []string) string {
	switch len(lines) {
	case 0:
		return "the file has no lines before the header"
	case 1:
		return fmt.Sprintf("the one line before the header: %q", clip(lines[0]))
	}
	return fmt.Sprintf("%d lines before the header, the first: %q", len(lines), clip(lines[0]))
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
