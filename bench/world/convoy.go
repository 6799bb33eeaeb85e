package world

import (
	"math"
	"slices"
	"time"
)

// A convoy is two people, each with a handset and a routine of their own,
// who travel together in one car on some evenings: each makes their own
// way to a meeting point on a main road, they drive together along the road
// into town past the cameras on it, spend a while at a place there, drive
// back to the meeting point together and go home apart. Unlike a carried
// pair (one person, two handsets, always together) they are together only
// on the convoy's journeys and at its destination. The two handsets are on
// the same network, so the same cells serve them while together.

type convoy struct {
	idx               int
	driver, passenger int // handset indices
	road              int
	rdv, dest         int32 // places: the meeting point and the destination
	plate             string
	days              []bool
}

// convoyPlates are the convoys' plates, as written (and then without the space).
var convoyPlates = []string{"YX68 KPD", "LM19 VZT", "BD70 HRW", "SN21 GUE", "WP17 OFA"}

// convoyPlate is the plate of convoy c.
func convoyPlate(c int) string {
	if c < len(convoyPlates) {
		return convoyPlates[c]
	}
	const letters = "ABCDEFGHJKLMNPRSTVWXY"
	b := []byte{'C', 'V'}
	b = appendPad(b, int64(c%75), 2)
	b = append(b, ' ', letters[c/75%len(letters)], letters[c/1575%len(letters)], 'Z')
	return string(b)
}

func stripSpaces(s string) string {
	b := []byte(s)
	return string(slices.DeleteFunc(b, func(c byte) bool { return c == ' ' }))
}

// plantConvoy makes convoy c of handsets x (the driver) and y.
func (w *world) plantConvoy(r *rng, c int, x, y *handset) {
	road := (w.plant.road + 1 + c%(len(w.roads)-1)) % len(w.roads)
	bear := w.roads[road].bearing
	cv := convoy{idx: c, driver: x.idx, passenger: y.idx, road: road, plate: convoyPlate(c),
		rdv:  w.addPlace(polar(12_500+3_000*r.Float64(), bear)),
		dest: w.addPlace(polar(1_000+1_400*r.Float64(), bear))}
	// The same network: a SIM of the driver's operator.
	y.mnc, y.oi = x.mnc, x.oi
	y.imsi = []byte("234" + pad(y.mnc, 2) + string(y.imsi[5:]))
	if y.sim2 != nil {
		y.sim2.imsi = []byte("234" + pad(y.mnc, 2) + string(y.sim2.imsi[5:]))
	}
	// On about a third of the evenings, and on at least two (or every day
	// of a shorter period).
	cv.days = make([]bool, w.opts.Days)
	on := 0
	for d := range cv.days {
		if unit(key(w.opts.Seed, streamConvoy, uint64(c), uint64(d))) < 0.35 {
			cv.days[d] = true
			on++
		}
	}
	for _, d := range []int{w.opts.Days - 1, 0} {
		if on < 2 && !cv.days[d] {
			cv.days[d] = true
			on++
		}
	}
	x.convoy, y.convoy = c, c
	x.role = append(x.role, "convoy", "convoy_driver")
	y.role = append(y.role, "convoy")
	w.plant.convoys = append(w.plant.convoys, cv)
	w.plant.guarded = append(w.plant.guarded, cv.rdv, cv.dest)
}

// convoyOn is the convoy o is in if it travels on day d.
func (w *world) convoyOn(o *handset, d int) *convoy {
	if o.convoy < 0 || d < 0 || d >= w.opts.Days {
		return nil
	}
	c := &w.plant.convoys[o.convoy]
	if !c.days[d] {
		return nil
	}
	return c
}

// convoyTrip is a convoy's evening on one day, in wall seconds: the two
// meet at meet, leave at out0, arrive at out1, leave the destination at
// back0 and are back at the meeting point at back1.
type convoyTrip struct{ meet, out0, out1, back0, back1 int32 }

// convoyTrip works out the convoy's evening on day d. The two meet when
// both can be there, after their day (which has no evening out then).
func (w *world) convoyTrip(c *convoy, d int) convoyTrip {
	k := key(w.opts.Seed, streamConvoy, uint64(c.idx), uint64(d), 1)
	meet := int32(19*3600) + int32(unit(k)*2700)
	r := newRNG()
	for _, m := range []int{c.driver, c.passenger} {
		b := w.dayPlan(r, w.hs[m], d)
		meet = max(meet, b.at+b.travel(b.here, c.rdv))
	}
	drv := w.hs[c.driver]
	jt := int32(240 + w.places[c.rdv].pos.dist(w.places[c.dest].pos)/drv.speed)
	t := convoyTrip{meet: meet, out0: meet + 300}
	t.out1 = t.out0 + jt
	stay := int32(2400 + unit(mix(k))*3600)
	stay = min(stay, max(900, 23*3600-t.out1-jt))
	t.back0 = t.out1 + stay
	t.back1 = t.back0 + jt
	return t
}

