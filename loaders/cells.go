package loaders

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/mastcdr/mast/loaders/normalize"
)

// cellRows builds cells rows. One per worker.
type cellRows struct {
	pl    *plan
	c     columns
	n     int
	cells *normalize.CellParser // its Radio is set per row; it keeps its cache across rows
	radio normalize.Radio       // the profile's cells.radio, for rows that give none
	from  *normalize.TimeParser
	to    *normalize.TimeParser
	osgb  bool
	g     struct{ radio, mcc, mnc, lac, ci, enb, sector, cell, unit, siteID, siteName, lat, lon, easting, northing, azimuth, beamwidth, rangeM, validFrom, validTo *getter }
}

func newCellRows(pl *plan) (rowBuilder, error) {
	p := pl.profile
	r := &cellRows{pl: pl, c: newColumns(cellsSchema, cellsSchema.NumFields()-1, pl.schema), osgb: p.Coordinates == "osgb36"}
	var err error
	if r.cells, err = newCellParser(p.Cells); err != nil {
		return nil, err
	}
	r.radio = r.cells.Radio
	layouts := func(field string) []string {
		if f, ok := p.Fields[field]; ok && len(f.Layouts) > 0 {
			return f.Layouts
		}
		return p.Time.Layouts
	}
	if r.from, err = normalize.NewTimeParser(layouts("valid_from"), pl.zone); err != nil {
		return nil, err
	}
	if r.to, err = normalize.NewTimeParser(layouts("valid_to"), pl.zone); err != nil {
		return nil, err
	}
	r.g.radio, r.g.mcc, r.g.mnc, r.g.lac, r.g.ci, r.g.cell = pl.field("radio"), pl.field("mcc"), pl.field("mnc"), pl.field("lac"), pl.field("ci"), pl.field("cell")
	r.g.enb, r.g.sector = pl.field("enb"), pl.field("sector")
	r.g.unit, r.g.siteID, r.g.siteName = pl.field("unit"), pl.field("site_id"), pl.field("site_name")
	r.g.lat, r.g.lon, r.g.easting, r.g.northing = pl.field("lat"), pl.field("lon"), pl.field("easting"), pl.field("northing")
	r.g.azimuth, r.g.beamwidth, r.g.rangeM = pl.field("azimuth"), pl.field("beamwidth"), pl.field("range_m")
	r.g.validFrom, r.g.validTo = pl.field("valid_from"), pl.field("valid_to")
	return r, nil
}

