package loaders

import (
	"testing"

	"github.com/stretchr/testify/require"
)

const cellListYAML = `name: cells-test
kind: cells
cells: {form: cgi}
fields:
  radio: {column: radio}
  mcc:   {column: mcc}
  mnc:   {column: mnc}
  lac:   {column: lac}
  ci:    {column: ci}
  lat:   {column: lat}
  lon:   {column: lon}
`

// A cell identity has at most 36 bits (an NR cell), as normalize.ParseKey
// reads keys back: 2^36 - 1 loads, 2^36 does not.
func TestCellListCILimit(t *testing.T) {
	t.Parallel()
	src := "radio,mcc,mnc,lac,ci,lat,lon\n" +
		"NR,234,15,1205,68719476735,51.5,-0.1\n" +
		"NR,234,15,1205,68719476736,51.5,-0.1\n"
	rows, rejects := readWith(t, cellListYAML, src)
	require.Len(t, rows, 1)
	require.Contains(t, rows[0], `cell_key="234-15-68719476735"`)
	require.Equal(t, []string{"line 3 ci: ci: 68719476736 is larger than 68719476735"}, rejects)
}

func TestCellListENodeBAndSector(t *testing.T) {
	t.Parallel()
	yaml := `name: enb-test
kind: cells
fields:
  mcc:    {column: mcc}
  mnc:    {column: mnc}
  ci:     {column: eci}
  enb:    {column: enb}
  sector: {column: sector}
  lat:    {column: lat}
  lon:    {column: lon}
`
	src := "mcc,mnc,eci,enb,sector,lat,lon\n" +
		"404,98,,123456,2,22.5,88.3\n" + // ECI = 123456 × 256 + 2
		"404,98,31604738,,,22.5,88.3\n" + // the same cell by its ECI
		"404,98,,123456,256,22.5,88.3\n" +
		"404,98,,1048576,1,22.5,88.3\n"
	rows, rejects := readWith(t, yaml, src)
	require.Len(t, rows, 2)
	require.Contains(t, rows[0], `cell_key="404-98-31604738" radio="LTE"`)
	require.Contains(t, rows[1], `cell_key="404-98-31604738"`)
	require.Equal(t, []string{
		"line 4 sector: sector: 256 is larger than 255",
		"line 5 enb: eNodeB id: 1048576 is larger than 1048575",
	}, rejects)
	_, err := ParseProfile([]byte("name: x\nkind: cells\nfields: {mcc: {column: a}, enb: {column: b}, lat: {column: c}, lon: {column: d}}\n"), "test")
	require.ErrorContains(t, err, "enb needs sector")
}

// The cell parser of a cell list keeps its cache from row to row: reading
// the same cell text again allocates nothing for the parse (it used to copy
// the parser, and so a new cache, for every row).
func TestCellListParserCacheSurvivesRows(t *testing.T) {
	p, err := ParseProfile([]byte("name: x\nkind: cells\ncells: {form: cgi}\nfields: {cell: {column: cell}, radio: {column: radio}, lat: {column: lat}, lon: {column: lon}}\n"), "test")
	require.NoError(t, err)
	pl, err := compile(p, []string{"cell", "radio", "lat", "lon"}, nil, ReadOptions{Region: "GB"})
	require.NoError(t, err)
	rows, err := newCellRows(pl)
	require.NoError(t, err)
	fields := [][]byte{[]byte("234-15-1201-31010"), []byte("GSM"), []byte("51.5"), []byte("-0.1")}
	line := int64(0)
	add := func() {
		line++
		if _, reason, ok := rows.add(fields, line); !ok {
			t.Fatal(reason)
		}
	}
	add()
	// What is left per row is the key's text; before the fix a row also
	// made a map and copied the text into it.
	require.LessOrEqual(t, testing.AllocsPerRun(1000, add), 1.0)
}
