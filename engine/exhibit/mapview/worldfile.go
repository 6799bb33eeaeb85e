package mapview

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// worldFile is the six numbers of an ESRI world file, in file order: the x
// size of a pixel, two rotation terms, the y size of a pixel (negative for a
// north-up image), and the x and y of the centre of the top-left pixel.
type worldFile struct {
	A, D, B, E, C, F float64
}

// parseWorldFile reads a world file's six numbers. Errors are *BasemapError
// with the line at fault (the caller fills in the path).
func parseWorldFile(data []byte) (worldFile, error) {
	var v [6]float64
	n := 0
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if n == 6 {
			return worldFile{}, &BasemapError{Line: i + 1, Err: fmt.Errorf("%w: a world file has six numbers, this has more", ErrBasemapFormat)}
		}
		f, err := strconv.ParseFloat(line, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return worldFile{}, &BasemapError{Line: i + 1, Err: fmt.Errorf("%w: %q is not a number", ErrBasemapFormat, line)}
		}
		v[n] = f
		n++
	}
	if n < 6 {
		return worldFile{}, &BasemapError{Err: fmt.Errorf("%w: a world file has six numbers, this has %d", ErrBasemapFormat, n)}
	}
	wf := worldFile{A: v[0], D: v[1], B: v[2], E: v[3], C: v[4], F: v[5]}
	switch {
	case wf.D != 0 || wf.B != 0:
		return worldFile{}, &BasemapError{Line: 2, Err: fmt.Errorf("%w: a rotated world file (lines 2 and 3 not zero) is not supported", ErrBasemapFormat)}
	case wf.A <= 0:
		return worldFile{}, &BasemapError{Line: 1, Err: fmt.Errorf("%w: the pixel width %g is not positive", ErrBasemapFormat, wf.A)}
	case wf.E >= 0:
		return worldFile{}, &BasemapError{Line: 4, Err: fmt.Errorf("%w: the pixel height %g is not negative (the image is not north up)", ErrBasemapFormat, wf.E)}
	}
	return wf, nil
}

// bounds is where an image of w×h pixels lies, and fails with ErrCRS when
// that is not within longitude/latitude degrees: the world file is then in
// some projected CRS (metres or feet).
func (wf worldFile) bounds(w, h int) (Bounds, error) {
	b := Bounds{
		West:  wf.C - wf.A/2,
		North: wf.F - wf.E/2,
	}
	b.East = b.West + wf.A*float64(w)
	b.South = b.North + wf.E*float64(h)
	const slack = 1e-6
	if !(b.West >= -180-slack && b.East <= 180+slack && b.South >= -90-slack && b.North <= 90+slack) { // NaN fails too
		return Bounds{}, fmt.Errorf("%w: it places the image at x %g to %g, y %g to %g, which are not degrees of longitude and latitude; "+
			"mast does not reproject, so export the basemap in EPSG:4326", ErrCRS, b.West, b.East, b.South, b.North)
	}
	return b, nil
}
