package loaders

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"gopkg.in/yaml.v3"

	"github.com/mastcdr/mast/loaders/normalize"
)

// Kind is what a file holds, and so which table it lands in.
type Kind string

// The kinds of file mast loads.
const (
	KindCDR   Kind = "cdr"
	KindCells Kind = "cells"
	KindANPR  Kind = "anpr"
)

// Table returns the case table rows of this kind land in.
func (k Kind) Table() string {
	switch k {
	case KindCDR:
		return "events"
	case KindCells:
		return "cells"
	case KindANPR:
		return "anpr_reads"
	}
	return ""
}

// Header says whether a file has a header row.
type Header string

// Header modes.
const (
	HeaderRequired Header = "required" // the first non-comment line is the header
	HeaderOptional Header = "optional" // a header row may or may not be there; csv.columns names the columns when not
	HeaderNone     Header = "none"     // never a header; csv.columns names the columns
)

// Profile is a declarative description of one file layout. See docs/profiles.md.
type Profile struct {
	Name        string   `yaml:"name"`
	Kind        Kind     `yaml:"kind"`
	Description string   `yaml:"description"`
	Docs        string   `yaml:"docs"`
	CSV         CSVSpec  `yaml:"csv"`
	Time        TimeSpec `yaml:"time"`
	Cells       CellSpec `yaml:"cells"`
	Coordinates string   `yaml:"coordinates"` // wgs84 (default) or osgb36
	// Region is where the provider's national-format numbers are from (ISO
	// 3166 alpha-2); it overrides the load's --region for files of this layout.
	Region string           `yaml:"region"`
	Fields map[string]Field `yaml:"fields"`

	// Origin is where the profile was read from: "bundled" or a file path.
	Origin string `yaml:"-"`
	// SHA256 is the digest of the profile's YAML, recorded with each load.
	SHA256 string `yaml:"-"`
	source []byte
}

// Source returns the YAML the profile was read from.
func (p *Profile) Source() []byte { return p.source }

// CSVSpec says how the text is split into records and fields.
type CSVSpec struct {
	Delimiter string   `yaml:"delimiter"` // one character; default ","; "\t" for TSV
	Quote     string   `yaml:"quote"`     // characters that may quote a field; default `"`
	Header    Header   `yaml:"header"`    // required (default), optional, none
	Columns   []string `yaml:"columns"`   // column names in order, for files without a header row
	Comment   string   `yaml:"comment"`   // lines starting with this before the data are skipped
	// TrailingDelimiter tolerates one extra empty field at the end of data rows.
	TrailingDelimiter bool `yaml:"trailing_delimiter"`
	// Encoding of the text: utf-8 (default), latin1, windows-1252, utf-16
	// (with a byte-order mark), utf-16le, utf-16be.
	Encoding string `yaml:"encoding"`
	// PreambleMax is how many lines before the header may be a preamble
	// (banners, ticket numbers, search criteria): the header is the first
	// line holding every non-optional column the profile names.
	PreambleMax int `yaml:"preamble_max"`
	// Footer holds regular expressions; a line after the header matching one
	// is a footer (a total, an end-of-report banner): skipped, not a row.
	Footer []string `yaml:"footer"`

	footer []*regexp.Regexp
}

// TimeSpec says how times are written.
type TimeSpec struct {
	// Layouts are tried in order: "iso8601", "unix", "unix_ms" or Go layouts
	// such as "02/01/2006 15:04:05". Default: iso8601.
	Layouts []string `yaml:"layouts"`
	// Zone is the IANA zone of times written without an offset. Empty means
	// the load's --tz, else the case's zone. "UTC" for providers that write UTC.
	Zone string `yaml:"zone"`
}

// CellSpec says how a CDR writes its cell ids.
type CellSpec struct {
	Form      string `yaml:"form"`       // auto (default), cgi, concat, hex_eci, sector_prefixed, enb_sector, lac_ci
	Radio     string `yaml:"radio"`      // radio of the cells, when the provider is single-technology
	MCC       uint16 `yaml:"mcc"`        // defaults when the text carries none
	MNC       uint16 `yaml:"mnc"`        //
	MNCDigits int    `yaml:"mnc_digits"` // concatenated and hex forms: 2 or 3
	LACDigits int    `yaml:"lac_digits"` // concatenated form: width of the LAC
}

// Field maps one canonical field to the file.
type Field struct {
	Column   string            `yaml:"column"`   // the column's name in the header (or in csv.columns)
	Columns  []string          `yaml:"columns"`  // several columns joined by one space (a date and a time)
	Const    string            `yaml:"const"`    // a fixed value instead of a column
	Or       []string          `yaml:"or"`       // columns to use, in order, when column's value is empty
	Map      map[string]string `yaml:"map"`      // value map, keys matched case-insensitively
	Layouts  []string          `yaml:"layouts"`  // time layouts for this field, overriding time.layouts
	Optional bool              `yaml:"optional"` // the column may be absent from a file
	// Preamble is a regular expression with one capture group, tried on the
	// lines before the header: the first capture is the field's value for
	// every row (a tower dump's cell named only in its banner).
	Preamble string `yaml:"preamble"`
	// When lists value rules, tried in order before the field's own value;
	// the first whose condition holds gives the value (rules.go).
	When []Rule `yaml:"when"`

	preamble *regexp.Regexp
}

