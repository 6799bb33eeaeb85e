package pdf

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mastcdr/mast/engine/exhibit/draw"
	"github.com/stretchr/testify/require"
)

var black = draw.Colour{A: 0xFF}

// manifestJSON is a manifest as an exhibit carries it: JSON with the
// characters a literal string must escape.
const manifestJSON = `{"case":"R v Smith (2024)","query":"SELECT * FROM events WHERE note LIKE '%\\%'","tz":"Europe/London","note":"Zürich – “quoted”"}`

// sampleDocument is a document with information, a custom entry, an
// embedded file and n pages of text.
func sampleDocument(t testing.TB, n int) *Document {
	t.Helper()
	d, err := New(Options{
		PageSize: A4(),
		Info: Info{
			Title:        "Schedule of calls: 07700 900123",
			Author:       "DC Jane Smith",
			Subject:      "R v Smith",
			Keywords:     "CDR, schedule",
			Creator:      "mast exhibit",
			Producer:     "mast test",
			CreationDate: time.Date(2024, 3, 1, 9, 30, 5, 0, time.UTC),
			Custom:       map[string]string{"MastManifest": manifestJSON, "MastVersion": "0.1.0"},
		},
		Files: []EmbeddedFile{{Name: "manifest.json", Data: []byte(manifestJSON), MIME: "application/json", Description: "exhibit manifest"}},
	})
	require.NoError(t, err)
	for i := range n {
		p := d.AddPage()
		p.Text(draw.Pt{X: 72, Y: 72}, fmt.Sprintf("Page body %d", i+1), draw.Font{Size: 12}, black, draw.AnchorLeft)
	}
	return d
}

func TestNewRejectsBadOptions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opts Options
		err  error
	}{
		{"negative page", Options{PageSize: PageSize{W: -1, H: 100}}, ErrPageSize},
		{"page too big", Options{PageSize: PageSize{W: 20000, H: 100}}, ErrPageSize},
		{"standard key as custom", Options{Info: Info{Custom: map[string]string{"Title": "x"}}}, ErrInfoKey},
		{"empty custom key", Options{Info: Info{Custom: map[string]string{"": "x"}}}, ErrInfoKey},
		{"long custom key", Options{Info: Info{Custom: map[string]string{strings.Repeat("K", 128): "x"}}}, ErrInfoKey},
		{"unnamed file", Options{Files: []EmbeddedFile{{Data: []byte("x")}}}, ErrFileName},
		{"file named twice", Options{Files: []EmbeddedFile{{Name: "a"}, {Name: "a"}}}, ErrFileName},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := New(tc.opts)
			require.ErrorIs(t, err, tc.err)
		})
	}
}

func TestDefaultPageSizeIsA4Portrait(t *testing.T) {
	t.Parallel()
	d, err := New(Options{})
	require.NoError(t, err)
	w, h := d.AddPage().Size()
	require.InDelta(t, 595.276, w, 0.001)
	require.InDelta(t, 841.89, h, 0.001)
	require.Equal(t, PageSize{W: h, H: w}, A4Landscape())
	require.Equal(t, A4(), A4Landscape().Portrait())
}

func TestWriteWithoutPagesFails(t *testing.T) {
	t.Parallel()
	d, err := New(DefaultOptions())
	require.NoError(t, err)
	_, err = d.WriteTo(&bytes.Buffer{})
	require.ErrorIs(t, err, ErrNoPages)
}

func TestBadPageSizeIsReportedByWriteTo(t *testing.T) {
	t.Parallel()
	d, err := New(DefaultOptions())
	require.NoError(t, err)
	d.AddPageSize(PageSize{W: 0, H: 10})
	_, err = d.WriteTo(&bytes.Buffer{})
	require.ErrorIs(t, err, ErrPageSize)
}

func TestPdfinfoReadsInfo(t *testing.T) {
	t.Parallel()
	path := writeFile(t, sampleDocument(t, 3))
	out := run(t, "pdfinfo", "-custom", "-isodates", path)
	for _, want := range []string{
		"Title:           Schedule of calls: 07700 900123\n",
		"Author:          DC Jane Smith\n",
		"Subject:         R v Smith\n",
		"Keywords:        CDR, schedule\n",
		"Creator:         mast exhibit\n",
		"Producer:        mast test\n",
		"CreationDate:    2024-03-01T09:30:05Z\n",
		"MastManifest:    " + manifestJSON + "\n",
		"MastVersion:     0.1.0\n",
	} {
		require.Contains(t, out, want)
	}
	out = run(t, "pdfinfo", path)
	require.Contains(t, out, "Pages:           3\n")
	require.Contains(t, out, "Page size:       595.276 x 841.89 pts (A4)\n")
}

