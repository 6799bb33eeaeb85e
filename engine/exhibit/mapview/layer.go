package mapview

// Layer is one kind of thing drawn on a map, in painting order: a layer is
// painted over the ones before it.
type Layer uint8

const (
	LayerBasemap  Layer = iota // the user-supplied basemap
	LayerDisks                 // estimated serving areas of cells without an azimuth, as disks
	LayerSectors               // estimated serving areas of sectored cells, as wedges
	LayerJourneys              // journeys, as lines with direction arrows
	LayerStays                 // stays
	LayerCameras               // cameras
	LayerEvents                // event positions
)

func (l Layer) String() string {
	switch l {
	case LayerBasemap:
		return "basemap"
	case LayerDisks:
		return "serving area (disk)"
	case LayerSectors:
		return "serving area"
	case LayerJourneys:
		return "journey"
	case LayerStays:
		return "stay"
	case LayerCameras:
		return "camera"
	case LayerEvents:
		return "event point"
	}
	return "layer?"
}
