package loaders

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fuzzSeeds adds the head of every sample, demo and unseen file.
func fuzzSeeds(f *testing.F) {
	var files []string
	for _, g := range []string{"../testdata/samples/*.csv", "../testdata/demo/*.csv", "../testdata/unseen/*.csv"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	for _, s := range files {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 4096)])
	}
	f.Add([]byte(unhelpful))
	f.Add([]byte("a;b\n\xff\xfe;1\nSumme: 1\n"))
}

// FuzzInfer drafts a profile from arbitrary bytes. It must not panic; a
// draft it returns must parse as a profile, and reading the bytes with it
// must make every data line a row or a reject.
func FuzzInfer(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 16<<10 {
			return
		}
		draft, err := Infer("fuzz", data)
		if err != nil {
			if !errors.Is(err, ErrInfer) {
				t.Fatalf("error does not wrap ErrInfer: %v", err)
			}
			return
		}
		p, err := ParseProfile([]byte(draft), "fuzz")
		if err != nil {
			t.Fatalf("draft does not parse: %v\n%s", err, draft)
		}
		s, err := NewStream(context.Background(), bytes.NewReader(data), p, ReadOptions{Region: "GB", Zone: time.UTC, Workers: 1})
		if err != nil {
			return // a header the draft names may be missing from text it could not decode
		}
		defer s.Release()
		for s.Next() {
		}
		if c := s.Counts(); s.Err() == nil && c.Read != c.Loaded+c.Rejected {
			t.Fatalf("read %d != loaded %d + rejected %d", c.Read, c.Loaded, c.Rejected)
		}
	})
}

// FuzzDetect detects arbitrary bytes. It must not panic; every profile is a
// candidate, confidences are within 0..1 and best first, and Choose picks
// only a confident best or refuses with ErrNotConfident.
func FuzzDetect(f *testing.F) {
	fuzzSeeds(f)
	ps, err := LoadProfiles("")
	if err != nil {
		f.Fatal(err)
	}
	n := len(ps.All())
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 16<<10 {
			return
		}
		cands := Detect(context.Background(), data, ps, ReadOptions{Region: "GB", Zone: time.UTC})
		if len(cands) != n {
			t.Fatalf("%d candidates for %d profiles", len(cands), n)
		}
		for i, c := range cands {
			if c.Confidence < 0 || c.Confidence > 1 || c.HeaderScore < 0 || c.HeaderScore > 1 {
				t.Fatalf("%s: confidence %v, header %v", c.Name, c.Confidence, c.HeaderScore)
			}
			if i > 0 && c.Confidence > cands[i-1].Confidence {
				t.Fatalf("not best first: %s %v after %s %v", c.Name, c.Confidence, cands[i-1].Name, cands[i-1].Confidence)
			}
			if c.Loaded > c.Read {
				t.Fatalf("%s: %d parsed of %d read", c.Name, c.Loaded, c.Read)
			}
		}
		best, err := Choose(cands)
		switch {
		case err == nil && best.Confidence < MinConfidence:
			t.Fatalf("chose %s at %v", best.Name, best.Confidence)
		case err != nil && !errors.Is(err, ErrNotConfident):
			t.Fatalf("refusal does not wrap ErrNotConfident: %v", err)
		}
	})
}
