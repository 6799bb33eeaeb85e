package loaders

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// readWith reads src with a profile written in YAML and returns the rows as
// golden_test prints them and the rejects as "line N field: reason".
func readWith(t *testing.T, yaml, src string) (rows []string, rejects []string) {
	t.Helper()
	p, err := ParseProfile([]byte(yaml), "test")
	require.NoError(t, err)
	s, err := NewStream(context.Background(), strings.NewReader(src), p, ReadOptions{Region: "US", BlockSize: 64})
	require.NoError(t, err)
	defer s.Release()
	var b strings.Builder
	for s.Next() {
		writeRows(&b, s.RecordBatch())
	}
	require.NoError(t, s.Err())
	for _, r := range s.Rejects() {
		rejects = append(rejects, fmt.Sprintf("line %d %s: %s", r.Line, r.Field, r.Reason))
	}
	return strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n"), rejects
}

func TestRuleConditions(t *testing.T) {
	t.Parallel()
	yes := true
	no := false
	v := "hit"
	for _, tc := range []struct {
		name string
		rule Rule
		hit  []string
		miss []string
	}{
		{"equals ignores case", Rule{Equals: "Voice Mail", Value: &v}, []string{"voice mail", "VOICE MAIL"}, []string{"voice mailbox", ""}},
		{"in", Rule{In: []string{"+18005550100", "8005550100", " VM "}, Value: &v}, []string{"8005550100", "+18005550100", "vm", "Vm"}, []string{"18005550100", ""}},
		{"prefix", Rule{Prefix: "11", Value: &v}, []string{"112025550123", "11"}, []string{"2025550123", "1", ""}},
		{"match", Rule{Match: `^0+$`, Value: &v}, []string{"0", "000"}, []string{"10", "0a", ""}},
		{"empty", Rule{Empty: &yes, Value: &v}, []string{""}, []string{"0"}},
		{"not empty", Rule{Empty: &no, Value: &v}, []string{"0", "x"}, []string{""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.NoError(t, tc.rule.check("col"))
			r := compileRule(tc.rule, "col", 0)
			for _, s := range tc.hit {
				out, ok := r.apply(s)
				require.True(t, ok, "%q should hold", s)
				require.Equal(t, "hit", out)
			}
			for _, s := range tc.miss {
				_, ok := r.apply(s)
				require.False(t, ok, "%q should not hold", s)
			}
		})
	}
	t.Run("strip gives the text after the prefix", func(t *testing.T) {
		t.Parallel()
		r := Rule{Prefix: "11", Strip: true}
		require.NoError(t, r.check("col"))
		c := compileRule(r, "col", 0)
		out, ok := c.apply("112025550123")
		require.True(t, ok)
		require.Equal(t, "2025550123", out)
	})
}

func TestRuleValidation(t *testing.T) {
	t.Parallel()
	base := "name: x\nkind: anpr\nfields:\n  time: {column: t}\n  vrm:\n    column: v\n    when:\n"
	for _, tc := range []struct{ name, rules, want string }{
		{"two conditions", "      - {equals: a, prefix: b, value: c}\n", "exactly one condition"},
		{"no condition", "      - {value: c}\n", "exactly one condition"},
		{"no value", "      - {equals: a}\n", "value or strip"},
		{"value and strip", "      - {prefix: a, strip: true, value: b}\n", "value or strip"},
		{"strip without prefix", "      - {equals: a, strip: true}\n", "strip needs prefix"},
		{"bad regexp", "      - {match: '(', value: b}\n", "when[0]: match"},
		{"unknown key", "      - {equal: a, value: b}\n", "equal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseProfile([]byte(base+tc.rules), "test")
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
		})
	}
	t.Run("a rule of a field without a column must name one", func(t *testing.T) {
		t.Parallel()
		_, err := ParseProfile([]byte("name: x\nkind: anpr\nfields:\n  time: {column: t}\n  vrm: {column: v}\n  lane:\n    const: '1'\n    when: [{equals: a, value: b}]\n"), "test")
		require.ErrorContains(t, err, "fields.lane.when[0]: column")
	})
	t.Run("a rule's column must be in the file", func(t *testing.T) {
		t.Parallel()
		p, err := ParseProfile([]byte(base+"      - {column: Other, equals: a, value: b}\n"), "test")
		require.NoError(t, err)
		_, err = NewStream(context.Background(), strings.NewReader("t,v\n2026-03-01T00:00:00Z,AB12CDE\n"), p, ReadOptions{})
		require.ErrorIs(t, err, ErrHeader)
		require.ErrorContains(t, err, `"Other" (for vrm's rules)`)
	})
}

// The US CDMA convention: SMS rows carry cell 0 and a leading 11 on the
// called number is a voicemail leg; the rest of the number is whose mailbox.
func TestRulesReadTheCDMAConventions(t *testing.T) {
	t.Parallel()
	p, err := profiles(t).Get("us-cdma")
	require.NoError(t, err)
	src := "Calling number,Called number,Dialed digits,mobile role,Start Date,End Date,Duration (s),NEID,Repoll number,First Cell,Last Cell\n" +
		"2025550123,2025550199,,Originating,03/01/2026 13:15:00,,10,7,1,2083,0\n" +
		"2025550123,2025550199,,Originating,03/01/2026 13:16:00,,0,7,2,0,0\n" +
		"2025550155,112025550123,,Terminating,03/01/2026 13:17:00,,5,7,3,1083,1083\n"
	rows, rejects := readWithProfile(t, p, src)
	require.Empty(t, rejects)
	require.Len(t, rows, 3)
	require.Contains(t, rows[0], `kind="voice"`)
	require.Contains(t, rows[0], `start_cell="310-12-7-83/2"`)
	require.NotContains(t, rows[0], "end_cell", "a 0 cell is no cell")
	require.Contains(t, rows[1], `kind="sms"`)
	require.NotContains(t, rows[1], "start_cell")
	require.Contains(t, rows[2], `kind="voicemail"`)
	require.Contains(t, rows[2], `direction="in"`)
	require.Contains(t, rows[2], `subject_msisdn="+12025550123"`, "the 11 is stripped from the subject's number")
	require.Contains(t, rows[2], `other_msisdn="+12025550155"`)
}

