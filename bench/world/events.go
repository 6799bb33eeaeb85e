package world

import (
	"math"
	"slices"
	"strconv"
)

type kind uint8

const (
	voice kind = iota
	sms
	mms
	data
	voicemail
	forward
)

var kindText = [...][]byte{[]byte("voice"), []byte("sms"), []byte("mms"), []byte("data"), []byte("voicemail"), []byte("forward")}

type direction uint8

const (
	dirOut direction = iota
	dirIn
	dirFwd
	dirNone
)

var dirText = [...][]byte{[]byte("out"), []byte("in"), []byte("fwd"), []byte("none")}

// event is one communication as one handset sees it.
type event struct {
	wall  int32 // wall seconds since local midnight of its day
	ord   int32 // order of making, to break ties
	kind  kind
	dir   direction
	dur   int32
	other int32 // >= 0: a handset of the world; < 0: external -1-other; noOther for none
}

const noOther = math.MinInt32

// voicemailNumber is each operator's voicemail short code.
var voicemailNumber = map[int][]byte{10: []byte("901"), 15: []byte("121"), 20: []byte("123"), 30: []byte("333")}

// plantedPair is a planted event between the two ends of an edge.
type plantedPair struct {
	wall int32
	from int32 // the handset that originates it
	kind kind
	dur  int32
}

const tzName = "Europe/London"

// worker makes the rows of handsets' hours. Each goroutine has its own.
type worker struct {
	w     *world
	solo  *rng
	edge  *rng
	plans *rng
	cache [4]plan
	next  int
	evs   []event
	caps  []capture // rows kept for the tower dumps and the clone's truth
}

func newWorker(w *world) *worker {
	wk := &worker{w: w, solo: newRNG(), edge: newRNG(), plans: newRNG()}
	for i := range wk.cache {
		wk.cache[i].owner = -1
	}
	return wk
}

// plan is person o's plan of day d, from the cache when it can be.
func (wk *worker) plan(o *handset, d int) *plan {
	for i := range wk.cache {
		if wk.cache[i].owner == o.idx && wk.cache[i].day == d {
			return &wk.cache[i]
		}
	}
	i := wk.next
	wk.next = (wk.next + 1) % len(wk.cache)
	wk.cache[i] = wk.w.makePlan(wk.plans, o, d)
	return &wk.cache[i]
}

// position of handset h at unix time u: a point, and the place id when
// staying somewhere (-1 on the move).
func (wk *worker) position(h *handset, u int64) (point, int32) {
	d, s := wk.w.cal.day(u)
	return wk.w.where(wk.plan(wk.w.ownerOf(h), d), s)
}

// serving is the cell serving h at u, and the distance from its site: the
// best server, or pct times in a hundred the second-best when that is near
// enough.
func (wk *worker) serving(h *handset, u int64, bits uint64, pct uint64) (*cell, float64) {
	p, pl := wk.position(h, u)
	var s servers
	if pl >= 0 {
		s = wk.w.places[pl].srv[h.oi][wk.w.epoch(u)]
	} else {
		s = wk.w.reg.servers(h.oi, p, u)
	}
	if s.otherOK && bits%100 < pct {
		return s.other, s.other.site.posAt(u).dist(p)
	}
	return s.best, s.dist
}

