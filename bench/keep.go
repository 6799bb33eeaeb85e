package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/mastcdr/mast/engine"
)

// KeepCase reuses a benchmark's case between runs: when the stamp file
// records want (the options that made the case) and the case file is there,
// it says so on out and returns what build added to the stamp. Otherwise it
// removes the case (and its WAL), the stamp and the paths in clear, calls
// build, and records want and what build returned in the stamp.
func KeepCase(ctx context.Context, out io.Writer, path, stamp, want string, clear []string, build func(context.Context) (string, error)) (string, error) {
	if got, err := os.ReadFile(stamp); err == nil && strings.HasPrefix(string(got), want) {
		if _, err := os.Stat(path); err == nil {
			fmt.Fprintf(out, "reusing %s\n", path)
			return strings.TrimPrefix(string(got), want), nil
		}
	}
	for _, p := range append([]string{path, path + ".wal", stamp}, clear...) {
		if err := os.RemoveAll(p); err != nil {
			return "", err
		}
	}
	extra, err := build(ctx)
	if err != nil {
		return "", err
	}
	return extra, os.WriteFile(stamp, []byte(want+extra), 0o644)
}

// LoadWorldCase creates the case at path (region GB, Europe/London), loads
// the world files in dir into it (LoadWorld), closes it, and says how long
// that took on out.
func LoadWorldCase(ctx context.Context, out io.Writer, path, name, dir string) error {
	began := time.Now()
	c, err := engine.Create(ctx, path, engine.Settings{Name: name, Region: "GB", TimeZone: "Europe/London"}, engine.DefaultOptions())
	if err != nil {
		return err
	}
	if err := LoadWorld(ctx, c, dir); err != nil {
		c.Close()
		return err
	}
	if err := c.Close(); err != nil {
		return err
	}
	fmt.Fprintf(out, "loaded and derived %s in %.1f s\n", dir, time.Since(began).Seconds())
	return nil
}
