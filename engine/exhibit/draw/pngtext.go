package draw

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// PNG text chunks (PNG specification, third edition, §11.3.3): tEXt holds a
// Latin-1 keyword and Latin-1 text; iTXt a Latin-1 keyword and UTF-8 text;
// zTXt is tEXt compressed. EncodePNG writes tEXt where the text is Latin-1
// and iTXt otherwise, never compressed; ReadPNGText reads all three.

// pngSignature opens every PNG file.
const pngSignature = "\x89PNG\r\n\x1a\n"

// maxTextChunk bounds a text chunk, and its text once decompressed, that
// ReadPNGText will hold in memory.
const maxTextChunk = 64 << 20

var (
	// ErrKeyword: a text key is not a PNG keyword (1–79 Latin-1 characters,
	// printable, no leading, trailing or doubled spaces).
	ErrKeyword = errors.New("not a PNG keyword")
	// ErrTextValue: a text value is not valid UTF-8 or holds a NUL.
	ErrTextValue = errors.New("text is not NUL-free UTF-8")
	// ErrNotPNG: the bytes do not start with the PNG signature and IHDR.
	ErrNotPNG = errors.New("not a PNG file")
	// ErrChecksum: a chunk's CRC does not match its bytes.
	ErrChecksum = errors.New("chunk CRC mismatch")
	// ErrDuplicateKey: two text chunks have the same keyword. An exhibit's
	// provenance must not be ambiguous, so ReadPNGText refuses the file.
	ErrDuplicateKey = errors.New("duplicate text keyword")
	// ErrChunk: a chunk is malformed (bad length, a text chunk without its
	// separators, an unknown compression method, too large).
	ErrChunk = errors.New("malformed chunk")
)

// PNGTextError says which text entry EncodePNG could not write.
type PNGTextError struct {
	Key string
	Err error
}

func (e *PNGTextError) Error() string { return fmt.Sprintf("png text %q: %v", e.Key, e.Err) }
func (e *PNGTextError) Unwrap() error { return e.Err }

// PNGFormatError says where ReadPNGText found a PNG file wrong: the byte
// offset of the chunk (its length field) and its type, when known.
type PNGFormatError struct {
	Offset int64
	Chunk  string
	Err    error
}

func (e *PNGFormatError) Error() string {
	if e.Chunk == "" {
		return fmt.Sprintf("png at byte %d: %v", e.Offset, e.Err)
	}
	return fmt.Sprintf("png chunk %s at byte %d: %v", e.Chunk, e.Offset, e.Err)
}
func (e *PNGFormatError) Unwrap() error { return e.Err }

// EncodePNG writes img as a PNG with text as text chunks right after IHDR,
// one per key in sorted order. The same image and text always give the same
// bytes. Keys must be PNG keywords; values are UTF-8 without NUL, written as
// tEXt when every character is Latin-1 and as iTXt otherwise.
func EncodePNG(w io.Writer, img image.Image, text map[string]string) error {
	keys := make([]string, 0, len(text))
	for k := range text {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var chunks bytes.Buffer
	for _, k := range keys {
		typ, data, err := textChunk(k, text[k])
		if err != nil {
			return &PNGTextError{Key: k, Err: err}
		}
		writeChunk(&chunks, typ, data)
	}

	var enc bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&enc, img); err != nil {
		return fmt.Errorf("encode png: %w", err)
	}
	b := enc.Bytes()
	const ihdrEnd = len(pngSignature) + 8 + 13 + 4
	if len(b) < ihdrEnd || string(b[len(pngSignature)+4:len(pngSignature)+8]) != "IHDR" {
		return fmt.Errorf("encode png: %w", ErrNotPNG) // image/png always starts so
	}
	for _, part := range [][]byte{b[:ihdrEnd], chunks.Bytes(), b[ihdrEnd:]} {
		if _, err := w.Write(part); err != nil {
			return fmt.Errorf("write png: %w", err)
		}
	}
	return nil
}

// textChunk builds the chunk that carries key=value.
func textChunk(key, value string) (typ string, data []byte, err error) {
	kw, ok := latin1(key)
	if !ok || !validKeyword(kw) {
		return "", nil, ErrKeyword
	}
	if !utf8.ValidString(value) || strings.IndexByte(value, 0) >= 0 {
		return "", nil, ErrTextValue
	}
	if l1, ok := latin1(value); ok {
		return "tEXt", append(append(kw, 0), l1...), nil
	}
	// keyword NUL, compression flag 0, method 0, empty language tag NUL,
	// empty translated keyword NUL, text.
	data = append(kw, 0, 0, 0, 0, 0)
	return "iTXt", append(data, value...), nil
}

// validKeyword reports whether kw (Latin-1) is a PNG keyword.
func validKeyword(kw []byte) bool {
	if len(kw) < 1 || len(kw) > 79 || kw[0] == ' ' || kw[len(kw)-1] == ' ' {
		return false
	}
	for i, c := range kw {
		if c < 32 || (c > 126 && c < 161) || (c == ' ' && kw[i-1] == ' ') {
			return false
		}
	}
	return true
}