// hour appends the rows of handset h in wall hour hr of day d to b, in time
// order, and returns b and the number of events.
func (wk *worker) hour(b []byte, h *handset, d, hr int) ([]byte, int) {
	w := wk.w
	seed := w.opts.Seed
	weekend := 0
	if w.cal.weekend(d) {
		weekend = 1
	}
	weight := hourWeight[weekend][hr] * w.opts.EventsPerDay
	evs := wk.evs[:0]

	// Events with the world outside: data sessions, calls and messages with
	// numbers outside, voicemail, forwarded calls.
	r := wk.solo.reset(seed, streamSolo, uint64(h.idx), uint64(d), uint64(hr))
	n := poisson(r, weight*h.soloRate*dayFactor(seed, streamSolo, h.idx, d))
	for range n {
		evs = append(evs, w.soloEvent(r, h, hr))
	}
	apart(evs)
	// Calls and messages with contacts: both ends make the same events from
	// the edge's own stream.
	for _, ei := range h.edges {
		e := &w.edges[ei]
		peer := e.a
		if peer == int32(h.idx) {
			peer = e.b
		}
		re := wk.edge.reset(seed, streamEdge, uint64(ei), uint64(d), uint64(hr))
		m := poisson(re, weight*e.rate*dayFactor(seed, streamEdge, int(ei), d))
		first := len(evs)
		for range m {
			ev := event{wall: int32(hr*3600 + re.IntN(3600)), other: peer, dir: dirIn}
			orig := e.a
			if re.IntN(2) == 1 {
				orig = e.b
			}
			if orig == int32(h.idx) {
				ev.dir = dirOut
			}
			if re.IntN(100) < 55 {
				ev.kind, ev.dur = voice, callLength(re)
			} else {
				ev.kind = sms
			}
			evs = append(evs, ev)
		}
		apart(evs[first:])
		if !w.edgePlanted[ei] {
			continue
		}
		for _, pp := range w.plantedPairs[pairKey{ei, d, hr}] {
			ev := event{wall: pp.wall, other: peer, kind: pp.kind, dur: pp.dur, dir: dirIn}
			if pp.from == int32(h.idx) {
				ev.dir = dirOut
			}
			evs = append(evs, ev)
		}
	}
	if len(w.plantedSolo) > 0 {
		evs = append(evs, w.plantedSolo[soloKey{h.idx, d, hr}]...)
	}
	for i := range evs {
		evs[i].ord = int32(i)
	}
	slices.SortFunc(evs, func(a, b event) int {
		if a.wall != b.wall {
			return int(a.wall - b.wall)
		}
		return int(a.ord - b.ord)
	})
	n = 0
	for i := range evs {
		u := w.cal.unix(d, evs[i].wall)
		if u < h.on || u >= h.off {
			continue // the clone, outside its stretch
		}
		b = wk.row(b, h, u, &evs[i], r, false)
		b = append(b, '\n')
		n++
	}
	wk.evs = evs
	return b, n
}

// apart moves events that fall in the same second a second apart, so that
// no two events of a handset with the same party are the same event (which a
// loader would mark as a duplicate). Both ends of an edge do the same.
func apart(evs []event) {
	slices.SortStableFunc(evs, func(a, b event) int { return int(a.wall - b.wall) })
	for i := 1; i < len(evs); i++ {
		if evs[i].wall <= evs[i-1].wall {
			evs[i].wall = evs[i-1].wall + 1
		}
	}
}

func callLength(r *rng) int32 { return int32(min(5+r.ExpFloat64()*110, 5400)) }

// soloEvent is one event of h with the world outside, in hour hr.
func (w *world) soloEvent(r *rng, h *handset, hr int) event {
	e := event{wall: int32(hr*3600 + r.IntN(3600)), other: noOther}
	nx := len(w.externals)
	ext := func() int32 {
		if r.IntN(4) > 0 {
			return -1 - h.favs[r.IntN(len(h.favs))]
		}
		return -1 - int32(r.IntN(nx-3)) // not the SMS-only senders
	}
	switch x := r.IntN(1000); {
	case x < 440:
		e.kind, e.dir, e.dur = data, dirNone, int32(min(20+r.ExpFloat64()*500, 7200))
	case x < 580:
		e.kind, e.dir, e.dur, e.other = voice, dirOut, callLength(r), ext()
	case x < 680:
		e.kind, e.dir, e.dur, e.other = voice, dirIn, callLength(r), ext()
	case x < 780:
		e.kind, e.dir, e.other = sms, dirOut, ext()
	case x < 910:
		e.kind, e.dir, e.other = sms, dirIn, ext()
		if r.IntN(4) == 0 { // a bank, a shop or a delivery firm
			e.other = -1 - int32(nx-1-r.IntN(3))
		}
	case x < 935:
		e.kind, e.dir, e.other = mms, dirOut+direction(r.IntN(2)), ext()
	case x < 970:
		e.kind, e.dir, e.dur = voicemail, dirOut, int32(15+r.IntN(90))
	default:
		e.kind, e.dir, e.dur, e.other = forward, dirFwd, int32(10+r.IntN(300)), ext()
	}
	return e
}

