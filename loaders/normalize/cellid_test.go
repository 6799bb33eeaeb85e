package normalize

import (
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// sameCell reports whether two keys name the same cell as far as a
// canonical key can say: MCC, MNC, cell identity, sector, whether the id is
// long, and the LAC of a short id.
func sameCell(a, b CellKey) bool {
	if a.MCC != b.MCC || a.MNC != b.MNC || a.CI != b.CI || a.Sector != b.Sector || a.Long() != b.Long() {
		return false
	}
	if a.Sector < 0 && !a.Long() {
		return a.HasLAC == b.HasLAC && a.LAC == b.LAC
	}
	return a.Sector < 0 || a.LAC == b.LAC
}

func TestCellParse(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		p    CellParser
		text string
		want CellKey
		key  string
	}{
		// The examples of FORMATS.md.
		{"hyphenated CGI with a decimal ECI", CellParser{}, "404-98-8331-230711555",
			CellKey{MCC: 404, MNC: 98, LAC: 8331, HasLAC: true, CI: 230711555, Sector: -1}, "404-98-230711555"},
		{"MCC+MNC+hex ECI", CellParser{}, "40585703AD319",
			CellKey{Radio: RadioLTE, MCC: 405, MNC: 857, CI: 0x03AD319, Sector: -1}, "405-857-3855129"},
		{"concatenated decimal", CellParser{}, "404056205320221",
			CellKey{MCC: 404, MNC: 5, LAC: 62053, HasLAC: true, CI: 20221, Sector: -1}, "404-5-62053-20221"},
		{"sector-prefixed", CellParser{Form: FormSectorPrefixed, MCC: 310, MNC: 12}, "2083",
			CellKey{Radio: RadioCDMA, MCC: 310, MNC: 12, HasLAC: true, CI: 83, Sector: 2}, "310-12-0-83/2"},
		{"eNB and sector text", CellParser{Form: FormENBSector, MCC: 404, MNC: 98}, "eNB 123456, sector 2",
			CellKey{Radio: RadioLTE, MCC: 404, MNC: 98, CI: 31604738, Sector: -1}, "404-98-31604738"},
		{"LAC and CI joined", CellParser{Form: FormLACCI, MCC: 234, MNC: 15}, "LAC=1234, CI=5678",
			CellKey{MCC: 234, MNC: 15, LAC: 1234, HasLAC: true, CI: 5678, Sector: -1}, "234-15-1234-5678"},
		// More of each form.
		{"CGI, GSM", CellParser{}, "234-15-1201-31010",
			CellKey{MCC: 234, MNC: 15, LAC: 1201, HasLAC: true, CI: 31010, Sector: -1}, "234-15-1201-31010"},
		{"CGI, MNC with a leading zero", CellParser{}, "404-05-1201-31010",
			CellKey{MCC: 404, MNC: 5, LAC: 1201, HasLAC: true, CI: 31010, Sector: -1}, "404-5-1201-31010"},
		{"CGI, hexadecimal parts", CellParser{}, "234-15-0x4B1-0x7922",
			CellKey{MCC: 234, MNC: 15, LAC: 1201, HasLAC: true, CI: 31010, Sector: -1}, "234-15-1201-31010"},
		{"CGI, spaces around parts", CellParser{}, "234 - 15 - 1201 - 31010",
			CellKey{MCC: 234, MNC: 15, LAC: 1201, HasLAC: true, CI: 31010, Sector: -1}, "234-15-1201-31010"},
		{"CGI with colons", CellParser{}, "234:15:1201:31010",
			CellKey{MCC: 234, MNC: 15, LAC: 1201, HasLAC: true, CI: 31010, Sector: -1}, "234-15-1201-31010"},
		{"CGI with slashes", CellParser{}, "234/15/1201/31010",
			CellKey{MCC: 234, MNC: 15, LAC: 1201, HasLAC: true, CI: 31010, Sector: -1}, "234-15-1201-31010"},
		{"CGI of an LTE column with a small ECI", CellParser{Radio: RadioLTE}, "234-15-1201-31010",
			CellKey{Radio: RadioLTE, MCC: 234, MNC: 15, LAC: 1201, HasLAC: true, CI: 31010, Sector: -1}, "234-15-31010"},
		{"CGI of a UMTS UC-Id", CellParser{Radio: RadioUMTS}, "234-15-1201-13631489",
			CellKey{Radio: RadioUMTS, MCC: 234, MNC: 15, LAC: 1201, HasLAC: true, CI: 13631489, Sector: -1}, "234-15-13631489"},
		{"canonical long key", CellParser{}, "404-98-230711555",
			CellKey{MCC: 404, MNC: 98, CI: 230711555, Sector: -1}, "404-98-230711555"},
		{"canonical long key of an LTE column, small ECI", CellParser{Radio: RadioLTE}, "404-98-31010",
			CellKey{Radio: RadioLTE, MCC: 404, MNC: 98, CI: 31010, Sector: -1}, "404-98-31010"},
		{"canonical key without a LAC", CellParser{}, "234-15-?-31010",
			CellKey{MCC: 234, MNC: 15, CI: 31010, Sector: -1}, "234-15-?-31010"},
		{"canonical CDMA key", CellParser{}, "310-12-0-83/2",
			CellKey{Radio: RadioCDMA, MCC: 310, MNC: 12, HasLAC: true, CI: 83, Sector: 2}, "310-12-0-83/2"},
		{"concatenated, 3-digit MNC and 4-digit LAC", CellParser{Form: FormConcat, MNCDigits: 3, LACDigits: 4}, "4048571234567",
			CellKey{MCC: 404, MNC: 857, LAC: 1234, HasLAC: true, CI: 567, Sector: -1}, "404-857-1234-567"},
		{"concatenated with a decimal ECI", CellParser{}, "4040562053230711555",
			CellKey{MCC: 404, MNC: 5, LAC: 62053, HasLAC: true, CI: 230711555, Sector: -1}, "404-5-230711555"},
		{"hex ECI, 2-digit MNC", CellParser{}, "4059803AD319",
			CellKey{Radio: RadioLTE, MCC: 405, MNC: 98, CI: 3855129, Sector: -1}, "405-98-3855129"},
		{"hex ECI, lower case", CellParser{}, "40585703ad319",
			CellKey{Radio: RadioLTE, MCC: 405, MNC: 857, CI: 3855129, Sector: -1}, "405-857-3855129"},
		{"hex ECI of digits only, form set", CellParser{Form: FormHexECI}, "4058570312345",
			CellKey{Radio: RadioLTE, MCC: 405, MNC: 857, CI: 0x0312345, Sector: -1}, "405-857-3220293"},
		{"hex NCI", CellParser{Radio: RadioNR}, "4058570ABCDEF12",
			CellKey{Radio: RadioNR, MCC: 405, MNC: 857, CI: 0x0ABCDEF12, Sector: -1}, "405-857-2882400018"},
		{"hex NCI, 2-digit MNC", CellParser{Radio: RadioNR}, "40598FFFFFFFFF",
			CellKey{Radio: RadioNR, MCC: 405, MNC: 98, CI: 1<<36 - 1, Sector: -1}, "405-98-68719476735"},
		{"sector-prefixed with a switch", CellParser{Form: FormSectorPrefixed, MCC: 310, MNC: 12, Switch: 7}, "31234",
			CellKey{Radio: RadioCDMA, MCC: 310, MNC: 12, LAC: 7, HasLAC: true, CI: 1234, Sector: 3}, "310-12-7-1234/3"},
		{"eNB dash sector", CellParser{Form: FormENBSector, MCC: 404, MNC: 98}, "123456-2",
			CellKey{Radio: RadioLTE, MCC: 404, MNC: 98, CI: 31604738, Sector: -1}, "404-98-31604738"},
		{"eNB slash sector", CellParser{Form: FormENBSector, MCC: 404, MNC: 98}, "123456/0",
			CellKey{Radio: RadioLTE, MCC: 404, MNC: 98, CI: 31604736, Sector: -1}, "404-98-31604736"},
		{"LAC and CI joined by a space", CellParser{Form: FormLACCI, MCC: 234, MNC: 15}, "1201 31010",
			CellKey{MCC: 234, MNC: 15, LAC: 1201, HasLAC: true, CI: 31010, Sector: -1}, "234-15-1201-31010"},
		{"LAC and CI in hex", CellParser{Form: FormLACCI, MCC: 234, MNC: 15}, "0x4B1/0x7922",
			CellKey{MCC: 234, MNC: 15, LAC: 1201, HasLAC: true, CI: 31010, Sector: -1}, "234-15-1201-31010"},
		{"CI alone", CellParser{Form: FormLACCI, MCC: 234, MNC: 15}, "31010",
			CellKey{MCC: 234, MNC: 15, CI: 31010, Sector: -1}, "234-15-?-31010"},
		{"quoted", CellParser{}, "'234-15-1201-31010'",
			CellKey{MCC: 234, MNC: 15, LAC: 1201, HasLAC: true, CI: 31010, Sector: -1}, "234-15-1201-31010"},
		{"double-quoted with spaces", CellParser{}, ` "40585703AD319" `,
			CellKey{Radio: RadioLTE, MCC: 405, MNC: 857, CI: 3855129, Sector: -1}, "405-857-3855129"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := tc.p
			k, err := p.Parse(tc.text)
			require.NoError(t, err)
			require.Equal(t, tc.want, k)
			require.Equal(t, tc.key, k.String())
			again, err := p.Parse(tc.text)
			require.NoError(t, err)
			require.Equal(t, k, again, "cached result differs")
			back, err := ParseKey(k.String())
			require.NoError(t, err)
			require.Equal(t, tc.key, back.String())
			require.True(t, sameCell(k, back), "%+v re-parses to %+v", k, back)
		})
	}
}

func TestCellParseErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		p      CellParser
		text   string
		noCell bool
		why    string // part of the message
	}{
		{"empty", CellParser{}, "", true, ""},
		{"spaces", CellParser{}, "  ", true, ""},
		{"zero", CellParser{}, "0", true, ""},
		{"zeros", CellParser{}, "000000000000000", true, ""},
		{"quoted zero", CellParser{}, "'0'", true, ""},
		{"CGI with CI 0", CellParser{}, "404-98-8331-0", true, ""},
		{"hex ECI 0", CellParser{}, "4058570000000", true, ""},
		{"concat with CI 0", CellParser{}, "404056205300000", true, ""},
		{"LAC and CI both 0", CellParser{Form: FormLACCI}, "0 0", true, ""},
		{"eNB 0", CellParser{Form: FormENBSector}, "eNB 0, sector 1", true, ""},
		{"16-bit CI without LAC", CellParser{}, "234-15-31010", false, "needs its LAC"},
		{"2-digit MCC", CellParser{}, "23-15-1201-31010", false, "3-digit MCC"},
		{"4-digit MNC", CellParser{}, "234-1500-1201-31010", false, "3-digit MCC"},
		{"letters", CellParser{}, "ABC-15-1201-31010", false, "as cgi"},
		{"too many parts", CellParser{}, "234-15-1-1201-31010", false, "want MCC-MNC-LAC-CI"},
		{"too few parts", CellParser{}, "234-15", false, "want MCC-MNC-LAC-CI"},
		{"mixed separators", CellParser{}, "234:15/1201:31010", false, "mixes"},
		{"CI past 36 bits", CellParser{}, "234-15-1-68719476736", false, "cell identity"},
		{"LAC past 32 bits", CellParser{}, "234-15-4294967296-1", false, "LAC"},
		{"bad hex CI", CellParser{}, "234-15-1-0xZZ", false, "cell identity"},
		{"ambiguous short number", CellParser{}, "12345", false, "ambiguous cell id, set the profile's cells.form"},
		{"ambiguous eNB text", CellParser{}, "eNB 123456, sector 2", false, "ambiguous"},
		{"hex of the wrong length", CellParser{}, "405857ZZAD319", false, "ambiguous"},
		{"hex ECI, MCC not decimal", CellParser{Form: FormHexECI}, "4A585703AD319", false, "as hex_eci"},
		{"hex ECI, too long", CellParser{Form: FormHexECI}, "405857103AD319", false, "as hex_eci"},
		{"hex ECI, MNC width set otherwise", CellParser{Form: FormHexECI, MNCDigits: 2}, "40585703AD319", false, "MNC (2)"},
		{"concat too short", CellParser{Form: FormConcat}, "40405620", false, "too short"},
		{"concat with letters", CellParser{Form: FormConcat}, "40405620532022A", false, "as concat"},
		{"sector-prefixed, one digit", CellParser{Form: FormSectorPrefixed}, "2", false, "sector digit"},
		{"sector-prefixed, cell 0", CellParser{Form: FormSectorPrefixed}, "2000", false, "cell number 0"},
		{"sector-prefixed, letters", CellParser{Form: FormSectorPrefixed}, "2A83", false, "decimal"},
		{"eNB past 20 bits", CellParser{Form: FormENBSector}, "1048576-1", false, "below 2^20"},
		{"sector past 255", CellParser{Form: FormENBSector}, "123456-256", false, "below 256"},
		{"eNB text with three numbers", CellParser{Form: FormENBSector}, "1-2-3", false, "more numbers"},
		{"LAC CI with three numbers", CellParser{Form: FormLACCI}, "1 2 3", false, "more values"},
		{"CDMA key with a bad sector", CellParser{}, "310-12-0-83/x", false, "sector"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := tc.p
			_, err := p.Parse(tc.text)
			require.ErrorIs(t, err, ErrCell, "every cell error wraps ErrCell")
			if tc.noCell {
				require.ErrorIs(t, err, ErrNoCell)
				return
			}
			require.NotErrorIs(t, err, ErrNoCell)
			require.Contains(t, err.Error(), tc.why)
		})
	}
}

