package exhibit

import (
	"os"
	"testing"
)

var tempRoot string

func tempDir() (string, error) { return os.MkdirTemp(tempRoot, "case-") }

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mast-exhibit-")
	if err != nil {
		panic(err)
	}
	tempRoot = dir
	code := m.Run()
	if demoCase != nil {
		demoCase.Close()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}
