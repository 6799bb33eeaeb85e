package world

import "time"

// truthFile is truth.json: what the generator planted, for tests and for
// scoring analyses. docs/world.md describes it. Each kind of planted pattern
// is a top-level list, so a new pattern (a convoy, a SIM swap, a cloned SIM,
// a tower-dump offender) is a new list and old readers are not disturbed.
type truthFile struct {
	Generator string       `json:"generator"`
	Version   string       `json:"version"`
	Seed      int64        `json:"seed"`
	Options   optionsTruth `json:"options"`
	Period    periodTruth  `json:"period"`
	Region    regionTruth  `json:"region"`

	Handsets        []handsetTruth `json:"handsets"`
	CarriedTogether []carriedTruth `json:"carried_together"`
	HandsetSwap     []swapTruth    `json:"handset_swap"`
	Meeting         []meetingTruth `json:"meeting"`
	Vehicle         []vehicleTruth `json:"vehicle"`
	CellChanges     []cellChange   `json:"cell_changes"`

	// Version 3.
	CarriedPairs          []carriedTruth  `json:"carried_pairs"` // every carried pair; the first is carried_together's
	Convoys               []convoyTruthT  `json:"convoys"`
	SIMSwap               []simSwapTruth  `json:"sim_swap"`
	ClonedSIM             []clonedTruth   `json:"cloned_sim"`
	TowerDumps            []sceneTruth    `json:"tower_dumps"`
	TowerDumpOffenders    []offenderTruth `json:"tower_dump_offenders"`
	TowerDumpRepeats      []repeatTruth   `json:"tower_dump_repeats"`
	BystandersAtTwoOrMore int             `json:"bystanders_at_two_or_more"`

	Files        []FileSummary    `json:"files"`
	Malformed    []malformedTruth `json:"malformed"`
	Duplicates   []dupTruth       `json:"duplicates"`
	ClockChanges []clockTruth     `json:"clock_changes"`
	Dialled      []lineTruth      `json:"dialled_marker"`
}

type optionsTruth struct {
	Seed         int64     `json:"seed"`
	Handsets     int       `json:"handsets"`
	Days         int       `json:"days"`
	Start        time.Time `json:"start"`
	EventsPerDay float64   `json:"events_per_day"` // as used (TargetEvents sets it)
	TargetEvents int64     `json:"target_events,omitempty"`
	Dirty        bool      `json:"dirty"`
	Files        int       `json:"files"`
	DumpRows     int       `json:"dump_rows"` // bystander rows per tower dump
}

type periodTruth struct {
	Start time.Time `json:"start"` // the first local midnight
	End   time.Time `json:"end"`   // exclusive
	Zone  string    `json:"zone"`
}

type regionTruth struct {
	Centre    [2]float64 `json:"centre"` // lat, lon
	SizeKm    float64    `json:"size_km"`
	Operators []int      `json:"mnc"`
	Sites     int        `json:"sites"`
	Cells     int        `json:"cells"`
	CellRows  int        `json:"cell_rows"`
}

type handsetTruth struct {
	MSISDN    string      `json:"msisdn"` // E.164
	IMSI      string      `json:"imsi"`
	IMEIs     []string    `json:"imeis"` // 15 digits; two for the swapped number, in order
	MNC       int         `json:"mnc"`
	File      string      `json:"file"`
	HomeCell  string      `json:"home_cell"` // canonical cell key
	WorkCell  string      `json:"work_cell,omitempty"`
	Home      [2]float64  `json:"home"` // lat, lon
	Work      *[2]float64 `json:"work,omitempty"`
	CarriedBy string      `json:"carried_by,omitempty"` // the number whose owner carries this handset
	Roles     []string    `json:"roles,omitempty"`
}

type carriedTruth struct {
	A    string    `json:"a"` // the owner's own handset
	B    string    `json:"b"` // goes wherever a goes, all period
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

type swapTruth struct {
	MSISDN   string    `json:"msisdn"`
	IMSI     string    `json:"imsi"`
	FromIMEI string    `json:"from_imei"`
	ToIMEI   string    `json:"to_imei"`
	At       time.Time `json:"at"` // the old IMEI is not seen from here on
}

type meetingTruth struct {
	MSISDNs []string          `json:"msisdns"`
	Start   time.Time         `json:"start"`
	End     time.Time         `json:"end"`
	Lat     float64           `json:"lat"`
	Lon     float64           `json:"lon"`
	Zone    string            `json:"zone"`
	Cells   map[string]string `json:"cells"` // number → the cell serving it there
}

type cameraTruth struct {
	ID   string  `json:"id"`
	Name string  `json:"name"`
	Lat  float64 `json:"lat"`
	Lon  float64 `json:"lon"`
}

type vehicleTruth struct {
	VRM     string        `json:"vrm"`     // normalised: upper case, no spaces
	Written []string      `json:"written"` // the forms in anpr.csv
	Driver  string        `json:"driver"`
	Carried []string      `json:"carried"` // numbers of the handsets in the car
	Route   string        `json:"route"`
	Cameras []cameraTruth `json:"cameras"` // on the commute, in order from home
	Reads   int           `json:"reads"`
}

type journeyTruth struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	From  string    `json:"from"` // "meeting_point" or "destination"
	To    string    `json:"to"`
}

