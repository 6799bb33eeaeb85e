package engine

import (
	"context"
	gosql "database/sql"
	"fmt"
	"strings"
	"time"
)

// deriveVersion names the method of the derived tables; a case derived with
// another is derived again in full when opened.
const deriveVersion = "4"

// DeriveResult says what Derive did.
type DeriveResult struct {
	Full      bool // everything recomputed (cells changed, or the method did)
	Sources   int  // files newly reflected
	Cells     int64
	AreaCells int64 // rows of cell_areas
	Overlaps  int64 // rows of cell_overlaps
	Presence  int64 // rows of presence added
	Elapsed   time.Duration
}

// Derive brings the derived tables up to date with the loaded files, in one
// transaction: a new cell list recomputes serving areas, overlaps and every
// event's placement; new CDRs add their subjects and placements. It does
// nothing when nothing was loaded since the last time. progress, if not nil,
// is told each step.
func (c *Case) Derive(ctx context.Context, progress func(step string)) (DeriveResult, error) {
	began := time.Now()
	var res DeriveResult
	if progress == nil {
		progress = func(string) {}
	}
	conn, err := c.db.Conn(ctx)
	if err != nil {
		return res, fmt.Errorf("derive: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN TRANSACTION`); err != nil {
		return res, fmt.Errorf("derive: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			conn.ExecContext(context.Background(), `ROLLBACK`)
		}
	}()
	var version gosql.NullString
	if err := conn.QueryRowContext(ctx, `SELECT max(value) FROM case_meta WHERE key = 'derive_version'`).Scan(&version); err != nil {
		return res, fmt.Errorf("derive: %w", err)
	}
	rows, err := conn.QueryContext(ctx, `
		SELECT s.source_id,
		       s.kind = 'cells' OR EXISTS (SELECT 1 FROM source_parts p WHERE p.source_id = s.source_id AND p.kind = 'cells')
		FROM sources s
		WHERE s.source_id NOT IN (SELECT source_id FROM derived_sources) ORDER BY s.source_id`)
	if err != nil {
		return res, fmt.Errorf("derive: %w", err)
	}
	unlisted, through, err := identityDaysMissing(ctx, conn)
	if err != nil {
		return res, fmt.Errorf("derive: %w", err)
	}
	var fresh []int64
	cellsChanged := version.String != deriveVersion
	for rows.Next() {
		var id int64
		var cells bool
		if err := rows.Scan(&id, &cells); err != nil {
			rows.Close()
			return res, fmt.Errorf("derive: %w", err)
		}
		fresh = append(fresh, id)
		if cells {
			cellsChanged = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("derive: %w", err)
	}
	if len(fresh) == 0 && !cellsChanged && through == 0 {
		return res, nil
	}
	res.Full, res.Sources = cellsChanged, len(fresh)
	if cellsChanged {
		progress("estimating serving areas")
		if err := deriveCoverage(ctx, conn, &res); err != nil {
			return res, err
		}
	}
	if len(fresh) > 0 || cellsChanged {
		progress("placing events")
		if err := derivePresence(ctx, conn, cellsChanged, fresh, &res); err != nil {
			return res, err
		}
		progress("counting cell use")
		if err := deriveCellHourUse(ctx, conn); err != nil {
			return res, err
		}
	}
	if len(unlisted) > 0 {
		progress("listing identities by day")
		if err := deriveIdentityDays(ctx, conn, unlisted); err != nil {
			return res, err
		}
	}
	if through > 0 {
		if _, err := conn.ExecContext(ctx, `INSERT OR REPLACE INTO case_meta VALUES ('identity_days_through', ?)`, fmt.Sprint(through)); err != nil {
			return res, fmt.Errorf("derive: %w", err)
		}
	}
	now := time.Now().UTC()
	if _, err := conn.ExecContext(ctx, `
		INSERT INTO derived_sources SELECT source_id, ?::TIMESTAMPTZ FROM sources
		WHERE source_id NOT IN (SELECT source_id FROM derived_sources)`, now); err != nil {
		return res, fmt.Errorf("derive: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `INSERT OR REPLACE INTO case_meta VALUES ('derive_version', ?)`, deriveVersion); err != nil {
		return res, fmt.Errorf("derive: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
		return res, fmt.Errorf("derive: commit: %w", err)
	}
	committed = true
	res.Elapsed = time.Since(began)
	c.log.Info("derived", "full", res.Full, "sources", res.Sources, "presence", res.Presence, "elapsed", res.Elapsed)
	return res, nil
}

// deriveCoverage refills cell_coverage, cell_areas and cell_overlaps.
func deriveCoverage(ctx context.Context, conn *gosql.Conn, res *DeriveResult) error {
	rows, err := conn.QueryContext(ctx, `
		SELECT cell_id, source_id, cell_key, coalesce(radio, ''), mcc, mnc, lat, lon, azimuth, beamwidth, omni, range_m, valid_from, valid_to
		FROM cells ORDER BY cell_id`)
	if err != nil {
		return fmt.Errorf("derive serving areas: %w", err)
	}
	var cells []cellRow
	for rows.Next() {
		var c cellRow
		var az, bw, rng gosql.NullFloat64
		var from, to gosql.NullTime
		if err := rows.Scan(&c.id, &c.source, &c.key, &c.radio, &c.mcc, &c.mnc, &c.lat, &c.lon, &az, &bw, &c.omni, &rng, &from, &to); err != nil {
			rows.Close()
			return fmt.Errorf("derive serving areas: %w", err)
		}
		c.azimuth, c.beamwidth, c.rangeM = optF(az), optF(bw), optF(rng)
		c.from, c.to = optT(from), optT(to)
		cells = append(cells, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("derive serving areas: %w", err)
	}
	res.Cells = int64(len(cells))
	for _, q := range []string{`DELETE FROM cell_coverage`, `DELETE FROM cell_areas`, `DELETE FROM cell_overlaps`} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("derive serving areas: %w", err)
		}
	}
	cov := estimateCoverage(cells)
	const batch = 500
	for start := 0; start < len(cov); start += batch {
		part := cov[start:min(start+batch, len(cov))]
		var q strings.Builder
		q.WriteString(`INSERT INTO cell_coverage VALUES `)
		args := make([]any, 0, len(part)*14)
		for i, r := range part {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)")
			args = append(args, r.id, r.key, r.preferred, r.lat, r.lon, r.azimuthDraw, r.span, r.drawnAs, r.radius, r.radiusFrom, r.neighbourM, r.from, r.to)
		}
		if _, err := conn.ExecContext(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("derive serving areas: %w", err)
		}
	}
	steps := []string{
		fmt.Sprintf(`INSERT INTO cell_areas
			SELECT cell_id, cell_key, unnest(sector_cells(lat, lon, azimuth, span, radius_m, %d)), %d,
			       drawn_as || ', radius ' || radius_m::BIGINT || ' m from ' || radius_from
			FROM cell_coverage WHERE preferred ORDER BY cell_id`, AreaResolution, AreaResolution),
		`UPDATE cell_coverage SET h3_cells = n FROM (SELECT cell_id AS id, count(*)::INTEGER AS n FROM cell_areas GROUP BY 1) a WHERE a.id = cell_coverage.cell_id`,
		`INSERT INTO cell_overlaps
			SELECT a.cell_id, b.cell_id, count(*)::INTEGER, count(*) / least(any_value(ca.h3_cells), any_value(cb.h3_cells))
			FROM cell_areas a
			JOIN cell_coverage ca ON ca.cell_id = a.cell_id AND ca.preferred
			JOIN cell_areas b ON b.h3 = a.h3
			JOIN cell_coverage cb ON cb.cell_id = b.cell_id AND cb.preferred
			GROUP BY a.cell_id, b.cell_id ORDER BY a.cell_id, b.cell_id`,
	}
	for _, q := range steps {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("derive serving areas: %w", err)
		}
	}
	if err := conn.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM cell_areas), (SELECT count(*) FROM cell_overlaps)`).Scan(&res.AreaCells, &res.Overlaps); err != nil {
		return fmt.Errorf("derive serving areas: %w", err)
	}
	return nil
}

// subjectExpr is the identity a subject is known by, and its kind.
const (
	subjectExpr = `coalesce(subject_msisdn, subject_imsi, subject_imei14)`
	subjectKind = `CASE WHEN subject_msisdn IS NOT NULL THEN 'msisdn' WHEN subject_imsi IS NOT NULL THEN 'imsi' ELSE 'imei' END`
)

// derivePresence adds the subjects and placements of the fresh sources, or
// of every source when all is set.
func derivePresence(ctx context.Context, conn *gosql.Conn, all bool, fresh []int64, res *DeriveResult) error {
	where := `TRUE`
	if !all {
		where = `e.source_id IN (` + idList(fresh) + `)`
	}
	var before int64
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM presence`).Scan(&before); err != nil {
		return fmt.Errorf("derive presence: %w", err)
	}
	steps := []string{
		`INSERT INTO subjects
		 SELECT (SELECT coalesce(max(subject_id), 0) FROM subjects) + row_number() OVER (ORDER BY subject), subject, kind
		 FROM (SELECT ` + subjectExpr + ` AS subject, any_value(` + subjectKind + `) AS kind
		       FROM events e WHERE ` + where + ` AND ` + subjectExpr + ` IS NOT NULL GROUP BY 1)
		 WHERE subject NOT IN (SELECT subject FROM subjects)`,
		`INSERT INTO presence
		 WITH x AS (
		   SELECT event_id, ` + subjectExpr + ` AS subject, start_utc AS t, false AS at_end, start_cell AS cell
		   FROM events e WHERE ` + where + ` AND duplicate_of IS NULL AND start_cell IS NOT NULL
		   UNION ALL
		   SELECT event_id, ` + subjectExpr + `, end_utc, true, end_cell
		   FROM events e WHERE ` + where + ` AND duplicate_of IS NULL AND end_cell IS NOT NULL AND end_utc IS NOT NULL)
		 SELECT x.event_id, s.subject_id, x.t, x.at_end, cc.cell_id
		 FROM x
		 JOIN subjects s ON s.subject = x.subject
		 JOIN cell_coverage cc ON cc.preferred AND cc.cell_key = x.cell
		  AND (cc.valid_from IS NULL OR cc.valid_from <= x.t) AND (cc.valid_to IS NULL OR x.t < cc.valid_to)
		 ORDER BY s.subject_id, x.t, x.at_end`,
	}
	// The slots of the new presence rows. A key already in presence_slots
	// may get a second row; co-location reads the keys in a way that two
	// rows of one key give the same answer as one.
	newRows := `TRUE`
	if !all {
		newRows = `p.event_id IN (SELECT event_id FROM events e WHERE ` + where + `)`
	}
	steps = append(steps, `INSERT INTO presence_slots
		 SELECT (epoch_us(p.t) // 900000000)::INTEGER, p.cell_id, p.subject_id,
		        min(epoch_us(p.t)), max(epoch_us(p.t)), arg_min(p.event_id, (p.t, p.event_id)), arg_max(p.event_id, (p.t, -p.event_id)), count(*)::INTEGER
		 FROM presence p WHERE `+newRows+`
		 GROUP BY 1, 2, 3 ORDER BY 1, 2`)
	if all {
		steps = append([]string{`DELETE FROM presence`, `DELETE FROM subjects`, `DELETE FROM presence_slots`}, steps...)
		before = 0
	}
	for _, q := range steps {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("derive presence: %w", err)
		}
	}
	var after int64
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM presence`).Scan(&after); err != nil {
		return fmt.Errorf("derive presence: %w", err)
	}
	res.Presence = after - before
	return nil
}

// idList writes ids for an SQL IN list: 1,2,3.
func idList(ids []int64) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = fmt.Sprint(id)
	}
	return strings.Join(out, ",")
}

// identityDaysMissing lists the loaded files whose events identity_days
// does not yet reflect: those after the one recorded in case_meta
// (identity_days_through), so every file the first time after the table was
// added to a case. Cell lists and ANPR files hold no events and are left
// out; through is the last file considered, to record once they are done.
func identityDaysMissing(ctx context.Context, conn *gosql.Conn) (ids []int64, through int64, err error) {
	rows, err := conn.QueryContext(ctx, `
		WITH mark AS (SELECT coalesce(max(CAST(value AS BIGINT)), 0) AS id FROM case_meta WHERE key = 'identity_days_through')
		SELECT source_id, kind NOT IN ('cells', 'anpr') FROM sources, mark
		WHERE source_id > mark.id
		ORDER BY source_id`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var events bool
		if err := rows.Scan(&id, &events); err != nil {
			return nil, 0, err
		}
		if events {
			ids = append(ids, id)
		}
		through = id
	}
	return ids, through, rows.Err()
}

// deriveIdentityDays adds to identity_days the events of the files given:
// per file, kind of identity, identity and UTC day, the cells used. Each
// event counts on the day it starts, with its start cell, and on the day
// it ends, with its end cell.
func deriveIdentityDays(ctx context.Context, conn *gosql.Conn, sources []int64) error {
	in := idList(sources)
	if _, err := conn.ExecContext(ctx, `
		INSERT INTO identity_days
		WITH x AS (
		    SELECT source_id, subject_msisdn AS m, subject_imsi AS s, subject_imei14 AS i,
		           (epoch_us(start_utc) // 86400000000)::INTEGER AS d, start_cell AS c
		    FROM events WHERE source_id IN (`+in+`) AND duplicate_of IS NULL
		    UNION ALL
		    SELECT source_id, subject_msisdn, subject_imsi, subject_imei14, (epoch_us(end_utc) // 86400000000)::INTEGER, end_cell
		    FROM events WHERE source_id IN (`+in+`) AND duplicate_of IS NULL AND end_utc IS NOT NULL
		),
		-- the few distinct combinations first: a handset's number, SIM and
		-- IMEI travel together, so each kind is then grouped from far fewer rows
		t AS (SELECT source_id, m, s, i, d, c FROM x GROUP BY ALL)
		SELECT source_id, kind, identity, DATE '1970-01-01' + d,
		       coalesce(list(DISTINCT c ORDER BY c) FILTER (WHERE c IS NOT NULL), [])
		FROM (SELECT source_id, 'msisdn' AS kind, m AS identity, d, c FROM t WHERE m IS NOT NULL
		      UNION ALL SELECT source_id, 'imsi', s, d, c FROM t WHERE s IS NOT NULL
		      UNION ALL SELECT source_id, 'imei', i, d, c FROM t WHERE i IS NOT NULL)
		GROUP BY source_id, kind, identity, d
		ORDER BY kind, identity, d, source_id`); err != nil {
		return fmt.Errorf("derive identity days: %w", err)
	}
	return nil
}

// deriveCellHourUse refills cell_hour_use from presence: distinct subjects per
// cell and local hour of the day. The time zone is applied to each distinct
// UTC hour, not to each row.
func deriveCellHourUse(ctx context.Context, conn *gosql.Conn) error {
	for _, q := range []string{
		`DELETE FROM cell_hour_use`,
		`INSERT INTO cell_hour_use
		 WITH x AS (SELECT DISTINCT cell_id, epoch_us(t) // 3600000000 AS eh, subject_id FROM presence),
		 tz AS (SELECT coalesce(max(value), 'UTC') AS tz FROM case_meta WHERE key = 'time_zone'),
		 loc AS (SELECT h.eh, hour(timezone(tz.tz, to_timestamp(h.eh * 3600)))::TINYINT AS hour
		         FROM (SELECT DISTINCT eh FROM x) h, tz)
		 SELECT x.cell_id, loc.hour, count(DISTINCT x.subject_id)::INTEGER
		 FROM x JOIN loc USING (eh)
		 GROUP BY ALL
		 ORDER BY 1, 2`,
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("derive cell use: %w", err)
		}
	}
	return nil
}

func optF(v gosql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	return &v.Float64
}

func optT(v gosql.NullTime) *time.Time {
	if !v.Valid {
		return nil
	}
	return &v.Time
}
