package auth

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestUpdateWritesPrivatelyAndNeverThePassword(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sub", DefaultFileName)
	const password = "hunter2-and-more"
	require.NoError(t, Update(path, func(f *File) error {
		return f.Add(User{Name: "alice", Role: Analyst, Cases: []string{"op-heron"}, Verifier: mustVerifier(t, password)}, time.Now())
	}))
	st, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NotContains(t, string(b), password)
	require.Contains(t, string(b), `"scram_sha_256": "SCRAM-SHA-256$4096:`)
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	for _, e := range entries {
		require.False(t, strings.Contains(e.Name(), ".tmp"), "temporary file left behind: %s", e.Name())
	}
}

func TestUpdateFailureWritesNothing(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), DefaultFileName)
	v := mustVerifier(t, "pw-12345")
	require.NoError(t, Update(path, func(f *File) error {
		return f.Add(User{Name: "alice", Role: Analyst, Cases: []string{"a"}, Verifier: v}, time.Now())
	}))
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		fn   func(*File) error
		want error
	}{
		{name: "add twice", fn: func(f *File) error {
			return f.Add(User{Name: "alice", Role: Admin, Cases: []string{"*"}, Verifier: v}, time.Now())
		}, want: ErrUserExists},
		{name: "remove unknown", fn: func(f *File) error { return f.Remove("bob") }, want: ErrNoUser},
		{name: "change unknown", fn: func(f *File) error { return f.Change("bob", time.Now(), func(*User) error { return nil }) }, want: ErrNoUser},
		{name: "invalid name", fn: func(f *File) error { return f.Add(User{Name: "Bob", Role: Admin, Verifier: v}, time.Now()) }, want: ErrInvalid},
		{name: "invalid case", fn: func(f *File) error {
			return f.Change("alice", time.Now(), func(u *User) error { u.Cases = append(u.Cases, "../x"); return nil })
		}, want: ErrInvalid},
		{name: "no verifier", fn: func(f *File) error { return f.Add(User{Name: "bob", Role: Admin}, time.Now()) }, want: ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.ErrorIs(t, Update(path, tc.fn), tc.want)
			after, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Equal(t, string(before), string(after))
		})
	}
}

func TestConcurrentUpdatesLoseNothing(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), DefaultFileName)
	v := mustVerifier(t, "shared-password")
	const n = 24
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			errs <- Update(path, func(f *File) error {
				return f.Add(User{Name: fmt.Sprintf("user_%02d", i), Role: Analyst, Cases: []string{"a"}, Verifier: v}, time.Now())
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	f, err := ReadFile(path)
	require.NoError(t, err)
	require.Len(t, f.Users, n)
	var raw map[string]any
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &raw))
	require.NotEmpty(t, raw["mock_secret"])
}
