package loaders

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"
)

// TestInferredDraftsLoad drafts a profile for each provider sample as if the
// layout were unknown, loads the sample with the draft unedited, and expects
// the rows that the bundled profile loads to load with the draft too.
func TestInferredDraftsLoad(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file    string
		minRows int64
		want    []string
	}{
		{"../testdata/samples/uk_cdr.csv", 6, []string{`"Target MSISDN"`, `"MOC": "out/voice"`, `"SMS-MT": "in/sms"`, `"GPRS": "none/data"`, `02/01/2006 15:04:05`, "form: lac_ci", `start_cell: {columns: ["Start LAC", "Start CI"]}`, "mcc: 234", "mnc: 15"}},
		{"../testdata/samples/in_airtel.csv", 4, []string{"preamble_max", `quote: "'\""`, "lat_lon", `"SMO": "out/sms"`, "cells:\n  form: cgi", `"XYZ" is not mapped`, "region: IN"}},
		{"../testdata/samples/in_jio.csv", 4, []string{"calling_party", "called_party", `"a_in": "in/voice"`, "form: hex_eci", `start_cell: {column: "First Cell ID"}`}},
		{"../testdata/samples/in_vi.csv", 3, []string{"trailing_delimiter: true", "02-01-2006 15:04:05"}},
		{"../testdata/samples/us_leg.csv", 4, []string{"CHECK: day first or month first", "calling_party", `duration_s: {column: "Elapsed Time"}`, `zone: "UTC"   # CHECK: the file says UTC`}},
		{"../testdata/samples/in_bsnl.csv", 3, []string{`location: {column: "First BTS Location"}`, "form: cgi"}},
		{"../testdata/samples/towerdump.csv", 3, []string{`"MO Call": "out/voice"`, "iso8601", "the sample's times carry their own offset"}},
		{"../testdata/samples/cdr_clock_changes.csv", 8, []string{`time_zone: {column: "time_zone"}`, "region: GB", "kind: cdr"}},
		{"../testdata/samples/cells_temporal.csv", 3, []string{"kind: cells", `ci: {column: "eci", or: ["ci"]}`, `valid_from: {column: "date_start"}`, `valid_to: {column: "date_end"}`, `azimuth: {column: "azimuth"}`}},
		{"../testdata/samples/anpr_export.csv", 2, []string{"kind: anpr", `time: {columns: ["UTCDate", "UTCTime"]}`, `"2006:01:02 15:04:05.000"`, `lat: {column: "LatitudeY"}`, `camera_id: {column: "SourceName"}`}},
	} {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			data, err := os.ReadFile(tc.file)
			require.NoError(t, err)
			draft, err := Infer("draft", data)
			require.NoError(t, err)
			for _, w := range tc.want {
				require.Contains(t, draft, w)
			}
			require.Contains(t, draft, "CHECK")
			c, rejects := loadWithDraft(t, draft, data, "IN")
			require.GreaterOrEqual(t, c.Loaded, tc.minRows, "draft:\n%s\nrejects: %v", draft, rejects)
		})
	}
	_, err := Infer("x", []byte("just one line\n"))
	require.ErrorIs(t, err, ErrInfer)
	_, err = Infer("x", []byte("no delimiter here\nnor here\n"))
	require.ErrorIs(t, err, ErrInfer)
}

func loadWithDraft(t *testing.T, draft string, data []byte, region string) (Counts, []Reject) {
	t.Helper()
	p, err := ParseProfile([]byte(draft), "draft")
	require.NoError(t, err, draft)
	s, err := NewStream(context.Background(), strings.NewReader(string(data)), p, ReadOptions{Region: region, Zone: time.UTC})
	require.NoError(t, err, draft)
	defer s.Release()
	return drain(t, s), s.Rejects()
}

