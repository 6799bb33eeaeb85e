package loaders

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Infer drafts a CDR profile for an unknown layout from the head of a file:
// the delimiter, the header row after any preamble, quoting, a trailing
// delimiter, and a guess of each column's canonical field from its name and
// values. What it is unsure of is marked "# CHECK" in the YAML it returns;
// loading with the draft works once those lines are looked at (docs/profiles.md).
func Infer(name string, head []byte) (string, error) {
	lines := splitLines(head)
	if len(lines) < 2 {
		return "", fmt.Errorf("infer: need a header and at least one data line, found %d lines", len(lines))
	}
	delim, count := guessDelimiter(lines)
	if count < 2 {
		return "", fmt.Errorf("infer: no delimiter splits the lines into columns consistently")
	}
	quotes := `"`
	sp := newSplitter(delim, `"'`)
	hdr := -1
	for i := 0; i+1 < len(lines) && i < 50; i++ {
		f, err := sp.split(lines[i])
		if err != nil || len(f) != count && len(f) != count-1 { // data rows may carry a trailing delimiter
			continue
		}
		texty := 0
		for _, x := range f {
			if s := strings.TrimSpace(string(x)); s != "" && !isNumber(s) {
				texty++
			}
		}
		if texty*2 >= count {
			hdr = i
			break
		}
	}
	if hdr < 0 {
		return "", fmt.Errorf("infer: no header row found in the first 50 lines")
	}
	hf, _ := sp.split(lines[hdr])
	count = len(hf)
	header := make([]string, len(hf))
	for i, h := range hf {
		header[i] = strings.TrimSpace(string(h))
	}
	var samples [][]string
	trailing := false
	for _, ln := range lines[hdr+1:] {
		f, err := sp.split(ln)
		if err != nil {
			continue
		}
		if len(f) == count+1 && len(trim(f[count])) == 0 {
			trailing, f = true, f[:count]
		}
		if len(f) != count {
			continue
		}
		row := make([]string, count)
		for i, x := range f {
			row[i] = strings.TrimSpace(string(x))
		}
		if bytes.Contains(ln, []byte("'")) && strings.HasPrefix(strings.TrimSpace(string(ln)), "'") {
			quotes = `'"`
		}
		samples = append(samples, row)
		if len(samples) == 200 {
			break
		}
	}
	if len(samples) == 0 {
		return "", fmt.Errorf("infer: no data rows after the header (line %d)", hdr+1)
	}

	d := &draft{header: header, samples: samples, used: map[int]bool{}}
	d.guess()

	var b strings.Builder
	fmt.Fprintf(&b, "# Drafted by mast profile infer. Look at every line marked CHECK, then:\n")
	fmt.Fprintf(&b, "#   mast profile check %s FILE   and   mast load --dry-run --profiles DIR --profile %s FILE\n", name, name)
	fmt.Fprintf(&b, "name: %s\nkind: cdr\ndescription: %q\n", name, "drafted from "+strings.Join(header, ","))
	fmt.Fprintf(&b, "csv:\n  delimiter: %q\n  quote: %q\n  header: required\n", string(delim), quotes)
	if hdr > 0 {
		fmt.Fprintf(&b, "  preamble_max: %d   # %d line(s) before the header\n", hdr+5, hdr)
	}
	if trailing {
		b.WriteString("  trailing_delimiter: true\n")
	}
	fmt.Fprintf(&b, "time:\n  layouts: [%q]%s\n", d.layout, d.layoutNote)
	b.WriteString("  zone: \"\"   # CHECK: the provider's time zone (IANA name), or UTC; empty = the load's --tz\n")
	if d.cellForm != "" {
		fmt.Fprintf(&b, "cells:\n  form: %s   # CHECK: how this provider writes cell ids (docs/formats/cell-ids.md)\n", d.cellForm)
	}
	b.WriteString("fields:\n")
	for _, f := range d.fields {
		b.WriteString(f)
	}
	var unused []string
	for i, h := range header {
		if !d.used[i] {
			unused = append(unused, h)
		}
	}
	if len(unused) > 0 {
		fmt.Fprintf(&b, "# Not mapped (map any that matter): %s\n", strings.Join(unused, ", "))
	}
	return b.String(), nil
}

func splitLines(head []byte) [][]byte {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if i := bytes.LastIndexByte(head, '\n'); i >= 0 && i < len(head)-1 {
		head = head[:i+1]
	}
	var out [][]byte
	for _, ln := range bytes.Split(head, []byte{'\n'}) {
		ln = bytes.TrimRight(ln, "\r")
		if len(bytes.TrimSpace(ln)) > 0 {
			out = append(out, ln)
		}
	}
	return out
}

