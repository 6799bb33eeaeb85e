package exhibit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"strings"
	"time"
)

// ManifestFormat names the manifest's layout; a later mast reads older ones.
const ManifestFormat = "mast-exhibit/1"

// Manifest is what an exhibit records about how it was made.
type Manifest struct {
	Format      string    `json:"format"`
	Reference   string    `json:"reference"`
	Kind        string    `json:"kind"` // schedule or map
	FileFormat  string    `json:"file_format"`
	Title       string    `json:"title"`
	Case        string    `json:"case"`
	Command     string    `json:"command"` // how it was asked for: the mast command line, or the SQL call
	Query       string    `json:"query"`   // the SQL whose rows the exhibit shows
	Subject     string    `json:"subject,omitempty"`
	From        string    `json:"from,omitempty"`
	To          string    `json:"to,omitempty"`
	TimeZone    string    `json:"time_zone"`
	Analyst     string    `json:"analyst"`
	MastVersion string    `json:"mast_version"`
	ProducedAt  time.Time `json:"produced_at"`
	Rows        int64     `json:"rows"`
	Columns     []string  `json:"columns"`
	RowsSHA256  string    `json:"rows_sha256"` // digest of the rows in canonical text (see RowDigest)
	Traced      string    `json:"traced"`      // line (every row traced to a line of a file) or case (rows carry no trace)
	Inputs      []Input   `json:"inputs"`
}

// Input is one file that contributed rows to an exhibit.
type Input struct {
	SourceID int64  `json:"source_id"`
	FileName string `json:"file_name"`
	SHA256   string `json:"sha256"`
	Kind     string `json:"kind"`
	Profile  string `json:"profile"`
	Rows     int64  `json:"rows"` // exhibit rows that trace to this file (0 when Traced is case)
}

// JSON is the manifest as indented JSON, keys in a fixed order.
func (m *Manifest) JSON() []byte {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil { // a Manifest has nothing json cannot encode
		panic(err)
	}
	return append(b, '\n')
}

// ParseManifest reads a manifest written by JSON.
func ParseManifest(b []byte) (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("read exhibit manifest: %w", err)
	}
	if !strings.HasPrefix(m.Format, "mast-exhibit/") {
		return nil, fmt.Errorf("read exhibit manifest: format %q is not a mast exhibit manifest", m.Format)
	}
	return &m, nil
}

// RowDigest computes Manifest.RowsSHA256: SHA-256 over the column names and
// then each row's values in their canonical text (Text), tab-separated, one
// line per row, with tab, newline and backslash escaped.
type RowDigest struct {
	h    hash.Hash
	rows int64
	buf  []byte
}

// NewRowDigest starts a digest over rows with these columns.
func NewRowDigest(columns []string) *RowDigest {
	d := &RowDigest{h: sha256.New()}
	d.h.Write([]byte(ManifestFormat + "\n"))
	d.line(columns)
	return d
}

// Add adds one row's canonical texts.
func (d *RowDigest) Add(texts []string) {
	d.rows++
	d.line(texts)
}

func (d *RowDigest) line(fields []string) {
	d.buf = d.buf[:0]
	for i, f := range fields {
		if i > 0 {
			d.buf = append(d.buf, '\t')
		}
		for j := 0; j < len(f); j++ {
			switch c := f[j]; c {
			case '\t':
				d.buf = append(d.buf, '\\', 't')
			case '\n':
				d.buf = append(d.buf, '\\', 'n')
			case '\\':
				d.buf = append(d.buf, '\\', '\\')
			default:
				d.buf = append(d.buf, c)
			}
		}
	}
	d.buf = append(d.buf, '\n')
	d.h.Write(d.buf)
}

// Rows is how many rows were added.
func (d *RowDigest) Rows() int64 { return d.rows }

// Sum is the hex digest.
func (d *RowDigest) Sum() string { return hex.EncodeToString(d.h.Sum(nil)) }