// TestInferEverySampleAndDemoFile drafts a profile for every bundled sample
// and demo file, and expects the kind of the profile that reads it, and at
// least as many rows loaded with the draft as with that profile.
func TestInferEverySampleAndDemoFile(t *testing.T) {
	t.Parallel()
	ps := profiles(t)
	files, err := filepath.Glob("../testdata/samples/*.csv")
	require.NoError(t, err)
	demo, err := filepath.Glob("../testdata/demo/*.csv")
	require.NoError(t, err)
	for _, file := range append(files, demo...) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			if len(data) > 256<<10 {
				data = data[:256<<10]
			}
			p, err := ps.Get(sampleProfiles[filepath.Base(file)])
			require.NoError(t, err)
			s, err := NewStream(context.Background(), strings.NewReader(string(data)), p, ReadOptions{Region: "GB", Zone: time.UTC})
			require.NoError(t, err)
			want := drain(t, s)
			s.Release()

			draft, err := Infer("draft", data)
			require.NoError(t, err)
			require.Contains(t, draft, "kind: "+string(p.Kind))
			got, rejects := loadWithDraft(t, draft, data, "GB")
			require.GreaterOrEqual(t, got.Loaded, want.Loaded-1, "draft:\n%s\nfirst rejects: %v", draft, rejects[:min(3, len(rejects))])
		})
	}
}

// unhelpful is a CDR whose column names say nothing: every field must be
// told by its values. Semicolons, a day above 12 in the first place, a
// separate time column, durations as HH:MM:SS, national and international
// numbers, IMEIs with their Luhn digit, IMSIs, CGIs and coordinates.
const unhelpful = `F1;F2;F3;F4;F5;F6;F7;F8;F9;F10;F11
13/03/2026;08:15:00;07700 900123;+447700900456;MOC;00:02:05;356938035643809;234150000000001;234-15-1201-31010;52.480100;-1.902500
13/03/2026;09:00:10;07700 900123;00447700900789;MTC;00:00:45;356938035643809;234150000000001;234-15-1201-31011;52.481000;-1.903000
14/03/2026;17:42:00;07700 900123;07700 900456;SMS-MO;00:00:00;356938035643809;234150000000001;234-15-1202-31020;52.470000;-1.910000
02/04/2026;23:59:59;07700 900123;+447700900456;MOC;00:10:00;490154203237518;234150000000001;234-15-1202-31020;52.470000;-1.910000
`

func TestInferFromValuesWhenNamesSayNothing(t *testing.T) {
	t.Parallel()
	draft, err := Infer("acme", []byte(unhelpful))
	require.NoError(t, err)
	for _, w := range []string{
		"kind: cdr",
		`delimiter: ";"`,
		`layouts: ["02/01/2006 15:04:05"]`,
		`start_time: {columns: ["F1", "F2"]}`,
		`subject_msisdn: {column: "F3"}`,
		`other_party: {column: "F4"}`,
		`column: "F5"`,
		`"SMS-MO": "out/sms"`,
		`duration_s: {column: "F6"}`,
		`subject_imei: {column: "F7"}`,
		`subject_imsi: {column: "F8"}`,
		`start_cell: {column: "F9"}`,
		`lat: {column: "F10"}`,
		`lon: {column: "F11"}`,
		"region: GB",
	} {
		require.Contains(t, draft, w)
	}
	p, err := ParseProfile([]byte(draft), "draft")
	require.NoError(t, err)
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	s, err := NewStream(context.Background(), strings.NewReader(unhelpful), p, ReadOptions{Region: "GB", Zone: london})
	require.NoError(t, err)
	defer s.Release()
	require.True(t, s.Next())
	rec := s.RecordBatch()
	require.Equal(t, int64(4), rec.NumRows())
	require.Equal(t, "+447700900123", columnOf(rec, "subject_msisdn").(*array.String).Value(0))
	require.Equal(t, "+447700900789", columnOf(rec, "other_msisdn").(*array.String).Value(1))
	require.Equal(t, "234-15-1201-31010", columnOf(rec, "start_cell").(*array.String).Value(0))
	start := time.UnixMicro(int64(columnOf(rec, "start_utc").(*array.Timestamp).Value(3))).UTC()
	require.Equal(t, "2026-04-02T22:59:59Z", start.Format(time.RFC3339), "23:59:59 British Summer Time")
	require.Equal(t, int32(600), columnOf(rec, "duration_s").(*array.Int32).Value(3))
}

