package normalize

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrCell is wrapped by every cell-id error; ErrNoCell means the value holds
// no cell at all (empty, or zero), which a loader stores as NULL.
var (
	ErrCell   = errors.New("bad cell id")
	ErrNoCell = errors.New("no cell id")
)

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

// ParseRadio reads the usual spellings of a radio technology.
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
	LAC    uint32 // LAC or TAC; meaningful only when HasLAC
	HasLAC bool
	CI     uint64 // CI, UMTS UC-Id, LTE ECI, NR NCI, or CDMA cell number
	Sector int16  // CDMA sector; -1 when not applicable
}

// Long reports whether the id is unique within its network without a LAC:
// LTE and NR cells, and any id above 16 bits (ECI, NCI, UMTS UC-Id).
func (k CellKey) Long() bool {
	return k.Radio == RadioLTE || k.Radio == RadioNR || k.CI > 65535
}

// String is the canonical key:
//
//	long ids  MCC-MNC-CI          404-98-230711555
//	short ids MCC-MNC-LAC-CI      234-15-1201-31010 (LAC "?" when unknown)
//	CDMA      MCC-MNC-LAC-CI/S    310-12-0-83/2
func (k CellKey) String() string {
	b := make([]byte, 0, 32)
	b = strconv.AppendUint(b, uint64(k.MCC), 10)
	b = append(b, '-')
	b = strconv.AppendUint(b, uint64(k.MNC), 10)
	b = append(b, '-')
	if k.Radio == RadioCDMA || k.Sector >= 0 {
		b = strconv.AppendUint(b, uint64(k.LAC), 10)
		b = append(b, '-')
		b = strconv.AppendUint(b, k.CI, 10)
		b = append(b, '/')
		b = strconv.AppendInt(b, int64(max(k.Sector, 0)), 10)
		return string(b)
	}
	if !k.Long() {
		if k.HasLAC {
			b = strconv.AppendUint(b, uint64(k.LAC), 10)
		} else {
			b = append(b, '?')
		}
		b = append(b, '-')
	}
	b = strconv.AppendUint(b, k.CI, 10)
	return string(b)
}

// ParseKey reads a canonical key (the inverse of String).
func ParseKey(s string) (CellKey, error) {
	parts := strings.Split(s, "-")
	k := CellKey{Sector: -1}
	bad := func(why string) (CellKey, error) {
		return CellKey{}, fmt.Errorf("%w: key %q: %s", ErrCell, s, why)
	}
	if len(parts) != 3 && len(parts) != 4 {
		return bad("want MCC-MNC-CI or MCC-MNC-LAC-CI")
	}
	mcc, err1 := strconv.ParseUint(parts[0], 10, 16)
	mnc, err2 := strconv.ParseUint(parts[1], 10, 16)
	if err1 != nil || err2 != nil || mcc > 999 || mnc > 999 || !canonicalDigits(parts[0]) || !canonicalDigits(parts[1]) {
		return bad("MCC and MNC must be numbers up to 999")
	}
	k.MCC, k.MNC = uint16(mcc), uint16(mnc)
	last := parts[len(parts)-1]
	if ci, sector, ok := strings.Cut(last, "/"); ok {
		if len(parts) != 4 {
			return bad("a CDMA key is MCC-MNC-SWITCH-CELL/SECTOR")
		}
		sw, err1 := strconv.ParseUint(parts[2], 10, 32)
		c, err2 := strconv.ParseUint(ci, 10, 64)
		sec, err3 := strconv.ParseUint(sector, 10, 8)
		if err1 != nil || err2 != nil || err3 != nil || sec > 9 || !canonicalDigits(parts[2]) || !canonicalDigits(ci) || !canonicalDigits(sector) {
			return bad("bad CDMA switch, cell or sector")
		}
		k.Radio, k.LAC, k.HasLAC, k.CI, k.Sector = RadioCDMA, uint32(sw), true, c, int16(sec)
		return k, nil
	}
	ci, err := strconv.ParseUint(last, 10, 64)
	if err != nil || ci == 0 || !canonicalDigits(last) || ci >= 1<<36 {
		return bad("bad cell id")
	}
	k.CI = ci
	if len(parts) == 3 {
		if ci <= 65535 {
			k.Radio = RadioLTE // a long key with a small id: only LTE/NR keys are written so
		}
		return k, nil
	}
	if ci > 65535 {
		return bad("an id above 65535 is written without a LAC")
	}
	if parts[2] != "?" {
		lac, err := strconv.ParseUint(parts[2], 10, 32)
		if err != nil || !canonicalDigits(parts[2]) {
			return bad("bad LAC")
		}
		k.LAC, k.HasLAC = uint32(lac), true
	}
	return k, nil
}

