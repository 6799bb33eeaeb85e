package mapview

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/engine/exhibit/draw"
)

// A4 landscape, in points.
const pageW, pageH = 842.0, 595.0

// wedge is a 120° sector of radius r degrees of latitude about (lon, lat),
// pointing at azimuth az, as a ring.
func wedge(lon, lat, az, r float64) [][2]float64 {
	ring := [][2]float64{{lon, lat}}
	for b := az - 60; b <= az+60; b += 10 {
		θ := b * math.Pi / 180
		ring = append(ring, [2]float64{lon + r*math.Sin(θ)/math.Cos(lat*math.Pi/180), lat + r*math.Cos(θ)})
	}
	return ring
}

func disk(lon, lat, r float64) [][2]float64 {
	var ring [][2]float64
	for b := 0.0; b < 360; b += 10 {
		θ := b * math.Pi / 180
		ring = append(ring, [2]float64{lon + r*math.Sin(θ)/math.Cos(lat*math.Pi/180), lat + r*math.Cos(θ)})
	}
	return ring
}

// london is a map with every layer, around central London.
func london() Map {
	return Map{
		Header: Header{
			Reference: "JS/4", Case: "Op Lantern", Title: "Movements of 07700 900123",
			Analyst: "A. Analyst", Produced: "2026-03-01 10:00", TimeSpan: "2025-11-02 18:00 to 23:59",
			TimeZone: "Europe/London (GMT)", Notes: []string{"Cell list: provider X, 2025-10."},
		},
		Points: []Point{
			{Lon: -0.10, Lat: 51.50, Label: "E1"},
			{Lon: -0.08, Lat: 51.50},
			{Lon: -0.10, Lat: 51.52},
		},
		Areas: []Area{
			{Ring: wedge(-0.09, 51.51, 45, 0.005), Label: "234-10-1-11"},
			{Ring: disk(-0.11, 51.505, 0.004), Label: "234-10-1-12", Disk: true},
		},
		Lines:   []Line{{Coords: [][2]float64{{-0.10, 51.50}, {-0.09, 51.505}, {-0.08, 51.50}}, Label: "J1"}},
		Stays:   []Stay{{Lon: -0.095, Lat: 51.515, Label: "Stay 1"}},
		Cameras: []Point{{Lon: -0.085, Lat: 51.512, Label: "ANPR 7"}},
	}
}

func TestDrawPlacesFeaturesByTheirCoordinates(t *testing.T) {
	t.Parallel()
	m := london()
	rec := newRecorder(pageW, pageH)
	require.NoError(t, Draw(rec, m))
	lay, err := Place(rec, m)
	require.NoError(t, err)
	f := lay.Frame
	require.Greater(t, f.Y, lay.Header.Y+lay.Header.H, "the frame is below the header")
	require.Less(t, f.X+f.W, lay.Panel.X, "the panel is right of the frame")
	require.Less(t, f.Y+f.H, lay.Footer.Y, "the footer is below the frame")

	ev := rec.circles(eventColour)
	require.Len(t, ev, 3)
	for i, c := range ev {
		require.True(t, inside(c.pts[0], f), "event %d at %v is outside the frame %v", i, c.pts[0], f)
		require.NotNil(t, c.clip)
		require.Equal(t, f, *c.clip, "event %d is drawn clipped to the frame", i)
		want := lay.Projection.Point(m.Points[i].Lon, m.Points[i].Lat)
		require.InDelta(t, want.X, c.pts[0].X, 1e-9)
		require.InDelta(t, want.Y, c.pts[0].Y, 1e-9)
	}
	a, east, north := ev[0].pts[0], ev[1].pts[0], ev[2].pts[0]
	require.Greater(t, east.X, a.X, "east is right")
	require.InDelta(t, a.Y, east.Y, 1e-9, "same latitude, same height")
	require.Less(t, north.Y, a.Y, "north is up")
	require.InDelta(t, a.X, north.X, 1e-9, "same longitude, same x")
	// Mercator: the page distances keep the ratio of ln tan(π/4+φ/2) to λ.
	merc := func(lat float64) float64 { return math.Log(math.Tan(math.Pi/4 + lat*math.Pi/360)) }
	wantRatio := (merc(51.52) - merc(51.50)) / (0.02 * math.Pi / 180)
	require.InDelta(t, wantRatio, (a.Y-north.Y)/(east.X-a.X), 1e-9)

	// The features fill the frame less its inset: the fit is not loose.
	var x0, x1 = math.Inf(1), math.Inf(-1)
	for _, p := range projectAll(lay.Projection, append(append([][2]float64{}, m.Areas[0].Ring...), m.Areas[1].Ring...)) {
		x0, x1 = min(x0, p.X), max(x1, p.X)
	}
	require.Greater(t, x1-x0, f.W*0.5)

	st := rec.circles(stayStyle.Fill)
	require.Len(t, st, 1)
	require.True(t, inside(st[0].pts[0], f))
	require.Less(t, st[0].pts[0].Y, a.Y, "the stay is north of event 1")

	var cam []call
	for _, c := range rec.calls {
		if c.kind == kindPath && c.style.Stroke == cameraColour && inside(c.pts[0], f) {
			cam = append(cam, c)
		}
	}
	require.Len(t, cam, 1)
	want := lay.Projection.Point(-0.085, 51.512)
	require.InDelta(t, want.X, (cam[0].pts[0].X+cam[0].pts[2].X)/2, 1e-9, "the camera square is centred on it")
	require.InDelta(t, want.Y, (cam[0].pts[0].Y+cam[0].pts[2].Y)/2, 1e-9)

	// Labels: event 1 by its label, event 2 by its number, the serving
	// areas as estimates.
	require.ElementsMatch(t,
		[]string{"E1", "2", "3", "234-10-1-11 (estimated)", "234-10-1-12 (estimated)", "J1", "Stay 1", "ANPR 7"},
		rec.textList(f))
}

