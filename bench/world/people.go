package world

import (
	"math"
	"slices"

	"github.com/mastcdr/mast/loaders/normalize"
)

// place is somewhere people stay: a home, a workplace, a leisure place, a
// meeting point. The cells that serve it are worked out once per operator
// and per epoch of the cell list (see changes.go).
type place struct {
	pos  point
	zone zone
	srv  [][]servers // operator index → epoch → servers
}

// handset is one phone: its identities, the person whose routine it
// follows, its contacts and how busy it is.
type handset struct {
	idx      int
	digits   string    // international digits without '+': 447700900123
	forms    [3][]byte // +447700900123, 07700 900123, 00447700900123
	imsi     []byte
	imei     [2][3][]byte // per handset (before, after a swap): 15 digits, 16 (IMEISV), 14
	swapAt   int64        // from here on the number is in the second handset; never if no swap
	mnc      int
	oi       int // operator index
	owner    int // the person (handset index) whose routine it follows
	file     int // which CDR file its rows go to
	soloRate float64
	edges    []int32 // contact-graph edges it is on
	favs     []int32 // favourite external numbers
	role     []string
	convoy   int // index into plant.convoys when a member of a convoy, else -1

	// A SIM swap: from simAt on (never if none) the handset carries sim2.
	simAt int64
	sim2  *simCard
	// The clone of a number is active only from on to off; every other
	// handset always. watch: rows kept for the cloned-SIM truth.
	on, off int64
	watch   bool

	// The owner's life (used when owner == idx).
	home, work  int32 // place ids; work < 0 for no job
	leisure     [3]int32
	leave, back int32   // usual times to leave home and work, seconds after midnight
	speed       float64 // metres per second on the road
	evenings    float64 // chance of an evening out
}

// edge is a pair of the world's handsets in contact: calls and messages
// between them appear in both handsets' records.
type edge struct {
	a, b int32
	rate float64 // events per day between them at EventsPerDay 1, before the day's and hour's weights
}

// external is a number outside the world, with the forms it is written in.
type external struct {
	forms [][]byte
	smsIn bool // an alphanumeric sender or a short code that only sends SMS
}

// road is a main radial road out of the centre, for commuters and cameras.
type road struct{ bearing float64 }

// pairShare is the share of a handset's events that are with its contacts
// among the world's handsets.
const pairShare = 0.35

