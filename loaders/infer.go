package loaders

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// ErrInfer is wrapped by every error of Infer.
var ErrInfer = errors.New("infer")

// Infer drafts a profile for an unknown layout from the head of a file: the
// encoding, the delimiter, the header row after any preamble (or none),
// quoting, a trailing delimiter, footer lines, the kind of file (cdr, cells,
// anpr), and a guess of each column's canonical field from its name and its
// values. What it is unsure of is marked "# CHECK" in the YAML it returns;
// loading with the draft works once those lines are looked at
// (docs/detect.md). A draft it returns always parses as a profile.
func Infer(name string, head []byte) (string, error) {
	if name == "" || strings.ContainsAny(name, "\n\r\"\\") {
		return "", fmt.Errorf("%w: profile name %q: want a plain name", ErrInfer, name)
	}
	d := &inferred{name: name}
	text := d.decode(head)
	lines := splitLines(text)
	if len(lines) < 2 {
		return "", fmt.Errorf("%w: need a header and at least one data line, found %d lines", ErrInfer, len(lines))
	}
	if err := d.layout(lines); err != nil {
		return "", err
	}
	d.decideKind()
	switch d.kind {
	case KindCells:
		d.guessCells()
	case KindANPR:
		d.guessANPR()
	default:
		d.guessCDR()
	}
	draft := d.yaml()
	if _, err := ParseProfile([]byte(draft), "draft"); err != nil {
		return "", fmt.Errorf("%w: the draft does not make a profile (write one by hand, docs/profiles.md): %v", ErrInfer, err)
	}
	return draft, nil
}

// inferred is what Infer has found so far.
type inferred struct {
	name       string
	encoding   string
	encNote    string
	delim      byte
	quotes     string
	headerless bool
	header     []string
	preamble   int
	banner     string // the preamble's text, to look for "UTC"
	trailing   bool
	footers    []string
	samples    [][]string
	cols       []*icol

	kind    Kind
	kindWhy string

	fields   []*dfield
	timeMain timeGuess
	zone     string
	zoneNote string
	region   string
	regNote  string
	cells    struct{ form, note, radio string }
	cellMCC  string // MCC and MNC for cell forms that leave them out
	cellMNC  string
	coords   string
	notes    []string
}

// dfield is one drafted canonical field.
type dfield struct {
	name    string
	cols    []string
	or      []string
	konst   string
	keys    []string // value map, in order
	vals    []string
	layouts []string
	unknown []string // values the map leaves out, for a person to map
	note    string   // a comment; starts with "CHECK" when a person must look
}

// decode returns the head as UTF-8 text: as is when it is UTF-8, from UTF-16
// when it starts with a byte-order mark, else from Windows-1252 (a CHECK:
// Latin-1 reads the same letters for almost every text).
func (d *inferred) decode(head []byte) []byte {
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}), bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		if out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(head); err == nil {
			d.encoding = "utf-16"
			return out
		}
	case looks1252(head[:lastLineEnd(head)]):
		if out, err := charmap.Windows1252.NewDecoder().Bytes(head); err == nil {
			d.encoding, d.encNote = "windows-1252", "CHECK: the file is not UTF-8; windows-1252 read its letters (latin1 is the other usual one)"
			return out
		}
	}
	return head
}

// looks1252 reports whether some line of b is not UTF-8 but reads as text
// in a single-byte encoding: letters above 0x7f among ASCII, and no control
// bytes (a line of binary junk is a reject, not an encoding).
func looks1252(b []byte) bool {
	for _, ln := range bytes.Split(b, []byte{'\n'}) {
		if utf8.Valid(ln) {
			continue
		}
		high, ctrl := 0, false
		for _, c := range ln {
			switch {
			case c >= 0x80:
				high++
			case c < 0x20 && c != '\t' && c != '\r':
				ctrl = true
			}
		}
		if !ctrl && high*5 <= len(ln) {
			return true
		}
	}
	return false
}

func lastLineEnd(b []byte) int {
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		return i + 1
	}
	return len(b)
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