func TestDrawPaintsLayersInOrder(t *testing.T) {
	t.Parallel()
	m := london()
	m.Basemap = &Basemap{Name: "roads.geojson", Shapes: []Shape{{Kind: ShapeLine, Parts: [][][2]float64{{{-0.2, 51.51}, {0.0, 51.51}}}}}}
	rec := newRecorder(pageW, pageH)
	require.NoError(t, Draw(rec, m))
	lay, err := Place(rec, m)
	require.NoError(t, err)

	// The first call of each layer, found by its style.
	first := func(match func(call) bool) int {
		for i, c := range rec.calls {
			if match(c) {
				return i
			}
		}
		return -1
	}
	inFrame := func(c call) bool { return c.clip != nil && *c.clip == lay.Frame }
	order := []int{
		first(func(c call) bool { return inFrame(c) && c.kind == kindPath && c.style.Stroke == baseLine }),
		first(func(c call) bool { return inFrame(c) && c.kind == kindPath && c.style.Stroke == gridColour }),
		first(func(c call) bool { return inFrame(c) && c.kind == kindPath && c.style.Fill == diskStyle.Fill }),
		first(func(c call) bool { return inFrame(c) && c.kind == kindPath && c.style.Fill == sectorStyle.Fill }),
		first(func(c call) bool { return inFrame(c) && c.kind == kindPath && c.style.Stroke == journeyColour }),
		first(func(c call) bool { return inFrame(c) && c.kind == kindCircle && c.style.Fill == stayStyle.Fill }),
		first(func(c call) bool { return inFrame(c) && c.kind == kindPath && c.style.Stroke == cameraColour }),
		first(func(c call) bool { return inFrame(c) && c.kind == kindCircle && c.style.Fill == eventColour }),
	}
	require.NotContains(t, order, -1, "every layer is drawn inside the frame's clip: %v", order)
	require.True(t, slices.IsSorted(order), "basemap, grid, disks, wedges, journeys, stays, cameras, events: %v", order)

	// Serving areas are translucent and dashed.
	for _, st := range []draw.Style{diskStyle, sectorStyle} {
		require.Less(t, st.Fill.A, uint8(128))
		require.NotEmpty(t, st.Dash)
	}
	// Every feature is inside the frame's clip; nothing but the furniture is
	// drawn outside it.
	for _, c := range rec.calls {
		if c.kind == kindCircle && (c.style.Fill == eventColour || c.style.Fill == stayStyle.Fill) && !inFrame(c) {
			require.True(t, inside(c.pts[0], lay.Panel), "a mark outside the frame is a legend symbol: %+v", c)
		}
	}
}

