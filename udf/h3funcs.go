package udf

import (
	"database/sql/driver"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/mastcdr/mast/udf/h3"
)

// cellForm is how a query holds an H3 cell: UBIGINT (the H3 extension's
// usual form and cell_areas.h3), BIGINT, or hexadecimal VARCHAR. A function
// that returns cells returns them in the form it was given.
type cellForm struct {
	t    duckdb.Type
	read func(driver.Value) (uint64, bool)
	back func(uint64) any
}

var cellForms = []cellForm{
	{duckdb.TYPE_UBIGINT, func(v driver.Value) (uint64, bool) { x, ok := v.(uint64); return x, ok }, func(c uint64) any { return c }},
	{duckdb.TYPE_BIGINT, func(v driver.Value) (uint64, bool) { x, ok := v.(int64); return uint64(x), ok }, func(c uint64) any { return int64(c) }},
	{duckdb.TYPE_VARCHAR, func(v driver.Value) (uint64, bool) {
		s, ok := v.(string)
		if !ok {
			return 0, false
		}
		return h3.FromString(strings.TrimSpace(s))
	}, func(c uint64) any { s, _ := h3.ToString(c); return s }},
}

func (f cellForm) list(cs []uint64) any {
	switch f.t {
	case duckdb.TYPE_UBIGINT:
		return cs
	case duckdb.TYPE_BIGINT:
		out := make([]int64, len(cs))
		for i, c := range cs {
			out[i] = int64(c)
		}
		return out
	}
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i], _ = h3.ToString(c)
	}
	return out
}

// perForm makes one overload per cell form.
func perForm(name string, mk func(f cellForm) *scalar) function {
	fn := function{name: name}
	for _, f := range cellForms {
		fn.overloads = append(fn.overloads, mk(f))
	}
	return fn
}

