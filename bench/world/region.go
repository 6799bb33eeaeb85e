package world

import (
	"math"
	"slices"
	"strconv"
)

// The region: a synthetic UK city about 40 km across, centred near
// 52.48 N, 1.90 W so that OSGB36 eastings and northings make sense. Positions
// are metres east (x) and north (y) of the centre; the flat-earth conversion
// to degrees is exact enough for a synthetic world.
const (
	centreLat  = 52.48
	centreLon  = -1.90
	mPerDegLat = 111_320.0
	halfSide   = 20_000.0 // the region is a 40 km square
	urbanR     = 4_000.0  // the dense core
	suburbR    = 11_000.0 // suburbs out to here, rural beyond
	gridSize   = 1_000.0  // the spatial index's squares
	gridN      = int(2 * halfSide / gridSize)
)

var mPerDegLon = mPerDegLat * math.Cos(centreLat*math.Pi/180)

// point is a position in metres east and north of the centre.
type point struct{ x, y float64 }

func (p point) latLon() (float64, float64) {
	return centreLat + p.y/mPerDegLat, centreLon + p.x/mPerDegLon
}

func (p point) dist(q point) float64 { return math.Hypot(p.x-q.x, p.y-q.y) }

func lerp(a, b point, f float64) point { return point{a.x + (b.x-a.x)*f, a.y + (b.y-a.y)*f} }

// polar is the point r metres from the centre on bearing deg (from north).
func polar(r, deg float64) point {
	a := deg * math.Pi / 180
	return point{r * math.Sin(a), r * math.Cos(a)}
}

// bearing from p to q in degrees from north.
func bearing(p, q point) float64 {
	return math.Mod(math.Atan2(q.x-p.x, q.y-p.y)*180/math.Pi+360, 360)
}

func inside(p point) bool { return math.Abs(p.x) < halfSide && math.Abs(p.y) < halfSide }

// zone is the kind of area a point is in.
type zone uint8

const (
	urban zone = iota
	suburban
	rural
)

func (z zone) String() string { return [...]string{"urban", "suburban", "rural"}[z] }

func zoneOf(p point) zone {
	switch r := math.Hypot(p.x, p.y); {
	case r < urbanR:
		return urban
	case r < suburbR:
		return suburban
	}
	return rural
}

// Site spacing of one operator, and nominal serving range, by zone.
var (
	spacing = [3]float64{500, 1500, 5000}
	ranges  = [3]float64{800, 2500, 8000}
)

// operators are the MNCs of MCC 234 in the world; each has its own sites.
var operators = []int{10, 15, 20, 30}

func opIndex(mnc int) int { return slices.Index(operators, mnc) }

type radio uint8

const (
	lte radio = iota
	gsm
)

func (r radio) String() string { return [...]string{"LTE", "GSM"}[r] }

// Times without bound, for versions open at either end.
const (
	always = math.MinInt64
	never  = math.MaxInt64
)

// siteVersion is where a site stood from one time to another.
type siteVersion struct {
	from, to int64
	pos      point
}

// site is a mast: one operator's cells at one place (which may change once).
type site struct {
	id       string
	name     string
	mnc      int
	zone     zone
	versions []siteVersion
	cells    []*cell
}

func (s *site) posAt(t int64) point {
	for _, v := range s.versions {
		if t >= v.from && t < v.to {
			return v.pos
		}
	}
	return s.versions[len(s.versions)-1].pos
}

// azVersion is the azimuth a sector faced from one time to another.
type azVersion struct {
	from, to int64
	az       float64
}

// cell is one sector, or an omni cell, of a site.
type cell struct {
	site      *site
	radio     radio
	lac       int // TAC for LTE
	ci        int // ECI (eNodeB id × 256 + sector) for LTE; 16-bit CI for GSM
	sector    int
	omni      bool
	beamwidth float64
	rangeM    float64 // 0 = not given in the list
	az        []azVersion
	cgi       []byte // as the CDRs write it: MCC-MNC-LAC-CI
	key       string // canonical key: LTE MCC-MNC-ECI, GSM MCC-MNC-LAC-CI
	scenes    uint8  // bit i: a cell of tower-dump scene i
}

