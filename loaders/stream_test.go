package loaders

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func profiles(t *testing.T) *Profiles {
	t.Helper()
	ps, err := LoadProfiles("")
	require.NoError(t, err)
	return ps
}

// drain reads s to its end.
func drain(t *testing.T, s *Stream) Counts {
	t.Helper()
	for s.Next() {
	}
	require.NoError(t, s.Err())
	return s.Counts()
}

func TestEveryLineIsARowOrAReject(t *testing.T) {
	t.Parallel()
	p, err := profiles(t).Get("mast-cdr")
	require.NoError(t, err)
	src := "\ufeff# comment\nrecord_id,subject_msisdn,direction,kind,start_time,start_cell\r\n" +
		"R1,07700900123,out,voice,2026-03-01T08:00:00Z,234-15-1201-31010\r\n" +
		"\n" + // blank: not a row
		"R2,07700900123,out,voice,2026-03-01T08:00:00Z,234-15-1201-31010\n" + // duplicate of R1 apart from record_id
		"R3,07700900123,up,voice,2026-03-01T09:00:00Z,\n" +
		"R4,\"07700,900123\",out,sms,2026-03-01T09:00:00Z,\n" +
		"R5,07700900123,in,sms\n" +
		"R6,07700900123,in,sms,2026-03-01T10:00:00Z,"
	for _, block := range []int{16, 64, 4096} {
		s, err := NewStream(context.Background(), strings.NewReader(src), p, ReadOptions{Region: "GB", SourceID: 7, FirstID: 100, BlockSize: block})
		require.NoError(t, err)
		c := drain(t, s)
		require.Equal(t, Counts{Read: 6, Loaded: 3, Rejected: 3, Duplicate: 1}, c, "block %d", block)
		var lines []int64
		for _, r := range s.Rejects() {
			lines = append(lines, r.Line)
		}
		require.Equal(t, []int64{6, 7, 8}, lines)
		require.Equal(t, "direction", s.Rejects()[0].Field)
		require.Contains(t, s.Rejects()[2].Reason, "expected 6 fields, found 4")
		require.Len(t, s.SHA256(), 64)
		s.Release()
	}
}

func TestHeaderThatDoesNotFitIsRefused(t *testing.T) {
	t.Parallel()
	p, err := profiles(t).Get("mast-cdr")
	require.NoError(t, err)
	_, err = NewStream(context.Background(), strings.NewReader("a,b,c\n1,2,3\n"), p, ReadOptions{})
	require.ErrorIs(t, err, ErrHeader)
	require.Contains(t, err.Error(), `"direction"`)
	_, err = NewStream(context.Background(), strings.NewReader(""), p, ReadOptions{})
	require.ErrorIs(t, err, ErrHeader)
}

func TestOptionalHeader(t *testing.T) {
	t.Parallel()
	p, err := profiles(t).Get("opencellid")
	require.NoError(t, err)
	row := "LTE,234,15,2001,2560257,12,-1.9,52.48,1000,5,1,1735689600,1741000000,0\n"
	for name, src := range map[string]string{
		"with header":    "radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal\n" + row,
		"without header": row,
	} {
		s, err := NewStream(context.Background(), strings.NewReader(src), p, ReadOptions{})
		require.NoError(t, err, name)
		require.Equal(t, Counts{Read: 1, Loaded: 1}, drain(t, s), name)
		s.Release()
	}
}

func TestMostlyRejectsStopsTheFile(t *testing.T) {
	t.Parallel()
	p, err := profiles(t).Get("mast-cdr")
	require.NoError(t, err)
	var b strings.Builder
	b.WriteString("subject_msisdn,direction,kind,start_time\n")
	for range 200 {
		b.WriteString("07700900123,out,voice,not a time\n")
	}
	s, err := NewStream(context.Background(), strings.NewReader(b.String()), p, ReadOptions{RejectLimit: 100, BlockSize: 256})
	require.NoError(t, err)
	for s.Next() {
	}
	require.ErrorIs(t, s.Err(), ErrMostlyRejects)
	s.Release()
}

func TestCancelStopsTheStream(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	p, err := profiles(t).Get("mast-cdr")
	require.NoError(t, err)
	var b strings.Builder
	b.WriteString("subject_msisdn,direction,kind,start_time\n")
	for range 20000 {
		b.WriteString("07700900123,out,voice,2026-03-01T08:00:00Z\n")
	}
	ctx, cancel := context.WithCancel(context.Background())
	s, err := NewStream(ctx, strings.NewReader(b.String()), p, ReadOptions{BlockSize: 1024})
	require.NoError(t, err)
	require.True(t, s.Next())
	cancel()
	for s.Next() {
	}
	require.True(t, errors.Is(s.Err(), context.Canceled))
	s.Release() // must return: no goroutine left blocked
}

