package catalog

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// released holds the digest of every migration already released. A released
// migration is never edited: change the schema with a new file instead.
var released = map[int]string{
	1: "7bbe4c21accf8e09d54c120aa84b55e788fadac3492e37295a3cd64ce7178152",
	2: "2d42878f663c4f5d0c2c98d430c14a48efbbcd59b5207788a2027024d322780b",
	3: "4433af5090e37ab67efa8485f5e1e26f9fb59ddf36dd3c42446c7c17578de414",
}

func TestMigrationsAreNumberedFromOne(t *testing.T) {
	ms, err := Migrations()
	require.NoError(t, err)
	require.NotEmpty(t, ms)
	for i, m := range ms {
		require.Equal(t, i+1, m.Version)
		require.NotEmpty(t, m.SQL)
		require.Len(t, m.SHA256, 64)
	}
	require.Equal(t, ms[len(ms)-1].Version, Latest())
}

func TestMigrationsAreFrozen(t *testing.T) {
	ms, err := Migrations()
	require.NoError(t, err)
	for _, m := range ms {
		if want, ok := released[m.Version]; ok {
			require.Equal(t, want, m.SHA256, "migration %04d_%s was edited after release", m.Version, m.Name)
		}
	}
}

func TestParseMigrationName(t *testing.T) {
	for _, tc := range []struct {
		file string
		ok   bool
		v    int
	}{
		{"0001_init.sql", true, 1},
		{"0012_more_views.sql", true, 12},
		{"1_init.sql", false, 0},
		{"0001init.sql", false, 0},
		{"0000_zero.sql", false, 0},
		{"abcd_x.sql", false, 0},
	} {
		t.Run(tc.file, func(t *testing.T) {
			m, err := parseMigration(tc.file)
			if !tc.ok {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.v, m.Version)
		})
	}
}