// people makes the handsets, their places, the contact graph and the
// planted roles. It draws from its own stream only.
func (w *world) people() {
	r := newRNG().reset(w.opts.Seed, streamPeople)
	n := w.opts.Handsets
	base := r.Float64() * 60
	for k := range 6 {
		w.roads = append(w.roads, road{base + float64(k)*60 + (r.Float64()-0.5)*20})
	}
	randomPoint := func(z zone) point { return randomPoint(r, z) }
	addPlace := w.addPlace
	move := func(pl int32, p point) {
		w.places[pl].pos, w.places[pl].zone = p, zoneOf(p)
	}
	// Shared leisure places: pubs, gyms, shops, parks.
	leisure := make([]int32, max(8, n/15))
	for i := range leisure {
		z := []zone{urban, urban, suburban, suburban, rural}[r.IntN(5)]
		leisure[i] = addPlace(randomPoint(z))
	}

	// Numbers: 07700 9xxxxx in a shuffled order (then 07700 2xxxxx–8xxxxx for
	// very large worlds); 07700 1xxxxx is left to numbers outside the world.
	used := map[int]bool{}
	msisdn := func(i int) int {
		switch {
		case i >= 100_000:
			return 200_000 + i - 100_000
		case n > 50_000:
			return 900_000 + i
		}
		for {
			if v := 900_000 + r.IntN(100_000); !used[v] {
				used[v] = true
				return v
			}
		}
	}
	tacs := []string{"35332011", "35875610", "35209912", "86034503", "35466710", "35391108", "01332700", "35925406"}
	w.hs = make([]*handset, n)
	for i := range n {
		h := &handset{idx: i, owner: i, swapAt: never, simAt: never, on: always, off: never, file: i % w.opts.Files, work: -1, convoy: -1}
		num := pad(msisdn(i), 6)
		h.digits = "447700" + num
		h.forms = [3][]byte{[]byte("+" + h.digits), []byte("07700 " + num), []byte("00" + h.digits)}
		h.mnc = operators[r.IntN(len(operators))]
		h.oi = opIndex(h.mnc)
		h.imsi = []byte("234" + pad(h.mnc, 2) + pad(1_000_000_000+i*7+r.IntN(7), 10))
		for k := range h.imei {
			body := tacs[r.IntN(len(tacs))] + pad((i*2+k)*37%1_000_000, 6)
			full := body + string(normalize.IMEICheckDigit(body))
			h.imei[k] = [3][]byte{[]byte(full), []byte(body + pad(1+r.IntN(12), 2)), []byte(body)}
		}
		h.soloRate = 0.6 + 0.8*r.Float64()
		// The person's life.
		hz := suburban
		if r.IntN(10) < 3 {
			hz = rural
		}
		h.home = addPlace(randomPoint(hz))
		if r.IntN(10) < 8 {
			wz := urban
			switch k := r.IntN(20); {
			case k < 5:
				wz = suburban
			case k < 6:
				wz = rural
			}
			h.work = addPlace(randomPoint(wz))
		}
		for k := range h.leisure {
			h.leisure[k] = leisure[r.IntN(len(leisure))]
		}
		h.leave = int32(6*3600 + 1800 + r.IntN(135*60))
		h.back = int32(16*3600 + 900 + r.IntN(120*60))
		h.speed = 8 + 4*r.Float64()
		h.evenings = 0.1 + 0.3*r.Float64()
		w.hs[i] = h
	}
	w.makeExternals()
	for _, h := range w.hs {
		for range 3 + r.IntN(4) {
			h.favs = append(h.favs, int32(r.IntN(len(w.externals)-4)))
		}
	}

	// Planted roles, on handsets picked at random.
	perm := r.Perm(n)
	a, b, sw := w.hs[perm[0]], w.hs[perm[1]], w.hs[perm[2]]
	trio := []*handset{w.hs[perm[3]], w.hs[perm[4]], w.hs[perm[5]]}
	w.plant.carrier, w.plant.carried, w.plant.swap = a.idx, b.idx, sw.idx
	w.plant.trio = [3]int{trio[0].idx, trio[1].idx, trio[2].idx}

	// The carrier drives to work along a main road; the cameras on it read
	// the car (anpr.go). The carried handset goes wherever the carrier goes.
	w.plant.road = r.IntN(len(w.roads))
	rd := w.roads[w.plant.road]
	move(a.home, polar(13_000+2_000*r.Float64(), rd.bearing))
	if a.work < 0 {
		a.work = addPlace(point{})
	}
	move(a.work, polar(1_500+1_000*r.Float64(), rd.bearing))
	a.role = append(a.role, "carrier", "driver")
	carry := func(a, b *handset) {
		b.owner, b.mnc, b.oi, b.home, b.work = a.idx, a.mnc, a.oi, a.home, a.work
		b.imsi = []byte("234" + pad(b.mnc, 2) + string(b.imsi[5:])) // a SIM of the carrier's network
		b.role = append(b.role, "carried")
		w.plant.pairs = append(w.plant.pairs, [2]int{a.idx, b.idx})
	}
	carry(a, b)

	// The swap: the number moves to another handset half-way through.
	sw.swapAt = w.cal.unix(w.opts.Days/2, int32(12*3600+r.IntN(3600)))
	sw.role = append(sw.role, "swap")

	// The meeting: three people who live apart meet at a quiet place.
	mb := rd.bearing + 90 + r.Float64()*60
	w.plant.meetPlace = addPlace(polar(11_500+2_500*r.Float64(), mb))
	w.plant.meetDay = w.opts.Days / 2
	w.plant.meetAt = w.cal.unix(w.plant.meetDay, int32(13*3600+r.IntN(8)*15*60))
	for k, h := range trio {
		move(h.home, polar(9_000+6_000*r.Float64(), mb+180+float64(k-1)*100))
		h.role = append(h.role, "meeting")
	}

	// The roles of version 3, on the next handsets of the permutation: a SIM
	// swap, a cloned number, a tower-dump offender, convoys (one per 50
	// handsets) and more carried pairs (one per 25 handsets in all).
	next := 6
	take := func() *handset {
		h := w.hs[perm[next]]
		next++
		return h
	}
	w.plantSIMSwap(r, take(), msisdn(n), n)
	victim := take()
	offender := take()
	for c := range max(1, n/50) {
		w.plantConvoy(r, c, take(), take())
	}
	for range max(1, n/25) - 1 {
		x, y := take(), take()
		x.role = append(x.role, "carrier")
		carry(x, y)
	}
	w.plantScenes(r, offender, perm[next:], leisure)

	// The contact graph: each handset knows a few others; closer contacts
	// talk more. The carried pair never call each other (one person).
	seen := map[[2]int32]bool{}
	addEdge := func(x, y int, weight float64) {
		if x == y || w.hs[x].owner == w.hs[y].owner {
			return
		}
		k := [2]int32{int32(min(x, y)), int32(max(x, y))}
		if seen[k] {
			return
		}
		seen[k] = true
		w.edges = append(w.edges, edge{a: k[0], b: k[1], rate: weight})
	}
	for i := range n {
		for range 2 + r.IntN(4) {
			addEdge(i, r.IntN(n), 0.2+r.ExpFloat64())
		}
	}
	addEdge(trio[0].idx, trio[1].idx, 1)
	addEdge(trio[1].idx, trio[2].idx, 1)
	addEdge(trio[0].idx, trio[2].idx, 1)
	slices.SortFunc(w.edges, func(x, y edge) int {
		if x.a != y.a {
			return int(x.a - y.a)
		}
		return int(x.b - y.b)
	})
	weight := make([]float64, n)
	for _, e := range w.edges {
		weight[e.a] += e.rate
		weight[e.b] += e.rate
	}
	for i := range w.edges {
		e := &w.edges[i]
		// Each handset spends about pairShare of its events on its contacts.
		e.rate = pairShare * e.rate * (1/weight[e.a] + 1/weight[e.b]) / 2
		w.hs[e.a].edges = append(w.hs[e.a].edges, int32(i))
		w.hs[e.b].edges = append(w.hs[e.b].edges, int32(i))
	}
	for _, h := range w.hs {
		if len(h.edges) > 0 {
			h.soloRate *= 1 - pairShare
		}
	}
	// The clone comes last: it is not a subscriber of its own and has no
	// contacts.
	w.plantClone(r, victim, leisure)
}

