package auth

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"sync"
)

// Options configure a Store.
type Options struct {
	// Logger receives reload failures. Default: discard.
	Logger *slog.Logger
}

// DefaultOptions are the defaults.
func DefaultOptions() Options {
	return Options{Logger: slog.New(slog.DiscardHandler)}
}

// Store is the users file as the server sees it: read-only, re-read when
// the file changes. It is safe for concurrent use.
type Store struct {
	path string
	log  *slog.Logger

	mu       sync.Mutex
	stat     os.FileInfo // of the file last read, or nil
	file     *File       // nil while the file cannot be read: every login fails
	fallback []byte      // mock secret while the file has none
}

// Open reads the users file at path. A missing or invalid file is an error.
func Open(path string, opts Options) (*Store, error) {
	if opts.Logger == nil {
		opts.Logger = DefaultOptions().Logger
	}
	s := &Store{path: path, log: opts.Logger, fallback: make([]byte, 32)}
	if _, err := rand.Read(s.fallback); err != nil {
		return nil, fmt.Errorf("mock secret: %w", err)
	}
	if err := s.load(); err != nil {
		return nil, err
	}
	return s, nil
}

// Path is the users file's path.
func (s *Store) Path() string { return s.path }

// load reads the file; the caller holds mu or owns s.
func (s *Store) load() error {
	st, err := os.Stat(s.path)
	if err != nil {
		s.file, s.stat = nil, nil
		return fmt.Errorf("users file: %w", err)
	}
	b, err := os.ReadFile(s.path)
	if err != nil {
		s.file, s.stat = nil, nil
		return fmt.Errorf("users file: %w", err)
	}
	f, err := parseFile(s.path, b)
	if err != nil {
		s.file, s.stat = nil, st
		return err
	}
	s.file, s.stat = f, st
	return nil
}

// refresh re-reads the file if it changed since it was last read (another
// inode, size or modification time).
func (s *Store) refresh() {
	st, err := os.Stat(s.path)
	if err == nil && s.stat != nil && os.SameFile(st, s.stat) && st.Size() == s.stat.Size() && st.ModTime().Equal(s.stat.ModTime()) {
		return
	}
	if err := s.load(); err != nil {
		s.log.Error("users file unreadable; every login fails until it is fixed", "path", s.path, "err", err)
	}
}

// Lookup returns the named user as the file now says.
func (s *Store) Lookup(name string) (User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refresh()
	return s.lookup(name)
}

func (s *Store) lookup(name string) (User, bool) {
	if s.file == nil {
		return User{}, false
	}
	if i := s.file.Find(name); i >= 0 {
		return s.file.Users[i], true
	}
	return User{}, false
}

// mockSecret is the secret of the mock credentials.
func (s *Store) mockSecret() []byte {
	if s.file != nil {
		if b, err := hex.DecodeString(s.file.MockSecret); err == nil && len(b) > 0 {
			return b
		}
	}
	return s.fallback
}
