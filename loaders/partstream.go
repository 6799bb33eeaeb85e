package loaders

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// PartStream reads every part of a Delivery with one profile, one part after
// another, as one stream of rows: ids run on across parts, a duplicate
// across sheets is marked as one within a sheet is, and each row carries the
// part it came from in source_part (rejects in Reject.Part). A part whose
// header does not fit the profile (a cover sheet, a legend) is skipped and
// listed in Skipped; a delivery where no part fits is an error.
type PartStream struct {
	ctx     context.Context
	parts   []Part
	profile *Profile
	opts    ReadOptions
	schema  *arrow.Schema
	digest  func() (string, error)
	refs    atomic.Int64

	next    int // index of the next part to open
	cur     *Stream
	curRC   io.Closer
	curPart string
	rec     arrow.RecordBatch
	nextID  int64
	read    int // parts read

	rejects []Reject
	counts  Counts
	skipped []string
	perPart []PartCount
	err     error
	sha     string
}

// NewPartStream reads the parts of d with p. digest is called once every
// part has been read and must return the hex SHA-256 of the delivered file
// as it is then (the load compares it with the digest taken before).
func NewPartStream(ctx context.Context, d *Delivery, p *Profile, opts ReadOptions, digest func() (string, error)) *PartStream {
	base := schemaOf(p.Kind)
	fields := append(append([]arrow.Field(nil), base.Fields()...), arrow.Field{Name: "source_part", Type: arrow.BinaryTypes.String, Nullable: true})
	if p.Kind == KindCDR {
		opts.seen = newFirstSeen(1 << 16)
	}
	s := &PartStream{ctx: ctx, parts: d.Parts, profile: p, opts: opts, schema: arrow.NewSchema(fields, nil),
		digest: digest, nextID: opts.FirstID}
	s.refs.Store(1)
	return s
}

// Schema is the target table's columns and source_part.
func (s *PartStream) Schema() *arrow.Schema { return s.schema }

// Next advances to the next batch of rows.
func (s *PartStream) Next() bool {
	if s.rec != nil {
		s.rec.Release()
		s.rec = nil
	}
	for s.err == nil {
		if s.cur == nil {
			if s.next == len(s.parts) {
				s.finish()
				return false
			}
			if !s.open(s.parts[s.next]) {
				continue
			}
		}
		if s.cur.Next() {
			s.rec = s.withPart(s.cur.RecordBatch())
			return true
		}
		s.closePart()
	}
	return false
}

// open starts reading part pt; false when it was skipped or failed.
func (s *PartStream) open(pt Part) bool {
	s.next++
	rc, err := pt.Open()
	if err != nil {
		s.err = fmt.Errorf("%s: %w", pt.Name, err)
		return false
	}
	opts := s.opts
	opts.FirstID, opts.Cells, opts.Gzip = s.nextID, pt.Cells, pt.Gzip
	st, err := NewStream(s.ctx, rc, s.profile, opts)
	if errors.Is(err, ErrHeader) {
		rc.Close()
		s.skipped = append(s.skipped, fmt.Sprintf("%s: %v", pt.Name, err))
		s.perPart = append(s.perPart, PartCount{Name: pt.Name, Skipped: err.Error()})
		return false
	}
	if err != nil {
		rc.Close()
		s.err = fmt.Errorf("%s: %w", pt.Name, err)
		return false
	}
	s.cur, s.curRC, s.curPart = st, rc, pt.Name
	return true
}

// closePart adds the finished part's counts and rejects.
func (s *PartStream) closePart() {
	st := s.cur
	if err := st.Err(); err != nil {
		s.err = fmt.Errorf("%s: %w", s.curPart, err)
	} else {
		c := st.Counts()
		s.counts.Read += c.Read
		s.counts.Loaded += c.Loaded
		s.counts.Rejected += c.Rejected
		s.counts.Duplicate += c.Duplicate
		s.nextID += c.Loaded
		s.perPart = append(s.perPart, PartCount{Name: s.curPart, Counts: c})
		for _, r := range st.Rejects() {
			r.Part = s.curPart
			s.rejects = append(s.rejects, r)
		}
		s.read++
	}
	st.Release()
	s.curRC.Close()
	s.cur, s.curRC = nil, nil
}

func (s *PartStream) finish() {
	if s.read == 0 {
		s.err = fmt.Errorf("%w: no sheet or member fits profile %s (%s)", ErrHeader, s.profile.Name, strings.Join(s.skipped, "; "))
		return
	}
	sha, err := s.digest()
	if err != nil {
		s.err = fmt.Errorf("digest: %w", err)
		return
	}
	s.sha = sha
}

// withPart returns rec in the stream's schema (the kind's columns, in
// order: a part may leave out columns its profile never fills, which are
// all NULL here) with a source_part column naming the current part.
func (s *PartStream) withPart(rec arrow.RecordBatch) arrow.RecordBatch {
	n := int(rec.NumRows())
	mem := memory.DefaultAllocator
	b := array.NewStringBuilder(mem)
	b.Reserve(n)
	b.ReserveData(n * len(s.curPart))
	for range n {
		b.Append(s.curPart)
	}
	part := b.NewArray()
	b.Release()
	have := rec.Schema()
	cols := make([]arrow.Array, 0, s.schema.NumFields())
	var made []arrow.Array
	for i, f := range s.schema.Fields() {
		if i == s.schema.NumFields()-1 {
			cols = append(cols, part)
			break
		}
		if j := have.FieldIndices(f.Name); len(j) > 0 {
			cols = append(cols, rec.Column(j[0]))
			continue
		}
		null := array.MakeArrayOfNull(mem, f.Type, n)
		made = append(made, null)
		cols = append(cols, null)
	}
	out := array.NewRecordBatch(s.schema, cols, int64(n))
	part.Release()
	for _, a := range made {
		a.Release()
	}
	return out
}

