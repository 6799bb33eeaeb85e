// Package h3 is mast's one door to Uber's H3 library (github.com/uber/h3-go,
// which calls the C library through cgo). Nothing else in mast imports h3-go.
//
// Cells are uint64, as DuckDB's UBIGINT and the community H3 extension hold
// them. Every function answers ok=false (never an error or a panic) for an
// invalid cell, resolution or coordinate, so the SQL functions built on it can
// return NULL as the H3 extension does.
//
// A call costs about a microsecond through cgo: compute H3 per cell site
// (thousands), never per event (hundreds of millions).
package h3

import (
	"math"

	h3 "github.com/uber/h3-go/v4"
)

// MaxResolution is the finest H3 resolution.
const MaxResolution = h3.MaxResolution

func cell(c uint64) (h3.Cell, bool) {
	x := h3.Cell(int64(c))
	return x, x.IsValid()
}

func resOK(res int) bool { return res >= 0 && res <= h3.MaxResolution }

// IsValid reports whether c is a valid H3 cell index.
func IsValid(c uint64) bool { _, ok := cell(c); return ok }

// LatLngToCell returns the cell of resolution res holding the point.
func LatLngToCell(lat, lng float64, res int) (uint64, bool) {
	if !resOK(res) || math.IsNaN(lat) || math.IsNaN(lng) || math.IsInf(lat, 0) || math.IsInf(lng, 0) || lat < -90 || lat > 90 {
		return 0, false
	}
	c, err := h3.LatLngToCell(h3.NewLatLng(lat, lng), res)
	if err != nil {
		return 0, false
	}
	return uint64(c), true
}

// CellToLatLng returns the centre of c.
func CellToLatLng(c uint64) (lat, lng float64, ok bool) {
	x, ok := cell(c)
	if !ok {
		return 0, 0, false
	}
	ll, err := h3.CellToLatLng(x)
	if err != nil {
		return 0, 0, false
	}
	return ll.Lat, ll.Lng, true
}

// Resolution returns the resolution of c.
func Resolution(c uint64) (int, bool) {
	x, ok := cell(c)
	if !ok {
		return 0, false
	}
	return x.Resolution(), true
}

// Parent returns the ancestor of c at resolution res (res <= c's).
func Parent(c uint64, res int) (uint64, bool) {
	x, ok := cell(c)
	if !ok || !resOK(res) || res > x.Resolution() {
		return 0, false
	}
	p, err := x.Parent(res)
	if err != nil {
		return 0, false
	}
	return uint64(p), true
}

// maxChildren bounds Children: a cell has 7^(res difference) children, and a
// query asking for billions would exhaust memory.
const maxChildren = 1 << 20

// Children returns the descendants of c at resolution res (res >= c's).
func Children(c uint64, res int) ([]uint64, bool) {
	x, ok := cell(c)
	if !ok || !resOK(res) || res < x.Resolution() || math.Pow(7, float64(res-x.Resolution())) > maxChildren {
		return nil, false
	}
	cs, err := x.Children(res)
	if err != nil {
		return nil, false
	}
	return toU(cs), true
}

// maxDisk bounds GridDisk's k for the same reason.
const maxDisk = 500

// GridDisk returns c and every cell within k steps of it.
func GridDisk(c uint64, k int) ([]uint64, bool) {
	x, ok := cell(c)
	if !ok || k < 0 || k > maxDisk {
		return nil, false
	}
	cs, err := h3.GridDisk(x, k)
	if err != nil {
		return nil, false
	}
	return toU(cs), true
}

// GridDistance returns the number of steps between a and b; ok is false when
// H3 cannot tell (different resolutions, too far apart, across a pentagon).
func GridDistance(a, b uint64) (int64, bool) {
	x, ok1 := cell(a)
	y, ok2 := cell(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	d, err := h3.GridDistance(x, y)
	if err != nil {
		return 0, false
	}
	return int64(d), true
}

// Boundary returns the vertices of c as (lat, lng) pairs, not closed.
func Boundary(c uint64) ([][2]float64, bool) {
	x, ok := cell(c)
	if !ok {
		return nil, false
	}
	b, err := h3.CellToBoundary(x)
	if err != nil {
		return nil, false
	}
	out := make([][2]float64, len(b))
	for i, ll := range b {
		out[i] = [2]float64{ll.Lat, ll.Lng}
	}
	return out, true
}

// ToString returns the hexadecimal form of c ("89195da49b7ffff").
func ToString(c uint64) (string, bool) {
	x, ok := cell(c)
	if !ok {
		return "", false
	}
	return x.String(), true
}

// FromString reads the hexadecimal form of a cell.
func FromString(s string) (uint64, bool) {
	if s == "" || len(s) > 16 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		b := s[i] | 0x20
		if !(b >= '0' && b <= '9' || b >= 'a' && b <= 'f') {
			return 0, false
		}
	}
	c := h3.CellFromString(s)
	if !c.IsValid() {
		return 0, false
	}
	return uint64(c), true
}

// maxPolygonCells bounds PolygonCells.
const maxPolygonCells = 1 << 20

// PolygonCells returns the cells of resolution res that overlap the polygon
// given by its outer ring of (lat, lng) points (closed or not), holes
// optional. Overlap, not centre containment: a small sector still gets the
// cells it touches.
func PolygonCells(ring [][2]float64, holes [][][2]float64, res int) ([]uint64, bool) {
	if !resOK(res) || len(ring) < 3 {
		return nil, false
	}
	p := h3.GeoPolygon{GeoLoop: loop(ring)}
	for _, h := range holes {
		p.Holes = append(p.Holes, loop(h))
	}
	cs, err := h3.PolygonToCellsExperimental(p, res, h3.ContainmentCenter, maxPolygonCells)
	if err != nil {
		return nil, false
	}
	return toU(cs), true
}

func loop(ring [][2]float64) h3.GeoLoop {
	if n := len(ring); n > 1 && ring[0] == ring[n-1] {
		ring = ring[:n-1]
	}
	l := make(h3.GeoLoop, len(ring))
	for i, p := range ring {
		l[i] = h3.NewLatLng(p[0], p[1])
	}
	return l
}

// DistanceM returns the great-circle distance in metres.
func DistanceM(lat1, lng1, lat2, lng2 float64) float64 {
	return h3.GreatCircleDistanceM(h3.NewLatLng(lat1, lng1), h3.NewLatLng(lat2, lng2))
}

func toU(cs []h3.Cell) []uint64 {
	out := make([]uint64, 0, len(cs))
	for _, c := range cs {
		if c != 0 {
			out = append(out, uint64(c))
		}
	}
	return out
}

// EdgeM is the average edge length of a cell of resolution res, metres.
func EdgeM(res int) float64 {
	m, err := h3.HexagonEdgeLengthAvgM(res)
	if err != nil {
		return 0
	}
	return m
}

// Centres returns the cells within k steps of c with their centres as
// (lat, lng).
func Centres(c uint64, k int) ([]uint64, [][2]float64, bool) {
	cs, ok := GridDisk(c, k)
	if !ok {
		return nil, nil, false
	}
	out := make([][2]float64, len(cs))
	for i, x := range cs {
		ll, err := h3.CellToLatLng(h3.Cell(int64(x)))
		if err != nil {
			return nil, nil, false
		}
		out[i] = [2]float64{ll.Lat, ll.Lng}
	}
	return cs, out, true
}
