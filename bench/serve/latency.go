package serve

import (
	"slices"
	"time"
)

// queryKind is a kind of query of the load test.
type queryKind uint8

const (
	kindConnect  queryKind = iota // open a connection (startup, authentication)
	kindProbe                     // one of QGIS's catalog probes on a new connection
	kindByNumber                  // a parameterised select in the extended protocol
	kindBBox                      // a QGIS bounding-box read of the layer (cursor)
	kindSelect1                   // SELECT 1
	numKinds
)

var kindNames = [numKinds]string{"connect", "qgis probe", "param select", "bbox read", "select 1"}

func (k queryKind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return "kind?"
}

// latencies are the durations of one kind of query, and its errors.
type latencies struct {
	d      []time.Duration
	errors int
}

// Latency is the distribution of one kind of query's durations.
type Latency struct {
	Kind          string
	Count, Errors int
	P50, P90, P99 time.Duration
	Max           time.Duration
}

// summarise sorts ds and reads its percentiles (nearest rank).
func summarise(kind string, ds []time.Duration, errors int) Latency {
	l := Latency{Kind: kind, Count: len(ds), Errors: errors}
	if len(ds) == 0 {
		return l
	}
	slices.Sort(ds)
	at := func(p float64) time.Duration {
		i := int(p*float64(len(ds))+0.5) - 1
		return ds[min(max(i, 0), len(ds)-1)]
	}
	l.P50, l.P90, l.P99, l.Max = at(0.50), at(0.90), at(0.99), ds[len(ds)-1]
	return l
}
