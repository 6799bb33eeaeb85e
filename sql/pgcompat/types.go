package pgcompat

import (
	"strconv"
	"strings"
)

// Type is how a DuckDB type is presented to PostgreSQL clients.
type Type struct {
	OID  uint32 // pg_type oid
	Name string // pg_type typname
	Len  int16  // typlen: byte width, -1 for variable length
	Mod  int32  // typmod: -1 when none
	// Elem is the element type of an array type (0 otherwise).
	Elem uint32
}

// PostgreSQL type OIDs mast presents. The geometry OIDs are mast's own,
// fixed so that they are the same in every session and every case (PostGIS
// assigns them when the extension is created; clients look them up in
// pg_type by name).
const (
	OIDBool        uint32 = 16
	OIDBytea       uint32 = 17
	OIDChar        uint32 = 18
	OIDName        uint32 = 19
	OIDInt8        uint32 = 20
	OIDInt2        uint32 = 21
	OIDInt2Vector  uint32 = 22
	OIDInt4        uint32 = 23
	OIDRegproc     uint32 = 24
	OIDText        uint32 = 25
	OIDOID         uint32 = 26
	OIDJSON        uint32 = 114
	OIDFloat4      uint32 = 700
	OIDFloat8      uint32 = 701
	OIDUnknown     uint32 = 705
	OIDBoolArray   uint32 = 1000
	OIDInt2Array   uint32 = 1005
	OIDInt4Array   uint32 = 1007
	OIDTextArray   uint32 = 1009
	OIDInt8Array   uint32 = 1016
	OIDFloat8Array uint32 = 1022
	OIDOIDArray    uint32 = 1028
	OIDVarchar     uint32 = 1043
	OIDDate        uint32 = 1082
	OIDTime        uint32 = 1083
	OIDTimestamp   uint32 = 1114
	OIDTimestamptz uint32 = 1184
	OIDInterval    uint32 = 1186
	OIDNumeric     uint32 = 1700
	OIDRegclass    uint32 = 2205
	OIDRegtype     uint32 = 2206
	OIDUUID        uint32 = 2950
	OIDJSONB       uint32 = 3802

	OIDGeometry      uint32 = 16392
	OIDGeometryArray uint32 = 16397
)

// GeometryPoint4326Mod is the typmod PostGIS gives geometry(Point,4326);
// mast's point layers carry it so that clients read the type and SRID from
// the column as they do from PostGIS.
const GeometryPoint4326Mod int32 = 1107460

// TypeOf maps a DuckDB type name, as database/sql's
// ColumnType.DatabaseTypeName gives it ("BIGINT", "DECIMAL(18,3)",
// "INTEGER[]", "STRUCT(a INTEGER)", "GEOMETRY"), to the PostgreSQL type
// mast presents. Types with no PostgreSQL counterpart (STRUCT, MAP, UNION)
// are presented as text.
func TypeOf(duck string) Type {
	d := strings.ToUpper(strings.TrimSpace(duck))
	if strings.HasSuffix(d, "[]") {
		elem := TypeOf(strings.TrimSuffix(d, "[]"))
		if a, ok := arrayOf[elem.OID]; ok {
			return Type{OID: a, Name: "_" + elem.Name, Len: -1, Mod: -1, Elem: elem.OID}
		}
		return Type{OID: OIDTextArray, Name: "_text", Len: -1, Mod: -1, Elem: OIDText}
	}
	if strings.HasPrefix(d, "DECIMAL") || strings.HasPrefix(d, "NUMERIC") {
		t := Type{OID: OIDNumeric, Name: "numeric", Len: -1, Mod: -1}
		if open := strings.IndexByte(d, '('); open > 0 && strings.HasSuffix(d, ")") {
			parts := strings.Split(d[open+1:len(d)-1], ",")
			if len(parts) == 2 {
				p, err1 := strconv.Atoi(strings.TrimSpace(parts[0]))
				s, err2 := strconv.Atoi(strings.TrimSpace(parts[1]))
				if err1 == nil && err2 == nil {
					t.Mod = int32(p<<16|s) + 4
				}
			}
		}
		return t
	}
	if i := strings.IndexByte(d, '('); i > 0 {
		switch d[:i] {
		case "STRUCT", "MAP", "UNION":
			return Type{OID: OIDText, Name: "text", Len: -1, Mod: -1}
		}
		d = d[:i]
	}
	switch d {
	case "BOOLEAN", "BOOL":
		return Type{OID: OIDBool, Name: "bool", Len: 1, Mod: -1}
	case "TINYINT", "SMALLINT", "UTINYINT", "INT2":
		return Type{OID: OIDInt2, Name: "int2", Len: 2, Mod: -1}
	case "INTEGER", "USMALLINT", "INT4", "INT":
		return Type{OID: OIDInt4, Name: "int4", Len: 4, Mod: -1}
	case "UINTEGER":
		// DuckDB's unsigned 32-bit integer is PostgreSQL's oid: the
		// emulated catalog stores every oid column as UINTEGER.
		return Type{OID: OIDOID, Name: "oid", Len: 4, Mod: -1}
	case "BIGINT", "INT8":
		return Type{OID: OIDInt8, Name: "int8", Len: 8, Mod: -1}
	case "UBIGINT", "HUGEINT", "UHUGEINT", "BIGNUM", "VARINT":
		return Type{OID: OIDNumeric, Name: "numeric", Len: -1, Mod: -1}
	case "FLOAT", "REAL", "FLOAT4":
		return Type{OID: OIDFloat4, Name: "float4", Len: 4, Mod: -1}
	case "DOUBLE", "FLOAT8":
		return Type{OID: OIDFloat8, Name: "float8", Len: 8, Mod: -1}
	case "VARCHAR", "TEXT", "STRING", "ENUM", "BIT":
		return Type{OID: OIDText, Name: "text", Len: -1, Mod: -1}
	case "BLOB", "BYTEA":
		return Type{OID: OIDBytea, Name: "bytea", Len: -1, Mod: -1}
	case "DATE":
		return Type{OID: OIDDate, Name: "date", Len: 4, Mod: -1}
	case "TIME":
		return Type{OID: OIDTime, Name: "time", Len: 8, Mod: -1}
	case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS":
		return Type{OID: OIDTimestamp, Name: "timestamp", Len: 8, Mod: -1}
	case "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE":
		return Type{OID: OIDTimestamptz, Name: "timestamptz", Len: 8, Mod: -1}
	case "INTERVAL":
		return Type{OID: OIDInterval, Name: "interval", Len: 16, Mod: -1}
	case "UUID":
		return Type{OID: OIDUUID, Name: "uuid", Len: 16, Mod: -1}
	case "JSON":
		return Type{OID: OIDJSON, Name: "json", Len: -1, Mod: -1}
	case "GEOMETRY":
		return Type{OID: OIDGeometry, Name: "geometry", Len: -1, Mod: -1}
	}
	return Type{OID: OIDText, Name: "text", Len: -1, Mod: -1}
}

var arrayOf = map[uint32]uint32{
	OIDBool:     OIDBoolArray,
	OIDInt2:     OIDInt2Array,
	OIDInt4:     OIDInt4Array,
	OIDInt8:     OIDInt8Array,
	OIDText:     OIDTextArray,
	OIDFloat8:   OIDFloat8Array,
	OIDOID:      OIDOIDArray,
	OIDGeometry: OIDGeometryArray,
}
