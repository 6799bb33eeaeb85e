package pdf

// PageSize is a page's width and height in points (1/72 inch).
type PageSize struct{ W, H float64 }

// mm is one millimetre in points.
const mm = 72 / 25.4

// A4 is an ISO A4 page upright: 210 × 297 mm (595.28 × 841.89 pt).
func A4() PageSize { return PageSize{W: 210 * mm, H: 297 * mm} }

// A4Landscape is an ISO A4 page on its side: 297 × 210 mm.
func A4Landscape() PageSize { return A4().Landscape() }

// Landscape is s with its longer side across.
func (s PageSize) Landscape() PageSize {
	if s.H > s.W {
		return PageSize{W: s.H, H: s.W}
	}
	return s
}

// Portrait is s with its longer side upright.
func (s PageSize) Portrait() PageSize {
	if s.W > s.H {
		return PageSize{W: s.H, H: s.W}
	}
	return s
}

func (s PageSize) valid() bool {
	// ISO 32000-1 Annex C: a page is at most 14 400 units on a side.
	return s.W > 0 && s.H > 0 && s.W <= 14400 && s.H <= 14400
}
