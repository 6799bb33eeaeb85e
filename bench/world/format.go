package world

import (
	"bufio"
	"strconv"
)

func itoa(n int) string { return strconv.Itoa(n) }

// pad writes n with leading zeros to width digits.
func pad(n, width int) string { return string(appendPad(nil, int64(n), width)) }

func appendPad(b []byte, n int64, width int) []byte {
	var tmp [20]byte
	s := strconv.AppendInt(tmp[:0], n, 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

func appendInt(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }

func appendFloat(b []byte, f float64, prec int) []byte {
	return strconv.AppendFloat(b, f, 'f', prec, 64)
}

// appendCSV writes s as one CSV field, quoted only when it must be.
func appendCSV(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r' {
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

// civil turns days since 1970-01-01 into a proleptic Gregorian date
// (Howard Hinnant's civil-from-days algorithm).
func civil(days int64) (y, m, d int) {
	z := days + 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, d
}

func append2(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }

// appendStamp writes the wall clock secs (seconds since 1970 of a UTC or
// local clock) as YYYY-MM-DD<sep>HH:MM:SS, without fmt or time.Format.
func appendStamp(b []byte, secs int64, sep byte) []byte {
	days := floorDiv(secs, 86400)
	rem := secs - days*86400
	y, m, d := civil(days)
	b = appendPad(b, int64(y), 4)
	b = append(b, '-')
	b = append2(b, m)
	b = append(b, '-')
	b = append2(b, d)
	b = append(b, sep)
	b = append2(b, int(rem/3600))
	b = append(b, ':')
	b = append2(b, int(rem/60%60))
	b = append(b, ':')
	return append2(b, int(rem%60))
}

// appendUTC writes unix seconds as 2006-01-02T15:04:05Z.
func appendUTC(b []byte, unix int64) []byte { return append(appendStamp(b, unix, 'T'), 'Z') }

// appendDate writes unix seconds (UTC) as 2006-01-02.
func appendDate(b []byte, unix int64) []byte {
	n := len(b)
	return appendStamp(b, unix, ' ')[:n+10]
}

// appendUKDate writes unix seconds (UTC) as 02/01/2006.
func appendUKDate(b []byte, unix int64) []byte {
	y, m, d := civil(floorDiv(unix, 86400))
	b = append2(b, d)
	b = append(b, '/')
	b = append2(b, m)
	b = append(b, '/')
	return appendPad(b, int64(y), 4)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// out is one output file: a buffered writer that counts its lines.
type out struct {
	name    string
	kind    string
	profile string
	w       *bufio.Writer
	line    int64 // lines written so far
	rows    int64 // data rows (including malformed ones)
	bad     int64
	dups    int64
	buf     []byte
}

// row writes one line (b without its newline) and returns its 1-based line number.
func (o *out) row(b []byte, data bool) int64 {
	o.w.Write(b)
	o.w.WriteByte('\n')
	o.line++
	if data {
		o.rows++
	}
	return o.line
}

func (o *out) summary() FileSummary {
	return FileSummary{Name: o.name, Kind: o.kind, Profile: o.profile, Rows: o.rows, Bad: o.bad, Duplicates: o.dups}
}
