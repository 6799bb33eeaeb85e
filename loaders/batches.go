package loaders

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// BatchRows is the number of rows in each batch a Stream yields (the last
// may have fewer): one of DuckDB's row groups. DuckDB takes batches cut on
// row-group boundaries about a third faster than batches of other sizes,
// which it must first merge into whole row groups; one row group per batch
// measured a little faster than two or four (README.md, Performance). A
// block is read as at most BatchRows lines, so that a block with no blank or
// rejected line is one whole batch, handed on without a copy; the batcher
// joins and cuts the others.
const BatchRows = 122_880

// batcher cuts a run of record batches, in order, into batches of exactly
// size rows.
type batcher struct {
	schema *arrow.Schema
	size   int64
	parts  []arrow.RecordBatch
	rows   int64
}

// add queues rec; the batcher takes over the caller's reference.
func (b *batcher) add(rec arrow.RecordBatch) {
	b.parts = append(b.parts, rec)
	b.rows += rec.NumRows()
}

// full reports whether a whole batch is queued.
func (b *batcher) full() bool { return b.rows >= b.size }

// cut returns the next batch: the first size rows queued, or all of them when
// fewer are; nil when none are. Rows are copied only when the batch spans
// several queued records.
func (b *batcher) cut() (arrow.RecordBatch, error) {
	n := min(b.size, b.rows)
	if n == 0 {
		return nil, nil
	}
	var from []arrow.RecordBatch
	for need := n; need > 0; {
		p := b.parts[0]
		if p.NumRows() <= need {
			from = append(from, p)
			b.parts = b.parts[1:]
			need -= p.NumRows()
			continue
		}
		from = append(from, p.NewSlice(0, need))
		b.parts[0] = p.NewSlice(need, p.NumRows())
		p.Release()
		need = 0
	}
	b.rows -= n
	defer func() {
		for _, r := range from {
			r.Release()
		}
	}()
	if len(from) == 1 {
		from[0].Retain()
		return from[0], nil
	}
	cols := make([]arrow.Array, b.schema.NumFields())
	defer func() {
		for _, c := range cols {
			if c != nil {
				c.Release()
			}
		}
	}()
	arrs := make([]arrow.Array, len(from))
	for i := range cols {
		for j, r := range from {
			arrs[j] = r.Column(i)
		}
		c, err := array.Concatenate(arrs, memory.DefaultAllocator)
		if err != nil {
			return nil, fmt.Errorf("join batches: %s: %w", b.schema.Field(i).Name, err)
		}
		cols[i] = c
	}
	return array.NewRecordBatch(b.schema, cols, n), nil
}

// release drops whatever is queued.
func (b *batcher) release() {
	for _, r := range b.parts {
		r.Release()
	}
	b.parts, b.rows = nil, 0
}
