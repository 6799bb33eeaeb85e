package loaders

import (
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// columns holds the Arrow builders of the worker-built part of a schema.
type columns struct {
	b []array.Builder
}

// newColumns makes builders for the first n fields of schema.
func newColumns(schema *arrow.Schema, n int) columns {
	c := columns{b: make([]array.Builder, n)}
	for i := range n {
		c.b[i] = array.NewBuilder(memory.DefaultAllocator, schema.Field(i).Type)
	}
	return c
}

func (c columns) str(i int, v string) {
	b := c.b[i].(*array.StringBuilder)
	if v == "" {
		b.AppendNull()
		return
	}
	b.Append(v)
}

func (c columns) i32(i int, v int32, ok bool) {
	b := c.b[i].(*array.Int32Builder)
	if !ok {
		b.AppendNull()
		return
	}
	b.Append(v)
}

func (c columns) i64(i int, v int64, ok bool) {
	b := c.b[i].(*array.Int64Builder)
	if !ok {
		b.AppendNull()
		return
	}
	b.Append(v)
}

func (c columns) i16(i int, v int16, ok bool) {
	b := c.b[i].(*array.Int16Builder)
	if !ok {
		b.AppendNull()
		return
	}
	b.Append(v)
}

func (c columns) u64(i int, v uint64) { c.b[i].(*array.Uint64Builder).Append(v) }

func (c columns) f64(i int, v float64, ok bool) {
	b := c.b[i].(*array.Float64Builder)
	if !ok {
		b.AppendNull()
		return
	}
	b.Append(v)
}

func (c columns) boolean(i int, v, ok bool) {
	b := c.b[i].(*array.BooleanBuilder)
	if !ok {
		b.AppendNull()
		return
	}
	b.Append(v)
}

func (c columns) ts(i int, t time.Time, ok bool) {
	b := c.b[i].(*array.TimestampBuilder)
	if !ok {
		b.AppendNull()
		return
	}
	b.Append(arrow.Timestamp(t.UnixMicro()))
}

// finish returns the built arrays and resets the builders.
func (c columns) finish() []arrow.Array {
	out := make([]arrow.Array, len(c.b))
	for i, b := range c.b {
		out[i] = b.NewArray()
	}
	return out
}