//go:embed profiles/*.yaml
var bundledFS embed.FS

// ErrNoProfile is returned when a profile name is not known.
var ErrNoProfile = errors.New("no such profile")

// ParseProfile reads one profile from YAML and validates it.
func ParseProfile(data []byte, origin string) (*Profile, error) {
	var p Profile
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("profile %s: %w", origin, err)
	}
	sum := sha256.Sum256(data)
	p.SHA256 = hex.EncodeToString(sum[:])
	p.Origin = origin
	p.source = data
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("profile %s: %w", origin, err)
	}
	return &p, nil
}

func (p *Profile) validate() error {
	if p.Name == "" {
		return errors.New("name is missing")
	}
	if p.CSV.Delimiter == "" {
		p.CSV.Delimiter = ","
	}
	if p.CSV.Delimiter == `\t` {
		p.CSV.Delimiter = "\t"
	}
	if len(p.CSV.Delimiter) != 1 {
		return fmt.Errorf("csv.delimiter %q: must be one character", p.CSV.Delimiter)
	}
	if p.CSV.Quote == "" {
		p.CSV.Quote = `"`
	}
	if p.CSV.Header == "" {
		p.CSV.Header = HeaderRequired
	}
	if _, err := decoderFor(p.CSV.Encoding); err != nil {
		return err
	}
	if p.CSV.PreambleMax < 0 {
		return fmt.Errorf("csv.preamble_max %d: must not be negative", p.CSV.PreambleMax)
	}
	for _, f := range p.CSV.Footer {
		re, err := regexp.Compile(f)
		if err != nil {
			return fmt.Errorf("csv.footer %q: %w", f, err)
		}
		p.CSV.footer = append(p.CSV.footer, re)
	}
	switch p.CSV.Header {
	case HeaderRequired:
	case HeaderOptional, HeaderNone:
		if len(p.CSV.Columns) == 0 {
			return fmt.Errorf("csv.header %s needs csv.columns", p.CSV.Header)
		}
	default:
		return fmt.Errorf("csv.header %q: want required, optional or none", p.CSV.Header)
	}
	if len(p.Time.Layouts) == 0 {
		p.Time.Layouts = []string{"iso8601"}
	}
	if p.Time.Zone != "" {
		if _, err := time.LoadLocation(p.Time.Zone); err != nil {
			return fmt.Errorf("time.zone %q: %w", p.Time.Zone, err)
		}
	}
	if _, err := normalize.NewTimeParser(p.Time.Layouts, time.UTC); err != nil {
		return fmt.Errorf("time.layouts: %w", err)
	}
	if p.Region != "" {
		p.Region = strings.ToUpper(p.Region)
		if _, err := normalize.NewPhoneNormalizer(p.Region); err != nil {
			return fmt.Errorf("region: %w", err)
		}
	}
	switch p.Coordinates {
	case "":
		p.Coordinates = "wgs84"
	case "wgs84", "osgb36":
	default:
		return fmt.Errorf("coordinates %q: want wgs84 or osgb36", p.Coordinates)
	}
	if p.Cells.Form != "" {
		if _, err := normalize.ParseCellForm(p.Cells.Form); err != nil {
			return fmt.Errorf("cells.form: %w", err)
		}
	}
	if p.Cells.Radio != "" {
		if _, err := normalize.ParseRadio(p.Cells.Radio); err != nil {
			return fmt.Errorf("cells.radio: %w", err)
		}
	}
	known, ok := fieldsByKind[p.Kind]
	if !ok {
		return fmt.Errorf("kind %q: want cdr, cells or anpr", p.Kind)
	}
	for name, f := range p.Fields {
		if _, ok := known[name]; !ok {
			return fmt.Errorf("fields.%s: not a %s field (known: %s)", name, p.Kind, strings.Join(sortedKeys(known), ", "))
		}
		n := 0
		if f.Column != "" {
			n++
		}
		if len(f.Columns) > 0 {
			n++
		}
		if f.Const != "" {
			n++
		}
		if f.Preamble != "" {
			n++
			re, err := regexp.Compile(f.Preamble)
			if err != nil {
				return fmt.Errorf("fields.%s.preamble: %w", name, err)
			}
			if re.NumSubexp() != 1 {
				return fmt.Errorf("fields.%s.preamble %q: want exactly one capture group, found %d", name, f.Preamble, re.NumSubexp())
			}
			f.preamble = re
		}
		if n > 1 || n == 0 && len(f.When) == 0 {
			return fmt.Errorf("fields.%s: give exactly one of column, columns, const or preamble (or only when: rules)", name)
		}
		if len(f.Or) > 0 && f.Column == "" {
			return fmt.Errorf("fields.%s: or needs column", name)
		}
		for i := range f.When {
			if err := f.When[i].check(f.Column); err != nil {
				return fmt.Errorf("fields.%s.when[%d]: %w", name, i, err)
			}
		}
		p.Fields[name] = f
		for _, l := range f.Layouts {
			if _, err := normalize.NewTimeParser([]string{l}, time.UTC); err != nil {
				return fmt.Errorf("fields.%s.layouts: %w", name, err)
			}
		}
	}
	for _, group := range requiredByKind[p.Kind] {
		found := false
		for _, name := range group {
			if _, ok := p.Fields[name]; ok {
				found = true
			}
		}
		if !found {
			return fmt.Errorf("fields: a %s profile needs %s", p.Kind, strings.Join(group, " or "))
		}
	}
	_, calling := p.Fields["calling_party"]
	_, called := p.Fields["called_party"]
	if calling != called {
		return errors.New("fields: calling_party and called_party go together")
	}
	if _, ok := p.Fields["subject_msisdn"]; ok && calling {
		return errors.New("fields: give subject_msisdn and other_party, or calling_party and called_party, not both")
	}
	_, enb := p.Fields["enb"]
	_, sector := p.Fields["sector"]
	if enb && !sector {
		return errors.New("fields: enb needs sector (the ECI is eNodeB id × 256 + sector)")
	}
	if p.Coordinates == "osgb36" && p.Kind == KindCells {
		if _, ok := p.Fields["easting"]; !ok {
			return errors.New("coordinates osgb36 needs fields easting and northing")
		}
	}
	return nil
}

