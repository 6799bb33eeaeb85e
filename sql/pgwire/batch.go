package pgwire

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/mastcdr/mast/sql/pgcompat"
)

// batchKind is how a column is read from DuckDB's Arrow record batches and
// written to the wire without a Go value per row: only the types below
// are; a result with a column of any other type is read through
// database/sql (rows.go).
type batchKind uint8

const (
	batchNone        batchKind = iota
	batchBool                  // BOOLEAN
	batchInt                   // TINYINT, SMALLINT, INTEGER, BIGINT
	batchUint                  // UTINYINT, USMALLINT, UINTEGER, UBIGINT
	batchFloat                 // FLOAT, DOUBLE
	batchString                // VARCHAR, ENUM (an Arrow dictionary of text)
	batchBlob                  // BLOB
	batchGeometry              // GEOMETRY (WKB)
	batchDate                  // DATE
	batchTimestamp             // TIMESTAMP, TIMESTAMP_S, _MS, _NS
	batchTimestampTZ           // TIMESTAMP WITH TIME ZONE
)

// batchKinds maps DuckDB's type names (as DESCRIBE and database/sql give
// them, without parameters) to their kind.
var batchKinds = map[string]batchKind{
	"BOOLEAN": batchBool,
	"TINYINT": batchInt, "SMALLINT": batchInt, "INTEGER": batchInt, "BIGINT": batchInt,
	"UTINYINT": batchUint, "USMALLINT": batchUint, "UINTEGER": batchUint, "UBIGINT": batchUint,
	"FLOAT": batchFloat, "DOUBLE": batchFloat,
	"VARCHAR":   batchString,
	"ENUM":      batchString,
	"BLOB":      batchBlob,
	"GEOMETRY":  batchGeometry,
	"DATE":      batchDate,
	"TIMESTAMP": batchTimestamp, "TIMESTAMP_S": batchTimestamp, "TIMESTAMP_MS": batchTimestamp, "TIMESTAMP_NS": batchTimestamp,
	"TIMESTAMP WITH TIME ZONE": batchTimestampTZ, "TIMESTAMPTZ": batchTimestampTZ,
}

// batchSchemaFits says whether the Arrow schema DuckDB gave has, column by
// column, the Arrow types the kinds are read from.
func batchSchemaFits(cols []column, schema *arrow.Schema) bool {
	if schema.NumFields() != len(cols) {
		return false
	}
	for i, c := range cols {
		id := schema.Field(i).Type.ID()
		var ok bool
		switch c.batch {
		case batchBool:
			ok = id == arrow.BOOL
		case batchInt:
			ok = id == arrow.INT8 || id == arrow.INT16 || id == arrow.INT32 || id == arrow.INT64
		case batchUint:
			ok = id == arrow.UINT8 || id == arrow.UINT16 || id == arrow.UINT32 || id == arrow.UINT64
		case batchFloat:
			ok = id == arrow.FLOAT32 || id == arrow.FLOAT64
		case batchString:
			ok = id == arrow.STRING || id == arrow.LARGE_STRING
			if d, isDict := schema.Field(i).Type.(*arrow.DictionaryType); isDict {
				ok = d.ValueType.ID() == arrow.STRING || d.ValueType.ID() == arrow.LARGE_STRING
			}
		case batchBlob, batchGeometry:
			ok = id == arrow.BINARY || id == arrow.LARGE_BINARY
		case batchDate:
			ok = id == arrow.DATE32
		case batchTimestamp, batchTimestampTZ:
			ok = id == arrow.TIMESTAMP
		}
		if !ok {
			return false
		}
	}
	return true
}

