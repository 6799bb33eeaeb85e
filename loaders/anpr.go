package loaders

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/mastcdr/mast/loaders/normalize"
)

// anprRows builds anpr_reads rows. One per worker.
type anprRows struct {
	pl    *plan
	c     columns
	n     int
	times *normalize.TimeParser
	g     struct{ vrm, lat, lon, time, cameraID, cameraName, direction, confidence, lane *getter }
}

func newANPRRows(pl *plan) (rowBuilder, error) {
	p := pl.profile
	r := &anprRows{pl: pl, c: newColumns(anprSchema, anprSchema.NumFields()-1, pl.schema)}
	layouts := p.Time.Layouts
	if f, ok := p.Fields["time"]; ok && len(f.Layouts) > 0 {
		layouts = f.Layouts
	}
	var err error
	if r.times, err = normalize.NewTimeParser(layouts, pl.zone); err != nil {
		return nil, err
	}
	r.g.vrm, r.g.lat, r.g.lon, r.g.time = pl.field("vrm"), pl.field("lat"), pl.field("lon"), pl.field("time")
	r.g.cameraID, r.g.cameraName, r.g.direction, r.g.confidence, r.g.lane = pl.field("camera_id"), pl.field("camera_name"), pl.field("direction"), pl.field("confidence"), pl.field("lane")
	return r, nil
}

// plate normalises a registration mark: upper case, letters and digits only.
func plate(raw string) (string, bool) {
	b := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case 'a' <= c && c <= 'z':
			b = append(b, c-'a'+'A')
		case 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			b = append(b, c)
		case c == ' ' || c == '-':
		default:
			return "", false
		}
	}
	return string(b), len(b) > 0 && len(b) <= 16
}

func (r *anprRows) add(f [][]byte, line int64) (string, string, bool) {
	g := &r.g
	raw := g.vrm.text(f)
	vrm, ok := plate(raw)
	if !ok {
		return "vrm", fmt.Sprintf("registration mark %q is not letters and digits", raw), false
	}
	text := g.time.text(f)
	if text == "" {
		return "time", "no time", false
	}
	t, flag, explicit, err := r.times.Parse(text)
	if err != nil {
		return "time", err.Error(), false
	}
	zone := r.pl.zone.String()
	if explicit {
		zone = offsetName(text)
	}
	lat, lon, hasPos, reason := latLon(g.lat.text(f), g.lon.text(f))
	if reason != "" {
		return "lat", reason, false
	}
	conf, hasConf, err := floatField(g.confidence.text(f))
	if err != nil {
		return "confidence", fmt.Sprintf("confidence %q is not a number", g.confidence.text(f)), false
	}
	c := r.c
	c.i32(0, r.pl.opts.SourceID, true)
	c.i64(1, line, true)
	c.str(2, vrm)
	c.str(3, raw)
	c.str(4, g.cameraID.text(f))
	c.str(5, g.cameraName.text(f))
	c.f64(6, lat, hasPos)
	c.f64(7, lon, hasPos)
	c.ts(8, t, true)
	c.str(9, text)
	c.str(10, zone)
	c.str(11, flag.String())
	c.str(12, g.direction.text(f))
	c.f64(13, conf, hasConf)
	c.str(14, g.lane.text(f))
	r.n++
	return "", "", true
}

func (r *anprRows) finish() ([]arrow.Array, []uint64, int) {
	cols, n := r.c.finish(), r.n
	r.n = 0
	return cols, nil, n
}