func (c *cell) azAt(t int64) float64 {
	for _, v := range c.az {
		if t >= v.from && t < v.to {
			return v.az
		}
	}
	return c.az[len(c.az)-1].az
}

func (c *cell) finish() {
	mnc := strconv.Itoa(c.site.mnc)
	c.cgi = []byte("234-" + mnc + "-" + strconv.Itoa(c.lac) + "-" + strconv.Itoa(c.ci))
	if c.radio == lte {
		c.key = "234-" + mnc + "-" + strconv.Itoa(c.ci)
	} else {
		c.key = string(c.cgi)
	}
}

// gridEntry is one version of a site in a square of the index.
type gridEntry struct {
	site *site
	v    int
}

// region holds every operator's sites and a spatial index per operator.
type region struct {
	sites []*site
	cells []*cell
	grid  [][][]gridEntry // operator index → square → entries
}

func square(p point) (int, int) {
	return min(max(int((p.x+halfSide)/gridSize), 0), gridN-1), min(max(int((p.y+halfSide)/gridSize), 0), gridN-1)
}

var placeWords = []string{"Mill", "Church", "Park", "Station", "Bridge", "Market", "Green", "Hill", "Wharf", "Canal",
	"Common", "Farm", "Grange", "Heath", "Cross", "Abbey", "Forge", "Orchard", "Quarry", "Meadow"}
var roadWords = [3][]string{{"Street", "Row", "Square", "Place"}, {"Road", "Avenue", "Lane", "Drive"}, {"Farm", "Wood", "Hill", "Bank"}}

func newRegion(seed int64) *region {
	g := &region{grid: make([][][]gridEntry, len(operators))}
	r := newRNG()
	n := 0
	for oi, mnc := range operators {
		r.reset(seed, streamRegion, uint64(mnc))
		enb := 1000 + oi*20000 // eNodeB ids: ECIs above 65535, unique per operator
		gsmCI := 1000
		for z := urban; z <= rural; z++ {
			s := spacing[z]
			// A jittered grid, offset per operator so masts do not coincide.
			off := point{s * float64(oi) / 4, s * float64(oi) / 3}
			for y := -halfSide + off.y; y < halfSide; y += s {
				for x := -halfSide + off.x; x < halfSide; x += s {
					p := point{x + (r.Float64()-0.5)*s*0.7, y + (r.Float64()-0.5)*s*0.7}
					if zoneOf(p) != z || !inside(p) {
						continue
					}
					n++
					st := &site{id: "S" + pad(n, 5), mnc: mnc, zone: z, versions: []siteVersion{{always, never, p}}}
					st.name = placeWords[r.IntN(len(placeWords))] + " " + roadWords[z][r.IntN(len(roadWords[z]))] + " " + strconv.Itoa(n)
					area := int(bearing(point{}, p) / 45) // an eighth of the compass
					switch k := r.IntN(100); {
					case k < 4: // omni: an LTE small cell in town, a GSM mast out of it
						c := &cell{site: st, radio: lte, omni: true, lac: 3000 + int(z)*100 + area, ci: enb * 256}
						enb++
						if z != urban {
							c.radio, c.lac, c.ci = gsm, 100+int(z)*10+area, gsmCI
							gsmCI++
						}
						st.cells = append(st.cells, c)
					case k < 18: // GSM, three sectors
						for sec := 1; sec <= 3; sec++ {
							st.cells = append(st.cells, &cell{site: st, radio: gsm, lac: 100 + int(z)*10 + area, ci: gsmCI, sector: sec})
							gsmCI++
						}
					default: // LTE, three sectors
						for sec := 1; sec <= 3; sec++ {
							st.cells = append(st.cells, &cell{site: st, radio: lte, lac: 3000 + int(z)*100 + area, ci: enb*256 + sec, sector: sec})
						}
						enb++
					}
					for i, c := range st.cells {
						if !c.omni {
							c.az = []azVersion{{always, never, math.Round(math.Mod(float64(i)*120+(r.Float64()-0.5)*30+360, 360)*10) / 10}}
							c.beamwidth = float64(60 + r.IntN(11))
						} else {
							c.az = []azVersion{{always, never, 0}}
						}
						if r.IntN(100) < 55 {
							c.rangeM = math.Round(ranges[z]*(0.8+0.4*r.Float64())/10) * 10
						}
						c.finish()
					}
					g.sites = append(g.sites, st)
					g.cells = append(g.cells, st.cells...)
				}
			}
		}
	}
	g.index()
	return g
}