// latin1 encodes s in ISO 8859-1, or reports that it cannot.
func latin1(s string) ([]byte, bool) {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			return nil, false
		}
		b = append(b, byte(r))
	}
	return b, true
}

// fromLatin1 decodes ISO 8859-1 bytes.
func fromLatin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

func writeChunk(buf *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	buf.Write(n[:])
	start := buf.Len()
	buf.WriteString(typ)
	buf.Write(data)
	binary.BigEndian.PutUint32(n[:], crc32.ChecksumIEEE(buf.Bytes()[start:]))
	buf.Write(n[:])
}

// ReadPNGText reads a PNG file to its IEND chunk, checking every chunk's CRC,
// and returns the text of its tEXt, zTXt and iTXt chunks by keyword (Latin-1
// converted to UTF-8). It does not decode the image.
func ReadPNGText(r io.Reader) (map[string]string, error) {
	var sig [len(pngSignature)]byte
	if _, err := io.ReadFull(r, sig[:]); err != nil || string(sig[:]) != pngSignature {
		return nil, &PNGFormatError{Err: ErrNotPNG}
	}
	text := map[string]string{}
	off := int64(len(pngSignature))
	for first := true; ; first = false {
		var hdr [8]byte
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return nil, &PNGFormatError{Offset: off, Err: fmt.Errorf("read chunk header: %w", unexpectedEOF(err))}
		}
		n := int64(binary.BigEndian.Uint32(hdr[:4]))
		typ := string(hdr[4:])
		bad := func(err error) error { return &PNGFormatError{Offset: off, Chunk: typ, Err: err} }
		if first && typ != "IHDR" {
			return nil, bad(ErrNotPNG)
		}
		if n > 1<<31-1 {
			return nil, bad(fmt.Errorf("%w: length %d", ErrChunk, n))
		}
		keep := typ == "tEXt" || typ == "zTXt" || typ == "iTXt"
		if keep && n > maxTextChunk {
			return nil, bad(fmt.Errorf("%w: text chunk of %d bytes", ErrChunk, n))
		}
		crc := crc32.NewIEEE()
		crc.Write(hdr[4:])
		var data bytes.Buffer
		dst := io.Writer(crc)
		if keep {
			dst = io.MultiWriter(crc, &data)
		}
		if _, err := io.CopyN(dst, r, n); err != nil {
			return nil, bad(fmt.Errorf("read data: %w", unexpectedEOF(err)))
		}
		var sum [4]byte
		if _, err := io.ReadFull(r, sum[:]); err != nil {
			return nil, bad(fmt.Errorf("read crc: %w", unexpectedEOF(err)))
		}
		if binary.BigEndian.Uint32(sum[:]) != crc.Sum32() {
			return nil, bad(ErrChecksum)
		}
		if keep {
			k, v, err := parseText(typ, data.Bytes())
			if err != nil {
				return nil, bad(err)
			}
			if _, dup := text[k]; dup {
				return nil, bad(fmt.Errorf("%w: %q", ErrDuplicateKey, k))
			}
			text[k] = v
		}
		if typ == "IEND" {
			return text, nil
		}
		off += 12 + n
	}
}

func unexpectedEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// parseText decodes the keyword and text of a tEXt, zTXt or iTXt chunk.
func parseText(typ string, b []byte) (key, value string, err error) {
	kw, rest, ok := bytes.Cut(b, []byte{0})
	if !ok || !validKeyword(kw) {
		return "", "", fmt.Errorf("%w: bad keyword", ErrChunk)
	}
	key = fromLatin1(kw)
	switch typ {
	case "tEXt":
		return key, fromLatin1(rest), nil
	case "zTXt":
		if len(rest) < 1 || rest[0] != 0 {
			return "", "", fmt.Errorf("%w: unknown compression method", ErrChunk)
		}
		t, err := inflate(rest[1:])
		if err != nil {
			return "", "", err
		}
		return key, fromLatin1(t), nil
	default: // iTXt
		if len(rest) < 2 || rest[0] > 1 || rest[1] != 0 {
			return "", "", fmt.Errorf("%w: bad compression flag or method", ErrChunk)
		}
		compressed := rest[0] == 1
		_, afterLang, ok1 := bytes.Cut(rest[2:], []byte{0}) // language tag
		_, t, ok2 := bytes.Cut(afterLang, []byte{0})        // translated keyword
		if !ok1 || !ok2 {
			return "", "", fmt.Errorf("%w: missing separator", ErrChunk)
		}
		if compressed {
			if t, err = inflate(t); err != nil {
				return "", "", err
			}
		}
		return key, string(t), nil
	}
}

// inflate decompresses zlib data, refusing more than maxTextChunk bytes.
func inflate(b []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%w: inflate: %w", ErrChunk, err)
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, maxTextChunk+1))
	if err != nil {
		return nil, fmt.Errorf("%w: inflate: %w", ErrChunk, err)
	}
	if len(out) > maxTextChunk {
		return nil, fmt.Errorf("%w: text inflates past %d bytes", ErrChunk, maxTextChunk)
	}
	return out, nil
}
