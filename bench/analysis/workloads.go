package analysis

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/mastcdr/mast/bench/world"
)

// placedEvents is the straightforward way to place events without mast's
// areas: each event with the site coordinates of its start cell's version
// (the event_cells view), duplicates left out.
const placedEvents = `
	SELECT event_id, coalesce(subject_msisdn, subject_imsi, subject_imei14) AS subject,
	       start_utc AS t, start_cell, cell_lat AS lat, cell_lon AS lon
	FROM event_cells WHERE duplicate_of IS NULL AND cell_lat IS NOT NULL`

// withinM is the plain formulation's "together": two sites at most this far
// apart (haversine), with no serving areas to compare.
const withinM = 2000

func haversine(a, b string) string {
	return fmt.Sprintf(`2 * 6371008.8 * asin(sqrt(pow(sin(radians(%[2]s.lat - %[1]s.lat) / 2), 2)
		+ cos(radians(%[1]s.lat)) * cos(radians(%[2]s.lat)) * pow(sin(radians(%[2]s.lon - %[1]s.lon) / 2), 2)))`, a, b)
}

// workloads are the questions the analysis issue times.
func workloads(t worldTruth, opts Options) []workload {
	target := ""
	if len(t.CarriedTogether) > 0 {
		target = t.CarriedTogether[0].A
	} else if len(t.Handsets) > 0 {
		target = t.Handsets[0].MSISDN
	}
	var targets []string
	for _, h := range t.Handsets {
		if len(targets) == opts.Targets {
			break
		}
		targets = append(targets, quote(h.MSISDN))
	}
	list := "[" + strings.Join(targets, ", ") + "]"
	ws := []workload{
		{
			name:   "colocated_with, one target",
			target: "under 1 s; 10x the plain SQL",
			mast:   `SELECT subject, score FROM colocated_with(?) ORDER BY score DESC`,
			plain: `WITH ev AS (` + placedEvents + `), tg AS (SELECT * FROM ev WHERE subject = ?)
				SELECT o.subject, count(*) AS pairs, count(DISTINCT o.t::DATE) AS days
				FROM tg JOIN ev o ON o.subject <> tg.subject
				 AND o.t >= tg.t - INTERVAL 15 MINUTE AND o.t <= tg.t + INTERVAL 15 MINUTE
				WHERE ` + haversine("tg", "o") + fmt.Sprintf(` <= %d
				GROUP BY o.subject ORDER BY pairs DESC, o.subject`, withinM),
			args:  []any{target},
			agree: sameFirst,
		},
		{
			name:   "cotravel, one target",
			target: "under 1 s; 10x the plain SQL",
			mast:   `SELECT subject, score FROM cotravel(?) ORDER BY score DESC`,
			// The same question without areas: the other handsets near the
			// target (sites within withinM, 15 minutes) on at least three
			// distinct target cells in one day, by the number of such days.
			plain: `WITH ev AS (` + placedEvents + `), tg AS (SELECT * FROM ev WHERE subject = ?),
				near AS (
					SELECT o.subject, tg.t::DATE AS d, tg.start_cell
					FROM tg JOIN ev o ON o.subject <> tg.subject
					 AND o.t >= tg.t - INTERVAL 15 MINUTE AND o.t <= tg.t + INTERVAL 15 MINUTE
					WHERE ` + haversine("tg", "o") + fmt.Sprintf(` <= %d
				)
				SELECT subject, count(*) AS days FROM (
					SELECT subject, d FROM near GROUP BY ALL HAVING count(DISTINCT start_cell) >= 3
				) GROUP BY subject ORDER BY days DESC, subject`, withinM),
			args:  []any{target},
			agree: sameFirst,
		},
		{
			name:   fmt.Sprintf("co-location among %d targets, all pairs", len(targets)),
			target: "under 30 s; 10x the plain SQL",
			mast:   `SELECT a, b, score FROM colocation_pairs(` + list + `) ORDER BY score DESC`,
			plain: `WITH ev AS (SELECT * FROM (` + placedEvents + `) WHERE subject IN (SELECT unnest(` + list + `)))
				SELECT a.subject AS a, b.subject AS b, count(*) AS pairs
				FROM ev a JOIN ev b ON a.subject < b.subject
				 AND b.t >= a.t - INTERVAL 15 MINUTE AND b.t <= a.t + INTERVAL 15 MINUTE
				WHERE ` + haversine("a", "b") + fmt.Sprintf(` <= %d
				GROUP BY 1, 2 ORDER BY pairs DESC`, withinM),
			agree: func(m, p [][]any) string {
				return fmt.Sprintf("%d pairs from mast, %d from plain SQL", len(m), len(p))
			},
		},
		{
			name:   "pattern_of_life, one target",
			target: "under 1 s; 10x the plain SQL",
			mast:   `SELECT * FROM pattern_of_life(?)`,
			plain: `WITH ev AS (SELECT timezone('Europe/London', t) AS lt, start_cell FROM (` + placedEvents + `) WHERE subject = ?),
				days AS (SELECT lt::DATE AS d, arg_min(start_cell, lt) AS first_cell, arg_max(start_cell, lt) AS last_cell FROM ev GROUP BY 1)
				SELECT 'hour' AS kind, hour(lt) AS slot, start_cell, count(*) AS n FROM ev GROUP BY ALL
				UNION ALL SELECT 'weekday', dayofweek(lt), start_cell, count(*) FROM ev GROUP BY ALL
				UNION ALL SELECT 'overnight', NULL, c, count(*) FROM (SELECT first_cell AS c FROM days UNION ALL SELECT last_cell FROM days) GROUP BY ALL`,
			args: []any{target},
		},
	}
	if w, ok := towerDumpWorkload(t); ok {
		ws = append(ws, w)
	}
	return ws
}

