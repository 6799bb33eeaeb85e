package udf_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// local_time gives the wall clock DuckDB's timezone() gives, across both
// clock changes of a year and in zones whose offset is not whole hours, and
// refuses a zone it does not know.
func TestLocalTimeIsTheWallClockOfTheZone(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	var differ, n int64
	require.NoError(t, db.QueryRow(`
		WITH z(zone) AS (VALUES ('Europe/London'), ('Asia/Kolkata'), ('Australia/Adelaide'), ('America/St_Johns'),
		                        ('Asia/Kathmandu'), ('America/New_York'), ('UTC')),
		     t AS (SELECT unnest(generate_series(TIMESTAMPTZ '2026-01-01 00:00:00+00', TIMESTAMPTZ '2027-01-01 00:00:00+00', INTERVAL 7 MINUTE)) AS t)
		SELECT count(*) FILTER (WHERE local_time(t, zone) IS DISTINCT FROM timezone(zone, t)), count(*)
		FROM t, z`).Scan(&differ, &n))
	require.Zero(t, differ, "of %d times", n)
	require.Greater(t, n, int64(500000))

	// The hour repeated when British Summer Time ends: 00:30 and 01:30 UTC
	// both read 01:30 in London.
	require.Equal(t, "2026-10-25 01:30:00|2026-10-25 01:30:00", one(t, db,
		`SELECT strftime(local_time(TIMESTAMPTZ '2026-10-25 00:30:00+00', 'Europe/London'), '%Y-%m-%d %H:%M:%S') || '|' ||
		        strftime(local_time(TIMESTAMPTZ '2026-10-25 01:30:00+00', 'Europe/London'), '%Y-%m-%d %H:%M:%S')`))
	require.Nil(t, one(t, db, `SELECT local_time(NULL, 'UTC')`))

	_, err := db.Exec(`SELECT local_time(TIMESTAMPTZ '2026-01-01 00:00:00+00', 'Mars/Olympus')`)
	require.ErrorContains(t, err, `unknown time zone "Mars/Olympus"`)
}