type convoyTruthT struct {
	VRM          string         `json:"vrm"`     // normalised: upper case, no spaces
	Written      []string       `json:"written"` // the forms in anpr.csv
	Members      []string       `json:"members"` // the two handsets' numbers, driver first
	Driver       string         `json:"driver"`
	MNC          int            `json:"mnc"` // both members' network
	Route        string         `json:"route"`
	MeetingPoint [2]float64     `json:"meeting_point"` // lat, lon
	Destination  [2]float64     `json:"destination"`
	Journeys     []journeyTruth `json:"journeys"` // together in the car, in time order
	Cameras      []cameraTruth  `json:"cameras"`  // on the road between, in order from the meeting point
	Reads        int            `json:"reads"`
}

type simSwapTruth struct {
	IMEI       string    `json:"imei"` // 15 digits; the handset keeps it
	FromIMSI   string    `json:"from_imsi"`
	FromMSISDN string    `json:"from_msisdn"`
	ToIMSI     string    `json:"to_imsi"`
	ToMSISDN   string    `json:"to_msisdn"`
	At         time.Time `json:"at"` // the first SIM is not seen from here on
}

type hopEnd struct {
	At   time.Time `json:"at"`
	IMEI string    `json:"imei"`
	Cell string    `json:"cell"`
	Lat  float64   `json:"lat"` // the serving site
	Lon  float64   `json:"lon"`
}

type hopTruth struct {
	A       hopEnd  `json:"a"`
	B       hopEnd  `json:"b"` // the next event of the number after a
	Km      float64 `json:"km"`
	Seconds int64   `json:"seconds"`
	Kmh     float64 `json:"kmh"` // 0 when seconds is 0
}

type clonedTruth struct {
	MSISDN         string     `json:"msisdn"`
	IMSI           string     `json:"imsi"`
	IMEI           string     `json:"imei"`       // the number's own handset
	CloneIMEI      string     `json:"clone_imei"` // the clone
	From           time.Time  `json:"from"`
	To             time.Time  `json:"to"`
	Home           [2]float64 `json:"home"` // the owner's
	CloneHome      [2]float64 `json:"clone_home"`
	ImpossibleHops int        `json:"impossible_hops"` // consecutive events, one of each IMEI, sites >= 10 km apart at > 200 km/h
	Impossible     []hopTruth `json:"impossible"`      // the first five of them
}

type sceneTruth struct {
	Scene         int       `json:"scene"` // 1-based, in time order
	File          string    `json:"file"`
	Profile       string    `json:"profile"`
	MNC           int       `json:"mnc"`
	Cells         []string  `json:"cells"` // canonical keys
	From          time.Time `json:"from"`
	To            time.Time `json:"to"`  // exclusive
	Lat           float64   `json:"lat"` // the place
	Lon           float64   `json:"lon"`
	Zone          string    `json:"zone"`
	Rows          int64     `json:"rows"`
	BystanderRows int64     `json:"bystander_rows"`
	World         []string  `json:"world"` // numbers of the world's handsets in the dump
}

type offenderTruth struct {
	MSISDN string `json:"msisdn"`
	IMSI   string `json:"imsi"`
	IMEI   string `json:"imei"`
	Scenes []int  `json:"scenes"`
}

type repeatTruth struct {
	MSISDN    string `json:"msisdn"`
	IMSI      string `json:"imsi"`
	IMEI      string `json:"imei"`
	Scenes    []int  `json:"scenes"`
	Bystander bool   `json:"bystander"` // false: one of the world's handsets
}