func columnOf(rec arrow.RecordBatch, name string) arrow.Array {
	idx := rec.Schema().FieldIndices(name)
	if len(idx) == 0 {
		panic("no column " + name)
	}
	return rec.Column(idx[0])
}

func TestInferCallingAndCalledByValues(t *testing.T) {
	t.Parallel()
	src := "C1,C2,C3,C4\n" +
		"+12025550123,+12025550199,2026-03-01 13:15:00,MO\n" +
		"+12025550188,+12025550123,2026-03-01 14:00:30,MT\n" +
		"+12025550123,+12025550177,2026-03-02 09:00:00,MO\n"
	draft, err := Infer("x", []byte(src))
	require.NoError(t, err)
	require.Contains(t, draft, `calling_party: {column: "C1"}`)
	require.Contains(t, draft, `called_party: {column: "C2"}`)
	require.Contains(t, draft, "region: US")
	require.Contains(t, draft, `layouts: ["iso8601"]`)
	c, _ := loadWithDraft(t, draft, []byte(src), "GB")
	require.Equal(t, int64(3), c.Loaded)
}

func TestInferHeaderlessCellList(t *testing.T) {
	t.Parallel()
	src := "GSM,234,15,101,31010,,52.470000,-1.910000,1200\n" +
		"LTE,234,15,2001,3855129,,52.480000,-1.900000,800\n" +
		"LTE,234,15,2001,3855130,,52.480000,-1.900000,800\n"
	draft, err := Infer("x", []byte(src))
	require.NoError(t, err)
	for _, w := range []string{"kind: cells", "header: none", `columns: ["col1", "col2"`, `radio: {column: "col1"}`, `mcc: {column: "col2"}`, `mnc: {column: "col3"}`, `lac: {column: "col4"}`, `ci: {column: "col5"}`, `lat: {column: "col7"}`} {
		require.Contains(t, draft, w)
	}
	c, _ := loadWithDraft(t, draft, []byte(src), "GB")
	require.Equal(t, int64(3), c.Loaded)
}

func TestInferANPRByValues(t *testing.T) {
	t.Parallel()
	src := "Reg,When,Where,Y,X\nAB12 CDE,2026-03-01T08:15:02Z,CAM001,52.471234,-1.912345\nBD51 SMR,2026-03-01T09:00:00Z,CAM004,52.5,-1.8\n"
	draft, err := Infer("x", []byte(src))
	require.NoError(t, err)
	for _, w := range []string{"kind: anpr", `vrm: {column: "Reg"}`, `time: {column: "When"}`, `zone: "UTC"`} {
		require.Contains(t, draft, w)
	}
	c, _ := loadWithDraft(t, draft, []byte(src), "GB")
	require.Equal(t, int64(2), c.Loaded)
}

