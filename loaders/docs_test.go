package loaders

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Every whole profile shown in docs/profiles.md (a yaml block that starts
// with name:) is a valid profile, so a user who copies one starts from
// something that works.
func TestProfilesInTheDocsAreValid(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../docs/profiles.md")
	require.NoError(t, err)
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(string(doc), -1)
	n := 0
	for _, b := range blocks {
		if !strings.HasPrefix(b[1], "name:") {
			continue
		}
		n++
		_, err := ParseProfile([]byte(b[1]), "docs/profiles.md")
		require.NoError(t, err, "%s", b[1])
	}
	require.GreaterOrEqual(t, n, 3, "the worked example and the rule and preamble examples")
}
