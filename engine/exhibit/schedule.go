package exhibit

import (
	"context"
	gosql "database/sql"
	"fmt"
	"strings"
	"time"
)

// Subject asks for the schedule of one handset's events.
type Subject struct {
	Subject string    // a number in any written form, an IMSI or an IMEI
	From    time.Time // zero: from the first event
	To      time.Time // zero: to the last event (exclusive)
}

// SubjectQuery is the SQL of a subject's schedule: the subject's events in
// time order with the cell version valid at each, and each event's file and
// line. Its literals are inlined so that the query alone re-creates the rows.
func SubjectQuery(s Subject) string {
	var where []string
	subj := quote(s.Subject)
	where = append(where, fmt.Sprintf("(e.subject_msisdn = subject_key(%s) OR e.subject_imsi = trim(%s) OR e.subject_imei = trim(%s) OR e.subject_imei14 = trim(%s))", subj, subj, subj, subj))
	if !s.From.IsZero() {
		where = append(where, "e.start_utc >= "+quote(s.From.UTC().Format("2006-01-02 15:04:05+00"))+"::TIMESTAMPTZ")
	}
	if !s.To.IsZero() {
		where = append(where, "e.start_utc < "+quote(s.To.UTC().Format("2006-01-02 15:04:05+00"))+"::TIMESTAMPTZ")
	}
	return `SELECT e.event_id, e.start_utc, e.duration_s, e.direction, e.kind,
       coalesce(e.subject_msisdn, e.subject_imsi, e.subject_imei) AS subject, e.subject_imei,
       coalesce(e.other_msisdn, e.other_raw) AS other_party, e.dialled,
       e.start_cell, e.end_cell, e.cell_site_name AS site, e.cell_lat AS lat, e.cell_lon AS lon, e.cell_azimuth AS azimuth,
       e.time_text, e.time_zone, e.time_flag, e.duplicate_of,
       e.source_id, e.source_row, e.source_part
FROM event_cells e
WHERE ` + strings.Join(where, "\n  AND ") + `
ORDER BY e.start_utc, e.event_id`
}

// quote writes s as a SQL string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// subjectColumns are the schedule's columns as an investigator reads them.
var subjectColumns = []Column{
	{Name: "No.", Kind: KindInt, Weight: 0.7},
	{Name: "Date", Kind: KindDate, Weight: 1.5},
	{Name: "Time", Kind: KindClock, Weight: 1.1},
	{Name: "Duration", Kind: KindDuration, Weight: 1.1},
	{Name: "Direction", Kind: KindText, Weight: 1.3},
	{Name: "Type", Kind: KindText, Weight: 1},
	{Name: "Subject", Kind: KindText, Weight: 2},
	{Name: "Other party", Kind: KindText, Weight: 2},
	{Name: "IMEI", Kind: KindText},
	{Name: "Start cell", Kind: KindText, Weight: 2},
	{Name: "End cell", Kind: KindText},
	{Name: "Site", Kind: KindText, Weight: 2},
	{Name: "Latitude", Kind: KindFloat, Weight: 1.3},
	{Name: "Longitude", Kind: KindFloat, Weight: 1.3},
	{Name: "Azimuth", Kind: KindFloat, Weight: 1.2},
	{Name: "Note", Kind: KindText, Weight: 1.8},
	{Name: "Event id", Kind: KindInt},
	{Name: "Time as written", Kind: KindText},
	{Name: ColSource, Kind: KindText, Weight: 2.2},
	{Name: ColSourceSHA256, Kind: KindText},
}

var directions = map[string]string{"out": "Outgoing", "in": "Incoming", "fwd": "Forwarded", "none": ""}

// Schedule returns a subject's schedule (SubjectQuery) as a Table in zone loc.
// The query is read in pages (see pages), so that neither mast nor DuckDB
// holds a long schedule whole.
func Schedule(ctx context.Context, db *gosql.DB, query string, loc *time.Location) (*Table, error) {
	src, err := runQuery(ctx, db, query, loc, true)
	if err != nil {
		return nil, err
	}
	if len(src.Columns) < 22 || src.Columns[0].Name != "event_id" {
		src.Close()
		return nil, fmt.Errorf("schedule: the query is not a subject schedule query")
	}
	// The schedule traces its rows itself: src only reads them.
	src.traced = false
	t := &Table{Columns: subjectColumns, Loc: loc, sources: src.sources, used: map[int64]int64{}, closer: src.Close, traced: true}
	var no int64
	t.next = func() ([]any, []Trace, error) {
		if !src.Next() {
			return nil, nil, src.Err()
		}
		no++
		v := src.row
		start, _ := v[1].(time.Time)
		var date, clk any
		if !start.IsZero() {
			date, clk = start, start
		}
		dir, _ := v[3].(string)
		var notes []string
		if d, _ := v[8].(bool); d {
			notes = append(notes, "(D) digits dialled")
		}
		if f, _ := v[17].(string); f != "" {
			notes = append(notes, "local time "+f+" ("+Text(KindText, v[16])+")")
		}
		if dup, ok := v[18].(int64); ok {
			notes = append(notes, fmt.Sprintf("repeats event %d", dup))
		}
		if v[12] == nil && v[9] != nil {
			notes = append(notes, "cell not in any cell list")
		}
		end := v[10]
		if end == v[9] {
			end = nil
		}
		row := []any{no, date, clk, v[2], directions[dir], v[4], v[5], v[7], v[6], v[9], end, v[11], v[12], v[13], v[14],
			nilIfEmpty(strings.Join(notes, "; ")), v[0], v[15]}
		id, _ := v[19].(int64)
		line, _ := v[20].(int64)
		part, _ := v[21].(string)
		return row, []Trace{{SourceID: id, Row: line, Part: part}}, nil
	}
	return t, nil
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
