package exhibit

import (
	"bytes"
	"os"
	"runtime/metrics"
	"strconv"
	"sync"
	"time"
)

// Memory is what one run took: the Go heap in use (HeapInuse: the bytes of
// in-use heap spans) and the process's resident set (VmRSS, which holds
// DuckDB's memory too), just before the run and at their highest during it.
// RSS is 0 where /proc/self/status cannot be read.
type Memory struct {
	HeapBefore, HeapPeak uint64
	RSSBefore, RSSPeak   uint64
}

// merge keeps the higher peaks of two runs.
func (m Memory) merge(o Memory) Memory {
	if o.HeapPeak > m.HeapPeak {
		m.HeapBefore, m.HeapPeak = o.HeapBefore, o.HeapPeak
	}
	if o.RSSPeak > m.RSSPeak {
		m.RSSBefore, m.RSSPeak = o.RSSBefore, o.RSSPeak
	}
	return m
}

// sampleEvery is how often the sampler looks. VmHWM would give the process's
// peak without sampling, but it is the peak since the process began, so
// it cannot tell one run from the one before it.
const sampleEvery = 5 * time.Millisecond

// watchMemory samples the Go heap and the resident set until stop is called.
func watchMemory() (stop func() Memory) {
	samples := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
	}
	heap := func() uint64 {
		metrics.Read(samples)
		var n uint64
		for _, s := range samples {
			if s.Value.Kind() == metrics.KindUint64 {
				n += s.Value.Uint64()
			}
		}
		return n
	}
	var m Memory
	m.HeapBefore, m.RSSBefore = heap(), rss()
	m.HeapPeak, m.RSSPeak = m.HeapBefore, m.RSSBefore
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(sampleEvery)
		defer t.Stop()
		for {
			m.HeapPeak = max(m.HeapPeak, heap())
			m.RSSPeak = max(m.RSSPeak, rss())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() Memory {
		close(done)
		wg.Wait()
		return m
	}
}

// rss is the process's resident set in bytes (VmRSS), or 0.
func rss() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	_, rest, ok := bytes.Cut(b, []byte("\nVmRSS:"))
	if !ok {
		return 0
	}
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	kb, err := strconv.ParseUint(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(line), []byte("kB")))), 10, 64)
	if err != nil {
		return 0
	}
	return kb << 10
}
