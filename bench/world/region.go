package world

import (
	"math"
	"math/rand/v2"
)

// The region: a city centre with dense urban sites, suburbs and rural
// outskirts, about 40 km across.
const (
	centreLat  = 52.48
	centreLon  = -1.90
	mPerDegLat = 111_320.0
)

var mPerDegLon = mPerDegLat * math.Cos(centreLat*math.Pi/180)

// point is a position in metres east and north of the centre.
type point struct{ x, y float64 }

func (p point) latLon() (float64, float64) {
	return centreLat + p.y/mPerDegLat, centreLon + p.x/mPerDegLon
}

func (p point) dist(q point) float64 { return math.Hypot(p.x-q.x, p.y-q.y) }

func lerp(a, b point, f float64) point { return point{a.x + (b.x-a.x)*f, a.y + (b.y-a.y)*f} }

type radio uint8

const (
	lte radio = iota
	gsm
)

// cell is one sector (or omni cell) of a site.
type cell struct {
	site      *site
	radio     radio
	mnc       int
	lac       int // TAC for LTE
	ci        int // ECI for LTE
	azimuth   float64
	omni      bool
	beamwidth float64
	rangeM    float64 // 0 = not given in the list
	// A cell may change mid-period: from change on, it faces azimuth2 (or
	// moved to site2).
	change   int64 // unix seconds; 0 = no change
	azimuth2 float64
}

func (c *cell) key() string {
	if c.radio == lte {
		return "234-" + itoa(c.mnc) + "-" + itoa(c.ci)
	}
	return "234-" + itoa(c.mnc) + "-" + itoa(c.lac) + "-" + itoa(c.ci)
}

// cgi is how the CDRs write the cell: hyphenated CGI with the LAC/TAC.
func (c *cell) cgi() string {
	return "234-" + itoa(c.mnc) + "-" + itoa(c.lac) + "-" + itoa(c.ci)
}

type site struct {
	id    string
	name  string
	pos   point
	mnc   int
	cells []*cell
	zone  int // 0 urban, 1 suburban, 2 rural
}

var operators = []int{10, 15, 20, 30}

// region holds the sites of every operator, with a grid index for finding
// the nearest site of an operator quickly.
type region struct {
	sites []*site
	cells []*cell
	index map[int]map[[2]int][]*site // mnc → grid square → sites
}

const gridSize = 5000.0

func zoneOf(p point) int {
	r := math.Hypot(p.x, p.y)
	switch {
	case r < 3000:
		return 0
	case r < 10000:
		return 1
	}
	return 2
}

func newRegion(rng *rand.Rand, start, end int64) *region {
	g := &region{index: map[int]map[[2]int][]*site{}}
	enb := map[int]int{}
	gsmCI := map[int]int{}
	for _, mnc := range operators {
		g.index[mnc] = map[[2]int][]*site{}
		enb[mnc] = 10000 + mnc*100
		gsmCI[mnc] = 10000
	}
	// Spacing by zone, per operator: dense in the centre.
	spacing := [3]float64{700, 2000, 6000}
	n := 0
	for zone := 0; zone < 3; zone++ {
		s := spacing[zone]
		for y := -20000.0; y <= 20000; y += s {
			for x := -20000.0; x <= 20000; x += s {
				for oi, mnc := range operators {
					p := point{x + (rng.Float64()-0.5)*s*0.6 + float64(oi)*s/5, y + (rng.Float64()-0.5)*s*0.6 + float64(oi)*s/7}
					if zoneOf(p) != zone || math.Abs(p.x) > 20000 || math.Abs(p.y) > 20000 {
						continue
					}
					n++
					st := &site{id: "S" + pad(n, 5), pos: p, mnc: mnc, zone: zone}
					st.name = siteName(rng, zone, n)
					kind := rng.IntN(100)
					switch {
					case kind < 5: // omni
						c := &cell{site: st, radio: gsm, mnc: mnc, lac: 100 + zone, ci: gsmCI[mnc], omni: true}
						gsmCI[mnc]++
						st.cells = append(st.cells, c)
					case kind < 20: // GSM three sectors
						for sec := 0; sec < 3; sec++ {
							c := &cell{site: st, radio: gsm, mnc: mnc, lac: 100 + zone, ci: gsmCI[mnc], azimuth: math.Mod(float64(sec)*120+rng.Float64()*30+360, 360), beamwidth: 65}
							gsmCI[mnc]++
							st.cells = append(st.cells, c)
						}
					default: // LTE three sectors
						e := enb[mnc]
						enb[mnc]++
						for sec := 0; sec < 3; sec++ {
							c := &cell{site: st, radio: lte, mnc: mnc, lac: 2000 + zone*10 + int(math.Abs(p.x)/7000), ci: e*256 + sec + 1,
								azimuth: math.Mod(float64(sec)*120+rng.Float64()*30+360, 360), beamwidth: 60 + float64(rng.IntN(11))}
							st.cells = append(st.cells, c)
						}
					}
					for _, c := range st.cells {
						if rng.IntN(2) == 0 {
							c.rangeM = [3]float64{800, 2500, 8000}[zone]
						}
						if !c.omni && rng.IntN(40) == 0 {
							c.change = start + (end-start)/2 + int64(rng.IntN(3600))*3600%((end-start)/4+1)
							c.azimuth2 = math.Mod(c.azimuth+20+rng.Float64()*20, 360)
						}
					}
					g.sites = append(g.sites, st)
					g.cells = append(g.cells, st.cells...)
					sq := [2]int{int(math.Floor(p.x / gridSize)), int(math.Floor(p.y / gridSize))}
					g.index[mnc][sq] = append(g.index[mnc][sq], st)
				}
			}
		}
	}
	return g
}