func TestGuessDateLayout(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		vals   []string
		layout string
		unsure bool
	}{
		{"day above 12 first", []string{"01/03/2026", "13/03/2026"}, "02/01/2006", false},
		{"day above 12 second", []string{"03/01/2026", "03/13/2026"}, "01/02/2006", true},
		{"no day above 12", []string{"01/03/2026", "02/03/2026"}, "02/01/2006", true},
		{"dots", []string{"01.03.2026", "31.03.2026"}, "02.01.2006", false},
		{"two-digit year", []string{"13-03-26", "01-04-26"}, "02-01-06", false},
		{"unpadded", []string{"1/3/2026", "13/3/2026"}, "2/1/2006", false},
		{"year first", []string{"2026-03-01", "2026-03-13"}, "iso", false},
		{"year first with slashes", []string{"2026/03/01"}, "2006/01/02", false},
		{"year first with colons", []string{"2026:03:01"}, "2006:01:02", false},
		{"month name", []string{"01-Mar-2026", "13-Apr-2026"}, "02-Jan-2006", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, ok := guessDateLayout(tc.vals)
			require.True(t, ok)
			require.Equal(t, tc.layout, g.layout)
			require.Equal(t, tc.unsure, g.note != "", g.note)
		})
	}
	for _, bad := range [][]string{{"13/13/2026"}, {"hello"}, {"01/03/2026", "2026-03-01", "x", "y"}, {"13/01/2026", "01/13/2026"}} {
		_, ok := guessDateLayout(bad)
		require.False(t, ok, bad)
	}
}

func TestGuessDateTimeLayout(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		vals   []string
		layout string
		offset bool
	}{
		{[]string{"2026-03-01T08:15:00Z"}, "iso8601", true},
		{[]string{"2026-03-01 08:15"}, "iso8601", false},
		{[]string{"13/03/2026 08:15:00"}, "02/01/2006 15:04:05", false},
		{[]string{"13.03.2026 08:15"}, "02.01.2006 15:04", false},
		{[]string{"2026:03:01 08:15:02.250"}, "2006:01:02 15:04:05.000", false},
	} {
		g, ok := guessDateTimeLayout(tc.vals)
		require.True(t, ok, tc.vals)
		require.Equal(t, tc.layout, g.layout)
		require.Equal(t, tc.offset, g.offset)
	}
	g, ok := guessEpochLayout([]string{"1772352000", "1772355600"})
	require.True(t, ok)
	require.Equal(t, "unix", g.layout)
	_, ok = guessDateTimeLayout([]string{"08:15:00"})
	require.False(t, ok)
}

func TestInferValueClasses(t *testing.T) {
	t.Parallel()
	require.True(t, isIMEI("356938035643809"))
	require.False(t, isIMEI("356938035643808"), "wrong Luhn digit")
	require.True(t, isIMEI("35693803564380"), "14 digits carry no check digit")
	require.True(t, isIMSI("234150000000001"))
	require.False(t, isIMSI("999150000000001"), "999 is no MCC")
	require.True(t, isPhone("07700 900123"))
	require.True(t, isPhone("+44 7700 900123"))
	require.True(t, isPhone("2025550199(D)"))
	require.False(t, isPhone("234150000000001"), "15 bare digits")
	require.False(t, isPhone("52.48"))
	require.True(t, isPlate("AB12 CDE"))
	require.False(t, isPlate("CAMERA"))
	require.True(t, isClockDuration("00:02:05"))
	require.True(t, isClockDuration("02:05"))
	require.False(t, isClockDuration("08:15:00"))
	require.True(t, isLatLonPair("21.29669/72.8915"))
	require.Equal(t, map[string]bool{"utc": true, "date": true}, nameWords("UTCDate"))
	require.Equal(t, map[string]bool{"start": true, "ci": true}, nameWords("Start CI"))
	c := &icol{words: nameWords("City"), key: "city"}
	require.False(t, c.named("ci"), "a short key is a whole word")
}

func TestInferSkipsColumnsItCannotName(t *testing.T) {
	t.Parallel()
	src := "Number,Date,Port,Port,\n+447700900123,2026-03-01T08:00:00Z,1,2,\n+447700900123,2026-03-01T09:00:00Z,3,4,\n"
	draft, err := Infer("x", []byte(src))
	require.NoError(t, err)
	require.Contains(t, draft, `column 4 has an empty or repeated name "Port"`)
	require.Contains(t, draft, `column 5 has an empty or repeated name ""`)
	c, _ := loadWithDraft(t, draft, []byte(src), "GB")
	require.Equal(t, int64(2), c.Loaded)
}
