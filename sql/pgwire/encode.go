package pgwire

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/sql/pgcompat"
)

// column is one result column as the server presents it.
type column struct {
	name  string
	typ   pgcompat.Type // what the client is told
	from  pgcompat.Origin
	batch batchKind // how it is read from Arrow batches (batch.go), if it is
}

// encoder writes values of one result in the formats the client asked for:
// Go values (row), or rows of Arrow record batches (appendBatchRow).
type encoder struct {
	cols    []column
	formats []int16 // per column: 0 text, 1 binary
	loc     *time.Location
	types   *pgtype.Map

	// the batch the writers read, a writer per column, and each column's
	// array when it holds NULLs (nil when it holds none)
	bound   arrow.RecordBatch
	arrays  []arrow.Array
	writers []cellWriter
	scratch []byte
	err     error // the first a writer met
}

func newEncoder(cols []column, formats []int16, loc *time.Location, types *pgtype.Map) *encoder {
	e := &encoder{cols: cols, formats: make([]int16, len(cols)), loc: loc, types: types}
	switch {
	case len(formats) == 1:
		for i := range e.formats {
			e.formats[i] = formats[0]
		}
	case len(formats) == len(cols):
		copy(e.formats, formats)
	}
	return e
}

// row encodes one row's values into bufs (reused between rows).
func (e *encoder) row(vals []any, out [][]byte) ([][]byte, error) {
	out = out[:0]
	for i, v := range vals {
		if v == nil {
			out = append(out, nil)
			continue
		}
		v = engine.Plain(v)
		var b []byte
		var err error
		if e.formats[i] == 1 {
			b, err = e.binary(e.cols[i], v)
		} else {
			b, err = e.text(e.cols[i], v)
		}
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", e.cols[i].name, err)
		}
		if b == nil {
			b = []byte{}
		}
		out = append(out, b)
	}
	return out, nil
}

// text writes v in PostgreSQL's text output format for the column's type.
func (e *encoder) text(c column, v any) ([]byte, error) {
	return []byte(e.textValue(c.typ.OID, v, false)), nil
}

// textValue writes one scalar (or nested) value as PostgreSQL text; inArray
// writes the element form used inside array literals.
func (e *encoder) textValue(oid uint32, v any, inArray bool) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case bool:
		if x {
			return "t"
		}
		return "f"
	case string:
		if inArray {
			return arrayQuote(x)
		}
		return x
	case []byte:
		if oid == pgcompat.OIDGeometry {
			return strings.ToUpper(hex.EncodeToString(ewkb(x, 4326)))
		}
		if len(x) == 16 && oid == pgcompat.OIDUUID {
			return fmt.Sprintf("%x-%x-%x-%x-%x", x[0:4], x[4:6], x[6:8], x[8:10], x[10:16])
		}
		s := `\x` + hex.EncodeToString(x)
		if inArray {
			return arrayQuote(s)
		}
		return s
	case int8, int16, int32, int64, int, uint8, uint16, uint32:
		n, _ := toInt64(x)
		return strconv.FormatInt(n, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float32:
		return formatFloat(float64(x), 32)
	case float64:
		return formatFloat(x, 64)
	case *big.Int:
		return x.String()
	case engine.Decimal:
		return x.String()
	case engine.Interval:
		return formatInterval(x)
	case time.Time:
		s := e.formatTime(oid, x)
		if inArray {
			return arrayQuote(s)
		}
		return s
	case []any:
		var b strings.Builder
		b.WriteByte('{')
		elem := oid
		for i, el := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(e.textValue(elem, el, true))
		}
		b.WriteByte('}')
		return b.String()
	case map[string]any, []engine.MapEntry:
		j, err := json.Marshal(jsonable(x))
		if err != nil {
			return fmt.Sprint(x)
		}
		if inArray {
			return arrayQuote(string(j))
		}
		return string(j)
	}
	s := fmt.Sprint(v)
	if inArray {
		return arrayQuote(s)
	}
	return s
}

func (e *encoder) formatTime(oid uint32, t time.Time) string {
	switch oid {
	case pgcompat.OIDDate:
		return t.Format("2006-01-02")
	case pgcompat.OIDTime:
		return t.Format("15:04:05.999999")
	case pgcompat.OIDTimestamp:
		return t.Format("2006-01-02 15:04:05.999999")
	}
	return string(e.appendTimestamptz(nil, t))
}

// appendTimestamptz writes t in the session's time zone with its offset
// from UTC in hours, and minutes when there are any ("+01", "+05:30").
func (e *encoder) appendTimestamptz(dst []byte, t time.Time) []byte {
	t = t.In(e.loc)
	_, off := t.Zone()
	dst = appendTimestamp(dst, t)
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	dst = append(dst, sign)
	dst = appendTwoDigits(dst, off/3600)
	if m := (off % 3600) / 60; m != 0 {
		dst = appendTwoDigits(append(dst, ':'), m)
	}
	return dst
}

