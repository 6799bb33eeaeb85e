package audit

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// tail reads the last entry of a log. ok is false for an empty file. A last
// line that is cut off, not an entry, or does not match its hash is an
// error wrapping ErrBrokenTail.
func tail(f *os.File) (e Entry, ok bool, err error) {
	st, err := f.Stat()
	if err != nil {
		return Entry{}, false, fmt.Errorf("audit log: %w", err)
	}
	size := st.Size()
	if size == 0 {
		return Entry{}, false, nil
	}
	last := make([]byte, 1)
	if _, err := f.ReadAt(last, size-1); err != nil {
		return Entry{}, false, fmt.Errorf("audit log: %w", err)
	}
	if last[0] != '\n' {
		return Entry{}, false, fmt.Errorf("%w: the last line is cut off (no newline)", ErrBrokenTail)
	}
	// Read backwards in growing chunks until the newline before the last line.
	end := size - 1
	for chunk := int64(4096); ; chunk *= 2 {
		start := max(0, end-chunk)
		buf := make([]byte, end-start)
		if _, err := f.ReadAt(buf, start); err != nil && err != io.EOF {
			return Entry{}, false, fmt.Errorf("audit log: %w", err)
		}
		if i := bytes.LastIndexByte(buf, '\n'); i >= 0 || start == 0 {
			e, err := decode(buf[i+1:])
			if err != nil {
				return Entry{}, false, fmt.Errorf("%w: last line: %w", ErrBrokenTail, err)
			}
			return e, true, nil
		}
	}
}
