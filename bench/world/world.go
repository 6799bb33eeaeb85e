package world

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/mastcdr/mast/loaders/normalize"
)

// Version changes whenever the same options would give different bytes.
const Version = "1"

// Options say what world to make.
type Options struct {
	Seed         int64
	Handsets     int
	Days         int
	Start        time.Time // first day, UTC midnight
	EventsPerDay float64   // mean events per handset per day, before mirrored legs
	TargetEvents int64     // when > 0, sets EventsPerDay so the total is about this
	Dirty        bool      // plant malformed lines, duplicates and clock-change local times
	Files        int       // split the CDR into this many files
}

// DefaultOptions is a small world: a dozen handsets over three days that
// include the Europe/London spring clock change.
func DefaultOptions() Options {
	return Options{Seed: 1, Handsets: 12, Days: 3, Start: time.Date(2026, 3, 27, 0, 0, 0, 0, time.UTC), EventsPerDay: 40, Files: 1}
}

// Summary says what Generate wrote.
type Summary struct {
	Files    []FileSummary
	Events   int64
	Cells    int
	Handsets int
}

// FileSummary is one written file.
type FileSummary struct {
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	Profile    string `json:"profile"`
	Rows       int64  `json:"rows"`
	Bad        int64  `json:"bad"`
	Duplicates int64  `json:"duplicates"`
}

var london = mustLoad("Europe/London")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

type handset struct {
	idx      int
	national string // 07700 900123
	digits   string // 447700900123
	imsi     string
	imeis    [2]string // second used after swapAt
	swapAt   int64
	mnc      int
	home     point
	work     point
	works    bool
	leisure  []point
	contacts []int
	follows  int // -1, or the handset whose owner carries this one too
	meeting  bool
}

type event struct {
	at       int64 // unix seconds
	h        int
	kind     string
	dir      string
	other    string // written form of the other party
	dur      int
	startPos point
	endPos   point
	charging int
}

// world is the state of one generation.
type world struct {
	opts     Options
	rng      *rand.Rand
	reg      *region
	hs       []*handset
	start    int64
	end      int64
	meetAt   int64 // start of the meeting
	meetPos  point
	cameras  []camera
	truth    truthFile
	seq      int
	cdr      []*out
	dupQueue [][]byte
}

type camera struct {
	id, name string
	pos      point
}