func (r *cellRows) add(f [][]byte, line int64) (string, string, bool) {
	g := &r.g
	radio := normalize.RadioUnknown
	if t, _ := g.radio.mapped(f); t != "" {
		v, err := normalize.ParseRadio(t)
		if err != nil {
			return "radio", err.Error(), false
		}
		radio = v
	}
	var key normalize.CellKey
	if g.cell != nil {
		r.cells.Radio = r.radio
		if radio != normalize.RadioUnknown {
			r.cells.Radio = radio
		}
		k, err := r.cells.Parse(g.cell.text(f))
		if err != nil {
			return "cell", err.Error(), false
		}
		key = k
	} else {
		mcc, err := uintField(g.mcc.text(f), 999)
		if err != nil {
			return "mcc", fmt.Sprintf("mcc: %v", err), false
		}
		mnc, err := uintField(g.mnc.text(f), 999)
		if err != nil {
			return "mnc", fmt.Sprintf("mnc: %v", err), false
		}
		var ci uint64
		if enb := g.enb.text(f); enb != "" && g.ci.text(f) == "" {
			// An LTE cell given as eNodeB id and sector: ECI = eNB × 256 + sector.
			e, err := uintField(enb, 1<<20-1)
			if err != nil {
				return "enb", fmt.Sprintf("eNodeB id: %v", err), false
			}
			st := g.sector.text(f)
			if st == "" {
				return "sector", fmt.Sprintf("no sector with eNodeB id %d (the ECI is eNodeB id × 256 + sector)", e), false
			}
			sec, err := uintField(st, 255)
			if err != nil {
				return "sector", fmt.Sprintf("sector: %v", err), false
			}
			ci = e*256 + sec
			if radio == normalize.RadioUnknown {
				radio = normalize.RadioLTE
			}
		} else if ci, err = uintField(g.ci.text(f), 1<<36-1); err != nil {
			return "ci", fmt.Sprintf("ci: %v", err), false
		}
		key = normalize.CellKey{Radio: radio, MCC: uint16(mcc), MNC: uint16(mnc), CI: ci, Sector: -1}
		if t := g.lac.text(f); t != "" {
			lac, err := uintField(t, 1<<32-1)
			if err != nil {
				return "lac", fmt.Sprintf("lac: %v", err), false
			}
			key.LAC, key.HasLAC = uint32(lac), true
		}
	}
	if key.CI == 0 && key.Sector < 0 {
		return "ci", "cell id is 0", false
	}

	var lat, lon, east, north float64
	if r.osgb {
		e, err1 := strconv.ParseFloat(g.easting.text(f), 64)
		n, err2 := strconv.ParseFloat(g.northing.text(f), 64)
		if err1 != nil || err2 != nil || e < 0 || e > 800_000 || n < 0 || n > 1_400_000 {
			return "easting", fmt.Sprintf("easting/northing %q, %q is not a British National Grid position", g.easting.text(f), g.northing.text(f)), false
		}
		east, north = e, n
		lat, lon = normalize.OSGB36ToWGS84(e, n)
	} else {
		var ok bool
		var reason string
		lat, lon, ok, reason = latLon(g.lat.text(f), g.lon.text(f))
		if reason != "" {
			return "lat", reason, false
		}
		if !ok {
			return "lat", "no position", false
		}
	}
	az, hasAz, err := floatField(g.azimuth.text(f))
	if err != nil || hasAz && (az < 0 || az > 360) {
		return "azimuth", fmt.Sprintf("azimuth %q is not a bearing in degrees", g.azimuth.text(f)), false
	}
	bw, hasBW, err := floatField(g.beamwidth.text(f))
	if err != nil || hasBW && (bw <= 0 || bw > 360) {
		return "beamwidth", fmt.Sprintf("beamwidth %q is not an angle in degrees", g.beamwidth.text(f)), false
	}
	rng, hasRange, err := floatField(g.rangeM.text(f))
	if err != nil || hasRange && rng < 0 {
		return "range_m", fmt.Sprintf("range %q is not a distance in metres", g.rangeM.text(f)), false
	}
	if hasRange && rng == 0 {
		hasRange = false
	}
	unit, hasUnit, err := intField(g.unit.text(f))
	if err != nil {
		return "unit", fmt.Sprintf("unit %q is not a whole number", g.unit.text(f)), false
	}
	from, hasFrom, err := r.validity(r.from, g.validFrom.text(f))
	if err != nil {
		return "valid_from", err.Error(), false
	}
	to, hasTo, err := r.validity(r.to, g.validTo.text(f))
	if err != nil {
		return "valid_to", err.Error(), false
	}
	if hasFrom && hasTo && !to.After(from) {
		return "valid_to", "valid_to is not after valid_from", false
	}
	if az == 360 {
		az = 0
	}
	omni := !hasAz || hasBW && bw >= 360

	c := r.c
	c.i32(0, r.pl.opts.SourceID, true)
	c.i64(1, line, true)
	c.str(2, key.String())
	c.str(3, key.Radio.String())
	c.i32(4, int32(key.MCC), true)
	c.i32(5, int32(key.MNC), true)
	c.i64(6, int64(key.LAC), key.HasLAC)
	c.i64(7, int64(key.CI), true)
	c.i16(8, key.Sector, key.Sector >= 0)
	c.i32(9, int32(unit), hasUnit)
	c.str(10, g.siteID.text(f))
	c.str(11, g.siteName.text(f))
	c.f64(12, lat, true)
	c.f64(13, lon, true)
	c.f64(14, east, r.osgb)
	c.f64(15, north, r.osgb)
	if r.osgb {
		c.str(16, "osgb36-helmert")
	} else {
		c.str(16, "wgs84")
	}
	c.f64(17, az, hasAz && !omni)
	c.f64(18, bw, hasBW)
	c.boolean(19, omni, true)
	c.f64(20, rng, hasRange)
	c.ts(21, from, hasFrom)
	c.ts(22, to, hasTo)
	r.n++
	return "", "", true
}

func (r *cellRows) validity(p *normalize.TimeParser, text string) (time.Time, bool, error) {
	if text == "" {
		return time.Time{}, false, nil
	}
	t, _, _, err := p.Parse(text)
	if err != nil {
		return time.Time{}, false, err
	}
	return t, true, nil
}

func (r *cellRows) finish() ([]arrow.Array, []uint64, int) {
	cols, n := r.c.finish(), r.n
	r.n = 0
	return cols, nil, n
}

var errEmpty = errors.New("empty")

func uintField(s string, limit uint64) (uint64, error) {
	if s == "" {
		return 0, errEmpty
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	if v > limit {
		return 0, fmt.Errorf("%d is larger than %d", v, limit)
	}
	return v, nil
}

func intField(s string) (int64, bool, error) {
	if s == "" {
		return 0, false, nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil, err
}

func floatField(s string) (float64, bool, error) {
	if s == "" {
		return 0, false, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil, err
}