// setDumpRows asks the generator for n bystander rows per tower-dump scene
// (0 asks for none; the generator reads 0 as its default).
func setDumpRows(o *world.Options, n int) {
	o.DumpRows = n
	if n == 0 {
		o.DumpRows = -1
	}
}

// dumpScene is one tower-dump scene of truth.json.
type dumpScene struct {
	Scene int       `json:"scene"`
	Cells []string  `json:"cells"`
	From  time.Time `json:"from"`
	To    time.Time `json:"to"` // exclusive
}

// towerDumpWorkload is common_numbers over the world's tower-dump scenes,
// next to the plain SQL: every event on a scene cell within the window,
// grouped by number.
func towerDumpWorkload(t worldTruth) (workload, bool) {
	var scenes []dumpScene
	if raw, ok := t.raw["tower_dumps"]; !ok || json.Unmarshal(raw, &scenes) != nil || len(scenes) == 0 {
		return workload{}, false
	}
	var lits, rows []string
	for _, s := range scenes {
		cells := make([]string, len(s.Cells))
		for i, c := range s.Cells {
			cells[i] = quote(c)
		}
		// The truth's window is half-open; common_numbers' is inclusive.
		to := s.To.Add(-time.Second).Format(time.RFC3339)
		lits = append(lits, fmt.Sprintf("{'scene': 'scene %d', 'cells': [%s], 'from': '%s', 'to': '%s'}",
			s.Scene, strings.Join(cells, ", "), s.From.Format(time.RFC3339), to))
		for _, c := range cells {
			rows = append(rows, fmt.Sprintf("(%d, %s, TIMESTAMPTZ '%s', TIMESTAMPTZ '%s')", s.Scene, c, s.From.Format(time.RFC3339), to))
		}
	}
	return workload{
		name:   fmt.Sprintf("common_numbers, %d tower-dump scenes", len(scenes)),
		target: "10x the plain SQL",
		mast:   `SELECT * FROM common_numbers([` + strings.Join(lits, ", ") + `], min_scenes := 2)`,
		plain: `WITH sc(scene, cell, f, t) AS (VALUES ` + strings.Join(rows, ", ") + `)
			SELECT e.subject_msisdn, count(DISTINCT sc.scene) AS scenes, count(*) AS events
			FROM events e JOIN sc ON e.start_cell = sc.cell AND e.start_utc BETWEEN sc.f AND sc.t
			WHERE e.duplicate_of IS NULL AND e.subject_msisdn IS NOT NULL
			GROUP BY 1 HAVING count(DISTINCT sc.scene) >= 2 ORDER BY scenes DESC, events DESC`,
	}, true
}
