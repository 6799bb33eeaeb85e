package draw

// clipPolygon cuts poly to the rectangle [x0,x1]×[y0,y1] (Sutherland–Hodgman,
// one edge at a time). Inside the rectangle the result has the same winding
// numbers as poly, so filling it paints the same pixels there; it keeps the
// coordinates handed to the rasterizer small, whatever the input.
func clipPolygon(poly []Pt, x0, y0, x1, y1 float64) []Pt {
	type edge struct {
		in  func(Pt) bool
		cut func(a, b Pt) Pt
	}
	atX := func(x float64) func(a, b Pt) Pt {
		return func(a, b Pt) Pt { return Pt{x, a.Y + (b.Y-a.Y)*(x-a.X)/(b.X-a.X)} }
	}
	atY := func(y float64) func(a, b Pt) Pt {
		return func(a, b Pt) Pt { return Pt{a.X + (b.X-a.X)*(y-a.Y)/(b.Y-a.Y), y} }
	}
	edges := [4]edge{
		{func(p Pt) bool { return p.X >= x0 }, atX(x0)},
		{func(p Pt) bool { return p.X <= x1 }, atX(x1)},
		{func(p Pt) bool { return p.Y >= y0 }, atY(y0)},
		{func(p Pt) bool { return p.Y <= y1 }, atY(y1)},
	}
	out := poly
	for _, e := range edges {
		if len(out) == 0 {
			return nil
		}
		in := out
		out = make([]Pt, 0, len(in)+4)
		prev := in[len(in)-1]
		for _, p := range in {
			switch pin, qin := e.in(p), e.in(prev); {
			case pin && qin:
				out = append(out, p)
			case pin:
				out = append(out, e.cut(prev, p), p)
			case qin:
				out = append(out, e.cut(prev, p))
			}
			prev = p
		}
	}
	return out
}
