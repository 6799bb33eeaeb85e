package udf

import (
	"database/sql/driver"
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkt"

	"github.com/mastcdr/mast/udf/h3"
)

// siteCoreFraction and siteCoreMaxM size the small disk around a site that
// every sector's serving cells include: close to a mast, any of its sectors
// may serve a handset, whatever the direction.
const (
	siteCoreFraction = 0.15
	siteCoreMaxM     = 300.0
)

// optFloat reads a nullable numeric argument.
func optFloat(v driver.Value) *float64 {
	if f, ok := float(v); ok && !math.IsNaN(f) {
		return &f
	}
	return nil
}

// sectorArgs reads (lat, lng, azimuth, beamwidth, radius_m); ok is false when
// the site or the radius is missing or out of range.
func sectorArgs(args []driver.Value) (lat, lng float64, shape Shape, az, bw, r float64, ok bool) {
	la, ok1 := float(args[0])
	lo, ok2 := float(args[1])
	rr, ok3 := float(args[4])
	if !ok1 || !ok2 || !ok3 || la < -90 || la > 90 || lo < -180 || lo > 180 || !(rr > 0) || rr > 100_000 {
		return 0, 0, 0, 0, 0, 0, false
	}
	azp, bwp := optFloat(args[2]), optFloat(args[3])
	shape = shapeOf(azp, bwp)
	if azp != nil {
		az = *azp
	}
	bw = DefaultBeamwidth
	if bwp != nil && *bwp > 0 {
		bw = *bwp
	}
	return la, lo, shape, az, bw, rr, true
}

// SectorCells returns the H3 cells of resolution res whose centres lie in a
// cell's drawn area (wedge or disk) or in a small disk around the site (see
// siteCoreFraction), and always the cell of the site itself; sorted. It walks
// the rings of cells around the site and tests each centre's distance and
// bearing, which is several times faster than H3's polygon fill for shapes
// this simple.
func SectorCells(lat, lng float64, shape Shape, az, bw, radius float64, res int) ([]uint64, bool) {
	site, ok := h3.LatLngToCell(lat, lng, res)
	if !ok {
		return nil, false
	}
	edge := h3.EdgeM(res)
	// Neighbouring centres are sqrt(3) edges apart; one ring more covers the
	// site's offset from its cell's centre.
	k := int(math.Ceil(radius/(math.Sqrt(3)*edge))) + 1
	cells, centres, ok := h3.Centres(site, k)
	if !ok {
		return nil, false
	}
	core := min(radius*siteCoreFraction, siteCoreMaxM)
	out := make([]uint64, 0, len(cells)/2)
	for i, c := range cells {
		if c == site {
			out = append(out, c)
			continue
		}
		d, brg := distanceBearing(lat, lng, centres[i][0], centres[i][1])
		switch {
		case d > radius:
		case shape == ShapeDisk || d <= core:
			out = append(out, c)
		case angleBetween(brg, az) <= bw/2:
			out = append(out, c)
		}
	}
	return sortUnique(out), true
}

// distanceBearing returns the great-circle distance (metres) and the initial
// bearing (degrees from north) from the first point to the second.
func distanceBearing(lat1, lng1, lat2, lng2 float64) (float64, float64) {
	φ1, φ2 := lat1*math.Pi/180, lat2*math.Pi/180
	dφ, dλ := φ2-φ1, (lng2-lng1)*math.Pi/180
	a := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	d := 2 * earthRadiusM * math.Asin(math.Min(1, math.Sqrt(a)))
	y := math.Sin(dλ) * math.Cos(φ2)
	x := math.Cos(φ1)*math.Sin(φ2) - math.Sin(φ1)*math.Cos(φ2)*math.Cos(dλ)
	return d, math.Mod(math.Atan2(y, x)*180/math.Pi+360, 360)
}

// angleBetween is the absolute difference of two bearings, 0 to 180.
func angleBetween(a, b float64) float64 {
	d := math.Mod(math.Abs(a-b), 360)
	if d > 180 {
		d = 360 - d
	}
	return d
}

func sortUnique(cs []uint64) []uint64 {
	if len(cs) < 2 {
		return cs
	}
	slices.Sort(cs)
	out := cs[:1]
	for _, c := range cs[1:] {
		if c != out[len(out)-1] {
			out = append(out, c)
		}
	}
	return out
}