var placeWords = []string{"Mill", "Church", "Park", "Station", "Bridge", "Market", "Green", "Hill", "Wharf", "Lane", "Common", "Farm", "Grange", "Heath", "Cross"}

func siteName(rng *rand.Rand, zone, n int) string {
	w := placeWords[rng.IntN(len(placeWords))]
	switch zone {
	case 0:
		return w + " Street rooftop " + itoa(n)
	case 1:
		return w + " Road mast " + itoa(n)
	}
	return w + " " + placeWords[rng.IntN(len(placeWords))] + " tower " + itoa(n)
}

// nearest2 returns the operator's two sites nearest p, closest first (ties
// broken by id, so the answer is deterministic).
func (g *region) nearest2(mnc int, p point) [2]*site {
	sx, sy := int(math.Floor(p.x/gridSize)), int(math.Floor(p.y/gridSize))
	var best [2]*site
	var bd [2]float64
	for r := 1; r <= 5; r++ {
		best, bd = [2]*site{}, [2]float64{math.Inf(1), math.Inf(1)}
		for dx := -r; dx <= r; dx++ {
			for dy := -r; dy <= r; dy++ {
				for _, st := range g.index[mnc][[2]int{sx + dx, sy + dy}] {
					d := st.pos.dist(p)
					switch {
					case d < bd[0] || d == bd[0] && best[0] != nil && st.id < best[0].id:
						best[1], bd[1] = best[0], bd[0]
						best[0], bd[0] = st, d
					case d < bd[1] || d == bd[1] && best[1] != nil && st.id < best[1].id:
						best[1], bd[1] = st, d
					}
				}
			}
		}
		if best[1] != nil && bd[1] <= float64(r)*gridSize {
			return best
		}
	}
	return best
}

// serving returns the cell of the nearest site whose sector faces p; with
// second, the same for the second-nearest site (a handset is not always on
// the best server).
func (g *region) serving(mnc int, p point, at int64, second bool) *cell {
	sites := g.nearest2(mnc, p)
	st := sites[0]
	if second && sites[1] != nil {
		st = sites[1]
	}
	bearing := math.Mod(math.Atan2(p.x-st.pos.x, p.y-st.pos.y)*180/math.Pi+360, 360)
	best, bestDiff := st.cells[0], 999.0
	for _, c := range st.cells {
		if c.omni {
			return c
		}
		az := c.azimuth
		if c.change != 0 && at >= c.change {
			az = c.azimuth2
		}
		d := math.Abs(math.Mod(bearing-az+540, 360) - 180)
		if d < bestDiff {
			best, bestDiff = c, d
		}
	}
	return best
}
