package engine

import (
	"context"
	gosql "database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/mastcdr/mast/catalog"
)

// ErrNoCase is returned by Open when the case file does not exist.
var ErrNoCase = errors.New("no such case")

// ErrCaseExists is returned by Create when the case file exists already.
var ErrCaseExists = errors.New("case exists already")

// ErrLocked is returned when another process holds the case file.
var ErrLocked = errors.New("case is in use by another process")

// ErrNewerSchema is returned when the case was made by a newer mast.
var ErrNewerSchema = errors.New("case was made by a newer mast")

// Options tune how a case is opened.
type Options struct {
	Logger      *slog.Logger
	Threads     int    // DuckDB threads; 0 = DuckDB's default (all cores)
	MemoryLimit string // e.g. "8GB"; "" = DuckDB's default (80% of RAM)
	// MigrateTo stops migration at this version (0 = latest). Tests use it to
	// make a case as an older mast would have left it.
	MigrateTo int
	// Derive brings the derived tables (serving areas, presence) up to date
	// on Open when files were loaded since they were last derived (by an
	// older mast, or a load that stopped before deriving).
	Derive bool
	// Functions registers further Go functions on the case's database after
	// mast's own and before the analysis macros (the exhibit table function
	// of engine/exhibit, which imports engine and so cannot be registered by
	// it). Each runs once per Open.
	Functions []func(ctx context.Context, conn *gosql.Conn, c *Case) error
	// Notice, if not nil, is told of slow work Open does before it returns:
	// upgrading an older case's schema, bringing its derived tables up to
	// date. The CLI prints it, so that a long wait is not a silent one.
	Notice func(msg string)
}

// DefaultOptions returns the options mast uses when none are given.
func DefaultOptions() Options {
	return Options{Logger: slog.New(slog.DiscardHandler), Derive: true}
}

// Settings are the per-case defaults recorded when a case is created.
type Settings struct {
	Name     string // case name (the file's base name)
	Region   string // default region for national-format numbers, ISO 3166 alpha-2
	TimeZone string // IANA zone assumed for local times when a load gives none
}

// Case is an open case database.
type Case struct {
	path      string
	db        *gosql.DB
	log       *slog.Logger
	settings  Settings
	version   int
	functions []func(ctx context.Context, conn *gosql.Conn, c *Case) error
	notice    func(msg string)
}

// Path returns the case file's path.
func (c *Case) Path() string { return c.path }

// DB returns the database handle. It is safe for concurrent use.
func (c *Case) DB() *gosql.DB { return c.db }

// Settings returns the case's recorded defaults.
func (c *Case) Settings() Settings { return c.settings }

// SchemaVersion returns the schema version of the open case.
func (c *Case) SchemaVersion() int { return c.version }

