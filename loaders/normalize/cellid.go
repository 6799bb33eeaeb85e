package normalize

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrCell is wrapped by every cell-id error. ErrNoCell, which also wraps
// ErrCell, means the value names no cell at all (empty, or zero): a loader
// stores NULL rather than rejecting the row.
var (
	ErrCell   = errors.New("bad cell id")
	ErrNoCell = error(&wrapped{msg: "no cell id (empty or zero)", parent: ErrCell})
)

// wrapped is a sentinel error that wraps another.
type wrapped struct {
	msg    string
	parent error
}

func (e *wrapped) Error() string { return e.msg }
func (e *wrapped) Unwrap() error { return e.parent }

// maxCI bounds every cell identity: an NR cell identity has 36 bits, the
// most of any radio.
const maxCI = 1<<36 - 1

// Radio is a radio technology.
type Radio uint8

// The radios.
const (
	RadioUnknown Radio = iota
	RadioGSM
	RadioUMTS
	RadioLTE
	RadioNR
	RadioCDMA
)

func (r Radio) String() string {
	switch r {
	case RadioGSM:
		return "GSM"
	case RadioUMTS:
		return "UMTS"
	case RadioLTE:
		return "LTE"
	case RadioNR:
		return "NR"
	case RadioCDMA:
		return "CDMA"
	}
	return ""
}

// ParseRadio reads the usual spellings of a radio technology, in any case:
// GSM (2G, GPRS, EDGE), UMTS (WCDMA, 3G, HSPA), LTE (4G, E-UTRAN), NR (5G),
// CDMA (CDMA2000, 1xRTT, EVDO). An empty text is RadioUnknown.
func ParseRadio(s string) (Radio, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "GSM", "2G", "GPRS", "EDGE":
		return RadioGSM, nil
	case "UMTS", "WCDMA", "3G", "HSPA":
		return RadioUMTS, nil
	case "LTE", "4G", "E-UTRAN", "EUTRAN":
		return RadioLTE, nil
	case "NR", "5G", "5G NR":
		return RadioNR, nil
	case "CDMA", "CDMA2000", "1XRTT", "EVDO":
		return RadioCDMA, nil
	case "":
		return RadioUnknown, nil
	}
	return RadioUnknown, fmt.Errorf("%w: unknown radio %q (want GSM, UMTS, LTE, NR or CDMA)", ErrCell, s)
}

// CellKey identifies a cell whatever form a provider wrote it in.
type CellKey struct {
	Radio  Radio
	MCC    uint16
	MNC    uint16
	LAC    uint32 // LAC or TAC; 0 with HasLAC false when unknown
	HasLAC bool
	CI     uint64 // CI (16-bit), UMTS UC-Id, LTE ECI (28-bit), NR NCI (36-bit), or CDMA cell number
	Sector int16  // CDMA sector; -1 when not applicable
}

// Long reports whether the id is unique within its network without a LAC:
// LTE and NR cells, and any id above 65535 (an ECI, NCI or UMTS UC-Id).
func (k CellKey) Long() bool {
	return k.Radio == RadioLTE || k.Radio == RadioNR || k.CI > 65535
}

// String is the canonical key, numbers in decimal without leading zeros:
//
//	long ids   MCC-MNC-CI         404-98-230711555 (the TAC stays in the struct)
//	short ids  MCC-MNC-LAC-CI     234-15-1201-31010, or 234-15-?-31010 with no LAC
//	CDMA       MCC-MNC-LAC-CI/S   310-12-0-83/2 (LAC is the switch, S the sector)
//
// A short key with no LAC cannot match a cell list.
func (k CellKey) String() string {
	var buf [48]byte
	b := strconv.AppendUint(buf[:0], uint64(k.MCC), 10)
	b = append(b, '-')
	b = strconv.AppendUint(b, uint64(k.MNC), 10)
	b = append(b, '-')
	switch {
	case k.Sector >= 0:
		b = strconv.AppendUint(b, uint64(k.LAC), 10)
		b = append(b, '-')
		b = strconv.AppendUint(b, k.CI, 10)
		b = append(b, '/')
		b = strconv.AppendInt(b, int64(k.Sector), 10)
	case k.Long():
		b = strconv.AppendUint(b, k.CI, 10)
	default:
		if k.HasLAC {
			b = strconv.AppendUint(b, uint64(k.LAC), 10)
		} else {
			b = append(b, '?')
		}
		b = append(b, '-')
		b = strconv.AppendUint(b, k.CI, 10)
	}
	return string(b)
}