func TestCellKeyString(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		k    CellKey
		long bool
		want string
	}{
		{CellKey{Radio: RadioLTE, MCC: 404, MNC: 98, LAC: 8331, HasLAC: true, CI: 230711555, Sector: -1}, true, "404-98-230711555"},
		{CellKey{Radio: RadioLTE, MCC: 234, MNC: 15, LAC: 1, HasLAC: true, CI: 300, Sector: -1}, true, "234-15-300"},
		{CellKey{Radio: RadioNR, MCC: 234, MNC: 15, CI: 300, Sector: -1}, true, "234-15-300"},
		{CellKey{Radio: RadioUMTS, MCC: 234, MNC: 15, CI: 65536, Sector: -1}, true, "234-15-65536"},
		{CellKey{Radio: RadioGSM, MCC: 234, MNC: 15, LAC: 1201, HasLAC: true, CI: 31010, Sector: -1}, false, "234-15-1201-31010"},
		{CellKey{Radio: RadioGSM, MCC: 234, MNC: 15, CI: 65535, Sector: -1}, false, "234-15-?-65535"},
		{CellKey{MCC: 234, MNC: 1, LAC: 0, HasLAC: true, CI: 1, Sector: -1}, false, "234-1-0-1"},
		{CellKey{Radio: RadioCDMA, MCC: 310, MNC: 12, CI: 83, Sector: 2}, false, "310-12-0-83/2"},
		{CellKey{Radio: RadioCDMA, MCC: 310, MNC: 12, LAC: 5, HasLAC: true, CI: 83, Sector: -1}, false, "310-12-5-83"},
	} {
		require.Equal(t, tc.long, tc.k.Long(), tc.want)
		require.Equal(t, tc.want, tc.k.String())
	}
}

func TestParseKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		key  string
		want CellKey
	}{
		{"404-98-230711555", CellKey{MCC: 404, MNC: 98, CI: 230711555, Sector: -1}},
		{"404-98-300", CellKey{Radio: RadioLTE, MCC: 404, MNC: 98, CI: 300, Sector: -1}},
		{"234-15-1201-31010", CellKey{MCC: 234, MNC: 15, LAC: 1201, HasLAC: true, CI: 31010, Sector: -1}},
		{"234-15-?-31010", CellKey{MCC: 234, MNC: 15, CI: 31010, Sector: -1}},
		{"234-15-0-1", CellKey{MCC: 234, MNC: 15, HasLAC: true, CI: 1, Sector: -1}},
		{"310-12-0-83/2", CellKey{Radio: RadioCDMA, MCC: 310, MNC: 12, HasLAC: true, CI: 83, Sector: 2}},
		{"0-0-4294967295-68719476735/255", CellKey{Radio: RadioCDMA, LAC: 1<<32 - 1, HasLAC: true, CI: 1<<36 - 1, Sector: 255}},
	} {
		t.Run(tc.key, func(t *testing.T) {
			t.Parallel()
			k, err := ParseKey(tc.key)
			require.NoError(t, err)
			require.Equal(t, tc.want, k)
			require.Equal(t, tc.key, k.String())
		})
	}
	for _, bad := range []string{"", "1-2", "234-15-0", "234-015-1-2", "0234-15-1-2", "1000-15-1-2", "234-15-x-2", "234-15-1-70000",
		"234-15-01-2", "234-15-?-70000", "234-15-68719476736", "234-15-1-2-3", "234-15-1/2", "310-12-0-83/256", "310-12-0-0/2",
		"310-12-?-83/2", "234-15-1-+2", "234-15--2", " 234-15-1-2"} {
		_, err := ParseKey(bad)
		require.ErrorIs(t, err, ErrCell, bad)
	}
}

