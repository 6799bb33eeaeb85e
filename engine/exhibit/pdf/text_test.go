package pdf

import (
	"strings"
	"testing"

	"github.com/mastcdr/mast/engine/exhibit/draw"
	"github.com/stretchr/testify/require"
)

func TestTextWidthFromMetrics(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		s    string
		f    draw.Font
		want float64
	}{
		// H 722, e 556, l 222, l 222, o 556 = 2278/1000 em.
		{"Helvetica", "Hello", draw.Font{Size: 10}, 22.78},
		// H 722, e 556, l 278, l 278, o 611 = 2445/1000 em.
		{"Helvetica-Bold", "Hello", draw.Font{Size: 10, Bold: true}, 24.45},
		// € 556, space 278, é 556 = 1390.
		{"WinAnsi high codes", "€ é", draw.Font{Size: 1000}, 1390},
		// Each character outside WinAnsi is as wide as '?' (556).
		{"replaced", "日本", draw.Font{Size: 1}, 1.112},
		{"empty", "", draw.Font{Size: 12}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.InDelta(t, tc.want, TextWidth(tc.s, tc.f), 1e-9)
			require.InDelta(t, tc.want, (&Page{}).TextWidth(tc.s, tc.f), 1e-9)
		})
	}
}

func TestTextAnchors(t *testing.T) {
	t.Parallel()
	d, err := New(Options{PageSize: scenePage})
	require.NoError(t, err)
	p := d.AddPage()
	f := draw.Font{Size: 10}
	p.Text(draw.Pt{X: 100, Y: 50}, "Hello", f, black, draw.AnchorLeft)
	p.Text(draw.Pt{X: 100, Y: 50}, "Hello", f, black, draw.AnchorCentre)
	p.Text(draw.Pt{X: 100, Y: 50}, "Hello", f, black, draw.AnchorRight)
	require.Equal(t, "q 0 0 0 rg BT /F1 10 Tf 100 150 Td (Hello) Tj ET Q\n"+
		"q 0 0 0 rg BT /F1 10 Tf 88.61 150 Td (Hello) Tj ET Q\n"+
		"q 0 0 0 rg BT /F1 10 Tf 77.22 150 Td (Hello) Tj ET Q\n", string(p.body))
}

func TestTextIsEscaped(t *testing.T) {
	t.Parallel()
	d, err := New(Options{PageSize: scenePage})
	require.NoError(t, err)
	p := d.AddPage()
	p.Text(draw.Pt{}, `a(b)c\d é`, draw.Font{Size: 8, Bold: true}, draw.Colour{R: 0xFF, A: 0x80}, draw.AnchorLeft)
	require.Equal(t, `q 1 0 0 rg /GS1 gs BT /F2 8 Tf 0 200 Td (a\(b\)c\\d \351) Tj ET Q`+"\n", string(p.body))
}

// accented is text with WinAnsi's accents and punctuation, read back as is.
var accented = []string{
	"Café Müller, Zürich – 5 €",
	"“double” ‘single’ — dash • bullet…",
	"Ñandú çedilla øre Åse æble naïve",
	`paren (x) and back\slash`,
}

func TestTextReadsBackWithPdftotext(t *testing.T) {
	t.Parallel()
	d, err := New(DefaultOptions())
	require.NoError(t, err)
	p := d.AddPage()
	y := 72.0
	for _, s := range accented {
		p.Text(draw.Pt{X: 72, Y: y}, s, draw.Font{Size: 12}, black, draw.AnchorLeft)
		y += 20
	}
	p.Text(draw.Pt{X: 72, Y: y}, "Ωmega 日本 Łódź", draw.Font{Size: 12, Bold: true}, black, draw.AnchorLeft)
	out := run(t, "pdftotext", "-enc", "UTF-8", writeFile(t, d), "-")
	lines := strings.Split(strings.TrimRight(out, "\n\f"), "\n")
	var got []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			got = append(got, l)
		}
	}
	require.Equal(t, append(append([]string{}, accented...), "?mega ?? ?ód?"), got)
}
