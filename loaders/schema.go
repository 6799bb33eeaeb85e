package loaders

import (
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
)

// The Arrow schemas of the rows a Stream yields. Column names are the case
// tables' (catalog/migrations); engine inserts by name. Each schema lists the
// columns a worker builds, in the order its rowBuilder appends them, then the
// id the Stream assigns, then (events only) duplicate_of.

var (
	tsUTC = &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	str_  = arrow.BinaryTypes.String
	i32   = arrow.PrimitiveTypes.Int32
	i64   = arrow.PrimitiveTypes.Int64
	f64   = arrow.PrimitiveTypes.Float64
	u64   = arrow.PrimitiveTypes.Uint64
	bool_ = arrow.FixedWidthTypes.Boolean
	i16   = arrow.PrimitiveTypes.Int16
)

func fields(specs ...arrow.Field) *arrow.Schema { return arrow.NewSchema(specs, nil) }

func col(name string, t arrow.DataType) arrow.Field {
	return arrow.Field{Name: name, Type: t, Nullable: true}
}

var eventsSchema = fields(
	col("source_id", i32),
	col("source_row", i64),
	col("record_id", str_),
	col("subject_msisdn", str_),
	col("subject_imsi", str_),
	col("subject_imei", str_),
	col("subject_imei14", str_),
	col("other_msisdn", str_),
	col("other_raw", str_),
	col("other_kind", str_),
	col("dialled", bool_),
	col("direction", str_),
	col("kind", str_),
	col("start_utc", tsUTC),
	col("end_utc", tsUTC),
	col("duration_s", i32),
	col("time_text", str_),
	col("time_zone", str_),
	col("time_flag", str_),
	col("start_cell", str_),
	col("end_cell", str_),
	col("ta_m", i32),
	col("provider_lat", f64),
	col("provider_lon", f64),
	col("location_text", str_),
	col("charging_id", str_),
	col("fingerprint", u64),
	col("event_id", i64),
	col("duplicate_of", i64),
)

var cellsSchema = fields(
	col("source_id", i32),
	col("source_row", i64),
	col("cell_key", str_),
	col("radio", str_),
	col("mcc", i32),
	col("mnc", i32),
	col("lac", i64),
	col("ci", i64),
	col("sector", i16),
	col("unit", i32),
	col("site_id", str_),
	col("site_name", str_),
	col("lat", f64),
	col("lon", f64),
	col("easting", f64),
	col("northing", f64),
	col("coord_source", str_),
	col("azimuth", f64),
	col("beamwidth", f64),
	col("omni", bool_),
	col("range_m", f64),
	col("valid_from", tsUTC),
	col("valid_to", tsUTC),
	col("cell_id", i64),
)

var anprSchema = fields(
	col("source_id", i32),
	col("source_row", i64),
	col("vrm", str_),
	col("vrm_raw", str_),
	col("camera_id", str_),
	col("camera_name", str_),
	col("lat", f64),
	col("lon", f64),
	col("read_utc", tsUTC),
	col("time_text", str_),
	col("time_zone", str_),
	col("time_flag", str_),
	col("direction", str_),
	col("confidence", f64),
	col("lane", str_),
	col("read_id", i64),
)

// eventsFedBy names, for the events columns that only a profile field can
// fill, the fields that fill them. A column none of whose fields the plan
// maps is left out of the stream's schema: it would be NULL on every row, and
// the engine inserts by name, so the table's default (NULL) fills it without
// the column being built, handed over and read row by row.
var eventsFedBy = map[string][]string{
	"record_id":     {"record_id"},
	"ta_m":          {"ta_m"},
	"provider_lat":  {"lat", "lon", "lat_lon", "location"},
	"provider_lon":  {"lat", "lon", "lat_lon", "location"},
	"location_text": {"location"},
	"charging_id":   {"charging_id"},
}

// schemaFor returns full without the columns of fedBy whose fields mapped
// never reports as mapped.
func schemaFor(full *arrow.Schema, fedBy map[string][]string, mapped func(field string) bool) *arrow.Schema {
	var keep []arrow.Field
	for _, f := range full.Fields() {
		fields, optional := fedBy[f.Name]
		if optional && !slices.ContainsFunc(fields, mapped) {
			continue
		}
		keep = append(keep, f)
	}
	if len(keep) == full.NumFields() {
		return full
	}
	return arrow.NewSchema(keep, nil)
}
