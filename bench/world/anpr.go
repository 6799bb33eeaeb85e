package world

import (
	"context"
	"math"
	"slices"
)

// ANPR: cameras on the main radial roads read the plates of passing cars.
// One car is planted: the carrier's, driven to work and back on working
// days along a main road past the cameras on it, its plate written with and
// without the space. Background cars make trips along the roads at the busy
// hours.

const anprHeader = "Plate,Latitude,Longitude,TimeStamp,DeviceId,Name"

// The planted car.
const (
	plantedVRM   = "AB12CDE"
	plantedPlate = "AB12 CDE"
)

type camera struct {
	id, name string
	road     int
	r        float64 // metres from the centre along the road
	pos      point
}

var roadNames = []string{"A401", "A402", "A403", "A404", "A405", "A406"}

func (w *world) placeCameras() {
	for k, rd := range w.roads {
		for _, r := range []float64{2_500, 6_000, 10_000, 16_000} {
			p := polar(r, rd.bearing)
			if !inside(p) {
				continue
			}
			w.cameras = append(w.cameras, camera{
				id:   "CAM" + pad(len(w.cameras)+1, 3),
				name: roadNames[k] + " " + placeWords[(k*7+int(r/1000))%len(placeWords)] + " " + roadWords[zoneOf(p)][k%4],
				road: k, r: r, pos: p,
			})
		}
	}
}

// read is one camera read.
type read struct {
	at    int64
	plate string
	cam   *camera
}

// commuteCameras are the cameras on the carrier's road between home and
// work, in order from home.
func (w *world) commuteCameras() []*camera {
	a := w.hs[w.plant.carrier]
	rh := math.Hypot(w.places[a.home].pos.x, w.places[a.home].pos.y)
	rw := math.Hypot(w.places[a.work].pos.x, w.places[a.work].pos.y)
	var cams []*camera
	for i := range w.cameras {
		if c := &w.cameras[i]; c.road == w.plant.road && c.r < rh && c.r > rw {
			cams = append(cams, c)
		}
	}
	slices.SortFunc(cams, func(x, y *camera) int { return int(y.r - x.r) })
	return cams
}