// requiredColumns lists the columns of the non-optional fields.
func (p *Profile) requiredColumns() []string {
	var out []string
	for _, f := range p.Fields {
		if f.Optional {
			continue
		}
		if f.Column != "" {
			out = append(out, f.Column)
		}
		out = append(out, f.Columns...)
		for _, r := range f.When {
			if r.Column != "" {
				out = append(out, r.Column)
			}
		}
	}
	return out
}

// isFooter reports whether a line after the header is a footer.
func (c *CSVSpec) isFooter(line []byte) bool {
	for _, re := range c.footer {
		if re.Match(line) {
			return true
		}
	}
	return false
}

// Profiles is a set of profiles by name.
type Profiles struct {
	byName map[string]*Profile
}

// LoadProfiles returns the bundled profiles, overridden and extended by the
// *.yaml files of dir when dir is not empty.
func LoadProfiles(dir string) (*Profiles, error) {
	ps := &Profiles{byName: map[string]*Profile{}}
	entries, err := fs.ReadDir(bundledFS, "profiles")
	if err != nil {
		return nil, fmt.Errorf("bundled profiles: %w", err)
	}
	for _, e := range entries {
		b, err := bundledFS.ReadFile("profiles/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("bundled profiles: %w", err)
		}
		p, err := ParseProfile(b, "bundled:"+e.Name())
		if err != nil {
			return nil, err
		}
		ps.byName[p.Name] = p
	}
	if dir == "" {
		return ps, nil
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.y*ml"))
	if err != nil {
		return nil, fmt.Errorf("profiles in %s: %w", dir, err)
	}
	if len(files) == 0 {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("profiles directory: %w", err)
		}
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("profile: %w", err)
		}
		p, err := ParseProfile(b, f)
		if err != nil {
			return nil, err
		}
		ps.byName[p.Name] = p
	}
	return ps, nil
}

// Get returns the profile called name.
func (ps *Profiles) Get(name string) (*Profile, error) {
	p, ok := ps.byName[name]
	if !ok {
		return nil, fmt.Errorf("%w: %q (known: %s)", ErrNoProfile, name, strings.Join(ps.Names(), ", "))
	}
	return p, nil
}

// Names lists the profile names, sorted.
func (ps *Profiles) Names() []string {
	return sortedKeys(ps.byName)
}

// All returns the profiles sorted by name.
func (ps *Profiles) All() []*Profile {
	var out []*Profile
	for _, n := range ps.Names() {
		out = append(out, ps.byName[n])
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// HashFile returns the hex SHA-256 of a file's bytes.
func HashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hash %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// decoderFor returns the decoder of an encoding name, or nil for UTF-8.
func decoderFor(name string) (*encoding.Decoder, error) {
	switch strings.ToLower(strings.ReplaceAll(name, "_", "-")) {
	case "", "utf-8", "utf8":
		return nil, nil
	case "latin1", "latin-1", "iso-8859-1":
		return charmap.ISO8859_1.NewDecoder(), nil
	case "windows-1252", "cp1252":
		return charmap.Windows1252.NewDecoder(), nil
	case "utf-16":
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder(), nil
	case "utf-16le":
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder(), nil
	case "utf-16be":
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder(), nil
	}
	return nil, fmt.Errorf("csv.encoding %q: want utf-8, latin1, windows-1252, utf-16, utf-16le or utf-16be", name)
}