// layout finds the delimiter, the header row (or that there is none), the
// preamble, quoting, a trailing delimiter, the footers and the sample rows.
func (d *inferred) layout(lines [][]byte) error {
	delim, count := guessDelimiter(lines)
	if count < 2 {
		return fmt.Errorf("%w: no delimiter (, ; tab |) splits the lines into columns consistently", ErrInfer)
	}
	d.delim, d.quotes = delim, `"`
	sp := newSplitter(delim, `"'`)
	first := -1 // the first line that splits like the rows
	hdr := -1
	for i := 0; i < len(lines) && i < 50; i++ {
		f, err := sp.split(lines[i])
		if err != nil || len(f) != count && len(f) != count-1 { // data rows may carry a trailing delimiter
			continue
		}
		if first < 0 {
			first = i
		}
		texty, numeric := 0, 0
		for _, x := range f {
			s := strings.Trim(strings.TrimSpace(string(x)), `'"`)
			switch {
			case s == "":
			case isNumber(s):
				numeric++
			default:
				texty++
			}
		}
		if i == first && numeric*10 >= 3*len(f) {
			// The first line shaped like the rows is mostly numbers: the
			// file has no header row.
			d.headerless = true
			break
		}
		if texty*2 >= len(f) && numeric == 0 || texty*2 >= count && numeric*5 < len(f) {
			hdr = i
			break
		}
	}
	start := hdr + 1
	switch {
	case d.headerless:
		hdr, start = first, first
		f, _ := sp.split(lines[first])
		for i := range f {
			d.header = append(d.header, fmt.Sprintf("col%d", i+1))
		}
	case hdr < 0:
		return fmt.Errorf("%w: no header row found in the first 50 lines", ErrInfer)
	default:
		f, _ := sp.split(lines[hdr])
		for _, h := range f {
			d.header = append(d.header, strings.TrimSpace(string(h)))
		}
	}
	d.preamble = hdr
	if hdr > 0 {
		var b []string
		for _, ln := range lines[:hdr] {
			b = append(b, string(ln))
		}
		d.banner = strings.Join(b, "\n")
	}
	n := len(d.header)
	lastRow := -1
	for k, ln := range lines[start:] {
		f, err := sp.split(ln)
		if err != nil {
			continue
		}
		if len(f) == n+1 && len(trim(f[n])) == 0 {
			d.trailing, f = true, f[:n]
		}
		if len(f) != n {
			continue
		}
		lastRow = start + k
		row := make([]string, n)
		for i, x := range f {
			row[i] = strings.TrimSpace(string(x))
		}
		if t := strings.TrimSpace(string(ln)); strings.HasPrefix(t, "'") {
			d.quotes = `'"`
		}
		if len(d.samples) < 200 {
			d.samples = append(d.samples, row)
		}
	}
	if len(d.samples) == 0 {
		return fmt.Errorf("%w: no data rows after the header (line %d)", ErrInfer, hdr+1)
	}
	if lastRow >= 0 {
		d.footers = footerPatterns(lines[lastRow+1:])
	}
	seen := map[string]bool{}
	for i, h := range d.header {
		c := newICol(i, h, d.samples)
		if k := strings.ToLower(h); k == "" || seen[k] {
			// A profile names columns: one with no name, or the name of
			// an earlier one, cannot be mapped.
			c.used = true
			d.notes = append(d.notes, fmt.Sprintf("column %d has an empty or repeated name %q: it cannot be mapped", i+1, h))
		}
		seen[strings.ToLower(h)] = true
		d.cols = append(d.cols, c)
	}
	return nil
}

var footerWordRE = regexp.MustCompile(`^\s*([^\d\s;,|\t]+(?:\s+[^\d\s;,|\t]+)*)`)

