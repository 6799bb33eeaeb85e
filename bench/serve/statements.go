package serve

import "fmt"

// The statements below are the clients' own, from the protocol traces of
// QGIS 3.22 and GDAL 3.6 reading a PostGIS layer (qgis_layer.wire.txt and
// gdal_ogr2ogr.wire.txt; every statement of them is in
// sql/pgcompat/testdata/ALL_DISTINCT.sql), with the traced table
// events(id, geom, msisdn, ts, duration_s, cell_id) replaced by mast's layer
// and columns of the same shape: the key (int8), the geometry, three text
// attributes and a timestamp.

// layer is the view the benchmark reads.
const layer = "event_points"

// qgisDeclare is QGIS's first message of a feature read: a read-only
// transaction and a BINARY cursor over the geometry as little-endian WKB,
// the key and every other attribute cast to text (trace #44).
func qgisDeclare(cursor string) string {
	return `BEGIN READ ONLY;DECLARE ` + cursor + ` BINARY CURSOR FOR ` + qgisSelect
}

const qgisSelect = `SELECT st_asbinary("geom",'NDR'),"point_id","subject"::text,"t"::text,"kind"::text,"cell_key"::text FROM "public"."event_points"`

// qgisFetch is what QGIS sends until a FETCH returns fewer rows than asked.
func qgisFetch(cursor string) string { return `FETCH FORWARD 2000 FROM ` + cursor }

const qgisFetchRows = 2000

// qgisClose ends the read (trace #46).
func qgisClose(cursor string) string { return `CLOSE ` + cursor + `;COMMIT` }

// qgisBBoxDeclare is the read QGIS makes when the map shows part of a
// layer: the features whose bounding box meets the view's (trace #47).
func qgisBBoxDeclare(cursor string, x1, y1, x2, y2 float64) string {
	return fmt.Sprintf(`BEGIN READ ONLY;DECLARE %s BINARY CURSOR FOR SELECT st_asbinary("geom",'NDR'),"point_id","cell_key"::text FROM "public"."event_points" WHERE "geom" && st_makeenvelope(%.17g,%.17g,%.17g,%.17g,4326)`,
		cursor, x1, y1, x2, y2)
}

// qgisProbes are what QGIS sends on every new connection before it reads
// anything (trace connection #2, #25-#33), each as its own Query message.
var qgisProbes = []string{
	`SELECT regclass('pg_class')::oid AS oidselect;BEGIN;DECLARE oidcursor BINARY CURSOR FOR SELECT regclass('pg_class')::oid AS oidbinarycursor;FETCH FORWARD 1 FROM oidcursor;CLOSE oidcursor;COMMIT;`,
	`SELECT postgis_version()`,
	`SELECT postgis_geos_version(), postgis_proj_version()`,
	`SELECT has_schema_privilege(n.oid, 'usage') AND has_table_privilege(t.oid, 'select') AND has_table_privilege(l.oid, 'select') FROM pg_namespace n, pg_class t, pg_class l WHERE n.nspname = 'topology' AND t.relnamespace = n.oid AND l.relnamespace = n.oid AND t.relname = 'topology' AND l.relname = 'layer'`,
	`SELECT has_table_privilege(c.oid, 'select') AND has_table_privilege(f.oid, 'select') FROM pg_class c, pg_class f, pg_namespace n, pg_extension e WHERE c.relnamespace = n.oid AND c.relname = 'pointcloud_columns' AND f.relnamespace = n.oid AND f.relname = 'pointcloud_formats' AND n.oid = e.extnamespace AND e.extname = 'pointcloud'`,
	`SELECT has_table_privilege(c.oid, 'select') FROM pg_class c, pg_namespace n, pg_type t WHERE c.relnamespace = n.oid AND n.oid = t.typnamespace AND c.relname = 'raster_columns' AND t.typname = 'raster'`,
	`SET application_name='QGIS'`,
	`SET extra_float_digits=3`,
	`SELECT EXISTS ( SELECT oid FROM pg_catalog.pg_class WHERE relname='layer_styles')`,
}

// gdalCursor is the name GDAL gives its layer reader (the address of the
// reader object).
const gdalCursor = "OGRPGLayerReader0x564a8238fe00"

// gdalDeclare is GDAL's cursor over every column of the layer, in text
// (ogr2ogr trace #20); each GDAL statement is its own Parse, Bind,
// Describe, Execute and Sync of the unnamed statement.
const gdalDeclare = `DECLARE ` + gdalCursor + ` CURSOR for ` + gdalSelect

const gdalSelect = `SELECT "point_id", "geom", "subject", "t", "kind", "cell_key" FROM "event_points"`

// gdalFetch is sent until a FETCH returns no rows (trace #21).
const gdalFetch = `FETCH 500 in ` + gdalCursor

// byNumber is a small filtered query with parameters, as a BI tool or a
// script sends it through the extended protocol: one handset's events from
// a time on.
const byNumber = `SELECT event_id, start_utc, direction, kind, other_msisdn, duration_s, start_cell FROM events WHERE subject_msisdn = $1 AND start_utc >= $2 ORDER BY start_utc LIMIT 20`