type malformedTruth struct {
	File   string `json:"file"`
	Line   int64  `json:"line"` // 1-based line of the file
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

type dupTruth struct {
	File   string `json:"file"`
	Line   int64  `json:"line"`    // the duplicate
	CopyOf int64  `json:"copy_of"` // the line it repeats
}

type clockTruth struct {
	File     string    `json:"file"`
	Line     int64     `json:"line"`
	MSISDN   string    `json:"msisdn"`
	TimeText string    `json:"time_text"`
	Zone     string    `json:"zone"`
	Flag     string    `json:"flag"` // "nonexistent" (skipped hour) or "ambiguous" (repeated hour)
	UTC      time.Time `json:"utc"`  // read with the offset before the change (the earlier instant)
	InPeriod bool      `json:"in_period"`
}

type lineTruth struct {
	File       string `json:"file"`
	Line       int64  `json:"line"`
	MSISDN     string `json:"msisdn"`
	OtherParty string `json:"other_party"`
}

func latLonOf(p point) [2]float64 {
	lat, lon := p.latLon()
	return [2]float64{round6(lat), round6(lon)}
}

// finishTruth fills what truth.json says about the world itself.
func (w *world) finishTruth(sum Summary) {
	t := &w.truth
	o := w.opts
	t.Generator, t.Version, t.Seed = "mast bench/world", Version, o.Seed
	t.Options = optionsTruth{Seed: o.Seed, Handsets: o.Handsets, Days: o.Days, Start: o.Start, EventsPerDay: o.EventsPerDay,
		TargetEvents: o.TargetEvents, Dirty: o.Dirty, Files: o.Files, DumpRows: o.DumpRows}
	t.Period = periodTruth{Start: sum.Start, End: sum.End, Zone: tzName}
	t.Region = regionTruth{Centre: [2]float64{centreLat, centreLon}, SizeKm: 2 * halfSide / 1000, Operators: operators,
		Sites: sum.Sites, Cells: sum.Cells, CellRows: sum.CellRows}
	for _, h := range w.hs[:o.Handsets] {
		own := w.ownerOf(h)
		ht := handsetTruth{MSISDN: "+" + h.digits, IMSI: string(h.imsi), IMEIs: []string{string(h.imei[0][0])}, MNC: h.mnc,
			File: w.cdrName(h.file), Roles: h.role}
		if h.swapAt != never {
			ht.IMEIs = append(ht.IMEIs, string(h.imei[1][0]))
		}
		home := w.places[own.home]
		ht.HomeCell, ht.Home = home.srv[h.oi][0].best.key, latLonOf(home.pos)
		if own.work >= 0 {
			work := w.places[own.work]
			ht.WorkCell, ht.Work = work.srv[h.oi][0].best.key, ptr(latLonOf(work.pos))
		}
		if own != h {
			ht.CarriedBy = "+" + own.digits
		}
		t.Handsets = append(t.Handsets, ht)
	}
	p := w.plant
	a, b, sw := w.hs[p.carrier], w.hs[p.carried], w.hs[p.swap]
	t.CarriedTogether = []carriedTruth{{A: "+" + a.digits, B: "+" + b.digits, From: sum.Start, To: sum.End}}
	t.HandsetSwap = []swapTruth{{MSISDN: "+" + sw.digits, IMSI: string(sw.imsi), FromIMEI: string(sw.imei[0][0]), ToIMEI: string(sw.imei[1][0]),
		At: time.Unix(sw.swapAt, 0).UTC()}}
	mp := w.places[p.meetPlace]
	lat, lon := mp.pos.latLon()
	mt := meetingTruth{Start: time.Unix(p.meetAt, 0).UTC(), End: time.Unix(p.meetAt+3600, 0).UTC(), Lat: round6(lat), Lon: round6(lon),
		Zone: mp.zone.String(), Cells: map[string]string{}}
	for _, i := range p.trio {
		h := w.hs[i]
		mt.MSISDNs = append(mt.MSISDNs, "+"+h.digits)
		mt.Cells["+"+h.digits] = mp.srv[h.oi][w.epoch(p.meetAt)].best.key
	}
	t.Meeting = []meetingTruth{mt}
	for _, pr := range p.pairs {
		t.CarriedPairs = append(t.CarriedPairs, carriedTruth{A: "+" + w.hs[pr[0]].digits, B: "+" + w.hs[pr[1]].digits, From: sum.Start, To: sum.End})
	}
	for _, h := range w.hs {
		if h.sim2 != nil {
			t.SIMSwap = append(t.SIMSwap, simSwapTruth{IMEI: string(h.imei[0][0]), FromIMSI: string(h.imsi), FromMSISDN: "+" + h.digits,
				ToIMSI: string(h.sim2.imsi), ToMSISDN: "+" + h.sim2.digits, At: time.Unix(h.simAt, 0).UTC()})
		}
	}
	t.ClonedSIM = []clonedTruth{w.cloneTruth()}
	t.CellChanges = w.changes
	// Empty lists rather than null, for readers in any language.
	if t.CellChanges == nil {
		t.CellChanges = []cellChange{}
	}
	if t.Malformed == nil {
		t.Malformed = []malformedTruth{}
	}
	if t.Duplicates == nil {
		t.Duplicates = []dupTruth{}
	}
	if t.ClockChanges == nil {
		t.ClockChanges = []clockTruth{}
	}
	if t.Dialled == nil {
		t.Dialled = []lineTruth{}
	}
}
