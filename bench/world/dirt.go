package world

import (
	"bytes"
	"strings"
	"time"
)

// With Options.Dirty the first CDR file gets what real deliveries have and a
// loader must cope with, each recorded in truth.json with its line number:
// malformed lines of distinct kinds (to be rejected), exact duplicate rows
// (to be kept and marked), local times in the hour the spring change skips
// and the hour the autumn change repeats (to be flagged), and a dialled
// number with the "(D)" marker. A malformed line is made from the real row
// just written with one field spoiled, so each has exactly one thing wrong.
// The cell lists and the ANPR file get one or two malformed rows each
// (cellfiles.go, anpr.go).

type dirtKind uint8

const (
	dupNow   dirtKind = iota // write the row just written again
	save                     // keep the row just written
	dupSaved                 // write a kept row again
	malformed
	plantRow
)

type badKind uint8

const (
	badFields badKind = iota
	badTime
	noSubject
	badDirection
	badCell
	garbage
)

// badReasons are the reasons (and the field a loader names) of each kind.
var badReasons = [...]struct{ field, reason string }{
	badFields:    {"", "wrong number of fields"},
	badTime:      {"start_time", "unreadable start_time"},
	noSubject:    {"subject_msisdn", "no subject: number, IMSI and IMEI all empty"},
	badDirection: {"direction", "unknown direction"},
	badCell:      {"start_cell", "unreadable cell id"},
	garbage:      {"", "binary garbage (not UTF-8)"},
}

// injection is one piece of dirt, planted after the given number of real rows.
type injection struct {
	after int64
	kind  dirtKind
	slot  int     // save, dupSaved
	bad   badKind // malformed
	row   int     // plantRow: index into dirtWriter.rows
}

// plantedRow is a valid row planted whole: a clock-change local time or a
// dialled-number marker.
type plantedRow struct {
	text    []byte // from the comma after the record id
	clock   *clockTruth
	dialled *lineTruth
}

type dirtWriter struct {
	w          *world
	cw         *cdrWriter
	o          *out
	plan       []injection
	i          int
	real       int64 // real rows written
	lineOfLast int64 // line of the last real row
	saved      [2][]byte
	savedLine  [2]int64
	last       []byte // the last real row (or planted row when there is none) and its line
	lastLine   int64
	rows       []plantedRow
	id         []byte
}

func (w *world) newDirt(cw *cdrWriter) *dirtWriter {
	d := &dirtWriter{w: w, cw: cw, o: cw.outs[0]}
	d.rows = w.plantedRows()
	d.plan = []injection{
		{after: 20, kind: dupNow},
		{after: 30, kind: malformed, bad: badFields},
		{after: 45, kind: save, slot: 0},
		{after: 55, kind: plantRow, row: 0},
		{after: 70, kind: malformed, bad: badTime},
		{after: 85, kind: malformed, bad: noSubject},
		{after: 100, kind: plantRow, row: 1},
		{after: 115, kind: malformed, bad: badDirection},
		{after: 130, kind: dupSaved, slot: 0},
		{after: 145, kind: malformed, bad: badCell},
		{after: 160, kind: malformed, bad: garbage},
		{after: 175, kind: plantRow, row: 2},
		{after: 190, kind: save, slot: 1},
		{after: 205, kind: dupSaved, slot: 1},
	}
	return d
}

// after is told of each real row written to the first file.
func (d *dirtWriter) after(id, line []byte) {
	d.real++
	d.lineOfLast = d.o.line
	for d.i < len(d.plan) && d.plan[d.i].after == d.real {
		d.do(d.plan[d.i], id, line, d.o.line)
		d.i++
	}
}

// keepLast remembers the last real row of a buffer, for the dirt planted
// after the file's last row.
func (d *dirtWriter) keepLast(id, line []byte) {
	d.last = append(append(d.last[:0], id...), line...)
	d.lastLine = d.lineOfLast
}