func TestLegendListsExactlyThePresentLayers(t *testing.T) {
	t.Parallel()
	full := london()
	full.Basemap = &Basemap{Name: "streets.geojson", Shapes: []Shape{{Kind: ShapePoint, Parts: [][][2]float64{{{-0.1, 51.5}}}}}}
	labels := map[Layer]string{}
	for _, e := range Legend(full) {
		labels[e.Layer] = e.Label
	}
	require.Len(t, labels, 7, "the full map has every layer")

	only := func(f func(*Map)) Map {
		var m Map
		f(&m)
		return m
	}
	tests := []struct {
		name string
		m    Map
		want map[Layer]int
	}{
		{"everything", full, map[Layer]int{LayerBasemap: 0, LayerDisks: 1, LayerSectors: 1, LayerJourneys: 1, LayerStays: 1, LayerCameras: 1, LayerEvents: 3}},
		{"events only", only(func(m *Map) { m.Points = full.Points }), map[Layer]int{LayerEvents: 3}},
		{"wedges without disks", only(func(m *Map) { m.Areas = full.Areas[:1]; m.Points = full.Points[:1] }), map[Layer]int{LayerSectors: 1, LayerEvents: 1}},
		{"disks without wedges", only(func(m *Map) { m.Areas = full.Areas[1:] }), map[Layer]int{LayerDisks: 1}},
		{"journey and cameras", only(func(m *Map) { m.Lines = full.Lines; m.Cameras = full.Cameras }), map[Layer]int{LayerJourneys: 1, LayerCameras: 1}},
		{"stays over a basemap", only(func(m *Map) { m.Stays = full.Stays; m.Basemap = full.Basemap }), map[Layer]int{LayerBasemap: 0, LayerStays: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := map[Layer]int{}
			for _, e := range Legend(tt.m) {
				got[e.Layer] = e.Count
			}
			require.Equal(t, tt.want, got)

			rec := newRecorder(pageW, pageH)
			require.NoError(t, Draw(rec, tt.m))
			lay, err := Place(rec, tt.m)
			require.NoError(t, err)
			panel := rec.textsIn(lay.Panel)
			for l, label := range labels {
				if n, ok := tt.want[l]; ok {
					require.Contains(t, panel, LegendEntry{Layer: l, Label: label, Count: n}.Text())
				} else {
					require.NotContains(t, panel, label, "%s is not on this map", l)
				}
			}
		})
	}
}

// haversine is the great-circle distance in metres on a sphere of the mean
// Earth radius.
func haversine(lon1, lat1, lon2, lat2 float64) float64 {
	const r = 6371008.8
	φ1, φ2 := lat1*math.Pi/180, lat2*math.Pi/180
	dφ, dλ := φ2-φ1, (lon2-lon1)*math.Pi/180
	h := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

var (
	lengthLabel = regexp.MustCompile(`^([0-9.]+) (m|km)$`)
	latLabel    = regexp.MustCompile(`at ([0-9.]+)°(?: ([NS]))?$`)
)

func TestScaleBarMatchesItsLabelAtTheMapsLatitude(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		lon, lat, dd float64 // centre, and half the spread of the points in degrees
	}{
		{"equator", 30, 0, 0.03},
		{"London", -0.1, 51.5, 0.03},
		{"Sydney", 151.2, -33.9, 0.02},
		{"Oslo", 10.75, 59.9, 0.05},
		{"Tromsø, wide", 18.95, 69.65, 0.4},
		{"a street", -2.59, 51.45, 0.0004},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := Map{Points: []Point{
				{Lon: tt.lon - tt.dd, Lat: tt.lat},
				{Lon: tt.lon + tt.dd, Lat: tt.lat},
				{Lon: tt.lon, Lat: tt.lat - tt.dd/2},
				{Lon: tt.lon, Lat: tt.lat + tt.dd/2},
			}}
			rec := newRecorder(pageW, pageH)
			require.NoError(t, Draw(rec, m))
			lay, err := Place(rec, m)
			require.NoError(t, err)

			// Metres per point measured from the drawing: two events on
			// one parallel, and the ground distance between them.
			ev := rec.circles(eventColour)
			require.Len(t, ev, 4)
			mpp := haversine(m.Points[0].Lon, m.Points[0].Lat, m.Points[1].Lon, m.Points[1].Lat) / (ev[1].pts[0].X - ev[0].pts[0].X)

			zero, ok := rec.text("0")
			require.True(t, ok, "the bar's start is labelled 0")
			var end call
			var metres float64
			for _, c := range rec.calls {
				if c.kind == kindText && inside(c.pts[0], lay.Panel) {
					if g := lengthLabel.FindStringSubmatch(c.text); g != nil {
						v, err := strconv.ParseFloat(g[1], 64)
						require.NoError(t, err)
						if g[2] == "km" {
							v *= 1000
						}
						end, metres = c, v
					}
				}
			}
			require.NotZero(t, metres, "a length label in the panel")
			require.Equal(t, draw.AnchorCentre, zero.anchor)
			require.Equal(t, draw.AnchorCentre, end.anchor)
			require.InDelta(t, zero.pts[0].Y, end.pts[0].Y, 1e-9)
			bar := end.pts[0].X - zero.pts[0].X
			require.InEpsilon(t, metres, bar*mpp, 0.01, "%s is %.1f pt at %.1f m/pt", end.text, bar, mpp)

			// The bar is round, and no wider than the panel.
			lead := metres / math.Pow(10, math.Floor(math.Log10(metres)))
			require.Contains(t, []float64{1, 2, 5}, math.Round(lead*1e9)/1e9)
			require.LessOrEqual(t, bar, lay.Panel.W)
			require.Greater(t, bar, lay.Panel.W/5, "the longest round bar that fits")

			// There is a bar drawn between the two labels.
			var drawn bool
			for _, c := range rec.calls {
				if c.kind == kindPath && c.closed && len(c.pts) == 4 && c.style.Stroke == ink &&
					math.Abs(c.pts[0].X-zero.pts[0].X) < 1e-9 && math.Abs(c.pts[1].X-end.pts[0].X) < 1e-9 {
					drawn = true
				}
			}
			require.True(t, drawn, "a bar outline from 0 to %s", end.text)

			// And it says at which latitude it is true.
			var said bool
			for _, c := range rec.calls {
				if g := latLabel.FindStringSubmatch(c.text); c.kind == kindText && g != nil {
					v, err := strconv.ParseFloat(g[1], 64)
					require.NoError(t, err)
					if g[2] == "S" {
						v = -v
					}
					require.InDelta(t, tt.lat, v, 0.01)
					said = true
				}
			}
			require.True(t, said, "the bar states its latitude")
		})
	}
}

