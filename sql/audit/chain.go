package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
)

// Genesis is the prev of a file's first entry: 64 zeros.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// hashSuffix is how every line ends, around the 64 hex digits of its hash.
const (
	hashOpen  = `,"hash":"`
	hashClose = `"}`
	hashLen   = 64
)

// encode makes the line of an entry whose Prev is set: the JSON of the entry
// without its hash, then the hash spliced in as the last field. The hash is
// SHA-256 over exactly those JSON bytes (the line minus `,"hash":"<hex>"`),
// so anyone can check a line without reproducing Go's JSON encoder.
func encode(e Entry) (line []byte, hash string, err error) {
	e.Hash = ""
	e.Time = e.Time.UTC()
	e.DurationMS = math.Round(e.DurationMS*1000) / 1000
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		return nil, "", fmt.Errorf("encode entry: %w", err)
	}
	body := bytes.TrimSuffix(b.Bytes(), []byte("\n"))
	sum := sha256.Sum256(body)
	hash = hex.EncodeToString(sum[:])
	line = make([]byte, 0, len(body)+len(hashOpen)+hashLen+len(hashClose)+1)
	line = append(line, body[:len(body)-1]...)
	line = append(line, hashOpen...)
	line = append(line, hash...)
	line = append(line, hashClose...)
	line = append(line, '\n')
	return line, hash, nil
}

var errNoHash = errors.New(`line does not end with "hash":"<64 hex digits>"}`)

// decode reads one line (without its newline) and checks that its hash is
// the SHA-256 of the rest.
func decode(line []byte) (Entry, error) {
	n := len(hashOpen) + hashLen + len(hashClose)
	if len(line) < n+2 || !bytes.HasPrefix(line[len(line)-n:], []byte(hashOpen)) || !bytes.HasSuffix(line, []byte(hashClose)) {
		return Entry{}, errNoHash
	}
	hash := string(line[len(line)-n+len(hashOpen) : len(line)-len(hashClose)])
	body := append(bytes.Clone(line[:len(line)-n]), '}')
	var e Entry
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return Entry{}, fmt.Errorf("not a valid entry: %w", err)
	}
	if dec.More() {
		return Entry{}, errors.New("not a valid entry: text after the JSON object")
	}
	if e.Hash != hash {
		return Entry{}, errNoHash
	}
	sum := sha256.Sum256(body)
	if hex.EncodeToString(sum[:]) != hash {
		return e, errHashMismatch
	}
	return e, nil
}

var errHashMismatch = errors.New("the entry does not match its hash")
