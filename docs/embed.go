// Package docs holds mast's documentation. The analysis pages are compiled
// into the binary because the case report quotes each analysis' method and
// limits from them (engine/exhibit), so the report and the docs cannot drift.
package docs

import "embed"

// Analysis holds docs/analysis/*.md.
//
//go:embed analysis/*.md
var Analysis embed.FS
