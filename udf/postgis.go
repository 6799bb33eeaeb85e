package udf

import (
	"database/sql/driver"
	"fmt"
	"math"
	"strconv"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkb"
)

// PostGIS helpers for sql/pgcompat, which rewrites PostGIS calls into them.
// They are named pg_st_* so as not to clash with DuckDB's own st_ functions:
//   - pg_st_xmin/xmax/ymin/ymax(g): the bounds of a geometry (NULL when
//     empty); st_extent(g) becomes pg_st_box(min(pg_st_xmin(g)), ...), since
//     DuckDB has no aggregate functions written in Go.
//   - pg_st_box(xmin, ymin, xmax, ymax): PostGIS's box2d text,
//     'BOX(xmin ymin,xmax ymax)'.
//   - pg_st_makeenvelope(xmin, ymin, xmax, ymax): the rectangle as a polygon.
//   - pg_geometrytype(g): PostGIS's geometrytype(g) ('POINT', 'LINESTRING',
//     'POLYGON', 'MULTIPOINT', ...).
//   - pg_st_collect(list): the geometries of a list as one multi-geometry
//     (MULTIPOINT, MULTILINESTRING, MULTIPOLYGON or GEOMETRYCOLLECTION);
//     st_collect(g) becomes pg_st_collect(list(g)).
func postgisFunctions() []function {
	geometry := typeOf(duckdb.TYPE_GEOMETRY)
	double := typeOf(duckdb.TYPE_DOUBLE)
	bound := func(pick func(b *geom.Bounds) float64) []*scalar {
		return []*scalar{{in: []duckdb.TypeInfo{geometry}, out: double, fn: func(args []driver.Value) (any, error) {
			g, ok := decodeWKB(args[0])
			if !ok || g.Empty() {
				return nil, nil
			}
			v := pick(g.Bounds())
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil // POINT EMPTY is POINT(NaN NaN) in WKB
			}
			return v, nil
		}}}
	}
	geomList, err := duckdb.NewListInfo(geometry)
	if err != nil {
		panic(fmt.Sprintf("udf: list of geometry: %v", err))
	}
	return []function{
		{name: "pg_st_xmin", overloads: bound(func(b *geom.Bounds) float64 { return b.Min(0) })},
		{name: "pg_st_ymin", overloads: bound(func(b *geom.Bounds) float64 { return b.Min(1) })},
		{name: "pg_st_xmax", overloads: bound(func(b *geom.Bounds) float64 { return b.Max(0) })},
		{name: "pg_st_ymax", overloads: bound(func(b *geom.Bounds) float64 { return b.Max(1) })},
		{name: "pg_st_box", overloads: []*scalar{{in: types(duckdb.TYPE_DOUBLE, duckdb.TYPE_DOUBLE, duckdb.TYPE_DOUBLE, duckdb.TYPE_DOUBLE),
			out: typeOf(duckdb.TYPE_VARCHAR), fn: func(args []driver.Value) (any, error) {
				v, ok := floats(args)
				if !ok {
					return nil, nil
				}
				return BoxText(v[0], v[1], v[2], v[3]), nil
			}}}},
		{name: "pg_st_makeenvelope", overloads: []*scalar{{in: types(duckdb.TYPE_DOUBLE, duckdb.TYPE_DOUBLE, duckdb.TYPE_DOUBLE, duckdb.TYPE_DOUBLE),
			out: geometry, fn: func(args []driver.Value) (any, error) {
				v, ok := floats(args)
				if !ok {
					return nil, nil
				}
				p := geom.NewPolygonFlat(geom.XY, []float64{v[0], v[1], v[0], v[3], v[2], v[3], v[2], v[1], v[0], v[1]}, []int{10})
				return wkb.Marshal(p, wkb.NDR)
			}}}},
		{name: "pg_geometrytype", overloads: []*scalar{{in: []duckdb.TypeInfo{geometry}, out: typeOf(duckdb.TYPE_VARCHAR), fn: func(args []driver.Value) (any, error) {
			g, ok := decodeWKB(args[0])
			if !ok {
				return nil, nil
			}
			return geometryTypeName(g), nil
		}}}},
		{name: "pg_st_collect", overloads: []*scalar{{in: []duckdb.TypeInfo{geomList}, out: geometry, fn: func(args []driver.Value) (any, error) {
			items, _ := args[0].([]any)
			return collect(items)
		}}}},
	}
}

// BoxText is PostGIS's text form of a box2d: 'BOX(xmin ymin,xmax ymax)',
// each number in its shortest exact decimal form.
func BoxText(xmin, ymin, xmax, ymax float64) string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	return "BOX(" + f(xmin) + " " + f(ymin) + "," + f(xmax) + " " + f(ymax) + ")"
}

func floats(args []driver.Value) ([]float64, bool) {
	out := make([]float64, len(args))
	for i, a := range args {
		f, ok := float(a)
		if !ok {
			return nil, false
		}
		out[i] = f
	}
	return out, true
}

func decodeWKB(v driver.Value) (geom.T, bool) {
	b, ok := v.([]byte)
	if !ok {
		if s, isStr := v.(string); isStr {
			b, ok = []byte(s), true
		}
	}
	if !ok {
		return nil, false
	}
	g, err := wkb.Unmarshal(b)
	if err != nil {
		return nil, false
	}
	return g, true
}

// collect makes one multi-geometry of a list of WKB geometries (NULLs
// skipped); NULL when there is none.
func collect(items []any) (any, error) {
	var gs []geom.T
	for _, it := range items {
		if it == nil {
			continue
		}
		g, ok := decodeWKB(it)
		if !ok {
			return nil, fmt.Errorf("st_collect: a geometry is not valid WKB")
		}
		gs = append(gs, g)
	}
	if len(gs) == 0 {
		return nil, nil
	}
	var out geom.T
	allOf := func(f func(geom.T) bool) bool {
		for _, g := range gs {
			if !f(g) {
				return false
			}
		}
		return true
	}
	switch {
	case allOf(func(g geom.T) bool { _, ok := g.(*geom.Point); return ok }):
		mp := geom.NewMultiPoint(geom.XY)
		for _, g := range gs {
			if err := mp.Push(g.(*geom.Point)); err != nil {
				return nil, err
			}
		}
		out = mp
	case allOf(func(g geom.T) bool { _, ok := g.(*geom.LineString); return ok }):
		ml := geom.NewMultiLineString(geom.XY)
		for _, g := range gs {
			if err := ml.Push(g.(*geom.LineString)); err != nil {
				return nil, err
			}
		}
		out = ml
	case allOf(func(g geom.T) bool { _, ok := g.(*geom.Polygon); return ok }):
		mp := geom.NewMultiPolygon(geom.XY)
		for _, g := range gs {
			if err := mp.Push(g.(*geom.Polygon)); err != nil {
				return nil, err
			}
		}
		out = mp
	default:
		gc := geom.NewGeometryCollection()
		if err := gc.Push(gs...); err != nil {
			return nil, err
		}
		out = gc
	}
	return wkb.Marshal(out, wkb.NDR)
}

// geometryTypeName is PostGIS's upper-case name of g's type.
func geometryTypeName(g geom.T) string {
	switch g.(type) {
	case *geom.Point:
		return "POINT"
	case *geom.LineString:
		return "LINESTRING"
	case *geom.Polygon:
		return "POLYGON"
	case *geom.MultiPoint:
		return "MULTIPOINT"
	case *geom.MultiLineString:
		return "MULTILINESTRING"
	case *geom.MultiPolygon:
		return "MULTIPOLYGON"
	}
	return "GEOMETRYCOLLECTION"
}
