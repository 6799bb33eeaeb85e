package draw

import "math"

// maxDashes bounds how many dashes one path may be cut into; a pattern finer
// than that draws the line solid rather than stall.
const maxDashes = 100000

// dashPattern returns the on/off pattern a Style's Dash asks for, or nil for
// a solid line: an empty pattern, one with a negative or non-finite length,
// or one that sums to zero. An odd-length pattern is repeated to make it even
// (as SVG and PDF do).
func dashPattern(d []float64) []float64 {
	sum := 0.0
	for _, v := range d {
		if !(v >= 0) || math.IsInf(v, 0) {
			return nil
		}
		sum += v
	}
	if !(sum > 0) {
		return nil
	}
	if len(d)%2 == 1 {
		return append(append(make([]float64, 0, 2*len(d)), d...), d...)
	}
	return d
}

// dashes cuts the polyline pts (closed: back to its start) into the open
// polylines its "on" dashes cover, starting at the start of the pattern. The
// pattern must come from dashPattern, in the same units as pts. It returns
// nil, false when the path would need more than maxDashes dashes.
func dashes(pts []Pt, closed bool, pattern []float64) ([][]Pt, bool) {
	pts = dedupe(pts, closed)
	if closed && len(pts) > 2 {
		pts = append(pts, pts[0])
	}
	total, period := 0.0, 0.0
	for i := 1; i < len(pts); i++ {
		total += pts[i].sub(pts[i-1]).len()
	}
	for _, v := range pattern {
		period += v
	}
	if total/period*float64(len(pattern)) > 2*maxDashes {
		return nil, false
	}

	var out [][]Pt
	var cur []Pt
	k, left, on := 0, pattern[0], true
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		l := b.sub(a).len()
		for t := 0.0; t < l; {
			if on && cur == nil {
				cur = []Pt{lerp(a, b, t/l)}
			}
			if left >= l-t {
				left -= l - t
				t = l
			} else {
				t += left
				left = 0
			}
			if on {
				cur = append(cur, lerp(a, b, t/l))
			}
			if left <= 0 {
				if on && len(cur) > 1 {
					out = append(out, cur)
				}
				cur = nil
				k = (k + 1) % len(pattern)
				left, on = pattern[k], !on
			}
		}
	}
	if on && len(cur) > 1 {
		out = append(out, cur)
	}
	return out, true
}

func lerp(a, b Pt, u float64) Pt { return Pt{a.X + (b.X-a.X)*u, a.Y + (b.Y-a.Y)*u} }
