package world

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Version changes whenever the same options would give different bytes.
const Version = "3"

// Options say what world to make.
type Options struct {
	Seed         int64     // same seed and options give byte-identical files
	Handsets     int       // at least 12 (the planted truths need them)
	Days         int       // at least 1
	Start        time.Time // first day, as a UK local date; zero = 2026-03-27
	EventsPerDay float64   // mean events per handset per day (calls, SMS, data); 0 = 40
	TargetEvents int64     // when > 0, sets EventsPerDay so the total is about this
	Dirty        bool      // plant malformed lines, duplicates and clock-change local times
	Files        int       // split the CDR into this many files, by handset; 0 = 1
	DumpRows     int       // bystander rows in each tower dump; 0 = 2000, negative = none
}

// DefaultOptions is a small world: a dozen handsets over three days that
// include the Europe/London spring clock change (29 March 2026, 01:00 UTC).
func DefaultOptions() Options {
	return Options{Seed: 1, Handsets: 12, Days: 3, Start: time.Date(2026, 3, 27, 0, 0, 0, 0, time.UTC), EventsPerDay: 40, Files: 1, DumpRows: 2000}
}

// Summary says what Generate wrote.
type Summary struct {
	Dir      string
	Files    []FileSummary // in the order written; truth.json last
	Events   int64         // events generated (CDR rows but the planted dirt)
	Handsets int           // the world's subscribers (the clone is not one)
	Sites    int
	Cells    int // distinct cells
	CellRows int // good rows of cells.csv: one per version of a cell
	Start    time.Time
	End      time.Time // exclusive
}

// FileSummary is one written file.
type FileSummary struct {
	Name       string `json:"name"`
	Kind       string `json:"kind"` // cdr, cells, anpr, towerdump or truth
	Profile    string `json:"profile,omitempty"`
	Rows       int64  `json:"rows"`       // data rows written, malformed ones included
	Bad        int64  `json:"bad"`        // malformed rows planted
	Duplicates int64  `json:"duplicates"` // duplicate rows planted
}

// minHandsets is how many handsets the planted roles need: the carrier and
// the carried handset, the handset swap, the three who meet, the SIM swap,
// the cloned number, the tower-dump offender and a convoy of two, and one
// handset with no role.
const minHandsets = 12

// ErrOptions is wrapped by the errors of options Generate cannot use.
var ErrOptions = errors.New("world: bad options")

// world is the state of one generation. Once set up it is only read, so the
// workers share it.
type world struct {
	opts      Options
	cal       *calendar
	reg       *region
	places    []*place
	hs        []*handset
	edges     []edge
	externals []external
	roads     []road
	plant     planted
	changes   []cellChange
	epochs    []int64
	cameras   []camera

	plantedPairs map[pairKey][]plantedPair
	edgePlanted  []bool
	plantedSolo  map[soloKey][]event
	caps         []capture // CDR rows kept for the tower dumps and the clone's truth, in file order
	truth        truthFile
}

// planted says who and where the planted truths are.
type planted struct {
	carrier, carried, swap int
	trio                   [3]int
	road                   int // index into roads
	meetPlace              int32
	meetDay                int
	meetAt                 int64

	pairs         [][2]int // every carried pair (carrier, carried), the first as above
	victim, clone int      // the cloned number's own handset, and the clone (the last of w.hs)
	offender      int
	offenderDays  []int // the days of its three scenes
	convoys       []convoy
	scenes        []scene // in time order
	guarded       []int32 // places whose serving sites keep still
}

type pairKey struct {
	edge      int32
	day, hour int
}

type soloKey struct{ h, day, hour int }

func (o *Options) normalise() error {
	if o.Start.IsZero() {
		o.Start = DefaultOptions().Start
	}
	y, m, d := o.Start.Date()
	o.Start = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if o.EventsPerDay <= 0 {
		o.EventsPerDay = DefaultOptions().EventsPerDay
	}
	if o.Files < 1 {
		o.Files = 1
	}
	switch {
	case o.DumpRows == 0:
		o.DumpRows = DefaultOptions().DumpRows
	case o.DumpRows < 0:
		o.DumpRows = 0
	}
	switch {
	case o.Handsets < minHandsets:
		return fmt.Errorf("%w: at least %d handsets are needed to plant the truths (got %d)", ErrOptions, minHandsets, o.Handsets)
	case o.Handsets > 790_000:
		return fmt.Errorf("%w: at most 790000 handsets (got %d)", ErrOptions, o.Handsets)
	case o.DumpRows > 50_000_000:
		return fmt.Errorf("%w: at most 50000000 bystander rows per tower dump (got %d)", ErrOptions, o.DumpRows)
	case o.Days < 1:
		return fmt.Errorf("%w: at least one day (got %d)", ErrOptions, o.Days)
	case o.Files > o.Handsets:
		return fmt.Errorf("%w: more CDR files (%d) than handsets (%d)", ErrOptions, o.Files, o.Handsets)
	case o.TargetEvents < 0:
		return fmt.Errorf("%w: negative target events", ErrOptions)
	}
	return nil
}

