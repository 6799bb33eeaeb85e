package auth

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// FileVersion is the users file's format version.
const FileVersion = 1

// DefaultFileName is the users file's name in the cases directory.
const DefaultFileName = "mast-users.json"

// File is the users file's content.
type File struct {
	Version int `json:"version"`
	// MockSecret (hex) salts the mock credentials of unknown users so that
	// their salt is stable across attempts and restarts.
	MockSecret string `json:"mock_secret"`
	Users      []User `json:"users"`
}

// Find returns the index of the named user, or -1.
func (f *File) Find(name string) int {
	return slices.IndexFunc(f.Users, func(u User) bool { return u.Name == name })
}

// Add adds a new user, stamping its times.
func (f *File) Add(u User, now time.Time) error {
	if f.Find(u.Name) >= 0 {
		return fmt.Errorf("%w: %s", ErrUserExists, u.Name)
	}
	u.Created, u.Changed = now.UTC(), now.UTC()
	if err := u.Validate(); err != nil {
		return err
	}
	f.Users = append(f.Users, u)
	slices.SortFunc(f.Users, func(a, b User) int { return strings.Compare(a.Name, b.Name) })
	return nil
}

// Change applies fn to the named user and stamps its change time.
func (f *File) Change(name string, now time.Time, fn func(*User) error) error {
	i := f.Find(name)
	if i < 0 {
		return fmt.Errorf("%w: %s", ErrNoUser, name)
	}
	u := f.Users[i]
	u.Cases = slices.Clone(u.Cases)
	if err := fn(&u); err != nil {
		return err
	}
	u.Changed = now.UTC()
	if err := u.Validate(); err != nil {
		return err
	}
	f.Users[i] = u
	return nil
}

// Remove removes the named user.
func (f *File) Remove(name string) error {
	i := f.Find(name)
	if i < 0 {
		return fmt.Errorf("%w: %s", ErrNoUser, name)
	}
	f.Users = slices.Delete(f.Users, i, i+1)
	return nil
}

// ReadFile reads a users file. A missing file is an empty one.
func ReadFile(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &File{Version: FileVersion}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read users: %w", err)
	}
	return parseFile(path, b)
}

func parseFile(path string, b []byte) (*File, error) {
	var f File
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("users file %s: %w", path, err)
	}
	if f.Version != FileVersion {
		return nil, fmt.Errorf("users file %s: version %d (this mast reads %d)", path, f.Version, FileVersion)
	}
	seen := map[string]bool{}
	for _, u := range f.Users {
		if err := u.Validate(); err != nil {
			return nil, fmt.Errorf("users file %s: %w", path, err)
		}
		if seen[u.Name] {
			return nil, fmt.Errorf("users file %s: %w: user %s twice", path, ErrInvalid, u.Name)
		}
		seen[u.Name] = true
	}
	return &f, nil
}

// Update changes the users file as one transaction: it takes the file's lock
// (FILE.lock), reads the file, applies fn, and writes the result to a
// temporary file (mode 0600, fsynced) renamed over the old one. Two
// concurrent Updates are serialised; neither loses the other's change. If fn
// fails, nothing is written.
func Update(path string, fn func(*File) error) error {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("users dir: %w", err)
		}
	}
	unlock, err := lockFile(path + ".lock")
	if err != nil {
		return err
	}
	defer unlock()
	f, err := ReadFile(path)
	if err != nil {
		return err
	}
	if err := fn(f); err != nil {
		return err
	}
	if f.MockSecret == "" {
		secret := make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			return fmt.Errorf("mock secret: %w", err)
		}
		f.MockSecret = hex.EncodeToString(secret)
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("encode users: %w", err)
	}
	return writeAtomic(path, append(b, '\n'))
}

// writeAtomic writes b to a temporary file next to path and renames it over
// path, so a reader sees the old file or the new one, never a part.
func writeAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write users: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("write users: %w", err)
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("write users: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write users: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write users: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write users: %w", err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync() // make the rename durable; best effort
		d.Close()
	}
	return nil
}
