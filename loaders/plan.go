package loaders

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// plan is a profile resolved against one file's header.
type plan struct {
	profile *Profile
	header  []string
	ncols   int
	get     map[string]*getter // canonical field → where its value is
	zone    *time.Location     // zone of local times
	opts    ReadOptions
	schema  *arrow.Schema
	newRows func(*plan) (rowBuilder, error)
}

// maps reports whether the plan finds the canonical field in the file (a
// column) or the profile (a constant).
func (pl *plan) maps(field string) bool { return pl.get[field] != nil }

// getter finds one canonical field's text in a row.
type getter struct {
	name  string
	idx   []int // columns; several are joined with one space
	konst string
	or    []int             // fallback columns, when the column's value is empty
	m     map[string]string // value map, with lower-case keys as well
	rules []rule            // value rules, tried before the value; the first that holds wins
	buf   []byte            // joins columns; each worker has its own copy (plan.field)
}

// field returns the getter of a canonical field for one worker: a copy with
// its own join buffer, or nil when the profile does not map the field.
func (pl *plan) field(name string) *getter {
	g, ok := pl.get[name]
	if !ok {
		return nil
	}
	c := *g
	c.buf = nil
	return &c
}

// rowBuilder turns the fields of one line into a row of the target table.
type rowBuilder interface {
	// add appends the row of one data line, or says which field is wrong and why.
	add(fields [][]byte, line int64) (field, reason string, ok bool)
	// finish returns the columns built so far (all of the schema but the
	// id and, for events, duplicate_of), the event fingerprints, and the row
	// count, and starts afresh.
	finish() ([]arrow.Array, []uint64, int)
}

// compile resolves a profile against a file's header and the preamble lines
// read before it (for fields taken from the preamble).
func compile(p *Profile, header, preamble []string, opts ReadOptions) (*plan, error) {
	pos := make(map[string]int, len(header))
	for i, h := range header {
		k := strings.ToLower(strings.TrimSpace(h))
		if _, dup := pos[k]; !dup {
			pos[k] = i
		}
	}
	if p.Region != "" {
		opts.Region = p.Region
	}
	pl := &plan{profile: p, header: header, ncols: len(header), get: map[string]*getter{}, opts: opts, zone: opts.Zone}
	if p.Time.Zone != "" {
		loc, err := time.LoadLocation(p.Time.Zone)
		if err != nil {
			return nil, fmt.Errorf("profile %s: time.zone: %w", p.Name, err)
		}
		pl.zone = loc
	}
	var missing []string
	for name, f := range p.Fields {
		g := &getter{name: name, konst: f.Const}
		if f.preamble != nil {
			v, ok := capture(f.preamble, preamble)
			if !ok && !f.Optional {
				return nil, fmt.Errorf("%w: profile %s: fields.%s: no line before the header matches %q (%s)",
					ErrPreamble, p.Name, name, f.Preamble, describePreamble(preamble))
			}
			if !ok {
				continue
			}
			g.konst = v
		}
		for _, r := range f.When {
			c := r.column(f.Column)
			i, found := pos[strings.ToLower(strings.TrimSpace(c))]
			if !found {
				if !f.Optional {
					missing = append(missing, fmt.Sprintf("%q (for %s's rules)", c, name))
				}
				continue
			}
			g.rules = append(g.rules, compileRule(r, c, i))
		}
		cols := f.Columns
		if f.Column != "" {
			cols = []string{f.Column}
		}
		ok := true
		for _, c := range cols {
			i, found := pos[strings.ToLower(strings.TrimSpace(c))]
			if !found {
				ok = false
				if !f.Optional {
					missing = append(missing, fmt.Sprintf("%q (for %s)", c, name))
				}
				break
			}
			g.idx = append(g.idx, i)
		}
		if !ok {
			continue
		}
		for _, c := range f.Or {
			i, found := pos[strings.ToLower(strings.TrimSpace(c))]
			if !found {
				missing = append(missing, fmt.Sprintf("%q (for %s)", c, name))
				continue
			}
			g.or = append(g.or, i)
		}
		if len(f.Map) > 0 {
			g.m = make(map[string]string, 2*len(f.Map))
			for k, v := range f.Map {
				g.m[k] = v
				g.m[strings.ToLower(k)] = v
			}
		}
		pl.get[name] = g
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: profile %s: columns not in the file: %s (the line read as the header: %s)",
			ErrHeader, p.Name, strings.Join(slices.Sorted(slices.Values(missing)), ", "), strings.Join(header, ", "))
	}
	switch p.Kind {
	case KindCDR:
		pl.schema, pl.newRows = schemaFor(eventsSchema, eventsFedBy, pl.maps), newEventRows
	case KindCells:
		pl.schema, pl.newRows = cellsSchema, newCellRows
	case KindANPR:
		pl.schema, pl.newRows = anprSchema, newANPRRows
	}
	if _, err := pl.newRows(pl); err != nil { // check the normalisers can be made
		return nil, err
	}
	return pl, nil
}