// batchValue is row i of arr as the Go value database/sql would have given
// (for COPY and anything else that reads rows as values).
func batchValue(kind batchKind, arr arrow.Array, i int) any {
	if arr.IsNull(i) {
		return nil
	}
	switch a := arr.(type) {
	case *array.Boolean:
		return a.Value(i)
	case *array.Int8:
		return a.Value(i)
	case *array.Int16:
		return a.Value(i)
	case *array.Int32:
		return a.Value(i)
	case *array.Int64:
		return a.Value(i)
	case *array.Uint8:
		return a.Value(i)
	case *array.Uint16:
		return a.Value(i)
	case *array.Uint32:
		return a.Value(i)
	case *array.Uint64:
		return a.Value(i)
	case *array.Float32:
		return a.Value(i)
	case *array.Float64:
		return a.Value(i)
	case *array.String:
		return a.Value(i)
	case *array.LargeString:
		return a.Value(i)
	case *array.Dictionary:
		return dictText(a)(i)
	case *array.Binary:
		return append([]byte(nil), a.Value(i)...)
	case *array.LargeBinary:
		return append([]byte(nil), a.Value(i)...)
	case *array.Date32:
		return dateOf(int64(a.Value(i)))
	case *array.Timestamp:
		return timeOf(a.DataType().(*arrow.TimestampType).Unit, int64(a.Value(i)))
	}
	return nil
}

// dictText reads row i of a dictionary of text (DuckDB gives an ENUM
// column so); batchSchemaFits has checked the dictionary's type.
func dictText(a *array.Dictionary) func(i int) string {
	switch d := a.Dictionary().(type) {
	case *array.String:
		return func(i int) string { return d.Value(a.GetValueIndex(i)) }
	case *array.LargeString:
		return func(i int) string { return d.Value(a.GetValueIndex(i)) }
	}
	return func(int) string { return "" }
}

// dateOf and timeOf convert as duckdb-go does, so that both ways of
// reading a result write the same text.
func dateOf(days int64) time.Time { return time.Unix(days*86400, 0).UTC() }

func timeOf(unit arrow.TimeUnit, v int64) time.Time {
	switch unit {
	case arrow.Second:
		return time.Unix(v, 0).UTC()
	case arrow.Millisecond:
		return time.UnixMilli(v).UTC()
	case arrow.Nanosecond:
		return time.Unix(0, v).UTC()
	}
	return time.UnixMicro(v).UTC()
}

// cellWriter appends the value of row i of its column (not NULL) in the
// column's format.
type cellWriter func(dst []byte, i int) []byte

// appendBatchRow appends row i of rec as a DataRow message. An error
// (from the general encoder, for the rare pairs of type and format written
// through it) leaves dst as it was.
func (e *encoder) appendBatchRow(dst []byte, rec arrow.RecordBatch, i int) ([]byte, error) {
	if e.bound != rec {
		e.bind(rec)
	}
	start := len(dst)
	dst = append(dst, 'D', 0, 0, 0, 0)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(e.writers)))
	for c, w := range e.writers {
		if arr := e.arrays[c]; arr != nil && arr.IsNull(i) {
			dst = append(dst, 0xFF, 0xFF, 0xFF, 0xFF)
			continue
		}
		at := len(dst)
		dst = append(dst, 0, 0, 0, 0)
		dst = w(dst, i)
		binary.BigEndian.PutUint32(dst[at:], uint32(len(dst)-at-4))
	}
	if e.err != nil {
		return dst[:start], e.err
	}
	binary.BigEndian.PutUint32(dst[start+1:], uint32(len(dst)-start-1))
	return dst, nil
}

// bind makes a writer for each column of rec, for the column's type and
// format.
func (e *encoder) bind(rec arrow.RecordBatch) {
	e.bound = rec
	e.writers = e.writers[:0]
	e.arrays = e.arrays[:0]
	for i, c := range e.cols {
		arr := rec.Column(i)
		e.writers = append(e.writers, e.writer(c, e.formats[i] == 1, arr))
		if arr.NullN() == 0 {
			arr = nil // no NULL to look for in this batch
		}
		e.arrays = append(e.arrays, arr)
	}
}

