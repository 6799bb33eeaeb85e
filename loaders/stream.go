package loaders

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"golang.org/x/text/transform"
)

// ReadOptions tune a Stream.
type ReadOptions struct {
	Region    string         // default region for national-format numbers (ISO 3166 alpha-2)
	Zone      *time.Location // zone of local times when the profile names none
	SourceID  int32          // written in every row
	FirstID   int64          // id of the first row; the next ones follow in file order
	Workers   int            // parsing goroutines; 0 = GOMAXPROCS
	BlockSize int            // most bytes in a block (but for a longer line); 0 = 32 MiB
	Progress  *Progress      // optional live counters
	// Gzip says the bytes are gzip-compressed; the digest is of the
	// compressed bytes, as delivered.
	Gzip bool
	// Cells says the text is mast's rendering of a spreadsheet's cells (see
	// SheetReader): one line per row, cells split by 0x1F, never quoted,
	// UTF-8. The profile's delimiter, quotes and encoding are then ignored.
	Cells bool
	// seen carries the event fingerprints of earlier parts of the same file,
	// so that a duplicate across sheets is marked as one within a sheet is.
	seen *firstSeen
	// RejectLimit stops a load whose rows are mostly rejects: once this many
	// rows have been read, more than half of them rejected fails the file
	// (ErrMostlyRejects) — the profile is almost certainly wrong. 0 = 10,000.
	RejectLimit int64
}

// Progress is updated while a Stream reads, for progress bars.
type Progress struct {
	Bytes atomic.Int64 // bytes read from the file
	Rows  atomic.Int64 // data rows parsed
}

// Reject is one data line that could not be loaded.
type Reject struct {
	Part   string // the sheet or archive member holding the line; "" for a plain file
	Line   int64  // 1-based line number in the file (or part)
	Field  string // canonical field that failed, if one did
	Reason string
	Raw    string // the line as read, invalid UTF-8 replaced
}

// Counts are a file's row counts. Read = Loaded + Rejected.
type Counts struct {
	Read      int64
	Loaded    int64
	Rejected  int64
	Duplicate int64
}

// ErrMostlyRejects stops a file whose rows mostly fail to parse.
var ErrMostlyRejects = errors.New("the file does not fit its profile")

// ErrHeader is returned when a file's header does not fit its profile.
var ErrHeader = errors.New("header does not fit the profile")

// Stream reads one file with one profile and yields Arrow record batches of
// the target table's columns, in file order. It is an array.RecordReader.
type Stream struct {
	profile *Profile
	plan    *plan
	opts    ReadOptions
	schema  *arrow.Schema

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	refs   atomic.Int64

	results chan *blockResult
	pending map[int]*blockResult
	nextSeq int
	nextID  int64
	total   int // number of blocks, known when the reader ends; -1 before
	totalCh chan int

	seen    *firstSeen // event fingerprint → first event id (events only)
	batch   batcher    // taken blocks, cut into batches of BatchRows
	cur     arrow.RecordBatch
	rejects []Reject
	counts  Counts
	err     error
	errOnce sync.Once
	readErr error

	hasher hash.Hash
	digest string
	done   bool
}

