//go:build !unix

package auth

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// lockFile creates path exclusively (O_EXCL), waiting up to 10 seconds for
// another holder to remove it. A lock left by a crashed process must be
// removed by hand; the error says so.
func lockFile(path string) (unlock func(), err error) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			f.Close()
			return func() { os.Remove(path) }, nil
		}
		if !errors.Is(err, fs.ErrExist) || time.Now().After(deadline) {
			return nil, fmt.Errorf("lock users (remove %s if no mast user command is running): %w", path, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
