package loaders

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/nyaruka/phonenumbers"
)

// Name keys of the canonical fields, in English and the usual German, as
// providers write them (compared with the column names' letters and digits).
var (
	keysIMEI      = []string{"imei", "imeisv"}
	keysIMSI      = []string{"imsi"}
	keysSubject   = []string{"target", "msisdn", "subscriber", "apartynumber", "apartyno", "apartytelephone", "teilnehmer", "anschluss", "rufnummer"}
	keysCalling   = []string{"callingparty", "callingnumber", "callingno", "originating", "caller", "anrufer", "from"}
	keysCalled    = []string{"calledparty", "callednumber", "calledno", "terminating", "bparty", "otherparty", "gegenstelle", "partner", "dialled", "dialed", "to"}
	keysCallType  = []string{"calltype", "recordtype", "eventtype", "calltyp", "verbindungsart", "typ", "type"}
	keysDirection = []string{"direction", "richtung", "dir"}
	keysKind      = []string{"kind", "service", "dienst"}
	keysDuration  = []string{"duration", "elapsed", "dauer", "dur", "length", "secs", "seconds"}
	keysLat       = []string{"latitude", "breite", "lat"}
	keysLon       = []string{"longitude", "laenge", "lnge", "long", "lon", "lng"}
	keysTime      = []string{"timestamp", "datetime", "start", "begin", "beginn", "conn", "date", "datum", "time", "zeit", "uhrzeit"}
	keysEnd       = []string{"end", "ende", "stop", "termination", "release"}
	keysLAC       = []string{"lac", "tac", "lacod", "lactac", "locationarea", "area"}
	keysCI        = []string{"ci", "eci", "cid", "nci", "cellid", "cell", "zelle", "zellid", "cgi"}
)

// decideKind weighs the column names and values for each kind.
func (d *inferred) decideKind() {
	var cdr, cells, anpr int
	var cdrWhy, cellsWhy, anprWhy []string
	phones := 0
	for _, c := range d.cols {
		switch {
		case c.named(keysIMEI...) || c.named(keysIMSI...) || c.named("msisdn", "party", "calltype", "dialled", "called", "calling"):
			cdr += 2
			cdrWhy = append(cdrWhy, c.name)
		case c.named("plate", "vrm", "registration", "kennzeichen", "anpr"):
			anpr += 3
			anprWhy = append(anprWhy, c.name)
		case c.named("mcc", "mnc", "azimuth", "beamwidth", "radio", "easting", "northing", "site", "lac", "tac", "eci", "range", "technology"):
			cells++
			cellsWhy = append(cellsWhy, c.name)
		case c.named("camera", "lane", "device"):
			anpr++
			anprWhy = append(anprWhy, c.name)
		}
		switch {
		case d.isPhoneColumn(c):
			phones++
			cdr += 2
			cdrWhy = append(cdrWhy, c.name+" (numbers)")
		case c.all(isIMEI) && len(c.vals[0]) >= 14:
			cdr++
			cdrWhy = append(cdrWhy, c.name+" (IMEIs)")
		case c.all(isPlate) && !c.all(isWhole):
			anpr += 2
			anprWhy = append(anprWhy, c.name+" (registration marks)")
		case c.all(isRadio):
			cells++
			cellsWhy = append(cellsWhy, c.name+" (radios)")
		}
	}
	if phones == 0 && cells > 0 {
		cells++
	}
	d.kind, d.kindWhy = KindCDR, "decided from "+strings.Join(limit(cdrWhy, 4), ", ")
	switch {
	case anpr > cdr && anpr >= cells:
		d.kind, d.kindWhy = KindANPR, "decided from "+strings.Join(limit(anprWhy, 4), ", ")
	case cells > cdr:
		d.kind, d.kindWhy = KindCells, "decided from "+strings.Join(limit(cellsWhy, 4), ", ")
	case cdr == 0:
		d.kindWhy = "CHECK: nothing said what the file holds; cdr assumed (cdr | cells | anpr)"
	}
}

func limit(ss []string, n int) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if k := strings.TrimSuffix(strings.SplitN(s, " (", 2)[0], " "); !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	ss = out
	if len(ss) > n {
		return append(ss[:n:n], "…")
	}
	return ss
}

