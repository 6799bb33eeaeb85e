package mapview

import (
	"fmt"
	"math"
)

// Map is everything one exhibit map shows. Coordinates are WGS 84 longitude
// and latitude in degrees (EPSG:4326), longitude first.
type Map struct {
	Header  Header
	Points  []Point // event positions, drawn on top
	Areas   []Area  // cells' estimated serving areas, drawn at the bottom
	Lines   []Line  // journeys
	Stays   []Stay
	Cameras []Point // camera (ANPR, CCTV) positions
	// Basemap, when not nil, is drawn under everything. The map is fitted to
	// the features, not to the basemap.
	Basemap *Basemap
}

// Header is the exhibit's identification, printed above the map. Every field
// is printed as given; an empty one is left out.
type Header struct {
	Reference string // the exhibit reference, e.g. "ABC/12"
	Case      string // the case or operation name
	Title     string
	Analyst   string
	Produced  string // when the exhibit was produced, formatted by the caller
	TimeSpan  string // the span of the events shown, formatted by the caller
	TimeZone  string // the zone the times are given in, e.g. "Europe/London (BST, UTC+1)"
	Notes     []string
}

// Point is an event position or a camera.
type Point struct {
	Lon, Lat float64
	Label    string // printed beside the point when a map has few; optional
}

// Area is one cell's estimated serving area: a closed ring of (lon, lat)
// vertices (a wedge for a sectored cell). Disk marks a cell drawn as a disk
// because it is omnidirectional or its azimuth is not known; it is styled and
// listed apart from the wedges.
type Area struct {
	Ring  [][2]float64
	Label string // e.g. the cell identity; optional
	Disk  bool
}

// Line is a journey: (lon, lat) vertices in the order travelled.
type Line struct {
	Coords [][2]float64
	Label  string // printed at the start; optional
}

// Stay is a place where the handset stayed.
type Stay struct {
	Lon, Lat float64
	Label    string // e.g. "Stay 3, 21:40–23:15"; optional
}

// Bounds is a longitude/latitude box in degrees.
type Bounds struct {
	West, South, East, North float64
}

// empty reports whether b holds nothing (the zero extend starting value).
func (b Bounds) empty() bool { return b.West > b.East || b.South > b.North }

// emptyBounds is the starting value that extend grows.
func emptyBounds() Bounds {
	return Bounds{West: math.Inf(1), South: math.Inf(1), East: math.Inf(-1), North: math.Inf(-1)}
}

func (b *Bounds) extend(lon, lat float64) {
	b.West = math.Min(b.West, lon)
	b.East = math.Max(b.East, lon)
	b.South = math.Min(b.South, lat)
	b.North = math.Max(b.North, lat)
}

// intersect returns the part of b inside o, and false when they do not
// overlap.
func (b Bounds) intersect(o Bounds) (Bounds, bool) {
	r := Bounds{
		West:  math.Max(b.West, o.West),
		South: math.Max(b.South, o.South),
		East:  math.Min(b.East, o.East),
		North: math.Min(b.North, o.North),
	}
	return r, r.West < r.East && r.South < r.North
}

// Bounds is the box around every feature of m (not its basemap), checking
// each coordinate on the way. It fails with ErrEmpty when m has no feature.
func (m Map) Bounds() (Bounds, error) {
	b := emptyBounds()
	add := func(l Layer, i int, lon, lat float64) error {
		if err := checkLonLat(lon, lat); err != nil {
			return &FeatureError{Layer: l, Index: i, Err: err}
		}
		b.extend(lon, lat)
		return nil
	}
	for i, a := range m.Areas {
		l := LayerSectors
		if a.Disk {
			l = LayerDisks
		}
		if len(a.Ring) < 3 {
			return Bounds{}, &FeatureError{Layer: l, Index: i, Err: fmt.Errorf("%w: a ring needs 3 vertices, has %d", ErrGeometry, len(a.Ring))}
		}
		for _, c := range a.Ring {
			if err := add(l, i, c[0], c[1]); err != nil {
				return Bounds{}, err
			}
		}
	}
	for i, ln := range m.Lines {
		if len(ln.Coords) < 2 {
			return Bounds{}, &FeatureError{Layer: LayerJourneys, Index: i, Err: fmt.Errorf("%w: a journey needs 2 vertices, has %d", ErrGeometry, len(ln.Coords))}
		}
		for _, c := range ln.Coords {
			if err := add(LayerJourneys, i, c[0], c[1]); err != nil {
				return Bounds{}, err
			}
		}
	}
	for i, s := range m.Stays {
		if err := add(LayerStays, i, s.Lon, s.Lat); err != nil {
			return Bounds{}, err
		}
	}
	for i, p := range m.Cameras {
		if err := add(LayerCameras, i, p.Lon, p.Lat); err != nil {
			return Bounds{}, err
		}
	}
	for i, p := range m.Points {
		if err := add(LayerEvents, i, p.Lon, p.Lat); err != nil {
			return Bounds{}, err
		}
	}
	if b.empty() {
		return Bounds{}, ErrEmpty
	}
	return b, nil
}

// checkLonLat refuses a coordinate Web Mercator cannot place.
func checkLonLat(lon, lat float64) error {
	switch {
	case math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0):
		return fmt.Errorf("%w: (%g, %g) is not a number", ErrCoordinate, lon, lat)
	case lon < -180 || lon > 180:
		return fmt.Errorf("%w: longitude %g is outside -180..180", ErrCoordinate, lon)
	case lat < -MaxLat || lat > MaxLat:
		return fmt.Errorf("%w: latitude %g is outside ±%.4f, the limit of Web Mercator", ErrCoordinate, lat, MaxLat)
	}
	return nil
}
