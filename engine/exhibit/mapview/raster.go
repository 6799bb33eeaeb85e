package mapview

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"math"
)

// maxRasterSide bounds the resampled basemap's width and height in pixels:
// enough for a frame printed at 300 dpi.
const maxRasterSide = 3000

// decodeImage reads a PNG or JPEG, told apart by their first bytes, refusing
// one larger than maxPixels before decoding its pixels.
func decodeImage(r io.Reader) (image.Image, error) {
	br := bufio.NewReader(r)
	magic, _ := br.Peek(8)
	var decode func(io.Reader) (image.Image, error)
	var config func(io.Reader) (image.Config, error)
	switch {
	case bytes.HasPrefix(magic, []byte("\x89PNG\r\n\x1a\n")):
		decode, config = png.Decode, png.DecodeConfig
	case bytes.HasPrefix(magic, []byte{0xff, 0xd8}):
		decode, config = jpeg.Decode, jpeg.DecodeConfig
	default:
		return nil, fmt.Errorf("%w: not a PNG or JPEG image", ErrBasemapFormat)
	}
	var head bytes.Buffer
	cfg, err := config(io.TeeReader(br, &head))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBasemapFormat, err)
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > maxPixels || px == 0 {
		return nil, fmt.Errorf("%w: %d×%d pixels; at most %d megapixels are read", ErrBasemapFormat, cfg.Width, cfg.Height, maxPixels>>20)
	}
	img, err := decode(io.MultiReader(&head, br))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBasemapFormat, err)
	}
	return img, nil
}

// fitRaster returns the part of img (whose outer edges lie at b) inside
// view, resampled (nearest pixel) so that its rows are equal steps of Web
// Mercator y rather than of latitude, ready to be drawn as one rectangle;
// and where that part lies. It reports false when img is not in view.
func fitRaster(img image.Image, b, view Bounds, maxSide int) (image.Image, Bounds, bool) {
	in, ok := b.intersect(view)
	if !ok {
		return nil, Bounds{}, false
	}
	src := img.Bounds()
	sw, sh := float64(src.Dx()), float64(src.Dy())
	colOf := func(lon float64) float64 { return (lon - b.West) / (b.East - b.West) * sw }
	rowOf := func(lat float64) float64 { return (b.North - lat) / (b.North - b.South) * sh }
	w := min(maxSide, max(1, int(math.Ceil(colOf(in.East)-colOf(in.West)))))
	h := min(maxSide, max(1, int(math.Ceil(rowOf(in.South)-rowOf(in.North)))))

	out := image.NewRGBA(image.Rect(0, 0, w, h))
	cols := make([]int, w)
	for x := range cols {
		lon := in.West + (float64(x)+0.5)/float64(w)*(in.East-in.West)
		cols[x] = src.Min.X + clampInt(int(colOf(lon)), 0, src.Dx()-1)
	}
	yn, ys := mercY(in.North), mercY(in.South)
	for y := range h {
		lat := latOf(yn - (float64(y)+0.5)/float64(h)*(yn-ys))
		row := src.Min.Y + clampInt(int(rowOf(lat)), 0, src.Dy()-1)
		for x, col := range cols {
			out.Set(x, y, img.At(col, row))
		}
	}
	return out, in, true
}

func clampInt(v, lo, hi int) int { return max(lo, min(hi, v)) }