// writer returns the cellWriter of one column of a batch.
func (e *encoder) writer(c column, bin bool, arr arrow.Array) cellWriter {
	switch a := arr.(type) {
	case *array.Boolean:
		return func(dst []byte, i int) []byte {
			switch {
			case bin && a.Value(i):
				return append(dst, 1)
			case bin:
				return append(dst, 0)
			case a.Value(i):
				return append(dst, 't')
			}
			return append(dst, 'f')
		}
	case *array.Int8:
		return e.intWriter(c, bin, func(i int) int64 { return int64(a.Value(i)) })
	case *array.Int16:
		return e.intWriter(c, bin, func(i int) int64 { return int64(a.Value(i)) })
	case *array.Int32:
		return e.intWriter(c, bin, func(i int) int64 { return int64(a.Value(i)) })
	case *array.Int64:
		return e.intWriter(c, bin, a.Value)
	case *array.Uint8:
		return e.intWriter(c, bin, func(i int) int64 { return int64(a.Value(i)) })
	case *array.Uint16:
		return e.intWriter(c, bin, func(i int) int64 { return int64(a.Value(i)) })
	case *array.Uint32:
		return e.intWriter(c, bin, func(i int) int64 { return int64(a.Value(i)) })
	case *array.Uint64:
		if bin {
			return e.valueWriter(c, bin, func(i int) any { return a.Value(i) })
		}
		return func(dst []byte, i int) []byte { return strconv.AppendUint(dst, a.Value(i), 10) }
	case *array.Float32:
		if bin && c.typ.OID == pgcompat.OIDFloat4 {
			return func(dst []byte, i int) []byte {
				return binary.BigEndian.AppendUint32(dst, math.Float32bits(a.Value(i)))
			}
		}
		if !bin {
			return func(dst []byte, i int) []byte { return appendFloat(dst, float64(a.Value(i)), 32) }
		}
		return e.valueWriter(c, bin, func(i int) any { return a.Value(i) })
	case *array.Float64:
		if bin && c.typ.OID == pgcompat.OIDFloat8 {
			return func(dst []byte, i int) []byte {
				return binary.BigEndian.AppendUint64(dst, math.Float64bits(a.Value(i)))
			}
		}
		if !bin {
			return func(dst []byte, i int) []byte { return appendFloat(dst, a.Value(i), 64) }
		}
		return e.valueWriter(c, bin, func(i int) any { return a.Value(i) })
	case *array.String:
		return func(dst []byte, i int) []byte { return append(dst, a.Value(i)...) }
	case *array.LargeString:
		return func(dst []byte, i int) []byte { return append(dst, a.Value(i)...) }
	case *array.Dictionary:
		text := dictText(a)
		return func(dst []byte, i int) []byte { return append(dst, text(i)...) }
	case *array.Binary:
		return e.bytesWriter(c, bin, a.Value)
	case *array.LargeBinary:
		return e.bytesWriter(c, bin, a.Value)
	case *array.Date32:
		if bin {
			return func(dst []byte, i int) []byte {
				// As time.Sub would: days from 2000-01-01, within its range.
				d := min(max(int64(a.Value(i))-pgEpochDays, -maxSubDays), maxSubDays)
				return binary.BigEndian.AppendUint32(dst, uint32(int32(d)))
			}
		}
		return func(dst []byte, i int) []byte {
			return dateOf(int64(a.Value(i))).AppendFormat(dst, "2006-01-02")
		}
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		if bin {
			return func(dst []byte, i int) []byte {
				return binary.BigEndian.AppendUint64(dst, uint64(pgMicros(unit, int64(a.Value(i)))))
			}
		}
		if c.typ.OID == pgcompat.OIDTimestamptz {
			return func(dst []byte, i int) []byte { return e.appendTimestamptz(dst, timeOf(unit, int64(a.Value(i)))) }
		}
		return func(dst []byte, i int) []byte { return appendTimestamp(dst, timeOf(unit, int64(a.Value(i)))) }
	}
	return e.valueWriter(c, bin, func(i int) any { return batchValue(c.batch, arr, i) })
}

