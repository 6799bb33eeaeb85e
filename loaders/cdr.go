package loaders

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/zeebo/xxh3"

	"github.com/mastcdr/mast/loaders/normalize"
)

// isDirection and isEventKind say whether s is a canonical value of
// events.direction and events.kind (switches: a map lookup per row cost more).
func isDirection(s string) bool {
	switch s {
	case "out", "in", "fwd", "none":
		return true
	}
	return false
}

func isEventKind(s string) bool {
	switch s {
	case "voice", "sms", "mms", "data", "voicemail", "forward":
		return true
	}
	return false
}

// eventRows builds events rows. One per worker.
type eventRows struct {
	pl     *plan
	c      columns
	fps    []uint64
	n      int
	phones *normalize.PhoneNormalizer
	times  *normalize.TimeParser
	ends   *normalize.TimeParser
	cells  *normalize.CellParser
	zones  map[string]*time.Location
	g      struct{ recordID, msisdn, imsi, imei, other, direction, kind, callType, start, end, duration, zone, startCell, endCell, ta, lat, lon, latLon, location, charging, calling, called *getter }
	fpBuf  []byte
	sw     *getter // cell_switch: the CDMA switch (NEID) of the row's sector-prefixed cells
	// last keeps the last texts read and what they gave: a file sorted by
	// subject repeats the subject's number, IMSI and IMEI row after row.
	// A row's end cell is mostly its start cell, and its start cell mostly
	// the cell of the row before.
	last struct {
		msisdn memo[normalize.Phone]
		imsi   memo[imsiResult]
		imei   memo[imeiResult]
		cell   memo[cellMemo]
	}
	// others and cellKeys keep the other parties and cells read lately: a
	// subject's contacts and cells come back again and again, but seldom
	// twice in a row.
	others   textCache[normalize.Phone]
	cellKeys textCache[cellMemo]
}

// textCache is a direct-mapped cache of values by the text they were read
// from: each text has one slot (by its hash), and a newer text with the same
// slot takes it. A value must not view its text: the cache outlives the
// block.
type textCache[T any] struct {
	seed  maphash.Seed
	slots []textSlot[T]
}

type textSlot[T any] struct {
	text string
	v    T
}

const textCacheSlots = 4096 // a power of two

// slot returns the slot of text and whether it holds text's value. On a
// miss the caller reads text and keeps the value with fill.
func (c *textCache[T]) slot(text string) (*textSlot[T], bool) {
	if c.slots == nil {
		c.seed, c.slots = maphash.MakeSeed(), make([]textSlot[T], textCacheSlots)
	}
	s := &c.slots[maphash.String(c.seed, text)&(textCacheSlots-1)]
	return s, s.text == text && text != ""
}

// fill keeps v as the value of text in the slot, copying text.
func (s *textSlot[T]) fill(text string, v T) { s.text, s.v = strings.Clone(text), v }

type imsiResult struct {
	v   string
	err error
}

type imeiResult struct {
	whole, key string
	err        error
}

// cellMemo is a cell text's key, as read with the switch sw.
type cellMemo struct {
	key string
	sw  uint32
}

// memo is the last text a normaliser read and what it gave. The value must
// not view the text: the memo outlives the block.
type memo[T any] struct {
	text []byte
	v    T
	ok   bool
}

// get returns the value kept for text, if text is the last one.
func (m *memo[T]) get(text string) (T, bool) {
	if m.ok && string(m.text) == text {
		return m.v, true
	}
	var zero T
	return zero, false
}

// put keeps v as the value of text, copying text.
func (m *memo[T]) put(text string, v T) {
	m.text, m.v, m.ok = append(m.text[:0], text...), v, true
}

func newEventRows(pl *plan) (rowBuilder, error) {
	p := pl.profile
	phones, err := normalize.NewPhoneNormalizer(pl.opts.Region)
	if err != nil {
		return nil, fmt.Errorf("region %q: %w", pl.opts.Region, err)
	}
	r := &eventRows{pl: pl, c: newColumns(eventsSchema, eventsSchema.NumFields()-2, pl.schema), phones: phones, zones: map[string]*time.Location{}}
	layouts := func(field string) []string {
		if f, ok := p.Fields[field]; ok && len(f.Layouts) > 0 {
			return f.Layouts
		}
		return p.Time.Layouts
	}
	if r.times, err = normalize.NewTimeParser(layouts("start_time"), pl.zone); err != nil {
		return nil, err
	}
	if r.ends, err = normalize.NewTimeParser(layouts("end_time"), pl.zone); err != nil {
		return nil, err
	}
	if r.cells, err = newCellParser(p.Cells); err != nil {
		return nil, err
	}
	r.g.recordID, r.g.msisdn, r.g.imsi, r.g.imei = pl.field("record_id"), pl.field("subject_msisdn"), pl.field("subject_imsi"), pl.field("subject_imei")
	r.g.other, r.g.direction, r.g.kind, r.g.callType = pl.field("other_party"), pl.field("direction"), pl.field("kind"), pl.field("call_type")
	r.g.start, r.g.end, r.g.duration, r.g.zone = pl.field("start_time"), pl.field("end_time"), pl.field("duration_s"), pl.field("time_zone")
	r.g.startCell, r.g.endCell, r.g.ta = pl.field("start_cell"), pl.field("end_cell"), pl.field("ta_m")
	r.g.lat, r.g.lon, r.g.latLon, r.g.location, r.g.charging = pl.field("lat"), pl.field("lon"), pl.field("lat_lon"), pl.field("location"), pl.field("charging_id")
	r.g.calling, r.g.called = pl.field("calling_party"), pl.field("called_party")
	r.sw = pl.field("cell_switch")
	return r, nil
}