// h3Functions are named, ordered (latitude first) and typed as DuckDB's
// community H3 extension has them, and like it return NULL for invalid input.
func h3Functions() []function {
	latlng := func(args []driver.Value) (lat, lng float64, res int, ok bool) {
		lat, ok1 := float(args[0])
		lng, ok2 := float(args[1])
		r, ok3 := integer(args[2])
		return lat, lng, int(r), ok1 && ok2 && ok3
	}
	fns := []function{
		{name: "h3_latlng_to_cell", overloads: []*scalar{{in: types(duckdb.TYPE_DOUBLE, duckdb.TYPE_DOUBLE, duckdb.TYPE_INTEGER), out: typeOf(duckdb.TYPE_UBIGINT),
			fn: func(args []driver.Value) (any, error) {
				lat, lng, res, ok := latlng(args)
				if !ok {
					return nil, nil
				}
				if c, ok := h3.LatLngToCell(lat, lng, res); ok {
					return c, nil
				}
				return nil, nil
			}}}},
		{name: "h3_latlng_to_cell_string", overloads: []*scalar{{in: types(duckdb.TYPE_DOUBLE, duckdb.TYPE_DOUBLE, duckdb.TYPE_INTEGER), out: typeOf(duckdb.TYPE_VARCHAR),
			fn: func(args []driver.Value) (any, error) {
				lat, lng, res, ok := latlng(args)
				if !ok {
					return nil, nil
				}
				if c, ok := h3.LatLngToCell(lat, lng, res); ok {
					s, _ := h3.ToString(c)
					return s, nil
				}
				return nil, nil
			}}}},
		perForm("h3_cell_to_lat", func(f cellForm) *scalar {
			return &scalar{in: types(f.t), out: typeOf(duckdb.TYPE_DOUBLE), fn: func(args []driver.Value) (any, error) {
				if c, ok := f.read(args[0]); ok {
					if lat, _, ok := h3.CellToLatLng(c); ok {
						return lat, nil
					}
				}
				return nil, nil
			}}
		}),
		perForm("h3_cell_to_lng", func(f cellForm) *scalar {
			return &scalar{in: types(f.t), out: typeOf(duckdb.TYPE_DOUBLE), fn: func(args []driver.Value) (any, error) {
				if c, ok := f.read(args[0]); ok {
					if _, lng, ok := h3.CellToLatLng(c); ok {
						return lng, nil
					}
				}
				return nil, nil
			}}
		}),
		perForm("h3_cell_to_latlng", func(f cellForm) *scalar {
			return &scalar{in: types(f.t), out: listOf(duckdb.TYPE_DOUBLE), fn: func(args []driver.Value) (any, error) {
				if c, ok := f.read(args[0]); ok {
					if lat, lng, ok := h3.CellToLatLng(c); ok {
						return []float64{lat, lng}, nil
					}
				}
				return nil, nil
			}}
		}),
		perForm("h3_get_resolution", func(f cellForm) *scalar {
			return &scalar{in: types(f.t), out: typeOf(duckdb.TYPE_INTEGER), fn: func(args []driver.Value) (any, error) {
				if c, ok := f.read(args[0]); ok {
					if r, ok := h3.Resolution(c); ok {
						return int32(r), nil
					}
				}
				return nil, nil
			}}
		}),
		perForm("h3_is_valid_cell", func(f cellForm) *scalar {
			return &scalar{in: types(f.t), out: typeOf(duckdb.TYPE_BOOLEAN), fn: func(args []driver.Value) (any, error) {
				c, ok := f.read(args[0])
				return ok && h3.IsValid(c), nil
			}}
		}),
		perForm("h3_cell_to_parent", func(f cellForm) *scalar {
			return &scalar{in: []duckdb.TypeInfo{typeOf(f.t), typeOf(duckdb.TYPE_INTEGER)}, out: typeOf(f.t), fn: func(args []driver.Value) (any, error) {
				c, ok := f.read(args[0])
				r, ok2 := integer(args[1])
				if ok && ok2 {
					if p, ok := h3.Parent(c, int(r)); ok {
						return f.back(p), nil
					}
				}
				return nil, nil
			}}
		}),
		perForm("h3_cell_to_children", func(f cellForm) *scalar {
			return &scalar{in: []duckdb.TypeInfo{typeOf(f.t), typeOf(duckdb.TYPE_INTEGER)}, out: listOf(f.t), fn: func(args []driver.Value) (any, error) {
				c, ok := f.read(args[0])
				r, ok2 := integer(args[1])
				if ok && ok2 {
					if cs, ok := h3.Children(c, int(r)); ok {
						return f.list(cs), nil
					}
				}
				return nil, nil
			}}
		}),
		perForm("h3_grid_disk", func(f cellForm) *scalar {
			return &scalar{in: []duckdb.TypeInfo{typeOf(f.t), typeOf(duckdb.TYPE_INTEGER)}, out: listOf(f.t), fn: func(args []driver.Value) (any, error) {
				c, ok := f.read(args[0])
				k, ok2 := integer(args[1])
				if ok && ok2 {
					if cs, ok := h3.GridDisk(c, int(k)); ok {
						return f.list(cs), nil
					}
				}
				return nil, nil
			}}
		}),
		perForm("h3_grid_distance", func(f cellForm) *scalar {
			return &scalar{in: types(f.t, f.t), out: typeOf(duckdb.TYPE_BIGINT), fn: func(args []driver.Value) (any, error) {
				a, ok := f.read(args[0])
				b, ok2 := f.read(args[1])
				if ok && ok2 {
					if d, ok := h3.GridDistance(a, b); ok {
						return d, nil
					}
				}
				return nil, nil
			}}
		}),
		perForm("h3_cell_to_boundary_wkt", func(f cellForm) *scalar {
			return &scalar{in: types(f.t), out: typeOf(duckdb.TYPE_VARCHAR), fn: func(args []driver.Value) (any, error) {
				if c, ok := f.read(args[0]); ok {
					if b, ok := h3.Boundary(c); ok {
						return polygonWKT(b), nil
					}
				}
				return nil, nil
			}}
		}),
	}
	toString := function{name: "h3_h3_to_string"}
	for _, f := range cellForms[:2] {
		toString.overloads = append(toString.overloads, &scalar{in: types(f.t), out: typeOf(duckdb.TYPE_VARCHAR), fn: func(args []driver.Value) (any, error) {
			if c, ok := f.read(args[0]); ok {
				if s, ok := h3.ToString(c); ok {
					return s, nil
				}
			}
			return nil, nil
		}})
	}
	fns = append(fns, toString, function{name: "h3_string_to_h3", overloads: []*scalar{{in: types(duckdb.TYPE_VARCHAR), out: typeOf(duckdb.TYPE_UBIGINT),
		fn: func(args []driver.Value) (any, error) {
			if c, ok := cellForms[2].read(args[0]); ok {
				return c, nil
			}
			return nil, nil
		}}}})
	return fns
}

// polygonWKT writes a ring of (lat, lng) vertices as a closed WKT polygon,
// longitude first as WKT has it.
func polygonWKT(ring [][2]float64) string {
	var b strings.Builder
	b.WriteString("POLYGON ((")
	for i := 0; i <= len(ring); i++ {
		p := ring[i%len(ring)]
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.FormatFloat(p[1], 'f', -1, 64))
		b.WriteByte(' ')
		b.WriteString(strconv.FormatFloat(p[0], 'f', -1, 64))
	}
	b.WriteString("))")
	return b.String()
}
