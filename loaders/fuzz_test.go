package loaders

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzStream feeds arbitrary bytes to every bundled profile's reader. Whatever
// the input, the reader must not panic, and every data line it reads must be
// either a row or a reject.
func FuzzStream(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/samples/*.csv")
	demo, _ := filepath.Glob("../testdata/demo/*.csv")
	for _, s := range append(seeds, demo...) {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) > 4096 {
			b = b[:4096]
		}
		f.Add(b)
	}
	f.Add([]byte("record_id,subject_msisdn,direction,kind,start_time\nR1,07700900123,out,voice,2026-03-01T08:00:00Z\n\"unterminated,x\n"))
	ps, err := LoadProfiles("")
	if err != nil {
		f.Fatal(err)
	}
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, p := range ps.All() {
			s, err := NewStream(context.Background(), bytes.NewReader(data), p, ReadOptions{Region: "GB", Zone: london, Workers: 2, BlockSize: 64})
			if err != nil {
				continue
			}
			for s.Next() {
			}
			c := s.Counts()
			if s.Err() == nil && c.Read != c.Loaded+c.Rejected {
				t.Fatalf("%s: read %d != loaded %d + rejected %d", p.Name, c.Read, c.Loaded, c.Rejected)
			}
			s.Release()
		}
	})
}