func TestDetectPicksTheLayoutAndRefusesGarbage(t *testing.T) {
	t.Parallel()
	ps := profiles(t)
	opts := ReadOptions{Region: "GB", Zone: time.UTC}
	cdr := "record_id,subject_msisdn,direction,kind,start_time\nR1,07700900123,out,voice,2026-03-01T08:00:00Z\n"
	best, err := Choose(Detect(context.Background(), []byte(cdr), ps, opts))
	require.NoError(t, err)
	require.Equal(t, "mast-cdr", best.Profile.Name)
	ocid := "GSM,234,15,101,10001,,-1.9,52.48,1000,5,1,1735689600,1741000000,0\n"
	best, err = Choose(Detect(context.Background(), []byte(ocid), ps, opts))
	require.NoError(t, err)
	require.Equal(t, "opencellid", best.Profile.Name)
	_, err = Choose(Detect(context.Background(), []byte("hello world\nthis is a letter\n"), ps, opts))
	require.ErrorIs(t, err, ErrNotConfident)
	require.Contains(t, err.Error(), "runner-up")
}

func TestProfileValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, yaml, want string }{
		{"no name", "kind: cdr\n", "name is missing"},
		{"bad kind", "name: x\nkind: fax\n", "kind"},
		{"unknown field", "name: x\nkind: cdr\nfields: {colour: {column: c}}\n", "not a cdr field"},
		{"needs subject", "name: x\nkind: cdr\nfields: {direction: {column: d}, kind: {column: k}, start_time: {column: s}}\n", "subject_msisdn or subject_imsi or subject_imei"},
		{"two sources", "name: x\nkind: anpr\nfields: {vrm: {column: a, const: b}, time: {column: t}}\n", "exactly one"},
		{"bad zone", "name: x\nkind: anpr\ntime: {zone: Mars/Base}\nfields: {vrm: {column: a}, time: {column: t}}\n", "time.zone"},
		{"typo key", "name: x\nkind: anpr\ncsv: {delimeter: ';'}\nfields: {vrm: {column: a}, time: {column: t}}\n", "delimeter"},
		{"headerless without columns", "name: x\nkind: anpr\ncsv: {header: none}\nfields: {vrm: {column: a}, time: {column: t}}\n", "csv.columns"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseProfile([]byte(tc.yaml), "test")
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
		})
	}
}

// The worked example of docs/profiles.md, as a user would save it.
const acmeProfile = `name: acme-voice
kind: cdr
description: ACME Telecom voice CDRs (semicolon, UK local time)
csv:
  delimiter: ";"
  header: required
time:
  layouts: ["02/01/2006 15:04:05"]
  zone: Europe/London
fields:
  subject_msisdn: {column: MSISDN}
  direction:      {column: Richtung, map: {A: out, B: in}}
  kind:           {column: Typ, map: {SPRACHE: voice, SMS: sms}}
  start_time:     {column: Beginn}
  duration_s:     {column: Dauer}
  other_party:    {column: Gegenstelle}
  start_cell:     {column: Zelle}
`

func TestAUserProfileFromTheDocsLoads(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "acme-voice.yaml"), []byte(acmeProfile), 0o644))
	ps, err := LoadProfiles(dir)
	require.NoError(t, err)
	p, err := ps.Get("acme-voice")
	require.NoError(t, err)
	require.Equal(t, filepath.Join(dir, "acme-voice.yaml"), p.Origin)
	src := "MSISDN;Richtung;Typ;Beginn;Dauer;Gegenstelle;Zelle\n07700 900123;A;SPRACHE;01/07/2026 08:15:00;00:02:05;+447700900456;234-15-1201-31010\n"
	s, err := NewStream(context.Background(), strings.NewReader(src), p, ReadOptions{Region: "GB"})
	require.NoError(t, err)
	var rows strings.Builder
	for s.Next() {
		writeRows(&rows, s.RecordBatch())
	}
	require.NoError(t, s.Err())
	require.Equal(t, Counts{Read: 1, Loaded: 1}, s.Counts())
	got := rows.String()
	for _, want := range []string{`subject_msisdn="+447700900123"`, `direction="out"`, `kind="voice"`, "start_utc=2026-07-01T07:15:00Z", "duration_s=125", `start_cell="234-15-1201-31010"`} {
		require.Contains(t, got, want)
	}
	s.Release()
}

