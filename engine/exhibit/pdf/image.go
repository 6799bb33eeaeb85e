package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"image"
	"image/color"
)

// imageXObject is a raster image as a PDF image XObject (ISO 32000-1 §8.9.5):
// 8-bit DeviceRGB samples, Flate-compressed, with a DeviceGray soft mask
// (§11.6.5.3) when any pixel is not opaque.
type imageXObject struct {
	w, h  int
	rgb   []byte // compressed samples
	alpha []byte // compressed soft mask; nil when opaque
	sum   [sha256.Size]byte
}

// newImageXObject converts img, compressing with z. It returns nil for an
// empty image.
func newImageXObject(img image.Image, z *compressor) (*imageXObject, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 {
		return nil, nil
	}
	rgb := make([]byte, 0, w*h*3)
	alpha := make([]byte, 0, w*h)
	opaque := true
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := nrgbaAt(img, x, y)
			rgb = append(rgb, c.R, c.G, c.B)
			alpha = append(alpha, c.A)
			opaque = opaque && c.A == 0xFF
		}
	}
	im := &imageXObject{w: w, h: h}
	sum := sha256.New()
	var dims [16]byte
	binary.BigEndian.PutUint64(dims[:8], uint64(w))
	binary.BigEndian.PutUint64(dims[8:], uint64(h))
	sum.Write(dims[:])
	sum.Write(rgb)
	data, err := z.deflate(rgb)
	if err != nil {
		return nil, err
	}
	im.rgb = bytes.Clone(data)
	if !opaque {
		sum.Write(alpha)
		if data, err = z.deflate(alpha); err != nil {
			return nil, err
		}
		im.alpha = bytes.Clone(data)
	}
	copy(im.sum[:], sum.Sum(nil))
	return im, nil
}

// nrgbaAt is the colour of img at (x, y), not premultiplied.
func nrgbaAt(img image.Image, x, y int) color.NRGBA {
	switch m := img.(type) {
	case *image.NRGBA:
		return m.NRGBAAt(x, y)
	case *image.RGBA:
		c := m.RGBAAt(x, y)
		switch c.A {
		case 0xFF:
			return color.NRGBA{c.R, c.G, c.B, 0xFF}
		case 0:
			return color.NRGBA{}
		}
		a := uint32(c.A)
		return color.NRGBA{
			R: uint8(uint32(c.R) * 0xFF / a),
			G: uint8(uint32(c.G) * 0xFF / a),
			B: uint8(uint32(c.B) * 0xFF / a),
			A: c.A,
		}
	}
	return color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
}

func (im *imageXObject) digest() [sha256.Size]byte { return im.sum }

// write writes the image (and its soft mask first) and returns the image's
// object number.
func (im *imageXObject) write(w *objWriter) int {
	mask := 0
	if im.alpha != nil {
		mask = w.next()
		w.stream(mask, im.dict("/DeviceGray", 0), im.alpha)
	}
	n := w.next()
	w.stream(n, im.dict("/DeviceRGB", mask), im.rgb)
	return n
}

func (im *imageXObject) dict(space string, mask int) []byte {
	b := []byte("<</Type /XObject /Subtype /Image /Width ")
	b = appendInt(b, im.w)
	b = append(b, " /Height "...)
	b = appendInt(b, im.h)
	b = append(b, " /ColorSpace "...)
	b = append(b, space...)
	b = append(b, " /BitsPerComponent 8 /Filter /FlateDecode"...)
	if mask != 0 {
		b = append(b, " /SMask "...)
		b = appendRef(b, mask)
	}
	return b
}