func (w *world) writeANPR(ctx context.Context, o *out) error {
	o.row([]byte(anprHeader), false)
	a := w.hs[w.plant.carrier]
	cams := w.commuteCameras()
	r := newRNG()
	wk := newWorker(w)

	plates := make([]string, 30+w.opts.Handsets/20)
	planted := []string{plantedPlate}
	for i := range w.plant.convoys {
		planted = append(planted, w.plant.convoys[i].plate)
	}
	pr := newRNG().reset(w.opts.Seed, streamANPR)
	const letters = "ABCDEFGHJKLMNOPRSTUVWXY"
	for i := range plates {
		for {
			b := []byte{letters[pr.IntN(len(letters))], letters[pr.IntN(len(letters))]}
			b = appendPad(b, int64(pr.IntN(75)), 2)
			b = append(b, ' ', letters[pr.IntN(len(letters))], letters[pr.IntN(len(letters))], letters[pr.IntN(len(letters))])
			if p := string(b); !slices.Contains(planted, p) && !slices.Contains(plates[:i], p) {
				plates[i] = p
				break
			}
		}
	}
	onRoad := make([][]*camera, len(w.roads))
	for i := range w.cameras {
		c := &w.cameras[i]
		onRoad[c.road] = append(onRoad[c.road], c)
	}

	reads := 0
	convoyReads := make([]int, len(w.plant.convoys))
	var day []read
	badAt := []int64{12, 30}
	for d := range w.opts.Days {
		if err := ctx.Err(); err != nil {
			return err
		}
		day = day[:0]
		r.reset(w.opts.Seed, streamANPR, uint64(d))
		// The planted car: on each commute, past each camera on the road.
		p := wk.plan(a, d)
		for i := 0; i < p.n; i++ {
			s := p.segs[i]
			if !(s.from == a.home && s.to == a.work || s.from == a.work && s.to == a.home) {
				continue
			}
			from, to := w.places[s.from].pos, w.places[s.to].pos
			for _, c := range cams {
				f := from.dist(c.pos) / from.dist(to)
				plate := plantedPlate
				if r.IntN(3) == 0 {
					plate = plantedVRM
				}
				day = append(day, read{w.cal.unix(d, s.t0+int32(f*float64(s.t1-s.t0))), plate, c})
				reads++
			}
		}
		// The convoys' cars, on the evenings they travel.
		for i := range w.plant.convoys {
			var n int
			day, n = w.convoyReads(day, r, &w.plant.convoys[i], d)
			convoyReads[i] += n
		}
		// Background traffic.
		weekend := 0
		if w.cal.weekend(d) {
			weekend = 1
		}
		for _, plate := range plates {
			for range poisson(r, 0.9) {
				x, hr := r.Float64(), 0
				for hr < 23 && x > hourWeight[weekend][hr] {
					x -= hourWeight[weekend][hr]
					hr++
				}
				at := w.cal.unix(d, int32(hr*3600+r.IntN(3600)))
				on := slices.Clone(onRoad[r.IntN(len(w.roads))])
				speed := 10 + 10*r.Float64()
				if r.IntN(2) == 0 {
					slices.Reverse(on) // inbound
				}
				prev := on[0].r
				for k, c := range on {
					if k > 0 && r.IntN(8) == 0 {
						break // turned off the main road
					}
					at += int64(math.Abs(c.r-prev) / speed)
					prev = c.r
					day = append(day, read{at, plate, c})
				}
			}
		}
		slices.SortStableFunc(day, func(x, y read) int {
			if x.at != y.at {
				return int(x.at - y.at)
			}
			return int(x.cam.pos.x - y.cam.pos.x)
		})
		for _, rd := range day {
			w.anprRow(o, rd)
			if w.opts.Dirty && len(badAt) > 0 && o.rows == badAt[0] {
				w.anprBad(o, len(badAt))
				badAt = badAt[1:]
			}
		}
	}
	for w.opts.Dirty && len(badAt) > 0 {
		w.anprBad(o, len(badAt))
		badAt = badAt[1:]
	}

	var ct []cameraTruth
	for _, c := range cams {
		lat, lon := c.pos.latLon()
		ct = append(ct, cameraTruth{ID: c.id, Name: c.name, Lat: round6(lat), Lon: round6(lon)})
	}
	w.truth.Vehicle = []vehicleTruth{{VRM: plantedVRM, Written: []string{plantedPlate, plantedVRM}, Driver: "+" + a.digits,
		Carried: []string{"+" + a.digits, "+" + w.hs[w.plant.carried].digits},
		Route:   roadNames[w.plant.road] + ", home to work and back on working days", Cameras: ct, Reads: reads}}
	w.truth.Convoys = w.convoyTruth(convoyReads)
	return nil
}

func (w *world) anprRow(o *out, rd read) {
	lat, lon := rd.cam.pos.latLon()
	b := append(o.buf[:0], rd.plate...)
	b = append(b, ',')
	b = appendFloat(b, lat, 6)
	b = append(b, ',')
	b = appendFloat(b, lon, 6)
	b = append(b, ',')
	b = appendStamp(b, rd.at, ' ')
	b = append(b, ',')
	b = append(b, rd.cam.id...)
	b = append(b, ',')
	b = append(b, rd.cam.name...)
	o.buf = b
	o.row(b, true)
}

// anprBad plants a malformed ANPR row: first an unreadable plate, then an
// unreadable time.
func (w *world) anprBad(o *out, left int) {
	c := w.cameras[0]
	lat, lon := c.pos.latLon()
	pos := string(appendFloat(nil, lat, 6)) + "," + string(appendFloat(nil, lon, 6))
	line, field, reason := "KX61 TRB,"+pos+",2026-13-45 99:99:99,"+c.id+","+c.name, "time", "unreadable time"
	if left == 2 {
		line, field, reason = "??,"+pos+","+string(appendStamp(nil, w.opts.Start.Unix()+9*3600, ' '))+","+c.id+","+c.name, "vrm", "unreadable registration mark"
	}
	n := o.row([]byte(line), true)
	o.bad++
	w.truth.Malformed = append(w.truth.Malformed, malformedTruth{File: o.name, Line: n, Field: field, Reason: reason})
}
