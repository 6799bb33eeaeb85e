package audit

import (
	"bytes"
	"os"
	"testing"
)

// FuzzVerify: whatever the bytes, Verify does not panic, and a log it calls
// intact has one entry per line, numbered 1 to n.
func FuzzVerify(f *testing.F) {
	path := writeLogForFuzz(f)
	b, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Add([]byte("{}\n"))
	f.Add([]byte(`{"seq":1,"hash":"` + Genesis + `"}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := Verify(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if rep.OK() {
			if n := bytes.Count(data, []byte("\n")); n != rep.Entries || int64(n) != rep.Last.Seq {
				t.Fatalf("intact with %d lines but %d entries, last seq %d", n, rep.Entries, rep.Last.Seq)
			}
		}
	})
}

func writeLogForFuzz(f *testing.F) string {
	l, err := Open(f.TempDir()+"/"+DefaultFileName, DefaultOptions())
	if err != nil {
		f.Fatal(err)
	}
	for _, text := range []string{"SELECT 1", "SELECT 'x'", "SELECT\n2"} {
		if _, err := l.Append(statement("alice", "c", text)); err != nil {
			f.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		f.Fatal(err)
	}
	return l.Path()
}
