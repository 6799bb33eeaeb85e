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
		TargetEvents: o.TargetEvents, Dirty: o.Dirty, Files: o.Files}
	t.Period = periodTruth{Start: sum.Start, End: sum.End, Zone: tzName}
	t.Region = regionTruth{Centre: [2]float64{centreLat, centreLon}, SizeKm: 2 * halfSide / 1000, Operators: operators,
		Sites: sum.Sites, Cells: sum.Cells, CellRows: sum.CellRows}
	for _, h := range w.hs {
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
