package world

import (
	"context"
	"slices"
	"strconv"
	"time"
)

// Tower dumps: five scenes, each a few cells of one operator near a place
// and a window of one to two hours, and for each a dump of every event on
// those cells in the window (profile towerdump, one file per scene). The
// world's handsets that were there appear with their real events (the rows
// of their own CDR), among bystanders: numbers, IMSIs and IMEIs seen only in
// the dumps, Options.DumpRows rows of them per scene.
//
// One handset of the world, the offender, is at three of the five scenes:
// its routine takes it there in the evening (not at night, which would
// blur its home cell), within each window, and it uses its phone there. The other two scenes are another operator's cells, at
// a workplace in the day and a leisure place in the evening. Three
// bystanders are planted at two scenes each (two pairs of the offender's
// scenes and the other two), and never more, so that a handset at three
// scenes can only be the offender unless truth.json says otherwise.

const dumpHeader = "MSISDN,IMEI,IMSI,Other Party,Start Time,Event Type,Cell"

const nScenes = 5

type scene struct {
	num          int // 1-based, in time order
	place        int32
	oi           int
	day          int
	wall0, wall1 int32 // the window in wall seconds of its day
	from, to     int64 // and as unix times
	offender     bool
	cells        []*cell
}

// capture is a CDR row kept while the CDR is written: a row on a scene's
// cell in its window (scene >= 0) or a row of the cloned number while the
// clone is active (scene -1).
type capture struct {
	u     int64
	h     int32
	scene int8
	ev    event
	cell  *cell
}

// plantScenes chooses the offender and the five scenes. rest are handsets
// of no role yet, in a random order.
func (w *world) plantScenes(r *rng, off *handset, rest []int, leisure []int32) {
	w.plant.offender = off.idx
	off.role = append(off.role, "offender")
	home := w.places[off.home].pos
	days := w.opts.Days

	// The offender's scenes: three places 3 to 12 km from home, at least
	// 5 km apart and served by other masts, out of the countryside; one a
	// night, spread over the period (several a night when there are fewer
	// than three days).
	var pts []point
	var used []*site
	for try := 0; len(pts) < 3; try++ {
		p := home.add(polar(3_000+9_000*r.Float64(), 360*r.Float64()))
		if !inside(p) || (zoneOf(p) == rural && try < 5000) {
			continue
		}
		s := w.reg.servers(off.oi, p, 0)
		sites := []*site{s.best.site}
		if s.other != nil {
			sites = append(sites, s.other.site)
		}
		if try < 10_000 && (slices.ContainsFunc(pts, func(q point) bool { return q.dist(p) < 5_000 }) ||
			slices.ContainsFunc(sites, func(x *site) bool { return slices.Contains(used, x) })) {
			continue // near another scene, or sharing its cells
		}
		pts = append(pts, p)
		used = append(used, sites...)
	}
	// The windows: in the evening, from when the offender is free (no
	// evening out that day), one after the other when on the same day.
	for j := range pts {
		w.plant.offenderDays = append(w.plant.offenderDays, j*days/3)
	}
	pr := newRNG()
	for j, p := range pts {
		d := w.plant.offenderDays[j]
		pl := w.addPlace(p)
		var t int32
		b := &planner{w: w, o: off, here: off.home}
		if j == 0 || w.plant.offenderDays[j-1] != d {
			b = w.dayPlan(pr, off, d)
			t = b.at
		} else {
			prev := &w.plant.scenes[len(w.plant.scenes)-1]
			t, b.here = prev.wall1, prev.place
		}
		w0 := max(20*3600+int32(r.IntN(1800)), t+b.travel(b.here, pl)-480+120)
		w.plant.scenes = append(w.plant.scenes, scene{place: pl, oi: off.oi, day: d, wall0: w0, wall1: w0 + 3600 + int32(r.IntN(1200)), offender: true})
	}

	// The other two: a workplace in the day and a leisure place in the
	// evening, on another operator's cells. The workplace is that of a
	// handset of that operator when there is one, so the dump holds it.
	oi2 := (off.oi + 1 + r.IntN(len(operators)-1)) % len(operators)
	var work int32 = -1
	cands := append(slices.Clone(rest), r.Perm(len(w.hs))...)
	for _, i := range cands {
		h := w.hs[i]
		if h.owner == h.idx && h.work >= 0 && h.oi != off.oi && h.idx != off.idx && w.trioIndex(h.idx) < 0 {
			work, oi2 = h.work, h.oi
			break
		}
	}
	if work < 0 {
		work = w.addPlace(randomPoint(r, urban))
	}
	wd := days / 3
	for k := range days {
		if d := (days/3 + k) % days; !w.cal.weekend(d) {
			wd = d
			break
		}
	}
	w0 := int32(11*3600 + r.IntN(3600))
	w.plant.scenes = append(w.plant.scenes, scene{place: work, oi: oi2, day: wd, wall0: w0, wall1: w0 + 3600 + int32(r.IntN(2700))})
	w0 = int32(19*3600 + 1800 + r.IntN(2700))
	w.plant.scenes = append(w.plant.scenes, scene{place: leisure[r.IntN(len(leisure))], oi: oi2, day: days * 2 / 3, wall0: w0, wall1: w0 + 4500 + int32(r.IntN(2700))})

	for i := range w.plant.scenes {
		sc := &w.plant.scenes[i]
		sc.from, sc.to = w.cal.unix(sc.day, sc.wall0), w.cal.unix(sc.day, sc.wall1)
		w.plant.guarded = append(w.plant.guarded, sc.place)
	}
	slices.SortStableFunc(w.plant.scenes, func(a, b scene) int { return int(a.from - b.from) })
	for i := range w.plant.scenes {
		w.plant.scenes[i].num = i + 1
	}
}

