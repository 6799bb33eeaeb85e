package world

import (
	"math"
	"slices"
	"time"
)

// A few cells change during the period: a sector is turned to a new
// azimuth, or a whole site is moved (re-sited) a few hundred metres. The cell
// list then has two versions of each, one valid up to the change and one
// from it, and an event is served by the version valid at its time.
//
// Changes happen at UTC midnights (the OSGB36 planning export writes dates
// only) a quarter, a half and three quarters into the period. They are kept
// off the sites that serve anyone's home or workplace or the meeting place,
// so the planted home and work cells hold all period.

// cellChange is one planted change, for truth.json.
type cellChange struct {
	Cell    string      `json:"cell"`
	Site    string      `json:"site"`
	Kind    string      `json:"kind"` // "azimuth" or "resite"
	At      time.Time   `json:"at"`
	FromAz  *float64    `json:"from_azimuth,omitempty"`
	ToAz    *float64    `json:"to_azimuth,omitempty"`
	FromPos *[2]float64 `json:"from,omitempty"`
	ToPos   *[2]float64 `json:"to,omitempty"`
}

func (w *world) changeCells() {
	r := newRNG().reset(w.opts.Seed, streamChanges)
	start := w.opts.Start.Unix()
	var times []int64
	for _, f := range []float64{0.25, 0.5, 0.75} {
		d := int64(math.Round(float64(w.opts.Days) * f))
		if w.opts.Days >= 2 {
			d = min(max(d, 1), int64(w.opts.Days-1))
		}
		if t := start + d*86400; !slices.Contains(times, t) {
			times = append(times, t)
		}
	}

	// Sites that serve a home, a workplace or the meeting place stay as they are.
	type guard struct {
		p  point
		oi int
	}
	var guards []guard
	for _, h := range w.hs {
		o := w.ownerOf(h)
		for _, pl := range []int32{o.home, o.work} {
			if pl >= 0 {
				guards = append(guards, guard{w.places[pl].pos, h.oi})
			}
		}
	}
	for oi := range operators {
		guards = append(guards, guard{w.places[w.plant.meetPlace].pos, oi})
		for _, pl := range w.plant.guarded { // the tower-dump scenes, the convoys' places
			guards = append(guards, guard{w.places[pl].pos, oi})
		}
	}
	protected := map[*site]bool{}
	for _, g := range guards {
		protected[w.reg.nearest2(g.oi, g.p, always).site[0]] = true
	}

	// Azimuth changes.
	var sectored []*cell
	for _, c := range w.reg.cells {
		if !c.omni && !protected[c.site] {
			sectored = append(sectored, c)
		}
	}
	nAz := min(len(sectored), max(3, len(w.reg.cells)/150))
	for _, i := range r.Perm(len(sectored))[:nAz] {
		c := sectored[i]
		t := times[r.IntN(len(times))]
		old := c.az[0].az
		turned := round1(math.Mod(old+20+20*r.Float64(), 360))
		c.az = []azVersion{{always, t, old}, {t, never, turned}}
		w.changes = append(w.changes, cellChange{Cell: c.key, Site: c.site.id, Kind: "azimuth", At: time.Unix(t, 0).UTC(), FromAz: ptr(old), ToAz: ptr(turned)})
	}

	// Re-sited sites (not operator 20's, whose OSGB36 export is compared
	// with the WGS84 list cell by cell).
	var movable []*site
	for _, s := range w.reg.sites {
		if !protected[s] && s.mnc != 20 && !slices.ContainsFunc(s.cells, func(c *cell) bool { return len(c.az) > 1 }) {
			movable = append(movable, s)
		}
	}
	nMove := min(len(movable), max(2, len(w.reg.sites)/400))
	for _, i := range r.Perm(len(movable))[:nMove] {
		s := movable[i]
		t := times[r.IntN(len(times))]
		old := s.versions[0].pos
		var moved point
		for range 20 {
			a := r.Float64() * 2 * math.Pi
			d := 150 + 450*r.Float64()
			moved = point{old.x + d*math.Sin(a), old.y + d*math.Cos(a)}
			if inside(moved) && zoneOf(moved) == s.zone {
				break
			}
		}
		if !inside(moved) || zoneOf(moved) != s.zone {
			continue
		}
		// Move it; undo if a guarded place would change server.
		before := make([]*cell, len(guards))
		for k, g := range guards {
			if g.p.dist(old) < 10_000 {
				before[k] = w.reg.servers(g.oi, g.p, t).best
			}
		}
		s.versions = []siteVersion{{always, t, old}, {t, never, moved}}
		w.reg.index()
		ok := true
		for k, g := range guards {
			if before[k] != nil && w.reg.servers(g.oi, g.p, t).best != before[k] {
				ok = false
				break
			}
		}
		if !ok {
			s.versions = []siteVersion{{always, never, old}}
			w.reg.index()
			continue
		}
		at := time.Unix(t, 0).UTC()
		fl, fo := old.latLon()
		tl, to := moved.latLon()
		for _, c := range s.cells {
			w.changes = append(w.changes, cellChange{Cell: c.key, Site: s.id, Kind: "resite", At: at,
				FromPos: &[2]float64{round6(fl), round6(fo)}, ToPos: &[2]float64{round6(tl), round6(to)}})
		}
	}
	slices.SortStableFunc(w.changes, func(a, b cellChange) int { return a.At.Compare(b.At) })

	// The epochs: spans between change times in which every cell is fixed.
	for _, c := range w.changes {
		if t := c.At.Unix(); !slices.Contains(w.epochs, t) {
			w.epochs = append(w.epochs, t)
		}
	}
	slices.Sort(w.epochs)
}

// epoch is the number of change times at or before t.
func (w *world) epoch(t int64) int {
	e := 0
	for _, c := range w.epochs {
		if t >= c {
			e++
		}
	}
	return e
}

// epochTime is a time inside epoch e.
func (w *world) epochTime(e int) int64 {
	if e == 0 {
		return always + 1
	}
	return w.epochs[e-1]
}

// serve works out, for every place, the cells that serve it per operator
// and per epoch.
func (w *world) serve() {
	for _, pl := range w.places {
		pl.srv = make([][]servers, len(operators))
		for oi := range operators {
			pl.srv[oi] = make([]servers, len(w.epochs)+1)
			for e := range pl.srv[oi] {
				pl.srv[oi][e] = w.reg.servers(oi, pl.pos, w.epochTime(e))
			}
		}
	}
}

func ptr[T any](v T) *T { return &v }

func round1(f float64) float64 { return math.Round(f*10) / 10 }