// NewStream reads the header of r (synchronously, so a file that does not fit
// the profile fails at once) and starts reading the rest.
func NewStream(ctx context.Context, r io.Reader, p *Profile, opts ReadOptions) (*Stream, error) {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.BlockSize <= 0 {
		opts.BlockSize = 32 << 20
	}
	if opts.RejectLimit <= 0 {
		opts.RejectLimit = 10_000
	}
	if opts.Zone == nil {
		opts.Zone = time.UTC
	}
	if opts.Region == "" {
		opts.Region = "GB"
	}
	if opts.Progress == nil {
		opts.Progress = &Progress{}
	}
	if opts.Cells {
		p = p.forCells()
	}
	s := &Stream{profile: p, opts: opts, nextID: opts.FirstID, total: -1,
		pending: map[int]*blockResult{}, totalCh: make(chan int, 1), hasher: sha256.New()}
	s.refs.Store(1)
	raw := io.TeeReader(r, s.hasher)
	var text io.Reader = raw
	if opts.Gzip {
		zr, err := gzip.NewReader(raw)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		text = zr
	}
	if dec, _ := decoderFor(p.CSV.Encoding); dec != nil { // checked when the profile was read
		text = transform.NewReader(text, dec)
	}
	br := bufio.NewReaderSize(text, 1<<20)
	header, firstLine, carry, preamble, err := readHeader(br, p, opts.Progress)
	if err != nil {
		return nil, err
	}
	pl, err := compile(p, header, preamble, opts)
	if err != nil {
		return nil, err
	}
	s.plan = pl
	s.schema = pl.schema
	if p.Kind == KindCDR {
		s.seen = opts.seen
		if s.seen == nil {
			s.seen = newFirstSeen(1 << 16)
		}
	}
	s.ctx, s.cancel = context.WithCancel(ctx)
	blocks := make(chan block, opts.Workers)
	s.results = make(chan *blockResult, opts.Workers*2)
	// Read buffers go back to the reader once their block is parsed: the
	// rows copy what they keep.
	free := make(chan []byte, 2*opts.Workers+1)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer close(blocks)
		n, err := readBlocks(s.ctx, br, carry, firstLine, opts.BlockSize, BatchRows, opts.Progress, free, blocks)
		if err == nil && opts.Gzip {
			// Whatever follows the compressed stream is part of the file's
			// bytes too: read it so the digest covers the whole file.
			_, err = io.Copy(io.Discard, raw)
		}
		s.readErr = err
		s.totalCh <- n
	}()
	var workers sync.WaitGroup
	for range opts.Workers {
		workers.Add(1)
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer workers.Done()
			w := pl.newWorker()
			for b := range blocks {
				res := w.parseBlock(b)
				select {
				case free <- b.data[:0]:
				default:
				}
				opts.Progress.Rows.Add(res.read)
				select {
				case s.results <- res:
				case <-s.ctx.Done():
					return
				}
			}
		}()
	}
	go func() { workers.Wait(); close(s.results) }()
	return s, nil
}

// block is a run of whole lines of the file.
type block struct {
	seq       int
	firstLine int64 // line number of data[0]
	data      []byte
}

// readHeader skips comments, blank lines and preamble lines, and reads the
// header row if the profile expects one. It returns the column names, the
// line number of the first line after the header, any data line it consumed
// while looking (which the first block must start with), and the non-blank
// lines it skipped (comments and preamble; fields may take values from them).
func readHeader(br *bufio.Reader, p *Profile, prog *Progress) ([]string, int64, []byte, []string, error) {
	line := int64(0)
	first := true
	var preamble []string
	skip := func(raw, text []byte) {
		line++
		prog.Bytes.Add(int64(len(raw)))
		if len(preamble) < maxPreambleLines && len(bytes.TrimSpace(text)) > 0 {
			preamble = append(preamble, strings.ToValidUTF8(string(text), "\uFFFD"))
		}
	}
	for {
		peek, err := br.Peek(1)
		if err != nil && len(peek) == 0 {
			if p.CSV.Header == HeaderRequired {
				return nil, 0, nil, preamble, fmt.Errorf("%w: no line holds the columns profile %s expects in its header (%s)", ErrHeader, p.Name, strings.Join(slices.Compact(slices.Sorted(slices.Values(p.requiredColumns()))), ", "))
			}
			return p.CSV.Columns, line + 1, nil, preamble, nil
		}
		raw, err := br.ReadSlice('\n')
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			return nil, 0, nil, preamble, fmt.Errorf("read header: %w", err)
		}
		text := raw
		if first {
			text = bytes.TrimPrefix(text, []byte("\xef\xbb\xbf"))
			first = false
		}
		text = bytes.TrimRight(text, "\r\n")
		isComment := p.CSV.Comment != "" && bytes.HasPrefix(text, []byte(p.CSV.Comment))
		if len(bytes.TrimSpace(text)) == 0 || isComment {
			skip(raw, text)
			continue
		}
		if p.CSV.Header == HeaderNone {
			return p.CSV.Columns, line + 1, bytes.Clone(raw), preamble, nil
		}
		sp := newSplitter(p.CSV.Delimiter[0], p.CSV.Quote)
		fields, err := sp.split(text)
		names := make([]string, len(fields))
		for i, f := range fields {
			names[i] = strings.TrimSpace(string(f))
		}
		if p.CSV.Header == HeaderRequired && line < int64(p.CSV.PreambleMax) && (err != nil || !hasColumns(names, p.requiredColumns())) {
			// A banner, ticket number or search criteria before the header.
			skip(raw, text)
			continue
		}
		if err != nil {
			return nil, 0, nil, preamble, fmt.Errorf("%w: line %d: %v", ErrHeader, line+1, err)
		}
		if p.CSV.Header == HeaderOptional && !looksLikeHeader(names, p.CSV.Columns) {
			return p.CSV.Columns, line + 1, bytes.Clone(raw), preamble, nil
		}
		prog.Bytes.Add(int64(len(raw)))
		return names, line + 2, nil, preamble, nil
	}
}

