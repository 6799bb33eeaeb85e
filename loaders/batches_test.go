package loaders

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

func TestBatcherCutsExactBatchesInOrder(t *testing.T) {
	t.Parallel()
	schema := arrow.NewSchema([]arrow.Field{col("id", i64), col("s", str_)}, nil)
	part := func(from, to int64) arrow.RecordBatch {
		ids := array.NewInt64Builder(memory.DefaultAllocator)
		strs := array.NewStringBuilder(memory.DefaultAllocator)
		for i := from; i < to; i++ {
			ids.Append(i)
			if i%3 == 0 {
				strs.AppendNull()
			} else {
				strs.Append(string(rune('a' + i%26)))
			}
		}
		return array.NewRecordBatch(schema, []arrow.Array{ids.NewArray(), strs.NewArray()}, to-from)
	}
	for _, tc := range []struct {
		name  string
		parts []int64 // row counts of the queued records
		size  int64
		want  []int64 // row counts of the batches cut
	}{
		{"one record per batch", []int64{4, 4}, 4, []int64{4, 4}},
		{"records joined", []int64{3, 3, 3}, 4, []int64{4, 4, 1}},
		{"a record split", []int64{10}, 4, []int64{4, 4, 2}},
		{"fewer rows than a batch", []int64{2, 1}, 8, []int64{3}},
		{"empty records skipped", []int64{0, 5, 0, 3}, 4, []int64{4, 4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := batcher{schema: schema, size: tc.size}
			var next int64
			for _, n := range tc.parts {
				b.add(part(next, next+n))
				next += n
			}
			var got []int64
			var id int64
			for {
				rec, err := b.cut()
				require.NoError(t, err)
				if rec == nil {
					break
				}
				got = append(got, rec.NumRows())
				ids, strs := rec.Column(0).(*array.Int64), rec.Column(1).(*array.String)
				for i := range int(rec.NumRows()) {
					require.Equal(t, id, ids.Value(i), "rows stay in order")
					require.Equal(t, id%3 == 0, strs.IsNull(i), "nulls stay with their rows")
					if !strs.IsNull(i) {
						require.Equal(t, string(rune('a'+id%26)), strs.Value(i))
					}
					id++
				}
				rec.Release()
			}
			require.Equal(t, tc.want, got)
			require.Equal(t, next, id, "every row cut once")
		})
	}
}
