package udf_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSectorWedgeIsAGeometryFacingItsAzimuth(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	require.Equal(t, "GEOMETRY", one(t, db, `SELECT typeof(sector_wedge(52.48, -1.90, 0, 60, 1000))`))
	wkt := one(t, db, `SELECT st_astext(sector_wedge(52.48, -1.90, 0, 60, 1000))`).(string)
	require.True(t, strings.HasPrefix(wkt, "POLYGON ((-1.9 52.48, "), wkt)
	// Facing north: every arc point is north of the site; the middle of the
	// arc is 1 km north (0.009 degrees of latitude).
	var minLat, maxLat float64
	require.NoError(t, db.QueryRow(`
		WITH w AS (SELECT sector_cells(52.48, -1.90, 0, 60, 1000, 10) AS cs)
		SELECT min(h3_cell_to_lat(c)), max(h3_cell_to_lat(c)) FROM (SELECT unnest(cs) AS c FROM w)`).Scan(&minLat, &maxLat))
	require.Greater(t, minLat, 52.475, "no cell far south of the site")
	require.InDelta(t, 52.489, maxLat, 0.002)
	// Facing south instead, the cells are south.
	require.NoError(t, db.QueryRow(`
		SELECT max(h3_cell_to_lat(c)) FROM (SELECT unnest(sector_cells(52.48, -1.90, 180, 60, 1000, 10)) AS c)`).Scan(&maxLat))
	require.Less(t, maxLat, 52.485)
}

func TestCellsWithoutAzimuthAreDisks(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	require.Equal(t, "disk", one(t, db, `SELECT sector_shape(NULL, NULL)`))
	require.Equal(t, "disk", one(t, db, `SELECT sector_shape(90, 360)`))
	require.Equal(t, "wedge", one(t, db, `SELECT sector_shape(90, NULL)`))
	// A disk drawn with no azimuth covers about pi r^2; a 120-degree wedge a third of that.
	disk := one(t, db, `SELECT len(sector_cells(52.48, -1.90, NULL, NULL, 2000, 9))`).(int64)
	wedge := one(t, db, `SELECT len(sector_cells(52.48, -1.90, 90, 120, 2000, 9))`).(int64)
	require.InDelta(t, 3.0, float64(disk)/float64(wedge), 0.8, "disk %d cells, wedge %d", disk, wedge)
	require.Equal(t, int64(73), one(t, db, `SELECT len(string_split(st_astext(sector_wedge(52.48, -1.90, NULL, NULL, 500)), ','))`))
}

func TestGeometryFunctionsRefuseNothingSilently(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	require.Nil(t, one(t, db, `SELECT sector_wedge(NULL, -1.9, 0, 60, 1000)`))
	require.Nil(t, one(t, db, `SELECT sector_wedge(52.4, -1.9, 0, 60, -5)`))
	require.Equal(t, "POINT (-1.9 52.48)", one(t, db, `SELECT st_astext(st_point(-1.9, 52.48))`))
	require.Equal(t, "LINESTRING (-1.9 52.48, -1.8 52.5)", one(t, db, `SELECT st_astext(path_line([52.48, 52.5], [-1.9, -1.8]))`))
	n := one(t, db, `SELECT len(h3_polygon_wkt_to_cells('POLYGON ((-1.91 52.47, -1.89 52.47, -1.89 52.49, -1.91 52.49, -1.91 52.47))', 9))`).(int64)
	require.Greater(t, n, int64(30))
	require.Nil(t, one(t, db, `SELECT h3_polygon_wkt_to_cells('POINT (1 2)', 9)`))
}

func TestE164ReadsNumbersInTheCaseRegion(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	for in, want := range map[string]any{
		"07700 900123":    "+447700900123",
		"+447700900123":   "+447700900123",
		"00447700900123":  "+447700900123",
		"234101234567890": nil, // an IMSI
		"HSBC":            nil,
	} {
		require.Equal(t, want, one(t, db, `SELECT e164(?)`, in), in)
	}
	require.Equal(t, "+447700900123", one(t, db, `SELECT coalesce(e164('07700 900123'), '07700 900123')`))
}
