package udf_test

import (
	"context"
	gosql "database/sql"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/udf"
)

// newDB opens an in-memory database with mast's functions registered.
func newDB(t *testing.T) *gosql.DB {
	t.Helper()
	db, err := gosql.Open("duckdb", "")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(context.Background())
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, udf.Register(context.Background(), conn, udf.Options{Region: "GB"}))
	return db
}

func one(t *testing.T, db *gosql.DB, q string, args ...any) any {
	t.Helper()
	var v any
	require.NoError(t, db.QueryRow(q, args...).Scan(&v), q)
	return v
}

// The values below are H3's own (h3geo.org examples and h3-py), so they
// check mast's functions against the library's documented answers.
func TestH3FunctionsAnswerAsTheH3ExtensionDoes(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	cases := []struct {
		name, q string
		want    any
	}{
		{"cell of a point", `SELECT h3_h3_to_string(h3_latlng_to_cell(37.7752702151959, -122.418307270836, 9))`, "8928308280fffff"},
		{"cell as string", `SELECT h3_latlng_to_cell_string(37.7752702151959, -122.418307270836, 9)`, "8928308280fffff"},
		{"string round trip", `SELECT h3_h3_to_string(h3_string_to_h3('8928308280fffff'))`, "8928308280fffff"},
		{"resolution", `SELECT h3_get_resolution(h3_string_to_h3('8928308280fffff'))`, int32(9)},
		{"resolution of text", `SELECT h3_get_resolution('8928308280fffff')`, int32(9)},
		{"parent", `SELECT h3_cell_to_parent('8928308280fffff', 8)`, "8828308281fffff"},
		{"parent of bigint keeps bigint", `SELECT typeof(h3_cell_to_parent(h3_string_to_h3('8928308280fffff')::BIGINT, 8))`, "BIGINT"},
		{"seven children", `SELECT len(h3_cell_to_children(h3_string_to_h3('8928308280fffff'), 10))`, int64(7)},
		{"children go back to the parent", `SELECT bool_and(h3_cell_to_parent(c, 9) = h3_string_to_h3('8928308280fffff')) FROM (SELECT unnest(h3_cell_to_children(h3_string_to_h3('8928308280fffff'), 11)) AS c)`, true},
		{"disk of one ring", `SELECT len(h3_grid_disk('8928308280fffff', 1))`, int64(7)},
		{"disk of two rings", `SELECT len(h3_grid_disk(h3_string_to_h3('8928308280fffff'), 2))`, int64(19)},
		{"distance to a neighbour", `SELECT h3_grid_distance('8928308280fffff', '8928308280bffff')`, int64(1)},
		{"centre latitude", `SELECT round(h3_cell_to_lat('8928308280fffff'), 6)`, 37.776702},
		{"centre longitude", `SELECT round(h3_cell_to_lng('8928308280fffff'), 6)`, -122.418459},
		{"boundary is a closed hexagon", `SELECT len(string_split(h3_cell_to_boundary_wkt('8928308280fffff'), ','))`, int64(7)},
		{"valid", `SELECT h3_is_valid_cell('8928308280fffff')`, true},
		{"invalid", `SELECT h3_is_valid_cell(12345::UBIGINT)`, false},
		{"invalid gives NULL", `SELECT h3_cell_to_lat(12345::UBIGINT)`, nil},
		{"bad text gives NULL", `SELECT h3_string_to_h3('not a cell')`, nil},
		{"bad resolution gives NULL", `SELECT h3_latlng_to_cell(52.0, -1.9, 16)`, nil},
		{"latitude out of range gives NULL", `SELECT h3_latlng_to_cell(95.0, -1.9, 9)`, nil},
		{"NULL in, NULL out", `SELECT h3_latlng_to_cell(NULL, -1.9, 9)`, nil},
		{"parent finer than the cell gives NULL", `SELECT h3_cell_to_parent('8828308281fffff', 9)`, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.want, one(t, db, c.q))
		})
	}
}

func TestH3RunsOverManyRows(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	// More rows than one chunk, with NULLs among them: every row answered.
	var n, nulls int64
	require.NoError(t, db.QueryRow(`
		SELECT count(c), count(*) - count(c) FROM (
		  SELECT h3_latlng_to_cell(CASE WHEN i % 100 = 0 THEN NULL ELSE 52 + i / 1e5 END, -1.9, 9) AS c
		  FROM range(10000) t(i))`).Scan(&n, &nulls))
	require.Equal(t, int64(9900), n)
	require.Equal(t, int64(100), nulls)
}