// Generate writes the world into dir.
func Generate(ctx context.Context, opts Options, dir string) (Summary, error) {
	if opts.Handsets < 6 {
		return Summary{}, fmt.Errorf("world: at least 6 handsets are needed to plant the truths (got %d)", opts.Handsets)
	}
	if opts.Days < 1 {
		return Summary{}, fmt.Errorf("world: at least one day (got %d)", opts.Days)
	}
	if opts.Start.IsZero() {
		opts.Start = DefaultOptions().Start
	}
	if opts.EventsPerDay <= 0 {
		opts.EventsPerDay = DefaultOptions().EventsPerDay
	}
	if opts.Files < 1 {
		opts.Files = 1
	}
	if opts.TargetEvents > 0 {
		// About 30% of events are voice or SMS to another handset of the
		// world, which adds the other party's leg.
		opts.EventsPerDay = float64(opts.TargetEvents) / float64(opts.Handsets*opts.Days) / 1.25
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Summary{}, fmt.Errorf("world: %w", err)
	}
	w := &world{opts: opts, rng: rand.New(rand.NewPCG(uint64(opts.Seed), 1))}
	w.start = opts.Start.UTC().Truncate(24 * time.Hour).Unix()
	w.end = w.start + int64(opts.Days)*86400
	w.reg = newRegion(w.rng, w.start, w.end)
	w.makeHandsets()
	w.truth.Generator, w.truth.Version, w.truth.Options = "mast bench generate", Version, opts

	var files []*out
	create := func(name, kind, profile string) (*out, *os.File, error) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return nil, nil, fmt.Errorf("world: %w", err)
		}
		o := &out{name: name, kind: kind, profile: profile, w: bufio.NewWriterSize(f, 1<<20)}
		files = append(files, o)
		return o, f, nil
	}
	var osFiles []*os.File
	closeAll := func() error {
		var first error
		for i, o := range files {
			if err := o.w.Flush(); err != nil && first == nil {
				first = err
			}
			if err := osFiles[i].Close(); err != nil && first == nil {
				first = err
			}
		}
		return first
	}
	for _, spec := range []struct{ name, kind, profile string }{
		{"cells.csv", "cells", "mast-cells"},
		{"cells_opencellid.csv", "cells", "opencellid"},
		{"cells_opencellid_header.csv", "cells", "opencellid"},
		{"cells_osgb.csv", "cells", "osgb-cells"},
		{"anpr.csv", "anpr", "anpr-simple"},
	} {
		_, f, err := create(spec.name, spec.kind, spec.profile)
		if err != nil {
			return Summary{}, err
		}
		osFiles = append(osFiles, f)
	}
	for i := 0; i < opts.Files; i++ {
		name := "cdr.csv"
		if opts.Files > 1 {
			name = "cdr_" + pad(i+1, 3) + ".csv"
		}
		o, f, err := create(name, "cdr", "mast-cdr")
		if err != nil {
			return Summary{}, err
		}
		osFiles = append(osFiles, f)
		w.cdr = append(w.cdr, o)
	}
	w.writeCells(files[0], files[1], files[2], files[3])
	w.placeCameras()
	var events int64
	for _, o := range w.cdr {
		o.row([]byte("# mast synthetic world, generator "+Version+", seed "+itoa(int(opts.Seed))+"; every record here is invented"), false)
		o.row([]byte("record_id,subject_msisdn,subject_imsi,subject_imei,other_party,direction,kind,start_time,end_time,duration_s,time_zone,start_cell,end_cell,ta_m,lat,lon,location,charging_id"), false)
	}
	anpr := files[4]
	anpr.row([]byte("Plate,Latitude,Longitude,TimeStamp,DeviceId,Name"), false)
	for day := 0; day < opts.Days; day++ {
		if err := ctx.Err(); err != nil {
			closeAll()
			return Summary{}, err
		}
		evs := w.dayEvents(day)
		for _, e := range evs {
			w.writeEvent(e)
		}
		events += int64(len(evs))
		w.writeANPRDay(anpr, day)
	}
	if opts.Dirty {
		w.plantDirt(files[0], anpr)
	}
	w.truthHandsets()
	sum := Summary{Events: events, Cells: len(w.reg.cells), Handsets: len(w.hs)}
	for _, o := range files {
		fs := FileSummary{Name: o.name, Kind: o.kind, Profile: o.profile, Rows: o.rows, Bad: o.bad, Duplicates: o.dups}
		sum.Files = append(sum.Files, fs)
		w.truth.Files = append(w.truth.Files, fs)
	}
	if err := closeAll(); err != nil {
		return Summary{}, fmt.Errorf("world: %w", err)
	}
	b, err := json.MarshalIndent(w.truth, "", "  ")
	if err != nil {
		return Summary{}, fmt.Errorf("world: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "truth.json"), append(b, '\n'), 0o644); err != nil {
		return Summary{}, fmt.Errorf("world: %w", err)
	}
	sum.Files = append(sum.Files, FileSummary{Name: "truth.json", Kind: "truth"})
	return sum, nil
}

func (w *world) randomPoint(zone int) point {
	for {
		p := point{(w.rng.Float64()*2 - 1) * 19000, (w.rng.Float64()*2 - 1) * 19000}
		if zoneOf(p) == zone {
			return p
		}
	}
}

