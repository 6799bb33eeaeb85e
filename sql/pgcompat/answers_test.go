package pgcompat_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/sql/pgcompat"
)

// run translates one statement, runs it and returns its column names and
// rows.
func run(t *testing.T, q string, args ...any) ([]string, [][]any) {
	t.Helper()
	db, cat := demo(t)
	stmts, err := cat.Translate(q)
	require.NoError(t, err)
	require.Len(t, stmts, 1)
	st := stmts[0]
	require.Contains(t, []pgcompat.Kind{pgcompat.KindQuery, pgcompat.KindDeclare}, st.Kind, "%+v", st)
	rows, err := db.QueryContext(t.Context(), st.SQL, args...)
	require.NoError(t, err, st.SQL)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		out = append(out, vals)
	}
	require.NoError(t, rows.Err())
	return cols, out
}

func one(t *testing.T, q string, args ...any) any {
	t.Helper()
	_, rows := run(t, q, args...)
	require.Len(t, rows, 1, q)
	return rows[0][0]
}

func TestGeometryTypeHasMastsOID(t *testing.T) {
	_, rows := run(t, `SELECT oid, typname FROM pg_type WHERE typname IN ('geometry', 'geography') AND typtype='b'`)
	require.Equal(t, [][]any{{uint32(16392), "geometry"}}, rows)
}

func TestGDALFindsTheKeyOfATable(t *testing.T) {
	oid := pgcompat.RelationOID("public", "events")
	_, rows := run(t, fmt.Sprintf(`SELECT a.attname, a.attnum, t.typname, t.typname = ANY(ARRAY['int2','int4','int8','serial','bigserial']) AS isfid FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid JOIN pg_index i ON i.indrelid = a.attrelid WHERE a.attnum > 0 AND a.attrelid = %d AND i.indisprimary = 't' AND t.typname !~ '^geom' AND a.attnum = ANY(i.indkey) ORDER BY a.attnum`, oid))
	require.Equal(t, [][]any{{"event_id", int16(1), "int8", true}}, rows)
}

func TestQGISFindsTheKeyOfEachLayerView(t *testing.T) {
	for view, want := range map[string][]string{
		"event_points":  {"point_id"},
		"camera_points": {"camera_id"},
		"cell_wedges":   {"cell_id"},
		"journey_lines": {"journey_id"},
		"trace_events":  {"id"}, // a table with a DuckDB PRIMARY KEY
	} {
		t.Run(view, func(t *testing.T) {
			idx := one(t, fmt.Sprintf(`SELECT indexrelid FROM pg_index WHERE indrelid='"public"."%s"'::regclass AND (indisprimary OR indisunique) ORDER BY CASE WHEN indisprimary THEN 1 ELSE 2 END LIMIT 1`, view))
			_, rows := run(t, fmt.Sprintf(`SELECT attname,attnotnull FROM pg_index,pg_attribute WHERE indexrelid=%d AND indrelid=attrelid AND pg_attribute.attnum=any(pg_index.indkey) ORDER BY attnum`, idx))
			var got []string
			for _, r := range rows {
				got = append(got, r[0].(string))
			}
			require.ElementsMatch(t, want, got)
			// The unique-column query QGIS runs per layer: attnum::text = indkey::text.
			_, rows = run(t, fmt.Sprintf(`SELECT attnum, indisunique::int FROM pg_attribute LEFT OUTER JOIN ( SELECT DISTINCT indrelid, indkey, indisunique FROM pg_index WHERE indisunique ) uniq ON attrelid=indrelid AND attnum::text=indkey::text WHERE attrelid IN (%d) AND indisunique IS NOT NULL`, pgcompat.RelationOID("public", view)))
			require.Equal(t, len(want) == 1, len(rows) == 1, "%v", rows)
		})
	}
}

func TestGeometryColumnsListsTheLayers(t *testing.T) {
	_, rows := run(t, `SELECT f_table_name, upper(type), srid, coord_dimension FROM geometry_columns WHERE f_table_schema='public' AND f_table_name IN ('event_points','camera_points','cell_wedges','journey_lines') ORDER BY 1`)
	require.Equal(t, [][]any{
		{"camera_points", "POINT", int32(4326), int32(2)},
		{"cell_wedges", "POLYGON", int32(4326), int32(2)},
		{"event_points", "POINT", int32(4326), int32(2)},
		{"journey_lines", "LINESTRING", int32(4326), int32(2)},
	}, rows)
}

