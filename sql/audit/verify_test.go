package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// lines returns the log's lines, each with its newline.
func lines(t *testing.T, path string) []string {
	t.Helper()
	l := strings.SplitAfter(string(mustRead(t, path)), "\n")
	return l[:len(l)-1] // the empty string after the last newline
}

func TestVerifyDetectsTampering(t *testing.T) {
	t.Parallel()
	path := writeLog(t, 5)
	orig := lines(t, path)
	require.Len(t, orig, 5)
	last := verifyFile(t, path).Last
	// forge makes a well-formed entry with a correct hash of its own.
	forge := func(e Entry) string {
		line, _, err := encode(e)
		require.NoError(t, err)
		return string(line)
	}
	for _, tc := range []struct {
		name    string
		edit    func(l []string) []string
		anchors []Head
		problem Problem
		line    int
		entries int
	}{
		{name: "intact", edit: func(l []string) []string { return l }, entries: 5},
		{name: "intact with its head", edit: func(l []string) []string { return l }, anchors: []Head{last}, entries: 5},
		{name: "a field edited", edit: func(l []string) []string {
			l[2] = strings.Replace(l[2], `"user":"alice"`, `"user":"alicf"`, 1)
			return l
		}, problem: Edited, line: 3, entries: 2},
		{name: "rows edited", edit: func(l []string) []string {
			l[1] = strings.Replace(l[1], `"rows":3`, `"rows":4`, 1)
			return l
		}, problem: Edited, line: 2, entries: 1},
		{name: "a middle line deleted", edit: func(l []string) []string {
			return append(l[:2:2], l[3:]...)
		}, problem: Missing, line: 3, entries: 2},
		{name: "two lines swapped", edit: func(l []string) []string {
			l[1], l[2] = l[2], l[1]
			return l
		}, problem: Missing, line: 2, entries: 1},
		{name: "a line repeated", edit: func(l []string) []string {
			return append(l[:3:3], l[2:]...)
		}, problem: Reordered, line: 4, entries: 3},
		{name: "truncated mid-line", edit: func(l []string) []string {
			l[4] = l[4][:len(l[4])/2]
			return l
		}, problem: Truncated, line: 5, entries: 4},
		{name: "garbled line", edit: func(l []string) []string {
			l[0] = "{not json\n"
			return l
		}, problem: Garbled, line: 1},
		{name: "hash removed", edit: func(l []string) []string {
			l[3] = l[3][:strings.Index(l[3], `,"hash"`)] + "}\n"
			return l
		}, problem: Garbled, line: 4, entries: 3},
		{name: "forged line appended with a wrong prev", edit: func(l []string) []string {
			return append(l, forge(Entry{Seq: 6, Kind: Statement, User: "x", Outcome: OK, Prev: Genesis}))
		}, problem: Unchained, line: 6, entries: 5},
		{name: "forged line replacing a middle one", edit: func(l []string) []string {
			e := statement("alice", "op-heron", "SELECT 'innocent'")
			e.Seq, e.Prev = 3, Genesis
			l[2] = forge(e)
			return l
		}, problem: Unchained, line: 3, entries: 2},
		{name: "last lines removed, caught by the head", edit: func(l []string) []string { return l[:3] },
			anchors: []Head{last}, problem: EndsBeforeHead, line: 4, entries: 3},
		{name: "tail rewritten, caught by the head", edit: func(l []string) []string {
			// a forger who re-chains a new last entry onto the real fourth
			var prev Entry
			require.NoError(t, Read(strings.NewReader(l[3]), func(_ int, e Entry) error { prev = e; return nil }))
			e := statement("alice", "op-heron", "SELECT 'innocent'")
			e.Seq, e.Prev = 5, prev.Hash
			l[4] = forge(e)
			return l
		}, anchors: []Head{last}, problem: HeadMismatch, line: 5, entries: 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			edited := tc.edit(append([]string(nil), orig...))
			rep, err := Verify(strings.NewReader(strings.Join(edited, "")), tc.anchors...)
			require.NoError(t, err)
			require.Equal(t, tc.entries, rep.Entries)
			if tc.problem == 0 {
				require.True(t, rep.OK(), "%v", rep.Break)
				return
			}
			require.False(t, rep.OK())
			require.Equal(t, tc.problem, rep.Break.Problem, rep.Break.Error())
			require.Equal(t, tc.line, rep.Break.Line, rep.Break.Error())
		})
	}
}

func TestVerifyEmptyLog(t *testing.T) {
	t.Parallel()
	rep, err := Verify(strings.NewReader(""))
	require.NoError(t, err)
	require.True(t, rep.OK())
	require.Zero(t, rep.Entries)
}

// The hash can be checked without Go's JSON encoder: it is the SHA-256 of
// the line with its hash field cut out, as the package documents.
func TestHashIsOverTheLineWithoutItsHash(t *testing.T) {
	t.Parallel()
	e := statement("alice", "op-heron", `SELECT '<&>' AS "ünïcode"`)
	e.Seq, e.Prev = 1, Genesis
	line, hash, err := encode(e)
	require.NoError(t, err)
	s := strings.TrimSuffix(string(line), "\n")
	sum := sha256.Sum256([]byte(s[:len(s)-75] + "}"))
	require.Equal(t, hex.EncodeToString(sum[:]), hash)
	require.Equal(t, hash, s[len(s)-66:len(s)-2])
	require.True(t, bytes.Contains(line, []byte(`'<&>'`)), "statements are readable, not HTML-escaped")
}

func TestParseHead(t *testing.T) {
	t.Parallel()
	h := Head{Seq: 42, Hash: strings.Repeat("ab", 32)}
	for _, tc := range []struct {
		text string
		ok   bool
	}{
		{h.String(), true},
		{string(headLine(h)), true},
		{"  42:" + h.Hash + "\n", true},
		{"42", false}, {"0:" + h.Hash, false}, {"42:" + h.Hash[:10], false},
		{"42:" + strings.ToUpper(h.Hash), false}, {"x:" + h.Hash, false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			got, err := ParseHead(tc.text)
			if !tc.ok {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, h, got)
		})
	}
}
