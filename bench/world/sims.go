package world

import (
	"math"
	"slices"
	"time"

	"github.com/mastcdr/mast/loaders/normalize"
)

// Two planted patterns are about SIMs rather than handsets.
//
// A SIM swap: one handset (its IMEI) takes a second SIM, with another IMSI
// and number, from a moment on; the first SIM is not seen again. Calls with
// the world's handsets show the new number from then on, at both ends.
//
// A cloned SIM: for a stretch of days a second handset (another IMEI),
// carried by someone who lives on the other side of the region, uses the
// same number and IMSI as one of the world's handsets. The number's records
// then hold consecutive events too far apart for the time between them.

// simCard is a SIM: the number, as written, and the IMSI.
type simCard struct {
	digits string
	forms  [3][]byte
	imsi   []byte
}

// plantSIMSwap gives h a second SIM (number num, from msisdn's pool) from
// a moment in the middle of the period on.
func (w *world) plantSIMSwap(r *rng, h *handset, num, i int) {
	d := pad(num, 6)
	c := &simCard{digits: "447700" + d, imsi: []byte("234" + pad(h.mnc, 2) + pad(1_000_000_000+i*7+r.IntN(7), 10))}
	c.forms = [3][]byte{[]byte("+" + c.digits), []byte("07700 " + d), []byte("00" + c.digits)}
	h.sim2 = c
	h.simAt = w.cal.unix(w.opts.Days/2, int32(15*3600+r.IntN(3*3600)))
	h.role = append(h.role, "sim_swap")
}

// plantClone adds the clone of victim's SIM as the last handset of w.hs:
// a handset with its own IMEI and routine, far from the victim's home,
// active for a stretch of days at about half the rate of a handset.
func (w *world) plantClone(r *rng, v *handset, leisure []int32) {
	n := len(w.hs)
	c := &handset{idx: n, owner: n, swapAt: never, simAt: never, file: v.file, convoy: -1,
		digits: v.digits, forms: v.forms, imsi: v.imsi, mnc: v.mnc, oi: v.oi, favs: v.favs, watch: true}
	body := "35" + pad(700_000+r.IntN(100_000), 6) + pad(r.IntN(1_000_000), 6)
	full := body + string(normalize.IMEICheckDigit(body))
	imei := [3][]byte{[]byte(full), []byte(body + pad(1+r.IntN(12), 2)), []byte(body)}
	c.imei = [2][3][]byte{imei, imei}
	c.soloRate = 0.8 * (1 - pairShare)
	// Home on the far side of the centre from the victim's, a workplace
	// near it, and the three leisure places nearest home.
	vh := w.places[v.home].pos
	b := bearing(point{}, vh) + 180 + (r.Float64()-0.5)*40
	c.home = w.addPlace(polar(16_000+2_500*r.Float64(), b))
	c.work = w.addPlace(polar(11_000+3_000*r.Float64(), b+(r.Float64()-0.5)*30))
	near := slices.Clone(leisure)
	hp := w.places[c.home].pos
	slices.SortStableFunc(near, func(x, y int32) int {
		return cmpFloat(w.places[x].pos.dist(hp), w.places[y].pos.dist(hp))
	})
	copy(c.leisure[:], near[:3])
	c.leave = int32(7*3600 + r.IntN(90*60))
	c.back = int32(16*3600 + 900 + r.IntN(90*60))
	c.speed = 8 + 4*r.Float64()
	c.evenings = 0.2
	c.role = []string{"clone"}
	// Active from a third of the way through, for a quarter of the period
	// (at least a day).
	fd := w.opts.Days / 3
	td := fd + max(1, w.opts.Days/4)
	c.on = w.cal.unix(fd, int32(8*3600+r.IntN(4*3600)))
	c.off = min(w.cal.unix(td, int32(8*3600+r.IntN(4*3600))), w.cal.unix(w.opts.Days, 0))
	v.watch = true
	v.role = append(v.role, "cloned")
	w.hs = append(w.hs, c)
	w.plant.victim, w.plant.clone = v.idx, n
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Thresholds of an impossible hop between two consecutive events of one
// number: the serving sites at least this far apart, and the speed needed
// above this.
const (
	hopMinKm  = 10.0
	hopMinKmh = 200.0
)

// cloneTruth works out, from the cloned number's rows kept while the clone
// was active, the consecutive events (one from each handset) too far apart
// for the time between them.
func (w *world) cloneTruth() clonedTruth {
	v, c := w.hs[w.plant.victim], w.hs[w.plant.clone]
	t := clonedTruth{MSISDN: "+" + v.digits, IMSI: string(v.imsi), IMEI: string(v.imei[0][0]), CloneIMEI: string(c.imei[0][0]),
		From: time.Unix(c.on, 0).UTC(), To: time.Unix(c.off, 0).UTC(),
		Home: latLonOf(w.places[v.home].pos), CloneHome: latLonOf(w.places[c.home].pos), Impossible: []hopTruth{}}
	var rows []capture
	for _, cp := range w.caps {
		if cp.scene < 0 {
			rows = append(rows, cp)
		}
	}
	slices.SortStableFunc(rows, func(a, b capture) int {
		if a.u != b.u {
			return int(a.u - b.u)
		}
		return int(a.h - b.h)
	})
	end := func(cp capture) hopEnd {
		h := w.hs[cp.h]
		lat, lon := cp.cell.site.posAt(cp.u).latLon()
		return hopEnd{At: time.Unix(cp.u, 0).UTC(), IMEI: string(h.imeiAt(cp.u)[0]), Cell: cp.cell.key, Lat: round6(lat), Lon: round6(lon)}
	}
	for i := 1; i < len(rows); i++ {
		a, b := rows[i-1], rows[i]
		if a.h == b.h {
			continue
		}
		km := a.cell.site.posAt(a.u).dist(b.cell.site.posAt(b.u)) / 1000
		secs := b.u - a.u
		if km < hopMinKm || (secs > 0 && km/(float64(secs)/3600) <= hopMinKmh) {
			continue
		}
		t.ImpossibleHops++
		if len(t.Impossible) < 5 {
			kmh := math.Inf(1)
			if secs > 0 {
				kmh = km / (float64(secs) / 3600)
			}
			t.Impossible = append(t.Impossible, hopTruth{A: end(a), B: end(b), Km: math.Round(km*10) / 10, Seconds: secs, Kmh: roundKmh(kmh)})
		}
	}
	return t
}

// roundKmh rounds a speed to whole km/h; an instant hop (no time between)
// is written as 0 with Seconds 0.
func roundKmh(kmh float64) float64 {
	if math.IsInf(kmh, 0) {
		return 0
	}
	return math.Round(kmh)
}
