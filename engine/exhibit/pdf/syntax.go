package pdf

import (
	"math"
	"strconv"
	"time"
	"unicode/utf16"
)

// This file holds the lexical pieces of PDF (ISO 32000-1 §7.3): numbers,
// names, strings and dates, each appended to a byte slice.

// appendNum appends v as a PDF real, rounded to 1/10000 and without a
// trailing zero or a negative zero, so the same value always gives the same
// bytes. A value that is not finite is written as 0.
func appendNum(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	v = math.Round(v*1e4) / 1e4
	if v == 0 {
		v = 0 // -0 becomes 0
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// appendName appends /key, escaping with #xx every byte that is not a
// regular printable character (§7.3.5).
func appendName(b []byte, key string) []byte {
	b = append(b, '/')
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c < '!' || c > '~' || c == '#' || isDelimiter(c) {
			b = append(b, '#', hexDigit[c>>4], hexDigit[c&15])
			continue
		}
		b = append(b, c)
	}
	return b
}

func isDelimiter(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

const hexDigit = "0123456789ABCDEF"

// appendLiteral appends the bytes of s as a literal string, escaping the
// backslash and both parentheses and writing every byte outside printable
// ASCII as an octal escape, so the string survives any line-end conversion.
func appendLiteral(b []byte, s []byte) []byte {
	b = append(b, '(')
	for _, c := range s {
		switch {
		case c == '(' || c == ')' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		case c < ' ' || c > '~':
			b = append(b, '\\', '0'+c>>6, '0'+(c>>3)&7, '0'+c&7)
		default:
			b = append(b, c)
		}
	}
	return append(b, ')')
}

// appendHex appends s as a hexadecimal string.
func appendHex(b []byte, s []byte) []byte {
	b = append(b, '<')
	for _, c := range s {
		b = append(b, hexDigit[c>>4], hexDigit[c&15])
	}
	return append(b, '>')
}

// appendText appends a text string (§7.9.2.2): printable ASCII and the
// ASCII controls as a literal string, anything else as UTF-16BE with a byte
// order mark.
func appendText(b []byte, s string) []byte {
	return appendLiteral(b, textBytes(s))
}

// textBytes is s encoded as a PDF text string: itself when it is ASCII,
// otherwise UTF-16BE after a byte order mark. Invalid UTF-8 becomes U+FFFD.
func textBytes(s string) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return []byte(s)
	}
	out := []byte{0xFE, 0xFF}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u>>8), byte(u))
	}
	return out
}

// appendDate appends t as a PDF date string, D:YYYYMMDDHHmmSS followed by
// Z or the offset from UTC as +HH'mm' (§7.9.4).
func appendDate(b []byte, t time.Time) []byte {
	s := t.Format("D:20060102150405")
	_, off := t.Zone()
	if off == 0 {
		s += "Z"
	} else {
		sign := byte('+')
		if off < 0 {
			sign, off = '-', -off
		}
		s += string(sign) + twoDigits(off/3600) + "'" + twoDigits(off%3600/60) + "'"
	}
	return appendLiteral(b, []byte(s))
}

func twoDigits(n int) string {
	return string([]byte{'0' + byte(n/10%10), '0' + byte(n%10)})
}