func TestArrayOutWritesPostgreSQLArrayText(t *testing.T) {
	_, rows := run(t, `SELECT array_out(ARRAY[1,2,3])::text, pg_catalog.array_out(ARRAY['a','b c','','null',NULL,'x"y','{z}'])::text, array_out(NULL::int[]), array_out(ARRAY[]::int[])`)
	require.Equal(t, [][]any{{"{1,2,3}", `{a,"b c","","null",NULL,"x\"y","{z}"}`, nil, "{}"}}, rows)
}

func TestFormatTypeNamesTypesAsPostgreSQL(t *testing.T) {
	oid := pgcompat.RelationOID("public", "event_points")
	_, rows := run(t, fmt.Sprintf(`SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.atttypmod FROM pg_catalog.pg_attribute a WHERE a.attrelid = '%d' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`, oid))
	got := map[string]string{}
	var order []string
	for _, r := range rows {
		got[r[0].(string)] = r[1].(string)
		order = append(order, r[0].(string))
	}
	require.Equal(t, []string{"point_id", "event_id", "subject", "direction", "kind", "other_msisdn", "other_raw", "t", "at_end",
		"cell_key", "site_lat", "site_lon", "source_id", "source_row", "geom"}, order)
	require.Equal(t, "geometry(Point,4326)", got["geom"])
	require.Equal(t, "bigint", got["event_id"])
	require.Equal(t, "bigint", got["point_id"])
	require.Equal(t, "text", got["subject"])
	require.Equal(t, "timestamp with time zone", got["t"])
	require.Equal(t, "boolean", got["at_end"])
	require.Equal(t, "double precision", got["site_lat"])
	require.Equal(t, "integer", got["source_id"])
	require.Equal(t, int32(pgcompat.GeometryPoint4326Mod), rows[len(rows)-1][2])
	require.Equal(t, "geometry(Polygon,4326)", one(t, `SELECT format_type(16392, 1107468)`))
}

func TestRegclassOfPgClassIsItsOwnRow(t *testing.T) {
	oid := one(t, `SELECT 'pg_class'::regclass::oid`)
	require.Equal(t, uint32(1259), oid)
	require.Equal(t, oid, one(t, `SELECT oid FROM pg_class WHERE relname = 'pg_class'`))
	require.Equal(t, oid, one(t, `SELECT regclass('pg_class')::oid AS oidselect`))
	require.Equal(t, "event_points", one(t, fmt.Sprintf(`SELECT c.oid::pg_catalog.regclass FROM pg_class c WHERE c.oid = %d`, pgcompat.RelationOID("public", "event_points"))))
}

func TestStExtentIsTheBoxOfTheCoordinates(t *testing.T) {
	db, _ := demo(t)
	var xmin, ymin, xmax, ymax float64
	require.NoError(t, db.QueryRowContext(t.Context(), `SELECT min(site_lon), min(site_lat), max(site_lon), max(site_lat) FROM event_points`).Scan(&xmin, &ymin, &xmax, &ymax))
	want := fmt.Sprintf("BOX(%v %v,%v %v)", xmin, ymin, xmax, ymax)
	require.Equal(t, want, one(t, `SELECT st_extent("geom") FROM "public"."event_points"`))
	require.Equal(t, want, one(t, `SELECT st_estimatedextent('public','event_points','geom')`))
}

func TestStAsBinaryIsTheWKB(t *testing.T) {
	db, _ := demo(t)
	var wkb []byte
	var x, y float64
	require.NoError(t, db.QueryRowContext(t.Context(), `SELECT st_asbinary(geom), site_lon, site_lat FROM event_points ORDER BY event_id LIMIT 1`).Scan(&wkb, &x, &y))
	require.Len(t, wkb, 21)
	require.Equal(t, byte(1), wkb[0]) // NDR
	require.Equal(t, wkb, one(t, `SELECT st_asbinary("geom",'NDR') FROM "public"."event_points" ORDER BY event_id LIMIT 1`))
	// The bounding-box filter QGIS sends: every point of the case is in
	// the world's box, none in a box off the coast of Africa.
	require.Equal(t, one(t, `SELECT count(*) FROM event_points`),
		one(t, `SELECT count(*) FROM "public"."event_points" WHERE "geom" && st_makeenvelope(-180, -90, 180, 90, 4326)`))
	require.Equal(t, int64(0), one(t, `SELECT count(*) FROM "public"."event_points" WHERE "geom" && st_makeenvelope(0, 0, 1, 1, 4326)`))
}

func TestTildeIsAPartialRegexMatch(t *testing.T) {
	_, rows := run(t, `SELECT c.relname FROM pg_catalog.pg_class c WHERE c.relname OPERATOR(pg_catalog.~) '^(events)$' COLLATE pg_catalog.default`)
	require.Equal(t, [][]any{{"events"}}, rows)
	_, rows = run(t, `SELECT relname FROM pg_class WHERE relname ~ 'vent_poi' AND relname !~ '_pkey$'`)
	require.Equal(t, [][]any{{"event_points"}}, rows)
}

