package world

import (
	"math"
	"math/rand/v2"
)

// Every random choice comes from a stream keyed by what it is about (a
// handset, an edge of the contact graph, a day, an hour), never from one
// shared generator. So the work can be split among goroutines in any way
// and the bytes stay the same.

// Stream names, mixed into the keys.
const (
	streamRegion uint64 = iota + 1
	streamPeople
	streamPlan
	streamSolo
	streamEdge
	streamDay
	streamANPR
	streamChanges
	streamDirt
	streamConvoy
	streamScenes
	streamDump
)

// mix is SplitMix64's finaliser: a cheap, well-spread hash of one word.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// key hashes a seed and a tuple of small numbers into one word.
func key(seed int64, parts ...uint64) uint64 {
	h := mix(uint64(seed))
	for _, p := range parts {
		h = mix(h ^ p)
	}
	return h
}

// rng is a reseedable generator: one per goroutine and purpose, reseeded
// per stream.
type rng struct {
	src rand.PCG
	*rand.Rand
}

func newRNG() *rng {
	r := &rng{}
	r.Rand = rand.New(&r.src)
	return r
}

// reset starts the stream of (seed, parts...).
func (r *rng) reset(seed int64, parts ...uint64) *rng {
	k := key(seed, parts...)
	r.src.Seed(k, mix(k^0x5851f42d4c957f2d))
	return r
}

// unit is a uniform number in [0, 1) made from a hashed key, for one-off
// choices that need no stream.
func unit(k uint64) float64 { return float64(k>>11) / (1 << 53) }

// poisson draws a Poisson count with the given mean.
func poisson(r *rng, mean float64) int {
	switch {
	case mean <= 0:
		return 0
	case mean < 30:
		l, k, p := math.Exp(-mean), 0, r.Float64()
		for p > l {
			k++
			p *= r.Float64()
		}
		return k
	}
	n := int(math.Round(mean + math.Sqrt(mean)*r.NormFloat64()))
	return max(n, 0)
}