// index rebuilds the spatial index from the sites' versions.
func (g *region) index() {
	for oi := range operators {
		g.grid[oi] = make([][]gridEntry, gridN*gridN)
	}
	for _, st := range g.sites {
		oi := opIndex(st.mnc)
		for v, sv := range st.versions {
			x, y := square(sv.pos)
			g.grid[oi][y*gridN+x] = append(g.grid[oi][y*gridN+x], gridEntry{st, v})
		}
	}
}

// near is a position's two nearest sites of one operator at one time.
type near struct {
	site [2]*site
	d    [2]float64
}

// nearest2 finds the operator's two sites nearest p at time t, closest first
// (ties broken by id, so the answer is deterministic).
func (g *region) nearest2(oi int, p point, t int64) near {
	sx, sy := square(p)
	n := near{d: [2]float64{math.Inf(1), math.Inf(1)}}
	grid := g.grid[oi]
	for r := 0; r < gridN; r++ {
		for dy := -r; dy <= r; dy++ {
			y := sy + dy
			if y < 0 || y >= gridN {
				continue
			}
			step := 1
			if dy != -r && dy != r {
				step = 2 * r // only the ring's left and right squares
			}
			for dx := -r; dx <= r; dx += step {
				x := sx + dx
				if x < 0 || x >= gridN {
					continue
				}
				for _, e := range grid[y*gridN+x] {
					v := e.site.versions[e.v]
					if t < v.from || t >= v.to {
						continue
					}
					d := v.pos.dist(p)
					switch {
					case d < n.d[0] || d == n.d[0] && n.site[0] != nil && e.site.id < n.site[0].id:
						n.site[1], n.d[1] = n.site[0], n.d[0]
						n.site[0], n.d[0] = e.site, d
					case d < n.d[1] || d == n.d[1] && n.site[1] != nil && e.site.id < n.site[1].id:
						n.site[1], n.d[1] = e.site, d
					}
				}
			}
		}
		// Every square not yet scanned is at least r squares away.
		if n.site[1] != nil && n.d[1] <= float64(r)*gridSize {
			break
		}
	}
	return n
}

// facing is the cell of st that serves p at time t: the sector whose
// azimuth points most nearly at p.
func facing(st *site, p point, t int64) *cell {
	if len(st.cells) == 1 {
		return st.cells[0]
	}
	b := bearing(st.posAt(t), p)
	best, bestDiff := st.cells[0], 999.0
	for _, c := range st.cells {
		d := math.Abs(math.Mod(b-c.azAt(t)+540, 360) - 180)
		if d < bestDiff {
			best, bestDiff = c, d
		}
	}
	return best
}

// servers are the cells that can serve a position: the facing sector of
// the nearest site, and of the second-nearest when it is close enough to
// take the handset now and then.
type servers struct {
	best, other *cell
	dist        float64 // from the best cell's site
	otherOK     bool
}

func (g *region) servers(oi int, p point, t int64) servers {
	n := g.nearest2(oi, p, t)
	s := servers{best: facing(n.site[0], p, t), dist: n.d[0]}
	if n.site[1] != nil {
		s.other = facing(n.site[1], p, t)
		s.otherOK = n.d[1] < 2.2*n.d[0]+300
	}
	return s
}