func newCellParser(s CellSpec) (*normalize.CellParser, error) {
	cp := &normalize.CellParser{MCC: s.MCC, MNC: s.MNC, MNCDigits: s.MNCDigits, LACDigits: s.LACDigits}
	if s.Form != "" {
		f, err := normalize.ParseCellForm(s.Form)
		if err != nil {
			return nil, err
		}
		cp.Form = f
	}
	if s.Radio != "" {
		r, err := normalize.ParseRadio(s.Radio)
		if err != nil {
			return nil, err
		}
		cp.Radio = r
	}
	return cp, nil
}

func (r *eventRows) add(f [][]byte, line int64) (string, string, bool) {
	g := &r.g
	// Direction and kind, from their own columns or from a call type.
	var dir, kind string
	if g.callType != nil {
		v, ok := g.callType.mapped(f)
		if !ok {
			return "call_type", fmt.Sprintf("unknown call type %q", g.callType.text(f)), false
		}
		d, k, found := cut(v, '/')
		if !found {
			return "call_type", fmt.Sprintf("call type %q maps to %q; want direction/kind", g.callType.text(f), v), false
		}
		dir, kind = d, k
	}
	if g.direction != nil {
		v, ok := g.direction.mapped(f)
		if !ok || v == "" && dir == "" {
			return "direction", fmt.Sprintf("unknown direction %q", g.direction.text(f)), false
		}
		if v != "" {
			dir = v
		}
	}
	if g.kind != nil {
		v, ok := g.kind.mapped(f)
		if !ok || v == "" && kind == "" {
			return "kind", fmt.Sprintf("unknown kind %q", g.kind.text(f)), false
		}
		if v != "" {
			kind = v
		}
	}
	dir, kind = lowerASCII(dir), lowerASCII(kind)
	if !isDirection(dir) {
		return "direction", fmt.Sprintf("unknown direction %q (want out, in, fwd or none)", dir), false
	}
	if !isEventKind(kind) {
		return "kind", fmt.Sprintf("unknown kind %q (want voice, sms, mms, data, voicemail or forward)", kind), false
	}

	// Subject: at least one of number, IMSI, IMEI.
	msisdnRaw, imsiRaw, imeiRaw := g.msisdn.text(f), g.imsi.text(f), g.imei.text(f)
	otherRaw := g.other.text(f)
	if g.calling != nil {
		// The target is the calling party of what it originates and the
		// called party of what it receives.
		msisdnRaw, otherRaw = g.calling.text(f), g.called.text(f)
		if dir == "in" {
			msisdnRaw, otherRaw = otherRaw, msisdnRaw
		}
	}
	if msisdnRaw == "" && imsiRaw == "" && imeiRaw == "" {
		return "subject_msisdn", "no subject: number, IMSI and IMEI are all empty", false
	}
	var msisdn string
	if msisdnRaw != "" {
		ph, ok := r.last.msisdn.get(msisdnRaw)
		if !ok {
			ph = r.phones.Normalize(msisdnRaw)
			r.last.msisdn.put(msisdnRaw, ph)
		}
		if ph.Kind != normalize.PhoneE164 {
			return "subject_msisdn", fmt.Sprintf("subject number %q is not a telephone number", msisdnRaw), false
		}
		msisdn = ph.E164
	}
	var imsi string
	if imsiRaw != "" {
		got, ok := r.last.imsi.get(imsiRaw)
		if !ok {
			v, err := normalize.IMSI(imsiRaw)
			got = imsiResult{strings.Clone(v), err} // v may view imsiRaw
			r.last.imsi.put(imsiRaw, got)
		}
		v, err := got.v, got.err
		if err != nil {
			return "subject_imsi", err.Error(), false
		}
		imsi = v
	}
	var imei, imei14 string
	if imeiRaw != "" {
		got, ok := r.last.imei.get(imeiRaw)
		if !ok {
			whole, key, _, err := normalize.IMEI(imeiRaw)
			got = imeiResult{strings.Clone(whole), strings.Clone(key), err} // whole and key may view imeiRaw
			r.last.imei.put(imeiRaw, got)
		}
		whole, key, err := got.whole, got.key, got.err
		switch {
		case errors.Is(err, normalize.ErrNoIMEI):
			// A placeholder names no handset: no IMEI, so that it links nothing.
			if msisdn == "" && imsi == "" {
				return "subject_imei", fmt.Sprintf("no subject: number and IMSI are empty and IMEI %q is a placeholder", imeiRaw), false
			}
		case err != nil:
			return "subject_imei", err.Error(), false
		}
		imei, imei14 = whole, key
	}

	// Times.
	zone := r.pl.zone
	if zt := g.zone.text(f); zt != "" {
		loc, ok := r.zones[zt]
		if !ok {
			// zt views the block, whose buffer is reused: the zone keeps
			// its name, so it is given a copy.
			name := strings.Clone(zt)
			var err error
			if loc, err = time.LoadLocation(name); err != nil {
				return "time_zone", fmt.Sprintf("unknown time zone %q", zt), false
			}
			r.zones[name] = loc
		}
		zone = loc
	}
	startText := g.start.text(f)
	if startText == "" {
		return "start_time", "no start time", false
	}
	start, flag, explicit, err := r.times.ParseIn(startText, zone)
	if err != nil {
		return "start_time", err.Error(), false
	}
	zoneName := zone.String()
	if explicit {
		zoneName = offsetName(startText)
	}
	var dur int32
	hasDur := false
	if d := g.duration.text(f); d != "" {
		v, err := normalize.ParseDuration(d)
		if err != nil {
			return "duration_s", err.Error(), false
		}
		dur, hasDur = v, true
	}
	var end time.Time
	hasEnd := false
	if et := g.end.text(f); et != "" {
		v, _, _, err := r.ends.ParseIn(et, zone)
		if err != nil {
			return "end_time", err.Error(), false
		}
		if v.Before(start) {
			return "end_time", fmt.Sprintf("end %s is before start %s", et, startText), false
		}
		end, hasEnd = v, true
		if !hasDur {
			dur, hasDur = int32(v.Sub(start)/time.Second), true
		}
	} else if hasDur {
		end, hasEnd = start.Add(time.Duration(dur)*time.Second), true
	}

	// Cells.
	if r.sw != nil {
		sw := uint64(0)
		if t := r.sw.text(f); t != "" {
			if sw, err = uintField(t, 1<<32-1); err != nil {
				return "cell_switch", fmt.Sprintf("switch (NEID): %v", err), false
			}
		}
		r.cells.Switch = uint32(sw)
	}
	startCell, err := r.cell(g.startCell.text(f))
	if err != nil {
		return "start_cell", err.Error(), false
	}
	endCell, err := r.cell(g.endCell.text(f))
	if err != nil {
		return "end_cell", err.Error(), false
	}

	// Location evidence.
	var ta int64
	hasTA := false
	if t := g.ta.text(f); t != "" {
		v, err := strconv.ParseInt(t, 10, 32)
		if err != nil || v < 0 {
			return "ta_m", fmt.Sprintf("timing-advance distance %q is not a whole number of metres", t), false
		}
		ta, hasTA = v, true
	}
	latText, lonText := g.lat.text(f), g.lon.text(f)
	if both := g.latLon.text(f); both != "" && latText == "" {
		// One field holding both, as 21.29669/72.8915 or 21.29669,72.8915.
		var ok bool
		if latText, lonText, ok = strings.Cut(both, "/"); !ok {
			latText, lonText, _ = strings.Cut(both, ",")
		}
		latText, lonText = strings.TrimSpace(latText), strings.TrimSpace(lonText)
	}
	location := g.location.text(f)
	if latText == "" && lonText == "" && location != "" {
		latText, lonText = coordinatesIn(location)
	}
	lat, lon, hasPos, reason := latLon(latText, lonText)
	if reason != "" {
		return "lat", reason, false
	}

	// Other party.
	var other normalize.Phone
	if otherRaw != "" {
		s, hit := r.others.slot(otherRaw)
		if !hit {
			s.fill(otherRaw, r.phones.Normalize(otherRaw))
		}
		other = s.v
	}

	c := r.c
	c.i32(0, r.pl.opts.SourceID, true)
	c.i64(1, line, true)
	c.str(2, g.recordID.text(f))
	c.str(3, msisdn)
	c.str(4, imsi)
	c.str(5, imei)
	c.str(6, imei14)
	c.str(7, other.E164)
	c.str(8, otherRaw)
	c.str(9, other.Kind.String())
	c.boolean(10, other.Dialled, otherRaw != "")
	c.str(11, dir)
	c.str(12, kind)
	c.ts(13, start, true)
	c.ts(14, end, hasEnd)
	c.i32(15, dur, hasDur)
	c.str(16, startText)
	c.str(17, zoneName)
	c.str(18, flag.String())
	c.str(19, startCell)
	c.str(20, endCell)
	c.i32(21, int32(ta), hasTA)
	c.f64(22, lat, hasPos)
	c.f64(23, lon, hasPos)
	c.str(24, location)
	c.str(25, g.charging.text(f))

	// The fingerprint of what makes two events the same event.
	b := r.fpBuf[:0]
	subject := msisdn
	if subject == "" {
		subject = imsi
	}
	if subject == "" {
		subject = imei14
	}
	b = append(b, subject...)
	b = append(b, 0)
	if other.E164 != "" {
		b = append(b, other.E164...)
	} else {
		b = append(b, otherRaw...)
	}
	b = append(b, 0)
	b = append(b, dir...)
	b = append(b, 0)
	b = append(b, kind...)
	b = binary.LittleEndian.AppendUint64(b, uint64(start.UnixMicro()))
	b = binary.LittleEndian.AppendUint32(b, uint32(dur))
	b = append(b, startCell...)
	b = append(b, 0)
	b = append(b, endCell...)
	r.fpBuf = b
	fp := xxh3.Hash(b)
	c.u64(26, fp)
	r.fps = append(r.fps, fp)
	r.n++
	return "", "", true
}

