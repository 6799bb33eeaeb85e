package draw

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"image/color"
	"image/png"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// element is one parsed SVG element: its name, attributes and character data.
type element struct {
	name  string
	attr  map[string]string
	text  string
	depth int
}

// parseSVG reads doc with encoding/xml, failing the test if it is not
// well-formed, and returns its elements in document order.
func parseSVG(t *testing.T, doc []byte) []element {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	var els []element
	var open []int
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		switch tok := tok.(type) {
		case xml.StartElement:
			e := element{name: tok.Name.Local, attr: map[string]string{}, depth: len(open)}
			for _, a := range tok.Attr {
				e.attr[a.Name.Local] = a.Value
			}
			els = append(els, e)
			open = append(open, len(els)-1)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			if len(open) > 0 {
				els[open[len(open)-1]].text += string(tok)
			}
		}
	}
	require.Empty(t, open)
	return els
}

func find(els []element, name string) []element {
	var out []element
	for _, e := range els {
		if e.name == name {
			out = append(out, e)
		}
	}
	return out
}

func render(t *testing.T, s *SVG) []byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := s.WriteTo(&buf)
	require.NoError(t, err)
	require.Equal(t, int64(buf.Len()), n)
	return buf.Bytes()
}

func sampleSVG() *SVG {
	s := NewSVG(400, 300)
	s.Path([]Pt{{10, 10}, {100, 10.25}, {50, 80}}, true, Style{Fill: Colour{255, 0, 0, 128}, Stroke: black, Width: 1.5})
	s.Path([]Pt{{0, 200}, {400, 200}}, false, Style{Stroke: blue, Width: 2, Dash: []float64{6, 3}})
	s.PushClip(Rect{20, 20, 200, 150})
	s.Circle(Pt{120, 90}, 7, Style{Fill: blue})
	s.PushClip(Rect{50, 50, 10, 10})
	s.Image(solid(3, 2, color.RGBA{0, 200, 0, 255}), Rect{50, 50, 30, 20})
	s.PopClip()
	s.PopClip()
	s.Text(Pt{200, 250}, `Cell <A&B> "Ωμέγα"`, Font{Size: 12, Bold: true}, black, AnchorCentre)
	s.Text(Pt{390, 290}, "right", Font{Size: 8}, black, AnchorRight)
	return s
}

func TestSVGDocument(t *testing.T) {
	t.Parallel()
	els := parseSVG(t, render(t, sampleSVG()))

	root := els[0]
	require.Equal(t, "svg", root.name)
	require.Equal(t, "0 0 400 300", root.attr["viewBox"])
	require.Equal(t, "400pt", root.attr["width"])
	require.Equal(t, "300pt", root.attr["height"])

	paths := find(els, "path")
	require.Len(t, paths, 2)
	require.Equal(t, "M10 10L100 10.25L50 80Z", paths[0].attr["d"])
	require.Equal(t, "#ff0000", paths[0].attr["fill"])
	require.Equal(t, "0.502", paths[0].attr["fill-opacity"])
	require.Equal(t, "#000000", paths[0].attr["stroke"])
	require.Equal(t, "1.5", paths[0].attr["stroke-width"])
	require.Equal(t, "M0 200L400 200", paths[1].attr["d"])
	require.Equal(t, "none", paths[1].attr["fill"])
	require.Equal(t, "6 3", paths[1].attr["stroke-dasharray"])

	circles := find(els, "circle")
	require.Len(t, circles, 1)
	require.Equal(t, map[string]string{"cx": "120", "cy": "90", "r": "7", "fill": "#0000ff"}, circles[0].attr)

	texts := find(els, "text")
	require.Len(t, texts, 2)
	require.Equal(t, `Cell <A&B> "Ωμέγα"`, texts[0].text, "escaped text reads back")
	require.Equal(t, "sans-serif", texts[0].attr["font-family"])
	require.Equal(t, "bold", texts[0].attr["font-weight"])
	require.Equal(t, "middle", texts[0].attr["text-anchor"])
	require.Equal(t, "end", texts[1].attr["text-anchor"])
	require.Equal(t, "8", texts[1].attr["font-size"])
	require.NotContains(t, texts[1].attr, "font-weight")

	images := find(els, "image")
	require.Len(t, images, 1)
	href := images[0].attr["href"]
	require.True(t, strings.HasPrefix(href, "data:image/png;base64,"), "images are inline")
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(href, "data:image/png;base64,"))
	require.NoError(t, err)
	img, err := png.Decode(bytes.NewReader(raw))
	require.NoError(t, err)
	require.Equal(t, 3, img.Bounds().Dx())
	require.Equal(t, "30", images[0].attr["width"])

	clips := find(els, "clipPath")
	require.Len(t, clips, 2)
	ids := map[string]bool{}
	for _, c := range clips {
		ids[c.attr["id"]] = true
	}
	groups := find(els, "g")
	require.Len(t, groups, 2)
	for _, g := range groups {
		ref := g.attr["clip-path"]
		require.True(t, strings.HasPrefix(ref, "url(#") && strings.HasSuffix(ref, ")"))
		require.True(t, ids[ref[5:len(ref)-1]], "%s names a clipPath", ref)
	}
	require.Equal(t, groups[0].depth+1, groups[1].depth, "clips nest")
	require.Equal(t, groups[0].depth+1, circles[0].depth, "the circle is clipped")
	require.Equal(t, groups[1].depth+1, images[0].depth, "the image is clipped twice")
	require.Equal(t, root.depth+1, texts[0].depth, "text after PopClip is not clipped")
}

func TestSVGDeterministic(t *testing.T) {
	t.Parallel()
	a, b := render(t, sampleSVG()), render(t, sampleSVG())
	require.Equal(t, a, b)

	other := sampleSVG()
	other.Circle(Pt{1, 1}, 1, Style{Fill: red})
	c := render(t, other)
	idOf := func(doc []byte) string { return find(parseSVG(t, doc), "clipPath")[0].attr["id"] }
	require.NotEqual(t, idOf(a), idOf(c), "different maps on one HTML page have different ids")
}

func TestSVGUnbalancedClipsAndBadInput(t *testing.T) {
	t.Parallel()
	s := NewSVG(100, 100)
	s.PopClip() // nothing to pop
	s.PushClip(Rect{10, 10, -5, 20})
	s.PushClip(Rect{0, 0, 50, 50}) // never popped
	s.Path([]Pt{{0, 0}, {math.Inf(1), 1}}, false, Style{Stroke: black, Width: 1})
	s.Circle(Pt{1, 1}, 0, Style{Fill: red})
	s.Text(Pt{1, 1}, "x", Font{}, black, AnchorLeft)
	s.Text(Pt{1, 1}, "a\x00b\x01c", Font{Size: 9}, black, AnchorLeft)
	doc := render(t, s)
	els := parseSVG(t, doc)
	require.Empty(t, find(els, "path"))
	require.Empty(t, find(els, "circle"))
	require.Len(t, find(els, "text"), 1)
	require.Equal(t, "abc", find(els, "text")[0].text, "control characters are dropped")
	require.Equal(t, "5", find(els, "rect")[1].attr["x"], "a negative width is turned round")
	require.Equal(t, "5", find(els, "rect")[1].attr["width"])
	require.Equal(t, doc, render(t, s), "writing twice gives the same document")
}
