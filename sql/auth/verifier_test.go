package auth

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestVerifierText(t *testing.T) {
	t.Parallel()
	v := mustVerifier(t, "pw")
	back, err := ParseVerifier(v.String())
	require.NoError(t, err)
	require.Equal(t, v, back)
	require.Regexp(t, `^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$`, v.String())

}

func TestParseVerifierRefuses(t *testing.T) {
	t.Parallel()
	good := mustVerifier(t, "pw").String()
	for _, tc := range []struct{ name, text string }{
		{name: "empty"},
		{name: "md5", text: "md5a3556571e93b0d20722ba62be61e8c2d"},
		{name: "plain password", text: "hunter2"},
		{name: "too few iterations", text: "SCRAM-SHA-256$1000:" + good[len("SCRAM-SHA-256$4096:"):]},
		{name: "no keys", text: "SCRAM-SHA-256$4096:c2FsdA=="},
		{name: "short stored key", text: "SCRAM-SHA-256$4096:c2FsdA==$c2FsdA==:c2FsdA=="},
		{name: "not base64", text: "SCRAM-SHA-256$4096:!!!$x:y"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseVerifier(tc.text)
			require.ErrorIs(t, err, ErrInvalid)
		})
	}
}

func TestNewVerifierRefuses(t *testing.T) {
	t.Parallel()
	_, err := NewVerifier("", DefaultIterations)
	require.ErrorIs(t, err, ErrInvalid)
	_, err = NewVerifier("pw", 100)
	require.ErrorIs(t, err, ErrInvalid)
}