func TestUnaliasedColumnsAreNamedAsPostgreSQLNamesThem(t *testing.T) {
	cols, _ := run(t, `SELECT count(*), max(relname::text) FROM pg_class`)
	require.Equal(t, []string{"count", "max"}, cols)
	cols, _ = run(t, `SELECT postgis_version(), 'x', relname::text, CASE WHEN true THEN 1 END, EXISTS (SELECT 1), 1::int4, c.oid::regclass, (SELECT relkind FROM pg_class LIMIT 1) FROM pg_class c LIMIT 1`)
	require.Equal(t, []string{"postgis_version", "?column?", "relname", "case", "exists", "int4", "oid", "relkind"}, cols)
}

func TestPsqlDescribeListsColumnsInOrder(t *testing.T) {
	oid := pgcompat.RelationOID("public", "trace_events")
	_, rows := run(t, fmt.Sprintf(`SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull FROM pg_catalog.pg_attribute a WHERE a.attrelid = '%d' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`, oid))
	require.Equal(t, [][]any{
		{"id", "bigint", true}, {"msisdn", "text", false}, {"ts", "timestamp with time zone", false},
		{"duration_s", "integer", false}, {"cell_id", "text", false}, {"geom", "geometry(Geometry,4326)", false},
	}, rows)
}

func TestColumnsCarryTheirOrigin(t *testing.T) {
	_, cat := demo(t)
	oid := pgcompat.RelationOID("public", "trace_events")
	stmts, err := cat.Translate(`SELECT st_asbinary("geom",'NDR'),"id","msisdn"::text FROM "public"."trace_events"`)
	require.NoError(t, err)
	require.Equal(t, []pgcompat.Origin{{}, {Table: oid, Column: 1}, {}}, stmts[0].Columns)
	stmts, err = cat.Translate(`SELECT * FROM (SELECT id, cell_id, geom FROM public.trace_events) AS "subQuery_0" LIMIT 1`)
	require.NoError(t, err)
	require.Equal(t, []pgcompat.Origin{{Table: oid, Column: 1}, {Table: oid, Column: 5}, {Table: oid, Column: 6}}, stmts[0].Columns)
}

func TestNewTablesAppearInTheCatalog(t *testing.T) {
	db, _ := demo(t)
	_, err := db.ExecContext(t.Context(), `CREATE TABLE later_table (k INTEGER PRIMARY KEY, g GEOMETRY)`)
	require.NoError(t, err)
	defer db.ExecContext(t.Context(), `DROP TABLE later_table`)
	require.Equal(t, uint32(pgcompat.RelationOID("public", "later_table")), one(t, `SELECT oid FROM pg_class WHERE relname = 'later_table'`))
	require.Equal(t, "GEOMETRY", one(t, `SELECT type FROM geometry_columns WHERE f_table_name = 'later_table'`))
}

// TestQGISGeometryTypeProbe runs the query QGIS sends to learn a subquery
// layer's geometry type, and the text form it reads boolean keys in.
func TestQGISGeometryTypeProbe(t *testing.T) {
	_, rows := run(t, `SELECT 0, array_agg(DISTINCT st_srid("geom")::text || ':' || UPPER(geometrytype("geom")) || ':' || ST_Zmflag("geom")) FROM (SELECT "geom" FROM (SELECT geom FROM cell_wedges UNION ALL SELECT st_makeenvelope(0, 0, 1, 1, 4326)) AS "subQuery_0") AS _unused`)
	require.Len(t, rows, 1)
	require.Equal(t, []any{"4326:POLYGON:0"}, rows[0][1])
	require.Equal(t, "LINESTRING", one(t, `SELECT geometrytype(path_line(ARRAY[51.0, 51.1], ARRAY[-0.1, -0.2]))`))
	require.Equal(t, "POINT", one(t, `SELECT geometrytype(geom) FROM camera_points LIMIT 1`))
	_, rows = run(t, `SELECT boolout(true)::text, boolout(false)::text, boolout(NULL::BOOLEAN)::text`)
	require.Equal(t, []any{"t", "f", nil}, rows[0])
}

func TestByteaLiteralsAreReadAsPostgreSQLReadsThem(t *testing.T) {
	_, rows := run(t, `SELECT '\x0102ff'::bytea, 'a\\b\001'::bytea, ''::bytea`)
	require.Equal(t, [][]any{{[]byte{1, 2, 0xff}, []byte{'a', '\\', 'b', 1}, []byte{}}}, rows)
}
