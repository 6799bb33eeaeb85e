package audit

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func statement(user, kase, text string) Entry {
	return Entry{Kind: Statement, Session: "s1", User: user, Client: "10.0.0.7:51234", Application: "psql",
		Case: kase, Statement: text, Rows: 3, DurationMS: 1.2345678, Outcome: OK}
}

// writeLog appends n statements to a new log and returns its path.
func writeLog(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), DefaultFileName)
	l, err := Open(path, DefaultOptions())
	require.NoError(t, err)
	for i := range n {
		_, err := l.Append(statement("alice", "op-heron", fmt.Sprintf("SELECT %d", i)))
		require.NoError(t, err)
	}
	require.NoError(t, l.Close())
	return path
}

func verifyFile(t *testing.T, path string, anchors ...Head) Report {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rep, err := Verify(f, anchors...)
	require.NoError(t, err)
	return rep
}

func TestAppendChainsAndReopenContinues(t *testing.T) {
	t.Parallel()
	path := writeLog(t, 3)
	l, err := Open(path, DefaultOptions())
	require.NoError(t, err)
	e, err := l.Append(Entry{Kind: LoginFailed, User: "mallory", Client: "10.0.0.9:4000", Outcome: Refused, SQLState: "28P01", Message: "password authentication failed"})
	require.NoError(t, err)
	require.Equal(t, int64(4), e.Seq)
	require.Equal(t, Head{Seq: 4, Hash: e.Hash}, l.Head())
	require.NoError(t, l.Close())
	_, err = l.Append(statement("a", "b", "SELECT 1"))
	require.ErrorIs(t, err, ErrClosed)

	rep := verifyFile(t, path)
	require.True(t, rep.OK(), "%v", rep.Break)
	require.Equal(t, 4, rep.Entries)
	require.Equal(t, Head{Seq: 4, Hash: e.Hash}, rep.Last)

	h, ok, err := ReadHead(HeadPath(path))
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, rep.Last, h)

	st, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	b, err := os.ReadFile(path)
	require.NoError(t, err)
	first := strings.SplitN(string(b), "\n", 2)[0]
	require.Contains(t, first, `"prev":"`+Genesis+`"`)
	require.Contains(t, first, `"duration_ms":1.235`)
	require.Regexp(t, `^\{"seq":1,"time":"\d{4}-\d\d-\d\dT[0-9:.]+Z","kind":"statement",`, first)
}

func TestConcurrentAppendsMakeOneChain(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), DefaultFileName)
	l, err := Open(path, DefaultOptions())
	require.NoError(t, err)
	const sessions, each = 16, 25
	var wg sync.WaitGroup
	for s := range sessions {
		wg.Go(func() {
			for i := range each {
				e := statement(fmt.Sprintf("user%d", s), "c", fmt.Sprintf("SELECT %d", i))
				_, err := l.Append(e)
				require.NoError(t, err)
			}
		})
	}
	wg.Wait()
	require.NoError(t, l.Close())
	rep := verifyFile(t, path, l.Head())
	require.True(t, rep.OK(), "%v", rep.Break)
	require.Equal(t, sessions*each, rep.Entries)
}

func TestOpenRefusesASecondWriter(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), DefaultFileName)
	l, err := Open(path, DefaultOptions())
	require.NoError(t, err)
	defer l.Close()
	_, err = Open(path, DefaultOptions())
	require.ErrorIs(t, err, ErrInUse)
}

