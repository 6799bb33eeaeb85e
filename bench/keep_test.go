package bench

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestKeepCaseRebuildsOnlyWhenTheOptionsChange(t *testing.T) {
	dir := t.TempDir()
	path, stamp, junk := filepath.Join(dir, "c.duckdb"), filepath.Join(dir, "stamp.txt"), filepath.Join(dir, "files")
	made := 0
	build := func(context.Context) (string, error) {
		made++
		require.NoError(t, os.WriteFile(path, []byte("case"), 0o644))
		require.NoError(t, os.MkdirAll(junk, 0o755))
		return "subject=+44\n", nil
	}
	ctx := context.Background()
	for i, want := range []string{"rows=1\n", "rows=1\n", "rows=2\n"} {
		extra, err := KeepCase(ctx, io.Discard, path, stamp, want, []string{junk}, build)
		require.NoError(t, err)
		require.Equal(t, "subject=+44\n", extra, "run %d", i)
	}
	require.Equal(t, 2, made, "the second run reuses the case; the third has other options")

	require.NoError(t, os.Remove(path))
	_, err := KeepCase(ctx, io.Discard, path, stamp, "rows=2\n", []string{junk}, build)
	require.NoError(t, err)
	require.Equal(t, 3, made, "a stamp without its case is not trusted")
}
