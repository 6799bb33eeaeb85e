package world

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strconv"
	"sync"
)

// The CDR is made by worker goroutines and written by one: the work is cut
// into jobs (a day of a shard of handsets, or some hours of one handset when
// a handset's day is very busy), each worker writes the rows of a job into a
// buffer, and the writer puts the buffers into the files in job order,
// numbering the records as it goes. Every random choice is keyed by handset,
// edge, day and hour (random.go), so the bytes do not depend on the number
// of workers or on which worker did what. At most a few jobs are in flight,
// so memory does not grow with the number of events.

const cdrHeader = "record_id,subject_msisdn,subject_imsi,subject_imei,other_party,direction,kind,start_time,end_time,duration_s,time_zone,start_cell,end_cell,ta_m,lat,lon,location,charging_id"

// rowsPerJob is about how many rows a job makes.
const rowsPerJob = 8192

type job struct {
	idx      int
	day      int
	h0, h1   int // handsets
	hr0, hr1 int // wall hours
}

type result struct {
	idx    int
	bufs   [][]byte // per CDR file
	events int64
	caps   []capture
}

// jobs calls fn with every job in order until fn returns false.
func (w *world) jobs(fn func(job) bool) {
	perDay := max(w.opts.EventsPerDay, 1)
	hs, hours := 1, 24
	if perDay > rowsPerJob {
		hours = min(max(int(24*rowsPerJob/perDay), 1), 24)
	} else {
		hs = max(1, int(rowsPerJob/perDay))
	}
	idx := 0
	for d := range w.opts.Days {
		for h0 := 0; h0 < len(w.hs); h0 += hs {
			for hr0 := 0; hr0 < 24; hr0 += hours {
				if !fn(job{idx: idx, day: d, h0: h0, h1: min(h0+hs, len(w.hs)), hr0: hr0, hr1: min(hr0+hours, 24)}) {
					return
				}
				idx++
			}
		}
	}
}

func (wk *worker) run(j job, res *result) {
	res.idx, res.events = j.idx, 0
	for f := range res.bufs {
		res.bufs[f] = res.bufs[f][:0]
	}
	wk.caps = res.caps[:0]
	defer func() { res.caps = wk.caps }()
	for hi := j.h0; hi < j.h1; hi++ {
		h := wk.w.hs[hi]
		for hr := j.hr0; hr < j.hr1; hr++ {
			var n int
			res.bufs[h.file], n = wk.hour(res.bufs[h.file], h, j.day, hr)
			res.events += int64(n)
		}
	}
}

// cdrWriter numbers and writes the rows, and plants the dirt.
type cdrWriter struct {
	outs []*out
	seq  int64
	id   []byte
	dirt *dirtWriter
	err  error
}

// nextID appends the next record id to b.
func (cw *cdrWriter) nextID(b []byte) []byte {
	cw.seq++
	return appendPad(append(b, 'R'), cw.seq, 9)
}

// write writes one buffer of rows (each starting with the comma after its
// record id and ending in a newline) to file f.
func (cw *cdrWriter) write(f int, buf []byte) {
	o := cw.outs[f]
	var last []byte
	for len(buf) > 0 {
		n := bytes.IndexByte(buf, '\n') + 1
		line := buf[:n]
		buf = buf[n:]
		cw.id = cw.nextID(cw.id[:0])
		o.w.Write(cw.id)
		if _, err := o.w.Write(line); err != nil && cw.err == nil {
			cw.err = err
		}
		o.line++
		o.rows++
		last = line[:n-1]
		if cw.dirt != nil && f == 0 {
			cw.dirt.after(cw.id, last)
		}
	}
	if cw.dirt != nil && f == 0 && last != nil {
		cw.dirt.keepLast(cw.id, last)
	}
}

func (w *world) writeCDR(ctx context.Context, outs []*out) (int64, error) {
	for _, o := range outs {
		o.row([]byte("# mast synthetic world, generator "+Version+", seed "+strconv.FormatInt(w.opts.Seed, 10)+"; every record here is invented"), false)
		o.row([]byte(cdrHeader), false)
	}
	cw := &cdrWriter{outs: outs}
	if w.opts.Dirty {
		cw.dirt = w.newDirt(cw)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := runtime.GOMAXPROCS(0)
	inflight := 2*workers + 2
	jobs := make(chan job)
	results := make(chan *result, inflight)
	free := make(chan *result, inflight)
	slots := make(chan struct{}, inflight)
	go func() {
		defer close(jobs)
		w.jobs(func(j job) bool {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return false
			}
			select {
			case jobs <- j:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wk := newWorker(w)
			for j := range jobs {
				var res *result
				select {
				case res = <-free:
				default:
					res = &result{bufs: make([][]byte, len(outs))}
				}
				wk.run(j, res)
				results <- res // never blocks: at most inflight jobs are out
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	// Write the results in job order.
	pending := map[int]*result{}
	next := 0
	var events int64
	for res := range results {
		pending[res.idx] = res
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if ctx.Err() == nil && cw.err == nil {
				for f, buf := range p.bufs {
					cw.write(f, buf)
				}
				w.caps = append(w.caps, p.caps...)
				events += p.events
				if cw.err != nil {
					cancel()
				}
			}
			<-slots
			select {
			case free <- p:
			default:
			}
		}
	}
	if cw.err != nil {
		return 0, fmt.Errorf("world: %w", cw.err)
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if cw.dirt != nil {
		cw.dirt.finish()
	}
	return events, nil
}
