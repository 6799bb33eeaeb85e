package exhibit

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestSubjectScheduleIsTheSubjectsEventsEachTracedToItsLine(t *testing.T) {
	c := demo(t)
	ctx := context.Background()
	loc := london(t)
	tab, err := Schedule(ctx, c.DB(), Subject{Subject: "07700 926847"}, loc)
	require.NoError(t, err)
	defer tab.Close()
	var buf bytes.Buffer
	m := &Manifest{Kind: "schedule"}
	require.NoError(t, WriteCSV(&buf, tab, m))
	recs, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"No.", "Date", "Time", "Duration", "Direction", "Type", "Subject", "Other party", "IMEI", "Start cell", "End cell", "Site",
		"Latitude", "Longitude", "Azimuth", "Note", "Event id", "Time as written", "Source", "Source SHA-256"}, recs[0])

	rows, err := c.DB().QueryContext(ctx, `SELECT e.start_utc, coalesce(e.other_msisdn, e.other_raw, ''), coalesce(e.subject_imei, ''), coalesce(e.start_cell, ''),
	    s.file_name || ':' || e.source_row, s.sha256, e.kind
	  FROM events e JOIN sources s USING (source_id) WHERE e.subject_msisdn = '+447700926847' ORDER BY e.start_utc, e.event_id`)
	require.NoError(t, err)
	defer rows.Close()
	i := 0
	for rows.Next() {
		i++
		var start time.Time
		var other, imei, cell, src, sha, kind string
		require.NoError(t, rows.Scan(&start, &other, &imei, &cell, &src, &sha, &kind))
		r := recs[i]
		local := start.In(loc)
		require.Equal(t, fmt.Sprint(i), r[0])
		require.Equal(t, local.Format("2006-01-02"), r[1], "row %d", i)
		require.Equal(t, local.Format("15:04:05"), r[2], "row %d", i)
		require.Equal(t, kind, r[5])
		require.Equal(t, other, r[7], "row %d", i)
		require.Equal(t, imei, r[8], "row %d", i)
		require.Equal(t, cell, r[9], "row %d", i)
		require.Equal(t, src, r[18], "row %d", i)
		require.Equal(t, sha, r[19], "row %d", i)
	}
	require.Greater(t, i, 100)
	require.Equal(t, i, len(recs)-1)
	require.Equal(t, int64(i), m.Rows)
	require.Equal(t, "line", m.Traced)
	require.Len(t, m.Inputs, 1)
	require.Equal(t, int64(i), m.Inputs[0].Rows)
}

func TestScheduleSpanIsReadInTheStatedZone(t *testing.T) {
	c := demo(t)
	ctx := context.Background()
	loc := london(t)
	// 29 March 2026 is the day the UK clocks go forward: the span is local time.
	from := time.Date(2026, 3, 29, 0, 0, 0, 0, loc)
	to := time.Date(2026, 3, 30, 0, 0, 0, 0, loc)
	tab, err := Schedule(ctx, c.DB(), Subject{Subject: "+447700926847", From: from, To: to}, loc)
	require.NoError(t, err)
	defer tab.Close()
	m := &Manifest{}
	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, tab, m))
	var want int64
	require.NoError(t, c.DB().QueryRow(`SELECT count(*) FROM events WHERE subject_msisdn = '+447700926847' AND start_utc >= ? AND start_utc < ?`, from, to).Scan(&want))
	require.Positive(t, want)
	require.Equal(t, want, m.Rows)
}

func TestAnalystQueryRowsAreTracedThroughTheirEvents(t *testing.T) {
	c := demo(t)
	ctx := context.Background()
	// journeys() rows name their events in event_ids; stays() too.
	tab, err := Query(ctx, c.DB(), `SELECT stay, main_cell, events, event_ids FROM stays('+447700926847')`, london(t))
	require.NoError(t, err)
	defer tab.Close()
	m := &Manifest{}
	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, tab, m))
	recs, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Equal(t, "line", m.Traced)
	require.Equal(t, ColSource, recs[0][4])
	for _, r := range recs[1:] {
		var n int
		fmt.Sscan(r[2], &n)
		// One file:line per event of the stay.
		require.Equal(t, n, len(bytes.Split([]byte(r[4]), []byte("; "))), "stay %s: %s", r[0], r[4])
	}

	_, err = Query(ctx, c.DB(), `DELETE FROM events`, london(t))
	require.ErrorIs(t, err, ErrNotQuery)

	untraced, err := Query(ctx, c.DB(), `SELECT count(*) AS n FROM events`, london(t))
	require.NoError(t, err)
	defer untraced.Close()
	m = &Manifest{}
	require.NoError(t, WriteCSV(&buf, untraced, m))
	require.Equal(t, "case", m.Traced)
	var sources int
	require.NoError(t, c.DB().QueryRow(`SELECT count(*) FROM sources`).Scan(&sources))
	require.Len(t, m.Inputs, sources)
}

func TestValuesKeepEveryDigitAndTheirLists(t *testing.T) {
	c := demo(t)
	tab, err := Query(context.Background(), c.DB(), `SELECT 18446744073709551615::UBIGINT AS fingerprint, [3, 1]::BIGINT[] AS event_ids, 12.5::DECIMAL(5,2) AS d`, london(t))
	require.NoError(t, err)
	defer tab.Close()
	require.True(t, tab.Next())
	require.Equal(t, []string{"18446744073709551615", "[3 1]", "12.5"}, tab.Texts(nil)[:3])
}

func TestPagesReadEveryRowOnceInOrder(t *testing.T) {
	c := demo(t)
	ctx := context.Background()
	subj := Subject{Subject: "+447700937785"} // 118 events, 15 sharing a start time with another
	var want []int64
	rows, err := c.DB().QueryContext(ctx, SubjectQuery(subj))
	require.NoError(t, err)
	cols, err := rows.Columns()
	require.NoError(t, err)
	ties, prev := 0, time.Time{}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		ts := vals[1].(time.Time)
		if ts.Equal(prev) {
			ties++
		}
		prev = ts
		want = append(want, vals[0].(int64))
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	require.Positive(t, ties, "no two of the subject's events share a start time: the tie-break between pages is not tested")

	conn, err := c.DB().Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	for _, size := range []int{1, 7, len(want), len(want) + 1, len(want) / 3} {
		p, err := openPages(ctx, conn, subjectPage(subj), size)
		require.NoError(t, err)
		var got []int64
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for p.Next() {
			require.NoError(t, p.Scan(ptrs...))
			got = append(got, vals[0].(int64))
		}
		require.NoError(t, p.Err())
		require.NoError(t, p.Close())
		require.Equal(t, want, got, "pages of %d", size)
	}
}