// ParseKey reads a canonical key, the inverse of String: ParseKey(k.String())
// gives back k's MCC, MNC, CI and sector, and its LAC when the key is short.
// The radio is known only as far as the key shows it: CDMA for a key with a
// sector, LTE for a long key with an id of 65535 or less, else unknown.
func ParseKey(s string) (CellKey, error) {
	bad := func(why string) (CellKey, error) {
		return CellKey{}, fmt.Errorf("%w: key %q: %s", ErrCell, s, why)
	}
	var parts [4]string
	n := 0
	for rest := s; ; {
		if n == len(parts) {
			return bad("want MCC-MNC-CI, MCC-MNC-LAC-CI or MCC-MNC-LAC-CI/SECTOR")
		}
		part, tail, more := strings.Cut(rest, "-")
		parts[n] = part
		n++
		if !more {
			break
		}
		rest = tail
	}
	if n < 3 {
		return bad("want MCC-MNC-CI, MCC-MNC-LAC-CI or MCC-MNC-LAC-CI/SECTOR")
	}
	mcc, ok1 := canonicalUint(parts[0], 999)
	mnc, ok2 := canonicalUint(parts[1], 999)
	if !ok1 || !ok2 {
		return bad("MCC and MNC must be numbers up to 999 without leading zeros")
	}
	k := CellKey{MCC: uint16(mcc), MNC: uint16(mnc), Sector: -1}
	last := parts[n-1]
	if cell, sector, ok := strings.Cut(last, "/"); ok {
		if n != 4 {
			return bad("a key with a sector is MCC-MNC-LAC-CI/SECTOR")
		}
		sw, ok1 := canonicalUint(parts[2], 1<<32-1)
		ci, ok2 := canonicalUint(cell, maxCI)
		sec, ok3 := canonicalUint(sector, 255)
		if !ok1 || !ok2 || !ok3 || ci == 0 {
			return bad("want a switch, a cell number above 0 and a sector up to 255")
		}
		k.Radio, k.LAC, k.HasLAC, k.CI, k.Sector = RadioCDMA, uint32(sw), true, ci, int16(sec)
		return k, nil
	}
	ci, ok := canonicalUint(last, maxCI)
	if !ok || ci == 0 {
		return bad("the cell identity must be a number from 1 to 2^36-1 without leading zeros")
	}
	k.CI = ci
	if n == 3 {
		if ci <= 65535 {
			k.Radio = RadioLTE // String writes a small id without a LAC only for LTE or NR
		}
		return k, nil
	}
	if ci > 65535 {
		return bad("an id above 65535 is written without a LAC")
	}
	if parts[2] != "?" {
		lac, ok := canonicalUint(parts[2], 1<<32-1)
		if !ok {
			return bad("the LAC must be a number without leading zeros, or ?")
		}
		k.LAC, k.HasLAC = uint32(lac), true
	}
	return k, nil
}

// canonicalUint reads a decimal number without leading zeros, up to limit.
func canonicalUint(s string, limit uint64) (uint64, bool) {
	if s == "" || len(s) > 1 && s[0] == '0' || len(s) > 20 {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
		if v > limit {
			return 0, false
		}
	}
	return v, true
}

// CellForm is how a provider writes a cell id in one text.
type CellForm uint8

