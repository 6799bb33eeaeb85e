package loaders

import (
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// columns holds the columns a worker builds, one per field of the full
// schema (the rowBuilder appends by full-schema position). A column the
// plan leaves out of the stream's schema is nil: appends to it are dropped.
//
// Values go into plain Go slices, sized from the previous block, and finish
// hands those slices to Arrow without copying: appending through Arrow's
// builders (reserve checks, bitmap per value, growth by copying) cost about
// a fifth of the parsing time.
type columns struct {
	c []*column
}

// column is one column under construction.
type column struct {
	typ   arrow.DataType
	room  int // rows the slices were sized for
	n     int
	nulls int
	valid []byte  // validity bitmap, 1 = set; kept only once a null is seen
	i16   []int16 // the values of a column of that width
	i32   []int32
	i64   []int64 // int64 and timestamp columns
	u64   []uint64
	f64   []float64
	bits  []byte  // boolean values, a bitmap
	offs  []int32 // string offsets; len = n+1
	data  []byte  // string bytes
}

// newColumns makes columns for the first n fields of full, leaving out those
// whose names kept (the stream's schema) does not have.
func newColumns(full *arrow.Schema, n int, kept *arrow.Schema) columns {
	c := columns{c: make([]*column, n)}
	for i := range n {
		f := full.Field(i)
		if kept != nil && !kept.HasField(f.Name) {
			continue
		}
		c.c[i] = &column{typ: f.Type}
		c.c[i].reset(1024, 16<<10)
	}
	return c
}

// reset starts a column afresh with room for rows values and, for strings,
// bytes of text.
func (c *column) reset(rows, bytes int) {
	c.room, c.n, c.nulls, c.valid = rows, 0, 0, nil
	switch c.typ.ID() {
	case arrow.INT16:
		c.i16 = make([]int16, 0, rows)
	case arrow.INT32:
		c.i32 = make([]int32, 0, rows)
	case arrow.INT64, arrow.TIMESTAMP:
		c.i64 = make([]int64, 0, rows)
	case arrow.UINT64:
		c.u64 = make([]uint64, 0, rows)
	case arrow.FLOAT64:
		c.f64 = make([]float64, 0, rows)
	case arrow.BOOL:
		c.bits = make([]byte, 0, bitutil.BytesForBits(int64(rows)))
	case arrow.STRING:
		c.offs = make([]int32, 1, rows+1)
		c.data = make([]byte, 0, bytes)
	}
}

// mark records whether the value just appended (row c.n) is set. The common
// case, a set value in a column with no null so far, is kept small enough to
// inline.
func (c *column) mark(ok bool) {
	if ok && c.valid == nil {
		c.n++
		return
	}
	c.markBitmap(ok)
}

func (c *column) markBitmap(ok bool) {
	if c.valid == nil {
		// The first null: every row before it was set.
		c.valid = make([]byte, bitutil.BytesForBits(int64(c.n)), bitutil.BytesForBits(int64(max(c.room, c.n+1))))
		bitutil.SetBitsTo(c.valid, 0, int64(c.n), true)
	}
	// len(c.valid) is the bytes of c.n bits: row c.n starts a byte when it
	// is a multiple of 8.
	if c.n&7 == 0 {
		c.valid = append(c.valid, 0)
	}
	if ok {
		c.valid[c.n>>3] |= 1 << (c.n & 7)
	} else {
		c.nulls++
	}
	c.n++
}

// str appends v; "" is NULL. The validity of a text column is read from its
// offsets when the column is finished (an empty value is a null), not marked
// row by row.
func (c columns) str(i int, v string) {
	col := c.c[i]
	if col == nil {
		return
	}
	col.data = append(col.data, v...)
	col.offs = append(col.offs, int32(len(col.data)))
	col.n++
}

// textValidity sets the validity of a text column from its offsets: a value
// is NULL when it is empty.
func (c *column) textValidity() {
	offs := c.offs[:c.n+1]
	nulls := 0
	for i := range c.n {
		if offs[i+1] == offs[i] {
			nulls++
		}
	}
	c.nulls, c.valid = nulls, nil
	if nulls == 0 {
		return
	}
	c.valid = make([]byte, bitutil.BytesForBits(int64(c.n)))
	for i := range c.n {
		if offs[i+1] != offs[i] {
			c.valid[i>>3] |= 1 << (i & 7)
		}
	}
}

func (c columns) i32(i int, v int32, ok bool) {
	col := c.c[i]
	if col == nil {
		return
	}
	if !ok {
		v = 0
	}
	col.i32 = append(col.i32, v)
	col.mark(ok)
}

func (c columns) i64(i int, v int64, ok bool) {
	col := c.c[i]
	if col == nil {
		return
	}
	if !ok {
		v = 0
	}
	col.i64 = append(col.i64, v)
	col.mark(ok)
}

func (c columns) i16(i int, v int16, ok bool) {
	col := c.c[i]
	if col == nil {
		return
	}
	if !ok {
		v = 0
	}
	col.i16 = append(col.i16, v)
	col.mark(ok)
}

func (c columns) u64(i int, v uint64) {
	col := c.c[i]
	if col == nil {
		return
	}
	col.u64 = append(col.u64, v)
	col.mark(true)
}

func (c columns) f64(i int, v float64, ok bool) {
	col := c.c[i]
	if col == nil {
		return
	}
	if !ok {
		v = 0
	}
	col.f64 = append(col.f64, v)
	col.mark(ok)
}

func (c columns) boolean(i int, v, ok bool) {
	col := c.c[i]
	if col == nil {
		return
	}
	if need := int(bitutil.BytesForBits(int64(col.n + 1))); len(col.bits) < need {
		col.bits = append(col.bits, 0)
	}
	if ok && v {
		bitutil.SetBit(col.bits, col.n)
	}
	col.mark(ok)
}

func (c columns) ts(i int, t time.Time, ok bool) {
	col := c.c[i]
	if col == nil {
		return
	}
	var v int64
	if ok {
		v = t.UnixMicro()
	}
	col.i64 = append(col.i64, v)
	col.mark(ok)
}

// finish returns the built arrays of the columns kept, in schema order, and
// starts each column afresh, sized for a block like this one.
func (c columns) finish() []arrow.Array {
	out := make([]arrow.Array, 0, len(c.c))
	for _, col := range c.c {
		if col == nil {
			continue
		}
		out = append(out, col.array())
		col.reset(col.n+col.n/8+16, len(col.data)+len(col.data)/8+64)
	}
	return out
}

// array wraps the column's slices as an Arrow array, without copying.
func (c *column) array() arrow.Array {
	if c.typ.ID() == arrow.STRING {
		c.textValidity()
	}
	var valid *memory.Buffer
	if c.nulls > 0 {
		valid = memory.NewBufferBytes(c.valid)
	}
	var bufs []*memory.Buffer
	switch c.typ.ID() {
	case arrow.INT16:
		bufs = []*memory.Buffer{valid, memory.NewBufferBytes(arrow.Int16Traits.CastToBytes(c.i16))}
	case arrow.INT32:
		bufs = []*memory.Buffer{valid, memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(c.i32))}
	case arrow.INT64, arrow.TIMESTAMP:
		bufs = []*memory.Buffer{valid, memory.NewBufferBytes(arrow.Int64Traits.CastToBytes(c.i64))}
	case arrow.UINT64:
		bufs = []*memory.Buffer{valid, memory.NewBufferBytes(arrow.Uint64Traits.CastToBytes(c.u64))}
	case arrow.FLOAT64:
		bufs = []*memory.Buffer{valid, memory.NewBufferBytes(arrow.Float64Traits.CastToBytes(c.f64))}
	case arrow.BOOL:
		bufs = []*memory.Buffer{valid, memory.NewBufferBytes(c.bits)}
	case arrow.STRING:
		bufs = []*memory.Buffer{valid, memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(c.offs)), memory.NewBufferBytes(c.data)}
	}
	d := array.NewData(c.typ, c.n, bufs, nil, c.nulls, 0)
	defer d.Release()
	return array.MakeFromData(d)
}
