package pdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"testing"

	"github.com/stretchr/testify/require"
)

// inflate is the text of a Flate-compressed stream.
func inflate(t testing.TB, data []byte) string {
	t.Helper()
	r, err := zlib.NewReader(bytes.NewReader(data))
	require.NoError(t, err)
	out, err := io.ReadAll(r)
	require.NoError(t, err)
	return string(out)
}
