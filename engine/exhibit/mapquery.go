package exhibit

import (
	"fmt"
	"strings"
)

// Map layers, in drawing order.
const (
	LayerAreas   = "areas"   // estimated serving areas of the cells used
	LayerLines   = "lines"   // journeys
	LayerStays   = "stays"   // dwell places
	LayerCameras = "cameras" // ANPR cameras
	LayerPoints  = "points"  // event positions (the sites of the cells used)
)

// SubjectMapQuery is the SQL of a subject's map: one row per feature with its
// layer, label, note, time span, the events it stands for and its geometry.
// Sites of the cells used are points (one per cell, with its event count);
// the cells' estimated serving areas are polygons; stays() are points and
// journeys() lines, with the same since/until.
func SubjectMapQuery(s Subject) string {
	subj := "subject_key(" + quote(s.Subject) + ")"
	var conds []string
	since, until := "NULL", "NULL"
	if !s.From.IsZero() {
		since = quote(s.From.UTC().Format("2006-01-02 15:04:05+00")) + "::TIMESTAMPTZ"
		conds = append(conds, "p.t >= "+since)
	}
	if !s.To.IsZero() {
		until = quote(s.To.UTC().Format("2006-01-02 15:04:05+00")) + "::TIMESTAMPTZ"
		conds = append(conds, "p.t < "+until)
	}
	where := ""
	if len(conds) > 0 {
		where = "\n  AND " + strings.Join(conds, " AND ")
	}
	return fmt.Sprintf(`WITH used AS (
  SELECT p.event_id, p.t, p.cell_id
  FROM presence p JOIN subjects s USING (subject_id)
  WHERE s.subject = %[1]s%[2]s
)
SELECT 1 AS layer_order, 'areas' AS layer, w.cell_key AS label, w.label AS note,
       min(u.t) AS start_utc, max(u.t) AS end_utc, count(DISTINCT u.event_id) AS events,
       list(DISTINCT u.event_id ORDER BY u.event_id) AS event_ids, any_value(w.geom) AS geom
FROM used u JOIN cell_wedges w USING (cell_id)
GROUP BY w.cell_id, w.cell_key, w.label
UNION ALL
SELECT 2, 'lines', 'journey ' || j.from_stay || ' to ' || j.to_stay, round(j.km, 2) || ' km via ' || len(j.cells) || ' cells',
       j.start_utc, j.end_utc, j.events, j.event_ids, j.path
FROM journeys(%[1]s, since := %[3]s, until := %[4]s) j
UNION ALL
SELECT 3, 'stays', 'stay ' || st.stay, 'main cell ' || st.main_cell || ', score ' || round(st.score, 2),
       st.start_utc, st.end_utc, st.events, st.event_ids, st_point(st.lon, st.lat)
FROM stays(%[1]s, since := %[3]s, until := %[4]s) st
UNION ALL
SELECT 5, 'points', c.cell_key, coalesce(any_value(cl.site_name), 'site of ' || c.cell_key),
       min(u.t), max(u.t), count(DISTINCT u.event_id), list(DISTINCT u.event_id ORDER BY u.event_id),
       st_point(any_value(c.lon), any_value(c.lat))
FROM used u JOIN cell_coverage c USING (cell_id) LEFT JOIN cells cl USING (cell_id)
GROUP BY c.cell_id, c.cell_key
ORDER BY layer_order, start_utc, label`, subj, where, since, until)
}
