package loaders

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// A placeholder IMEI names no handset: the event loads without an IMEI (so
// that placeholders do not link unrelated events on subject_imei14), and a
// row whose only subject is a placeholder is rejected for having none.
func TestPlaceholderIMEIIsNoIMEI(t *testing.T) {
	t.Parallel()
	yaml := `name: imei-test
kind: cdr
time: {zone: UTC}
fields:
  subject_msisdn: {column: msisdn}
  subject_imei:   {column: imei}
  start_time:     {column: start}
  direction:      {const: out}
  kind:           {const: voice}
`
	src := "msisdn,imei,start\n" +
		"2025550123,000000000000000,2026-03-01T10:00:00Z\n" +
		"2025550124,111111111111111,2026-03-01T10:00:00Z\n" +
		"2025550125,354672093182549,2026-03-01T10:00:00Z\n" +
		",000000000000000,2026-03-01T10:00:00Z\n"
	rows, rejects := readWith(t, yaml, src)
	require.Len(t, rows, 3)
	require.NotContains(t, rows[0], "imei")
	require.NotContains(t, rows[1], "imei")
	require.Contains(t, rows[2], `subject_imei14="35467209318254"`)
	require.Equal(t, []string{`line 5 subject_imei: no subject: number and IMSI are empty and IMEI "000000000000000" is a placeholder`}, rejects)
}