// The forms of docs/formats/cell-ids.md.
const (
	FormAuto           CellForm = iota // guess from the text; refuse what is ambiguous
	FormCGI                            // MCC-MNC-LAC-CI hyphenated (the CI may be a decimal ECI), or a canonical key
	FormConcat                         // MCC, MNC, LAC and CI run together in fixed widths
	FormHexECI                         // MCC, MNC and the ECI (or NCI) in hexadecimal
	FormSectorPrefixed                 // CDMA: the first digit is the sector, the rest the cell
	FormENBSector                      // eNodeB id and sector: "eNB 123456, sector 2", "123456-2"
	FormLACCI                          // LAC and CI in one text: "1234 5678", "1234/5678", "LAC=1234, CI=5678" (two columns joined)
)

var formNames = [...]string{
	FormAuto: "auto", FormCGI: "cgi", FormConcat: "concat", FormHexECI: "hex_eci",
	FormSectorPrefixed: "sector_prefixed", FormENBSector: "enb_sector", FormLACCI: "lac_ci",
}

func (f CellForm) String() string {
	if int(f) < len(formNames) {
		return formNames[f]
	}
	return "form(" + strconv.Itoa(int(f)) + ")"
}

// ParseCellForm reads a form's name: auto, cgi, concat, hex_eci,
// sector_prefixed, enb_sector or lac_ci. An empty name is auto.
func ParseCellForm(s string) (CellForm, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return FormAuto, nil
	}
	for f, n := range formNames {
		if n == s {
			return CellForm(f), nil
		}
	}
	return FormAuto, fmt.Errorf("%w: unknown cell form %q (want auto, cgi, concat, hex_eci, sector_prefixed, enb_sector or lac_ci)", ErrCell, s)
}

// cellCacheMax bounds a CellParser's cache; a full cache is emptied.
const cellCacheMax = 1 << 18

// CellParser reads the cell ids of one column of one provider's files. Its
// fields say what the text leaves out; they may be changed between calls
// (the cache keeps them apart). It caches results by text; it is not safe
// for concurrent use.
type CellParser struct {
	Form      CellForm
	Radio     Radio  // the column's radio, when the profile says
	MCC, MNC  uint16 // defaults when the text carries none (sector-prefixed, eNB + sector, LAC and CI)
	MNCDigits int    // concat and hex_eci: 2 or 3; 0 infers (hex_eci from the length; concat takes 2)
	LACDigits int    // concat: the LAC's width; 0 means 5 (the CI takes the rest)
	Switch    uint32 // CDMA switch (NEID), the LAC of sector-prefixed keys

	conf  cellConf
	cache map[cellCacheKey]cellResult
}

// cellConf is what a cached result depends on besides its text and radio.
type cellConf struct {
	form      CellForm
	mcc, mnc  uint16
	mncDigits int
	lacDigits int
	sw        uint32
}

type cellCacheKey struct {
	radio Radio
	text  string
}

type cellResult struct {
	key CellKey
	str string // key.String(), when err is nil
	err error
}

// Parse reads one cell id text. Empty and all-zero texts, and ids whose cell
// identity is 0, give ErrNoCell; texts that cannot be read give an error
// wrapping ErrCell that names the form tried and why.
func (p *CellParser) Parse(text string) (CellKey, error) {
	r := p.result(text)
	return r.key, r.err
}

// Canonical is Parse giving the key as its canonical text (CellKey.String),
// which is made once per distinct text and kept with the cached result.
func (p *CellParser) Canonical(text string) (string, error) {
	r := p.result(text)
	return r.str, r.err
}

