package audit

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// DefaultFileName is the audit log's name in the cases directory.
const DefaultFileName = "mast-audit.log"

var (
	// ErrBrokenTail is a log whose last line is not an intact entry, or that
	// ends before its head file: appending would chain onto a damaged log.
	ErrBrokenTail = errors.New("audit log tail is broken")
	// ErrInUse is a log another process has open for appending.
	ErrInUse = errors.New("audit log is in use by another process")
	// ErrClosed is an append after Close or after a failed write.
	ErrClosed = errors.New("audit log closed")
)

// Options configure a Log.
type Options struct {
	// Sync fsyncs each entry before Append returns (default true).
	// Concurrent appends share fsyncs (group commit).
	Sync bool
	// NewSegment, when the tail is broken, sets the damaged file (and its
	// head file) aside as FILE.broken-<UTC time> and starts a new chain in
	// FILE whose first entry, of kind Segment, names it. Without it, Open
	// refuses a broken tail.
	NewSegment bool
	// Now is the clock (default time.Now).
	Now func() time.Time
	// FlushDelay bounds how long an entry appended with AppendDeferred
	// waits for its fsync (default 20ms).
	FlushDelay time.Duration
}

// DefaultOptions are the defaults.
func DefaultOptions() Options {
	return Options{Sync: true, Now: time.Now, FlushDelay: defaultFlushDelay}
}

const defaultFlushDelay = 20 * time.Millisecond

// Log is an audit log open for appending. It is safe for concurrent use.
type Log struct {
	path string
	opts Options

	mu      sync.Mutex // orders entries: seq, prev, the write
	f       *os.File
	head    *os.File
	last    Head  // the last entry written
	err     error // sticky: after a failed write nothing more is appended
	syncMu  sync.Mutex
	durable int64 // the highest seq fsynced (under syncMu)
	// flushing is true while a deferred fsync is scheduled (under mu).
	flushing bool
}

// Open opens the log at path for appending (created with mode 0600 if
// missing), locks it against other processes, and continues the chain from
// its last entry. It refuses, with ErrBrokenTail, a log whose last line is
// damaged or that ends before its head file, unless opts.NewSegment.
func Open(path string, opts Options) (*Log, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.FlushDelay <= 0 {
		opts.FlushDelay = defaultFlushDelay
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("audit dir: %w", err)
	}
	l, brokenErr, err := open(path, opts)
	if err != nil || brokenErr == nil {
		return l, err
	}
	if !opts.NewSegment {
		l.closeFiles()
		return nil, fmt.Errorf("%s: %w (run mast audit verify --audit %s; to set it aside and start a new segment, open with the new-segment option)", path, brokenErr, path)
	}
	aside := fmt.Sprintf("%s.broken-%s", path, opts.Now().UTC().Format("20060102T150405Z"))
	if err := os.Rename(path, aside); err != nil {
		l.closeFiles()
		return nil, fmt.Errorf("set aside broken audit log: %w", err)
	}
	if err := os.Rename(HeadPath(path), HeadPath(aside)); err != nil && !errors.Is(err, os.ErrNotExist) {
		l.closeFiles()
		return nil, fmt.Errorf("set aside broken audit head: %w", err)
	}
	l.closeFiles()
	why := brokenErr
	l, brokenErr, err = open(path, opts)
	if err != nil {
		return nil, err
	}
	if brokenErr != nil { // a fresh file cannot be broken, unless raced
		l.closeFiles()
		return nil, fmt.Errorf("%s: %w", path, brokenErr)
	}
	if _, err := l.Append(Entry{Kind: Segment, User: "mast", Outcome: OK,
		Message: fmt.Sprintf("new segment: the previous log was set aside as %s (%v)", filepath.Base(aside), why)}); err != nil {
		l.Close()
		return nil, err
	}
	return l, nil
}

// open opens and locks the files and reads the tail. brokenErr says why the
// tail is broken; the Log is then open but must not be appended to.
func open(path string, opts Options) (l *Log, brokenErr, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("open audit log: %w", err)
	}
	if err := lock(f); err != nil {
		f.Close()
		return nil, nil, err
	}
	l = &Log{path: path, opts: opts, f: f}
	last, ok, err := tail(f)
	if errors.Is(err, ErrBrokenTail) {
		return l, err, nil
	}
	if err != nil {
		l.closeFiles()
		return nil, nil, err
	}
	if ok {
		l.last = Head{Seq: last.Seq, Hash: last.Hash}
		l.durable = last.Seq
	}
	h, hok, err := ReadHead(HeadPath(path))
	if err != nil {
		return l, fmt.Errorf("%w: %w", ErrBrokenTail, err), nil
	}
	if hok && (h.Seq > l.last.Seq || h.Seq == l.last.Seq && h.Hash != l.last.Hash) {
		return l, fmt.Errorf("%w: the log ends at seq %d but its head file says %s: entries removed from the end", ErrBrokenTail, l.last.Seq, h), nil
	}
	l.head, err = os.OpenFile(HeadPath(path), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		l.closeFiles()
		return nil, nil, fmt.Errorf("open audit head: %w", err)
	}
	return l, nil, nil
}