// isPhoneColumn: a column of telephone numbers, by name or by values (not a
// column of Unix times, which look like 10-digit numbers).
func (d *inferred) isPhoneColumn(c *icol) bool {
	if !c.all(isPhone) {
		return false
	}
	if _, epoch := guessEpochLayout(c.vals); epoch && !c.named(append(keysSubject, append(keysCalling, keysCalled...)...)...) {
		return false
	}
	return true
}

// guessCDR drafts the fields of a CDR.
func (d *inferred) guessCDR() {
	if c := d.byName(keysIMEI...); c != nil {
		d.add("subject_imei", "", c)
	} else if c := d.col(func(c *icol) bool { return c.all(isIMEI) && len(c.uniq) > 1 && !c.all(isPhone) }); c != nil {
		d.add("subject_imei", "CHECK: IMEIs by their values (Luhn check digits)", c)
	}
	var imsi *icol
	if imsi = d.byName(keysIMSI...); imsi != nil {
		d.add("subject_imsi", "", imsi)
	} else if imsi = d.col(func(c *icol) bool { return c.all(isIMSI) }); imsi != nil {
		d.add("subject_imsi", "CHECK: IMSIs by their values (15 digits after a country code)", imsi)
	}
	d.guessParties()
	d.guessCallType()
	d.guessTimes("start_time", "end_time")
	if c := d.col(func(c *icol) bool { return c.named(keysDuration...) && c.all(isDuration) }); c != nil {
		d.add("duration_s", "seconds, MM:SS or HH:MM:SS", c)
	} else if c := d.col(func(c *icol) bool { return c.all(isClockDuration) }); c != nil {
		d.add("duration_s", "CHECK: a duration by its values (HH:MM:SS under an hour or so)", c)
	}
	if c := d.col(func(c *icol) bool { return c.all(isLatLonPair) }); c != nil {
		d.add("lat_lon", "", c)
	}
	d.guessCellColumns(imsi)
	d.guessLatLon("lat", "lon")
	if c := d.byName("location", "bts", "address", "standort", "ort", "place"); c != nil {
		d.add("location", "", c)
	}
	if c := d.col(func(c *icol) bool { return c.named("timezone", "zone", "tz") && c.all(isZoneName) }); c != nil {
		d.add("time_zone", "a time zone per row", c)
	}
	if c := d.byName("charging"); c != nil {
		d.add("charging_id", "", c)
	}
	if c := d.byName("recordid", "callid", "cdrid", "recordno"); c != nil {
		d.add("record_id", "", c)
	}
	d.guessRegion()
}

// guessParties finds the subject and the other party among the columns of
// numbers, by name first and by values when the names say nothing.
func (d *inferred) guessParties() {
	target := d.byName(keysSubject...)
	calling := d.byName(keysCalling...)
	called := d.byName(keysCalled...)
	if target != nil && calling != nil && called == nil {
		called, calling = calling, nil
	}
	switch {
	case target != nil:
		d.add("subject_msisdn", "", target)
		if called != nil {
			d.add("other_party", "", called)
		} else if other := d.col(d.isPhoneColumn); other != nil {
			d.add("other_party", "CHECK: the other party, by its values", other)
		}
		return
	case calling != nil && called != nil:
		d.add("calling_party", "the subject of what it originates", calling)
		d.add("called_party", "the subject of what it receives", called)
		return
	case calling != nil:
		d.add("subject_msisdn", "CHECK: is this always the target?", calling)
		return
	}
	// Names say nothing: the subject is the number seen most often.
	var phones []*icol
	for _, c := range d.cols {
		if !c.used && d.isPhoneColumn(c) {
			phones = append(phones, c)
		}
	}
	if len(phones) == 0 {
		return
	}
	sort.SliceStable(phones, func(i, j int) bool {
		_, a := phones[i].mostCommon()
		_, b := phones[j].mostCommon()
		return a*len(phones[j].vals) > b*len(phones[i].vals)
	})
	subj := phones[0]
	if len(phones) == 1 {
		d.add("subject_msisdn", "CHECK: the only column of numbers; is it the target's?", subj)
		return
	}
	top, _ := subj.mostCommon()
	other := phones[1]
	for _, v := range other.vals {
		if v == top {
			// The target's number is in both columns: calling and called.
			a, b := subj, other
			if a.i > b.i {
				a, b = b, a
			}
			d.add("calling_party", "CHECK: by values, the target's number is in both columns: calling party first?", a)
			d.add("called_party", "CHECK", b)
			return
		}
	}
	d.add("subject_msisdn", "CHECK: by values, the number seen most often", subj)
	d.add("other_party", "CHECK: by values", other)
}

