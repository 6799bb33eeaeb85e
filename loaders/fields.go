package loaders

// The canonical fields a profile can map, by kind. Their meaning is in
// docs/profiles.md; where they land is in docs/schema.md.
var fieldsByKind = map[Kind]map[string]struct{}{
	KindCDR: set("record_id", "subject_msisdn", "calling_party", "called_party", "subject_imsi", "subject_imei", "other_party",
		"direction", "kind", "call_type", "start_time", "end_time", "duration_s", "time_zone",
		"start_cell", "end_cell", "cell_switch", "ta_m", "lat", "lon", "lat_lon", "location", "charging_id"),
	KindCells: set("radio", "mcc", "mnc", "lac", "ci", "enb", "sector", "cell", "unit", "site_id", "site_name",
		"lat", "lon", "easting", "northing", "azimuth", "beamwidth", "range_m", "valid_from", "valid_to"),
	KindANPR: set("vrm", "lat", "lon", "time", "camera_id", "camera_name", "direction", "confidence", "lane"),
}

// requiredByKind lists, per kind, groups of fields of which a profile must map
// at least one.
var requiredByKind = map[Kind][][]string{
	KindCDR: {
		{"subject_msisdn", "subject_imsi", "subject_imei", "calling_party"},
		{"direction", "call_type"},
		{"kind", "call_type"},
		{"start_time"},
	},
	KindCells: {
		{"mcc", "cell"},
		{"ci", "enb", "cell"},
		{"lat", "easting"},
		{"lon", "northing"},
	},
	KindANPR: {
		{"vrm"},
		{"time"},
	},
}

func set(names ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(names))
	for _, n := range names {
		m[n] = struct{}{}
	}
	return m
}
