package draw

import (
	"image"
	"image/color"
	stddraw "image/draw"
	"math"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/vector"
)

// flatness is how far, in pixels, a flattened circle or glyph curve may stray
// from the true curve.
const flatness = 0.1

// Raster is the PNG backend: a Canvas that paints into an RGBA image at a
// chosen resolution, anti-aliased, starting from an opaque white page.
// Shapes are filled with non-zero winding; text is drawn from the outlines of
// the compiled-in Go fonts. Clip rectangles are snapped to whole pixels.
// Drawing with non-finite coordinates paints nothing. A Raster is not safe
// for concurrent use.
type Raster struct {
	w, h  float64 // page size, points
	scale float64 // pixels per point
	img   *image.RGBA
	clips []image.Rectangle // in pixels; the last is in force
	z     vector.Rasterizer
	tf    *typeface
}

var _ Canvas = (*Raster)(nil)

// NewRaster returns a white page wPt × hPt points drawn at dpi pixels per
// inch; its image is ⌈wPt·dpi/72⌉ × ⌈hPt·dpi/72⌉ pixels. A dpi that is not a
// positive number is taken as 72; a negative or non-finite size as zero.
func NewRaster(wPt, hPt, dpi float64) *Raster {
	if !(dpi > 0) || math.IsInf(dpi, 0) {
		dpi = 72
	}
	wPt, hPt = sizeOrZero(wPt), sizeOrZero(hPt)
	s := dpi / 72
	px := func(v float64) int { return int(math.Ceil(v*s - 1e-9)) }
	img := image.NewRGBA(image.Rect(0, 0, px(wPt), px(hPt)))
	stddraw.Draw(img, img.Bounds(), image.White, image.Point{}, stddraw.Src)
	return &Raster{w: wPt, h: hPt, scale: s, img: img, tf: newTypeface()}
}

func sizeOrZero(v float64) float64 {
	if !(v > 0) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// RGBA is the image painted so far (not a copy: later drawing changes it).
func (r *Raster) RGBA() *image.RGBA { return r.img }

// Size is the page's width and height in points.
func (r *Raster) Size() (w, h float64) { return r.w, r.h }

// Path paints a polyline, or a polygon when closed. A fill fills an open
// path as if it were closed; the outline is drawn over the fill.
func (r *Raster) Path(pts []Pt, closed bool, s Style) {
	px := make([]Pt, len(pts))
	for i, p := range pts {
		if !p.finite() {
			return
		}
		px[i] = p.mul(r.scale)
	}
	r.paint(px, closed, s)
}

// Circle paints a circle of radius rad points about c.
func (r *Raster) Circle(c Pt, rad float64, s Style) {
	if !c.finite() || !(rad > 0) || math.IsInf(rad, 0) {
		return
	}
	r.paint(circlePoints(c.mul(r.scale), rad*r.scale, flatness), true, s)
}

// paint fills and strokes the polygon or polyline px, in pixels.
func (r *Raster) paint(px []Pt, closed bool, s Style) {
	if s.Fill.A != 0 && len(px) > 2 {
		r.fill([][]Pt{px}, s.Fill)
	}
	if s.Stroke.A == 0 || !(s.Width > 0) || math.IsInf(s.Width, 0) {
		return
	}
	hw := s.Width * r.scale / 2
	if pat := dashPattern(s.Dash); pat != nil {
		scaled := make([]float64, len(pat))
		for i, v := range pat {
			scaled[i] = v * r.scale
		}
		if parts, ok := dashes(px, closed, scaled); ok {
			var polys [][]Pt
			for _, d := range parts {
				polys = append(polys, strokeOutline(d, false, hw)...)
			}
			r.fill(polys, s.Stroke)
			return
		}
	}
	r.fill(strokeOutline(px, closed, hw), s.Stroke)
}

// clip is the pixel rectangle painting is limited to.
func (r *Raster) clip() image.Rectangle {
	if len(r.clips) > 0 {
		return r.clips[len(r.clips)-1]
	}
	return r.img.Bounds()
}

// fill paints the union (non-zero winding) of polys, in pixels, in colour c,
// within the clip. Only the polygons' bounding box is rasterized.
func (r *Raster) fill(polys [][]Pt, c Colour) {
	if len(polys) == 0 || c.A == 0 {
		return
	}
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for _, poly := range polys {
		for _, p := range poly {
			x0, y0 = math.Min(x0, p.X), math.Min(y0, p.Y)
			x1, y1 = math.Max(x1, p.X), math.Max(y1, p.Y)
		}
	}
	cl := r.clip()
	// Clamp in floats before converting: a box far off the page must not
	// overflow an int.
	x0, y0 = math.Max(x0, float64(cl.Min.X)), math.Max(y0, float64(cl.Min.Y))
	x1, y1 = math.Min(x1, float64(cl.Max.X)), math.Min(y1, float64(cl.Max.Y))
	if !(x0 < x1 && y0 < y1) {
		return
	}
	box := image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1)))
	r.z.Reset(box.Dx(), box.Dy())
	bx0, by0 := float64(box.Min.X), float64(box.Min.Y)
	bx1, by1 := float64(box.Max.X), float64(box.Max.Y)
	for _, poly := range polys {
		poly = clipPolygon(poly, bx0, by0, bx1, by1)
		if len(poly) < 3 {
			continue
		}
		r.z.MoveTo(float32(poly[0].X-bx0), float32(poly[0].Y-by0))
		for _, p := range poly[1:] {
			r.z.LineTo(float32(p.X-bx0), float32(p.Y-by0))
		}
		r.z.ClosePath()
	}
	src := image.NewUniform(color.NRGBA{c.R, c.G, c.B, c.A})
	r.z.Draw(r.img, box, src, image.Point{})
}