func (p *CellParser) result(text string) cellResult {
	conf := cellConf{p.Form, p.MCC, p.MNC, p.MNCDigits, p.LACDigits, p.Switch}
	if p.cache != nil && p.conf == conf {
		if r, ok := p.cache[cellCacheKey{p.Radio, text}]; ok {
			return r
		}
	}
	k, err := p.parse(text)
	r := cellResult{key: k, err: err}
	if err == nil {
		r.str = k.String()
	}
	if p.cache == nil || p.conf != conf || len(p.cache) >= cellCacheMax {
		p.cache, p.conf = make(map[cellCacheKey]cellResult), conf
	}
	// The text may be a view of a reused read buffer: keep a copy.
	p.cache[cellCacheKey{p.Radio, strings.Clone(text)}] = r
	return r
}

// trimCell removes spaces, tabs and quotes around s.
func trimCell(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\'' || s[0] == '"') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t' || s[len(s)-1] == '\'' || s[len(s)-1] == '"' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s
}

// errZeroCell is returned by the form readers for an id whose cell identity
// is 0; Parse reports it as ErrNoCell.
var errZeroCell = errors.New("cell identity is 0")

func (p *CellParser) parse(raw string) (CellKey, error) {
	s := trimCell(raw)
	if strings.Trim(s, "0") == "" {
		return CellKey{}, ErrNoCell
	}
	form := p.Form
	if form == FormAuto {
		if form = guessForm(s, p.Radio); form == FormAuto {
			return CellKey{}, fmt.Errorf("%w %q: ambiguous cell id, set the profile's cells.form", ErrCell, raw)
		}
	}
	var k CellKey
	var err error
	switch form {
	case FormCGI:
		k, err = p.cgi(s)
	case FormConcat:
		k, err = p.concat(s)
	case FormHexECI:
		k, err = p.hexECI(s)
	case FormSectorPrefixed:
		k, err = p.sectorPrefixed(s)
	case FormENBSector:
		k, err = p.enbText(s)
	case FormLACCI:
		k, err = p.lacCI(s)
	default:
		err = fmt.Errorf("unknown form %d", form)
	}
	switch {
	case err == nil:
		return k, nil
	case errors.Is(err, errZeroCell):
		return CellKey{}, ErrNoCell
	}
	return CellKey{}, fmt.Errorf("%w %q as %s: %v", ErrCell, raw, form, err)
}

// guessForm picks a form for FormAuto: a '-' (or ':' or '/') means cgi;
// 12 or more decimal digits concat; 12–13 characters with hex letters (14–15
// for an NR column) hex_eci. Anything else is ambiguous (FormAuto).
func guessForm(s string, radio Radio) CellForm {
	if strings.ContainsAny(s, "-:/") {
		return FormCGI
	}
	digits, hex := true, true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F':
			digits = false
		default:
			digits, hex = false, false
		}
	}
	switch {
	case digits && len(s) >= 12:
		return FormConcat
	case hex && !digits && (len(s) == 12 || len(s) == 13 || radio == RadioNR && (len(s) == 14 || len(s) == 15)):
		return FormHexECI
	}
	return FormAuto
}