// footerPatterns makes a regular expression of each line after the last
// row that starts with words ("Summe: 3", "Total records 12").
func footerPatterns(tail [][]byte) []string {
	var out []string
	seen := map[string]bool{}
	for _, ln := range tail {
		m := footerWordRE.FindSubmatch(ln)
		if m == nil {
			continue
		}
		p := "^" + regexp.QuoteMeta(strings.TrimSpace(string(m[1])))
		if !seen[p] && len(out) < 3 {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// col returns the first unused column for which ok holds, or nil.
func (d *inferred) col(ok func(*icol) bool) *icol {
	for _, c := range d.cols {
		if !c.used && ok(c) {
			return c
		}
	}
	return nil
}

// byName returns the first unused column named one of keys (a name that is
// exactly a key first), or nil.
func (d *inferred) byName(keys ...string) *icol {
	for _, k := range keys {
		if c := d.col(func(c *icol) bool { return c.key == k }); c != nil {
			return c
		}
	}
	for _, k := range keys {
		if c := d.col(func(c *icol) bool { return c.named(k) }); c != nil {
			return c
		}
	}
	return nil
}

// add drafts a field read from columns cs.
func (d *inferred) add(field, note string, cs ...*icol) *dfield {
	f := &dfield{name: field, note: note}
	for _, c := range cs {
		c.used = true
		f.cols = append(f.cols, c.name)
	}
	d.fields = append(d.fields, f)
	return f
}

func (d *inferred) has(field string) bool {
	for _, f := range d.fields {
		if f.name == field {
			return true
		}
	}
	return false
}

// yaml writes the draft.
func (d *inferred) yaml() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Drafted by mast profile infer. Look at every line marked CHECK, then:\n")
	fmt.Fprintf(&b, "#   mast profile check %s FILE   and   mast load --dry-run --profiles DIR --profile %s FILE\n", d.name, d.name)
	for _, n := range d.notes {
		fmt.Fprintf(&b, "# %s\n", n)
	}
	fmt.Fprintf(&b, "name: %s\nkind: %s   # %s\n", yq(d.name), d.kind, d.kindWhy)
	desc := "drafted from " + strings.Join(d.header, d.delimText())
	if d.headerless {
		desc = fmt.Sprintf("drafted from a file of %d columns with no header row", len(d.header))
	}
	fmt.Fprintf(&b, "description: %s\n", yq(shorten(desc, 200)))
	if d.region != "" {
		fmt.Fprintf(&b, "region: %s   # %s\n", d.region, d.regNote)
	} else if d.regNote != "" {
		fmt.Fprintf(&b, "# region: GB   # %s\n", d.regNote)
	}
	fmt.Fprintf(&b, "csv:\n  delimiter: %s\n  quote: %s\n", yq(d.delimText()), yq(d.quotes))
	if d.encoding != "" {
		fmt.Fprintf(&b, "  encoding: %s", d.encoding)
		if d.encNote != "" {
			fmt.Fprintf(&b, "   # %s", d.encNote)
		}
		b.WriteString("\n")
	}
	if d.headerless {
		fmt.Fprintf(&b, "  header: none   # CHECK: the first line is data; the columns are named here\n  columns: [%s]\n", quoteAll(d.header))
	} else {
		b.WriteString("  header: required\n")
	}
	if d.preamble > 0 {
		fmt.Fprintf(&b, "  preamble_max: %d   # %d line(s) before the header\n", d.preamble+5, d.preamble)
	}
	if d.trailing {
		b.WriteString("  trailing_delimiter: true\n")
	}
	if len(d.footers) > 0 {
		fmt.Fprintf(&b, "  footer: [%s]   # CHECK: lines after the rows that start so are not rows\n", quoteAll(d.footers))
	}
	if d.timeMain.layout != "" {
		fmt.Fprintf(&b, "time:\n  layouts: [%s]", yq(d.timeMain.layout))
		if d.timeMain.note != "" {
			fmt.Fprintf(&b, "   # CHECK: %s", d.timeMain.note)
		}
		fmt.Fprintf(&b, "\n  zone: %s   # %s\n", yq(d.zone), d.zoneNote)
	}
	if d.coords != "" {
		fmt.Fprintf(&b, "coordinates: %s   # CHECK: eastings and northings on the British National Grid\n", d.coords)
	}
	if d.cells.form != "" || d.cellMCC != "" {
		b.WriteString("cells:\n")
		if d.cells.form != "" {
			fmt.Fprintf(&b, "  form: %s   # %s\n", d.cells.form, d.cells.note)
		}
		if d.cellMCC != "" {
			fmt.Fprintf(&b, "  mcc: %s   # CHECK: from the IMSIs; the cell ids leave it out\n  mnc: %s   # CHECK\n", d.cellMCC, d.cellMNC)
		}
	}
	b.WriteString("fields:\n")
	for _, f := range d.fields {
		b.WriteString(f.yaml())
	}
	var unused []string
	for _, c := range d.cols {
		if !c.used {
			unused = append(unused, c.name)
		}
	}
	if len(unused) > 0 {
		fmt.Fprintf(&b, "# Not mapped (map any that matter): %s\n", strings.Join(unused, ", "))
	}
	return b.String()
}

func (d *inferred) delimText() string {
	if d.delim == '\t' {
		return `\t`
	}
	return string(d.delim)
}

func (f *dfield) yaml() string {
	var parts []string
	switch {
	case f.konst != "":
		parts = append(parts, "const: "+yq(f.konst))
	case len(f.cols) == 1:
		parts = append(parts, "column: "+yq(f.cols[0]))
	default:
		parts = append(parts, "columns: ["+quoteAll(f.cols)+"]")
	}
	if len(f.or) > 0 {
		parts = append(parts, "or: ["+quoteAll(f.or)+"]")
	}
	if len(f.layouts) > 0 {
		parts = append(parts, "layouts: ["+quoteAll(f.layouts)+"]")
	}
	comment := ""
	if f.note != "" {
		comment = "   # " + f.note
	}
	if len(f.keys) == 0 {
		for _, u := range f.unknown {
			comment += fmt.Sprintf("; %s is not mapped", yq(u))
		}
		return fmt.Sprintf("  %s: {%s}%s\n", f.name, strings.Join(parts, ", "), comment)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "  %s:%s\n", f.name, comment)
	for _, p := range parts {
		fmt.Fprintf(&b, "    %s\n", p)
	}
	b.WriteString("    map:\n")
	for i, k := range f.keys {
		fmt.Fprintf(&b, "      %s: %s\n", yq(k), yq(f.vals[i]))
	}
	for _, u := range f.unknown {
		fmt.Fprintf(&b, "      # CHECK: %s is not mapped: rows with it are rejected until it is\n", yq(u))
	}
	return b.String()
}

// yq quotes a string for YAML (a JSON string is a YAML double-quoted one).
func yq(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || r == utf8.RuneError || r >= 0x80 && r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = yq(s)
	}
	return strings.Join(q, ", ")
}
