package pdf

import (
	"crypto/sha256"
)

// resources are the fonts, graphics states and images the pages use. All
// pages share one resource dictionary; a resource's name is fixed by the
// order of first use, so the same drawing calls give the same names.
type resources struct {
	fonts    [2]bool // Helvetica (/F1), Helvetica-Bold (/F2) used
	alphas   []alpha
	alphaIdx map[alpha]int
	images   []*imageXObject
	imageIdx map[[sha256.Size]byte]int
}

// fontNames are the resource names and base fonts of the two standard fonts.
var fontNames = [2]struct{ res, base string }{
	{"/F1", "Helvetica"},
	{"/F2", "Helvetica-Bold"},
}

// font marks the font used and returns its resource name.
func (r *resources) font(bold bool) string {
	i := 0
	if bold {
		i = 1
	}
	r.fonts[i] = true
	return fontNames[i].res
}

// alpha is a pair of constant opacities: ca for filling (and text), CA for
// stroking, each 0–255.
type alpha struct{ fill, stroke uint8 }

// gstate returns the resource name of an ExtGState setting a, registering it
// on first use.
func (r *resources) gstate(a alpha) string {
	i, ok := r.alphaIdx[a]
	if !ok {
		if r.alphaIdx == nil {
			r.alphaIdx = map[alpha]int{}
		}
		r.alphas = append(r.alphas, a)
		i = len(r.alphas)
		r.alphaIdx[a] = i
	}
	return "/GS" + itoa(i)
}

// image returns the resource name of im, storing it once however often it
// is drawn (a logo on every page is one object).
func (r *resources) image(im *imageXObject) string {
	key := im.digest()
	i, ok := r.imageIdx[key]
	if !ok {
		if r.imageIdx == nil {
			r.imageIdx = map[[sha256.Size]byte]int{}
		}
		r.images = append(r.images, im)
		i = len(r.images)
		r.imageIdx[key] = i
	}
	return "/Im" + itoa(i)
}

func itoa(n int) string { return string(appendInt(nil, n)) }

// write writes the objects of every resource used and then the shared
// resource dictionary as object num.
func (r *resources) write(w *objWriter, num int) error {
	dict := []byte("<</ProcSet [/PDF /Text /ImageB /ImageC]")
	if r.fonts[0] || r.fonts[1] {
		dict = append(dict, "\n/Font <<"...)
		for i, used := range r.fonts {
			if !used {
				continue
			}
			n := w.next()
			b := []byte("<</Type /Font /Subtype /Type1 /BaseFont /")
			b = append(b, fontNames[i].base...)
			b = append(b, " /Encoding /WinAnsiEncoding>>"...)
			w.object(n, b)
			dict = append(dict, fontNames[i].res...)
			dict = append(dict, ' ')
			dict = appendRef(dict, n)
		}
		dict = append(dict, ">>"...)
	}
	if len(r.alphas) > 0 {
		dict = append(dict, "\n/ExtGState <<"...)
		for i, a := range r.alphas {
			n := w.next()
			b := []byte("<</Type /ExtGState /ca ")
			b = appendNum(b, float64(a.fill)/255)
			b = append(b, " /CA "...)
			b = appendNum(b, float64(a.stroke)/255)
			b = append(b, ">>"...)
			w.object(n, b)
			dict = append(dict, "/GS"...)
			dict = appendInt(dict, i+1)
			dict = append(dict, ' ')
			dict = appendRef(dict, n)
		}
		dict = append(dict, ">>"...)
	}
	if len(r.images) > 0 {
		dict = append(dict, "\n/XObject <<"...)
		for i, im := range r.images {
			n := im.write(w)
			dict = append(dict, "/Im"...)
			dict = appendInt(dict, i+1)
			dict = append(dict, ' ')
			dict = appendRef(dict, n)
		}
		dict = append(dict, ">>"...)
	}
	dict = append(dict, ">>"...)
	w.object(num, dict)
	return w.err
}
