package loaders

import (
	"context"
	"os"
	"testing"
	"time"
)

// BenchmarkStreamCDR drains a Stream over the file in MAST_BENCH_CDR (read
// with the profile MAST_BENCH_PROFILE, default mast-cdr; e.g. a file from
// mast bench generate or bench load's layouts) without landing it: the
// parsing and normalisation cost alone.
func BenchmarkStreamCDR(b *testing.B) {
	path := os.Getenv("MAST_BENCH_CDR")
	if path == "" {
		b.Skip("set MAST_BENCH_CDR to a mast-cdr file")
	}
	ps, err := LoadProfiles("")
	if err != nil {
		b.Fatal(err)
	}
	name := os.Getenv("MAST_BENCH_PROFILE")
	if name == "" {
		name = "mast-cdr"
	}
	p, err := ps.Get(name)
	if err != nil {
		b.Fatal(err)
	}
	london, _ := time.LoadLocation("Europe/London")
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		s, err := NewStream(context.Background(), f, p, ReadOptions{Region: "GB", Zone: london})
		if err != nil {
			b.Fatal(err)
		}
		for s.Next() {
		}
		if s.Err() != nil {
			b.Fatal(s.Err())
		}
		b.ReportMetric(float64(s.Counts().Read), "rows/op")
		s.Release()
		f.Close()
	}
}
