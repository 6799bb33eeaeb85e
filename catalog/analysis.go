package catalog

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
)

//go:embed analysis/*.sql
var analysisFS embed.FS

// Script is one file of analysis macros from catalog/analysis. Unlike a
// migration it holds no data: it is replaced (CREATE OR REPLACE) every time a
// case is opened, so a case always carries the macros of the mast that opened
// it last.
type Script struct {
	Name   string // file name, e.g. "contacts.sql"
	SQL    string
	SHA256 string
}

// AnalysisScripts returns the analysis macro files in name order. Files
// starting with digits (00_subjects.sql) come first: later files may use
// what they define.
func AnalysisScripts() ([]Script, error) {
	entries, err := fs.ReadDir(analysisFS, "analysis")
	if err != nil {
		return nil, fmt.Errorf("read analysis scripts: %w", err)
	}
	var out []Script
	for _, e := range entries {
		b, err := analysisFS.ReadFile(path.Join("analysis", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read analysis script %s: %w", e.Name(), err)
		}
		sum := sha256.Sum256(b)
		out = append(out, Script{Name: e.Name(), SQL: string(b), SHA256: hex.EncodeToString(sum[:])})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
