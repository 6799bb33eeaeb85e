package engine_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/loaders"
)

const cdrFile = `record_id,subject_msisdn,direction,kind,start_time,duration_s,start_cell
R1,07700900123,out,voice,2026-03-01T08:00:00Z,60,234-15-1201-31010
R2,07700900123,in,sms,2026-03-01T08:05:00Z,,234-15-1201-31010
R3,07700900123,sideways,sms,2026-03-01T08:06:00Z,,234-15-1201-31010
R4,07700900123,out,voice,2026-03-01T08:00:00Z,60,234-15-1201-31010
`

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// load lands src as one mast-cdr file through the real reader.
func load(t *testing.T, c *engine.Case, name string, r io.Reader, digest string) (engine.LoadResult, error) {
	t.Helper()
	ps, err := loaders.LoadProfiles("")
	require.NoError(t, err)
	p, err := ps.Get("mast-cdr")
	require.NoError(t, err)
	meta := engine.SourceMeta{Path: "/evidence/" + name, FileName: name, SHA256: digest, Size: 1, Kind: "cdr",
		Profile: p.Name, ProfileSHA256: p.SHA256, TimeZone: "UTC", Region: "GB"}
	return c.LoadFile(context.Background(), meta, "events", func(ids engine.IDs) (engine.Stream, error) {
		return loaders.NewStream(context.Background(), r, p, loaders.ReadOptions{Region: "GB", Zone: time.UTC, SourceID: ids.SourceID, FirstID: ids.FirstRow, BlockSize: 64})
	})
}

func count(t *testing.T, c *engine.Case, q string) int64 {
	t.Helper()
	var n int64
	require.NoError(t, c.DB().QueryRow(q).Scan(&n))
	return n
}

func TestLoadFileRecordsProvenanceAndRejects(t *testing.T) {
	t.Parallel()
	c, _ := newCase(t, engine.DefaultOptions())
	res, err := load(t, c, "a.csv", strings.NewReader(cdrFile), sum(cdrFile))
	require.NoError(t, err)
	require.Equal(t, engine.Counts{Read: 4, Loaded: 3, Rejected: 1, Duplicate: 1}, res.Counts)
	require.Equal(t, int64(3), count(t, c, `SELECT count(*) FROM events`))
	require.Equal(t, int64(1), count(t, c, `SELECT count(*) FROM rejects WHERE line = 4 AND field = 'direction' AND raw LIKE 'R3,%'`))
	require.Equal(t, int64(1), count(t, c, `SELECT count(*) FROM events WHERE record_id = 'R4' AND duplicate_of = (SELECT event_id FROM events WHERE record_id = 'R1')`))
	require.Equal(t, int64(1), count(t, c, `SELECT count(*) FROM sources WHERE file_name = 'a.csv' AND rows_read = 4 AND rows_loaded = 3 AND rows_rejected = 1 AND rows_duplicate = 1 AND loaded_by <> ''`))
	require.Equal(t, int64(2), count(t, c, `SELECT source_row FROM events WHERE record_id = 'R1'`))

	// The same bytes again: nothing added.
	again, err := load(t, c, "copy-of-a.csv", strings.NewReader(cdrFile), sum(cdrFile))
	require.NoError(t, err)
	require.True(t, again.AlreadyLoaded)
	require.Equal(t, res.SourceID, again.SourceID)
	require.Equal(t, int64(1), count(t, c, `SELECT count(*) FROM sources`))

	// Another file repeating R1's event: kept, marked as a duplicate of the first file's.
	other := "record_id,subject_msisdn,direction,kind,start_time,duration_s,start_cell\nX1,+447700900123,out,voice,2026-03-01T08:00:00Z,60,234-15-1201-31010\n"
	res2, err := load(t, c, "b.csv", strings.NewReader(other), sum(other))
	require.NoError(t, err)
	require.Equal(t, int64(1), res2.Counts.Duplicate)
	require.Equal(t, int64(1), count(t, c, `SELECT count(*) FROM events WHERE record_id = 'X1' AND duplicate_of = (SELECT event_id FROM events WHERE record_id = 'R1')`))
}

func TestALoadWithoutADigestTakesItWhileReading(t *testing.T) {
	t.Parallel()
	c, _ := newCase(t, engine.DefaultOptions())
	res, err := load(t, c, "a.csv", strings.NewReader(cdrFile), "")
	require.NoError(t, err)
	require.False(t, res.AlreadyLoaded)
	require.Equal(t, sum(cdrFile), res.SHA256)
	require.Equal(t, int64(1), count(t, c, `SELECT count(*) FROM sources WHERE sha256 = '`+sum(cdrFile)+`'`))
	has, err := c.HasSourceOfSize(context.Background(), 1)
	require.NoError(t, err)
	require.True(t, has)
	has, err = c.HasSourceOfSize(context.Background(), 2)
	require.NoError(t, err)
	require.False(t, has)

	// The same bytes again, undigested: read, found to be in the case, and
	// nothing kept of the second reading.
	again, err := load(t, c, "copy-of-a.csv", strings.NewReader(cdrFile), "")
	require.NoError(t, err)
	require.True(t, again.AlreadyLoaded)
	require.Equal(t, res.SourceID, again.SourceID)
	require.Equal(t, int64(1), count(t, c, `SELECT count(*) FROM sources`))
	require.Equal(t, int64(3), count(t, c, `SELECT count(*) FROM events`))
	require.Equal(t, int64(1), count(t, c, `SELECT count(*) FROM rejects`))
}

