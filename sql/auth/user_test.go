package auth

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestValidateUserName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"alice", true}, {"_svc", true}, {"j_smith2", true}, {"pay$roll", true},
		{"a23456789012345678901234567890123456789012345678901234567890123", true},
		{"a234567890123456789012345678901234567890123456789012345678901234", false},
		{"", false}, {"Alice", false}, {"2fast", false}, {"$x", false}, {"j.smith", false},
		{"a b", false}, {"bob;drop", false}, {"élodie", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateUserName(tc.name)
			if tc.ok {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, ErrInvalid)
			}
		})
	}
}

func TestValidateCaseName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"op-heron", true}, {"OP_Heron_2", true}, {"*", true}, {"2024-001", true},
		{"", false}, {"-x", false}, {".hidden", false}, {"a/b", false}, {"../x", false}, {"a*", false}, {"a b", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateCaseName(tc.name)
			if tc.ok {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, ErrInvalid)
			}
		})
	}
}

func TestMayOpen(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		grants []string
		open   string
		want   bool
	}{
		{name: "granted", grants: []string{"a", "b"}, open: "b", want: true},
		{name: "not granted", grants: []string{"a", "b"}, open: "c"},
		{name: "no grants", open: "a"},
		{name: "all cases", grants: []string{"*"}, open: "anything", want: true},
		{name: "names are exact", grants: []string{"op-heron"}, open: "OP-HERON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, User{Cases: tc.grants}.MayOpen(tc.open))
		})
	}
}

func TestGrantRevoke(t *testing.T) {
	t.Parallel()
	u := User{Name: "alice"}
	require.NoError(t, u.Grant("b", "a", "b"))
	require.Equal(t, []string{"a", "b"}, u.Cases)
	require.ErrorIs(t, u.Grant("../x"), ErrInvalid)
	require.NoError(t, u.Revoke("a"))
	require.Equal(t, []string{"b"}, u.Cases)
	require.ErrorIs(t, u.Revoke("a"), ErrInvalid)
	require.NoError(t, u.Grant("*"))
	require.ErrorIs(t, u.Revoke("c"), ErrInvalid, "c is reached only through *")
}

func TestRole(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text     string
		role     Role
		readOnly bool
	}{
		{"analyst", Analyst, true},
		{"admin", Admin, false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			r, err := ParseRole(tc.text)
			require.NoError(t, err)
			require.Equal(t, tc.role, r)
			require.Equal(t, tc.text, r.String())
			require.Equal(t, tc.readOnly, r.ReadOnly())
		})
	}
	_, err := ParseRole("root")
	require.ErrorIs(t, err, ErrInvalid)
	require.True(t, Role(0).ReadOnly())
}
