package loaders

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// Candidate is one profile's fit to a file, with the evidence for it.
type Candidate struct {
	Profile *Profile `json:"-"`
	Name    string   `json:"profile"`
	// Confidence is 0..1: HeaderWeight × the header evidence + RowWeight ×
	// the share of sample rows that parse (docs/detect.md). 0 when the
	// profile cannot read the file at all.
	Confidence float64 `json:"confidence"`
	// HeaderScore is the header evidence alone, 0..1.
	HeaderScore float64 `json:"header_score"`
	Read        int64   `json:"rows_read"`   // sample rows read
	Loaded      int64   `json:"rows_parsed"` // sample rows that parsed
	// Preamble is what came before the header (or the first data line).
	Preamble Preamble `json:"preamble"`
	// Header is how the file's header row compares with the profile.
	Header HeaderMatch `json:"header"`
	// FirstReject is the first sample row that did not parse, if any.
	FirstReject *SampleReject `json:"first_reject,omitempty"`
	// Unreadable says why the profile could not read the file at all
	// (its header lacks the profile's columns, say); empty when it could.
	Unreadable string `json:"unreadable,omitempty"`
	// Lost says why this candidate ranks below the best; empty for the best.
	Lost string `json:"lost,omitempty"`
	// Evidence is all of the above in one line, for a person.
	Evidence string `json:"evidence"`
}