// appendTimestamp writes t as t.Format("2006-01-02 15:04:05.999999") does,
// several times faster (it is called for every timestamp of a result).
func appendTimestamp(dst []byte, t time.Time) []byte {
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(dst, "2006-01-02 15:04:05.999999")
	}
	hour, minute, sec := t.Clock()
	dst = append(dst, byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10), '-',
		byte('0'+int(month)/10), byte('0'+int(month)%10), '-', byte('0'+day/10), byte('0'+day%10), ' ',
		byte('0'+hour/10), byte('0'+hour%10), ':', byte('0'+minute/10), byte('0'+minute%10), ':',
		byte('0'+sec/10), byte('0'+sec%10))
	us := t.Nanosecond() / 1000
	if us == 0 {
		return dst
	}
	digits := 6
	for us%10 == 0 {
		us /= 10
		digits--
	}
	dst = append(dst, '.')
	for p := pow10[digits-1]; p > 0; p /= 10 {
		dst = append(dst, byte('0'+us/p%10))
	}
	return dst
}

var pow10 = [...]int{1, 10, 100, 1000, 10000, 100000}

// appendTwoDigits writes n zero-padded to two digits (more when larger).
func appendTwoDigits(dst []byte, n int) []byte {
	if n < 10 {
		dst = append(dst, '0')
	}
	return strconv.AppendInt(dst, int64(n), 10)
}

func formatFloat(f float64, bits int) string { return string(appendFloat(nil, f, bits)) }

// appendFloat writes f as PostgreSQL does (shortest exact form; NaN,
// Infinity, -Infinity).
func appendFloat(dst []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	}
	return strconv.AppendFloat(dst, f, 'g', -1, bits)
}

// formatInterval writes PostgreSQL's default (IntervalStyle postgres) form.
func formatInterval(iv engine.Interval) string {
	var parts []string
	if y, m := iv.Months/12, iv.Months%12; y != 0 || m != 0 {
		if y != 0 {
			parts = append(parts, plural(int64(y), "year"))
		}
		if m != 0 {
			parts = append(parts, plural(int64(m), "mon"))
		}
	}
	if iv.Days != 0 {
		parts = append(parts, plural(int64(iv.Days), "day"))
	}
	if iv.Micros != 0 || len(parts) == 0 {
		us := iv.Micros
		sign := ""
		if us < 0 {
			sign, us = "-", -us
		}
		h, us := us/3_600_000_000, us%3_600_000_000
		m, us := us/60_000_000, us%60_000_000
		s, us := us/1_000_000, us%1_000_000
		t := fmt.Sprintf("%s%02d:%02d:%02d", sign, h, m, s)
		if us != 0 {
			t += strings.TrimRight(fmt.Sprintf(".%06d", us), "0")
		}
		parts = append(parts, t)
	}
	return strings.Join(parts, " ")
}

func plural(n int64, unit string) string {
	if n == 1 || n == -1 {
		return fmt.Sprintf("%d %s", n, unit)
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

func arrayQuote(s string) string {
	if s == "" || strings.ContainsAny(s, "{},\"\\ \t\n") || strings.EqualFold(s, "NULL") {
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
	}
	return s
}

func jsonable(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonable(e)
		}
		return out
	case []engine.MapEntry:
		out := make(map[string]any, len(x))
		keys := make([]string, 0, len(x))
		for _, e := range x {
			k := fmt.Sprint(e.Key)
			keys = append(keys, k)
			out[k] = jsonable(e.Value)
		}
		sort.Strings(keys)
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonable(e)
		}
		return out
	case engine.Decimal:
		return json.Number(x.String())
	case engine.Interval:
		return formatInterval(x)
	case []byte:
		return hex.EncodeToString(x)
	}
	return v
}