// canonicalDigits reports whether s is a decimal number without leading zeros.
func canonicalDigits(s string) bool {
	if s == "" || (len(s) > 1 && s[0] == '0') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// CellForm is how a provider writes a cell id in one text.
type CellForm uint8

// The forms of docs/formats/cell-ids.md.
const (
	FormAuto           CellForm = iota // guess from the text
	FormCGI                            // MCC-MNC-LAC-CI, hyphenated (the CI may be a decimal ECI)
	FormConcat                         // MCC, MNC, LAC and CI run together in fixed widths
	FormHexECI                         // MCC, MNC and the ECI in hexadecimal
	FormSectorPrefixed                 // CDMA: first digit the sector, the rest the cell
	FormENBSector                      // eNodeB id and sector
	FormLACCI                          // LAC and CI, as "1234 5678", "1234/5678" or "LAC=1234, CI=5678" (two columns joined)
)

var formNames = map[CellForm]string{
	FormAuto: "auto", FormCGI: "cgi", FormConcat: "concat", FormHexECI: "hex_eci",
	FormSectorPrefixed: "sector_prefixed", FormENBSector: "enb_sector", FormLACCI: "lac_ci",
}

func (f CellForm) String() string { return formNames[f] }

// ParseCellForm reads a form's name.
func ParseCellForm(s string) (CellForm, error) {
	for f, n := range formNames {
		if n == s {
			return f, nil
		}
	}
	return 0, fmt.Errorf("%w: unknown cell form %q (want auto, cgi, concat, hex_eci, sector_prefixed, enb_sector or lac_ci)", ErrCell, s)
}

// CellParser reads cell ids written in one column of one provider's files.
// Its fields say what the text leaves out. It caches results; it is not safe
// for concurrent use.
type CellParser struct {
	Form      CellForm
	Radio     Radio  // the column's radio, when the provider says
	MCC, MNC  uint16 // defaults when the text carries none
	MNCDigits int    // concatenated and hex forms: 2 or 3 (0 = infer)
	LACDigits int    // concatenated form: width of the LAC (0 = 5)
	Switch    uint32 // CDMA switch/NEID
	cache     map[string]cellResult
}

type cellResult struct {
	key CellKey
	err error
}

// Parse reads one cell id text.
func (p *CellParser) Parse(text string) (CellKey, error) {
	if r, ok := p.cache[text]; ok {
		return r.key, r.err
	}
	k, err := p.parse(text)
	if p.cache == nil || len(p.cache) >= 1<<18 {
		p.cache = make(map[string]cellResult, 1024)
	}
	p.cache[strings.Clone(text)] = cellResult{k, err}
	return k, err
}

func (p *CellParser) parse(raw string) (CellKey, error) {
	s := strings.TrimSpace(strings.Trim(strings.TrimSpace(raw), `'"`))
	if s == "" || strings.Trim(s, "0") == "" {
		return CellKey{}, ErrNoCell
	}
	form := p.Form
	if form == FormAuto {
		form = guessForm(s, p.Radio)
		if form == FormAuto {
			return CellKey{}, fmt.Errorf("%w: %q: ambiguous cell id; set the profile's cells.form", ErrCell, raw)
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
	}
	if err != nil {
		return CellKey{}, fmt.Errorf("%w: %q as %s: %v", ErrCell, raw, form, err)
	}
	return k, nil
}

func guessForm(s string, radio Radio) CellForm {
	if strings.ContainsAny(s, "-:/") {
		return FormCGI
	}
	digits, hex := true, true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			digits = false
			if !(c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				hex = false
			}
		}
	}
	switch {
	case digits && len(s) >= 12:
		return FormConcat
	case hex && !digits && (len(s) == 12 || len(s) == 13 || (radio == RadioNR && (len(s) == 14 || len(s) == 15))):
		return FormHexECI
	}
	return FormAuto
}