// finish plants what the file was too short for, after its last row.
func (d *dirtWriter) finish() {
	if d.last == nil {
		// No real row at all: a planted row stands in.
		for k := d.i; k < len(d.plan); k++ {
			if d.plan[k].kind == plantRow && d.plan[k].row < len(d.rows) {
				inj := d.plan[k]
				d.plan = append(d.plan[:k:k], d.plan[k+1:]...)
				d.do(inj, nil, nil, 0)
				break
			}
		}
	}
	for ; d.i < len(d.plan); d.i++ {
		id, line, _ := bytes.Cut(d.last, []byte{','})
		d.do(d.plan[d.i], id, append([]byte{','}, line...), d.lastLine)
	}
}

func (d *dirtWriter) write(b []byte) int64 { return d.o.row(b, true) }

func (d *dirtWriter) do(inj injection, id, line []byte, lineNo int64) {
	t := &d.w.truth
	name := d.o.name
	switch inj.kind {
	case dupNow:
		n := d.write(append(append([]byte(nil), id...), line...))
		d.o.dups++
		t.Duplicates = append(t.Duplicates, dupTruth{File: name, Line: n, CopyOf: lineNo})
	case save:
		d.saved[inj.slot] = append(append(d.saved[inj.slot][:0], id...), line...)
		d.savedLine[inj.slot] = lineNo
	case dupSaved:
		if d.saved[inj.slot] == nil {
			d.saved[inj.slot], d.savedLine[inj.slot] = append(append([]byte(nil), id...), line...), lineNo
		}
		n := d.write(d.saved[inj.slot])
		d.o.dups++
		t.Duplicates = append(t.Duplicates, dupTruth{File: name, Line: n, CopyOf: d.savedLine[inj.slot]})
	case malformed:
		n := d.write(d.spoil(inj.bad, line))
		d.o.bad++
		r := badReasons[inj.bad]
		t.Malformed = append(t.Malformed, malformedTruth{File: name, Line: n, Field: r.field, Reason: r.reason})
	case plantRow:
		if inj.row >= len(d.rows) {
			return // fewer clock changes in the period than slots for them
		}
		row := d.rows[inj.row]
		d.id = d.cw.nextID(d.id[:0])
		b := append(append([]byte(nil), d.id...), row.text...)
		n := d.write(b)
		if d.last == nil {
			d.last, d.lastLine = b, n
		}
		switch {
		case row.clock != nil:
			c := *row.clock
			c.File, c.Line = name, n
			t.ClockChanges = append(t.ClockChanges, c)
		case row.dialled != nil:
			c := *row.dialled
			c.File, c.Line = name, n
			t.Dialled = append(t.Dialled, c)
		}
	}
}

// CDR fields after record_id, by index.
const (
	fMSISDN = iota
	fIMSI
	fIMEI
	fOther
	fDirection
	fKind
	fStart
	fEnd
	fDuration
	fZone
	fStartCell
)

// spoil makes a malformed line of kind k from a real row (line is the row
// from the comma after its record id), under a record id of its own.
func (d *dirtWriter) spoil(k badKind, line []byte) []byte {
	d.id = d.cw.nextID(d.id[:0])
	if k == garbage {
		// What a corrupt export or a stray binary attachment looks like: no
		// newline, no quote, not UTF-8.
		return append(append([]byte(nil), d.id...), "\x89PNG\x1a\x00\x00\x0dIHDR\xff\xd8\xff\xe0\x00\x10JFIF\x00,\x01\x01\xfe\xed\xfa\xce"...)
	}
	f := strings.Split(string(line[1:]), ",")
	switch k {
	case badFields:
		f = f[:12] // the row cut short
	case badTime:
		f[fStart] = f[fStart][:min(10, len(f[fStart]))] + "T25:61:00Z"
		f[fEnd], f[fZone] = "", ""
	case noSubject:
		f[fMSISDN], f[fIMSI], f[fIMEI] = "", "", ""
	case badDirection:
		f[fDirection] = "sideways"
	case badCell:
		// A letter O typed for a zero.
		f[fStartCell] = "234-" + itoa(d.w.hs[0].mnc) + "-1O" + itoa(100+int(d.cw.seq%800)) + "-31010"
	}
	return append(append(append([]byte(nil), d.id...), ','), strings.Join(f, ",")...)
}