func TestGzipFileIsReadAndHashedAsDelivered(t *testing.T) {
	t.Parallel()
	p, err := profiles(t).Get("mast-cdr")
	require.NoError(t, err)
	plain := "subject_msisdn,direction,kind,start_time\n07700900123,out,voice,2026-03-01T08:00:00Z\n07700900123,in,sms,2026-03-01T09:00:00Z\n"
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	_, err = zw.Write([]byte(plain))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	delivered := z.Bytes()
	s, err := NewStream(context.Background(), bytes.NewReader(delivered), p, ReadOptions{Gzip: true})
	require.NoError(t, err)
	require.Equal(t, Counts{Read: 2, Loaded: 2}, drain(t, s))
	want := sha256.Sum256(delivered)
	require.Equal(t, hex.EncodeToString(want[:]), s.SHA256())
	s.Release()

	_, err = NewStream(context.Background(), strings.NewReader(plain), p, ReadOptions{Gzip: true})
	require.Error(t, err, "plain text is not gzip")
}

func TestPreambleAndFooterAreNotRows(t *testing.T) {
	t.Parallel()
	p, err := ParseProfile([]byte(`name: banner-cdr
kind: cdr
csv: {preamble_max: 10, footer: ['^\*\*\* End of report', '^Total records']}
fields:
  subject_msisdn: {column: Calling Party}
  direction: {const: out}
  kind: {const: voice}
  start_time: {column: Call Date}
`), "test")
	require.NoError(t, err)
	src := "ACME TELECOM LTD\nTicket Number : 12345\nInput Value (MSISDN/B PARTY/IMEI/IMSI/CELL ID) : 07700900123\n" +
		"Calling Party,Call Date\n07700900123,2026-03-01T08:00:00Z\nnot a number,2026-03-01T09:00:00Z\nTotal records: 2\n*** End of report ***\n"
	s, err := NewStream(context.Background(), strings.NewReader(src), p, ReadOptions{Region: "GB"})
	require.NoError(t, err)
	require.Equal(t, Counts{Read: 2, Loaded: 1, Rejected: 1}, drain(t, s))
	require.Equal(t, int64(6), s.Rejects()[0].Line)
	s.Release()

	// Without a preamble allowance the banner is taken for the header, and refused.
	p.CSV.PreambleMax = 0
	_, err = NewStream(context.Background(), strings.NewReader(src), p, ReadOptions{Region: "GB"})
	require.ErrorIs(t, err, ErrHeader)
}

func TestEncodings(t *testing.T) {
	t.Parallel()
	base := `name: enc
kind: anpr
csv: {encoding: %s}
fields: {vrm: {column: Plate}, time: {column: When}, camera_name: {column: Name}}
`
	for _, tc := range []struct {
		enc  string
		data []byte
	}{
		{"latin1", []byte("Plate,When,Name\nAB12CDE,2026-03-01T08:00:00Z,Caf\xe9 Street\n")},
		{"utf-16le", []byte("P\x00l\x00a\x00t\x00e\x00,\x00W\x00h\x00e\x00n\x00,\x00N\x00a\x00m\x00e\x00\n\x00A\x00B\x001\x002\x00C\x00D\x00E\x00,\x002\x000\x002\x006\x00-\x000\x003\x00-\x000\x001\x00T\x000\x008\x00:\x000\x000\x00:\x000\x000\x00Z\x00,\x00C\x00a\x00f\x00\xe9\x00 \x00S\x00t\x00r\x00e\x00e\x00t\x00\n\x00")},
	} {
		t.Run(tc.enc, func(t *testing.T) {
			p, err := ParseProfile([]byte(strings.Replace(base, "%s", tc.enc, 1)), "test")
			require.NoError(t, err)
			s, err := NewStream(context.Background(), bytes.NewReader(tc.data), p, ReadOptions{})
			require.NoError(t, err)
			var rows strings.Builder
			for s.Next() {
				writeRows(&rows, s.RecordBatch())
			}
			require.NoError(t, s.Err())
			require.Contains(t, rows.String(), `camera_name="Café Street"`)
			want := sha256.Sum256(tc.data)
			require.Equal(t, hex.EncodeToString(want[:]), s.SHA256(), "the digest is of the bytes as delivered")
			s.Release()
		})
	}
	_, err := ParseProfile([]byte(strings.Replace(base, "%s", "ebcdic", 1)), "test")
	require.ErrorContains(t, err, "csv.encoding")
}