// Text draws s with its baseline at at.Y, placed about at.X by a.
func (r *Raster) Text(at Pt, s string, f Font, c Colour, a Anchor) {
	if !at.finite() || !(f.Size > 0) || math.IsInf(f.Size, 0) || c.A == 0 {
		return
	}
	x := at.X - anchorOffset(r.tf.width(s, f), a)
	o := Pt{x, at.Y}.mul(r.scale)
	r.fill(r.tf.outlines(s, f.Bold, f.Size*r.scale, o, flatness), c)
}

// TextWidth is the advance width of s in points in font f; it is the width
// Text draws, at any resolution.
func (r *Raster) TextWidth(s string, f Font) float64 { return r.tf.width(s, f) }

// Image draws img scaled (Catmull-Rom) into rect, whose corners are rounded
// to whole pixels.
func (r *Raster) Image(img image.Image, rect Rect) {
	rect = rect.canon()
	if img == nil || img.Bounds().Empty() || !rect.finite() {
		return
	}
	dr := r.pixelRect(rect)
	dst, ok := r.img.SubImage(r.clip()).(*image.RGBA)
	if !ok || dr.Empty() || !dr.Overlaps(dst.Bounds()) {
		return
	}
	xdraw.CatmullRom.Scale(dst, dr, img, img.Bounds(), xdraw.Over, nil)
}

// PushClip limits painting to rect (rounded to whole pixels and intersected
// with any clip already pushed) until the matching PopClip.
func (r *Raster) PushClip(rect Rect) {
	rect = rect.canon()
	cl := image.Rectangle{}
	if rect.finite() {
		cl = r.pixelRect(rect).Intersect(r.clip())
	}
	r.clips = append(r.clips, cl)
}

// PopClip ends the most recent PushClip; with none in force it does nothing.
func (r *Raster) PopClip() {
	if len(r.clips) > 0 {
		r.clips = r.clips[:len(r.clips)-1]
	}
}

// pixelRect is rect in points rounded to whole pixels, kept within a range an
// int holds comfortably.
func (r *Raster) pixelRect(rect Rect) image.Rectangle {
	const lim = 1 << 30
	px := func(v float64) int { return int(math.Round(math.Max(-lim, math.Min(lim, v*r.scale)))) }
	return image.Rect(px(rect.X), px(rect.Y), px(rect.X+rect.W), px(rect.Y+rect.H))
}

// canon is r with a negative width or height turned into a positive one.
func (r Rect) canon() Rect {
	if r.W < 0 {
		r.X, r.W = r.X+r.W, -r.W
	}
	if r.H < 0 {
		r.Y, r.H = r.Y+r.H, -r.H
	}
	return r
}

func (r Rect) finite() bool { return Pt{r.X, r.Y}.finite() && Pt{r.W, r.H}.finite() }