func (p *CellParser) cgi(s string) (CellKey, error) {
	sep := "-"
	for _, c := range []string{"-", ":", "/"} {
		if strings.Contains(s, c) {
			sep = c
			break
		}
	}
	parts := strings.Split(s, sep)
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	if len(parts) != 3 && len(parts) != 4 {
		return CellKey{}, errors.New("want MCC-MNC-LAC-CI")
	}
	mcc, err1 := strconv.ParseUint(parts[0], 10, 16)
	mnc, err2 := strconv.ParseUint(parts[1], 10, 16)
	if err1 != nil || err2 != nil || mcc < 100 || mcc > 999 || mnc > 999 {
		return CellKey{}, errors.New("MCC must be 3 digits and MNC up to 3")
	}
	k := CellKey{Radio: p.Radio, MCC: uint16(mcc), MNC: uint16(mnc), Sector: -1}
	ci, err := parseID(parts[len(parts)-1])
	if err != nil {
		return CellKey{}, fmt.Errorf("cell identity: %v", err)
	}
	k.CI = ci
	if len(parts) == 4 {
		lac, err := parseID(parts[2])
		if err != nil || lac > 1<<32-1 {
			return CellKey{}, fmt.Errorf("LAC/TAC %q is not a number", parts[2])
		}
		k.LAC, k.HasLAC = uint32(lac), true
	} else if ci <= 65535 && k.Radio != RadioLTE && k.Radio != RadioNR {
		return CellKey{}, errors.New("a 16-bit CI needs its LAC")
	} else if k.Radio == RadioUnknown && ci <= 65535 {
		k.Radio = RadioLTE
	}
	if k.CI == 0 {
		return CellKey{}, errors.New("cell identity is 0")
	}
	return k, nil
}

// parseID reads a decimal id, or hexadecimal with a 0x prefix.
func parseID(s string) (uint64, error) {
	s = strings.TrimSpace(s)
	var v uint64
	var err error
	if h, ok := strings.CutPrefix(strings.ToLower(s), "0x"); ok {
		v, err = strconv.ParseUint(h, 16, 64)
	} else {
		v, err = strconv.ParseUint(s, 10, 64)
	}
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if v >= 1<<36 {
		return 0, fmt.Errorf("%q is larger than any cell id", s)
	}
	return v, nil
}

func (p *CellParser) mncDigits(total, rest int) int {
	if p.MNCDigits == 2 || p.MNCDigits == 3 {
		return p.MNCDigits
	}
	if total-3-rest == 3 {
		return 3
	}
	return 2
}

func (p *CellParser) concat(s string) (CellKey, error) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return CellKey{}, errors.New("not all digits")
		}
	}
	mncW := p.MNCDigits
	if mncW != 2 && mncW != 3 {
		mncW = 2
	}
	lacW := p.LACDigits
	if lacW <= 0 {
		lacW = 5
	}
	if len(s) < 3+mncW+lacW+1 {
		return CellKey{}, fmt.Errorf("%d digits is too short for MCC(3)+MNC(%d)+LAC(%d)+CI", len(s), mncW, lacW)
	}
	mcc, _ := strconv.ParseUint(s[:3], 10, 16)
	mnc, _ := strconv.ParseUint(s[3:3+mncW], 10, 16)
	lac, _ := strconv.ParseUint(s[3+mncW:3+mncW+lacW], 10, 32)
	ci, err := strconv.ParseUint(s[3+mncW+lacW:], 10, 64)
	if err != nil || ci >= 1<<36 || mcc < 100 {
		return CellKey{}, errors.New("bad MCC or cell identity")
	}
	if ci == 0 {
		return CellKey{}, errors.New("cell identity is 0")
	}
	return CellKey{Radio: p.Radio, MCC: uint16(mcc), MNC: uint16(mnc), LAC: uint32(lac), HasLAC: true, CI: ci, Sector: -1}, nil
}

func (p *CellParser) hexECI(s string) (CellKey, error) {
	idLen := 7 // a 28-bit ECI
	radio := RadioLTE
	if p.Radio == RadioNR {
		idLen, radio = 9, RadioNR // a 36-bit NCI
	}
	if len(s) < 3+2+idLen {
		return CellKey{}, fmt.Errorf("%d characters is too short for MCC+MNC+%d hex digits", len(s), idLen)
	}
	mncW := p.mncDigits(len(s), idLen)
	if 3+mncW+idLen != len(s) {
		return CellKey{}, fmt.Errorf("%d characters do not split into MCC(3)+MNC(%d)+ECI(%d)", len(s), mncW, idLen)
	}
	mcc, err1 := strconv.ParseUint(s[:3], 10, 16)
	mnc, err2 := strconv.ParseUint(s[3:3+mncW], 10, 16)
	if err1 != nil || err2 != nil || mcc < 100 {
		return CellKey{}, errors.New("MCC and MNC must be decimal digits")
	}
	id, err := strconv.ParseUint(s[3+mncW:], 16, 64)
	if err != nil {
		return CellKey{}, errors.New("the cell identity is not hexadecimal")
	}
	if id == 0 {
		return CellKey{}, errors.New("cell identity is 0")
	}
	return CellKey{Radio: radio, MCC: uint16(mcc), MNC: uint16(mnc), CI: id, Sector: -1}, nil
}

