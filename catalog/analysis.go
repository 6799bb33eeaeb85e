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
	return readScripts(analysisFS, "analysis")
}

// readScripts reads every file of dir in fsys, in name order.
func readScripts(fsys embed.FS, dir string) ([]Script, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read %s scripts: %w", dir, err)
	}
	var out []Script
	for _, e := range entries {
		b, err := fsys.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read %s script %s: %w", dir, e.Name(), err)
		}
		sum := sha256.Sum256(b)
		out = append(out, Script{Name: e.Name(), SQL: string(b), SHA256: hex.EncodeToString(sum[:])})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