func (p point) add(q point) point { return point{p.x + q.x, p.y + q.y} }

// offenderEvening takes the offender to the evening's scenes: there a few
// minutes into each window, on to the next, and home after the last.
func (w *world) offenderEvening(b *planner, d int) {
	var last *scene
	for i := range w.plant.scenes {
		sc := &w.plant.scenes[i]
		if !sc.offender || sc.day != d {
			continue
		}
		b.trip(sc.place, sc.wall0+480-b.travel(b.here, sc.place))
		last = sc
	}
	if last != nil {
		b.trip(b.o.home, last.wall1+300)
	}
}

// offenderEvents plants a few events of the offender while at each of its
// scenes, in the window, so its own records show it there.
func (w *world) offenderEvents() {
	off := w.hs[w.plant.offender]
	r := newRNG()
	for i := range w.plant.scenes {
		sc := &w.plant.scenes[i]
		if !sc.offender {
			continue
		}
		p := w.makePlan(r, off, sc.day)
		for k := 0; k < p.n; k++ {
			g := p.segs[k]
			if g.from != sc.place || g.to != sc.place {
				continue
			}
			t0, t1 := max(g.t0, sc.wall0), min(g.t1, sc.wall1)
			for m, wall := 0, t0+240; m < 3 && wall < t1-60; m, wall = m+1, wall+600 {
				ev := event{wall: wall, kind: data, dir: dirNone, dur: 120 + int32(m)*45, other: noOther}
				if m == 1 {
					ev = event{wall: wall, kind: sms, dir: dirOut, other: -1 - off.favs[0]}
				}
				key := soloKey{off.idx, sc.day, int(wall / 3600)}
				w.plantedSolo[key] = append(w.plantedSolo[key], ev)
			}
			break
		}
	}
}

// setScenes works out each scene's cells once the cells that serve each
// place are known: the best server of the place, the second when it takes
// the place now and then, and on every other scene a neighbouring sector.
func (w *world) setScenes() {
	for i := range w.plant.scenes {
		sc := &w.plant.scenes[i]
		s := w.places[sc.place].srv[sc.oi][w.epoch(sc.from)]
		sc.cells = []*cell{s.best}
		if s.otherOK && s.other != s.best {
			sc.cells = append(sc.cells, s.other)
		}
		if cs := s.best.site.cells; i%2 == 0 && len(cs) > 1 {
			if c := cs[s.best.sector%len(cs)]; !slices.Contains(sc.cells, c) {
				sc.cells = append(sc.cells, c)
			}
		}
		for _, c := range sc.cells {
			c.scenes |= 1 << i
		}
	}
}

