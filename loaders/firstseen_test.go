package loaders

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestFirstSeenKeepsTheFirstIDOfEachFingerprint(t *testing.T) {
	t.Parallel()
	fs := newFirstSeen(1)
	want := map[uint64]int64{}
	// Colliding low bits, fingerprint 0, and enough keys to grow many times.
	fps := []uint64{0, 1, 1 << 40, 2<<40 | 1, 0, 1, 7}
	for i := range uint64(5000) {
		fps = append(fps, i*0x9E3779B97F4A7C15, i<<32, i*0x9E3779B97F4A7C15)
	}
	for id, fp := range fps {
		first, seen := fs.firstOf(fp, int64(id))
		w, ok := want[fp]
		require.Equal(t, ok, seen, "fingerprint %#x", fp)
		if ok {
			require.Equal(t, w, first, "fingerprint %#x", fp)
		} else {
			want[fp] = int64(id)
		}
	}
	require.Len(t, want, fs.n+1) // + fingerprint 0, kept aside
}
