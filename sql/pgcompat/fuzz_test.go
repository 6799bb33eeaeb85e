package pgcompat_test

import (
	"os"
	"strings"
	"testing"

	"github.com/mastcdr/mast/sql/pgcompat"
)

// FuzzTranslate feeds Translate what any client may send: it must return
// statements or an error, never panic, and never turn a statement that
// names a refused function into one that runs.
func FuzzTranslate(f *testing.F) {
	corpus, err := os.ReadFile("testdata/ALL_DISTINCT.sql")
	if err == nil {
		for _, s := range strings.Split(string(corpus), ";\n") {
			f.Add(s)
		}
	}
	for _, s := range []string{"", ";", "SELECT 1; SELECT 2", "FROM events", "COPY x TO '/tmp/x'",
		"SELECT * FROM read_csv('/etc/passwd')", "FETCH FORWARD 5 FROM c", "DECLARE c BINARY CURSOR WITH HOLD FOR SELECT 1",
		"SET search_path = public", "SELECT 'a' ~ 'b' COLLATE pg_catalog.default", "SELECT indkey[0]::text FROM pg_index"} {
		f.Add(s)
	}
	// The case is built before fuzzing starts: building it inside the
	// first input would look like a hung worker to the fuzzer.
	_, cat := demo(f)
	f.Fuzz(func(t *testing.T, sql string) {
		stmts, err := cat.Translate(sql)
		if err != nil {
			return
		}
		for _, st := range stmts {
			if strings.Contains(strings.ToLower(st.SQL), "read_csv(") && st.Kind != pgcompat.KindRefused {
				t.Fatalf("%q: read_csv survives as %v: %q", sql, st.Kind, st.SQL)
			}
		}
	})
}