// cgi reads MCC-MNC-LAC-CI and MCC-MNC-CI (':' or '/' may separate instead
// of '-' when the text uses only one of them), and the canonical keys
// (a '?' LAC, a CDMA "/sector").
func (p *CellParser) cgi(s string) (CellKey, error) {
	sep := byte('-')
	if strings.IndexByte(s, '-') < 0 {
		colon, slash := strings.IndexByte(s, ':') >= 0, strings.IndexByte(s, '/') >= 0
		switch {
		case colon && slash:
			return CellKey{}, errors.New("mixes ':' and '/' separators")
		case colon:
			sep = ':'
		case slash:
			sep = '/'
		}
	}
	var parts [4]string
	n := 0
	for rest := s; ; {
		if n == len(parts) {
			return CellKey{}, errors.New("want MCC-MNC-LAC-CI or MCC-MNC-CI")
		}
		i := strings.IndexByte(rest, sep)
		if i < 0 {
			parts[n] = strings.TrimSpace(rest)
			n++
			break
		}
		parts[n] = strings.TrimSpace(rest[:i])
		n++
		rest = rest[i+1:]
	}
	if n < 3 {
		return CellKey{}, errors.New("want MCC-MNC-LAC-CI or MCC-MNC-CI")
	}
	if len(parts[0]) != 3 || len(parts[1]) < 1 || len(parts[1]) > 3 {
		return CellKey{}, errors.New("want a 3-digit MCC and an MNC of 1 to 3 digits")
	}
	mcc, ok1 := decimal(parts[0], 999)
	mnc, ok2 := decimal(parts[1], 999)
	if !ok1 || !ok2 || mcc == 0 {
		return CellKey{}, errors.New("want a 3-digit MCC and an MNC of 1 to 3 digits")
	}
	k := CellKey{Radio: p.Radio, MCC: uint16(mcc), MNC: uint16(mnc), Sector: -1}
	last := parts[n-1]
	if cell, sector, ok := strings.Cut(last, "/"); ok && sep == '-' {
		// A CDMA canonical key: MCC-MNC-SWITCH-CELL/SECTOR.
		if n != 4 {
			return CellKey{}, errors.New("a cell with a sector is MCC-MNC-SWITCH-CELL/SECTOR")
		}
		sw, ok1 := decimal(parts[2], 1<<32-1)
		ci, ok2 := decimal(cell, maxCI)
		sec, ok3 := decimal(sector, 255)
		if !ok1 || !ok2 || !ok3 {
			return CellKey{}, errors.New("want decimal switch, cell and sector (up to 255)")
		}
		if ci == 0 {
			return CellKey{}, errZeroCell
		}
		k.Radio, k.LAC, k.HasLAC, k.CI, k.Sector = RadioCDMA, uint32(sw), true, ci, int16(sec)
		return k, nil
	}
	ci, err := cellNumber(last, maxCI)
	if err != nil {
		return CellKey{}, fmt.Errorf("cell identity: %v", err)
	}
	k.CI = ci
	if n == 4 && parts[2] != "?" {
		lac, err := cellNumber(parts[2], 1<<32-1)
		if err != nil {
			return CellKey{}, fmt.Errorf("LAC/TAC: %v", err)
		}
		k.LAC, k.HasLAC = uint32(lac), true
	}
	if ci == 0 {
		return CellKey{}, errZeroCell
	}
	if n == 3 && !k.Long() {
		return CellKey{}, errors.New("a cell identity of 65535 or less needs its LAC (or the profile's cells.radio: LTE or NR)")
	}
	return k, nil
}

// decimal reads a decimal number of at most 20 digits, up to limit.
func decimal(s string, limit uint64) (uint64, bool) {
	if s == "" || len(s) > 20 {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
		if v > limit {
			return 0, false
		}
	}
	return v, true
}

// hexNumber reads a hexadecimal number of at most 16 digits, up to limit.
func hexNumber(s string, limit uint64) (uint64, bool) {
	if s == "" || len(s) > 16 {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		v = v<<4 | uint64(d)
		if v > limit {
			return 0, false
		}
	}
	return v, true
}

// cellNumber reads a LAC or cell identity: decimal, or hexadecimal after 0x.
func cellNumber(s string, limit uint64) (uint64, error) {
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		if v, ok := hexNumber(s[2:], limit); ok {
			return v, nil
		}
	} else if v, ok := decimal(s, limit); ok {
		return v, nil
	}
	return 0, fmt.Errorf("%q is not a number from 0 to %d (decimal, or hexadecimal after 0x)", s, limit)
}

