package udf_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPostGISHelpers(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	for _, tc := range []struct{ q, want string }{
		{`SELECT pg_st_box(min(pg_st_xmin(g)), min(pg_st_ymin(g)), max(pg_st_xmax(g)), max(pg_st_ymax(g)))
		  FROM (VALUES (st_point(-0.2, 51.5)), (st_point(0.1, 51.4)), (NULL)) t(g)`, "BOX(-0.2 51.4,0.1 51.5)"},
		{`SELECT pg_st_box(1, 2, 3, 4)`, "BOX(1 2,3 4)"},
		{`SELECT st_astext(pg_st_makeenvelope(-1, 50, 1, 52))`, "POLYGON ((-1 50, -1 52, 1 52, 1 50, -1 50))"},
		{`SELECT st_astext(pg_st_collect(list(g))) FROM (VALUES (st_point(1, 2)), (st_point(3, 4))) t(g)`, "MULTIPOINT (1 2, 3 4)"},
		{`SELECT st_astext(pg_st_collect([st_point(1, 2), pg_st_makeenvelope(0, 0, 1, 1)]))`,
			"GEOMETRYCOLLECTION (POINT (1 2), POLYGON ((0 0, 0 1, 1 1, 1 0, 0 0)))"},
		{`SELECT pg_st_xmax(pg_st_makeenvelope(-1, 50, 1, 52))::VARCHAR`, "1.0"},
	} {
		require.Equal(t, tc.want, one(t, db, tc.q), tc.q)
	}
	require.Nil(t, one(t, db, `SELECT pg_st_xmin('POINT EMPTY'::GEOMETRY)`))
	require.Nil(t, one(t, db, `SELECT pg_st_collect([]::GEOMETRY[])`))
}
