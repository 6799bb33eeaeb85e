package catalog

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migration is one numbered schema change.
type Migration struct {
	Version int    // from the file name: 0001_init.sql is version 1
	Name    string // the rest of the file name: "init"
	SQL     string // the statements, applied in one transaction
	SHA256  string // hex digest of SQL, recorded when applied
}

// Migrations returns every migration, in version order.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []Migration
	for _, e := range entries {
		m, err := parseMigration(e.Name())
		if err != nil {
			return nil, err
		}
		b, err := migrationFS.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		sum := sha256.Sum256(b)
		m.SQL = string(b)
		m.SHA256 = hex.EncodeToString(sum[:])
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migrations: expected version %d, found %d (%s)", i+1, m.Version, m.Name)
		}
	}
	return out, nil
}

// Latest is the newest schema version this build knows.
func Latest() int {
	ms, err := Migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

func parseMigration(file string) (Migration, error) {
	base, ok := strings.CutSuffix(file, ".sql")
	num, name, ok2 := strings.Cut(base, "_")
	if !ok || !ok2 || len(num) != 4 {
		return Migration{}, fmt.Errorf("migration %q: name must be NNNN_name.sql", file)
	}
	v, err := strconv.Atoi(num)
	if err != nil || v <= 0 {
		return Migration{}, fmt.Errorf("migration %q: bad version: %w", file, err)
	}
	return Migration{Version: v, Name: name}, nil
}