// concat reads MCC (3 digits), MNC (MNCDigits, else 2), LAC (LACDigits, else
// 5) and the CI (the rest) run together.
func (p *CellParser) concat(s string) (CellKey, error) {
	mncW, lacW := 2, 5
	if p.MNCDigits == 3 {
		mncW = 3
	}
	if p.LACDigits > 0 {
		lacW = p.LACDigits
	}
	if len(s) < 3+mncW+lacW+1 {
		return CellKey{}, fmt.Errorf("%d characters is too short for MCC (3) + MNC (%d) + LAC (%d) + CI", len(s), mncW, lacW)
	}
	mcc, ok1 := decimal(s[:3], 999)
	mnc, ok2 := decimal(s[3:3+mncW], 999)
	lac, ok3 := decimal(s[3+mncW:3+mncW+lacW], 1<<32-1)
	ci, ok4 := decimal(s[3+mncW+lacW:], maxCI)
	switch {
	case !ok1 || !ok2 || !ok3:
		return CellKey{}, fmt.Errorf("want decimal digits: MCC (3) + MNC (%d) + LAC (%d) + CI", mncW, lacW)
	case !ok4:
		return CellKey{}, fmt.Errorf("cell identity %q is not a decimal number below 2^36", s[3+mncW+lacW:])
	case mcc == 0:
		return CellKey{}, errors.New("MCC is 000")
	case ci == 0:
		return CellKey{}, errZeroCell
	}
	return CellKey{Radio: p.Radio, MCC: uint16(mcc), MNC: uint16(mnc), LAC: uint32(lac), HasLAC: true, CI: ci, Sector: -1}, nil
}

// hexECI reads MCC (3 decimal digits), MNC (2 or 3 decimal digits) and the
// ECI as 7 hexadecimal digits (28 bits), or for an NR column the NCI as 9
// (36 bits). With MNCDigits unset the MNC takes what the id leaves.
func (p *CellParser) hexECI(s string) (CellKey, error) {
	idLen, radio := 7, RadioLTE
	if p.Radio == RadioNR {
		idLen, radio = 9, RadioNR
	}
	mncW := len(s) - 3 - idLen
	if p.MNCDigits == 2 || p.MNCDigits == 3 {
		if mncW != p.MNCDigits {
			return CellKey{}, fmt.Errorf("%d characters is not MCC (3) + MNC (%d) + %d hex digits", len(s), p.MNCDigits, idLen)
		}
	} else if mncW != 2 && mncW != 3 {
		return CellKey{}, fmt.Errorf("%d characters is not MCC (3) + MNC (2 or 3) + %d hex digits", len(s), idLen)
	}
	mcc, ok1 := decimal(s[:3], 999)
	mnc, ok2 := decimal(s[3:3+mncW], 999)
	if !ok1 || !ok2 || mcc == 0 {
		return CellKey{}, errors.New("MCC and MNC must be decimal digits")
	}
	id, ok := hexNumber(s[3+mncW:], maxCI)
	if !ok {
		return CellKey{}, fmt.Errorf("cell identity %q is not hexadecimal", s[3+mncW:])
	}
	if id == 0 {
		return CellKey{}, errZeroCell
	}
	return CellKey{Radio: radio, MCC: uint16(mcc), MNC: uint16(mnc), CI: id, Sector: -1}, nil
}

// sectorPrefixed reads a CDMA cell whose first digit is the sector and the
// rest the cell number; MCC, MNC and switch come from the parser.
func (p *CellParser) sectorPrefixed(s string) (CellKey, error) {
	if len(s) < 2 {
		return CellKey{}, errors.New("want a sector digit followed by the cell number")
	}
	if s[0] < '0' || s[0] > '9' {
		return CellKey{}, errors.New("want decimal digits")
	}
	cell, ok := decimal(s[1:], maxCI)
	if !ok {
		return CellKey{}, errors.New("want decimal digits")
	}
	if cell == 0 {
		return CellKey{}, errors.New("cell number 0 with a sector")
	}
	return CellKey{Radio: RadioCDMA, MCC: p.MCC, MNC: p.MNC, LAC: p.Switch, HasLAC: true, CI: cell, Sector: int16(s[0] - '0')}, nil
}