// cell returns the canonical key of a cell text, "" for none.
func (r *eventRows) cell(text string) (string, error) {
	if text == "" {
		return "", nil
	}
	if v, ok := r.last.cell.get(text); ok && v.sw == r.cells.Switch {
		return v.key, nil
	}
	s, hit := r.cellKeys.slot(text)
	if !hit || s.v.sw != r.cells.Switch {
		key, err := r.cells.Canonical(text)
		if errors.Is(err, normalize.ErrNoCell) {
			key, err = "", nil
		}
		if err != nil {
			return "", err
		}
		s.fill(text, cellMemo{key, r.cells.Switch})
	}
	r.last.cell.put(text, s.v)
	return s.v.key, nil
}

func (r *eventRows) finish() ([]arrow.Array, []uint64, int) {
	cols, fps, n := r.c.finish(), r.fps, r.n
	r.fps, r.n = make([]uint64, 0, n+n/8+16), 0
	return cols, fps, n
}

// offsetName names the offset a time text carried: UTC for Z (and for
// epoch times), else the ±HH:MM written at its end.
func offsetName(text string) string {
	if n := len(text); n > 0 && (text[n-1] == 'Z' || text[n-1] == 'z') {
		return "UTC"
	}
	if i := lastOffset(text); i >= 0 {
		return text[i:]
	}
	return "UTC"
}

