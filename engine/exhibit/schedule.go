package exhibit

import (
	"context"
	gosql "database/sql"
	"errors"
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
	return subjectSelect + "\nWHERE " + subjectWhere(s, "e") + "\nORDER BY e.start_utc, e.event_id"
}

const subjectSelect = `SELECT e.event_id, e.start_utc, e.duration_s, e.direction, e.kind,
       coalesce(e.subject_msisdn, e.subject_imsi, e.subject_imei) AS subject, e.subject_imei,
       coalesce(e.other_msisdn, e.other_raw) AS other_party, e.dialled,
       e.start_cell, e.end_cell, e.cell_site_name AS site, e.cell_lat AS lat, e.cell_lon AS lon, e.cell_azimuth AS azimuth,
       e.time_text, e.time_zone, e.time_flag, e.duplicate_of,
       e.source_id, e.source_row, e.source_part
FROM event_cells e`

// subjectWhere is SubjectQuery's condition on the events of alias.
func subjectWhere(s Subject, alias string) string {
	var where []string
	subj := quote(s.Subject)
	a := alias + "."
	where = append(where, fmt.Sprintf("(%ssubject_msisdn = subject_key(%s) OR %ssubject_imsi = trim(%s) OR %ssubject_imei = trim(%s) OR %ssubject_imei14 = trim(%s))", a, subj, a, subj, a, subj, a, subj))
	if !s.From.IsZero() {
		where = append(where, a+"start_utc >= "+quote(s.From.UTC().Format("2006-01-02 15:04:05+00"))+"::TIMESTAMPTZ")
	}
	if !s.To.IsZero() {
		where = append(where, a+"start_utc < "+quote(s.To.UTC().Format("2006-01-02 15:04:05+00"))+"::TIMESTAMPTZ")
	}
	return strings.Join(where, "\n  AND ")
}

// subjectPage reads one page of SubjectQuery's rows: the n first (first),
// or the n after the row (t, id) in the query's order. It first finds the
// page's last key on events alone (a top-n of the subject's events), then
// runs SubjectQuery between the two keys: plain comparisons on start_utc and
// event_id, which DuckDB applies in the events scan, so event_cells looks up
// the cells of the page's rows only and a page costs its own rows.
func subjectPage(s Subject) pageFunc {
	return func(ctx context.Context, conn *gosql.Conn, first bool, t time.Time, id int64, n int) (*gosql.Rows, error) {
		after := func(alias string) string {
			if first {
				return ""
			}
			ts := timeLiteral(t)
			return fmt.Sprintf("\n  AND (%[1]s.start_utc > %[2]s OR (%[1]s.start_utc = %[2]s AND %[1]s.event_id > %[3]d))", alias, ts, id)
		}
		var endT gosql.NullTime
		var endID gosql.NullInt64
		err := conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT x.start_utc, x.event_id FROM (
    SELECT x.start_utc, x.event_id FROM events x WHERE %s%s
    ORDER BY x.start_utc, x.event_id LIMIT %d) x
ORDER BY x.start_utc DESC, x.event_id DESC LIMIT 1`, subjectWhere(s, "x"), after("x"), n)).Scan(&endT, &endID)
		if err != nil && !errors.Is(err, gosql.ErrNoRows) {
			return nil, fmt.Errorf("schedule page: %w", err)
		}
		upto := "\n  AND false" // no rows left: the query still gives the columns
		if endT.Valid && endID.Valid {
			te := timeLiteral(endT.Time)
			upto = fmt.Sprintf("\n  AND (e.start_utc < %[1]s OR (e.start_utc = %[1]s AND e.event_id <= %[2]d))", te, endID.Int64)
		}
		return conn.QueryContext(ctx, subjectSelect+"\nWHERE "+subjectWhere(s, "e")+after("e")+upto+"\nORDER BY e.start_utc, e.event_id")
	}
}

// timeLiteral writes t as a TIMESTAMPTZ literal to the microsecond.
func timeLiteral(t time.Time) string {
	return quote(t.UTC().Format("2006-01-02 15:04:05.999999")+"+00") + "::TIMESTAMPTZ"
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

// Schedule returns a subject's schedule (the rows of SubjectQuery(s)) as a
// Table in zone loc. The rows are read in pages (see pages), so that neither
// mast nor DuckDB holds a long schedule whole.
func Schedule(ctx context.Context, db *gosql.DB, s Subject, loc *time.Location) (*Table, error) {
	return schedule(ctx, db, SubjectQuery(s), loc, subjectPage(s))
}

// schedule is Schedule over a subject query's text, read in pages by page
// (in one query when page is nil).
func schedule(ctx context.Context, db *gosql.DB, query string, loc *time.Location, page pageFunc) (*Table, error) {
	src, err := runQuery(ctx, db, query, loc, page)
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