// randomPoint is a point of the region in zone z.
func randomPoint(r *rng, z zone) point {
	for {
		p := point{(r.Float64()*2 - 1) * halfSide * 0.97, (r.Float64()*2 - 1) * halfSide * 0.97}
		if zoneOf(p) == z {
			return p
		}
	}
}

// addPlace adds a place at p and returns its id.
func (w *world) addPlace(p point) int32 {
	w.places = append(w.places, &place{pos: p, zone: zoneOf(p)})
	return int32(len(w.places) - 1)
}

// makeExternals makes the numbers outside the world. The last four are the
// short code and the senders that only send SMS.
func (w *world) makeExternals() {
	add := func(smsIn bool, forms ...string) {
		e := external{smsIn: smsIn}
		for _, f := range forms {
			e.forms = append(e.forms, []byte(f))
		}
		w.externals = append(w.externals, e)
	}
	n := max(40, len(w.hs)/2)
	for i := range n {
		switch i % 8 {
		case 0, 1, 2, 3: // mobiles outside the world: 07700 1xxxxx
			num := pad(100_000+i, 6)
			add(false, "+447700"+num, "07700 "+num, "00447700"+num)
		case 4, 5: // landlines in Ofcom's drama range 0121 496 0xxx
			num := pad(i%1000, 3)
			add(false, "+441214960"+num, "0121 496 0"+num, "01214960"+num)
		case 6: // London, 020 7946 0xxx
			num := pad(i%1000, 3)
			add(false, "+442079460"+num, "020 7946 0"+num)
		default: // abroad: the North American fictional 555-01xx
			num := pad(i%100, 2)
			add(false, "+120255501"+num, "00120255501"+num)
		}
	}
	add(false, "150") // a customer-service short code
	add(true, "HSBC")
	add(true, "AMAZON")
	add(true, "81010")
}

// hourWeight is how busy each local hour is, on working days and at
// weekends; each row sums to 1.
var hourWeight = func() [2][24]float64 {
	raw := [2][24]float64{
		{0.35, 0.25, 0.2, 0.18, 0.2, 0.3, 0.6, 1.6, 2.4, 2.6, 2.6, 2.7, 3, 3, 2.7, 2.6, 2.8, 3.2, 3.3, 3.2, 3, 2.6, 1.8, 0.9},
		{0.6, 0.4, 0.25, 0.18, 0.18, 0.2, 0.3, 0.5, 1.1, 1.8, 2.5, 2.9, 3.2, 3.2, 3, 2.9, 2.9, 3, 3.1, 3.2, 3.1, 2.8, 2.1, 1.2},
	}
	for d := range raw {
		sum := 0.0
		for _, v := range raw[d] {
			sum += v
		}
		for h := range raw[d] {
			raw[d][h] /= sum
		}
	}
	return raw
}()

// dayFactor varies how busy a handset (or an edge) is from day to day; it
// averages 1.
func dayFactor(seed int64, stream uint64, who, day int) float64 {
	return 0.7 + 0.6*unit(key(seed, streamDay, stream, uint64(who), uint64(day)))
}

// expectedEvents is the mean number of events over the period at
// EventsPerDay 1.
func (w *world) expectedEvents() float64 {
	sum := 0.0
	days := float64(w.opts.Days)
	for _, h := range w.hs {
		if h.off != never { // the clone, only part of the period
			sum += h.soloRate * float64(h.off-h.on) / 86400 / days
			continue
		}
		sum += h.soloRate
	}
	for _, e := range w.edges {
		sum += 2 * e.rate
	}
	return sum * float64(w.opts.Days)
}

// ownerOf is the person whose routine h follows.
func (w *world) ownerOf(h *handset) *handset { return w.hs[h.owner] }

// formsAt is how the handset's number is written at unix time t.
func (h *handset) formsAt(t int64) *[3][]byte {
	if t >= h.simAt {
		return &h.sim2.forms
	}
	return &h.forms
}

// imsiAt is the handset's IMSI at unix time t.
func (h *handset) imsiAt(t int64) []byte {
	if t >= h.simAt {
		return h.sim2.imsi
	}
	return h.imsi
}

// digitsAt is the handset's number (international digits) at unix time t.
func (h *handset) digitsAt(t int64) string {
	if t >= h.simAt {
		return h.sim2.digits
	}
	return h.digits
}

// imeiAt is the handset's IMEI (as 15, 16 and 14 digits) at unix time t.
func (h *handset) imeiAt(t int64) *[3][]byte {
	if t >= h.swapAt {
		return &h.imei[1]
	}
	return &h.imei[0]
}

func round6(f float64) float64 { return math.Round(f*1e6) / 1e6 }