// binary writes v in PostgreSQL's binary format for the column's type.
func (e *encoder) binary(c column, v any) ([]byte, error) {
	switch c.typ.OID {
	case pgcompat.OIDGeometry:
		if b, ok := v.([]byte); ok {
			return ewkb(b, 4326), nil
		}
	case pgcompat.OIDBytea:
		if b, ok := v.([]byte); ok {
			return b, nil
		}
	case pgcompat.OIDText, pgcompat.OIDVarchar, pgcompat.OIDName, pgcompat.OIDJSON, pgcompat.OIDChar:
		return e.text(c, v)
	case pgcompat.OIDOID:
		if n, ok := toInt64(v); ok {
			return binary.BigEndian.AppendUint32(nil, uint32(n)), nil
		}
	case pgcompat.OIDInt2:
		if n, ok := toInt64(v); ok {
			return binary.BigEndian.AppendUint16(nil, uint16(int16(n))), nil
		}
	case pgcompat.OIDInt4:
		if n, ok := toInt64(v); ok {
			return binary.BigEndian.AppendUint32(nil, uint32(int32(n))), nil
		}
	case pgcompat.OIDInt8:
		if n, ok := toInt64(v); ok {
			return binary.BigEndian.AppendUint64(nil, uint64(n)), nil
		}
	case pgcompat.OIDFloat4:
		if f, ok := v.(float32); ok {
			return binary.BigEndian.AppendUint32(nil, math.Float32bits(f)), nil
		}
	case pgcompat.OIDFloat8:
		if f, ok := v.(float64); ok {
			return binary.BigEndian.AppendUint64(nil, math.Float64bits(f)), nil
		}
	case pgcompat.OIDBool:
		if b, ok := v.(bool); ok {
			if b {
				return []byte{1}, nil
			}
			return []byte{0}, nil
		}
	case pgcompat.OIDTimestamptz, pgcompat.OIDTimestamp:
		if t, ok := v.(time.Time); ok {
			us := t.Sub(pgEpoch).Microseconds()
			if c.typ.OID == pgcompat.OIDTimestamp {
				us = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC).Sub(pgEpoch).Microseconds()
			}
			return binary.BigEndian.AppendUint64(nil, uint64(us)), nil
		}
	case pgcompat.OIDDate:
		if t, ok := v.(time.Time); ok {
			d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Sub(pgEpoch).Hours() / 24
			return binary.BigEndian.AppendUint32(nil, uint32(int32(d))), nil
		}
	case pgcompat.OIDInterval:
		if iv, ok := v.(engine.Interval); ok {
			b := binary.BigEndian.AppendUint64(nil, uint64(iv.Micros))
			b = binary.BigEndian.AppendUint32(b, uint32(iv.Days))
			return binary.BigEndian.AppendUint32(b, uint32(iv.Months)), nil
		}
	case pgcompat.OIDUUID:
		if b, ok := v.([]byte); ok && len(b) == 16 {
			return b, nil
		}
	}
	// Everything else (numeric, arrays, time) through pgx's own codecs,
	// from the text form.
	txt, err := e.text(c, v)
	if err != nil {
		return nil, err
	}
	var decoded any
	if err := e.types.Scan(c.typ.OID, pgtype.TextFormatCode, txt, &decoded); err != nil {
		return nil, fmt.Errorf("no binary form for %s: %w", c.typ.Name, err)
	}
	return e.types.Encode(c.typ.OID, pgtype.BinaryFormatCode, decoded, nil)
}

var pgEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func toInt64(v any) (int64, bool) {
	switch x := v.(type) {
	case int8:
		return int64(x), true
	case int16:
		return int64(x), true
	case int32:
		return int64(x), true
	case int64:
		return x, true
	case int:
		return int64(x), true
	case uint8:
		return int64(x), true
	case uint16:
		return int64(x), true
	case uint32:
		return int64(x), true
	case uint64:
		return int64(x), true
	}
	return 0, false
}

// ewkb turns OGC WKB into PostGIS's extended WKB carrying srid: the SRID
// flag is set in the outer geometry's type and the SRID follows it.
func ewkb(wkb []byte, srid uint32) []byte {
	if len(wkb) < 5 {
		return wkb
	}
	return appendEWKB(make([]byte, 0, len(wkb)+4), wkb, srid)
}

// appendEWKB appends wkb as extended WKB carrying srid (see ewkb); WKB it
// cannot read, or that carries an SRID already, is appended as it is.
func appendEWKB(out, wkb []byte, srid uint32) []byte {
	if len(wkb) < 5 {
		return append(out, wkb...)
	}
	var order interface {
		binary.ByteOrder
		binary.AppendByteOrder
	} = binary.LittleEndian
	if wkb[0] == 0 {
		order = binary.BigEndian
	}
	typ := order.Uint32(wkb[1:5])
	if typ&0x20000000 != 0 {
		return append(out, wkb...)
	}
	// ISO WKB codes Z/M dimensions as +1000/+2000/+3000; EWKB as flags.
	base, flags := typ%1000, uint32(0)
	switch typ / 1000 {
	case 1:
		flags = 0x80000000
	case 2:
		flags = 0x40000000
	case 3:
		flags = 0xC0000000
	}
	out = append(out, wkb[0])
	out = order.AppendUint32(out, base|flags|0x20000000)
	out = order.AppendUint32(out, srid)
	return append(out, wkb[5:]...)
}