// Generate writes the world into dir (created if missing) and returns what
// it wrote. It streams: memory does not grow with the number of events.
func Generate(ctx context.Context, opts Options, dir string) (Summary, error) {
	if err := opts.normalise(); err != nil {
		return Summary{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Summary{}, fmt.Errorf("world: %w", err)
	}
	w := &world{opts: opts}
	w.cal = newCalendar(opts.Start, opts.Days)
	w.reg = newRegion(opts.Seed)
	w.people()
	w.changeCells()
	w.serve()
	w.setScenes()
	if opts.TargetEvents > 0 {
		w.opts.EventsPerDay = float64(opts.TargetEvents) / w.expectedEvents()
	}
	w.plantEvents()
	w.placeCameras()

	sum := Summary{Dir: dir, Handsets: opts.Handsets, Sites: len(w.reg.sites), Cells: len(w.reg.cells),
		Start: time.Unix(w.cal.unix(0, 0), 0).UTC(), End: time.Unix(w.cal.unix(opts.Days, 0), 0).UTC()}
	var outs []*out
	var files []*os.File
	closeAll := func() error {
		var first error
		for i, o := range outs {
			if err := o.w.Flush(); err != nil && first == nil {
				first = err
			}
			if err := files[i].Close(); err != nil && first == nil {
				first = err
			}
		}
		outs, files = nil, nil
		return first
	}
	defer closeAll()
	create := func(name, kind, profile string) (*out, error) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("world: %w", err)
		}
		o := &out{name: name, kind: kind, profile: profile, w: bufio.NewWriterSize(f, 1<<20)}
		outs, files = append(outs, o), append(files, f)
		return o, nil
	}
	var cellOuts [4]*out
	for i, spec := range [][2]string{
		{"cells.csv", "mast-cells"},
		{"cells_opencellid.csv", "opencellid"},
		{"cells_opencellid_header.csv", "opencellid"},
		{"cells_osgb.csv", "osgb-cells"},
	} {
		o, err := create(spec[0], "cells", spec[1])
		if err != nil {
			return Summary{}, err
		}
		cellOuts[i] = o
	}
	var cdrs []*out
	for i := range opts.Files {
		o, err := create(w.cdrName(i), "cdr", "mast-cdr")
		if err != nil {
			return Summary{}, err
		}
		cdrs = append(cdrs, o)
	}
	anpr, err := create("anpr.csv", "anpr", "anpr-simple")
	if err != nil {
		return Summary{}, err
	}
	var dumps []*out
	for i := range w.plant.scenes {
		o, err := create(dumpName(i), "towerdump", "towerdump")
		if err != nil {
			return Summary{}, err
		}
		dumps = append(dumps, o)
	}

	sum.CellRows = w.writeCells(cellOuts)
	if err := w.writeANPR(ctx, anpr); err != nil {
		return Summary{}, err
	}
	if sum.Events, err = w.writeCDR(ctx, cdrs); err != nil {
		return Summary{}, err
	}
	if err := w.writeDumps(ctx, dumps); err != nil {
		return Summary{}, err
	}
	for _, o := range outs {
		sum.Files = append(sum.Files, o.summary())
	}
	if err := closeAll(); err != nil {
		return Summary{}, fmt.Errorf("world: %w", err)
	}
	w.truth.Files = sum.Files
	w.finishTruth(sum)
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

// cdrName is the name of CDR file i (from 0).
func (w *world) cdrName(i int) string {
	if w.opts.Files == 1 {
		return "cdr.csv"
	}
	return "cdr_" + pad(i+1, 3) + ".csv"
}

// plantEvents makes the events of the planted meeting (a message to the
// next of the three on the way there, and data sessions while there) and
// the offender's at the tower-dump scenes.
func (w *world) plantEvents() {
	w.plantedPairs = map[pairKey][]plantedPair{}
	w.plantedSolo = map[soloKey][]event{}
	w.edgePlanted = make([]bool, len(w.edges))
	w.offenderEvents()
	d, at := w.cal.day(w.plant.meetAt)
	for k, i := range w.plant.trio {
		j := w.plant.trio[(k+1)%3]
		for ei, e := range w.edges {
			if (e.a == int32(i) && e.b == int32(j)) || (e.a == int32(j) && e.b == int32(i)) {
				wall := at - 1500 + int32(k)*240
				key := pairKey{int32(ei), d, int(wall / 3600)}
				w.plantedPairs[key] = append(w.plantedPairs[key], plantedPair{wall: wall, from: int32(i), kind: sms})
				w.edgePlanted[ei] = true
			}
		}
		for m, off := range []int32{600, 1800, 3000} {
			wall := at + off + int32(k*97+m*13)
			key := soloKey{i, d, int(wall / 3600)}
			w.plantedSolo[key] = append(w.plantedSolo[key], event{wall: wall, kind: data, dir: dirNone, dur: 300 + int32(m)*60, other: noOther})
		}
	}
}
