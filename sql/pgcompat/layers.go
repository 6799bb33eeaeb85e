package pgcompat

// Layer is what mast tells mapping clients about one relation of the case
// that PostgreSQL would know from the relation itself and PostGIS from its
// typmod: the geometry type and SRID of its geometry column, and the key
// columns of a view (DuckDB views have no keys) or of a table without a
// PRIMARY KEY constraint.
type Layer struct {
	Relation string   // relation in the case's main schema ("public")
	Geometry string   // geometry column; "" when the entry only gives a key
	Type     string   // PostGIS geometry type: POINT, POLYGON, ... or GEOMETRY
	SRID     int      // 4326 for every mast geometry (WGS84)
	Key      []string // key columns, in key order; nil when the relation has its own
}

// Layers is the one place that holds these facts. A GEOMETRY column not
// listed here is presented as GEOMETRY with SRID 4326.
//
// event_points places each event twice (its start and end cell): its key
// is point_id, event_id × 2 + at_end.
var Layers = []Layer{
	{Relation: "event_points", Geometry: "geom", Type: "POINT", SRID: 4326, Key: []string{"point_id"}},
	{Relation: "camera_points", Geometry: "geom", Type: "POINT", SRID: 4326, Key: []string{"camera_id"}},
	{Relation: "cell_wedges", Geometry: "geom", Type: "POLYGON", SRID: 4326, Key: []string{"cell_id"}},
	{Relation: "journey_lines", Geometry: "geom", Type: "LINESTRING", SRID: 4326, Key: []string{"journey_id"}},
	{Relation: "events", Key: []string{"event_id"}},
}

// GeometryTypmod is the typmod PostGIS gives geometry(<typ>,<srid>):
// GeometryTypmod("POINT", 4326) = 1107460.
func GeometryTypmod(typ string, srid int) int32 {
	code := map[string]int32{"POINT": 1, "LINESTRING": 2, "POLYGON": 3, "MULTIPOINT": 4,
		"MULTILINESTRING": 5, "MULTIPOLYGON": 6, "GEOMETRYCOLLECTION": 7}[typ]
	return int32(srid)<<8 | code<<2
}