// One LTE cell — eNodeB 123456, sector 2 of MCC 404 MNC 98 — written as a
// CGI with its TAC, as MCC+MNC+hex ECI, as eNodeB and sector (in two
// columns and in one text) and as LAC and CI columns of an LTE list gets one
// key.
func TestOneLTECellWrittenEveryWay(t *testing.T) {
	t.Parallel()
	const enb, sector = 123456, 2
	eci := uint64(enb*256 + sector)
	hex := strings.ToUpper(strconv.FormatUint(eci, 16))
	hex = strings.Repeat("0", 7-len(hex)) + hex
	p := &CellParser{MCC: 404, MNC: 98}
	var keys []string
	for _, text := range []string{"404-98-8331-" + strconv.FormatUint(eci, 10), "40498" + hex, "404-98-" + strconv.FormatUint(eci, 10)} {
		k, err := p.Parse(text)
		require.NoError(t, err, text)
		keys = append(keys, k.String())
	}
	k, err := p.ParseENB(strconv.Itoa(enb), strconv.Itoa(sector))
	require.NoError(t, err)
	keys = append(keys, k.String())
	text := &CellParser{Form: FormENBSector, MCC: 404, MNC: 98}
	k, err = text.Parse("eNB " + strconv.Itoa(enb) + ", sector " + strconv.Itoa(sector))
	require.NoError(t, err)
	keys = append(keys, k.String())
	lte := &CellParser{MCC: 404, MNC: 98, Radio: RadioLTE}
	k, err = lte.ParseParts("8331", strconv.FormatUint(eci, 10))
	require.NoError(t, err)
	keys = append(keys, k.String())
	for _, key := range keys {
		require.Equal(t, "404-98-31604738", key)
	}
}

func TestCellParseParts(t *testing.T) {
	t.Parallel()
	p := &CellParser{MCC: 234, MNC: 15}
	for _, tc := range []struct{ lac, ci, key string }{
		{"1201", "31010", "234-15-1201-31010"},
		{"0x4B1", "0x7922", "234-15-1201-31010"},
		{" '1201' ", "31010", "234-15-1201-31010"},
		{"", "31010", "234-15-?-31010"},
		{"1201", "13631489", "234-15-13631489"},
	} {
		k, err := p.ParseParts(tc.lac, tc.ci)
		require.NoError(t, err, "%s %s", tc.lac, tc.ci)
		require.Equal(t, tc.key, k.String())
	}
	for _, tc := range []struct{ lac, ci string }{{"1201", ""}, {"1201", "0"}, {"", "0x0"}, {"", "0X0"}} {
		_, err := p.ParseParts(tc.lac, tc.ci)
		require.ErrorIs(t, err, ErrNoCell, "%s %s", tc.lac, tc.ci)
	}
	for _, tc := range []struct{ lac, ci string }{{"1201", "x"}, {"y", "31010"}, {"1201", "0x"}, {"1201", "68719476736"}, {"4294967296", "1"}} {
		_, err := p.ParseParts(tc.lac, tc.ci)
		require.ErrorIs(t, err, ErrCell, "%s %s", tc.lac, tc.ci)
		require.NotErrorIs(t, err, ErrNoCell, "%s %s", tc.lac, tc.ci)
	}
}

func TestCellParseENB(t *testing.T) {
	t.Parallel()
	p := &CellParser{MCC: 404, MNC: 98}
	k, err := p.ParseENB("123456", "2")
	require.NoError(t, err)
	require.Equal(t, CellKey{Radio: RadioLTE, MCC: 404, MNC: 98, CI: 31604738, Sector: -1}, k)
	_, err = p.ParseENB("", "2")
	require.ErrorIs(t, err, ErrNoCell)
	_, err = p.ParseENB("0", "2")
	require.ErrorIs(t, err, ErrNoCell)
	for _, tc := range [][2]string{{"1048576", "0"}, {"1", "256"}, {"1", ""}, {"x", "1"}} {
		_, err := p.ParseENB(tc[0], tc[1])
		require.ErrorIs(t, err, ErrCell, tc)
		require.NotErrorIs(t, err, ErrNoCell, tc)
	}
}

