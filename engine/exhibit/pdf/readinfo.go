package pdf

import (
	"bytes"
	"errors"
	"unicode/utf16"
)

// ReadInfoText reads back the text string a PDF written by this package
// holds under /key in its (uncompressed) document information, as Info.Custom
// wrote it (appendText): a literal string of ASCII with backslash escapes, or
// UTF-16BE after a byte order mark. "" when the key is absent.
func ReadInfoText(b []byte, key string) (string, error) {
	i := bytes.LastIndex(b, []byte("/"+key+" ("))
	if i < 0 {
		return "", nil
	}
	s := b[i+len(key)+3:]
	var out []byte
	depth := 0
	for j := 0; j < len(s); j++ {
		c := s[j]
		switch {
		case c == '\\':
			j++
			if j >= len(s) {
				return "", errors.New("pdf: info string is cut short")
			}
			switch e := s[j]; e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '0', '1', '2', '3', '4', '5', '6', '7':
				v := 0
				for k := 0; k < 3 && j < len(s) && s[j] >= '0' && s[j] <= '7'; k++ {
					v = v*8 + int(s[j]-'0')
					j++
				}
				j--
				out = append(out, byte(v))
			case '\n', '\r':
			default:
				out = append(out, e)
			}
		case c == '(':
			depth++
			out = append(out, c)
		case c == ')':
			if depth == 0 {
				return decodePDFText(out), nil
			}
			depth--
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return "", errors.New("pdf: info string is not closed")
}

func decodePDFText(b []byte) string {
	if len(b) < 2 || b[0] != 0xFE || b[1] != 0xFF {
		return string(b)
	}
	u := make([]uint16, 0, len(b)/2)
	for i := 2; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}