func TestScaleBarSaysWhenTheScaleVaries(t *testing.T) {
	t.Parallel()
	wide := Map{Points: []Point{{Lon: 10, Lat: 58}, {Lon: 12, Lat: 62}}}
	rec := newRecorder(pageW, pageH)
	require.NoError(t, Draw(rec, wide))
	lay, err := Place(rec, wide)
	require.NoError(t, err)
	s := lay.Projection.Scale(100)
	require.Greater(t, s.Spread, 0.05, "cos 58° / cos 60° is 6 %% more")
	require.Contains(t, rec.textsIn(lay.Panel), "varies up to")

	narrow := Map{Points: []Point{{Lon: 10, Lat: 60}, {Lon: 10.01, Lat: 60.01}}}
	rec = newRecorder(pageW, pageH)
	require.NoError(t, Draw(rec, narrow))
	require.NotContains(t, rec.textsIn(draw.Rect{W: pageW, H: pageH}), "varies up to")
}

func TestDrawPrintsTheHeaderFooterAndGrid(t *testing.T) {
	t.Parallel()
	m := london()
	rec := newRecorder(pageW, pageH)
	require.NoError(t, Draw(rec, m))
	lay, err := Place(rec, m)
	require.NoError(t, err)

	head := rec.textsIn(lay.Header)
	for _, s := range []string{"Movements of 07700 900123", "Reference: JS/4", "Case: Op Lantern", "Analyst: A. Analyst",
		"Produced: 2026-03-01 10:00", "Time span: 2025-11-02 18:00 to 23:59", "Time zone: Europe/London (GMT)"} {
		require.Contains(t, head, s)
	}
	foot := rec.textsIn(lay.Footer)
	require.Contains(t, foot, "Serving areas are estimates.")
	require.Contains(t, foot, "not at a point")
	require.Contains(t, foot, "Disks are cells with no known azimuth")
	require.Contains(t, foot, "Web Mercator")
	require.Contains(t, foot, "Cell list: provider X, 2025-10.")
	require.Contains(t, rec.textsIn(lay.Panel), "N", "a north arrow")

	// Latitudes are labelled left of the frame, longitudes under it, each
	// at its place.
	f := lay.Frame
	var lats, lons int
	for _, c := range rec.calls {
		if c.kind != kindText {
			continue
		}
		at := c.pts[0]
		switch {
		case strings.HasSuffix(c.text, "° N") && at.X < f.X:
			v, err := strconv.ParseFloat(strings.TrimSuffix(c.text, "° N"), 64)
			require.NoError(t, err)
			require.InDelta(t, lay.Projection.Point(0, v).Y, at.Y-fontTick.Size*0.35, 1e-9)
			require.True(t, at.Y > f.Y && at.Y < f.Y+f.H+fontTick.Size)
			lats++
		case strings.HasSuffix(c.text, "° W") && at.Y > f.Y+f.H:
			v, err := strconv.ParseFloat(strings.TrimSuffix(c.text, "° W"), 64)
			require.NoError(t, err)
			require.InDelta(t, lay.Projection.Point(-v, 0).X, at.X, 1e-9)
			require.True(t, at.X >= f.X && at.X <= f.X+f.W)
			lons++
		}
	}
	require.GreaterOrEqual(t, lats, 2)
	require.GreaterOrEqual(t, lons, 2)
	require.LessOrEqual(t, lons, 8)
}