// Create makes a new case at path with the given settings.
func Create(ctx context.Context, path string, s Settings, opts Options) (*Case, error) {
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("%w: %s", ErrCaseExists, path)
	}
	if s.Region == "" {
		s.Region = "GB"
	}
	if s.TimeZone == "" {
		s.TimeZone = "UTC"
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil {
		return nil, fmt.Errorf("case time zone %q: %w", s.TimeZone, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create case directory: %w", err)
	}
	c, err := open(ctx, path, opts)
	if err != nil {
		return nil, err
	}
	meta := map[string]string{
		"name":         s.Name,
		"region":       strings.ToUpper(s.Region),
		"time_zone":    s.TimeZone,
		"created_at":   time.Now().UTC().Format(time.RFC3339),
		"created_by":   currentUser(),
		"created_with": Version,
		// Its derived tables are empty, as its files: up to date, so the
		// first open does not announce a derive run.
		"derive_version": deriveVersion,
	}
	for k, v := range meta {
		if _, err := c.db.ExecContext(ctx, `INSERT INTO case_meta VALUES (?, ?)`, k, v); err != nil {
			c.Close()
			os.Remove(path)
			return nil, fmt.Errorf("record case settings: %w", err)
		}
	}
	if err := c.loadSettings(ctx); err != nil {
		c.Close()
		return nil, err
	}
	if err := c.registerFunctions(ctx); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// Open opens the existing case at path and brings its schema up to date.
func Open(ctx context.Context, path string, opts Options) (*Case, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s", ErrNoCase, path)
		}
		return nil, fmt.Errorf("open case: %w", err)
	}
	c, err := open(ctx, path, opts)
	if err != nil {
		return nil, err
	}
	if err := c.loadSettings(ctx); err != nil {
		c.Close()
		return nil, err
	}
	if err := c.registerFunctions(ctx); err != nil {
		c.Close()
		return nil, err
	}
	if opts.Derive && c.version == catalog.Latest() {
		noticed := false
		progress := func(step string) {
			if !noticed {
				c.notice(fmt.Sprintf("bringing the derived tables of %s up to date with the files loaded", filepath.Base(c.path)))
				noticed = true
			}
		}
		if _, err := c.Derive(ctx, progress); err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, nil
}

func open(ctx context.Context, path string, opts Options) (*Case, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open case: %w", err)
	}
	connector, err := duckdb.NewConnector(abs, nil)
	if err != nil {
		if strings.Contains(err.Error(), "Could not set lock") {
			// DuckDB's message names the process that holds the file.
			return nil, fmt.Errorf("%w: %s: %v", ErrLocked, abs, err)
		}
		return nil, fmt.Errorf("open case %s: %w", abs, err)
	}
	db := gosql.OpenDB(connector)
	notice := opts.Notice
	if notice == nil {
		notice = func(string) {}
	}
	c := &Case{path: abs, db: db, log: opts.Logger, functions: opts.Functions, notice: notice}
	var settings []string
	if opts.Threads > 0 {
		settings = append(settings, fmt.Sprintf("SET threads = %d", opts.Threads))
	}
	if opts.MemoryLimit != "" {
		settings = append(settings, fmt.Sprintf("SET memory_limit = '%s'", strings.ReplaceAll(opts.MemoryLimit, "'", "")))
	}
	for _, s := range settings {
		if _, err := db.ExecContext(ctx, s); err != nil {
			db.Close()
			return nil, fmt.Errorf("open case: %s: %w", s, err)
		}
	}
	if err := c.migrate(ctx, opts.MigrateTo); err != nil {
		db.Close()
		return nil, err
	}
	return c, nil
}

func (c *Case) loadSettings(ctx context.Context) error {
	rows, err := c.db.QueryContext(ctx, `SELECT key, value FROM case_meta`)
	if err != nil {
		return fmt.Errorf("read case settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return fmt.Errorf("read case settings: %w", err)
		}
		switch k {
		case "name":
			c.settings.Name = v
		case "region":
			c.settings.Region = v
		case "time_zone":
			c.settings.TimeZone = v
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read case settings: %w", err)
	}
	if c.settings.Name == "" {
		c.settings.Name = strings.TrimSuffix(filepath.Base(c.path), filepath.Ext(c.path))
	}
	if c.settings.Region == "" {
		c.settings.Region = "GB"
	}
	if c.settings.TimeZone == "" {
		c.settings.TimeZone = "UTC"
	}
	return nil
}

// Close checkpoints the case and releases its file.
func (c *Case) Close() error {
	if c.db == nil {
		return nil
	}
	_, cerr := c.db.Exec(`CHECKPOINT`)
	err := c.db.Close()
	c.db = nil
	if err != nil {
		return fmt.Errorf("close case: %w", err)
	}
	if cerr != nil {
		return fmt.Errorf("checkpoint case: %w", cerr)
	}
	return nil
}

func currentUser() string {
	for _, k := range []string{"USER", "LOGNAME", "USERNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return fmt.Sprintf("uid:%d", os.Getuid())
}

func hostName() string {
	h, err := os.Hostname()
	if err != nil {
		return "unknown"
	}
	return h
}
