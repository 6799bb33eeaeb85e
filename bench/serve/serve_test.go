package serve

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The benchmark runs end to end on a small layer: both cursor loops read
// every row of the layer through the server, as the baseline does in
// process, and the load test's clients run every kind of query without an
// error. Nothing here is timed: machines are small and noisy.
func TestRunSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("makes and loads a world")
	}
	var out bytes.Buffer
	opts := DefaultOptions()
	opts.Dir, opts.Rows, opts.Runs, opts.Clients, opts.Duration, opts.Out = t.TempDir(), 20_000, 1, 5, time.Second, &out
	res, err := Run(context.Background(), opts)
	require.NoError(t, err, out.String())
	require.Greater(t, res.LayerRows, int64(10_000), "the layer is about the size asked for")
	require.Len(t, res.Reads, 2)
	for _, r := range res.Reads {
		require.Equal(t, res.LayerRows, r.Wire.Rows, "%s over the wire", r.Name)
		require.Equal(t, res.LayerRows, r.NoAudit.Rows, "%s over the wire, audit log off", r.Name)
		require.Equal(t, res.LayerRows, r.InProcess.Rows, "%s in process", r.Name)
		require.Greater(t, r.Wire.Bytes, 20*res.LayerRows, "%s: every row carries a point and its attributes", r.Name)
	}
	require.NotNil(t, res.Load)
	require.Zero(t, res.Load.Errors, "%v", res.Load.FirstErr)
	require.Len(t, res.Load.Kinds, int(numKinds)+1)
	for _, k := range res.Load.Kinds[:numKinds] {
		require.GreaterOrEqual(t, k.Count, opts.Clients, "every client's first cycle runs %s", k.Kind)
		require.LessOrEqual(t, k.P50, k.P99)
		require.LessOrEqual(t, k.P99, k.Max)
	}
	require.Greater(t, res.Load.BBoxRows, 0.0, "bbox reads around the layer's own sites find points")
	require.Contains(t, out.String(), "QGIS loop: not judged")
	require.Contains(t, out.String(), "throughput:")

	// A second run reuses the case.
	out.Reset()
	opts.Clients = 0
	again, err := Run(context.Background(), opts)
	require.NoError(t, err)
	require.Contains(t, out.String(), "reusing")
	require.Equal(t, res.LayerRows, again.LayerRows)
	require.Nil(t, again.Load)
}

func TestSummarise(t *testing.T) {
	ds := make([]time.Duration, 0, 100)
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	l := summarise("x", ds, 2)
	require.Equal(t, Latency{Kind: "x", Count: 100, Errors: 2, P50: 50 * time.Millisecond, P90: 90 * time.Millisecond,
		P99: 99 * time.Millisecond, Max: 100 * time.Millisecond}, l)
	require.Equal(t, Latency{Kind: "none"}, summarise("none", nil, 0))
}
