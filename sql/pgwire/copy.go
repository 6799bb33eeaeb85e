package pgwire

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/mastcdr/mast/sql/pgcompat"
)

// copyOut runs COPY (query) TO STDOUT in text or CSV format.
func (s *session) copyOut(ctx context.Context, st *pgcompat.Statement, args []any) (outcome, error) {
	src, err := openRows(ctx, s.conn, false, st, args)
	if err != nil {
		return outcome{}, err
	}
	defer src.close()
	opt := *st.Copy
	csv := opt.Format == "csv"
	if opt.Delimiter == "" {
		opt.Delimiter = "\t"
		if csv {
			opt.Delimiter = ","
		}
	}
	if opt.Quote == "" {
		opt.Quote = `"`
	}
	if opt.Null == "" && !csv {
		opt.Null = `\N`
	}
	s.be.Send(&pgproto3.CopyOutResponse{OverallFormat: 0, ColumnFormatCodes: make([]uint16, len(src.cols))})
	enc := newEncoder(src.cols, nil, s.location(), s.types)
	var line bytes.Buffer
	field := func(i int, v []byte, null bool) {
		if i > 0 {
			line.WriteString(opt.Delimiter)
		}
		switch {
		case null:
			line.WriteString(opt.Null)
		case csv:
			f := string(v)
			if f == "" || f == opt.Null || strings.ContainsAny(f, opt.Delimiter+opt.Quote+"\r\n") {
				f = opt.Quote + strings.ReplaceAll(f, opt.Quote, opt.Quote+opt.Quote) + opt.Quote
			}
			line.WriteString(f)
		default:
			line.WriteString(textCopyEscaper.Replace(string(v)))
		}
	}
	if opt.Header {
		line.Reset()
		for i, c := range src.cols {
			field(i, []byte(c.name), false)
		}
		line.WriteByte('\n')
		s.be.Send(&pgproto3.CopyData{Data: append([]byte(nil), line.Bytes()...)})
	}
	var n int64
	var buf [][]byte
	for {
		vals, ok, err := src.next()
		if err != nil {
			return outcome{rows: n}, err
		}
		if !ok {
			break
		}
		if buf, err = enc.row(vals, buf); err != nil {
			return outcome{rows: n}, err
		}
		line.Reset()
		for i, v := range buf {
			field(i, v, v == nil)
		}
		line.WriteByte('\n')
		s.be.Send(&pgproto3.CopyData{Data: append([]byte(nil), line.Bytes()...)})
		n++
		if n%512 == 0 {
			if err := s.be.Flush(); err != nil {
				return outcome{rows: n}, err
			}
		}
	}
	s.be.Send(&pgproto3.CopyDone{})
	return outcome{tag: fmt.Sprintf("COPY %d", n), rows: n}, nil
}

var textCopyEscaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)
