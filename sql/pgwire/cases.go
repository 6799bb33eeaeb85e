package pgwire

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sync"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/sql/pgcompat"
)

// Cases opens the cases of a directory for serving, each once: the first
// session of a case opens it (bringing its schema and derived tables up to
// date), installs the PostgreSQL catalog emulation and locks the DuckDB
// instance down; later sessions share it.
type Cases struct {
	dir  string
	opts engine.Options
	mu   sync.Mutex
	open map[string]*servedCase
}

// servedCase is one open, locked-down case.
type servedCase struct {
	name    string
	c       *engine.Case
	catalog *pgcompat.Catalog
}

// NewCases serves the cases in dir (NAME.duckdb), opened with opts.
func NewCases(dir string, opts engine.Options) *Cases {
	return &Cases{dir: dir, opts: opts, open: map[string]*servedCase{}}
}

// ErrUnknownCase is returned for a database name that is no case in the
// directory.
var ErrUnknownCase = errors.New("no such case")

var caseName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// Get returns the open case called name, opening it on first use.
func (cs *Cases) Get(ctx context.Context, name string) (*servedCase, error) {
	if !caseName.MatchString(name) {
		return nil, fmt.Errorf("%w: %q", ErrUnknownCase, name)
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if sc, ok := cs.open[name]; ok {
		return sc, nil
	}
	path := filepath.Join(cs.dir, name+".duckdb")
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%w: %q (no %s)", ErrUnknownCase, name, path)
	}
	c, err := engine.Open(ctx, path, cs.opts)
	if err != nil {
		return nil, err
	}
	cat, err := pgcompat.Install(ctx, c.DB())
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("serve case %s: %w", name, err)
	}
	if err := c.Lockdown(ctx); err != nil {
		c.Close()
		return nil, err
	}
	sc := &servedCase{name: name, c: c, catalog: cat}
	cs.open[name] = sc
	return sc, nil
}

// Names lists the cases in the directory.
func (cs *Cases) Names() ([]string, error) {
	files, err := filepath.Glob(filepath.Join(cs.dir, "*.duckdb"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		out = append(out, filepath.Base(f[:len(f)-len(".duckdb")]))
	}
	return out, nil
}

// Close closes every open case.
func (cs *Cases) Close() error {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	var errs []error
	for name, sc := range cs.open {
		errs = append(errs, sc.c.Close())
		delete(cs.open, name)
	}
	return errors.Join(errs...)
}