// convoyEvening adds the convoy's evening to a member's day.
func (w *world) convoyEvening(b *planner, c *convoy, d int) {
	t := w.convoyTrip(c, d)
	b.trip(c.rdv, t.meet-b.travel(b.here, c.rdv))
	b.add(seg{b.at, t.out0, c.rdv, c.rdv})
	b.add(seg{t.out0, t.out1, c.rdv, c.dest})
	b.add(seg{t.out1, t.back0, c.dest, c.dest})
	b.add(seg{t.back0, t.back1, c.dest, c.rdv})
	b.at, b.here = t.back1, c.rdv
	b.trip(b.o.home, b.at+120)
}

// convoyCameras are the cameras on a convoy's road between the meeting
// point and the destination, in order from the meeting point.
func (w *world) convoyCameras(c *convoy) []*camera {
	rr := math.Hypot(w.places[c.rdv].pos.x, w.places[c.rdv].pos.y)
	rd := math.Hypot(w.places[c.dest].pos.x, w.places[c.dest].pos.y)
	var cams []*camera
	for i := range w.cameras {
		if cm := &w.cameras[i]; cm.road == c.road && cm.r < rr && cm.r > rd {
			cams = append(cams, cm)
		}
	}
	slices.SortFunc(cams, func(x, y *camera) int { return int(y.r - x.r) })
	return cams
}

// convoyReads appends the reads of convoy c's car on day d.
func (w *world) convoyReads(day []read, r *rng, c *convoy, d int) ([]read, int) {
	if !c.days[d] {
		return day, 0
	}
	t := w.convoyTrip(c, d)
	n := 0
	from, to := w.places[c.rdv].pos, w.places[c.dest].pos
	for _, cm := range w.convoyCameras(c) {
		f := from.dist(cm.pos) / from.dist(to)
		for _, leg := range [][2]int32{{t.out0, t.out1}, {t.back1, t.back0}} {
			// Outbound from the meeting point; back the other way.
			at := leg[0] + int32(f*float64(leg[1]-leg[0]))
			plate := c.plate
			if r.IntN(3) == 0 {
				plate = stripSpaces(plate)
			}
			day = append(day, read{w.cal.unix(d, at), plate, cm})
			n++
		}
	}
	return day, n
}

// convoyTruth is what truth.json says of the convoys.
func (w *world) convoyTruth(reads []int) []convoyTruthT {
	var out []convoyTruthT
	for i := range w.plant.convoys {
		c := &w.plant.convoys[i]
		ct := convoyTruthT{VRM: stripSpaces(c.plate), Written: []string{c.plate, stripSpaces(c.plate)},
			Members: []string{"+" + w.hs[c.driver].digits, "+" + w.hs[c.passenger].digits}, Driver: "+" + w.hs[c.driver].digits,
			MNC: w.hs[c.driver].mnc, Route: roadNames[c.road] + ", from the meeting point into town and back",
			MeetingPoint: latLonOf(w.places[c.rdv].pos), Destination: latLonOf(w.places[c.dest].pos), Reads: reads[i],
			Journeys: []journeyTruth{}, Cameras: []cameraTruth{}}
		for _, cm := range w.convoyCameras(c) {
			lat, lon := cm.pos.latLon()
			ct.Cameras = append(ct.Cameras, cameraTruth{ID: cm.id, Name: cm.name, Lat: round6(lat), Lon: round6(lon)})
		}
		for d, on := range c.days {
			if !on {
				continue
			}
			t := w.convoyTrip(c, d)
			at := func(s int32) time.Time { return time.Unix(w.cal.unix(d, s), 0).UTC() }
			ct.Journeys = append(ct.Journeys,
				journeyTruth{Start: at(t.out0), End: at(t.out1), From: "meeting_point", To: "destination"},
				journeyTruth{Start: at(t.back0), End: at(t.back1), From: "destination", To: "meeting_point"})
		}
		out = append(out, ct)
	}
	return out
}