// capture keeps a row for the dumps or the clone's truth.
func (wk *worker) capture(h *handset, u int64, e *event, c *cell) {
	w := wk.w
	if c.scenes != 0 {
		for i := range w.plant.scenes {
			if sc := &w.plant.scenes[i]; c.scenes&(1<<i) != 0 && u >= sc.from && u < sc.to {
				wk.caps = append(wk.caps, capture{u: u, h: int32(h.idx), scene: int8(i), ev: *e, cell: c})
			}
		}
	}
	if h.watch {
		if cl := w.hs[w.plant.clone]; u >= cl.on && u < cl.off {
			wk.caps = append(wk.caps, capture{u: u, h: int32(h.idx), scene: -1, ev: *e, cell: c})
		}
	}
}

// Bystanders' identities: numbers 07701 000000 onwards (the world's are
// 07700 xxxxxx), IMSIs 5000000000 onwards, IMEIs on type codes the world's
// handsets do not use.
var bystanderTACs = []string{"35102317", "35456208", "86754903", "35897611", "01234500", "35311109", "86980204", "35550406"}

func appendBystanderNumber(b []byte, id int32) []byte {
	return appendPad(append(b, "+44770"...), 1_000_000+int64(id), 7)
}

func appendBystanderIMSI(b []byte, mnc int, id int32) []byte {
	b = appendPad(append(b, "234"...), int64(mnc), 2)
	return appendPad(b, 5_000_000_000+int64(id), 10)
}

func appendBystanderIMEI(b []byte, id int32) []byte {
	n := len(b)
	b = append(b, bystanderTACs[id%8]...)
	b = appendPad(b, int64(id/8%1_000_000), 6)
	return append(b, luhn(b[n:]))
}

