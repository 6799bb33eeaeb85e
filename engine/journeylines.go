package engine

import (
	"context"
	gosql "database/sql"
	"fmt"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// journeyLinesFunction is the Go table function behind the journey_lines
// view (catalog/analysis/movement.sql): every subject's journeys(), asked for
// subject by subject. journeys() is written for one subject; DuckDB cannot
// run it per row of subjects (a LATERAL call gives every subject the same
// rows), so the loop over subjects is here. It reads when the view is read,
// not when it is bound, so opening a case or describing the view costs
// nothing.
const journeyLinesFunction = "mast_journey_lines"

// journeyLineColumns are the function's columns: journeys()'s, after the
// layer's key and the subject.
var journeyLineColumns = []struct {
	name string
	typ  duckdb.Type
	list duckdb.Type // element type of a LIST column
}{
	{"journey_id", duckdb.TYPE_BIGINT, 0}, {"subject", duckdb.TYPE_VARCHAR, 0},
	{"from_stay", duckdb.TYPE_BIGINT, 0}, {"to_stay", duckdb.TYPE_BIGINT, 0},
	{"start_utc", duckdb.TYPE_TIMESTAMP_TZ, 0}, {"end_utc", duckdb.TYPE_TIMESTAMP_TZ, 0},
	{"events", duckdb.TYPE_BIGINT, 0}, {"event_ids", duckdb.TYPE_LIST, duckdb.TYPE_BIGINT},
	{"from_cell", duckdb.TYPE_VARCHAR, 0}, {"cells", duckdb.TYPE_LIST, duckdb.TYPE_VARCHAR},
	{"to_cell", duckdb.TYPE_VARCHAR, 0}, {"km", duckdb.TYPE_DOUBLE, 0}, {"score", duckdb.TYPE_DOUBLE, 0},
	{"geom", duckdb.TYPE_GEOMETRY, 0},
}

// journeyIDBase numbers journeys: journey_id = subject_id × journeyIDBase +
// from_stay.
const journeyIDBase = 1_000_000

func (c *Case) registerJourneyLines(conn *gosql.Conn) error {
	f := duckdb.RowTableFunction{
		BindArgumentsContext: func(ctx context.Context, _ map[string]any, _ ...any) (duckdb.RowTableSource, error) {
			return &journeyLines{ctx: ctx, db: c.db}, nil
		},
	}
	if err := duckdb.RegisterTableUDF(conn, journeyLinesFunction, f); err != nil {
		return fmt.Errorf("register %s(): %w", journeyLinesFunction, err)
	}
	return nil
}

type journeyLines struct {
	ctx      context.Context
	db       *gosql.DB
	subjects []subjectRef // still to read
	started  bool
	rows     [][]any // the current subject's journeys, not yet returned
}

type subjectRef struct {
	id      int64
	subject string
}

func (j *journeyLines) ColumnInfos() []duckdb.ColumnInfo {
	out := make([]duckdb.ColumnInfo, len(journeyLineColumns))
	for i, col := range journeyLineColumns {
		var ti duckdb.TypeInfo
		if col.typ == duckdb.TYPE_LIST {
			elem, _ := duckdb.NewTypeInfo(col.list)
			ti, _ = duckdb.NewListInfo(elem)
		} else {
			ti, _ = duckdb.NewTypeInfo(col.typ)
		}
		out[i] = duckdb.ColumnInfo{Name: col.name, T: ti}
	}
	return out
}

func (j *journeyLines) Cardinality() *duckdb.CardinalityInfo { return nil }

func (j *journeyLines) Init() {}

func (j *journeyLines) FillRow(r duckdb.Row) (bool, error) {
	if !j.started {
		j.started = true
		if err := j.readSubjects(); err != nil {
			return false, err
		}
	}
	for len(j.rows) == 0 {
		if len(j.subjects) == 0 {
			return false, nil
		}
		s := j.subjects[0]
		j.subjects = j.subjects[1:]
		if err := j.readJourneys(s); err != nil {
			return false, err
		}
	}
	row := j.rows[0]
	j.rows = j.rows[1:]
	for i, v := range row {
		if err := duckdb.SetRowValue(r, i, v); err != nil {
			return false, fmt.Errorf("%s(): column %s: %w", journeyLinesFunction, journeyLineColumns[i].name, err)
		}
	}
	return true, nil
}

func (j *journeyLines) readSubjects() error {
	rows, err := j.db.QueryContext(j.ctx, `SELECT subject_id, subject FROM subjects ORDER BY subject_id`)
	if err != nil {
		return fmt.Errorf("%s(): %w", journeyLinesFunction, err)
	}
	defer rows.Close()
	for rows.Next() {
		var s subjectRef
		if err := rows.Scan(&s.id, &s.subject); err != nil {
			return fmt.Errorf("%s(): %w", journeyLinesFunction, err)
		}
		j.subjects = append(j.subjects, s)
	}
	return rows.Err()
}

func (j *journeyLines) readJourneys(s subjectRef) error {
	q := `SELECT from_stay, to_stay, start_utc, end_utc, events, event_ids, from_cell, cells, to_cell, km, score, path
	      FROM journeys(` + quoteLiteral(s.subject) + `) ORDER BY from_stay`
	rows, err := j.db.QueryContext(j.ctx, q)
	if err != nil {
		return fmt.Errorf("%s(): journeys(%s): %w", journeyLinesFunction, s.subject, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			from, to, events gosql.NullInt64
			start, end       gosql.NullTime
			eventIDs, cells  any
			fromCell, toCell gosql.NullString
			km, score        gosql.NullFloat64
			path             []byte
		)
		if err := rows.Scan(&from, &to, &start, &end, &events, &eventIDs, &fromCell, &cells, &toCell, &km, &score, &path); err != nil {
			return fmt.Errorf("%s(): journeys(%s): %w", journeyLinesFunction, s.subject, err)
		}
		row := []any{s.id*journeyIDBase + from.Int64, s.subject, nullable(from.Int64, from.Valid), nullable(to.Int64, to.Valid),
			nullable(start.Time, start.Valid), nullable(end.Time, end.Valid), nullable(events.Int64, events.Valid), eventIDs,
			nullable(fromCell.String, fromCell.Valid), cells, nullable(toCell.String, toCell.Valid),
			nullable(km.Float64, km.Valid), nullable(score.Float64, score.Valid), nil}
		if path != nil {
			row[len(row)-1] = path
		}
		j.rows = append(j.rows, row)
	}
	return rows.Err()
}

// nullable is v, or nil (SQL NULL) when not valid.
func nullable[T int64 | float64 | string | time.Time](v T, valid bool) any {
	if !valid {
		return nil
	}
	return v
}