// Path is the log's path.
func (l *Log) Path() string { return l.path }

// Head is the last entry written.
func (l *Log) Head() Head {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.last
}

// Append records an entry: it sets Seq, Prev and Hash (and Time, if zero),
// writes the line with one write(), and with Options.Sync returns only once
// the line is on disk. It returns the entry as written. After an error the
// log takes no more entries (the server must then stop answering
// statements: an answered statement must have its entry).
func (l *Log) Append(e Entry) (Entry, error) {
	e, err := l.write(e, false)
	if err != nil || !l.opts.Sync {
		return e, err
	}
	return e, l.sync(e.Seq)
}

// AppendDeferred records an entry as Append does, with one write(), but
// does not wait for its fsync: that follows within Options.FlushDelay, or
// sooner with the next Append's fsync or Close. Once it returns the entry
// survives the process; only a crash of the machine within the delay can
// lose it. The server uses it for a cursor's FETCH and MOVE, whose query was
// recorded durably when the cursor was declared; a loop of thousands of
// fetches then costs a few fsyncs rather than one each.
func (l *Log) AppendDeferred(e Entry) (Entry, error) {
	return l.write(e, true)
}

// write chains e onto the log and writes it; with deferred (and Sync) it
// schedules the fsync that makes it durable.
func (l *Log) write(e Entry, deferred bool) (Entry, error) {
	if e.Kind == 0 || e.Outcome == 0 {
		return Entry{}, fmt.Errorf("audit: entry without kind or outcome")
	}
	if e.Time.IsZero() {
		e.Time = l.opts.Now()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return Entry{}, l.err
	}
	e.Seq = l.last.Seq + 1
	e.Prev = l.last.Hash
	if e.Seq == 1 {
		e.Prev = Genesis
	}
	line, hash, err := encode(e)
	if err != nil {
		return Entry{}, err
	}
	if _, err := l.f.Write(line); err != nil {
		l.err = fmt.Errorf("%w: write failed: %w", ErrClosed, err)
		return Entry{}, l.err
	}
	e.Hash = hash
	l.last = Head{Seq: e.Seq, Hash: hash}
	switch {
	case !l.opts.Sync:
		l.head.WriteAt(headLine(l.last), 0) // best effort: the head is an anchor, not the record
	case deferred && !l.flushing:
		l.flushing = true
		time.AfterFunc(l.opts.FlushDelay, l.flush)
	}
	return e, nil
}

// flush fsyncs what deferred appends wrote. Its error, like any fsync
// error, closes the log to further entries.
func (l *Log) flush() {
	l.mu.Lock()
	l.flushing = false
	seq := l.last.Seq
	l.mu.Unlock()
	l.sync(seq)
}

// sync makes every entry up to seq durable. One fsync covers all the entries
// written before it starts, so concurrent sessions share it.
func (l *Log) sync(seq int64) error {
	l.syncMu.Lock()
	defer l.syncMu.Unlock()
	if l.durable >= seq {
		return nil
	}
	l.mu.Lock()
	upto, err := l.last, l.err
	l.mu.Unlock()
	if err != nil {
		return err
	}
	if err := l.f.Sync(); err != nil {
		l.mu.Lock()
		l.err = fmt.Errorf("%w: fsync failed: %w", ErrClosed, err)
		l.mu.Unlock()
		return l.err
	}
	l.durable = upto.Seq
	l.head.WriteAt(headLine(upto), 0) // after the fsync: the head never runs ahead of the log
	return nil
}

// Close closes the log; further appends fail with ErrClosed.
func (l *Log) Close() error {
	l.syncMu.Lock()
	defer l.syncMu.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
	if errors.Is(l.err, ErrClosed) && l.f == nil {
		return nil
	}
	l.err = ErrClosed
	var err error
	if l.f != nil {
		err = l.f.Sync()
	}
	if l.head != nil {
		l.head.WriteAt(headLine(l.last), 0)
	}
	if cerr := l.closeFiles(); err == nil {
		err = cerr
	}
	return err
}

func (l *Log) closeFiles() error {
	var err error
	for _, c := range []*os.File{l.f, l.head} {
		if c != nil {
			if cerr := c.Close(); err == nil {
				err = cerr
			}
		}
	}
	l.f, l.head = nil, nil
	return err
}