func TestOpenRefusesABrokenTail(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{name: "cut mid-line", damage: func(t *testing.T, path string) {
			b, _ := os.ReadFile(path)
			require.NoError(t, os.WriteFile(path, b[:len(b)-20], 0o600))
		}},
		{name: "last entry edited", damage: func(t *testing.T, path string) {
			b, _ := os.ReadFile(path)
			require.NoError(t, os.WriteFile(path, bytes.Replace(b, []byte("SELECT 2"), []byte("SELECT 9"), 1), 0o600))
		}},
		{name: "garbage appended", damage: func(t *testing.T, path string) {
			f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			f.WriteString("hello\n")
			f.Close()
		}},
		{name: "last entries removed: the head file says more", damage: func(t *testing.T, path string) {
			b, _ := os.ReadFile(path)
			lines := strings.SplitAfter(string(b), "\n")
			require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines[:2], "")), 0o600))
		}},
		{name: "emptied: the head file says more", damage: func(t *testing.T, path string) {
			require.NoError(t, os.WriteFile(path, nil, 0o600))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := writeLog(t, 3)
			tc.damage(t, path)
			damaged, err := os.ReadFile(path)
			require.NoError(t, err)

			_, err = Open(path, DefaultOptions())
			require.ErrorIs(t, err, ErrBrokenTail)
			after, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Equal(t, damaged, after, "a refused open leaves the file alone")

			opts := DefaultOptions()
			opts.NewSegment = true
			opts.Now = func() time.Time { return time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) }
			l, err := Open(path, opts)
			require.NoError(t, err)
			_, err = l.Append(statement("alice", "c", "SELECT 1"))
			require.NoError(t, err)
			require.NoError(t, l.Close())

			aside := path + ".broken-20250301T120000Z"
			kept, err := os.ReadFile(aside)
			require.NoError(t, err)
			require.Equal(t, damaged, kept, "the damaged file is set aside untouched")
			rep := verifyFile(t, path)
			require.True(t, rep.OK(), "%v", rep.Break)
			require.Equal(t, 2, rep.Entries)
			var first Entry
			require.NoError(t, Read(bytes.NewReader(mustRead(t, path)), func(line int, e Entry) error {
				if line == 1 {
					first = e
				}
				return nil
			}))
			require.Equal(t, Segment, first.Kind)
			require.Contains(t, first.Message, filepath.Base(aside))
		})
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func TestAppendNeedsKindAndOutcome(t *testing.T) {
	t.Parallel()
	l, err := Open(filepath.Join(t.TempDir(), DefaultFileName), DefaultOptions())
	require.NoError(t, err)
	defer l.Close()
	_, err = l.Append(Entry{User: "a", Outcome: OK})
	require.Error(t, err)
	_, err = l.Append(Entry{User: "a", Kind: Login})
	require.Error(t, err)
}

// BenchmarkAppend measures an entry's cost with and without fsync, serial
// and from concurrent sessions (where fsyncs are shared).
func BenchmarkAppend(b *testing.B) {
	for _, sync := range []bool{false, true} {
		b.Run(fmt.Sprintf("sync=%v", sync), func(b *testing.B) {
			opts := DefaultOptions()
			opts.Sync = sync
			l, err := Open(filepath.Join(b.TempDir(), DefaultFileName), opts)
			require.NoError(b, err)
			defer l.Close()
			e := statement("alice", "op-heron", "SELECT count(*) FROM events WHERE msisdn = '447700900123'")
			for b.Loop() {
				if _, err := l.Append(e); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("sync=%v/parallel", sync), func(b *testing.B) {
			opts := DefaultOptions()
			opts.Sync = sync
			l, err := Open(filepath.Join(b.TempDir(), DefaultFileName), opts)
			require.NoError(b, err)
			defer l.Close()
			e := statement("alice", "op-heron", "SELECT count(*) FROM events WHERE msisdn = '447700900123'")
			b.SetParallelism(8)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := l.Append(e); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

func TestAppendDeferredWritesAtOnceAndSyncsLater(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), DefaultFileName)
	opts := DefaultOptions()
	opts.FlushDelay = time.Hour // only an Append's fsync or Close makes them durable here
	l, err := Open(path, opts)
	require.NoError(t, err)
	for i := range 3 {
		e, err := l.AppendDeferred(statement("alice", "op-heron", fmt.Sprintf("FETCH %d IN c", i)))
		require.NoError(t, err)
		require.Equal(t, int64(i+1), e.Seq)
	}
	// Written with the answer: another reader sees every entry, chained.
	rep := verifyFile(t, path)
	require.True(t, rep.OK(), "%v", rep.Break)
	require.Equal(t, 3, rep.Entries)
	// Not yet fsynced: the head file (written after each fsync) lags.
	_, ok, err := ReadHead(HeadPath(path))
	require.NoError(t, err)
	require.False(t, ok)
	// A waiting Append's fsync covers the deferred entries before it.
	e, err := l.Append(statement("alice", "op-heron", "CLOSE c"))
	require.NoError(t, err)
	h, ok, err := ReadHead(HeadPath(path))
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, Head{Seq: 4, Hash: e.Hash}, h)
	require.NoError(t, l.Close())
}

func TestAppendDeferredFsyncsWithinTheDelay(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), DefaultFileName)
	opts := DefaultOptions()
	opts.FlushDelay = time.Millisecond
	l, err := Open(path, opts)
	require.NoError(t, err)
	defer l.Close()
	var last Entry
	for i := range 50 {
		last, err = l.AppendDeferred(statement("alice", "op-heron", fmt.Sprintf("FETCH %d IN c", i)))
		require.NoError(t, err)
	}
	require.Eventually(t, func() bool {
		h, ok, err := ReadHead(HeadPath(path))
		return err == nil && ok && h == Head{Seq: last.Seq, Hash: last.Hash}
	}, time.Minute, 5*time.Millisecond, "the deferred fsync never came")
	require.NoError(t, l.Close())
	_, err = l.AppendDeferred(statement("a", "b", "FETCH 1 IN c"))
	require.ErrorIs(t, err, ErrClosed)
}
