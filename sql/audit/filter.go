package audit

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"
)

// Filter selects entries for showing. Zero fields select everything.
type Filter struct {
	User    string
	Case    string
	Since   time.Time // entries at or after
	Until   time.Time // entries before
	Kind    Kind
	Outcome Outcome
}

// Match says whether the entry passes the filter.
func (f Filter) Match(e Entry) bool {
	return (f.User == "" || e.User == f.User) &&
		(f.Case == "" || e.Case == f.Case) &&
		(f.Since.IsZero() || !e.Time.Before(f.Since)) &&
		(f.Until.IsZero() || e.Time.Before(f.Until)) &&
		(f.Kind == 0 || e.Kind == f.Kind) &&
		(f.Outcome == 0 || e.Outcome == f.Outcome)
}

// Read calls fn with each entry of a log in order, with its line number. It
// does not check the chain (Verify does) but stops at a line that is not an
// entry, or whose content does not match its hash.
func Read(r io.Reader, fn func(line int, e Entry) error) error {
	br := bufio.NewReader(r)
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(b) == 0 && errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read audit log: %w", err)
		}
		e, err := decode(bytes.TrimSuffix(b, []byte("\n")))
		if err != nil {
			return fmt.Errorf("audit log line %d: %w", line, err)
		}
		if err := fn(line, e); err != nil {
			return err
		}
	}
}