// appendNumber appends one of the three written forms of a number: the
// international one seven times in ten, the national one with a space
// twice, the 00 one once.
func appendNumber(b []byte, forms *[3][]byte, bits uint64) []byte {
	switch f := bits & 0xff; {
	case f < 179:
		return append(b, forms[0]...)
	case f < 230:
		return append(b, forms[1]...)
	}
	return append(b, forms[2]...)
}

// row appends one CDR row of event e of handset h at unix time u (without
// record_id's value: the writer puts it first, numbering rows in file
// order). Every choice of how the row is written comes from r. A planted
// row is in UTC and on the best server.
func (wk *worker) row(b []byte, h *handset, u int64, e *event, r *rng, planted bool) []byte {
	w := wk.w
	bits := r.Uint64()
	// Subject: the number in one of its forms, the IMSI, and the IMEI as 15
	// digits, as the 16-digit IMEISV or as 14.
	b = append(b, ',')
	b = appendNumber(b, h.formsAt(u), bits)
	b = append(b, ',')
	b = append(b, h.imsiAt(u)...)
	b = append(b, ',')
	imei := h.imeiAt(u)
	switch f := bits >> 8 & 0xff; {
	case f < 218:
		b = append(b, imei[0]...)
	case f < 243:
		b = append(b, imei[1]...)
	default:
		b = append(b, imei[2]...)
	}
	b = append(b, ',')
	// Other party.
	switch {
	case e.kind == voicemail:
		b = append(b, voicemailNumber[h.mnc]...)
	case e.other >= 0:
		b = appendNumber(b, w.hs[e.other].formsAt(u), bits>>16)
	case e.other != noOther:
		forms := w.externals[-1-e.other].forms
		b = append(b, forms[int(bits>>16&0xff)%len(forms)]...)
	}
	if !planted && e.kind == voice && e.dir == dirOut && bits>>24&0xff < 10 {
		b = append(b, "(D)"...)
	}
	b = append(b, ',')
	b = append(b, dirText[e.dir]...)
	b = append(b, ',')
	b = append(b, kindText[e.kind]...)
	b = append(b, ',')
	// Times: UTC with Z, or one row in ten local UK time without offset.
	local := !planted && bits>>32&0xff < 26
	stamp := func(b []byte, t int64) []byte {
		if local {
			return appendStamp(b, w.cal.local(t), ' ')
		}
		return appendUTC(b, t)
	}
	b = stamp(b, u)
	b = append(b, ',')
	timed := e.kind == voice || e.kind == data || e.kind == voicemail || e.kind == forward
	if timed && bits>>40&3 == 0 {
		b = stamp(b, u+int64(e.dur))
	}
	b = append(b, ',')
	if timed {
		b = appendInt(b, int(e.dur))
	}
	b = append(b, ',')
	if local {
		b = append(b, tzName...)
	}
	b = append(b, ',')
	// Cells: none for a forwarded leg (the handset took no part).
	if e.kind == forward {
		b = append(b, ",,,,,,"...)
		return b
	}
	more := r.Uint64()
	var pct uint64 = 8
	if planted {
		pct = 0
	}
	start, dist := wk.serving(h, u, more, pct)
	if start.scenes != 0 || h.watch {
		wk.capture(h, u, e, start)
	}
	b = append(b, start.cgi...)
	b = append(b, ',')
	if timed {
		end, _ := wk.serving(h, u+int64(e.dur), more>>16, pct*5/8)
		b = append(b, end.cgi...)
	}
	b = append(b, ',')
	// Timing advance: LTE steps of 78 m, GSM of 550 m.
	if more>>32&0xff < 38 {
		step := 78.0
		if start.radio == gsm {
			step = 550
		}
		b = appendInt(b, int(math.Round(dist/step)*step))
	}
	b = append(b, ',')
	if more>>40&0xff < 5 {
		lat, lon := start.site.posAt(u).latLon()
		b = appendFloat(b, lat, 6)
		b = append(b, ',')
		b = appendFloat(b, lon, 6)
	} else {
		b = append(b, ',')
	}
	b = append(b, ',')
	if more>>48&0xff < 10 {
		b = append(b, start.site.name...)
	}
	b = append(b, ',')
	if e.kind == data {
		b = strconv.AppendUint(b, uint64(r.Uint32()), 10)
	}
	return b
}