func TestDrawRefusesAnEmptyMap(t *testing.T) {
	t.Parallel()
	for name, m := range map[string]Map{
		"nothing":           {},
		"header only":       {Header: Header{Reference: "X/1", Title: "Nothing"}},
		"basemap only":      {Basemap: &Basemap{Name: "b.geojson", Shapes: []Shape{{Kind: ShapePoint, Parts: [][][2]float64{{{0, 51}}}}}}},
		"empty, not nil":    {Points: []Point{}, Areas: []Area{}, Lines: []Line{}},
		"cameras nil stays": {Stays: nil, Cameras: nil},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(pageW, pageH)
			require.ErrorIs(t, Draw(rec, m), ErrEmpty)
			require.Empty(t, rec.calls, "nothing is drawn")
			_, err := Place(rec, m)
			require.ErrorIs(t, err, ErrEmpty)
		})
	}
}

func TestDrawRefusesBadFeatures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		m     Map
		layer Layer
		index int
		err   error
	}{
		{"latitude beyond Mercator", Map{Points: []Point{{Lon: 0, Lat: 51}, {Lon: 0, Lat: 89}}}, LayerEvents, 1, ErrCoordinate},
		{"longitude out of range", Map{Stays: []Stay{{Lon: 200, Lat: 51}}}, LayerStays, 0, ErrCoordinate},
		{"NaN", Map{Cameras: []Point{{Lon: math.NaN(), Lat: 51}}}, LayerCameras, 0, ErrCoordinate},
		{"two-vertex ring", Map{Areas: []Area{{Ring: [][2]float64{{0, 51}, {0.1, 51}}}}}, LayerSectors, 0, ErrGeometry},
		{"one-vertex disk", Map{Areas: []Area{{Ring: [][2]float64{{0, 51}}, Disk: true}}}, LayerDisks, 0, ErrGeometry},
		{"one-vertex journey", Map{Lines: []Line{{Coords: [][2]float64{{0, 51}}}}}, LayerJourneys, 0, ErrGeometry},
		{"swapped lat/lon", Map{Lines: []Line{{Coords: [][2]float64{{0, 51}, {51, 95}}}}}, LayerJourneys, 0, ErrCoordinate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(pageW, pageH)
			err := Draw(rec, tt.m)
			require.ErrorIs(t, err, tt.err)
			var fe *FeatureError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, tt.layer, fe.Layer)
			require.Equal(t, tt.index, fe.Index)
			require.Empty(t, rec.calls)
		})
	}
}

func TestDrawRefusesATinyPage(t *testing.T) {
	t.Parallel()
	rec := newRecorder(200, 150)
	require.ErrorIs(t, Draw(rec, london()), ErrPageTooSmall)
	require.Empty(t, rec.calls)
}

func TestDrawFitsPortraitAndLandscapePages(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]float64{{595, 842}, {842, 595}, {1191, 842}, {612, 792}, {792, 612}} {
		rec := newRecorder(size[0], size[1])
		m := london()
		require.NoError(t, Draw(rec, m), "%v", size)
		lay, err := Place(rec, m)
		require.NoError(t, err)
		page := draw.Rect{W: size[0], H: size[1]}
		for _, r := range []draw.Rect{lay.Header, lay.Frame, lay.Panel, lay.Footer} {
			in := intersectRect(page, r)
			require.InDelta(t, r.W*r.H, in.W*in.H, 1e-6, "%v on a %v page", r, size)
		}
		for _, c := range rec.circles(eventColour) {
			require.True(t, inside(c.pts[0], lay.Frame) || inside(c.pts[0], lay.Panel))
		}
	}
}
