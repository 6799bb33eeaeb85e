package draw

import "math"

// miterLimit is the longest a mitred join may reach, as a multiple of the
// stroke width (SVG's stroke-miterlimit, PDF's M operator); a sharper corner
// is bevelled. Every backend strokes with mitred joins and butt caps.
const miterLimit = 4

func (p Pt) add(q Pt) Pt               { return Pt{p.X + q.X, p.Y + q.Y} }
func (p Pt) sub(q Pt) Pt               { return Pt{p.X - q.X, p.Y - q.Y} }
func (p Pt) mul(k float64) Pt          { return Pt{p.X * k, p.Y * k} }
func (p Pt) len() float64              { return math.Hypot(p.X, p.Y) }
func (p Pt) finite() bool              { return !math.IsNaN(p.X+p.Y) && !math.IsInf(p.X+p.Y, 0) }
func (p Pt) cross(q Pt) float64        { return p.X*q.Y - p.Y*q.X }
func (p Pt) near(q Pt, e float64) bool { return math.Abs(p.X-q.X) <= e && math.Abs(p.Y-q.Y) <= e }

// dedupe drops points that repeat the point before them (and, for a closed
// path, a last point that repeats the first): they have no direction.
func dedupe(pts []Pt, closed bool) []Pt {
	const eps = 1e-9
	out := make([]Pt, 0, len(pts))
	for _, p := range pts {
		if len(out) > 0 && p.near(out[len(out)-1], eps) {
			continue
		}
		out = append(out, p)
	}
	if closed && len(out) > 1 && out[len(out)-1].near(out[0], eps) {
		out = out[:len(out)-1]
	}
	return out
}

// strokeOutline returns polygons whose union (non-zero winding) is the
// stroke of the polyline pts, half-width hw, with butt caps and mitred joins
// bevelled beyond miterLimit. Every polygon is wound the same way, so they can
// be filled in one pass without cancelling each other.
func strokeOutline(pts []Pt, closed bool, hw float64) [][]Pt {
	pts = dedupe(pts, closed)
	if len(pts) < 2 || !(hw > 0) {
		return nil
	}
	n := len(pts) - 1 // segments
	if closed && len(pts) > 2 {
		n = len(pts)
	}
	type seg struct{ a, b, d, nrm Pt }
	segs := make([]seg, n)
	polys := make([][]Pt, 0, 2*n)
	for i := range n {
		a, b := pts[i], pts[(i+1)%len(pts)]
		d := b.sub(a)
		d = d.mul(1 / d.len())
		nrm := Pt{-d.Y, d.X}
		segs[i] = seg{a, b, d, nrm}
		o := nrm.mul(hw)
		polys = appendWound(polys, []Pt{a.add(o), b.add(o), b.sub(o), a.sub(o)})
	}
	join := func(in, out seg) {
		turn := in.d.cross(out.d)
		if math.Abs(turn) < 1e-12 && in.d.X*out.d.X+in.d.Y*out.d.Y > 0 {
			return // straight on
		}
		side := 1.0 // the outside of the corner
		if turn > 0 {
			side = -1
		}
		v := out.a
		p0 := v.add(in.nrm.mul(side * hw))
		p1 := v.add(out.nrm.mul(side * hw))
		sum := in.nrm.add(out.nrm)
		if l := sum.len(); l > 1e-12 && 2/l <= miterLimit {
			tip := v.add(sum.mul(side * hw * 2 / (l * l)))
			polys = appendWound(polys, []Pt{v, p0, tip, p1})
			return
		}
		polys = appendWound(polys, []Pt{v, p0, p1})
	}
	for i := 1; i < n; i++ {
		join(segs[i-1], segs[i])
	}
	if closed && n == len(pts) {
		join(segs[n-1], segs[0])
	}
	return polys
}

// appendWound appends poly wound positively (by the shoelace sign), dropping
// it when it has no area.
func appendWound(polys [][]Pt, poly []Pt) [][]Pt {
	a := 0.0
	for i, p := range poly {
		a += p.cross(poly[(i+1)%len(poly)])
	}
	switch {
	case a > 0:
		return append(polys, poly)
	case a < 0:
		for i, j := 0, len(poly)-1; i < j; i, j = i+1, j-1 {
			poly[i], poly[j] = poly[j], poly[i]
		}
		return append(polys, poly)
	default:
		return polys
	}
}

// circlePoints is the circle of radius r about c as a polygon whose chords
// stray at most tol from it.
func circlePoints(c Pt, r, tol float64) []Pt {
	n := 8
	if r > tol {
		n = max(n, int(math.Ceil(math.Pi/math.Acos(1-tol/r))))
	}
	n = min(n, 4096)
	pts := make([]Pt, n)
	for i := range pts {
		a := 2 * math.Pi * float64(i) / float64(n)
		pts[i] = Pt{c.X + r*math.Cos(a), c.Y + r*math.Sin(a)}
	}
	return pts
}