// A parser's settings may change between calls (a cell list sets the radio
// of each row): a cached result must not outlive the settings it was read
// with.
func TestCellCacheFollowsTheSettings(t *testing.T) {
	t.Parallel()
	p := &CellParser{MCC: 234, MNC: 15}
	const text = "234-15-1201-31010"
	k, err := p.Parse(text)
	require.NoError(t, err)
	require.Equal(t, "234-15-1201-31010", k.String())
	p.Radio = RadioLTE
	k, err = p.Parse(text)
	require.NoError(t, err)
	require.Equal(t, "234-15-31010", k.String())
	p.Radio = RadioGSM
	k, err = p.Parse(text)
	require.NoError(t, err)
	require.Equal(t, "234-15-1201-31010", k.String())

	q := &CellParser{Form: FormSectorPrefixed, MCC: 310, MNC: 12}
	k, err = q.Parse("2083")
	require.NoError(t, err)
	require.Equal(t, "310-12-0-83/2", k.String())
	q.Switch = 9
	k, err = q.Parse("2083")
	require.NoError(t, err)
	require.Equal(t, "310-12-9-83/2", k.String())
	q.Form = FormAuto
	_, err = q.Parse("2083")
	require.ErrorIs(t, err, ErrCell)
}

func TestCellCacheCopiesTheText(t *testing.T) {
	t.Parallel()
	p := &CellParser{}
	buf := []byte("234-15-1201-31010")
	view := unsafe.String(&buf[0], len(buf))
	_, err := p.Parse(view)
	require.NoError(t, err)
	copy(buf, "40585703AD319----")
	k, err := p.Parse("234-15-1201-31010")
	require.NoError(t, err)
	require.Equal(t, "234-15-1201-31010", k.String())
}

func TestParseRadio(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Radio{"GSM": RadioGSM, "2g": RadioGSM, "umts": RadioUMTS, "WCDMA": RadioUMTS, "3G": RadioUMTS,
		"LTE": RadioLTE, "4g": RadioLTE, " lte ": RadioLTE, "NR": RadioNR, "5G": RadioNR, "cdma": RadioCDMA, "": RadioUnknown} {
		got, err := ParseRadio(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	_, err := ParseRadio("6G")
	require.ErrorIs(t, err, ErrCell)
	for r, want := range map[Radio]string{RadioUnknown: "", RadioGSM: "GSM", RadioUMTS: "UMTS", RadioLTE: "LTE", RadioNR: "NR", RadioCDMA: "CDMA"} {
		require.Equal(t, want, r.String())
		back, err := ParseRadio(want)
		require.NoError(t, err)
		require.Equal(t, r, back)
	}
}

func TestParseCellForm(t *testing.T) {
	t.Parallel()
	for _, f := range []CellForm{FormAuto, FormCGI, FormConcat, FormHexECI, FormSectorPrefixed, FormENBSector, FormLACCI} {
		got, err := ParseCellForm(f.String())
		require.NoError(t, err)
		require.Equal(t, f, got)
	}
	got, err := ParseCellForm("")
	require.NoError(t, err)
	require.Equal(t, FormAuto, got)
	got, err = ParseCellForm("HEX_ECI")
	require.NoError(t, err)
	require.Equal(t, FormHexECI, got)
	_, err = ParseCellForm("hex")
	require.ErrorIs(t, err, ErrCell)
}

func BenchmarkCellParseCached(b *testing.B) {
	p := &CellParser{}
	for b.Loop() {
		p.Parse("40585703AD319")
	}
}

func BenchmarkCellParseUncached(b *testing.B) {
	texts := make([]string, 10_000)
	for i := range texts {
		texts[i] = "404-98-8331-" + strconv.Itoa(230711555+i)
	}
	p := &CellParser{}
	i := 0
	for b.Loop() {
		if i == len(texts) {
			p, i = &CellParser{}, 0
		}
		p.Parse(texts[i])
		i++
	}
}

func BenchmarkCellKeyString(b *testing.B) {
	k := CellKey{Radio: RadioLTE, MCC: 404, MNC: 98, CI: 230711555, Sector: -1}
	for b.Loop() {
		_ = k.String()
	}
}