func (w *world) makeHandsets() {
	n := w.opts.Handsets
	leisure := make([]point, 8)
	for i := range leisure {
		leisure[i] = w.randomPoint([]int{0, 0, 1, 1, 1, 2, 2, 0}[i])
	}
	for i := 0; i < n; i++ {
		h := &handset{idx: i, follows: -1, works: w.rng.IntN(10) < 8}
		num := 900000 + i
		if i >= 100000 {
			num = 100000 + i - 100000 // a second drama-like range for very large worlds
		}
		h.national = "07700 " + pad(num, 6)
		h.digits = "447700" + pad(num, 6)
		h.mnc = operators[w.rng.IntN(len(operators))]
		h.imsi = "234" + pad(h.mnc, 2) + pad(1_000_000_000+i, 10)
		for k := range h.imeis {
			body := "35" + pad(100000+w.rng.IntN(899999), 6) + pad(i*2+k, 6)
			h.imeis[k] = body + string(normalize.IMEICheckDigit(body))
		}
		h.home = w.randomPoint(1 + w.rng.IntN(2))
		if w.rng.IntN(4) == 0 {
			h.work = w.randomPoint(1)
		} else {
			h.work = w.randomPoint(0)
		}
		for k := 0; k < 3; k++ {
			h.leisure = append(h.leisure, leisure[w.rng.IntN(len(leisure))])
		}
		w.hs = append(w.hs, h)
	}
	for _, h := range w.hs {
		for k := 0; k < 4+w.rng.IntN(5); k++ {
			c := w.rng.IntN(n)
			if c != h.idx {
				h.contacts = append(h.contacts, c)
			}
		}
	}
	// Planted: handset 1 is carried by handset 0's owner.
	w.hs[1].follows, w.hs[1].mnc = 0, w.hs[0].mnc
	w.hs[0].works = true
	w.truth.CarriedTogether = []pairTruth{{A: "+" + w.hs[0].digits, B: "+" + w.hs[1].digits}}
	// Planted: handset 2's number moves to a new handset half-way.
	h2 := w.hs[2]
	h2.swapAt = w.start + int64(w.opts.Days)*86400/2 + 12*3600
	w.truth.HandsetSwap = []swapTruth{{MSISDN: "+" + h2.digits, FromIMEI: h2.imeis[0], ToIMEI: h2.imeis[1], At: time.Unix(h2.swapAt, 0).UTC()}}
	// Planted: handsets 3, 4 and 5 meet at a quiet place for an hour.
	meetDay := min(1, w.opts.Days-1)
	w.meetAt = time.Date(w.opts.Start.Year(), w.opts.Start.Month(), w.opts.Start.Day()+meetDay, 14, 0, 0, 0, london).Unix()
	w.meetPos = point{12500, 9000}
	homes := []point{{-14000, -12000}, {15000, -11000}, {-12000, 14000}}
	for k, i := range []int{3, 4, 5} {
		w.hs[i].meeting = true
		w.hs[i].home = homes[k]
		w.hs[i].contacts = append(w.hs[i].contacts, []int{3, 4, 5}[(k+1)%3])
	}
	mlat, mlon := w.meetPos.latLon()
	mt := meetingTruth{Start: time.Unix(w.meetAt, 0).UTC(), End: time.Unix(w.meetAt+3600, 0).UTC(), Lat: round6(mlat), Lon: round6(mlon), Cells: map[string]string{}}
	for _, i := range []int{3, 4, 5} {
		mt.MSISDNs = append(mt.MSISDNs, "+"+w.hs[i].digits)
		mt.Cells["+"+w.hs[i].digits] = w.reg.serving(w.hs[i].mnc, w.meetPos, w.meetAt, false).key()
	}
	w.truth.Meeting = []meetingTruth{mt}
}

// plan is one handset's day: when it leaves and where it goes.
type plan struct {
	workday                        bool
	leave, arrive, leaveWork, home int // seconds since local midnight
	evening                        bool
	place                          point
	dayStart                       int64 // unix seconds of local midnight
}

func (w *world) dayPlan(h *handset, day int) plan {
	r := rand.New(rand.NewPCG(uint64(w.opts.Seed), uint64(h.idx)<<20|uint64(day)))
	d := time.Date(w.opts.Start.Year(), w.opts.Start.Month(), w.opts.Start.Day()+day, 0, 0, 0, 0, london)
	p := plan{dayStart: d.Unix()}
	wd := d.Weekday()
	p.workday = h.works && wd != time.Saturday && wd != time.Sunday
	p.leave = 7*3600 + r.IntN(90*60)
	travel := 20*60 + int(h.home.dist(h.work)/8)
	p.arrive = p.leave + travel
	p.leaveWork = 16*3600 + 30*60 + r.IntN(120*60)
	p.home = p.leaveWork + travel
	p.evening = r.IntN(10) < 3
	p.place = h.leisure[r.IntN(len(h.leisure))]
	return p
}

