package audit

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// Head names an entry by its seq and hash: "SEQ:HASH". Written down outside
// the log (the head file, a case notebook, an e-mail), it anchors the chain:
// a log that no longer holds that entry with that hash was cut short or
// rewritten.
type Head struct {
	Seq  int64
	Hash string
}

func (h Head) String() string { return fmt.Sprintf("%d:%s", h.Seq, h.Hash) }

// ParseHead reads "SEQ:HASH" (leading zeros and surrounding space allowed).
func ParseHead(s string) (Head, error) {
	seq, hash, ok := strings.Cut(strings.TrimSpace(s), ":")
	n, err := strconv.ParseInt(seq, 10, 64)
	if !ok || err != nil || n < 1 || len(hash) != hashLen || strings.Trim(hash, "0123456789abcdef") != "" {
		return Head{}, fmt.Errorf("head %q: want SEQ:HASH (a seq and 64 hex digits)", s)
	}
	return Head{Seq: n, Hash: hash}, nil
}

// HeadPath is where the log at path keeps its head: path + ".head".
func HeadPath(path string) string { return path + ".head" }

// ReadHead reads a head file; ok is false when there is none (missing, or
// empty: created with the log, no entry fsynced yet).
func ReadHead(path string) (h Head, ok bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Head{}, false, nil
	}
	if err != nil {
		return Head{}, false, fmt.Errorf("read head: %w", err)
	}
	if len(b) == 0 {
		// Created when the log was opened, not yet written: no entry had
		// been fsynced (as when the file is missing).
		return Head{}, false, nil
	}
	h, err = ParseHead(string(b))
	if err != nil {
		return Head{}, false, fmt.Errorf("head file %s: %w", path, err)
	}
	return h, true, nil
}

// headLine is the fixed-width form written over the head file in place (one
// small write at offset 0, no rename), so that it costs one write() per entry.
func headLine(h Head) []byte { return fmt.Appendf(nil, "%020d:%s\n", h.Seq, h.Hash) }
