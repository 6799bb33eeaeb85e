package loaders

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSplit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		quotes string
		line   string
		want   []string
		err    error
	}{
		{"plain", `"`, "a,b,c", []string{"a", "b", "c"}, nil},
		{"empty fields", `"`, ",,", []string{"", "", ""}, nil},
		{"quoted delimiter", `"`, `a,"b,c",d`, []string{"a", "b,c", "d"}, nil},
		{"doubled quote", `"`, `"say ""hi""",x`, []string{`say "hi"`, "x"}, nil},
		{"single quotes", `'"`, `'9876543210',"x",'a,b'`, []string{"9876543210", "x", "a,b"}, nil},
		{"apostrophe inside unquoted", `'`, `O'Brien,x`, []string{"O'Brien", "x"}, nil},
		{"quote not at start is text", `"`, `a"b,c`, []string{`a"b`, "c"}, nil},
		{"unterminated", `"`, `a,"bc`, nil, errUnterminated},
		{"text after quote", `"`, `"a"b,c`, nil, errAfterQuote},
		{"trailing delimiter", `"`, "a,b,", []string{"a", "b", ""}, nil},
		{"quoted last", `"`, `a,"b"`, []string{"a", "b"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSplitter(',', tc.quotes)
			got, err := s.split([]byte(tc.line))
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			var strs []string
			for _, f := range got {
				strs = append(strs, string(f))
			}
			require.Equal(t, tc.want, strs)
		})
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"a,b,c", `"a,b",c`, `'x',"y"`, `"say ""hi""",x`, `a,"bc`, ",,,"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		s := newSplitter(',', `"'`)
		fields, err := s.split(line)
		if err != nil {
			return
		}
		total := 0
		for _, fl := range fields {
			total += len(fl)
		}
		// Fields never hold more bytes than the line, less the delimiters.
		require.LessOrEqual(t, total+len(fields)-1, len(line))
	})
}
