package exhibit

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkb"
)

// maxFeatures bounds a map: beyond it no map is legible, and a schedule is
// the exhibit to make.
const maxFeatures = 200_000

// Feature is one thing drawn on a map: a row of the map's query.
type Feature struct {
	Layer string
	Label string
	Note  string
	Geom  geom.T
	Start time.Time // zero when the row has no start_utc
	End   time.Time
	Vals  []any // every column's value, geometry included, as in the Table
}

// layerNames are the layers a map query may name in a layer column.
var layerNames = []string{LayerAreas, LayerLines, LayerStays, LayerCameras, LayerPoints}

// features reads a map query's rows. The geometry is the first GEOMETRY
// column; the layer is the layer column when it names one of layerNames,
// else it follows from the geometry (points, areas, lines); the label is the
// label or name column.
func features(t *Table, m *Manifest) ([]Feature, error) {
	g, layer, label, note, start, end := -1, -1, -1, -1, -1, -1
	for i, c := range t.Columns {
		switch n := strings.ToLower(c.Name); {
		case c.Geom && g < 0:
			g = i
		case n == "layer":
			layer = i
		case (n == "label" || n == "name") && label < 0:
			label = i
		case n == "note" || n == "description":
			note = i
		case n == "start_utc" || n == "first_read" || n == "t":
			start = i
		case n == "end_utc" || n == "last_read":
			end = i
		}
	}
	if g < 0 {
		return nil, fmt.Errorf("a map's query must return a GEOMETRY column (for example geom from event_points, cell_wedges, camera_points, or path from journeys()); its columns are %s", strings.Join(t.ColumnNames(), ", "))
	}
	var out []Feature
	err := pass(t, m, func(vals []any, _ []string) error {
		if len(out) >= maxFeatures {
			return fmt.Errorf("the map's query returned more than %d features: narrow it (a subject, a time span), or make a schedule", maxFeatures)
		}
		b, ok := vals[g].([]byte)
		if !ok {
			return nil // a row without geometry is listed in the digest but not drawn
		}
		gm, err := wkb.Unmarshal(b)
		if err != nil {
			return fmt.Errorf("row %d: geometry: %w", len(out)+1, err)
		}
		f := Feature{Geom: gm, Vals: append([]any(nil), vals...)}
		if layer >= 0 {
			if s, _ := vals[layer].(string); slices.Contains(layerNames, s) {
				f.Layer = s
			}
		}
		if f.Layer == "" {
			f.Layer = layerOf(gm)
		}
		if label >= 0 {
			f.Label = Text(KindText, vals[label])
		}
		if note >= 0 {
			f.Note = Text(KindText, vals[note])
		}
		if start >= 0 {
			f.Start, _ = vals[start].(time.Time)
		}
		if end >= 0 {
			f.End, _ = vals[end].(time.Time)
		}
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the map's query returned no features to draw")
	}
	return out, nil
}

func layerOf(g geom.T) string {
	switch g.(type) {
	case *geom.Polygon, *geom.MultiPolygon:
		return LayerAreas
	case *geom.LineString, *geom.MultiLineString:
		return LayerLines
	}
	return LayerPoints
}

// span is the time span of the features, in loc, as text.
func span(fs []Feature, loc *time.Location) string {
	var lo, hi time.Time
	for _, f := range fs {
		for _, t := range []time.Time{f.Start, f.End} {
			if t.IsZero() {
				continue
			}
			if lo.IsZero() || t.Before(lo) {
				lo = t
			}
			if hi.IsZero() || t.After(hi) {
				hi = t
			}
		}
	}
	if lo.IsZero() {
		return "not given by the query"
	}
	return lo.In(loc).Format("2006-01-02 15:04:05") + " to " + hi.In(loc).Format("2006-01-02 15:04:05 MST")
}