func (p *CellParser) sectorPrefixed(s string) (CellKey, error) {
	if len(s) < 2 {
		return CellKey{}, errors.New("want a sector digit followed by the cell number")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return CellKey{}, errors.New("not all digits")
		}
	}
	cell, err := strconv.ParseUint(s[1:], 10, 32)
	if err != nil {
		return CellKey{}, err
	}
	return CellKey{Radio: RadioCDMA, MCC: p.MCC, MNC: p.MNC, LAC: p.Switch, HasLAC: true, CI: cell, Sector: int16(s[0] - '0')}, nil
}

// lacCI reads a LAC and a CI given together: "1234 5678", "1234/5678",
// "LAC=1234, CI=5678" (either may be hexadecimal with 0x).
func (p *CellParser) lacCI(s string) (CellKey, error) {
	var nums []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '/' || r == ';' }) {
		if _, v, ok := strings.Cut(f, "="); ok {
			f = v
		}
		if f = strings.TrimSpace(f); f != "" {
			nums = append(nums, f)
		}
	}
	switch len(nums) {
	case 1:
		return p.ParseParts("", nums[0])
	case 2:
		return p.ParseParts(nums[0], nums[1])
	}
	return CellKey{}, errors.New("want a LAC and a CI")
}

// enbText reads "eNB 123456, sector 2", "123456-2" or "123456/2".
func (p *CellParser) enbText(s string) (CellKey, error) {
	var nums []string
	cur := strings.Builder{}
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			cur.WriteByte(s[i])
			continue
		}
		if cur.Len() > 0 {
			nums = append(nums, cur.String())
			cur.Reset()
		}
	}
	if len(nums) != 2 {
		return CellKey{}, errors.New("want an eNodeB id and a sector")
	}
	return p.ParseENB(nums[0], nums[1])
}

// ParseENB reads an LTE cell given as eNodeB id and sector: the ECI is
// eNodeB id × 256 + sector.
func (p *CellParser) ParseENB(enb, sector string) (CellKey, error) {
	e, err1 := strconv.ParseUint(strings.TrimSpace(enb), 10, 32)
	sec, err2 := strconv.ParseUint(strings.TrimSpace(sector), 10, 16)
	if err1 != nil || err2 != nil || e == 0 || e >= 1<<20 || sec > 255 {
		return CellKey{}, fmt.Errorf("%w: eNodeB %q sector %q: want an id below 2^20 and a sector below 256", ErrCell, enb, sector)
	}
	return CellKey{Radio: RadioLTE, MCC: p.MCC, MNC: p.MNC, CI: e*256 + sec, Sector: -1}, nil
}

// ParseParts reads a cell given as LAC and CI in two columns (either may be
// hexadecimal with a 0x prefix), with MCC and MNC from the parser.
func (p *CellParser) ParseParts(lac, ci string) (CellKey, error) {
	lac, ci = strings.TrimSpace(lac), strings.TrimSpace(ci)
	if ci == "" || strings.Trim(ci, "0") == "" {
		return CellKey{}, ErrNoCell
	}
	c, err := parseID(ci)
	if err != nil {
		return CellKey{}, fmt.Errorf("%w: CI: %v", ErrCell, err)
	}
	if c == 0 {
		return CellKey{}, ErrNoCell
	}
	k := CellKey{Radio: p.Radio, MCC: p.MCC, MNC: p.MNC, CI: c, Sector: -1}
	if lac != "" {
		l, err := parseID(lac)
		if err != nil || l > 1<<32-1 {
			return CellKey{}, fmt.Errorf("%w: LAC %q is not a number", ErrCell, lac)
		}
		k.LAC, k.HasLAC = uint32(l), true
	}
	return k, nil
}