// hasColumns reports whether names holds every one of want, ignoring case
// and surrounding spaces.
func hasColumns(names, want []string) bool {
	have := make(map[string]bool, len(names))
	for _, n := range names {
		have[strings.ToLower(strings.TrimSpace(n))] = true
	}
	for _, w := range want {
		if !have[strings.ToLower(strings.TrimSpace(w))] {
			return false
		}
	}
	return true
}

func looksLikeHeader(names, columns []string) bool {
	want := map[string]bool{}
	for _, c := range columns {
		want[strings.ToLower(c)] = true
	}
	hit := 0
	for _, n := range names {
		if want[strings.ToLower(n)] {
			hit++
		}
	}
	return hit*2 >= len(columns)
}

// readBlocks cuts the rest of the file into blocks of whole lines and sends
// them in order. A block holds at most lines lines, so that a block without
// blank or rejected lines yields one whole batch of rows (BatchRows), which is
// then handed on without being copied; and it ends at the first line that
// reaches size bytes, unless that is its first line. Buffers are taken from
// free when it has one, else made. It returns the number of blocks sent.
func readBlocks(ctx context.Context, br *bufio.Reader, carry []byte, line int64, size, lines int, prog *Progress, free <-chan []byte, out chan<- block) (int, error) {
	const step = 1 << 20 // bytes read at a time, so that a block overshoots its last line by little
	seq := 0
	prog.Bytes.Add(int64(len(carry)))
	room := min(size, 4<<20) // capacity of a new buffer: what the last block needed
	for {
		var buf []byte
		select {
		case buf = <-free:
		default:
			buf = make([]byte, 0, room)
		}
		buf = append(buf[:0], carry...)
		carry = nil
		n := bytes.Count(buf, []byte{'\n'})
		eof := false
		for !eof && n < lines && (len(buf) < size || n == 0) {
			if n == 0 && len(buf) >= 256<<20 {
				return seq, fmt.Errorf("line %d: longer than 256 MiB", line)
			}
			want := size - len(buf)
			if want <= 0 {
				want = len(buf) // a line longer than size: read on
			}
			want = min(want, step)
			buf = slices.Grow(buf, want)
			got, err := io.ReadFull(br, buf[len(buf):len(buf)+want])
			n += bytes.Count(buf[len(buf):len(buf)+got], []byte{'\n'})
			buf = buf[:len(buf)+got]
			prog.Bytes.Add(int64(got))
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				eof = true
			} else if err != nil {
				return seq, fmt.Errorf("read: %w", err)
			}
		}
		cut, k := cutLines(buf, n, lines, eof)
		room = max(room, min(len(buf)+step, size+step))
		data := buf[:cut]
		if cut < len(buf) {
			carry = bytes.Clone(buf[cut:])
		}
		if len(data) > 0 {
			select {
			case out <- block{seq: seq, firstLine: line, data: data}:
			case <-ctx.Done():
				return seq, ctx.Err()
			}
			seq++
			line += int64(k)
		}
		if eof && len(carry) == 0 {
			return seq, nil
		}
	}
}

