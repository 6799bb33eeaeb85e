package audit

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Problem is what is wrong at the first bad line.
type Problem uint8

const (
	// Garbled is a line that is not an entry: not JSON, unknown fields, or
	// no hash at its end.
	Garbled Problem = iota + 1
	// Truncated is a last line without its newline: cut off.
	Truncated
	// Edited is an entry whose content does not match its hash.
	Edited
	// Missing is a seq beyond the next one: entries removed (or moved later).
	Missing
	// Reordered is a seq at or before one already seen: entries moved or repeated.
	Reordered
	// Unchained is an entry whose prev is not the hash of the line before:
	// inserted, forged, or its predecessor replaced.
	Unchained
	// HeadMismatch is an anchor (head) whose seq is in the log with another hash:
	// the log was rewritten from there on.
	HeadMismatch
	// EndsBeforeHead is a log that ends before an anchor's seq: entries
	// removed from the end.
	EndsBeforeHead
)

var problemNames = map[Problem]string{
	Garbled: "garbled", Truncated: "truncated", Edited: "edited", Missing: "missing",
	Reordered: "reordered", Unchained: "unchained", HeadMismatch: "head mismatch", EndsBeforeHead: "ends before head",
}

func (p Problem) String() string {
	if s, ok := problemNames[p]; ok {
		return s
	}
	return fmt.Sprintf("Problem(%d)", uint8(p))
}

// Break is the first place where the log is not intact.
type Break struct {
	Line    int // 1-based; for EndsBeforeHead, one past the last line
	Problem Problem
	Detail  string
}

func (b *Break) Error() string {
	return fmt.Sprintf("line %d: %s: %s", b.Line, b.Problem, b.Detail)
}

// Report is what Verify found.
type Report struct {
	Entries int    // intact entries before the first break (all of them if none)
	Last    Head   // the last intact entry (zero if none)
	Break   *Break // nil when the log is intact
}

// OK says whether the log is intact.
func (r Report) OK() bool { return r.Break == nil }

// Verify reads a log and checks its chain: every line is an entry that
// matches its hash, seqs run 1, 2, 3..., and every prev is the hash of the
// line before (Genesis for the first). It stops at the first break. Each
// anchor must be in the log with its hash: a hash chain cannot by itself
// show that entries were cut from the end, an anchor recorded elsewhere can.
// The error is for failing to read; a broken log is Report.Break.
func Verify(r io.Reader, anchors ...Head) (Report, error) {
	want := map[int64]string{}
	var furthest Head
	for _, a := range anchors {
		want[a.Seq] = a.Hash
		if a.Seq > furthest.Seq {
			furthest = a
		}
	}
	var rep Report
	prev := Genesis
	br := bufio.NewReader(r)
	line := 0
	brk := func(p Problem, format string, args ...any) (Report, error) {
		rep.Break = &Break{Line: line, Problem: p, Detail: fmt.Sprintf(format, args...)}
		return rep, nil
	}
	for {
		b, err := br.ReadBytes('\n')
		if len(b) == 0 && errors.Is(err, io.EOF) {
			break
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return rep, fmt.Errorf("read audit log: %w", err)
		}
		line++
		if !bytes.HasSuffix(b, []byte("\n")) {
			return brk(Truncated, "the last line is cut off after %d bytes", len(b))
		}
		e, err := decode(bytes.TrimSuffix(b, []byte("\n")))
		switch {
		case errors.Is(err, errHashMismatch):
			return brk(Edited, "entry seq %d does not match its hash", e.Seq)
		case err != nil:
			return brk(Garbled, "%v", err)
		}
		next := rep.Last.Seq + 1
		switch {
		case e.Seq > next:
			return brk(Missing, "seq %d where %d was expected: entries %d to %d removed or moved", e.Seq, next, next, e.Seq-1)
		case e.Seq < next:
			return brk(Reordered, "seq %d after seq %d: entries moved or repeated", e.Seq, rep.Last.Seq)
		case e.Prev != prev:
			what := fmt.Sprintf("the hash of line %d", line-1)
			if line == 1 {
				what = "the genesis value"
			}
			return brk(Unchained, "prev of seq %d is not %s: inserted, forged or its predecessor replaced", e.Seq, what)
		}
		if h, ok := want[e.Seq]; ok && h != e.Hash {
			return brk(HeadMismatch, "the anchor %d:%s has another hash here: the log was rewritten", e.Seq, h)
		}
		rep.Entries++
		rep.Last = Head{Seq: e.Seq, Hash: e.Hash}
		prev = e.Hash
	}
	if furthest.Seq > rep.Last.Seq {
		line++
		return brk(EndsBeforeHead, "the log ends at seq %d but the head says %d: entries removed from the end", rep.Last.Seq, furthest.Seq)
	}
	return rep, nil
}
