package auth

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xdg-go/scram"
)

// login runs a whole SCRAM-SHA-256 conversation between xdg-go/scram's
// client and a Conversation of the store, as the wire server drives it. It
// returns the user, the step at which the server failed (0 when it did not)
// and the server-first-message.
func login(t *testing.T, s *Store, startupUser, scramUser, password string) (User, bool, int, string) {
	t.Helper()
	client, err := scram.SHA256.NewClient(scramUser, password, "")
	require.NoError(t, err)
	cc := client.NewConversation()
	conv := s.NewConversation(startupUser)

	first, err := cc.Step("") // SASLInitialResponse
	require.NoError(t, err)
	serverFirst, err := conv.Step([]byte(first)) // AuthenticationSASLContinue
	if err != nil {
		require.ErrorIs(t, err, ErrAuthFailed)
		u, ok := conv.User()
		return u, ok, 1, ""
	}
	final, err := cc.Step(string(serverFirst)) // SASLResponse
	require.NoError(t, err)
	serverFinal, err := conv.Step([]byte(final)) // AuthenticationSASLFinal
	if err != nil {
		require.ErrorIs(t, err, ErrAuthFailed)
		require.True(t, conv.Done())
		u, ok := conv.User()
		return u, ok, 2, string(serverFirst)
	}
	require.True(t, conv.Done())
	_, err = cc.Step(string(serverFinal)) // the client checks the server's signature
	require.NoError(t, err)
	require.True(t, cc.Valid())
	u, ok := conv.User()
	return u, ok, 0, string(serverFirst)
}

func newStore(t *testing.T, users ...User) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), DefaultFileName)
	require.NoError(t, Update(path, func(f *File) error {
		for _, u := range users {
			if err := f.Add(u, time.Now()); err != nil {
				return err
			}
		}
		return nil
	}))
	s, err := Open(path, DefaultOptions())
	require.NoError(t, err)
	return s, path
}

func mustVerifier(t testing.TB, password string) Verifier {
	t.Helper()
	v, err := NewVerifier(password, DefaultIterations)
	require.NoError(t, err)
	return v
}

func TestConversation(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t,
		User{Name: "alice", Role: Analyst, Cases: []string{"op-heron"}, Verifier: mustVerifier(t, "correct horse")},
		User{Name: "root_1", Role: Admin, Cases: []string{AllCases}, Verifier: mustVerifier(t, "Ångström ﬁ")},
	)
	for _, tc := range []struct {
		name, startup, scramUser, password string
		ok                                 bool
		role                               Role
	}{
		{name: "right password, empty SCRAM user name as libpq and pgx send", startup: "alice", password: "correct horse", ok: true, role: Analyst},
		{name: "right password, SCRAM user name given", startup: "alice", scramUser: "alice", password: "correct horse", ok: true, role: Analyst},
		{name: "the startup user counts, not the SCRAM one", startup: "alice", scramUser: "root_1", password: "correct horse", ok: true, role: Analyst},
		{name: "SASLprep normalises the password as libpq does", startup: "root_1", password: "Ångström fi", ok: true, role: Admin},
		{name: "wrong password", startup: "alice", password: "correct horse "},
		{name: "another user's password", startup: "root_1", password: "correct horse"},
		{name: "unknown user", startup: "mallory", password: "correct horse"},
		{name: "empty user", startup: "", password: "x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			u, ok, failedAt, _ := login(t, s, tc.startup, tc.scramUser, tc.password)
			require.Equal(t, tc.ok, ok)
			if !tc.ok {
				require.Equal(t, 2, failedAt, "every failure must happen at the proof, like a wrong password")
				return
			}
			require.Equal(t, 0, failedAt)
			require.Equal(t, tc.startup, u.Name)
			require.Equal(t, tc.role, u.Role)
		})
	}
}

func TestConversationUnknownUserLooksLikeAKnownOne(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t, User{Name: "alice", Role: Analyst, Cases: []string{"a"}, Verifier: mustVerifier(t, "secret-1")})
	fields := func(serverFirst string) (salt, iter string) {
		for _, f := range strings.Split(serverFirst, ",") {
			switch {
			case strings.HasPrefix(f, "s="):
				salt = f
			case strings.HasPrefix(f, "i="):
				iter = f
			}
		}
		return salt, iter
	}
	_, _, _, known := login(t, s, "alice", "", "wrong")
	_, _, _, unknown1 := login(t, s, "mallory", "", "wrong")
	_, _, _, unknown2 := login(t, s, "mallory", "", "other")
	kSalt, kIter := fields(known)
	u1Salt, u1Iter := fields(unknown1)
	u2Salt, _ := fields(unknown2)
	require.Equal(t, kIter, u1Iter)
	require.Equal(t, len(kSalt), len(u1Salt))
	require.Equal(t, u1Salt, u2Salt, "an unknown user's salt must be stable, as a real one is")
}

func TestStoreReloadsWhenTheFileChanges(t *testing.T) {
	t.Parallel()
	s, path := newStore(t, User{Name: "alice", Role: Analyst, Cases: []string{"a"}, Verifier: mustVerifier(t, "pw-alice")})
	_, ok, _, _ := login(t, s, "bob", "", "pw-bob")
	require.False(t, ok)

	require.NoError(t, Update(path, func(f *File) error {
		return f.Add(User{Name: "bob", Role: Analyst, Cases: []string{"b"}, Verifier: mustVerifier(t, "pw-bob")}, time.Now())
	}))
	u, ok, _, _ := login(t, s, "bob", "", "pw-bob")
	require.True(t, ok, "a user added after Open logs in without a restart")
	require.True(t, u.MayOpen("b"))

	require.NoError(t, Update(path, func(f *File) error {
		return f.Change("alice", time.Now(), func(u *User) error { u.Verifier = mustVerifier(t, "new-pw"); return nil })
	}))
	_, ok, _, _ = login(t, s, "alice", "", "pw-alice")
	require.False(t, ok, "the old password stops working")
	_, ok, _, _ = login(t, s, "alice", "", "new-pw")
	require.True(t, ok)

	require.NoError(t, Update(path, func(f *File) error { return f.Remove("alice") }))
	_, ok, _, _ = login(t, s, "alice", "", "new-pw")
	require.False(t, ok, "a removed user cannot log in")
	_, ok = s.Lookup("alice")
	require.False(t, ok)

	require.NoError(t, os.WriteFile(path, []byte("{garbled"), 0o600))
	_, ok, _, _ = login(t, s, "bob", "", "pw-bob")
	require.False(t, ok, "an unreadable users file fails closed")
}

func TestOpenRefusesAMissingOrInvalidFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct{ name, content string }{
		{name: "missing"},
		{name: "not json", content: "users:"},
		{name: "unknown field", content: `{"version":1,"users":[],"password":"x"}`},
		{name: "wrong version", content: `{"version":9,"users":[]}`},
		{name: "user without verifier", content: `{"version":1,"users":[{"name":"a","role":"analyst","cases":["x"]}]}`},
		{name: "bad role", content: `{"version":1,"users":[{"name":"a","role":"root","cases":["x"]}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name+".json")
			if tc.content != "" {
				require.NoError(t, os.WriteFile(path, []byte(tc.content), 0o600))
			}
			_, err := Open(path, DefaultOptions())
			require.Error(t, err)
		})
	}
}