// SampleReject is a sample row that did not parse.
type SampleReject struct {
	Line   int64  `json:"line"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

// Preamble is the lines skipped before the header row.
type Preamble struct {
	Lines int    `json:"lines"`
	First string `json:"first,omitempty"` // the first of them, shortened
}

// HeaderMatch compares the file's header row with the columns a profile names.
type HeaderMatch struct {
	// Mode is "matched" (a header row holding the profile's columns),
	// "none" (the profile reads files without a header row; only the
	// number of fields can be compared) or "missing" (no line holds the
	// profile's columns).
	Mode         string   `json:"mode"`
	Line         int      `json:"line,omitempty"` // 1-based line of the header row
	Found        []string `json:"found,omitempty"`
	Missing      []string `json:"missing,omitempty"` // of the columns the profile needs
	Absent       []string `json:"absent_optional,omitempty"`
	FileColumns  int      `json:"file_columns"`             // fields in the header row, or in data rows
	Mapped       int      `json:"mapped_columns"`           // of those, how many the profile uses
	FieldCountOK float64  `json:"field_count_ok,omitempty"` // headerless: share of data lines with the profile's number of fields
}

// ErrNotConfident is returned by Choose when no profile fits well enough.
var ErrNotConfident = errors.New("no profile fits the file confidently")

// The weights and thresholds of detection, explained in docs/detect.md.
const (
	// HeaderWeight and RowWeight weigh the header evidence and the share of
	// sample rows that parse; they add up to 1.
	HeaderWeight = 0.45
	RowWeight    = 0.55
	// MinConfidence is the confidence below which Choose refuses to pick.
	MinConfidence = 0.7
	// MinRowShare is the share of sample rows the best profile must parse:
	// a load refuses a file with more than half of its rows rejected.
	MinRowShare = 0.5
	// MinMargin is how far the best must be ahead of the runner-up: two
	// profiles that fit equally well are a choice for the analyst.
	MinMargin = 0.01
	// headerlessWeight caps the header evidence of a profile for files
	// without a header row: a number of fields is weaker evidence than names.
	headerlessWeight = 0.7
)

// Detect tries every profile on the head of a file (its first bytes; up to
// 256 KiB is plenty) and returns the candidates, best first. Each profile is
// tried with the same reader that loads files, so a candidate's evidence is
// exactly what a load would do with those lines.
func Detect(ctx context.Context, head []byte, ps *Profiles, opts ReadOptions) []Candidate {
	if i := bytes.LastIndexByte(head, '\n'); i >= 0 && i < len(head)-1 {
		head = head[:i+1]
	}
	// One worker and one block of the head's size: the default 32 MiB
	// block would be allocated for every profile tried.
	opts.Workers, opts.Progress, opts.BlockSize = 1, nil, max(64, len(head)+1)
	if opts.Zone == nil {
		opts.Zone = time.UTC
	}
	var out []Candidate
	for _, p := range ps.All() {
		out = append(out, try(ctx, head, p, opts))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Confidence != out[j].Confidence {
			return out[i].Confidence > out[j].Confidence
		}
		if out[i].HeaderScore != out[j].HeaderScore {
			return out[i].HeaderScore > out[j].HeaderScore
		}
		return len(out[i].Header.Found) > len(out[j].Header.Found) // the closest misfit first
	})
	for i := range out {
		if i > 0 {
			out[i].Lost = lostTo(out[i], out[0])
		}
		out[i].Evidence = out[i].summary()
	}
	return out
}

func try(ctx context.Context, head []byte, p *Profile, opts ReadOptions) Candidate {
	c := Candidate{Profile: p, Name: p.Name}
	if opts.Cells {
		p = p.forCells() // a sheet's rendering: its lines split as the stream splits them
	}
	lines := headLines(head, p)
	s, err := NewStream(ctx, bytes.NewReader(head), p, opts)
	if err != nil {
		c.Unreadable = err.Error()
		c.Header, c.Preamble = closestHeader(lines, p)
		return c
	}
	defer s.Release()
	for s.Next() {
	}
	if err := s.Err(); err != nil {
		c.Unreadable = err.Error()
		return c
	}
	n := s.Counts()
	c.Read, c.Loaded = n.Read, n.Loaded
	if r := s.Rejects(); len(r) > 0 {
		c.FirstReject = &SampleReject{Line: r[0].Line, Field: r[0].Field, Reason: r[0].Reason}
	}
	mapped := map[int]bool{}
	for _, g := range s.plan.get {
		for _, i := range g.idx {
			mapped[i] = true
		}
		for _, i := range g.or {
			mapped[i] = true
		}
	}
	c.Header, c.Preamble = matchHeader(lines, p, s.plan.header)
	c.Header.Mapped = len(mapped)
	c.HeaderScore = round3(c.Header.score(len(namedColumns(p))))
	if n.Read == 0 {
		c.Unreadable = "no data rows in the sample"
		return c
	}
	rows := float64(n.Loaded) / float64(n.Read)
	c.Confidence = round3(HeaderWeight*c.HeaderScore + RowWeight*rows)
	return c
}

// score is the header evidence: for a header row, 0.6 × the share of the
// profile's columns found + 0.4 × the share of the file's columns the
// profile maps; without a header row, headerlessWeight × the share of data
// lines with the profile's number of fields.
func (h HeaderMatch) score(named int) float64 {
	switch h.Mode {
	case "matched":
		found := 1.0
		if named > 0 {
			found = float64(len(h.Found)) / float64(named)
		}
		cover := float64(h.Mapped) / float64(max(1, h.FileColumns))
		return 0.6*found + 0.4*min(1, cover)
	case "none":
		return headerlessWeight * h.FieldCountOK
	}
	return 0
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// line is one non-blank line of the head, decoded, with its 1-based number.
type line struct {
	n    int
	text string
}

// headLines decodes the head with the profile's encoding and returns its
// non-blank lines.
func headLines(head []byte, p *Profile) []line {
	if dec, _ := decoderFor(p.CSV.Encoding); dec != nil {
		if b, err := dec.Bytes(head); err == nil {
			head = b
		}
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	var out []line
	for i, ln := range strings.Split(string(head), "\n") {
		ln = strings.TrimRight(ln, "\r")
		if strings.TrimSpace(ln) != "" {
			out = append(out, line{n: i + 1, text: ln})
		}
		if len(out) == 200 {
			break
		}
	}
	return out
}

func (p *Profile) splitNames(text string) ([]string, bool) {
	fields, err := newSplitter(p.CSV.Delimiter[0], p.CSV.Quote).split([]byte(text))
	if err != nil {
		return nil, false
	}
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = strings.TrimSpace(string(f))
	}
	return names, true
}

// namedColumns lists the distinct columns a profile names, required ones
// first, each group sorted by canonical field.
func namedColumns(p *Profile) []namedColumn {
	var out []namedColumn
	seen := map[string]bool{}
	for _, name := range sortedKeys(p.Fields) {
		f := p.Fields[name]
		cols := append(append([]string{f.Column}, f.Columns...), f.Or...)
		for _, c := range cols {
			k := strings.ToLower(strings.TrimSpace(c))
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, namedColumn{name: c, optional: f.Optional})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return !out[i].optional && out[j].optional })
	return out
}

type namedColumn struct {
	name     string
	optional bool // the profile reads files without it
}

// matchHeader describes the header the stream resolved: where it is, what
// came before it, and which of the profile's columns it holds.
func matchHeader(lines []line, p *Profile, header []string) (HeaderMatch, Preamble) {
	comment := func(l line) bool { return p.CSV.Comment != "" && strings.HasPrefix(l.text, p.CSV.Comment) }
	if p.CSV.Header != HeaderNone {
		for i, l := range lines {
			if comment(l) {
				continue
			}
			names, ok := p.splitNames(l.text)
			if ok && sameNames(names, header) {
				h := compareColumns(names, p)
				h.Mode, h.Line = "matched", l.n
				return h, preambleOf(lines[:i])
			}
		}
	}
	// No header row: the profile names the columns; count the fields.
	h := HeaderMatch{Mode: "none", FileColumns: len(header)}
	var pre []line
	data, fit := 0, 0
	for _, l := range lines {
		if comment(l) && data == 0 {
			pre = append(pre, l)
			continue
		}
		if names, ok := p.splitNames(l.text); ok {
			data++
			if len(names) == len(header) || p.CSV.TrailingDelimiter && len(names) == len(header)+1 && names[len(names)-1] == "" {
				fit++
			}
		}
	}
	if data > 0 {
		h.FieldCountOK = float64(fit) / float64(data)
	}
	return h, preambleOf(pre)
}

// closestHeader finds, for a profile that could not read the file, the line
// among the first ones holding the most of its columns, to say which are
// missing.
func closestHeader(lines []line, p *Profile) (HeaderMatch, Preamble) {
	if p.CSV.Header == HeaderNone {
		return HeaderMatch{Mode: "none", FileColumns: len(p.CSV.Columns)}, Preamble{}
	}
	best, bestFound := -1, -1
	var bestMatch HeaderMatch
	for i, l := range lines {
		if i > max(p.CSV.PreambleMax, 10) {
			break
		}
		names, ok := p.splitNames(l.text)
		if !ok {
			continue
		}
		h := compareColumns(names, p)
		if len(h.Found) > bestFound {
			best, bestFound, bestMatch = i, len(h.Found), h
		}
	}
	if best < 0 {
		return HeaderMatch{Mode: "missing"}, Preamble{}
	}
	bestMatch.Mode, bestMatch.Line = "missing", lines[best].n
	return bestMatch, Preamble{}
}

// compareColumns says which of the profile's columns names holds.
func compareColumns(names []string, p *Profile) HeaderMatch {
	have := make(map[string]bool, len(names))
	for _, n := range names {
		have[strings.ToLower(n)] = true
	}
	h := HeaderMatch{FileColumns: len(names)}
	named := map[string]bool{}
	for _, c := range namedColumns(p) {
		k := strings.ToLower(strings.TrimSpace(c.name))
		named[k] = true
		switch {
		case have[k]:
		case c.optional:
			h.Absent = append(h.Absent, c.name)
		default:
			h.Missing = append(h.Missing, c.name)
		}
	}
	for _, n := range names { // found columns in the file's order
		if k := strings.ToLower(n); named[k] {
			h.Found = append(h.Found, n)
			delete(named, k)
		}
	}
	return h
}

func preambleOf(lines []line) Preamble {
	if len(lines) == 0 {
		return Preamble{}
	}
	return Preamble{Lines: len(lines), First: shorten(lines[0].text, 72)}
}

func shorten(s string, n int) string {
	s = strings.ToValidUTF8(strings.TrimSpace(s), "\uFFFD")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func sameNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// summary puts a candidate's evidence in one line.
func (c Candidate) summary() string {
	var parts []string
	if c.Preamble.Lines > 0 {
		parts = append(parts, fmt.Sprintf("preamble of %d line(s) skipped, first %q", c.Preamble.Lines, c.Preamble.First))
	}
	h := c.Header
	switch h.Mode {
	case "matched":
		parts = append(parts, fmt.Sprintf("header on line %d holds %d of the profile's %d columns; the profile maps %d of the file's %d columns",
			h.Line, len(h.Found), len(h.Found)+len(h.Missing)+len(h.Absent), h.Mapped, h.FileColumns))
	case "none":
		parts = append(parts, fmt.Sprintf("no header row (the profile names %d columns); %.0f%% of lines have that many fields", h.FileColumns, 100*h.FieldCountOK))
	case "missing":
		if len(h.Missing) > 0 {
			parts = append(parts, fmt.Sprintf("no header row holds the profile's columns: missing %s", quoteList(h.Missing, 4)))
		}
	}
	if c.Unreadable != "" {
		parts = append(parts, "cannot read: "+shorten(c.Unreadable, 160))
	} else {
		parts = append(parts, fmt.Sprintf("%d of %d sample rows parsed", c.Loaded, c.Read))
	}
	if r := c.FirstReject; r != nil {
		parts = append(parts, fmt.Sprintf("first reject line %d: %s", r.Line, shorten(r.Reason, 120)))
	}
	return strings.Join(parts, "; ")
}

// lostTo says why c ranks below best.
func lostTo(c, best Candidate) string {
	switch {
	case c.Unreadable != "" && len(c.Header.Missing) > 0:
		return "its columns are not in the file: missing " + quoteList(c.Header.Missing, 4)
	case c.Unreadable != "":
		return "it cannot read the file: " + shorten(c.Unreadable, 120)
	case best.Confidence-c.Confidence < MinMargin:
		return "it fits as well as the best: name one with --profile"
	case c.Loaded*best.Read < best.Loaded*c.Read:
		why := fmt.Sprintf("it parses %d of %d sample rows, the best %d of %d", c.Loaded, c.Read, best.Loaded, best.Read)
		if c.FirstReject != nil {
			why += fmt.Sprintf(" (line %d: %s)", c.FirstReject.Line, shorten(c.FirstReject.Reason, 100))
		}
		return why
	case c.Header.Mode == "none" && best.Header.Mode == "matched":
		return "it expects no header row, and the best's column names are in the file"
	default:
		return fmt.Sprintf("weaker header evidence (%.2f against %.2f): it maps %d of the file's %d columns, the best %d of %d",
			c.HeaderScore, best.HeaderScore, c.Header.Mapped, c.Header.FileColumns, best.Header.Mapped, best.Header.FileColumns)
	}
}

func quoteList(names []string, n int) string {
	var q []string
	for i, s := range names {
		if i == n {
			q = append(q, fmt.Sprintf("and %d more", len(names)-n))
			break
		}
		q = append(q, fmt.Sprintf("%q", s))
	}
	return strings.Join(q, ", ")
}

// NotConfidentError is Choose's refusal: why, and the best two candidates
// with their evidence. It wraps ErrNotConfident.
type NotConfidentError struct {
	Why      string
	Best     *Candidate
	RunnerUp *Candidate
}

func (e *NotConfidentError) Error() string {
	msg := fmt.Sprintf("%v: %s", ErrNotConfident, e.Why)
	if e.Best != nil {
		msg += fmt.Sprintf("; best %s (confidence %.2f: %s)", e.Best.Name, e.Best.Confidence, e.Best.Evidence)
	}
	if e.RunnerUp != nil {
		msg += fmt.Sprintf("; runner-up %s (confidence %.2f: %s)", e.RunnerUp.Name, e.RunnerUp.Confidence, e.RunnerUp.Evidence)
	}
	return msg + "; name one with --profile"
}

func (e *NotConfidentError) Unwrap() error { return ErrNotConfident }

// Choose returns the best candidate, or a *NotConfidentError (wrapping
// ErrNotConfident) with the evidence of the best two when the best is below
// MinConfidence, parses fewer than MinRowShare of the sample rows, or is not
// MinMargin ahead of the runner-up.
func Choose(cands []Candidate) (Candidate, error) {
	if len(cands) == 0 {
		return Candidate{}, &NotConfidentError{Why: "no profiles"}
	}
	best := cands[0]
	e := &NotConfidentError{Best: &best}
	if len(cands) > 1 {
		e.RunnerUp = &cands[1]
	}
	switch {
	case best.Confidence < MinConfidence:
		e.Why = fmt.Sprintf("the best confidence is %.2f, below %.2f", best.Confidence, MinConfidence)
	case float64(best.Loaded) < MinRowShare*float64(best.Read):
		e.Why = fmt.Sprintf("the best parses only %d of %d sample rows", best.Loaded, best.Read)
	case e.RunnerUp != nil && best.Confidence-e.RunnerUp.Confidence < MinMargin:
		e.Why = fmt.Sprintf("%s and %s fit equally well", best.Name, e.RunnerUp.Name)
	default:
		return best, nil
	}
	return Candidate{}, e
}