// intWriter writes an integer column: text, or the width of the column's
// PostgreSQL type.
func (e *encoder) intWriter(c column, bin bool, v func(int) int64) cellWriter {
	if !bin {
		return func(dst []byte, i int) []byte { return strconv.AppendInt(dst, v(i), 10) }
	}
	switch c.typ.OID {
	case pgcompat.OIDInt2:
		return func(dst []byte, i int) []byte { return binary.BigEndian.AppendUint16(dst, uint16(int16(v(i)))) }
	case pgcompat.OIDInt4:
		return func(dst []byte, i int) []byte { return binary.BigEndian.AppendUint32(dst, uint32(int32(v(i)))) }
	case pgcompat.OIDOID:
		return func(dst []byte, i int) []byte { return binary.BigEndian.AppendUint32(dst, uint32(v(i))) }
	case pgcompat.OIDInt8:
		return func(dst []byte, i int) []byte { return binary.BigEndian.AppendUint64(dst, uint64(v(i))) }
	}
	return e.valueWriter(c, bin, func(i int) any { return v(i) })
}

// bytesWriter writes a BLOB or GEOMETRY column.
func (e *encoder) bytesWriter(c column, bin bool, v func(int) []byte) cellWriter {
	switch {
	case c.typ.OID == pgcompat.OIDGeometry && bin:
		return func(dst []byte, i int) []byte { return appendEWKB(dst, v(i), 4326) }
	case c.typ.OID == pgcompat.OIDGeometry:
		return func(dst []byte, i int) []byte {
			e.scratch = appendEWKB(e.scratch[:0], v(i), 4326)
			return appendHex(dst, e.scratch, upperHex)
		}
	case bin:
		return func(dst []byte, i int) []byte { return append(dst, v(i)...) }
	}
	return func(dst []byte, i int) []byte { return appendHex(append(dst, '\\', 'x'), v(i), lowerHex) }
}

// valueWriter writes through the general encoder, from a Go value: for
// the rare pairs of type and format with no writer of their own.
func (e *encoder) valueWriter(c column, bin bool, v func(int) any) cellWriter {
	return func(dst []byte, i int) []byte {
		var b []byte
		var err error
		if bin {
			b, err = e.binary(c, v(i))
		} else {
			b, err = e.text(c, v(i))
		}
		if err != nil && e.err == nil {
			e.err = fmt.Errorf("column %s: %w", c.name, err)
		}
		return append(dst, b...)
	}
}

const (
	lowerHex = "0123456789abcdef"
	upperHex = "0123456789ABCDEF"
)

func appendHex(dst, b []byte, digits string) []byte {
	for _, x := range b {
		dst = append(dst, digits[x>>4], digits[x&0x0F])
	}
	return dst
}

// pgEpochDays is 2000-01-01, PostgreSQL's epoch, in days from 1970-01-01.
const pgEpochDays = 10957

// maxSubDays is the most days time.Time.Sub can tell apart (its Duration
// saturates at about 292 years); the general encoder's binary dates and
// timestamps saturate there, and so do these.
const maxSubDays = int64(math.MaxInt64 / int64(24*time.Hour))

// pgMicros is a timestamp of unit v as microseconds from 2000-01-01, as
// time.Time.Sub(pgEpoch).Microseconds() gives it for the time duckdb-go
// would have made.
func pgMicros(unit arrow.TimeUnit, v int64) int64 {
	const epochSec = pgEpochDays * 86400
	const maxUs, minUs = math.MaxInt64 / 1000, math.MinInt64 / 1000
	var ns int64 // v - epoch in nanoseconds, saturated as Duration is
	switch unit {
	case arrow.Second:
		ns = satMul(satSub(v, epochSec), 1e9)
	case arrow.Millisecond:
		ns = satMul(satSub(v, epochSec*1e3), 1e6)
	case arrow.Nanosecond:
		ns = satSub(v, epochSec*1e9)
	default:
		d := satSub(v, epochSec*1e6)
		if d > maxUs || d < minUs {
			return min(max(d, minUs), maxUs)
		}
		return d
	}
	return ns / 1000
}

func satSub(a, b int64) int64 {
	d := a - b
	if (b > 0 && d > a) || (b < 0 && d < a) {
		if b > 0 {
			return math.MinInt64
		}
		return math.MaxInt64
	}
	return d
}

func satMul(a, m int64) int64 {
	if a > math.MaxInt64/m {
		return math.MaxInt64
	}
	if a < math.MinInt64/m {
		return math.MinInt64
	}
	return a * m
}
