package world

import (
	"bufio"
	"strconv"
	"time"
)

func itoa(n int) string { return strconv.Itoa(n) }

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// out is one output file: a buffered writer that counts its lines.
type out struct {
	name    string
	kind    string
	profile string
	w       *bufio.Writer
	line    int   // lines written so far
	rows    int64 // data rows (including malformed ones)
	bad     int64
	dups    int64
	buf     []byte
}

// row writes one line (without its newline) and returns its line number.
func (o *out) row(b []byte, data bool) int {
	o.w.Write(b)
	o.w.WriteByte('\n')
	o.line++
	if data {
		o.rows++
	}
	return o.line
}

func appendCSV(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == ',' || s[i] == '"' || s[i] == '\n' {
			b = append(b, '"')
			for j := 0; j < len(s); j++ {
				if s[j] == '"' {
					b = append(b, '"')
				}
				b = append(b, s[j])
			}
			return append(b, '"')
		}
	}
	return append(b, s...)
}

func appendFloat(b []byte, f float64, prec int) []byte {
	return strconv.AppendFloat(b, f, 'f', prec, 64)
}

// appendUTC writes 2006-01-02T15:04:05Z.
func appendUTC(b []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(b, "2006-01-02T15:04:05Z")
}

// appendLocal writes a wall-clock time without offset.
func appendLocal(b []byte, t time.Time) []byte {
	return t.AppendFormat(b, "2006-01-02 15:04:05")
}
