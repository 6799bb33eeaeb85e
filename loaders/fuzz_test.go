package loaders

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
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

// FuzzDelivery feeds arbitrary bytes to the workbook and archive readers.
// Whatever the input, opening and reading must not panic, and every row read
// must be either loaded or rejected.
func FuzzDelivery(f *testing.F) {
	for _, s := range []string{"../testdata/samples/us_workbook.xlsx", "../testdata/samples/uk_delivery.zip", "../testdata/samples/mixed_delivery.zip"} {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, strings.HasSuffix(s, ".xlsx"))
	}
	ps, err := LoadProfiles("")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, workbook bool) {
		c := Archive
		if workbook {
			c = Workbook
		}
		d, err := OpenDelivery(bytes.NewReader(data), int64(len(data)), "fuzz", c)
		if err != nil {
			return
		}
		defer d.Close()
		ctx := context.Background()
		cands, err := DetectDelivery(ctx, d, ps, ReadOptions{Region: "GB", Zone: time.UTC})
		if err != nil || len(cands) == 0 {
			return
		}
		// Shared among profiles as a load with --profile auto shares it;
		// every part goes to one group at most.
		groups, _, err := PlanDelivery(ctx, d, ps, cands[0].Profile, ReadOptions{Region: "GB", Zone: time.UTC})
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, g := range groups {
			for _, pt := range g.Delivery.Parts {
				if seen[pt.Name] {
					t.Fatalf("part %s in two groups", pt.Name)
				}
				seen[pt.Name] = true
			}
			s := NewPartStream(ctx, g.Delivery, g.Profile, ReadOptions{Region: "GB", Zone: time.UTC, Workers: 1}, func() (string, error) { return "", nil })
			for s.Next() {
			}
			n := s.Counts()
			var sum Counts
			for _, pc := range s.PartCounts() {
				sum.Read += pc.Counts.Read
				sum.Loaded += pc.Counts.Loaded
				sum.Rejected += pc.Counts.Rejected
			}
			s.Release()
			if n.Read != n.Loaded+n.Rejected {
				t.Fatalf("read %d != loaded %d + rejected %d", n.Read, n.Loaded, n.Rejected)
			}
			if sum.Read != n.Read || sum.Loaded != n.Loaded || sum.Rejected != n.Rejected {
				t.Fatalf("parts add up to %+v, the stream counted %+v", sum, n)
			}
		}
	})
}