// lastOffset finds a trailing ±HH[:MM] in text.
func lastOffset(text string) int {
	for i := len(text) - 1; i > 0 && i >= len(text)-6; i-- {
		if text[i] == '+' || text[i] == '-' {
			return i
		}
	}
	return -1
}

func latLon(latText, lonText string) (float64, float64, bool, string) {
	if latText == "" && lonText == "" {
		return 0, 0, false, ""
	}
	lat, err1 := strconv.ParseFloat(latText, 64)
	lon, err2 := strconv.ParseFloat(lonText, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false, fmt.Sprintf("position %q, %q is not two decimal numbers", latText, lonText)
	}
	if lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return 0, 0, false, fmt.Sprintf("position %v, %v is outside latitude ±90 and longitude ±180", lat, lon)
	}
	return lat, lon, true, ""
}

// embeddedLatLon finds coordinates written inside location text, as in
// "Site name; Town; Lat-22.39711; Long-88.43938" (the '-' after Lat and Long
// is a separator; a sign may follow it).
var embeddedLatLon = regexp.MustCompile(`(?i)\blat(?:itude)?\s*[-:=]?\s*(-?\d+(?:\.\d+)?)\b.*?\blon(?:g|gitude)?\s*[-:=]?\s*(-?\d+(?:\.\d+)?)\b`)

// coordinatesIn returns the latitude and longitude text embedded in a
// location, or "" when there are none.
func coordinatesIn(location string) (string, string) {
	if !strings.Contains(strings.ToLower(location), "lat") {
		return "", ""
	}
	m := embeddedLatLon.FindStringSubmatch(location)
	if m == nil {
		return "", ""
	}
	return m[1], m[2]
}

func cut(s string, sep byte) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// lowerASCII lower-cases s, allocating only when s has upper-case letters.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