// position is where handset h is at unix time t.
func (w *world) position(h *handset, t int64) point {
	if h.follows >= 0 {
		h = w.hs[h.follows]
	}
	day := int((t - w.start) / 86400)
	if day < 0 {
		day = 0
	}
	p := w.dayPlan(h, day)
	s := int(t - p.dayStart)
	if s < 0 || s >= 86400 {
		p = w.dayPlan(h, max(0, day-1))
		s = int(t - p.dayStart)
	}
	if h.meeting && t >= w.meetAt-1800 && t < w.meetAt+5400 {
		switch {
		case t < w.meetAt:
			return lerp(h.home, w.meetPos, float64(t-(w.meetAt-1800))/1800)
		case t < w.meetAt+3600:
			return w.meetPos
		default:
			return lerp(w.meetPos, h.home, float64(t-(w.meetAt+3600))/1800)
		}
	}
	trip := func(from, to point, a, b, s int) (point, bool) {
		if s >= a && s < b {
			return lerp(from, to, float64(s-a)/float64(b-a)), true
		}
		return point{}, false
	}
	if p.workday {
		if q, ok := trip(h.home, h.work, p.leave, p.arrive, s); ok {
			return q
		}
		if s >= p.arrive && s < p.leaveWork {
			return h.work
		}
		if q, ok := trip(h.work, h.home, p.leaveWork, p.home, s); ok {
			return q
		}
	} else {
		// Days off: a trip out around midday.
		if q, ok := trip(h.home, p.place, 11*3600, 11*3600+1800, s); ok {
			return q
		}
		if s >= 11*3600+1800 && s < 14*3600+1800 {
			return p.place
		}
		if q, ok := trip(p.place, h.home, 14*3600+1800, 15*3600, s); ok {
			return q
		}
	}
	if p.evening && p.workday {
		if q, ok := trip(h.home, p.place, 19*3600+1800, 20*3600, s); ok {
			return q
		}
		if s >= 20*3600 && s < 21*3600+1800 {
			return p.place
		}
		if q, ok := trip(p.place, h.home, 21*3600+1800, 22*3600, s); ok {
			return q
		}
	}
	return h.home
}

// hourWeight is how busy each local hour is.
var hourWeight = [24]float64{0.6, 0.4, 0.3, 0.3, 0.3, 0.5, 1, 2, 3, 3, 3, 3, 3.5, 3.5, 3, 3, 3, 3.5, 3.5, 3.5, 3, 2.5, 2, 1}