// plantedRows are the valid rows planted whole: a call with a dialled-number
// marker, and a local time in each hour a Europe/London clock change skips
// or repeats, for each change that falls inside the period (a row outside it
// would widen the case's date range for no gain).
func (w *world) plantedRows() []plantedRow {
	h := w.hs[0]
	for _, c := range w.hs {
		if c.file == 0 && len(c.role) == 0 {
			h = c
			break
		}
	}
	wk := newWorker(w)
	defer func() { w.caps = append(w.caps, wk.caps...) }() // for the dumps
	r := newRNG().reset(w.opts.Seed, streamDirt)
	other := -1 - h.favs[0]
	var rows []plantedRow

	// A dialled number, as some providers mark it: "(D)" after the digits.
	ev := event{kind: voice, dir: dirOut, dur: callLength(r), other: other}
	u := w.cal.unix(0, int32(20*3600+1800+r.IntN(1800)))
	f := strings.Split(string(wk.row(nil, h, u, &ev, r, true)[1:]), ",")
	f[fOther] += "(D)"
	rows = append(rows, plantedRow{text: []byte("," + strings.Join(f, ",")), dialled: &lineTruth{OtherParty: f[fOther], MSISDN: "+" + h.digitsAt(u)}})

	// The clock changes.
	mid := w.opts.Start.Add(time.Duration(w.opts.Days) * 12 * time.Hour)
	for _, spring := range []bool{true, false} {
		ch, ok := nearestChange(mid, spring)
		if !ok {
			continue
		}
		var wall int64 // wall clock, seconds since 1970 of it
		flag := "ambiguous"
		if spring {
			wall = ch.at + ch.before + 1800 // half-way through the skipped hour
			flag = "nonexistent"
		} else {
			wall = ch.at + ch.after + 1800 // half-way through the repeated hour
		}
		u := wall - ch.before // as a loader resolves it: the offset before the change
		ev := event{kind: sms, dir: dirIn, other: other}
		f := strings.Split(string(wk.row(nil, h, u, &ev, r, true)[1:]), ",")
		text := string(appendStamp(nil, wall, ' '))
		f[fStart], f[fEnd], f[fZone] = text, "", tzName
		in := u >= w.opts.Start.Unix() && u < w.opts.Start.AddDate(0, 0, w.opts.Days).Unix()
		if !in {
			continue
		}
		rows = append(rows, plantedRow{text: []byte("," + strings.Join(f, ",")), clock: &clockTruth{
			TimeText: text, Zone: tzName, Flag: flag, UTC: time.Unix(u, 0).UTC(), InPeriod: in, MSISDN: "+" + h.digitsAt(u)}})
	}
	return rows
}

// change is one change of the zone's offset.
type change struct{ at, before, after int64 }

// nearestChange is the Europe/London change (forward in spring, back in
// autumn) nearest t.
func nearestChange(t time.Time, spring bool) (change, bool) {
	var best change
	found := false
	cur := time.Date(t.Year()-1, 1, 1, 0, 0, 0, 0, london)
	end := time.Date(t.Year()+2, 1, 1, 0, 0, 0, 0, london)
	for cur.Before(end) {
		_, off := cur.Zone()
		_, next := cur.ZoneBounds()
		if next.IsZero() {
			break
		}
		next = next.In(london)
		_, off2 := next.Zone()
		c := change{next.Unix(), int64(off), int64(off2)}
		if off2 != off && (off2 > off) == spring {
			if !found || abs(c.at-t.Unix()) < abs(best.at-t.Unix()) {
				best, found = c, true
			}
		}
		cur = next
	}
	return best, found
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
