package engine

import (
	"math"
	"sort"
	"time"
)

// How serving areas are estimated (docs/analysis/serving-areas.md). Change
// deriveVersion with any of these, so cases are re-derived when opened.
const (
	// AreaResolution is the H3 resolution of cell_areas: cells of about
	// 0.1 km² (edge 174 m), fine enough for urban sectors a few hundred
	// metres long, coarse enough that a rural cell is a few hundred H3 cells.
	AreaResolution = 9
	// neighbourFactor times the median distance to the three nearest other
	// sites of the same network is the radius when the list gives none.
	neighbourFactor = 1.5
	neighbourCount  = 3
	// neighbourMaxM bounds the search for neighbours.
	neighbourMaxM = 40_000.0
	minRadiusM    = 200.0
	// minSpan widens a sector's drawn angle to a third of the circle.
	minSpan = 120.0
)

// defaultRadiusM is the radius by radio technology when a cell has neither a
// range in its list nor a neighbour within neighbourMaxM: typical rural cell
// ranges, GSM and CDMA reaching furthest.
var defaultRadiusM = map[string]float64{"GSM": 8000, "CDMA": 8000, "UMTS": 5000, "LTE": 5000, "NR": 2000, "": 5000}

// maxRadiusM caps any radius: GSM's timing advance ends at 35 km; the others
// rarely serve beyond 15 km.
var maxRadiusM = map[string]float64{"GSM": 35000, "CDMA": 35000, "UMTS": 15000, "LTE": 15000, "NR": 10000, "": 35000}

// cellRow is a cells row as the estimate needs it.
type cellRow struct {
	id, source         int64
	key, radio         string
	mcc, mnc           int64
	lat, lon           float64
	azimuth, beamwidth *float64
	omni               bool
	rangeM             *float64
	from, to           *time.Time
}

// coverageRow is a cell_coverage row.
type coverageRow struct {
	cellRow
	preferred   bool
	span        *float64
	drawnAs     string
	radius      float64
	radiusFrom  string
	neighbourM  *float64
	azimuthDraw *float64
}

// estimateCoverage decides, for each cell version, whether events are placed
// with it, how its area is drawn and its radius.
func estimateCoverage(cells []cellRow) []coverageRow {
	// The preferred list for each key: one with an azimuth, then the latest.
	type pick struct {
		az     bool
		source int64
	}
	best := map[string]pick{}
	for _, c := range cells {
		p := pick{c.azimuth != nil && !c.omni, c.source}
		if b, ok := best[c.key]; !ok || p.az && !b.az || p.az == b.az && p.source > b.source {
			best[c.key] = p
		}
	}
	near := neighbourDistances(cells)
	out := make([]coverageRow, len(cells))
	for i, c := range cells {
		r := coverageRow{cellRow: c}
		b := best[c.key]
		r.preferred = c.source == b.source
		if c.azimuth != nil && !c.omni {
			r.drawnAs = "wedge"
			az := math.Mod(math.Mod(*c.azimuth, 360)+360, 360)
			r.azimuthDraw = &az
			span := minSpan
			if c.beamwidth != nil && *c.beamwidth > span {
				span = min(*c.beamwidth, 359)
			}
			r.span = &span
		} else {
			r.drawnAs = "disk"
		}
		maxR, ok := maxRadiusM[c.radio]
		if !ok {
			maxR = maxRadiusM[""]
		}
		d, hasNear := near[siteOf(c)]
		switch {
		case c.rangeM != nil && *c.rangeM > 0:
			r.radius, r.radiusFrom = *c.rangeM, "list"
		case hasNear:
			r.radius, r.radiusFrom = neighbourFactor*d, "neighbours"
		default:
			def, ok := defaultRadiusM[c.radio]
			if !ok {
				def = defaultRadiusM[""]
			}
			name := c.radio
			if name == "" {
				name = "unknown"
			}
			r.radius, r.radiusFrom = def, "default-"+name
		}
		if hasNear {
			r.neighbourM = &d
		}
		r.radius = math.Round(min(max(r.radius, minRadiusM), maxR))
		out[i] = r
	}
	return out
}

// site is a mast position of one network.
type site struct {
	mcc, mnc int64
	lat, lon float64 // rounded to about 10 m
}

func siteOf(c cellRow) site {
	return site{c.mcc, c.mnc, math.Round(c.lat*1e4) / 1e4, math.Round(c.lon*1e4) / 1e4}
}

// neighbourDistances returns, for each site, the median distance in metres
// to its neighbourCount nearest other sites of the same network within
// neighbourMaxM (fewer if there are fewer; absent if none). Sites are put in
// a grid of about 5 km squares and searched ring by ring.
func neighbourDistances(cells []cellRow) map[site]float64 {
	const cellDeg = 0.045 // about 5 km of latitude
	type key struct {
		mcc, mnc int64
		i, j     int
	}
	grid := map[key][]site{}
	seen := map[site]bool{}
	for _, c := range cells {
		s := siteOf(c)
		if seen[s] {
			continue
		}
		seen[s] = true
		k := key{s.mcc, s.mnc, int(math.Floor(s.lat / cellDeg)), int(math.Floor(s.lon / cellDeg))}
		grid[k] = append(grid[k], s)
	}
	out := make(map[site]float64, len(seen))
	maxRing := int(math.Ceil(neighbourMaxM/5000)) + 1
	for s := range seen {
		i0, j0 := int(math.Floor(s.lat/cellDeg)), int(math.Floor(s.lon/cellDeg))
		// Longitude squares shrink with latitude; widen the search to match.
		lonScale := max(1, int(math.Ceil(1/math.Max(math.Cos(s.lat*math.Pi/180), 0.1))))
		var ds []float64
		for ring := 0; ring <= maxRing; ring++ {
			for di := -ring; di <= ring; di++ {
				for dj := -ring * lonScale; dj <= ring*lonScale; dj++ {
					if max(abs(di), (abs(dj)+lonScale-1)/lonScale) != ring {
						continue
					}
					for _, o := range grid[key{s.mcc, s.mnc, i0 + di, j0 + dj}] {
						if o == s {
							continue
						}
						if d := haversineM(s.lat, s.lon, o.lat, o.lon); d <= neighbourMaxM {
							ds = append(ds, d)
						}
					}
				}
			}
			// Once ring squares lie beyond the k-th nearest found, stop.
			if len(ds) >= neighbourCount {
				sort.Float64s(ds)
				if ds[neighbourCount-1] < float64(ring)*cellDeg*111_000 {
					break
				}
			}
		}
		if len(ds) == 0 {
			continue
		}
		sort.Float64s(ds)
		ds = ds[:min(len(ds), neighbourCount)]
		out[s] = ds[len(ds)/2]
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// haversineM is the great-circle distance in metres.
func haversineM(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371007.18
	φ1, φ2 := lat1*math.Pi/180, lat2*math.Pi/180
	dφ, dλ := φ2-φ1, (lon2-lon1)*math.Pi/180
	a := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}
