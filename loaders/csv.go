package loaders

import (
	"bytes"
	"errors"
	"fmt"
	"unsafe"
)

// errUnterminated and errAfterQuote are the ways a line can fail to split.
var (
	errUnterminated = errors.New("unterminated quoted field")
	errAfterQuote   = errors.New("text after a closing quote")
)

// splitter splits one line into fields. It is not safe for concurrent use.
type splitter struct {
	delim   byte
	isQuote [256]bool
	fields  [][]byte
}

func newSplitter(delim byte, quotes string) *splitter {
	s := &splitter{delim: delim}
	for i := 0; i < len(quotes); i++ {
		s.isQuote[quotes[i]] = true
	}
	return s
}

// split returns the fields of line (without its line ending). A field that
// starts with one of the quote characters runs to the matching quote; a
// doubled quote inside it is one quote. The returned slices alias line except
// for fields with doubled quotes; they are valid until the next call.
func (s *splitter) split(line []byte) ([][]byte, error) {
	s.fields = s.fields[:0]
	i := 0
	for {
		if i < len(line) && s.isQuote[line[i]] {
			q := line[i]
			field, next, err := quoted(line, i+1, q)
			if err != nil {
				return nil, fmt.Errorf("field %d: %w", len(s.fields)+1, err)
			}
			s.fields = append(s.fields, field)
			i = next
			if i == len(line) {
				return s.fields, nil
			}
			if line[i] != s.delim {
				return nil, fmt.Errorf("field %d: %w", len(s.fields), errAfterQuote)
			}
			i++
			continue
		}
		j := bytes.IndexByte(line[i:], s.delim)
		if j < 0 {
			s.fields = append(s.fields, line[i:])
			return s.fields, nil
		}
		s.fields = append(s.fields, line[i:i+j])
		i += j + 1
	}
}

// quoted reads a quoted field starting after its opening quote at start. It
// returns the field, and the index just after the closing quote.
func quoted(line []byte, start int, q byte) ([]byte, int, error) {
	var out []byte // allocated only when the field has a doubled quote
	i := start
	for {
		j := bytes.IndexByte(line[i:], q)
		if j < 0 {
			return nil, 0, errUnterminated
		}
		end := i + j
		if end+1 < len(line) && line[end+1] == q {
			out = append(out, line[i:end+1]...)
			i = end + 2
			continue
		}
		if out == nil {
			return line[start:end], end + 1, nil
		}
		return append(out, line[i:end]...), end + 1, nil
	}
}

// str views b as a string without copying. The bytes of a block are never
// written after the block is read, so the view stays valid while it is used.
func str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// trim removes ASCII spaces and tabs around b.
func trim(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}