func (w *world) dayEvents(day int) []event {
	var evs []event
	var cum [25]float64
	for i, v := range hourWeight {
		cum[i+1] = cum[i] + v
	}
	for _, h := range w.hs {
		r := rand.New(rand.NewPCG(uint64(w.opts.Seed)^0x5eed, uint64(h.idx)<<20|uint64(day)))
		d := time.Date(w.opts.Start.Year(), w.opts.Start.Month(), w.opts.Start.Day()+day, 0, 0, 0, 0, london).Unix()
		n := int(w.opts.EventsPerDay * (0.6 + 0.8*r.Float64()))
		charging := 0
		for k := 0; k < n; k++ {
			x := r.Float64() * cum[24]
			hour := sort.SearchFloat64s(cum[1:], x)
			t := d + int64(hour)*3600 + int64(r.IntN(3600))
			evs = append(evs, w.newEvent(r, h, t, &charging))
		}
		if h.meeting && w.meetAt >= d && w.meetAt < d+86400 {
			for _, m := range []int64{600, 1800, 3000} {
				e := w.newEvent(r, h, w.meetAt+m+int64(h.idx), &charging)
				e.kind, e.dir, e.dur = "sms", "out", 0
				e.other = w.writtenNumber(w.hs[[]int{4, 5, 3}[h.idx-3]], int(m))
				evs = append(evs, e)
			}
		}
	}
	// The other party's leg of calls and messages between the world's handsets.
	var legs []event
	for _, e := range evs {
		if e.dir != "out" || (e.kind != "voice" && e.kind != "sms") || e.other == "" || e.other[0] != '#' {
			continue
		}
		c := w.hs[atoi(e.other[1:])]
		leg := event{at: e.at, h: c.idx, kind: e.kind, dir: "in", dur: e.dur, other: "#" + itoa(e.h)}
		leg.startPos = w.position(c, e.at)
		leg.endPos = w.position(c, e.at+int64(e.dur))
		legs = append(legs, leg)
	}
	evs = append(evs, legs...)
	sort.SliceStable(evs, func(i, j int) bool {
		if evs[i].at != evs[j].at {
			return evs[i].at < evs[j].at
		}
		return evs[i].h < evs[j].h
	})
	return evs
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

var externals = []string{"+447700100001", "01214960123", "+441214960456", "+33612345678", "07700 100234"}

func (w *world) newEvent(r *rand.Rand, h *handset, t int64, charging *int) event {
	e := event{at: t, h: h.idx}
	x := r.IntN(100)
	switch {
	case x < 35:
		e.kind, e.dur = "voice", 10+int(r.ExpFloat64()*120)
	case x < 68:
		e.kind = "sms"
	case x < 97:
		e.kind, e.dir, e.dur = "data", "none", 60+r.IntN(3000)
		*charging++
		e.charging = *charging
	case x < 99:
		e.kind, e.dir, e.dur, e.other = "voicemail", "out", 20+r.IntN(40), "+447700900000"
	default:
		e.kind, e.dir, e.dur = "forward", "fwd", 5+r.IntN(60)
	}
	if e.dir == "" {
		e.dir = "out"
		if r.IntN(2) == 0 {
			e.dir = "in"
		}
	}
	if e.other == "" && e.kind != "data" {
		y := r.IntN(100)
		switch {
		case y < 70 && len(h.contacts) > 0 && e.dir == "out":
			e.other = "#" + itoa(h.contacts[r.IntN(len(h.contacts))])
		case y < 95 || e.kind != "sms":
			e.other = externals[r.IntN(len(externals))]
		case y < 98:
			e.other = "121"
		default:
			e.other = "HSBC"
		}
	}
	if e.dur > 7200 {
		e.dur = 7200
	}
	e.startPos = w.position(h, t)
	e.endPos = w.position(h, t+int64(e.dur))
	return e
}

// writtenNumber is how a CDR writes handset h's number on row seq.
func (w *world) writtenNumber(h *handset, seq int) string {
	switch seq % 10 {
	case 7, 8:
		return h.national
	case 9:
		return "00" + h.digits
	}
	return "+" + h.digits
}

func (w *world) writeEvent(e event) {
	h := w.hs[e.h]
	o := w.cdr[e.h%len(w.cdr)]
	w.seq++
	seq := w.seq
	b := o.buf[:0]
	b = append(b, 'R')
	b = append(b, pad(seq, 9)...)
	b = append(b, ',')
	b = append(b, w.writtenNumber(h, seq)...)
	b = append(b, ',')
	b = append(b, h.imsi...)
	b = append(b, ',')
	imei := h.imeis[0]
	if h.swapAt != 0 && e.at >= h.swapAt {
		imei = h.imeis[1]
	}
	switch seq % 20 {
	case 0:
		b = append(b, imei[:14]+"01"...)
	case 1:
		b = append(b, imei[:14]...)
	default:
		b = append(b, imei...)
	}
	b = append(b, ',')
	other := e.other
	if other != "" && other[0] == '#' {
		other = w.writtenNumber(w.hs[atoi(other[1:])], seq+3)
	}
	if e.dir == "out" && e.kind == "voice" && seq%50 == 7 && other != "" {
		other += "(D)"
	}
	b = appendCSV(b, other)
	b = append(b, ',')
	b = append(b, e.dir...)
	b = append(b, ',')
	b = append(b, e.kind...)
	b = append(b, ',')
	t := time.Unix(e.at, 0)
	local := seq%10 == 3
	if local {
		b = appendLocal(b, t.In(london))
	} else {
		b = appendUTC(b, t)
	}
	b = append(b, ',')
	if e.kind == "voice" && seq%3 == 0 {
		if local {
			b = appendLocal(b, t.Add(time.Duration(e.dur)*time.Second).In(london))
		} else {
			b = appendUTC(b, t.Add(time.Duration(e.dur)*time.Second))
		}
	}
	b = append(b, ',')
	if e.kind != "sms" {
		b = appendInt(b, e.dur)
	}
	b = append(b, ',')
	if local {
		b = append(b, "Europe/London"...)
	}
	b = append(b, ',')
	second := seq%10 == 5
	sc := w.reg.serving(h.mnc, e.startPos, e.at, second)
	b = append(b, sc.cgi()...)
	b = append(b, ',')
	if e.kind == "voice" || e.kind == "data" {
		ec := w.reg.serving(h.mnc, e.endPos, e.at+int64(e.dur), second)
		b = append(b, ec.cgi()...)
	}
	b = append(b, ',')
	if seq%5 == 0 {
		b = appendInt(b, int(math.Round(sc.site.pos.dist(e.startPos)/78))*78)
	}
	b = append(b, ",,,,"...)
	if e.kind == "data" {
		b = appendInt(b, e.h*100000+e.charging)
	}
	o.buf = b
	o.row(b, true)
	if w.opts.Dirty && o == w.cdr[0] && len(w.dupQueue) < 3 && seq%97 == 11 {
		w.dupQueue = append(w.dupQueue, append([]byte(nil), b...))
		w.truth.Duplicates = append(w.truth.Duplicates, lineRef{File: o.name, Line: o.line})
	}
}

func appendInt(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }

func round6(f float64) float64 { return math.Round(f*1e6) / 1e6 }

func (w *world) writeCells(main, ocid, ocidHeader, osgb *out) {
	main.row([]byte("radio,mcc,mnc,lac,ci,site_id,site_name,lat,lon,azimuth,beamwidth,range_m,valid_from,valid_to"), false)
	ocidHeader.row([]byte("radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal"), false)
	osgb.row([]byte("Site ID,Site Name,Cell ID,Technology,MCC,MNC,LAC,CI,Easting,Northing,Azimuth,Beamwidth,Valid From,Valid To"), false)
	created := w.start - 400*86400
	for _, c := range w.reg.cells {
		lat, lon := c.site.pos.latLon()
		radio := "LTE"
		if c.radio == gsm {
			radio = "GSM"
		}
		row := func(az float64, from, to int64) {
			b := main.buf[:0]
			b = append(b, radio+",234,"+itoa(c.mnc)+","+itoa(c.lac)+","+itoa(c.ci)+","+c.site.id+","...)
			b = appendCSV(b, c.site.name)
			b = append(b, ',')
			b = appendFloat(b, lat, 6)
			b = append(b, ',')
			b = appendFloat(b, lon, 6)
			b = append(b, ',')
			if !c.omni {
				b = appendFloat(b, az, 1)
			}
			b = append(b, ',')
			if !c.omni {
				b = appendFloat(b, c.beamwidth, 0)
			}
			b = append(b, ',')
			if c.rangeM > 0 {
				b = appendFloat(b, c.rangeM, 0)
			}
			b = append(b, ',')
			if from != 0 {
				b = appendUTC(b, time.Unix(from, 0))
			}
			b = append(b, ',')
			if to != 0 {
				b = appendUTC(b, time.Unix(to, 0))
			}
			main.buf = b
			main.row(b, true)
		}
		if c.change != 0 {
			row(c.azimuth, 0, c.change)
			row(c.azimuth2, c.change, 0)
		} else {
			row(c.azimuth, 0, 0)
		}
		rng := c.rangeM
		if rng == 0 {
			rng = 1000
		}
		unit := ""
		if c.radio == lte {
			unit = itoa(c.ci % 504)
		}
		ocidRow := radio + ",234," + itoa(c.mnc) + "," + itoa(c.lac) + "," + itoa(c.ci) + "," + unit + "," +
			string(appendFloat(nil, lon, 6)) + "," + string(appendFloat(nil, lat, 6)) + "," + itoa(int(rng)) + "," +
			itoa(5+c.ci%200) + ",1," + itoa(int(created)) + "," + itoa(int(w.start-10*86400)) + ",0"
		ocid.row([]byte(ocidRow), true)
		if c.mnc == 15 {
			ocidHeader.row([]byte(ocidRow), true)
		}
		if c.mnc == 20 {
			e, n := normalize.WGS84ToOSGB36(lat, lon)
			az := ""
			if !c.omni {
				az = string(appendFloat(nil, c.azimuth, 0))
			}
			bw := ""
			if !c.omni {
				bw = string(appendFloat(nil, c.beamwidth, 0))
			}
			line := c.site.id + "," + string(appendCSV(nil, c.site.name)) + "," + c.site.id + "-" + itoa(c.ci%256) + "," + radio + ",234,20," +
				itoa(c.lac) + "," + itoa(c.ci) + "," + string(appendFloat(nil, e, 1)) + "," + string(appendFloat(nil, n, 1)) + "," + az + "," + bw + ",01/01/2025,"
			osgb.row([]byte(line), true)
		}
	}
}

func (w *world) placeCameras() {
	h := w.hs[0]
	for i, f := range []float64{0.2, 0.5, 0.8} {
		w.cameras = append(w.cameras, camera{id: "CAM" + pad(i+1, 3), name: "A-road camera " + itoa(i+1), pos: lerp(h.home, h.work, f)})
	}
	for i := 3; i < 12; i++ {
		w.cameras = append(w.cameras, camera{id: "CAM" + pad(i+1, 3), name: "Camera " + itoa(i+1), pos: w.randomPoint(i % 3)})
	}
	w.truth.Vehicle = []vehicleTruth{{VRM: "AB12CDE", Written: []string{"AB12 CDE", "AB12CDE"}, Driver: "+" + h.digits, Cameras: []string{"CAM001", "CAM002", "CAM003"}}}
}

var plates = []string{"BD51 SMR", "CX19 PLK", "FG70 TNA", "HJ68 WQE", "KL21 XSA", "MN15 BVC", "OP66 DRT", "RS07 YUI", "TU59 GHJ", "VW23 NMB"}

func (w *world) writeANPRDay(o *out, day int) {
	h := w.hs[0]
	p := w.dayPlan(h, day)
	write := func(plate string, c camera, t int64) {
		lat, lon := c.pos.latLon()
		b := o.buf[:0]
		b = append(b, plate...)
		b = append(b, ',')
		b = appendFloat(b, lat, 6)
		b = append(b, ',')
		b = appendFloat(b, lon, 6)
		b = append(b, ',')
		b = time.Unix(t, 0).UTC().AppendFormat(b, "2006-01-02 15:04:05")
		b = append(b, ',')
		b = append(b, c.id...)
		b = append(b, ',')
		b = append(b, c.name...)
		o.buf = b
		o.row(b, true)
	}
	if p.workday {
		for i, f := range []float64{0.2, 0.5, 0.8} {
			out := p.dayStart + int64(p.leave) + int64(f*float64(p.arrive-p.leave))
			back := p.dayStart + int64(p.leaveWork) + int64((1-f)*float64(p.home-p.leaveWork))
			plate := "AB12 CDE"
			if (day+i)%2 == 1 {
				plate = "AB12CDE"
			}
			write(plate, w.cameras[i], out)
			write(plate, w.cameras[i], back)
		}
	}
	r := rand.New(rand.NewPCG(uint64(w.opts.Seed)^0xa9e, uint64(day)))
	d := w.start + int64(day)*86400
	for k := 0; k < 40; k++ {
		write(plates[r.IntN(len(plates))], w.cameras[r.IntN(len(w.cameras))], d+6*3600+int64(r.IntN(16*3600)))
	}
}

// plantDirt appends the malformed lines, duplicates and clock-change times.
func (w *world) plantDirt(cells, anpr *out) {
	o := w.cdr[0]
	h := w.hs[0]
	good := func(id, subject, dir, start, zone, cell string) string {
		imsi, imei := h.imsi, h.imeis[0]
		if subject == "" {
			imsi, imei = "", ""
		}
		return id + "," + subject + "," + imsi + "," + imei + ",+447700100001," + dir + ",voice," + start + ",,60," + zone + "," + cell + ",,,,,,"
	}
	cell := w.reg.serving(h.mnc, h.home, w.start, false).cgi()
	day := time.Unix(w.start, 0).UTC().Format("2006-01-02")
	bad := func(o *out, line, reason string) {
		n := o.row([]byte(line), true)
		o.bad++
		w.truth.Malformed = append(w.truth.Malformed, malformedTruth{File: o.name, Line: n, Reason: reason})
	}
	bad(o, "RBAD00001,+"+h.digits+",only,four", "wrong number of fields")
	bad(o, good("RBAD00002", "+"+h.digits, "out", day+"T27:61:00Z", "", cell), "unreadable start_time")
	bad(o, good("RBAD00003", "", "out", day+"T10:00:00Z", "", cell), "no subject")
	bad(o, good("RBAD00004", "+"+h.digits, "sideways", day+"T10:00:00Z", "", cell), "unknown direction")
	bad(o, good("RBAD00005", "+"+h.digits, "out", day+"T10:05:00Z", "", "234-15-XYZ-1"), "unreadable cell id")
	bad(o, "\xff\xfe\x00garbage\x01,\x02", "invalid UTF-8")
	for i, dup := range w.dupQueue {
		w.truth.Duplicates[i].Copy = o.row(dup, true)
		o.dups++
	}
	// Local times at the Europe/London clock changes inside the period.
	for _, c := range []struct {
		text, flag string
	}{{"2026-03-29 01:30:00", "nonexistent"}, {"2026-10-25 01:30:00", "ambiguous"}} {
		t, _ := time.ParseInLocation("2006-01-02 15:04:05", c.text, time.UTC)
		if t.Unix() < w.start || t.Unix() >= w.end {
			continue
		}
		n := o.row([]byte(good("RDST"+pad(o.line, 5), "+"+h.digits, "in", c.text, "Europe/London", cell)), true)
		w.truth.ClockChanges = append(w.truth.ClockChanges, clockTruth{File: o.name, Line: n, TimeText: c.text, Zone: "Europe/London", Flag: c.flag})
	}
	bad(cells, "LTE,234,15,2001,999999,SBAD,Nowhere,north,south,0,60,,,", "unreadable position")
	bad(anpr, "??,52.5,-1.9,2026-03-27 10:00:00,CAM001,A-road camera 1", "unreadable registration mark")
}

func (w *world) truthHandsets() {
	for _, h := range w.hs {
		t := handsetTruth{MSISDN: "+" + h.digits, IMSI: h.imsi, MNC: h.mnc, IMEIs: []string{h.imeis[0]}}
		if h.swapAt != 0 {
			t.IMEIs = append(t.IMEIs, h.imeis[1])
		}
		owner := h
		if h.follows >= 0 {
			owner = w.hs[h.follows]
		}
		t.HomeCell = w.reg.serving(h.mnc, owner.home, w.start, false).key()
		lat, lon := owner.home.latLon()
		t.Home = [2]float64{round6(lat), round6(lon)}
		if owner.works {
			t.WorkCell = w.reg.serving(h.mnc, owner.work, w.start+12*3600, false).key()
			lat, lon = owner.work.latLon()
			t.Work = &[2]float64{round6(lat), round6(lon)}
		}
		w.truth.Handsets = append(w.truth.Handsets, t)
	}
}