// text returns the field's trimmed text in fields, "" when absent or unmapped:
// the value of the first of its rules that holds, else its own value.
// The text views the block's bytes, or for a value joined from several
// columns the getter's buffer, valid until the next call: callers copy what
// they keep (Arrow builders and the normalisers' caches do).
func (g *getter) text(fields [][]byte) string {
	if g == nil {
		return ""
	}
	if len(g.rules) > 0 {
		if v, ok := g.rule(fields); ok {
			return v
		}
	}
	return g.own(fields)
}

// rule returns the value of the first of the field's rules that holds.
func (g *getter) rule(fields [][]byte) (string, bool) {
	for i := range g.rules {
		r := &g.rules[i]
		var v string
		if r.idx < len(fields) {
			v = str(trim(fields[r.idx]))
		}
		if out, ok := r.apply(v); ok {
			return out, true
		}
	}
	return "", false
}

// own returns the field's value from its column(s) or constant, rules aside.
func (g *getter) own(fields [][]byte) string {
	if g.idx == nil {
		return g.konst
	}
	if len(g.idx) == 1 {
		i := g.idx[0]
		if i >= len(fields) {
			return ""
		}
		v := trim(fields[i])
		for k := 0; len(v) == 0 && k < len(g.or); k++ {
			if j := g.or[k]; j < len(fields) {
				v = trim(fields[j])
			}
		}
		return str(v)
	}
	b := g.buf[:0]
	for k, i := range g.idx {
		if i >= len(fields) {
			continue
		}
		v := trim(fields[i])
		if len(v) == 0 {
			continue
		}
		if k > 0 && len(b) > 0 {
			b = append(b, ' ')
		}
		b = append(b, v...)
	}
	g.buf = b
	return str(b)
}

// mapped returns the field's text through its value map; ok is false when
// the map has no entry for a non-empty value.
// A rule's value is used as it is, not through the map.
func (g *getter) mapped(fields [][]byte) (string, bool) {
	if g == nil {
		return "", true
	}
	if len(g.rules) > 0 {
		if v, ok := g.rule(fields); ok {
			return v, true
		}
	}
	v := g.own(fields)
	if g.m == nil || v == "" {
		return v, true
	}
	if out, ok := g.m[v]; ok {
		return out, true
	}
	out, ok := g.m[strings.ToLower(v)]
	return out, ok
}

type worker struct {
	plan *plan
	sp   *splitter
	rows rowBuilder
}

func (pl *plan) newWorker() *worker {
	rows, _ := pl.newRows(pl) // checked in compile
	return &worker{plan: pl, sp: newSplitter(pl.profile.CSV.Delimiter[0], pl.profile.CSV.Quote), rows: rows}
}

// blockResult is what a worker made of one block.
type blockResult struct {
	seq          int
	read         int64 // data lines
	rows         int   // rows built
	cols         []arrow.Array
	fingerprints []uint64
	rejects      []Reject
}

func (r *blockResult) release() {
	for _, c := range r.cols {
		c.Release()
	}
}

func (w *worker) parseBlock(b block) *blockResult {
	res := &blockResult{seq: b.seq}
	data := b.data
	line := b.firstLine
	csv := &w.plan.profile.CSV
	// A valid block is valid line by line ('\n' is never part of a longer
	// UTF-8 sequence): then no line needs checking.
	checkUTF8 := !validUTF8(data)
	for len(data) > 0 {
		var ln []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			ln, data = data[:i], data[i+1:]
		} else {
			ln, data = data, nil
		}
		if n := len(ln); n > 0 && ln[n-1] == '\r' {
			ln = ln[:n-1]
		}
		if len(bytes.TrimSpace(ln)) == 0 || len(csv.footer) > 0 && csv.isFooter(ln) {
			line++
			continue
		}
		res.read++
		if field, reason, ok := w.parseLine(ln, line, csv, checkUTF8); !ok {
			res.rejects = append(res.rejects, Reject{Line: line, Field: field, Reason: reason, Raw: strings.ToValidUTF8(string(ln), "\uFFFD")})
		}
		line++
	}
	res.cols, res.fingerprints, res.rows = w.rows.finish()
	return res
}

func (w *worker) parseLine(ln []byte, line int64, csv *CSVSpec, checkUTF8 bool) (string, string, bool) {
	if checkUTF8 && !validUTF8(ln) {
		return "", "invalid UTF-8 (is the file in another encoding?)", false
	}
	fields, err := w.sp.split(ln)
	if err != nil {
		return "", err.Error(), false
	}
	n := len(fields)
	if csv.TrailingDelimiter && n == w.plan.ncols+1 && len(trim(fields[n-1])) == 0 {
		fields = fields[:n-1]
		n--
	}
	if n < w.plan.ncols && w.plan.opts.Cells {
		// A spreadsheet row ends at its last non-empty cell.
		for ; n < w.plan.ncols; n++ {
			fields = append(fields, nil)
		}
	}
	if n != w.plan.ncols {
		return "", fmt.Sprintf("expected %d fields, found %d", w.plan.ncols, n), false
	}
	return w.rows.add(fields, line)
}