// enbText reads an eNodeB id and a sector written in one text: the two runs
// of digits in "eNB 123456, sector 2", "123456-2" or "123456/2".
func (p *CellParser) enbText(s string) (CellKey, error) {
	var nums [2]string
	n := 0
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if n == len(nums) {
			return CellKey{}, errors.New("want an eNodeB id and a sector, found more numbers")
		}
		nums[n] = s[i:j]
		n++
		i = j
	}
	if n != 2 {
		return CellKey{}, errors.New("want an eNodeB id and a sector")
	}
	return p.enb(nums[0], nums[1])
}

// lacCI reads a LAC and a CI in one text: "1234 5678", "1234/5678",
// "LAC=1234, CI=5678" (either may be hexadecimal after 0x). A single number
// is a CI without its LAC.
func (p *CellParser) lacCI(s string) (CellKey, error) {
	var nums [2]string
	n := 0
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '/' || r == ';' || r == '\t' }) {
		if _, v, ok := strings.Cut(f, "="); ok {
			f = v
		}
		if f == "" {
			continue
		}
		if n == len(nums) {
			return CellKey{}, errors.New("want a LAC and a CI, found more values")
		}
		nums[n] = f
		n++
	}
	switch n {
	case 1:
		return p.parts("", nums[0])
	case 2:
		return p.parts(nums[0], nums[1])
	}
	return CellKey{}, errors.New("want a LAC and a CI")
}

// ParseENB reads an LTE cell given as eNodeB id (20 bits) and sector (8
// bits): the ECI is eNodeB id × 256 + sector. MCC and MNC come from the
// parser. An empty or zero eNodeB id gives ErrNoCell.
func (p *CellParser) ParseENB(enb, sector string) (CellKey, error) {
	k, err := p.enb(enb, sector)
	switch {
	case err == nil:
		return k, nil
	case errors.Is(err, errZeroCell):
		return CellKey{}, ErrNoCell
	}
	return CellKey{}, fmt.Errorf("%w: eNodeB %q sector %q: %v", ErrCell, enb, sector, err)
}

func (p *CellParser) enb(enb, sector string) (CellKey, error) {
	enb, sector = trimCell(enb), trimCell(sector)
	if strings.Trim(enb, "0") == "" {
		return CellKey{}, errZeroCell
	}
	e, ok1 := decimal(enb, 1<<20-1)
	sec, ok2 := decimal(sector, 255)
	if !ok1 || !ok2 {
		return CellKey{}, errors.New("want a decimal eNodeB id below 2^20 and a sector below 256")
	}
	return CellKey{Radio: RadioLTE, MCC: p.MCC, MNC: p.MNC, CI: e*256 + sec, Sector: -1}, nil
}

// ParseParts reads a cell given as LAC and CI in two columns, each decimal or
// hexadecimal after 0x; MCC, MNC and radio come from the parser. An empty LAC
// is unknown; an empty or zero CI gives ErrNoCell.
func (p *CellParser) ParseParts(lac, ci string) (CellKey, error) {
	k, err := p.parts(lac, ci)
	switch {
	case err == nil:
		return k, nil
	case errors.Is(err, errZeroCell):
		return CellKey{}, ErrNoCell
	}
	return CellKey{}, fmt.Errorf("%w: LAC %q CI %q: %v", ErrCell, lac, ci, err)
}

func (p *CellParser) parts(lac, ci string) (CellKey, error) {
	lac, ci = trimCell(lac), trimCell(ci)
	if ci == "" {
		return CellKey{}, errZeroCell
	}
	c, err := cellNumber(ci, maxCI)
	if err != nil {
		return CellKey{}, fmt.Errorf("CI: %v", err)
	}
	if c == 0 {
		return CellKey{}, errZeroCell
	}
	k := CellKey{Radio: p.Radio, MCC: p.MCC, MNC: p.MNC, CI: c, Sector: -1}
	if lac != "" {
		l, err := cellNumber(lac, 1<<32-1)
		if err != nil {
			return CellKey{}, fmt.Errorf("LAC: %v", err)
		}
		k.LAC, k.HasLAC = uint32(l), true
	}
	return k, nil
}
