package mapview

import (
	"testing"

	"github.com/mastcdr/mast/engine/exhibit/draw"
)

func BenchmarkDrawRecorded(b *testing.B) {
	m := london()
	for b.Loop() {
		if err := Draw(newRecorder(pageW, pageH), m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDrawRaster(b *testing.B) {
	m := london()
	for b.Loop() {
		if err := Draw(draw.NewRaster(pageW, pageH, 144), m); err != nil {
			b.Fatal(err)
		}
	}
}
