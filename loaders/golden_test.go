package loaders

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestGolden reads every sample file of testdata/demo with the profile that
// detection picks for it, and compares every normalised row and every reject
// with testdata/golden/<file>.golden. Run with -update after a deliberate
// change, and read the diff.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("../testdata/demo/*.csv")
	require.NoError(t, err)
	samples, err := filepath.Glob("../testdata/samples/*.csv")
	require.NoError(t, err)
	files = append(files, samples...)
	for _, pattern := range []string{"*.xlsx", "*.zip"} {
		more, err := filepath.Glob("../testdata/samples/" + pattern)
		require.NoError(t, err)
		files = append(files, more...)
	}
	require.NotEmpty(t, files, "no sample files: run make testdata")
	ps, err := LoadProfiles("")
	require.NoError(t, err)
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			opts := ReadOptions{Region: "GB", Zone: london, SourceID: 1, FirstID: 1, BlockSize: 4096}
			var text string
			if c, _ := ContainerOf(file); c == Workbook || c == Archive {
				text = readDelivery(t, file, ps, opts)
			} else {
				text = readText(t, file, ps, opts)
			}
			golden := filepath.Join("..", "testdata", "golden", filepath.Base(file)+".golden")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, []byte(text), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "no golden file: run go test ./loaders -run TestGolden -update")
			require.Equal(t, string(want), text)
		})
	}
}

// readText detects and reads a delimited-text file as a load would, and
// returns its golden text.
func readText(t *testing.T, file string, ps *Profiles, opts ReadOptions) string {
	t.Helper()
	ctx := context.Background()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	best, err := Choose(Detect(ctx, data, ps, opts))
	require.NoError(t, err)
	s, err := NewStream(ctx, strings.NewReader(string(data)), best.Profile, opts)
	require.NoError(t, err)
	defer s.Release()
	var b strings.Builder
	fmt.Fprintf(&b, "profile %s\n", best.Profile.Name)
	for s.Next() {
		writeRows(&b, s.RecordBatch())
	}
	require.NoError(t, s.Err())
	for _, r := range s.Rejects() {
		fmt.Fprintf(&b, "reject line %d field %q: %s\n", r.Line, r.Field, r.Reason)
	}
	c := s.Counts()
	fmt.Fprintf(&b, "read %d loaded %d rejected %d duplicate %d\n", c.Read, c.Loaded, c.Rejected, c.Duplicate)
	require.Equal(t, c.Read, c.Loaded+c.Rejected)
	return b.String()
}

// writeRows prints each row of rec as `name=value` pairs, NULLs left out.
func writeRows(b *strings.Builder, rec arrow.RecordBatch) {
	for i := 0; i < int(rec.NumRows()); i++ {
		for j, col := range rec.Columns() {
			if col.IsNull(i) {
				continue
			}
			if j > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(b, "%s=%s", rec.Schema().Field(j).Name, cell(col, i))
		}
		b.WriteByte('\n')
	}
}

func cell(col arrow.Array, i int) string {
	switch a := col.(type) {
	case *array.Timestamp:
		return time.UnixMicro(int64(a.Value(i))).UTC().Format(time.RFC3339Nano)
	case *array.String:
		return fmt.Sprintf("%q", a.Value(i))
	case *array.Float64:
		return fmt.Sprintf("%.6f", a.Value(i))
	default:
		return a.ValueStr(i)
	}
}
