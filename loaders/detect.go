package loaders

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
)

// Candidate is one profile's fit to a file.
type Candidate struct {
	Profile  *Profile
	Score    float64 // 0..1: share of sample rows parsed, × 0.9 + 0.1 × the share of the file's columns the profile maps
	Read     int64   // sample rows read
	Loaded   int64   // sample rows that parsed
	Evidence string  // what was found, for a person
}

// ErrNotConfident is returned by Choose when no profile fits well enough.
var ErrNotConfident = errors.New("no profile fits the file confidently")

// MinConfidence is the score below which Choose refuses to pick.
const MinConfidence = 0.6

// Detect tries every profile on the head of a file (its first bytes; up to
// 256 KiB is plenty) and returns the candidates, best first. Each profile is
// tried with the same reader that loads files, so a candidate's evidence is
// exactly what a load would do with those lines.
func Detect(ctx context.Context, head []byte, ps *Profiles, opts ReadOptions) []Candidate {
	if i := bytes.LastIndexByte(head, '\n'); i >= 0 && i < len(head)-1 {
		head = head[:i+1]
	}
	opts.Workers, opts.Progress = 1, nil
	if opts.Zone == nil {
		opts.Zone = time.UTC
	}
	var out []Candidate
	for _, p := range ps.All() {
		out = append(out, try(ctx, head, p, opts))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

func try(ctx context.Context, head []byte, p *Profile, opts ReadOptions) Candidate {
	c := Candidate{Profile: p}
	s, err := NewStream(ctx, bytes.NewReader(head), p, opts)
	if err != nil {
		c.Evidence = err.Error()
		return c
	}
	defer s.Release()
	for s.Next() {
	}
	if err := s.Err(); err != nil {
		c.Evidence = err.Error()
		return c
	}
	n := s.Counts()
	c.Read, c.Loaded = n.Read, n.Loaded
	if n.Read == 0 {
		c.Evidence = "no data rows in the sample"
		return c
	}
	mapped := map[int]bool{}
	for _, g := range s.plan.get {
		for _, i := range g.idx {
			mapped[i] = true
		}
	}
	coverage := float64(len(mapped)) / float64(max(1, len(s.plan.header)))
	// A header that fits is checked by NewStream already; the rows that
	// parse are the evidence. Coverage only breaks ties between profiles
	// that read the rows equally well.
	c.Score = float64(n.Loaded) / float64(n.Read) * (0.9 + 0.1*coverage)
	c.Evidence = fmt.Sprintf("%d of %d sample rows parsed; profile maps %d of the file's %d columns", n.Loaded, n.Read, len(mapped), len(s.plan.header))
	if p.CSV.Header != HeaderNone && len(s.plan.header) > 0 && s.plan.header[0] != "" && !sameNames(s.plan.header, p.CSV.Columns) {
		c.Evidence += "; header row matched"
	}
	if len(s.Rejects()) > 0 {
		c.Evidence += fmt.Sprintf("; first reject: line %d: %s", s.Rejects()[0].Line, s.Rejects()[0].Reason)
	}
	return c
}

func sameNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Choose returns the best candidate, or ErrNotConfident with the evidence of
// the best two when the best scores below MinConfidence.
func Choose(cands []Candidate) (Candidate, error) {
	if len(cands) == 0 || cands[0].Score < MinConfidence {
		msg := "no profiles"
		if len(cands) > 0 {
			msg = fmt.Sprintf("best %s (score %.2f: %s)", cands[0].Profile.Name, cands[0].Score, cands[0].Evidence)
		}
		if len(cands) > 1 {
			msg += fmt.Sprintf("; runner-up %s (score %.2f: %s)", cands[1].Profile.Name, cands[1].Score, cands[1].Evidence)
		}
		return Candidate{}, fmt.Errorf("%w: %s; name one with --profile", ErrNotConfident, msg)
	}
	return cands[0], nil
}