func geometryFunctions() []function {
	sectorIn := types(duckdb.TYPE_DOUBLE, duckdb.TYPE_DOUBLE, duckdb.TYPE_DOUBLE, duckdb.TYPE_DOUBLE, duckdb.TYPE_DOUBLE)
	geometry := typeOf(duckdb.TYPE_GEOMETRY)
	point := func(args []driver.Value) (any, error) {
		x, ok1 := float(args[0])
		y, ok2 := float(args[1])
		if !ok1 || !ok2 {
			return nil, nil
		}
		b := make([]byte, 0, 21)
		b = append(b, 1)
		b = binary.LittleEndian.AppendUint32(b, 1)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(y))
		return b, nil
	}
	return []function{
		{name: "sector_wedge", overloads: []*scalar{{in: sectorIn, out: geometry, nullable: true, fn: func(args []driver.Value) (any, error) {
			lat, lng, shape, az, bw, r, ok := sectorArgs(args)
			if !ok {
				return nil, nil
			}
			return polygonWKB(wedgeRing(lat, lng, shape, az, bw, r)), nil
		}}}},
		{name: "sector_shape", overloads: []*scalar{{in: types(duckdb.TYPE_DOUBLE, duckdb.TYPE_DOUBLE), out: typeOf(duckdb.TYPE_VARCHAR), nullable: true,
			fn: func(args []driver.Value) (any, error) {
				return shapeOf(optFloat(args[0]), optFloat(args[1])).String(), nil
			}}}},
		{name: "sector_cells", overloads: []*scalar{{in: append(sectorIn, typeOf(duckdb.TYPE_INTEGER)), out: listOf(duckdb.TYPE_UBIGINT), nullable: true,
			fn: func(args []driver.Value) (any, error) {
				lat, lng, shape, az, bw, r, ok := sectorArgs(args)
				res, ok2 := integer(args[5])
				if !ok || !ok2 {
					return nil, nil
				}
				cs, ok := SectorCells(lat, lng, shape, az, bw, r, int(res))
				if !ok {
					return nil, nil
				}
				return cs, nil
			}}}},
		{name: "h3_polygon_wkt_to_cells", overloads: []*scalar{{in: types(duckdb.TYPE_VARCHAR, duckdb.TYPE_INTEGER), out: listOf(duckdb.TYPE_UBIGINT),
			fn: func(args []driver.Value) (any, error) {
				s, _ := args[0].(string)
				res, _ := integer(args[1])
				return polygonWKTCells(s, int(res))
			}}}},
		{name: "st_point", overloads: []*scalar{{in: types(duckdb.TYPE_DOUBLE, duckdb.TYPE_DOUBLE), out: geometry, fn: point}}},
		{name: "st_makepoint", overloads: []*scalar{{in: types(duckdb.TYPE_DOUBLE, duckdb.TYPE_DOUBLE), out: geometry, fn: point}}},
		{name: "path_line", overloads: []*scalar{{in: []duckdb.TypeInfo{listOf(duckdb.TYPE_DOUBLE), listOf(duckdb.TYPE_DOUBLE)}, out: geometry,
			fn: func(args []driver.Value) (any, error) {
				lats, _ := args[0].([]any)
				lngs, _ := args[1].([]any)
				if len(lats) != len(lngs) {
					return nil, fmt.Errorf("path_line: %d latitudes but %d longitudes", len(lats), len(lngs))
				}
				pts := make([][2]float64, 0, len(lats))
				for i := range lats {
					la, ok1 := float(lats[i])
					lo, ok2 := float(lngs[i])
					if ok1 && ok2 {
						pts = append(pts, [2]float64{la, lo})
					}
				}
				if len(pts) == 1 {
					pts = append(pts, pts[0])
				}
				if len(pts) == 0 {
					return nil, nil
				}
				return lineWKB(pts), nil
			}}}},
	}
}

// polygonWKTCells reads a WKT POLYGON or MULTIPOLYGON (longitude first) and
// returns the H3 cells overlapping it; NULL for anything else.
func polygonWKTCells(s string, res int) (any, error) {
	g, err := wkt.Unmarshal(s)
	if err != nil {
		return nil, nil
	}
	var polys []*geom.Polygon
	switch p := g.(type) {
	case *geom.Polygon:
		polys = append(polys, p)
	case *geom.MultiPolygon:
		for i := 0; i < p.NumPolygons(); i++ {
			polys = append(polys, p.Polygon(i))
		}
	default:
		return nil, nil
	}
	var out []uint64
	for _, p := range polys {
		if p.NumLinearRings() == 0 {
			continue
		}
		ring := latLngRing(p.LinearRing(0))
		var holes [][][2]float64
		for i := 1; i < p.NumLinearRings(); i++ {
			holes = append(holes, latLngRing(p.LinearRing(i)))
		}
		cs, ok := h3.PolygonCells(ring, holes, res)
		if !ok {
			return nil, nil
		}
		out = append(out, cs...)
	}
	return sortUnique(out), nil
}

func latLngRing(r *geom.LinearRing) [][2]float64 {
	out := make([][2]float64, r.NumCoords())
	for i := range out {
		c := r.Coord(i)
		out[i] = [2]float64{c.Y(), c.X()}
	}
	return out
}
