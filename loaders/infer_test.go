package loaders

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestInferredDraftsLoad drafts a profile for each provider sample as if the
// layout were unknown, loads the sample with the draft unedited, and expects
// the rows that the bundled profile loads to load with the draft too.
func TestInferredDraftsLoad(t *testing.T) {
	for _, tc := range []struct {
		file    string
		minRows int64
		want    []string
	}{
		{"../testdata/samples/uk_cdr.csv", 6, []string{`"Target MSISDN"`, `"MOC": "out/voice"`, `"SMS-MT": "in/sms"`, `"GPRS": "none/data"`, `02/01/2006 15:04:05`}},
		{"../testdata/samples/in_airtel.csv", 4, []string{"preamble_max", `quote: "'\""`, "lat_lon", `"SMO": "out/sms"`, "cells:\n  form: cgi"}},
		{"../testdata/samples/in_jio.csv", 4, []string{"calling_party", "called_party", `"a_in": "in/voice"`, "form: hex_eci"}},
		{"../testdata/samples/in_vi.csv", 3, []string{"trailing_delimiter: true", "02-01-2006 15:04:05"}},
		{"../testdata/samples/us_leg.csv", 4, []string{"CHECK: day first or month first", "calling_party", `duration_s: {column: "Elapsed Time"}`}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(tc.file)
			require.NoError(t, err)
			draft, err := Infer("draft", data)
			require.NoError(t, err)
			for _, w := range tc.want {
				require.Contains(t, draft, w)
			}
			require.Contains(t, draft, "CHECK")
			p, err := ParseProfile([]byte(draft), "draft")
			require.NoError(t, err, draft)
			s, err := NewStream(context.Background(), strings.NewReader(string(data)), p, ReadOptions{Region: "IN"})
			require.NoError(t, err, draft)
			c := drain(t, s)
			s.Release()
			require.GreaterOrEqual(t, c.Loaded, tc.minRows, "draft:\n%s\nrejects: %v", draft, s.Rejects())
		})
	}
	_, err := Infer("x", []byte("just one line\n"))
	require.Error(t, err)
}