// cutLines returns where a block of buf, which holds n '\n', ends: after its
// lines-th '\n', or after its last when it has fewer, or at its end when it
// has fewer and the file ends there (the last line may be unterminated); and
// the number of '\n' before that.
func cutLines(buf []byte, n, lines int, eof bool) (int, int) {
	switch {
	case n < lines && eof:
		return len(buf), n
	case n <= lines:
		return bytes.LastIndexByte(buf, '\n') + 1, n
	}
	end := 0
	for range lines {
		end += bytes.IndexByte(buf[end:], '\n') + 1
	}
	return end, lines
}

// Schema returns the Arrow schema of the batches: the target table's columns.
func (s *Stream) Schema() *arrow.Schema { return s.schema }

// Retain adds a reference.
func (s *Stream) Retain() { s.refs.Add(1) }

// Release drops a reference; the last one stops the reading goroutines.
func (s *Stream) Release() {
	if s.refs.Add(-1) == 0 {
		s.stop()
		if s.cur != nil {
			s.cur.Release()
			s.cur = nil
		}
		s.batch.release()
	}
}

func (s *Stream) stop() {
	s.cancel()
	for range s.results {
	}
	s.wg.Wait()
}

// Next advances to the next batch of rows, in file order: BatchRows rows,
// but for the last batch.
func (s *Stream) Next() bool {
	if s.cur != nil {
		s.cur.Release()
		s.cur = nil
	}
	if s.batch.schema == nil {
		s.batch = batcher{schema: s.schema, size: BatchRows}
	}
	if err := s.ctx.Err(); err != nil {
		// Cancelled, perhaps after the last block was read but before its
		// rows were all handed over.
		s.fail(err)
		s.batch.release()
		return false
	}
	for {
		if s.batch.full() || s.done && s.err == nil && s.batch.rows > 0 {
			rec, err := s.batch.cut()
			if err != nil {
				s.fail(err)
				s.batch.release()
				return false
			}
			s.cur = rec
			return true
		}
		if s.done {
			s.batch.release()
			return false
		}
		if rec := s.nextBlock(); rec != nil {
			s.batch.add(rec)
		}
	}
}

// nextBlock returns the rows of the next parsed block, in file order, or nil
// when the blocks are done or the stream failed (s.done is then set), or the
// block had no rows.
func (s *Stream) nextBlock() arrow.RecordBatch {
	for !s.done {
		if res, ok := s.pending[s.nextSeq]; ok {
			delete(s.pending, s.nextSeq)
			s.nextSeq++
			return s.take(res)
		}
		if s.total >= 0 && s.nextSeq >= s.total {
			s.finish()
			return nil
		}
		select {
		case res, ok := <-s.results:
			if !ok {
				s.total = <-s.totalCh
				s.totalCh <- s.total
				if len(s.pending) == 0 && s.nextSeq >= s.total {
					s.finish()
					return nil
				}
				if _, ok := s.pending[s.nextSeq]; !ok {
					s.fail(fmt.Errorf("read stopped before block %d of %d", s.nextSeq, s.total))
					return nil
				}
				continue
			}
			s.pending[res.seq] = res
		case <-s.ctx.Done():
			s.fail(s.ctx.Err())
			return nil
		}
	}
	return nil
}

func (s *Stream) finish() {
	s.done = true
	if s.readErr != nil {
		s.fail(s.readErr)
		return
	}
	s.digest = hex.EncodeToString(s.hasher.Sum(nil))
}