// guessDelimiter picks the delimiter that splits the most lines into the same
// number of fields, and that number.
func guessDelimiter(lines [][]byte) (byte, int) {
	bestD, bestN, bestHits := byte(','), 0, 0
	for _, d := range []byte{',', ';', '\t', '|'} {
		sp := newSplitter(d, `"'`)
		counts := map[int]int{}
		for _, ln := range lines {
			if f, err := sp.split(ln); err == nil && len(f) > 1 {
				counts[len(f)]++
			}
		}
		for n, hits := range counts {
			if hits > bestHits || hits == bestHits && n > bestN {
				bestD, bestN, bestHits = d, n, hits
			}
		}
	}
	return bestD, bestN
}

var numberRE = regexp.MustCompile(`^[-+]?[0-9][0-9 .:/-]*$`)

func isNumber(s string) bool { return numberRE.MatchString(s) }

type draft struct {
	header     []string
	samples    [][]string
	used       map[int]bool
	fields     []string
	layout     string
	layoutNote string
	cellForm   string
}

func norm(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// find returns the first unused column whose normalised name contains one of
// keys, or -1.
func (d *draft) find(keys ...string) int {
	for _, k := range keys { // a name that is the key itself first
		for i, h := range d.header {
			if !d.used[i] && norm(h) == k {
				return i
			}
		}
	}
	for _, k := range keys {
		for i, h := range d.header {
			if !d.used[i] && strings.Contains(norm(h), k) {
				return i
			}
		}
	}
	return -1
}

func (d *draft) add(field string, col int, note string) {
	d.used[col] = true
	line := fmt.Sprintf("  %s: {column: %q}", field, d.header[col])
	if note != "" {
		line += "   # " + note
	}
	d.fields = append(d.fields, line+"\n")
}

func (d *draft) values(col int) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range d.samples {
		if v := r[col]; v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}

func (d *draft) guess() {
	// Handset identities first: their names are the least ambiguous.
	if i := d.find("imei"); i >= 0 {
		d.add("subject_imei", i, "")
	}
	if i := d.find("imsi"); i >= 0 {
		d.add("subject_imsi", i, "")
	}
	calling := d.find("callingparty", "apartynumber", "originating", "callingnumber", "callingno")
	called := d.find("calledparty", "bparty", "terminating", "callednumber", "calledno")
	target := d.find("target", "msisdn", "subscriber")
	switch {
	case target >= 0:
		d.add("subject_msisdn", target, "")
		if called >= 0 {
			d.add("other_party", called, "")
		} else if calling >= 0 {
			d.add("other_party", calling, "CHECK: the other party")
		}
	case calling >= 0 && called >= 0:
		d.add("calling_party", calling, "the subject of what it originates")
		d.add("called_party", called, "the subject of what it receives")
	case calling >= 0:
		d.add("subject_msisdn", calling, "CHECK: is this always the target?")
	}
	if i := d.find("calltype", "recordtype", "eventtype", "type"); i >= 0 {
		d.used[i] = true
		var m []string
		for _, v := range d.values(i) {
			g := guessCallType(v)
			if g == "" {
				g = "out/voice" // a placeholder the CHECK asks about
			}
			m = append(m, fmt.Sprintf("%q: %s", v, g))
			if len(m) == 30 {
				break
			}
		}
		note := "   # CHECK every value: direction/kind (out|in|fwd|none / voice|sms|mms|data|voicemail|forward)"
		d.fields = append(d.fields, fmt.Sprintf("  call_type:%s\n    column: %q\n    map: {%s}\n", note, d.header[i], strings.Join(m, ", ")))
	} else {
		d.fields = append(d.fields, "  direction: {const: out}   # CHECK: no call-type column was found\n  kind: {const: voice}   # CHECK\n")
	}
	d.guessTime()
	if i := d.find("duration", "elapsed", "dur"); i >= 0 {
		d.add("duration_s", i, "seconds, MM:SS or HH:MM:SS")
	}
	if i := d.find("latlong", "latlon"); i >= 0 {
		d.add("lat_lon", i, "")
	}
	for _, pair := range [][2]string{{"start_cell", "firstcell"}, {"start_cell", "firstcgi"}, {"start_cell", "startcell"}, {"end_cell", "lastcell"}, {"end_cell", "lastcgi"}, {"end_cell", "endcell"}, {"start_cell", "cell"}} {
		if i := d.find(pair[1]); i >= 0 && !d.has(pair[0]) {
			d.add(pair[0], i, "")
			if d.cellForm == "" {
				d.cellForm = guessCellForm(d.values(i))
			}
		}
	}
	if i := d.find("location", "bts", "address"); i >= 0 {
		d.add("location", i, "")
	}
	if i := d.find("charging"); i >= 0 {
		d.add("charging_id", i, "")
	}
}

func (d *draft) has(field string) bool {
	for _, f := range d.fields {
		if strings.HasPrefix(f, "  "+field+":") {
			return true
		}
	}
	return false
}

func guessCallType(v string) string {
	n := norm(v)
	dir := ""
	switch {
	case strings.Contains(n, "fwd") || strings.Contains(n, "forward") || n == "cf" || n == "cfw":
		return "fwd/forward"
	case strings.Contains(n, "gprs") || strings.Contains(n, "data"):
		return "none/data"
	case strings.HasSuffix(n, "in") || strings.HasPrefix(n, "mt") || strings.Contains(n, "term") || n == "smt" || strings.HasSuffix(n, "mt") || strings.Contains(n, "incoming"):
		dir = "in"
	case strings.HasSuffix(n, "out") || strings.HasPrefix(n, "mo") || strings.Contains(n, "orig") || n == "smo" || strings.HasSuffix(n, "mo") || strings.Contains(n, "outgoing"):
		dir = "out"
	default:
		return ""
	}
	if strings.Contains(n, "sms") || n == "smt" || n == "smo" {
		return dir + "/sms"
	}
	return dir + "/voice"
}

// guessCellForm names the cell form of sample values: cgi when hyphenated,
// hex_eci when every long value has hex letters, else auto (which tells
// concatenated decimal from hex by the letters).
func guessCellForm(vals []string) string {
	hex, digits := 0, 0
	for _, v := range vals {
		v = strings.Trim(v, `'"`)
		switch {
		case strings.Contains(v, "-"):
			return "cgi"
		case len(v) >= 12 && strings.IndexFunc(v, func(r rune) bool { return r >= 'A' && r <= 'F' || r >= 'a' && r <= 'f' }) >= 0:
			hex++
		case len(v) >= 12:
			digits++
		}
	}
	if hex > 0 && digits == 0 {
		return "hex_eci"
	}
	return "auto"
}

var (
	dateRE = regexp.MustCompile(`^(\d{1,4})([-/.:])(\d{1,2})[-/.:](\d{2,4})$`)
	timeRE = regexp.MustCompile(`^\d{1,2}:\d{2}(:\d{2})?$`)
	dtRE   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}`)
)

// guessTime finds the start time: one ISO column, or a date and a time column.
func (d *draft) guessTime() {
	d.layout = "iso8601"
	for i := range d.header {
		if d.used[i] {
			continue
		}
		if v := d.values(i); len(v) > 0 && dtRE.MatchString(v[0]) {
			d.add("start_time", i, "")
			return
		}
	}
	dateCol, timeCol := -1, -1
	for i := range d.header {
		if d.used[i] {
			continue
		}
		v := d.values(i)
		if len(v) == 0 {
			continue
		}
		if dateCol < 0 && dateRE.MatchString(v[0]) {
			dateCol = i
		} else if timeCol < 0 && timeRE.MatchString(v[0]) && strings.Contains(norm(d.header[i]), "time") {
			timeCol = i
		}
	}
	if dateCol < 0 {
		d.fields = append(d.fields, "  start_time: {column: \"\"}   # CHECK: no date column was recognised\n")
		return
	}
	layout, note := dateLayout(d.values(dateCol))
	d.layoutNote = note
	d.used[dateCol] = true
	if timeCol >= 0 {
		d.used[timeCol] = true
		secs := len(d.values(timeCol)[0]) > 5
		tl := "15:04"
		if secs {
			tl = "15:04:05"
		}
		d.layout = layout + " " + tl
		d.fields = append(d.fields, fmt.Sprintf("  start_time: {columns: [%q, %q]}\n", d.header[dateCol], d.header[timeCol]))
		return
	}
	d.layout = layout
	d.fields = append(d.fields, fmt.Sprintf("  start_time: {column: %q}\n", d.header[dateCol]))
}

// dateLayout turns sample dates into a Go layout, day-first unless a value
// shows otherwise.
func dateLayout(vals []string) (string, string) {
	m := dateRE.FindStringSubmatch(vals[0])
	sep := m[2]
	if len(m[1]) == 4 {
		return "2006" + sep + "01" + sep + "02", ""
	}
	dayFirst, monthFirst := false, false
	for _, v := range vals {
		if m := dateRE.FindStringSubmatch(v); m != nil {
			a, _ := strconv.Atoi(m[1])
			b, _ := strconv.Atoi(m[3])
			if a > 12 {
				dayFirst = true
			}
			if b > 12 {
				monthFirst = true
			}
		}
	}
	year := "2006"
	if len(m[4]) == 2 {
		year = "06"
	}
	switch {
	case monthFirst && !dayFirst:
		return "01" + sep + "02" + sep + year, "   # month first (US order): a day above 12 was seen second"
	case dayFirst:
		return "02" + sep + "01" + sep + year, ""
	}
	return "02" + sep + "01" + sep + year, "   # CHECK: day first or month first? no day above 12 in the sample"
}