func TestSetInfoAfterDrawing(t *testing.T) {
	t.Parallel()
	d := sampleDocument(t, 1)
	require.NoError(t, d.SetInfo(Info{Title: "Late title", Custom: map[string]string{"RowsSHA256": "abc"}}))
	require.ErrorIs(t, d.SetInfo(Info{Custom: map[string]string{"ModDate": "x"}}), ErrInfoKey)
	out := run(t, "pdfinfo", "-custom", writeFile(t, d))
	require.Contains(t, out, "Title:           Late title\n")
	require.Contains(t, out, "RowsSHA256:      abc\n")
	require.NotContains(t, out, "MastManifest")
}

func TestEmbeddedFilesAreListedAndExtracted(t *testing.T) {
	t.Parallel()
	d := sampleDocument(t, 1)
	data := bytes.Repeat([]byte("0123456789\x00\xff"), 1000)
	require.NoError(t, d.Attach(EmbeddedFile{Name: "a-rows.bin", Data: data}))
	require.ErrorIs(t, d.Attach(EmbeddedFile{Name: "manifest.json"}), ErrFileName)
	path := writeFile(t, d)

	out := run(t, "pdfdetach", "-list", path)
	require.Equal(t, "2 embedded files\n1: a-rows.bin\n2: manifest.json\n", out)

	dir := t.TempDir()
	run(t, "pdfdetach", "-saveall", "-o", dir, path)
	got, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	require.NoError(t, err)
	require.Equal(t, manifestJSON, string(got))
	got, err = os.ReadFile(filepath.Join(dir, "a-rows.bin"))
	require.NoError(t, err)
	require.Equal(t, data, got)
}

func TestSameCallsGiveSameBytes(t *testing.T) {
	t.Parallel()
	build := func() []byte {
		d := sampleDocument(t, 2)
		p := d.AddPage()
		drawTestScene(p)
		var buf bytes.Buffer
		_, err := d.WriteTo(&buf)
		require.NoError(t, err)
		// Writing again draws the furniture afresh and gives the same file.
		var again bytes.Buffer
		_, err = d.WriteTo(&again)
		require.NoError(t, err)
		require.Equal(t, buf.Bytes(), again.Bytes())
		return buf.Bytes()
	}
	a, b := build(), build()
	require.Equal(t, a, b)

	other := sampleDocument(t, 2)
	require.NoError(t, other.SetInfo(Info{Title: "Another"}))
	var buf bytes.Buffer
	_, err := other.WriteTo(&buf)
	require.NoError(t, err)
	require.NotEqual(t, fileID(t, a), fileID(t, buf.Bytes()), "the /ID is a digest of the content")
}

// fileID is the first string of a PDF's trailer /ID.
func fileID(t testing.TB, pdf []byte) string {
	t.Helper()
	m := regexp.MustCompile(`/ID \[<([0-9A-F]{32})><([0-9A-F]{32})>\]`).FindSubmatch(pdf)
	require.NotNil(t, m, "no /ID in trailer")
	return string(m[1])
}

func TestWriteToCountsBytes(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	n, err := sampleDocument(t, 1).WriteTo(&buf)
	require.NoError(t, err)
	require.Equal(t, int64(buf.Len()), n)
	require.True(t, bytes.HasPrefix(buf.Bytes(), []byte("%PDF-1.7\n")))
	require.True(t, bytes.HasSuffix(buf.Bytes(), []byte("%%EOF\n")))
}

func TestWriteErrorIsReturned(t *testing.T) {
	t.Parallel()
	_, err := sampleDocument(t, 1).WriteTo(failingWriter{})
	require.ErrorIs(t, err, errDiskFull)
}

var errDiskFull = fmt.Errorf("disk full")

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errDiskFull }

// TestQpdfFindsNoErrors checks the file's structure with qpdf when it is
// installed; poppler is the reader the other tests require, qpdf is extra.
func TestQpdfFindsNoErrors(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Skip("qpdf is not installed; the structure check is optional")
	}
	d := schedule(t, 120)
	require.NoError(t, d.Attach(EmbeddedFile{Name: "manifest.json", Data: []byte(manifestJSON), MIME: "application/json"}))
	drawTestScene(d.AddPageSize(scenePage))
	out, err := exec.Command("qpdf", "--check", writeFile(t, d)).CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Contains(t, string(out), "No syntax or stream encoding errors found")
}
