package mapview

import (
	"bytes"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// addSeeds adds every testdata file ending in one of exts to f's corpus.
func addSeeds(f *testing.F, exts ...string) {
	for _, ext := range exts {
		names, err := filepath.Glob(filepath.Join("testdata", "*"+ext))
		if err != nil {
			f.Fatal(err)
		}
		for _, name := range names {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
}

func FuzzParseWorldFile(f *testing.F) {
	addSeeds(f, ".pgw")
	f.Add([]byte("1e308\n0\n0\n-1e308\n1e308\n-1e308"))
	f.Fuzz(func(t *testing.T, data []byte) {
		wf, err := parseWorldFile(data)
		if err != nil {
			return
		}
		if wf.A <= 0 || wf.E >= 0 || wf.B != 0 || wf.D != 0 {
			t.Fatalf("accepted %+v", wf)
		}
		b, err := wf.bounds(3, 2)
		if err == nil && (b.West > b.East || b.South > b.North || b.West < -181 || b.North > 91) {
			t.Fatalf("bounds %+v", b)
		}
	})
}

func FuzzDecodeGeoJSON(f *testing.F) {
	addSeeds(f, ".geojson")
	f.Add([]byte(`{"type":"Point","coordinates":[1]}`))
	f.Add([]byte(`{"type":"GeometryCollection","geometries":[{"type":"Polygon","coordinates":[[]]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		shapes, err := decodeGeoJSON(data)
		if err != nil {
			return
		}
		for _, s := range shapes {
			for _, part := range s.Parts {
				for _, v := range part {
					if !(v[0] >= -180 && v[0] <= 180 && v[1] >= -90 && v[1] <= 90) {
						t.Fatalf("accepted %v", v)
					}
				}
			}
		}
	})
}

func FuzzDecodeImage(f *testing.F) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, solid(3, 2, color.White)); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte{0xff, 0xd8, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := decodeImage(bytes.NewReader(data))
		if err == nil && img.Bounds().Empty() {
			t.Fatal("an empty image accepted")
		}
	})
}