// luhn is the check digit of an IMEI's first 14 digits.
func luhn(d []byte) byte {
	sum := 0
	for i, c := range d {
		v := int(c - '0')
		if i%2 == 1 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return byte('0' + (10-sum%10)%10)
}

// bystanderRow is one row of a bystander in a dump.
type bystanderRow struct {
	at    int64
	id    int32
	seq   int32
	other int32 // >= 0 another bystander; < 0 a number outside, -1-n; noOther
	typ   uint8
	cell  uint8
	blank uint8 // 1: no MSISDN, 2: no IMEI
}

var dumpTypes = [...]string{"Location Update", "Data", "MO Call", "MT Call", "MO SMS", "MT SMS"}

// repeat is a bystander planted at two scenes.
type repeat struct{ a, b int }

// repeats are the bystanders planted at two scenes: two pairs of the
// offender's scenes and the other two scenes (indices in time order).
func (w *world) repeats() []repeat {
	if w.opts.DumpRows < 30 {
		return nil
	}
	var off, other []int
	for i, sc := range w.plant.scenes {
		if sc.offender {
			off = append(off, i)
		} else {
			other = append(other, i)
		}
	}
	return []repeat{{off[0], off[1]}, {off[1], off[2]}, {other[0], other[1]}}
}

// bystanders makes scene i's bystander rows, in time order.
func (w *world) bystanders(i int, buf []bystanderRow) []bystanderRow {
	sc := &w.plant.scenes[i]
	n := w.opts.DumpRows
	r := newRNG().reset(w.opts.Seed, streamDump, uint64(i))
	rows := buf[:0]
	span := sc.to - sc.from
	add := func(id int32) {
		b := bystanderRow{at: sc.from + r.Int64N(span), id: id, seq: int32(len(rows)), other: noOther}
		switch x := r.IntN(100); {
		case x < 25:
			b.typ = 0
		case x < 60:
			b.typ = 1
		default:
			b.typ = uint8(2 + r.IntN(4))
			if r.IntN(2) == 0 {
				b.other = int32(i*n + r.IntN(n))
			} else {
				b.other = -1 - int32(r.IntN(99_999))
			}
		}
		if x := r.IntN(100); x < 60 || len(sc.cells) == 1 {
			b.cell = 0
		} else {
			b.cell = uint8(1 + r.IntN(len(sc.cells)-1))
		}
		switch x := r.IntN(100); {
		case x < 3:
			b.blank = 1
		case x < 5:
			b.blank = 2
		}
		rows = append(rows, b)
	}
	for k, rp := range w.repeats() {
		if rp.a == i || rp.b == i {
			for range 2 + r.IntN(3) {
				add(int32(nScenes*n + k))
			}
		}
	}
	id := int32(i * n)
	for len(rows) < n {
		for range 1 + r.IntN(6) {
			if len(rows) < n {
				add(id)
			}
		}
		id++
	}
	slices.SortFunc(rows, func(a, b bystanderRow) int {
		switch {
		case a.at != b.at:
			return int(a.at - b.at)
		case a.id != b.id:
			return int(a.id - b.id)
		}
		return int(a.seq - b.seq)
	})
	return rows
}

// dumpName is the file of scene i (from 0).
func dumpName(i int) string { return "towerdump_" + strconv.Itoa(i+1) + ".csv" }

// writeDumps writes one dump per scene, and what truth.json says of them.
func (w *world) writeDumps(ctx context.Context, outs []*out) error {
	type seen struct {
		msisdn, imsi, imei string
		scenes             []int
	}
	identities := map[string]*seen{}
	var order []string
	var buf []bystanderRow
	var b []byte
	for i := range w.plant.scenes {
		if err := ctx.Err(); err != nil {
			return err
		}
		sc := &w.plant.scenes[i]
		o := outs[i]
		var keys []string
		for _, c := range sc.cells {
			keys = append(keys, string(c.cgi))
		}
		o.row([]byte("Tower dump (synthetic; mast bench/world generator "+Version+"; seed "+strconv.FormatInt(w.opts.Seed, 10)+
			"): scene "+strconv.Itoa(sc.num)+"; cells "+joinAnd(keys)+"; "+string(appendStamp(nil, sc.from, ' '))+" to "+
			string(appendStamp(nil, sc.to, ' '))+" UTC"), false)
		o.row([]byte(dumpHeader), false)

		var world []capture
		for _, cp := range w.caps {
			if int(cp.scene) == i {
				world = append(world, cp)
			}
		}
		slices.SortStableFunc(world, func(a, b capture) int { return int(a.u - b.u) })
		buf = w.bystanders(i, buf)
		st := sceneTruth{Scene: sc.num, File: o.name, Profile: "towerdump", MNC: operators[sc.oi], From: time.Unix(sc.from, 0).UTC(),
			To: time.Unix(sc.to, 0).UTC(), Zone: w.places[sc.place].zone.String(), World: []string{}}
		st.Lat, st.Lon = w.places[sc.place].pos.latLon()
		st.Lat, st.Lon = round6(st.Lat), round6(st.Lon)
		for _, c := range sc.cells {
			st.Cells = append(st.Cells, c.key)
		}
		mnc := operators[sc.oi]
		wi, bi := 0, 0
		for wi < len(world) || bi < len(buf) {
			b = b[:0]
			if wi < len(world) && (bi == len(buf) || world[wi].u <= buf[bi].at) {
				cp := &world[wi]
				wi++
				h := w.hs[cp.h]
				msisdn, imsi, imei := h.formsAt(cp.u)[0], h.imsiAt(cp.u), h.imeiAt(cp.u)[0]
				b = append(b, msisdn...)
				b = append(b, ',')
				b = append(b, imei...)
				b = append(b, ',')
				b = append(b, imsi...)
				b = append(b, ',')
				switch e := &cp.ev; {
				case e.kind == voicemail:
					b = append(b, voicemailNumber[h.mnc]...)
				case e.other >= 0:
					b = append(b, w.hs[e.other].formsAt(cp.u)[0]...)
				case e.other != noOther:
					b = append(b, w.externals[-1-e.other].forms[0]...)
				}
				b = append(b, ',')
				b = appendUTC(b, cp.u)
				b = append(b, ',')
				b = append(b, eventType(&cp.ev)...)
				b = append(b, ',')
				b = append(b, cp.cell.cgi...)
				o.row(b, true)
				st.Rows++
				k := string(imsi)
				s := identities[k]
				if s == nil {
					s = &seen{msisdn: string(msisdn), imsi: k, imei: string(imei)}
					identities[k] = s
					order = append(order, k)
				}
				if !slices.Contains(s.scenes, sc.num) {
					s.scenes = append(s.scenes, sc.num)
				}
				if m := string(msisdn); !slices.Contains(st.World, m) {
					st.World = append(st.World, m)
				}
				continue
			}
			br := &buf[bi]
			bi++
			if br.blank != 1 {
				b = appendBystanderNumber(b, br.id)
			}
			b = append(b, ',')
			if br.blank != 2 {
				b = appendBystanderIMEI(b, br.id)
			}
			b = append(b, ',')
			b = appendBystanderIMSI(b, mnc, br.id)
			b = append(b, ',')
			switch {
			case br.other >= 0:
				b = appendBystanderNumber(b, br.other)
			case br.other != noOther:
				b = appendPad(append(b, "+447700"...), 100_000+int64(-1-br.other), 6)
			}
			b = append(b, ',')
			b = appendUTC(b, br.at)
			b = append(b, ',')
			b = append(b, dumpTypes[br.typ]...)
			b = append(b, ',')
			b = append(b, sc.cells[br.cell].cgi...)
			o.row(b, true)
			st.Rows++
			st.BystanderRows++
		}
		slices.Sort(st.World)
		w.truth.TowerDumps = append(w.truth.TowerDumps, st)
	}

	// The offender, and everyone else seen at two scenes or more.
	off := w.hs[w.plant.offender]
	ot := offenderTruth{MSISDN: "+" + off.digits, IMSI: string(off.imsi), IMEI: string(off.imei[0][0]), Scenes: []int{}}
	for _, sc := range w.plant.scenes {
		if sc.offender {
			ot.Scenes = append(ot.Scenes, sc.num)
		}
	}
	w.truth.TowerDumpOffenders = []offenderTruth{ot}
	w.truth.TowerDumpRepeats = []repeatTruth{}
	for _, k := range order {
		if s := identities[k]; len(s.scenes) >= 2 && k != ot.IMSI {
			slices.Sort(s.scenes)
			w.truth.TowerDumpRepeats = append(w.truth.TowerDumpRepeats, repeatTruth{MSISDN: s.msisdn, IMSI: s.imsi, IMEI: s.imei, Scenes: s.scenes})
		}
	}
	for k, rp := range w.repeats() {
		id := int32(nScenes*w.opts.DumpRows + k)
		a, b := w.plant.scenes[rp.a], w.plant.scenes[rp.b]
		w.truth.TowerDumpRepeats = append(w.truth.TowerDumpRepeats, repeatTruth{
			MSISDN: string(appendBystanderNumber(nil, id)), IMSI: string(appendBystanderIMSI(nil, operators[a.oi], id)),
			IMEI: string(appendBystanderIMEI(nil, id)), Scenes: []int{a.num, b.num}, Bystander: true})
		w.truth.BystandersAtTwoOrMore++
	}
	return nil
}

// eventType is how a dump names the type of a world handset's event.
func eventType(e *event) string {
	switch e.kind {
	case voice, voicemail:
		if e.dir == dirIn {
			return "MT Call"
		}
		return "MO Call"
	case sms:
		if e.dir == dirIn {
			return "MT SMS"
		}
		return "MO SMS"
	}
	return "Data" // data sessions and MMS
}

func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	out := s[0]
	for _, x := range s[1 : len(s)-1] {
		out += ", " + x
	}
	return out + " and " + s[len(s)-1]
}