// Another provider's voicemail legs are calls to its voicemail numbers: a
// rule on the other party's column overrides the kind the call type gave.
func TestRuleOverridesTheKindOfACallTypeMap(t *testing.T) {
	t.Parallel()
	yaml := `name: us-workbook-test
kind: cdr
region: US
time: {zone: UTC}
fields:
  subject_msisdn: {column: Target}
  other_party:    {column: Other Party}
  start_time:     {column: Start}
  call_type:
    column: Type
    map: {mSOriginating: out/voice, mSTerminating: in/voice, mSOriginatingSMSinMSC: out/sms}
  kind:
    when:
      - {column: Other Party, in: ["+18005550100", "8005550100"], value: voicemail}
`
	src := "Target,Other Party,Start,Type\n" +
		"2025550123,2025550199,2026-03-01T13:15:00Z,mSOriginating\n" +
		"2025550123,8005550100,2026-03-01T13:16:00Z,mSOriginating\n" +
		"2025550123,+18005550100,2026-03-01T13:17:00Z,mSTerminating\n" +
		"2025550123,2025550199,2026-03-01T13:18:00Z,mSOriginatingSMSinMSC\n" +
		"2025550123,2025550199,2026-03-01T13:19:00Z,bogus\n"
	rows, rejects := readWith(t, yaml, src)
	require.Len(t, rows, 4)
	for i, want := range []string{`direction="out" kind="voice"`, `direction="out" kind="voicemail"`, `direction="in" kind="voicemail"`, `direction="out" kind="sms"`} {
		require.Contains(t, rows[i], want, "row %d", i)
	}
	require.Equal(t, []string{`line 6 call_type: unknown call type "bogus"`}, rejects)
}

func readWithProfile(t *testing.T, p *Profile, src string) ([]string, []string) {
	t.Helper()
	return readWith(t, string(p.Source()), src)
}

func TestPreambleCapture(t *testing.T) {
	t.Parallel()
	p, err := profiles(t).Get("towerdump-cell")
	require.NoError(t, err)
	header := "Date,Time,MSISDN,IMEI,IMSI,Other Party,Event,Duration\n"
	row := "01/03/2026,02:05:00,+447700900123,,,,MO Call,65\n"
	for _, tc := range []struct{ name, banner, cell string }{
		{"Cell ID", "Cell ID: 234-10-1234-5678\n", "234-10-1234-5678"},
		{"Requested cell", "Tower dump for one cell\nRequested cell : 404-98-8331-230711555\n", "404-98-230711555"},
		{"quoted, lower case, after other lines", "\"Operator: synthetic\"\n\n\"cell id:234-15-1201-31010\"\n", "234-15-1201-31010"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rows, rejects := readWithProfile(t, p, tc.banner+header+row+row)
			require.Empty(t, rejects)
			require.Len(t, rows, 2)
			for _, r := range rows {
				require.Contains(t, r, fmt.Sprintf("start_cell=%q", tc.cell))
			}
		})
	}
	t.Run("a file without the banner is refused, naming what was looked for", func(t *testing.T) {
		t.Parallel()
		_, err := NewStream(context.Background(), strings.NewReader("Tower dump\nCells: many\n"+header+row), p, ReadOptions{})
		require.True(t, errors.Is(err, ErrPreamble), "%v", err)
		require.ErrorContains(t, err, "fields.start_cell")
		require.ErrorContains(t, err, "cell(?:\\\\s*id)?")
		require.ErrorContains(t, err, `2 lines before the header, the first: "Tower dump"`)
	})
	t.Run("nor is a file with no preamble at all", func(t *testing.T) {
		t.Parallel()
		_, err := NewStream(context.Background(), strings.NewReader(header+row), p, ReadOptions{})
		require.ErrorIs(t, err, ErrPreamble)
		require.ErrorContains(t, err, "no lines before the header")
	})
}

func TestPreambleValidation(t *testing.T) {
	t.Parallel()
	base := "name: x\nkind: anpr\nfields:\n  time: {column: t}\n"
	for _, tc := range []struct{ name, field, want string }{
		{"no group", "  vrm: {preamble: 'VRM: \\S+'}\n", "want exactly one capture group, found 0"},
		{"two groups", "  vrm: {preamble: '(VRM): (\\S+)'}\n", "found 2"},
		{"bad regexp", "  vrm: {preamble: '('}\n", "fields.vrm.preamble"},
		{"with a column", "  vrm: {column: v, preamble: 'VRM: (\\S+)'}\n", "exactly one of column, columns, const or preamble"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseProfile([]byte(base+tc.field), "test")
			require.ErrorContains(t, err, tc.want)
		})
	}
}