// failingReader returns its data, then an error, as a disk or a network share can.
type failingReader struct {
	data string
	pos  int
}

func (r *failingReader) Read(p []byte) (int, error) {
	if r.pos >= len(r.data) {
		return 0, errors.New("input/output error")
	}
	n := copy(p, r.data[r.pos:])
	r.pos += n
	return n, nil
}

func TestAFailedLoadLeavesTheCaseAsItWas(t *testing.T) {
	t.Parallel()
	c, _ := newCase(t, engine.DefaultOptions())
	_, err := load(t, c, "a.csv", strings.NewReader(cdrFile), sum(cdrFile))
	require.NoError(t, err)
	var b strings.Builder
	b.WriteString("record_id,subject_msisdn,direction,kind,start_time\n")
	for i := range 5000 {
		b.WriteString("F" + string(rune('a'+i%26)) + ",07700900124,bad,voice,2026-03-01T08:00:00Z\n")
	}
	_, err = load(t, c, "broken.csv", &failingReader{data: b.String()}, sum(b.String()))
	require.Error(t, err)
	require.Contains(t, err.Error(), "input/output error")
	require.Equal(t, int64(1), count(t, c, `SELECT count(*) FROM sources`))
	require.Equal(t, int64(3), count(t, c, `SELECT count(*) FROM events`))
	require.Equal(t, int64(1), count(t, c, `SELECT count(*) FROM rejects`))

	// A file whose bytes differ from the digest taken before reading is refused.
	_, err = load(t, c, "changed.csv", strings.NewReader(cdrFile+"R9,07700900123,in,sms,2026-03-01T09:00:00Z,,\n"), sum("something else"))
	require.ErrorIs(t, err, engine.ErrFileChanged)
	require.Equal(t, int64(1), count(t, c, `SELECT count(*) FROM sources`))
}

func TestAnEventUsesTheCellVersionValidAtItsTime(t *testing.T) {
	t.Parallel()
	c, _ := newCase(t, engine.DefaultOptions())
	ps, err := loaders.LoadProfiles("")
	require.NoError(t, err)
	cellsProfile, err := ps.Get("cells-temporal")
	require.NoError(t, err)
	cells := "date_start,date_end,radio,mcc,mnc,lac,ci,eci,lon,lat,azimuth\n" +
		"2025-01-01,2026-03-15,LTE,234,15,2001,,3855129,-1.900000,52.480000,120\n" +
		"2026-03-15,,LTE,234,15,2001,,3855129,-1.899000,52.481000,140\n"
	meta := engine.SourceMeta{Path: "/evidence/cells.csv", FileName: "cells.csv", SHA256: sum(cells), Size: 1, Kind: "cells",
		Profile: cellsProfile.Name, ProfileSHA256: cellsProfile.SHA256, TimeZone: "UTC", Region: "GB"}
	_, err = c.LoadFile(context.Background(), meta, "cells", func(ids engine.IDs) (engine.Stream, error) {
		return loaders.NewStream(context.Background(), strings.NewReader(cells), cellsProfile, loaders.ReadOptions{SourceID: ids.SourceID, FirstID: ids.FirstRow})
	})
	require.NoError(t, err)
	cdr := "record_id,subject_msisdn,direction,kind,start_time,start_cell\n" +
		"B,07700900123,out,sms,2026-03-14T23:59:59Z,234-15-2001-3855129\n" +
		"A,07700900123,out,sms,2026-03-15T00:00:00Z,405857-bad\n" +
		"C,07700900123,out,sms,2026-03-15T00:00:00Z,234-15-3855129\n"
	_, err = load(t, c, "cdr.csv", strings.NewReader(cdr), sum(cdr))
	require.NoError(t, err)
	rows, err := c.DB().Query(`SELECT record_id, cell_azimuth FROM event_cells ORDER BY record_id`)
	require.NoError(t, err)
	defer rows.Close()
	got := map[string]float64{}
	for rows.Next() {
		var id string
		var az *float64
		require.NoError(t, rows.Scan(&id, &az))
		if az != nil {
			got[id] = *az
		}
	}
	require.Equal(t, map[string]float64{"B": 120, "C": 140}, got)
}
