package world

import (
	"github.com/mastcdr/mast/loaders/normalize"
)

// The cell list is written in three layouts: mast's own temporal list
// (every version of every cell), an OpenCelliD export (every cell once, as
// it stands at the end, without a header; operator 15's cells again with
// the header row) and a UK planning export in OSGB36 eastings and northings
// (operator 20's cells, every version). With Dirty, each file but the headed
// OpenCelliD one gets one or two malformed rows half-way through.

const (
	cellsHeader = "radio,mcc,mnc,lac,ci,site_id,site_name,lat,lon,azimuth,beamwidth,range_m,valid_from,valid_to"
	ocidHeader  = "radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal"
	osgbHeader  = "Site ID,Site Name,Cell ID,Technology,MCC,MNC,LAC,CI,Easting,Northing,Azimuth,Beamwidth,Valid From,Valid To"
)

// version is one row's worth of a cell: where and which way, from when to when.
type version struct {
	from, to int64
	pos      point
	az       float64
}

func (c *cell) versions() []version {
	var vs []version
	for _, sv := range c.site.versions {
		for _, av := range c.az {
			if from, to := max(sv.from, av.from), min(sv.to, av.to); from < to {
				vs = append(vs, version{from, to, sv.pos, av.az})
			}
		}
	}
	return vs
}

// commissioned is when a site went on air: 200 days to 8 years before the
// period, at a UTC midnight.
func (w *world) commissioned(s *site) int64 {
	h := uint64(0)
	for i := 0; i < len(s.id); i++ {
		h = h*31 + uint64(s.id[i])
	}
	days := 200 + int64(unit(key(w.opts.Seed, streamRegion, h))*2800)
	return (w.opts.Start.Unix()/86400 - days) * 86400
}

// writeCells writes the four cell files and returns the good rows of cells.csv.
func (w *world) writeCells(o [4]*out) int {
	main, ocid, ocidHead, osgb := o[0], o[1], o[2], o[3]
	main.row([]byte(cellsHeader), false)
	ocidHead.row([]byte(ocidHeader), false)
	osgb.row([]byte(osgbHeader), false)
	bad := func(o *out, line, field, reason string) {
		n := o.row([]byte(line), true)
		o.bad++
		w.truth.Malformed = append(w.truth.Malformed, malformedTruth{File: o.name, Line: n, Field: field, Reason: reason})
	}
	good := 0
	for i, c := range w.reg.cells {
		if w.opts.Dirty && i == len(w.reg.cells)/2 {
			bad(main, "LTE,234,15,3001,4100097,S99999,Nowhere Lane,north,west,0,65,,,", "lat", "unreadable position")
			bad(main, "GSM,234,30,110,0,S99998,Somewhere Road,52.500000,-1.900000,120,65,,,", "ci", "cell id 0")
			bad(ocid, "LTE,234,10,3002,2600961,12,-1.912345,52.471234,900,17,1,1700000000,1760000000", "", "wrong number of fields")
			bad(osgb, "S99997,Grid Error Farm,S99997-1,LTE,234,20,3101,5200129,,,0,65,01/01/2024,", "easting", "no easting/northing")
			bad(ocidHead, "LTE,234,15,3001,5300225,P12,-1.923456,52.501234,800,9,1,1700000000,1760000000,0", "unit", "unit not a number")
		}
		commissioned := w.commissioned(c.site)
		mnc := itoa(c.site.mnc)
		ident := func(b []byte) []byte {
			b = append(b, c.radio.String()...)
			b = append(b, ",234,"...)
			b = append(b, mnc...)
			b = append(b, ',')
			b = appendInt(b, c.lac)
			b = append(b, ',')
			return appendInt(b, c.ci)
		}
		vs := c.versions()
		for k, v := range vs {
			lat, lon := v.pos.latLon()
			b := ident(main.buf[:0])
			b = append(b, ',')
			b = append(b, c.site.id...)
			b = append(b, ',')
			b = appendCSV(b, c.site.name)
			b = append(b, ',')
			b = appendFloat(b, lat, 6)
			b = append(b, ',')
			b = appendFloat(b, lon, 6)
			b = append(b, ',')
			if !c.omni {
				b = appendFloat(b, v.az, 1)
			}
			b = append(b, ',')
			if !c.omni {
				b = appendFloat(b, c.beamwidth, 0)
			}
			b = append(b, ',')
			if c.rangeM > 0 {
				b = appendFloat(b, c.rangeM, 0)
			}
			b = append(b, ',')
			if k == 0 {
				b = appendDate(b, commissioned)
			} else {
				b = appendUTC(b, v.from)
			}
			b = append(b, ',')
			if v.to != never {
				b = appendUTC(b, v.to)
			}
			main.buf = b
			main.row(b, true)
			good++

			if c.site.mnc == 20 {
				e, n := normalize.WGS84ToOSGB36(lat, lon)
				b := append(osgb.buf[:0], c.site.id...)
				b = append(b, ',')
				b = appendCSV(b, c.site.name)
				b = append(b, ',')
				b = append(b, c.site.id...)
				b = append(b, '-')
				b = appendInt(b, c.sector)
				b = append(b, ',')
				b = ident(b)
				b = append(b, ',')
				b = appendFloat(b, e, 1)
				b = append(b, ',')
				b = appendFloat(b, n, 1)
				b = append(b, ',')
				if !c.omni {
					b = appendFloat(b, v.az, 0)
				}
				b = append(b, ',')
				if !c.omni {
					b = appendFloat(b, c.beamwidth, 0)
				}
				b = append(b, ',')
				if k == 0 {
					b = appendUKDate(b, commissioned)
				} else {
					b = appendUKDate(b, v.from)
				}
				b = append(b, ',')
				if v.to != never {
					b = appendUKDate(b, v.to)
				}
				osgb.buf = b
				osgb.row(b, true)
			}
		}

		// OpenCelliD: the cell as it stands at the end, with a crowd-sourced
		// range, sample count and first and last seen times.
		v := vs[len(vs)-1]
		lat, lon := v.pos.latLon()
		b := ident(ocid.buf[:0])
		b = append(b, ',')
		if c.radio == lte {
			b = appendInt(b, (c.ci*7)%504) // the physical cell id
		}
		b = append(b, ',')
		b = appendFloat(b, lon, 6)
		b = append(b, ',')
		b = appendFloat(b, lat, 6)
		b = append(b, ',')
		rng := c.rangeM
		if rng == 0 {
			rng = ranges[c.site.zone]
		}
		b = appendInt(b, int(rng*(0.7+0.6*unit(key(w.opts.Seed, uint64(c.ci), 1)))))
		b = append(b, ',')
		b = appendInt(b, 3+int(unit(key(w.opts.Seed, uint64(c.ci), 2))*300))
		b = append(b, ",1,"...)
		b = appendInt(b, int(commissioned+86400*30))
		b = append(b, ',')
		b = appendInt(b, int(w.opts.Start.Unix()-86400*(1+int64(unit(key(w.opts.Seed, uint64(c.ci), 3))*60))))
		b = append(b, ",0"...)
		ocid.buf = b
		ocid.row(b, true)
		if c.site.mnc == 15 {
			ocidHead.row(b, true)
		}
	}
	return good
}
