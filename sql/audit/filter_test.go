package audit

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestFilterMatch(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	e := Entry{Kind: Statement, User: "alice", Case: "op-heron", Time: at, Outcome: Error}
	for _, tc := range []struct {
		name string
		f    Filter
		want bool
	}{
		{name: "empty filter", want: true},
		{name: "user", f: Filter{User: "alice"}, want: true},
		{name: "other user", f: Filter{User: "bob"}},
		{name: "case", f: Filter{Case: "op-heron"}, want: true},
		{name: "other case", f: Filter{Case: "op-kestrel"}},
		{name: "since is inclusive", f: Filter{Since: at}, want: true},
		{name: "since later", f: Filter{Since: at.Add(time.Nanosecond)}},
		{name: "until is exclusive", f: Filter{Until: at}},
		{name: "until later", f: Filter{Until: at.Add(time.Second)}, want: true},
		{name: "kind", f: Filter{Kind: Statement}, want: true},
		{name: "other kind", f: Filter{Kind: Login}},
		{name: "outcome", f: Filter{Outcome: Error}, want: true},
		{name: "other outcome", f: Filter{Outcome: OK}},
		{name: "all together", f: Filter{User: "alice", Case: "op-heron", Since: at.Add(-time.Hour), Until: at.Add(time.Hour), Kind: Statement, Outcome: Error}, want: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, tc.f.Match(e))
		})
	}
}

func TestEnumsReadWhatTheyWrite(t *testing.T) {
	t.Parallel()
	for k := range kindNames {
		got, err := ParseKind(k.String())
		require.NoError(t, err)
		require.Equal(t, k, got)
	}
	for o := range outcomeNames {
		got, err := ParseOutcome(o.String())
		require.NoError(t, err)
		require.Equal(t, o, got)
	}
	_, err := ParseKind("select")
	require.Error(t, err)
	_, err = ParseOutcome("fine")
	require.Error(t, err)
}