func (s *Stream) fail(err error) {
	s.done = true
	s.errOnce.Do(func() { s.err = err })
}

// take turns a parsed block into a record: it assigns ids, marks duplicate
// events and keeps the rejects.
func (s *Stream) take(res *blockResult) arrow.RecordBatch {
	s.counts.Read += res.read
	s.counts.Rejected += int64(len(res.rejects))
	s.rejects = append(s.rejects, res.rejects...)
	if c := s.counts; c.Read >= s.opts.RejectLimit && c.Rejected*2 > c.Read {
		first := s.rejects[0]
		s.fail(fmt.Errorf("%w: %d of the first %d rows rejected (line %d: %s)", ErrMostlyRejects, c.Rejected, c.Read, first.Line, first.Reason))
		res.release()
		return nil
	}
	n := res.rows
	if n == 0 {
		res.release()
		return nil
	}
	s.counts.Loaded += int64(n)
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = s.nextID + int64(i)
	}
	cols := append(res.cols, int64Array(ids, nil, 0))
	if s.seen != nil {
		// duplicate_of: the id of the first event with the same fingerprint,
		// NULL for a first occurrence.
		dup := make([]int64, n)
		valid := make([]byte, bitutil.BytesForBits(int64(n)))
		nulls := 0
		for i, fp := range res.fingerprints {
			if first, ok := s.seen.firstOf(fp, ids[i]); ok {
				dup[i] = first
				bitutil.SetBit(valid, i)
				s.counts.Duplicate++
			} else {
				nulls++
			}
		}
		cols = append(cols, int64Array(dup, valid, nulls))
	}
	s.nextID += int64(n)
	rec := array.NewRecordBatch(s.schema, cols, int64(n))
	for _, c := range cols {
		c.Release()
	}
	return rec
}

// int64Array wraps values (and a validity bitmap when nulls > 0) as an Arrow
// array without copying.
func int64Array(values []int64, valid []byte, nulls int) arrow.Array {
	var v *memory.Buffer
	if nulls > 0 {
		v = memory.NewBufferBytes(valid)
	}
	d := array.NewData(arrow.PrimitiveTypes.Int64, len(values), []*memory.Buffer{v, memory.NewBufferBytes(arrow.Int64Traits.CastToBytes(values))}, nil, nulls, 0)
	defer d.Release()
	return array.MakeFromData(d)
}

// RecordBatch returns the current batch; valid until the next call to Next.
func (s *Stream) RecordBatch() arrow.RecordBatch { return s.cur }

// Record returns the current batch.
//
// Deprecated: use RecordBatch; kept to satisfy array.RecordReader.
func (s *Stream) Record() arrow.RecordBatch { return s.cur }

// Err returns the error that stopped the stream, if any.
func (s *Stream) Err() error { return s.err }

// Rejects returns the rejected lines.
func (s *Stream) Rejects() []Reject { return s.rejects }

// Counts returns the row counts so far; final once Next has returned false.
func (s *Stream) Counts() Counts { return s.counts }

// RowCounts returns Counts as plain numbers: read, loaded, rejected, duplicate.
func (s *Stream) RowCounts() (read, loaded, rejected, duplicate int64) {
	return s.counts.Read, s.counts.Loaded, s.counts.Rejected, s.counts.Duplicate
}

// EachReject calls fn for each kept reject, in file order.
func (s *Stream) EachReject(fn func(part string, line int64, field, reason, raw string)) {
	for _, r := range s.rejects {
		fn(r.Part, r.Line, r.Field, r.Reason, r.Raw)
	}
}

// SHA256 returns the hex digest of every byte read; set once the stream has
// been read to its end without error.
func (s *Stream) SHA256() string { return s.digest }

// Profile returns the profile the stream reads with.
func (s *Stream) Profile() *Profile { return s.profile }

// Columns returns the file's column names as the stream resolved them.
func (s *Stream) Columns() []string { return s.plan.header }

func validUTF8(b []byte) bool { return utf8.Valid(b) }
