package pdf

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// The tests read what this package writes back with poppler-utils
// (pdftotext, pdfinfo, pdftoppm, pdfdetach), an independent PDF reader. They
// skip when a tool is absent, unless MAST_REQUIRE_CLIENTS=1, when they fail.

// tool is the path of the named program, or skips (fails under
// MAST_REQUIRE_CLIENTS=1) when it is not installed.
func tool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("MAST_REQUIRE_CLIENTS") == "1" {
			t.Fatalf("%s is not installed (poppler-utils) and MAST_REQUIRE_CLIENTS=1", name)
		}
		t.Skipf("%s is not installed: install poppler-utils to read the PDF back", name)
	}
	return path
}

// run runs a tool and returns what it printed on standard output.
func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(tool(t, name), args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "%s %v: %s", name, args, stderr.String())
	return stdout.String()
}

// writeFile writes d to a file in a test directory and returns its path.
func writeFile(t testing.TB, d *Document) string {
	t.Helper()
	var buf bytes.Buffer
	_, err := d.WriteTo(&buf)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "exhibit.pdf")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	return path
}

// render rasterises every page of the PDF at path at 72 dpi (one pixel a
// point) and returns the pages' images in order.
func render(t testing.TB, path string) []image.Image {
	t.Helper()
	dir := t.TempDir()
	run(t, "pdftoppm", "-r", "72", "-png", path, filepath.Join(dir, "page"))
	names, err := filepath.Glob(filepath.Join(dir, "page-*.png"))
	require.NoError(t, err)
	// pdftoppm pads page numbers to the width of the last, so names sort.
	var pages []image.Image
	for _, name := range names {
		f, err := os.Open(name)
		require.NoError(t, err)
		img, err := png.Decode(f)
		require.NoError(t, f.Close())
		require.NoError(t, err, name)
		pages = append(pages, img)
	}
	return pages
}

// inked counts the pixels of img that are not white.
func inked(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xF000 || g < 0xF000 || bl < 0xF000 {
				n++
			}
		}
	}
	return n
}