// guessCallType maps a call-type column to direction/kind, or direction and
// kind columns, or says none was found.
func (d *inferred) guessCallType() {
	ct := d.byName(keysCallType...)
	if ct != nil && ct.named(keysKind...) {
		ct = nil
	}
	if ct == nil {
		// Unhelpful names: a short list of words most of which read as
		// call types.
		ct = d.col(func(c *icol) bool {
			if len(c.uniq) == 0 || len(c.uniq) > 15 || c.all(isWhole) {
				return false
			}
			n := 0
			for _, v := range c.uniq {
				if guessCallType(v) != "" {
					n++
				}
			}
			return n*2 > len(c.uniq)
		})
	}
	dir := d.byName(keysDirection...)
	if ct != nil && (dir == nil || ct.named(keysCallType...)) {
		f := d.add("call_type", "CHECK every value: direction/kind (out|in|fwd|none / voice|sms|mms|data|voicemail|forward)", ct)
		f.mapValues(ct, 40, guessCallType)
		return
	}
	if dir != nil {
		f := d.add("direction", "CHECK every value: out, in, fwd or none", dir)
		f.mapValues(dir, 20, guessDirection)
	} else {
		d.fields = append(d.fields, &dfield{name: "direction", konst: "out", note: "CHECK: no call-type or direction column was found"})
	}
	if k := d.byName(keysKind...); k != nil {
		f := d.add("kind", "CHECK every value: voice, sms, mms, data, voicemail or forward", k)
		f.mapValues(k, 20, func(v string) string {
			if g := guessKind(v); g != "voice" || strings.Contains(norm(v), "voice") || knownVoice(v) {
				return g
			}
			return ""
		})
	} else {
		d.fields = append(d.fields, &dfield{name: "kind", konst: "voice", note: "CHECK: no kind column was found"})
	}
}

// mapValues maps the sample's values of c with guess. A map is written only
// when some value is not already canonical (a map must then hold every
// value); values guess cannot read are left out, as comments, so that rows
// with them are rejected until a person maps them.
func (f *dfield) mapValues(c *icol, most int, guess func(string) string) {
	vals := c.uniq
	if len(vals) > most {
		vals = vals[:most]
		f.unknown = append(f.unknown, fmt.Sprintf("and %d more values", len(c.uniq)-most))
	}
	canonical := true
	for _, v := range vals {
		g := guess(v)
		if g == "" {
			f.unknown = append(f.unknown, v)
			canonical = false
			continue
		}
		canonical = canonical && g == v
		f.keys, f.vals = append(f.keys, v), append(f.vals, g)
	}
	if canonical {
		f.keys, f.vals = nil, nil
	}
}

func guessCallType(v string) string {
	n := norm(v)
	switch {
	case strings.Contains(n, "fwd") || strings.Contains(n, "forward") || n == "cf" || n == "cfw" || strings.Contains(n, "umleit"):
		return "fwd/forward"
	case strings.Contains(n, "gprs") || strings.Contains(n, "data") || strings.Contains(n, "daten"):
		return "none/data"
	case strings.Contains(n, "location") || n == "lu" || strings.Contains(n, "attach") || strings.Contains(n, "registration"):
		// A network event with no other party: kept as data, as the bundled
		// tower-dump profiles keep it.
		return "none/data"
	case strings.Contains(n, "voicemail") || n == "vm" || strings.Contains(n, "mailbox"):
		return "in/voicemail"
	}
	dir := guessDirection(v)
	if dir == "" {
		return ""
	}
	return dir + "/" + guessKind(v)
}