// RecordBatch returns the current batch; valid until the next call to Next.
func (s *PartStream) RecordBatch() arrow.RecordBatch { return s.rec }

// Record returns the current batch.
//
// Deprecated: use RecordBatch; kept to satisfy array.RecordReader.
func (s *PartStream) Record() arrow.RecordBatch { return s.rec }

// Retain adds a reference.
func (s *PartStream) Retain() { s.refs.Add(1) }

// Release drops a reference; the last one stops reading.
func (s *PartStream) Release() {
	if s.refs.Add(-1) != 0 {
		return
	}
	if s.rec != nil {
		s.rec.Release()
		s.rec = nil
	}
	if s.cur != nil {
		s.cur.Release()
		s.curRC.Close()
		s.cur, s.curRC = nil, nil
	}
}

// Err returns the error that stopped the stream, if any.
func (s *PartStream) Err() error { return s.err }

// Counts returns the row counts of the parts read so far.
func (s *PartStream) Counts() Counts { return s.counts }

// RowCounts returns Counts as plain numbers: read, loaded, rejected, duplicate.
func (s *PartStream) RowCounts() (read, loaded, rejected, duplicate int64) {
	return s.counts.Read, s.counts.Loaded, s.counts.Rejected, s.counts.Duplicate
}

// Rejects returns the rejected lines of the parts read so far.
func (s *PartStream) Rejects() []Reject { return s.rejects }

// EachReject calls fn for each reject, in part and line order.
func (s *PartStream) EachReject(fn func(part string, line int64, field, reason, raw string)) {
	for _, r := range s.rejects {
		fn(r.Part, r.Line, r.Field, r.Reason, r.Raw)
	}
}

// Skipped lists the parts whose header did not fit the profile, with why.
func (s *PartStream) Skipped() []string { return s.skipped }

// PartCount is what became of one part of a delivery: its row counts, or
// why it was skipped.
type PartCount struct {
	Name    string
	Counts  Counts
	Skipped string // why the part was not read; "" when it was
}

// PartCounts returns each part opened so far, in order, with its counts
// or why it was skipped.
func (s *PartStream) PartCounts() []PartCount { return s.perPart }

// EachPart calls fn for each part opened so far, in order (engine records
// them in source_parts).
func (s *PartStream) EachPart(fn func(part string, read, loaded, rejected, duplicate int64, skipped string)) {
	for _, p := range s.perPart {
		fn(p.Name, p.Counts.Read, p.Counts.Loaded, p.Counts.Rejected, p.Counts.Duplicate, p.Skipped)
	}
}

// SHA256 is the digest of the delivered file once every part is read.
func (s *PartStream) SHA256() string { return s.sha }

// DetectDelivery tries every profile on the head of each part (up to the
// first 8) and returns the candidates, best first. A profile's candidate is
// its best-fitting part, with the sample rows of every part it can read
// counted together (so a sheet of bad rows counts against it); its evidence
// names that part.
func DetectDelivery(ctx context.Context, d *Delivery, ps *Profiles, opts ReadOptions) ([]Candidate, error) {
	best := map[string]Candidate{}
	rows := map[string][2]int64{} // profile → sample rows read, parsed, over the parts it reads
	for i, pt := range d.Parts {
		if i == 8 {
			break
		}
		head, err := pt.Head(256 << 10)
		if err != nil {
			return nil, err
		}
		o := opts
		o.Cells = pt.Cells
		for _, c := range Detect(ctx, head, ps, o) {
			if c.Unreadable == "" {
				r := rows[c.Name]
				rows[c.Name] = [2]int64{r[0] + c.Read, r[1] + c.Loaded}
			}
			c.Preamble.First = strings.TrimSpace(pt.Name + ": " + c.Preamble.First)
			if b, ok := best[c.Name]; !ok || c.Confidence > b.Confidence {
				best[c.Name] = c
			}
		}
	}
	out := make([]Candidate, 0, len(best))
	for name, c := range best {
		if r := rows[name]; c.Unreadable == "" && r[0] > 0 {
			c.Read, c.Loaded = r[0], r[1]
			c.Confidence = round3(HeaderWeight*c.HeaderScore + RowWeight*float64(r[1])/float64(r[0]))
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Confidence != out[j].Confidence {
			return out[i].Confidence > out[j].Confidence
		}
		return out[i].Name < out[j].Name
	})
	for i := range out {
		out[i].Lost = ""
		if i > 0 {
			out[i].Lost = lostTo(out[i], out[0])
		}
		out[i].Evidence = out[i].summary()
	}
	return out, nil
}

// schemaOf returns the schema of the rows of a kind.
func schemaOf(k Kind) *arrow.Schema {
	switch k {
	case KindCells:
		return cellsSchema
	case KindANPR:
		return anprSchema
	}
	return eventsSchema
}
