package world

import "slices"

// A person's day is a plan: a list of stays and journeys in local wall-clock
// seconds. Overnight at home; on working days a commute at a time that
// varies, the day at work, the commute back and sometimes an evening out; on
// days off a trip out around midday and sometimes an evening out. The plan
// of a day depends only on the seed, the person and the day, so any
// goroutine can work it out again.

// seg is one stay (from == to) or journey of a plan.
type seg struct {
	t0, t1   int32 // wall seconds since local midnight; the last is open-ended
	from, to int32 // place ids
}

type plan struct {
	owner, day int
	n          int
	segs       [24]seg
}

// planner builds a plan.
type planner struct {
	w    *world
	o    *handset
	p    plan
	at   int32 // wall time the person is free from
	here int32 // where they are
}

func (b *planner) add(s seg) {
	if b.p.n < len(b.p.segs)-1 && s.t1 > s.t0 {
		b.p.segs[b.p.n] = s
		b.p.n++
	}
}

// travel is how long a journey takes: a few minutes to get going, then the
// distance at the person's speed.
func (b *planner) travel(from, to int32) int32 {
	return int32(240 + b.w.places[from].pos.dist(b.w.places[to].pos)/b.o.speed)
}

// trip waits where the person is until dep (or until free), then travels to dest.
func (b *planner) trip(dest, dep int32) {
	if dest == b.here {
		return
	}
	dep = max(dep, b.at)
	b.add(seg{b.at, dep, b.here, b.here})
	arr := dep + b.travel(b.here, dest)
	b.add(seg{dep, arr, b.here, dest})
	b.at, b.here = arr, dest
}

// outing goes to dest at about dep, stays about stay seconds and comes home.
func (b *planner) outing(dest, dep, stay int32) {
	if dest == b.o.home {
		return
	}
	b.trip(dest, dep)
	b.trip(b.o.home, b.at+stay)
}

func (b *planner) finish() plan {
	b.p.segs[b.p.n] = seg{b.at, 1 << 30, b.here, b.here}
	b.p.n++
	return b.p
}

// makePlan is person o's plan for local day d.
func (w *world) makePlan(r *rng, o *handset, d int) plan {
	b := w.dayPlan(r, o, d)
	if c := w.convoyOn(o, d); c != nil {
		w.convoyEvening(b, c, d)
	}
	return b.finish()
}

// dayPlan is person o's day d but for a convoy's evening: the usual day,
// with no evening out when a convoy travels that evening or the offender
// goes to its tower-dump scenes (added last).
func (w *world) dayPlan(r *rng, o *handset, d int) *planner {
	r.reset(w.opts.Seed, streamPlan, uint64(o.idx), uint64(d))
	b := &planner{w: w, o: o, p: plan{owner: o.idx, day: d}, here: o.home}
	jitter := func(sd float64) int32 { return int32(r.NormFloat64() * sd) }
	weekend := w.cal.weekend(d)
	leisure := func() int32 { return o.leisure[r.IntN(len(o.leisure))] }
	evenings := o.evenings
	offender := o.idx == w.plant.offender && slices.Contains(w.plant.offenderDays, d)
	if w.convoyOn(o, d) != nil || offender {
		evenings = 0
	}
	defer func() {
		if offender {
			w.offenderEvening(b, d)
		}
	}()

	switch {
	case w.trioIndex(o.idx) >= 0 && d == w.plant.meetDay:
		// The meeting: leave home in time to be there at the hour, stay
		// about an hour, go home.
		_, at := w.cal.day(w.plant.meetAt)
		k := int32(w.trioIndex(o.idx))
		arrive := at - 240 + k*150
		b.trip(w.plant.meetPlace, arrive-b.travel(o.home, w.plant.meetPlace))
		b.trip(o.home, at+3600+k*120)
	case o.work >= 0 && !weekend && r.Float64() > 0.04:
		b.trip(o.work, o.leave+jitter(900))
		b.trip(o.home, o.back+jitter(1200))
		if r.Float64() < evenings && b.at < 20*3600 {
			b.outing(leisure(), 19*3600+int32(r.IntN(5400)), 3600+int32(r.IntN(2*3600)))
		}
	default:
		p := 0.5
		if weekend {
			p = 0.8
		}
		if r.Float64() < p {
			b.outing(leisure(), 10*3600+int32(r.IntN(3*3600)), 5400+int32(r.IntN(3*3600)))
		}
		if r.Float64() < evenings*1.5 && b.at < 19*3600 {
			b.outing(leisure(), 19*3600+int32(r.IntN(5400)), 3600+int32(r.IntN(2*3600)))
		}
	}
	return b
}

// where is a plan's position at wall second s: a place id for a stay, or a
// point on the way for a journey (place -1).
func (w *world) where(p *plan, s int32) (point, int32) {
	for i := 0; i < p.n; i++ {
		g := &p.segs[i]
		if s >= g.t1 && i < p.n-1 {
			continue
		}
		if g.from == g.to {
			return w.places[g.from].pos, g.from
		}
		f := float64(s-g.t0) / float64(g.t1-g.t0)
		return lerp(w.places[g.from].pos, w.places[g.to].pos, min(max(f, 0), 1)), -1
	}
	o := w.hs[p.owner]
	return w.places[o.home].pos, o.home
}

// trioIndex is which of the three meeting handsets i is, or -1.
func (w *world) trioIndex(i int) int {
	for k, t := range w.plant.trio {
		if t == i {
			return k
		}
	}
	return -1
}