func guessDirection(v string) string {
	n := norm(v)
	switch {
	case n == "in" || n == "out" || n == "fwd" || n == "none":
		return n
	case n == "i" || n == "mt" || n == "b" || n == "ein" || n == "eingehend" || n == "ankommend":
		return "in"
	case n == "o" || n == "mo" || n == "a" || n == "aus" || n == "ausgehend" || n == "abgehend":
		return "out"
	case strings.HasSuffix(n, "in") || strings.HasPrefix(n, "mt") || strings.Contains(n, "term") || n == "smt" || strings.HasSuffix(n, "mt") || strings.Contains(n, "incoming") || strings.Contains(n, "ankommend") || strings.Contains(n, "eingehend"):
		return "in"
	case strings.HasSuffix(n, "out") || strings.HasPrefix(n, "mo") || strings.Contains(n, "orig") || n == "smo" || strings.HasSuffix(n, "mo") || strings.Contains(n, "outgoing") || strings.Contains(n, "abgehend") || strings.Contains(n, "ausgehend"):
		return "out"
	}
	return ""
}

// knownVoice: the words for a voice call.
func knownVoice(v string) bool {
	n := norm(v)
	for _, w := range []string{"voice", "call", "sprache", "anruf", "gespr", "telefonie", "moc", "mtc", "appel", "llamada"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

func guessKind(v string) string {
	n := norm(v)
	switch {
	case strings.Contains(n, "mms"):
		return "mms"
	case strings.Contains(n, "sms") || n == "smt" || n == "smo":
		return "sms"
	case strings.Contains(n, "gprs") || strings.Contains(n, "data") || strings.Contains(n, "daten"):
		return "data"
	case n == "voice" || n == "sms" || n == "mms" || n == "data" || n == "voicemail" || n == "forward":
		return n
	}
	return "voice"
}

// isClockDuration: HH:MM:SS or MM:SS of under an hour, as call lengths are.
func isClockDuration(v string) bool {
	m := hmsRE.FindStringSubmatch(v)
	return m != nil && isDuration(v) && (m[3] == "" || m[1] == "00" || m[1] == "0")
}

// timeSource is where a time value is: one column, or a date and a clock.
type timeSource struct {
	cols []*icol
	g    timeGuess
}

func (t timeSource) named(keys ...string) bool {
	for _, c := range t.cols {
		if c.named(keys...) {
			return true
		}
	}
	return false
}

// timeSources lists the unused columns (and date + clock pairs) that hold
// whole times, in file order.
func (d *inferred) timeSources() []timeSource {
	var out []timeSource
	var dates, clocks []*icol
	for _, c := range d.cols {
		if c.used || len(c.vals) == 0 {
			continue
		}
		if g, ok := guessDateTimeLayout(c.vals); ok {
			out = append(out, timeSource{cols: []*icol{c}, g: g})
			continue
		}
		if g, ok := guessEpochLayout(c.vals); ok && c.named(append(keysTime, "created", "updated", "epoch", "unix", "stamp")...) {
			out = append(out, timeSource{cols: []*icol{c}, g: g})
			continue
		}
		if _, ok := guessDateLayout(c.vals); ok {
			dates = append(dates, c)
			continue
		}
		if _, ok := guessClockLayout(c.vals); ok && !c.named(keysDuration...) {
			clocks = append(clocks, c)
		}
	}
	taken := map[*icol]bool{}
	for _, dc := range dates {
		dg, _ := guessDateLayout(dc.vals)
		var pick *icol
		for _, cc := range clocks {
			if taken[cc] || cc.named(keysEnd...) && !dc.named(keysEnd...) {
				continue
			}
			if pick == nil || abs(cc.i-dc.i) < abs(pick.i-dc.i) {
				pick = cc
			}
		}
		if pick == nil {
			out = append(out, timeSource{cols: []*icol{dc}, g: dateOnly(dg)})
			continue
		}
		taken[pick] = true
		cl, _ := guessClockLayout(pick.vals)
		out = append(out, timeSource{cols: []*icol{dc, pick}, g: joined(dg, cl)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].cols[0].i < out[j].cols[0].i })
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// guessTimes drafts the main time field (and an end field when one is
// named so), the time layouts and the zone.
func (d *inferred) guessTimes(main, end string) {
	srcs := d.timeSources()
	pick := -1
	for i, s := range srcs {
		if !s.named(keysEnd...) && s.named(keysTime...) {
			pick = i
			break
		}
	}
	if pick < 0 {
		for i, s := range srcs {
			if !s.named(keysEnd...) {
				pick = i
				break
			}
		}
	}
	if pick < 0 {
		d.timeMain = timeGuess{layout: "iso8601"}
		d.fields = append(d.fields, &dfield{name: main, cols: []string{"?"}, note: "CHECK: no column of times was recognised: name it (or columns: [date, time]) and set time.layouts"})
		d.zone, d.zoneNote = "", "CHECK: the provider's time zone (IANA name), or UTC; empty = the load's --tz"
		return
	}
	s := srcs[pick]
	d.timeMain = s.g
	note := ""
	if len(s.cols) == 2 {
		note = "a date and a time column, joined with a space"
	}
	if !s.named(keysTime...) {
		note = "CHECK: the first column of times, by its values"
	}
	d.add(main, note, s.cols...)
	if end != "" {
		for i, e := range srcs {
			if i == pick || !e.named(keysEnd...) || e.cols[0].used || len(e.cols) == 2 && e.cols[1].used {
				continue
			}
			f := d.add(end, "", e.cols...)
			if e.g.layout != s.g.layout {
				f.layouts = []string{e.g.layout}
			}
			break
		}
	}
	d.guessZone()
}

// guessZone says what the time zone is: UTC when the values carry their
// offset, a CHECK otherwise.
func (d *inferred) guessZone() {
	said := strings.ToUpper(d.banner + " " + strings.Join(d.header, " "))
	switch {
	case d.timeMain.offset:
		d.zone, d.zoneNote = "UTC", "the sample's times carry their own offset (or are Unix times)"
	case strings.Contains(said, "UTC") || strings.Contains(said, "GMT"):
		d.zone, d.zoneNote = "UTC", "CHECK: the file says UTC"
	case zoneNamedIn(d.banner) != "":
		z := zoneNamedIn(d.banner)
		d.zone, d.zoneNote = z, "CHECK: the preamble names a place in "+z
	default:
		d.zone, d.zoneNote = "", "CHECK: the provider's time zone (IANA name such as Europe/London), or UTC; empty = the load's --tz"
	}
}

// guessCellColumns drafts start_cell and end_cell: LAC and CI column pairs,
// or columns of cell ids in any one-text form.
func (d *inferred) guessCellColumns(imsi *icol) {
	type pair struct{ lac, ci *icol }
	var pairs []pair
	for _, lac := range d.cols {
		if lac.used || !lac.named(keysLAC...) || !lac.all(isWhole) {
			continue
		}
		prefix := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(lac.key, "lac"), "tac"), "area")
		ci := d.col(func(c *icol) bool {
			return c != lac && c.named("ci", "cid", "eci", "cellid", "cell", "zelle") && c.all(isWhole) && strings.HasPrefix(c.key, prefix)
		})
		if ci != nil {
			ci.used, lac.used = true, true
			pairs = append(pairs, pair{lac, ci})
		}
	}
	var singles []*icol
	forms := map[string]bool{}
	for _, c := range d.cols {
		if c.used || len(c.vals) == 0 {
			continue
		}
		form, ok := cellFormOf(c)
		if !ok || form == "concat" && !c.named(keysCI...) {
			continue
		}
		singles = append(singles, c)
		forms[form] = true
	}
	startKeys, endKeys := []string{"first", "start", "begin", "beginn", "erste"}, []string{"last", "end", "ende", "letzte"}
	assign := func(name string, cs ...*icol) {
		if !d.has(name) {
			d.add(name, "", cs...)
		}
	}
	for _, p := range pairs {
		switch {
		case p.lac.named(endKeys...):
			assign("end_cell", p.lac, p.ci)
		default:
			assign("start_cell", p.lac, p.ci)
		}
	}
	for _, c := range singles {
		switch {
		case c.named(endKeys...):
			assign("end_cell", c)
		case c.named(startKeys...) || !d.has("start_cell"):
			assign("start_cell", c)
		default:
			assign("end_cell", c)
		}
	}
	switch {
	case len(pairs) > 0:
		d.cells.form, d.cells.note = "lac_ci", "LAC and CI columns, joined"
		d.cellsFromIMSI(imsi)
	case len(forms) == 1:
		for f := range forms {
			d.cells.form = f
		}
		d.cells.note = "CHECK: how this provider writes cell ids (docs/formats/cell-ids.md)"
		if d.cells.form == "enb_sector" {
			d.cellsFromIMSI(imsi)
		}
	case len(forms) > 1:
		d.cells.form, d.cells.note = "auto", "CHECK: the sample mixes cell-id forms (docs/formats/cell-ids.md)"
	}
}

// threeDigitMNC lists the MCCs whose networks have 3-digit MNCs.
var threeDigitMNC = map[string]bool{"302": true, "310": true, "311": true, "312": true, "313": true, "314": true, "315": true, "316": true,
	"334": true, "338": true, "342": true, "344": true, "346": true, "348": true, "354": true, "356": true, "358": true, "360": true,
	"365": true, "366": true, "376": true, "405": true, "708": true, "722": true, "732": true}

// cellsFromIMSI takes the MCC and MNC that cell ids leave out from the
// IMSIs, which start with them.
func (d *inferred) cellsFromIMSI(imsi *icol) {
	if imsi == nil {
		d.notes = append(d.notes, "CHECK: the cell ids carry no MCC and MNC: add cells.mcc and cells.mnc")
		return
	}
	v, _ := imsi.mostCommon()
	if len(v) < 6 || !digitsOnly(v) {
		return
	}
	mcc, mnc := v[:3], v[3:5]
	if threeDigitMNC[mcc] {
		mnc = v[3:6]
	}
	m, _ := strconv.Atoi(mnc)
	d.cellMCC, d.cellMNC = mcc, strconv.Itoa(m)
}

// guessLatLon drafts lat and lon from their names, else from two columns
// of coordinates.
func (d *inferred) guessLatLon(latField, lonField string) {
	if d.has("lat_lon") {
		return
	}
	coord := func(limit float64) func(*icol) bool {
		return func(c *icol) bool { return c.all(isCoordinate(limit)) }
	}
	lat := d.col(func(c *icol) bool { return c.named(keysLat...) && coord(90)(c) })
	lon := d.col(func(c *icol) bool { return c != lat && c.named(keysLon...) && coord(180)(c) })
	if lat != nil && lon != nil {
		d.add(latField, "", lat)
		d.add(lonField, "", lon)
		return
	}
	// By values: two columns of decimals; one above 90 is the longitude.
	a := d.col(coord(180))
	if a == nil {
		return
	}
	a.used = true
	b := d.col(coord(180))
	a.used = false
	if b == nil {
		return
	}
	note := "CHECK: by values, the order in the file; swap lat and lon if the map is wrong"
	switch {
	case !a.all(isCoordinate(90)):
		a, b = b, a
		note = "by values: the other column has values beyond ±90"
	case !b.all(isCoordinate(90)):
		note = "by values: the other column has values beyond ±90"
	}
	d.add(latField, note, a)
	d.add(lonField, note, b)
}

// guessRegion reads the country of the numbers written internationally.
func (d *inferred) guessRegion() {
	counts := map[string]int{}
	national := 0
	for _, f := range d.fields {
		if f.name != "subject_msisdn" && f.name != "calling_party" && f.name != "called_party" && f.name != "other_party" {
			continue
		}
		for _, c := range d.cols {
			if c.name != f.cols[0] {
				continue
			}
			for _, v := range c.vals {
				digits, intl, ok := phoneDigits(v)
				if !ok || len(digits) < 8 {
					continue
				}
				switch {
				case intl:
					digits = strings.TrimPrefix(digits, "00")
				case strings.HasPrefix(digits, "0"):
					national++
					continue
				case len(digits) == 10:
					counts["US"]++ // ten digits with no prefix: the North American plan
					continue
				}
				n, err := phonenumbers.Parse("+"+digits, "")
				if err == nil && phonenumbers.IsPossibleNumber(n) {
					if r := phonenumbers.GetRegionCodeForCountryCode(int(n.GetCountryCode())); r != "" && r != "ZZ" && r != "001" {
						counts[r]++
					}
				}
			}
		}
	}
	best, n := "", 0
	for r, c := range counts {
		if c > n || c == n && r < best {
			best, n = r, c
		}
	}
	switch {
	case national > n:
		d.regNote = fmt.Sprintf("CHECK: %d numbers are written nationally (0…): set their country (ISO code), or load with --region", national)
	case n > 0 && national == 0:
		d.region, d.regNote = best, "CHECK: from the country codes of the numbers"
	case n > 0:
		d.region, d.regNote = best, fmt.Sprintf("CHECK: from the country codes of the numbers; %d are written nationally", national)
	case national > 0:
		d.regNote = "CHECK: numbers are written nationally (0…): set the country, or load with --region"
	}
}

// guessCells drafts a cell list.
func (d *inferred) guessCells() {
	if c := d.col(func(c *icol) bool {
		return c.named("radio", "technology", "tech", "rat", "system", "technologie") && c.all(isRadio)
	}); c != nil {
		d.add("radio", "", c)
	} else if c := d.col(func(c *icol) bool { return c.all(isRadio) }); c != nil {
		d.add("radio", "by values", c)
	}
	mcc := d.byName("mcc")
	if mcc == nil {
		mcc = d.col(func(c *icol) bool {
			return c.all(func(v string) bool { return len(v) == 3 && digitsOnly(v) && plausibleMCC(v) }) && len(c.uniq) <= 3
		})
	}
	if mcc != nil {
		d.add("mcc", noteIf(!mcc.named("mcc"), "CHECK: by values (a 3-digit country code)"), mcc)
		mnc := d.byName("mnc", "net", "mnc")
		byValue := mnc == nil
		if byValue && mcc.i+1 < len(d.cols) && !d.cols[mcc.i+1].used && d.cols[mcc.i+1].all(func(v string) bool { return len(v) <= 3 && digitsOnly(v) }) {
			mnc = d.cols[mcc.i+1]
		}
		if mnc != nil {
			d.add("mnc", noteIf(byValue, "CHECK: by values (the column after the MCC)"), mnc)
		}
	}
	lac := d.col(func(c *icol) bool { return c.named(keysLAC...) && c.all(isWhole) })
	eci := d.col(func(c *icol) bool { return (c.key == "eci" || c.key == "nci") && c.all(isWhole) })
	ci := d.col(func(c *icol) bool {
		return c != eci && c.named("ci", "cid", "cellid", "cell", "zelle", "cellidentity") && c.all(isWhole)
	})
	if (lac == nil || ci == nil && eci == nil) && d.has("mnc") && !d.has("lac") {
		// By values: the whole-number columns after the MNC are the
		// LAC/TAC and the cell identity.
		var next []*icol
		for _, c := range d.cols[min(mcc.i+2, len(d.cols)):] {
			if c.used || !c.all(isWhole) {
				break
			}
			next = append(next, c)
		}
		if lac == nil && len(next) >= 2 {
			lac, ci = next[0], next[1]
			lac.used, ci.used = true, true
			d.add("lac", "CHECK: by values (the column after the MNC)", lac)
			d.add("ci", "CHECK: by values", ci)
			lac, ci = nil, nil
		}
	}
	if lac != nil {
		d.add("lac", "", lac)
	}
	switch {
	case eci != nil && ci != nil:
		f := d.add("ci", "the ECI where given, else the CI", eci)
		f.or = []string{ci.name}
		ci.used = true
	case eci != nil:
		d.add("ci", "", eci)
	case ci != nil:
		d.add("ci", "", ci)
	}
	if !d.has("ci") {
		if c := d.col(func(c *icol) bool { f, ok := cellFormOf(c); return ok && f != "concat" }); c != nil {
			d.add("cell", "", c)
			f, _ := cellFormOf(c)
			d.cells.form, d.cells.note = f, "CHECK: how the list writes cell ids (docs/formats/cell-ids.md)"
		}
	}
	if c := d.col(func(c *icol) bool { return c.named("enodeb", "enb", "enbid") && c.all(isWhole) }); c != nil {
		d.add("enb", "with sector: the ECI is eNodeB × 256 + sector where the cell identity is empty", c)
		if s := d.col(func(c *icol) bool { return c.named("sector", "sec") && c.all(isWhole) }); s != nil {
			d.add("sector", "", s)
		}
	}
	if c := d.byName("unit", "psc", "pci"); c != nil {
		d.add("unit", "", c)
	}
	if c := d.byName("siteid", "site"); c != nil && !c.named("name") {
		d.add("site_id", "", c)
	}
	if c := d.byName("sitename", "name", "standort"); c != nil {
		d.add("site_name", "", c)
	}
	east := d.col(func(c *icol) bool { return c.named("easting", "east", "rechtswert") && c.all(isDecimal) })
	north := d.col(func(c *icol) bool { return c.named("northing", "north", "hochwert") && c.all(isDecimal) })
	if east != nil && north != nil {
		d.add("easting", "", east)
		d.add("northing", "", north)
		d.coords = "osgb36"
	} else {
		d.guessLatLon("lat", "lon")
	}
	if !d.has("lat") && !d.has("easting") {
		d.fields = append(d.fields, &dfield{name: "lat", cols: []string{"?"}, note: "CHECK: no latitude column was recognised"},
			&dfield{name: "lon", cols: []string{"?"}, note: "CHECK: no longitude column was recognised"})
	}
	if c := d.col(func(c *icol) bool {
		return c.named("azimuth", "azi", "bearing", "az", "orientation", "hauptstrahlrichtung") && c.all(isDecimal)
	}); c != nil {
		d.add("azimuth", "degrees from north", c)
	}
	if c := d.col(func(c *icol) bool {
		return c.named("beamwidth", "beam", "bw", "hbw", "openingangle") && c.all(isDecimal)
	}); c != nil {
		d.add("beamwidth", "degrees", c)
	}
	if c := d.col(func(c *icol) bool { return c.named("range", "radius", "reach") && c.all(isDecimal) }); c != nil {
		d.add("range_m", "CHECK: metres", c)
	}
	d.guessValidity()
	if !d.has("mcc") && !d.has("cell") {
		d.fields = append(d.fields, &dfield{name: "mcc", cols: []string{"?"}, note: "CHECK: no MCC column was recognised (or map one cell-id column as cell)"})
	}
	if !d.has("ci") && !d.has("cell") {
		d.fields = append(d.fields, &dfield{name: "ci", cols: []string{"?"}, note: "CHECK: no cell-identity column was recognised"})
	}
}

func noteIf(cond bool, note string) string {
	if cond {
		return note
	}
	return ""
}

// guessValidity drafts valid_from and valid_to of a temporal cell list.
func (d *inferred) guessValidity() {
	var from, to *timeSource
	for _, s := range d.timeSources() {
		switch {
		case from == nil && s.named("from", "start", "von", "valid", "begin", "gueltigab"):
			s := s
			from = &s
		case to == nil && s.named("to", "end", "until", "bis", "ende"):
			s := s
			to = &s
		}
	}
	if from == nil && to == nil {
		return
	}
	main := from
	if main == nil {
		main = to
	}
	d.timeMain = main.g
	if from != nil {
		d.add("valid_from", "", from.cols...)
	}
	if to != nil {
		f := d.add("valid_to", "", to.cols...)
		if to.g.layout != main.g.layout {
			f.layouts = []string{to.g.layout}
		}
	}
	d.guessZone()
}

// guessANPR drafts an ANPR read list.
func (d *inferred) guessANPR() {
	if c := d.byName("plate", "vrm", "registration", "kennzeichen", "numberplate", "reg"); c != nil {
		d.add("vrm", "", c)
	} else if c := d.col(func(c *icol) bool { return c.all(isPlate) && !c.all(isWhole) }); c != nil {
		d.add("vrm", "CHECK: registration marks by their values", c)
	} else {
		d.fields = append(d.fields, &dfield{name: "vrm", cols: []string{"?"}, note: "CHECK: no registration-mark column was recognised"})
	}
	d.guessTimes("time", "")
	if c := d.byName("cameraid", "deviceid", "sourcename", "device", "camid", "source", "kamera"); c != nil {
		d.add("camera_id", "", c)
	}
	if c := d.byName("cameraname", "name", "location", "site", "standort"); c != nil {
		d.add("camera_name", "", c)
	}
	d.guessLatLon("lat", "lon")
	if c := d.byName("direction", "heading", "richtung", "dir"); c != nil {
		d.add("direction", "", c)
	}
	if c := d.col(func(c *icol) bool { return c.named("confidence", "score") && c.all(isDecimal) }); c != nil {
		d.add("confidence", "", c)
	}
	if c := d.byName("lane", "spur"); c != nil {
		d.add("lane", "", c)
	}
}

// zoneNamedIn finds a place in text that names an IANA zone ("Ortszeit
// Berlin" → Europe/Berlin), trying a bounded number of words.
func zoneNamedIn(text string) string {
	tries := 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '_' }) {
		if len(w) < 4 || !unicode.IsUpper(rune(w[0])) {
			continue
		}
		for _, area := range []string{"Europe", "Asia", "America", "Africa", "Australia"} {
			if tries++; tries > 60 {
				return ""
			}
			if _, err := time.LoadLocation(area + "/" + w); err == nil {
				return area + "/" + w
			}
		}
	}
	return ""
}
