package loaders

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"
)

func TestBlocksAreWholeLinesAndAtMostTheLineLimit(t *testing.T) {
	t.Parallel()
	var src strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&src, "line %d %s\n", i, strings.Repeat("x", i%37))
	}
	text := src.String()
	for _, tc := range []struct {
		name        string
		text        string
		size, lines int
	}{
		{"line limit first", text, 1 << 20, 7},
		{"byte limit first", text, 300, 1000},
		{"one line longer than the byte limit", "short\n" + strings.Repeat("y", 5000) + "\nshort\n", 64, 100},
		{"last line unterminated", text + "tail without a newline", 512, 9},
		{"lines exactly at the limit, unterminated", "a\nb\nc", 1 << 20, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// The free list starts with dirty buffers: a block must not
			// keep bytes of whatever a buffer held before.
			free := make(chan []byte, 4)
			for range 3 {
				free <- bytes.Repeat([]byte{'!'}, 1024)
			}
			out := make(chan block, 1)
			var got []block
			done := make(chan struct{})
			go func() {
				defer close(done)
				for b := range out {
					got = append(got, block{seq: b.seq, firstLine: b.firstLine, data: bytes.Clone(b.data)})
					free <- b.data[:0]
				}
			}()
			br := bufio.NewReaderSize(strings.NewReader(tc.text[1:]), 16)
			n, err := readBlocks(context.Background(), br, []byte(tc.text[:1]), 1, tc.size, tc.lines, &Progress{}, free, out)
			close(out)
			<-done
			require.NoError(t, err)
			require.Len(t, got, n)
			var joined []byte
			line := int64(1)
			for i, b := range got {
				require.Equal(t, i, b.seq)
				require.Equal(t, line, b.firstLine, "block %d starts on the line after the last block's", i)
				nl := bytes.Count(b.data, []byte{'\n'})
				require.LessOrEqual(t, nl, tc.lines, "block %d", i)
				if i < len(got)-1 {
					require.True(t, bytes.HasSuffix(b.data, []byte{'\n'}), "block %d ends with its line", i)
				}
				line += int64(nl)
				joined = append(joined, b.data...)
			}
			require.Equal(t, tc.text, string(joined), "every byte once, in order")
		})
	}
}

func TestBatchesOfAFileAreWholeAndTheSameForAnyBlockSize(t *testing.T) {
	t.Parallel()
	p, err := profiles(t).Get("uk-cdr")
	require.NoError(t, err)
	var src strings.Builder
	src.WriteString("Target MSISDN,Record Type,Other Party,Start Date,Start Time,Duration,Start LAC,Start CI,End LAC,End CI,IMEI,IMSI,GPRS Charging ID\n")
	rows := BatchRows + BatchRows/2
	for i := range rows {
		other := fmt.Sprintf("07700%06d", 900000+i%50)
		kind := "MOC"
		switch {
		case i%5 == 0:
			kind, other = "GPRS", ""
		case i == 1001:
			kind = "BAD" // a reject: its block gives one row fewer
		}
		fmt.Fprintf(&src, "07700946460,%s,%s,%02d/03/2026,%02d:%02d:%02d,00:01:%02d,3102,%d,3102,%d,359254060000007,234151000000000,\n",
			kind, other, 1+i%28, i%24, i%60, (i/60)%60, i%60, 5439489+i%3, 5439489+i%2)
	}
	read := func(blockSize int) ([]arrow.RecordBatch, []Reject) {
		s, err := NewStream(context.Background(), strings.NewReader(src.String()), p, ReadOptions{Region: "GB", FirstID: 1, BlockSize: blockSize, Workers: 2})
		require.NoError(t, err)
		defer s.Release()
		var recs []arrow.RecordBatch
		for s.Next() {
			rec := s.RecordBatch()
			rec.Retain()
			recs = append(recs, rec)
		}
		require.NoError(t, s.Err())
		return recs, s.Rejects()
	}
	whole, rejects := read(0)
	var sizes []int64
	for _, rec := range whole {
		sizes = append(sizes, rec.NumRows())
	}
	require.Equal(t, []int64{BatchRows, int64(rows - 1 - BatchRows)}, sizes, "whole batches but for the last")
	require.Len(t, rejects, 1)
	require.Equal(t, int64(1003), rejects[0].Line)
	small, smallRejects := read(64 << 10)
	require.Equal(t, rejects, smallRejects)
	require.Len(t, small, len(whole))
	for i := range whole {
		require.True(t, array.RecordEqual(whole[i], small[i]), "batch %d: the same rows, whatever the blocks", i)
		whole[i].Release()
		small[i].Release()
	}
}
