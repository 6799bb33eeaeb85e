package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// example is a query in a page of docs/analysis and the output the page
// shows for it.
type example struct {
	page, query, output string
	line                int
}

// docExamples finds, in every page of docs/analysis, each ```sql block of one
// statement that is followed by a plain ``` block: the query and the output
// the page claims for it on the demo case.
func docExamples(t *testing.T) []example {
	t.Helper()
	pages, err := filepath.Glob("../../docs/analysis/*.md")
	require.NoError(t, err)
	require.NotEmpty(t, pages)
	type block struct {
		lang, body string
		line       int
	}
	var out []example
	for _, p := range pages {
		raw, err := os.ReadFile(p)
		require.NoError(t, err)
		lines := strings.Split(string(raw), "\n")
		var blocks []block
		for i := 0; i < len(lines); i++ {
			if !strings.HasPrefix(lines[i], "```") {
				continue
			}
			j := i + 1
			for j < len(lines) && !strings.HasPrefix(lines[j], "```") {
				j++
			}
			blocks = append(blocks, block{strings.TrimSpace(lines[i][3:]), strings.Join(lines[i+1:min(j, len(lines))], "\n"), i + 1})
			i = j
		}
		for k := 0; k+1 < len(blocks); k++ {
			b, next := blocks[k], blocks[k+1]
			q := strings.TrimSpace(b.body)
			if b.lang != "sql" || next.lang != "" || !strings.Contains(q, "(") || strings.Count(strings.TrimSuffix(q, ";"), ";") > 0 {
				continue
			}
			out = append(out, example{page: filepath.Base(p), query: q, output: next.body, line: b.line})
		}
	}
	return out
}

// Every example in docs/analysis that shows its output shows what mast gives
// on the demo case today, so the pages cannot drift from the functions.
func TestAnalysisDocsShowTheDemoCasesRealOutput(t *testing.T) {
	t.Parallel()
	examples := docExamples(t)
	require.GreaterOrEqual(t, len(examples), 10, "the pages' examples were not found")
	cases := t.TempDir()
	mastOK(t, "demo", "--cases", cases, "--data", "../../testdata/demo")
	trim := func(s string) string {
		ls := strings.Split(strings.TrimSpace(s), "\n")
		for i := range ls {
			ls[i] = strings.TrimRight(ls[i], " ")
		}
		return strings.Join(ls, "\n")
	}
	for _, ex := range examples {
		got := mastOK(t, "sql", "--cases", cases, "--case", "demo", "-c", ex.query)
		require.Equal(t, trim(ex.output), trim(got), "docs/analysis/%s line %d: the output shown is not what the query gives", ex.page, ex.line)
	}
}
