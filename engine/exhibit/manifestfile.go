package exhibit

import (
	"bytes"
	"context"
	"crypto/sha256"
	gosql "database/sql"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/mastcdr/mast/engine/exhibit/draw"
	"github.com/mastcdr/mast/engine/exhibit/pdf"
)

// Keys under which exhibits carry their manifest.
const (
	manifestKeyPNG  = "mast_manifest"
	manifestKeyPDF  = "MastManifest"
	manifestFileKey = "manifest.json"
	manifestHTMLID  = "mast-manifest"
)

// ReadManifest reads the manifest an exhibit file carries; for a CSV, the
// FILE.csv.manifest.json beside it.
func ReadManifest(path string) (*Manifest, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext == ".csv" {
		path += ".manifest.json"
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var raw []byte
	switch ext {
	case ".csv":
		raw = b
	case ".xlsx":
		raw, err = xlsxManifest(b)
	case ".geojson", ".json":
		var doc struct {
			M json.RawMessage `json:"mast_exhibit"`
		}
		err = json.Unmarshal(b, &doc)
		raw = doc.M
	case ".kml":
		raw, err = kmlManifest(b)
	case ".png":
		var text map[string]string
		text, err = draw.ReadPNGText(bytes.NewReader(b))
		raw = []byte(text[manifestKeyPNG])
	case ".pdf":
		var s string
		s, err = pdf.ReadInfoText(b, manifestKeyPDF)
		raw = []byte(s)
	case ".html", ".htm":
		raw, err = htmlManifest(b)
	default:
		return nil, fmt.Errorf("%s: not an exhibit mast writes (csv, xlsx, pdf, geojson, kml, png, html)", path)
	}
	if err == nil && len(raw) == 0 {
		err = errors.New("it carries no mast manifest")
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	m, err := ParseManifest(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

func xlsxManifest(b []byte) ([]byte, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := f.GetRows(SheetProvenance)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		if len(r) == 2 && r[0] == provenanceManifestRow {
			return []byte(r[1]), nil
		}
	}
	return nil, nil
}

func kmlManifest(b []byte) ([]byte, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var doc struct {
		Document struct {
			Data []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:"value"`
			} `xml:"ExtendedData>Data"`
		} `xml:"Document"`
	}
	if err := d.Decode(&doc); err != nil {
		return nil, err
	}
	for _, x := range doc.Document.Data {
		if x.Name == manifestKeyPNG {
			return []byte(x.Value), nil
		}
	}
	return nil, nil
}

func htmlManifest(b []byte) ([]byte, error) {
	open := []byte(`<script type="application/json" id="` + manifestHTMLID + `">`)
	i := bytes.Index(b, open)
	if i < 0 {
		return nil, nil
	}
	rest := b[i+len(open):]
	j := bytes.Index(rest, []byte("</script>"))
	if j < 0 {
		return nil, errors.New("the manifest block is not closed")
	}
	return []byte(html.UnescapeString(string(rest[:j]))), nil
}

// CheckRegistered compares the file with the case's register of exhibits. It
// returns a mismatch when the register holds the exhibit with other bytes
// (the file was changed after it was produced), and a note when the register
// does not hold it (made from a SQL session, or from another copy of the case).
func CheckRegistered(ctx context.Context, db *gosql.DB, m *Manifest, path string) (mismatch, note string, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", "", err
	}
	sum := sha256.Sum256(b)
	got := hex.EncodeToString(sum[:])
	rows, err := db.QueryContext(ctx, `SELECT file_sha256 FROM exhibits WHERE reference = ? AND rows_sha256 = ? ORDER BY exhibit_id`, m.Reference, m.RowsSHA256)
	if err != nil {
		return "", "", err
	}
	defer rows.Close()
	var known []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return "", "", err
		}
		if s == got {
			return "", "", nil
		}
		known = append(known, s)
	}
	if err := rows.Err(); err != nil {
		return "", "", err
	}
	if len(known) == 0 {
		return "", fmt.Sprintf("%s is not in this case's register of exhibits (made from a SQL session, or from another copy of the case): its rows were checked, its bytes could not be", m.Reference), nil
	}
	return fmt.Sprintf("the file's SHA-256 is %s; the register records %s for %s: the file was changed after it was produced", got, strings.Join(known, ", "), m.Reference), "", nil
}
