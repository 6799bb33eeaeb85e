package draw

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// chunkTypes lists the chunk types of a PNG file in order.
func chunkTypes(t *testing.T, b []byte) []string {
	t.Helper()
	require.True(t, bytes.HasPrefix(b, []byte(pngSignature)))
	var types []string
	for off := len(pngSignature); off < len(b); {
		require.LessOrEqual(t, off+8, len(b))
		n := int(binary.BigEndian.Uint32(b[off:]))
		types = append(types, string(b[off+4:off+8]))
		off += 12 + n
	}
	return types
}

func testImage() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 7, 5))
	for y := range 5 {
		for x := range 7 {
			img.SetRGBA(x, y, color.RGBA{uint8(30 * x), uint8(40 * y), 200, 255})
		}
	}
	return img
}

func TestEncodePNGText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		text      map[string]string
		wantTypes []string
	}{
		{"no text", nil, []string{"IHDR", "IDAT", "IEND"}},
		{"ascii", map[string]string{"mast:manifest": `{"case":"R v Smith","sha256":"ab12"}`},
			[]string{"IHDR", "tEXt", "IDAT", "IEND"}},
		{"latin-1 stays tEXt", map[string]string{"Comment": "café crème, 5 µs\nline two"},
			[]string{"IHDR", "tEXt", "IDAT", "IEND"}},
		{"beyond latin-1 is iTXt", map[string]string{"Title": "Ωμέγα — 数据 ✓ 🛰"},
			[]string{"IHDR", "iTXt", "IDAT", "IEND"}},
		{"several, in key order", map[string]string{"b": "2", "a": "Ж", "C": "3", "Zé": ""},
			[]string{"IHDR", "tEXt", "tEXt", "iTXt", "tEXt", "IDAT", "IEND"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			require.NoError(t, EncodePNG(&buf, testImage(), tc.text))
			require.Equal(t, tc.wantTypes, chunkTypes(t, buf.Bytes()))

			got, err := ReadPNGText(bytes.NewReader(buf.Bytes()))
			require.NoError(t, err)
			want := tc.text
			if want == nil {
				want = map[string]string{}
			}
			require.Equal(t, want, got)

			img, err := png.Decode(bytes.NewReader(buf.Bytes()))
			require.NoError(t, err, "image/png reads it, CRCs and all")
			require.Equal(t, testImage().Bounds(), img.Bounds())
			require.Equal(t, color.RGBAModel.Convert(testImage().At(3, 2)), color.RGBAModel.Convert(img.At(3, 2)))
		})
	}
}

func TestEncodePNGKeyOrderInBytes(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	require.NoError(t, EncodePNG(&buf, testImage(), map[string]string{"b": "2", "a": "1", "C": "3"}))
	b := buf.Bytes()
	c, a, bb := bytes.Index(b, []byte("C\x003")), bytes.Index(b, []byte("a\x001")), bytes.Index(b, []byte("b\x002"))
	require.Positive(t, c)
	require.Less(t, c, a, "byte order sorts C before a")
	require.Less(t, a, bb)
}

func TestEncodePNGDeterministic(t *testing.T) {
	t.Parallel()
	text := map[string]string{}
	for i := range 40 {
		text["key"+strings.Repeat("x", i)] = strings.Repeat("ü", i)
	}
	var first []byte
	for range 5 {
		var buf bytes.Buffer
		require.NoError(t, EncodePNG(&buf, testImage(), text))
		if first == nil {
			first = buf.Bytes()
			continue
		}
		require.Equal(t, first, buf.Bytes(), "same image and text, same bytes")
	}
	var other bytes.Buffer
	text["key"] = "changed"
	require.NoError(t, EncodePNG(&other, testImage(), text))
	require.NotEqual(t, first, other.Bytes())
}

func TestEncodePNGRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, key, value string
		want             error
	}{
		{"empty key", "", "v", ErrKeyword},
		{"80-byte key", strings.Repeat("k", 80), "v", ErrKeyword},
		{"leading space", " k", "v", ErrKeyword},
		{"trailing space", "k ", "v", ErrKeyword},
		{"double space", "a  b", "v", ErrKeyword},
		{"control character", "a\tb", "v", ErrKeyword},
		{"key beyond latin-1", "ключ", "v", ErrKeyword},
		{"NUL in value", "k", "a\x00b", ErrTextValue},
		{"invalid UTF-8", "k", "\xff\xfe", ErrTextValue},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			err := EncodePNG(&buf, testImage(), map[string]string{"ok": "fine", tc.key: tc.value})
			require.ErrorIs(t, err, tc.want)
			var te *PNGTextError
			require.ErrorAs(t, err, &te)
			require.Equal(t, tc.key, te.Key)
			require.Zero(t, buf.Len(), "nothing is written")
		})
	}
	// The longest keyword allowed, with Latin-1 and single spaces, is fine.
	require.NoError(t, EncodePNG(io.Discard, testImage(), map[string]string{strings.Repeat("é", 77) + " x": "v"}))
}

func chunk(typ string, data []byte) []byte {
	var c bytes.Buffer
	writeChunk(&c, typ, data)
	return c.Bytes()
}

// withChunk returns the PNG b with a chunk inserted after IHDR.
func withChunk(b []byte, typ string, data []byte) []byte {
	const ihdrEnd = len(pngSignature) + 25
	return append(append(append([]byte{}, b[:ihdrEnd]...), chunk(typ, data)...), b[ihdrEnd:]...)
}

func plainPNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, EncodePNG(&buf, testImage(), map[string]string{"k": "v"}))
	return buf.Bytes()
}

func zlibBytes(s string) []byte {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	_, _ = w.Write([]byte(s))
	_ = w.Close()
	return b.Bytes()
}

func TestReadPNGTextCompressed(t *testing.T) {
	t.Parallel()
	b := plainPNG(t)
	b = withChunk(b, "zTXt", append([]byte("z\x00\x00"), zlibBytes("caf\xe9")...))
	b = withChunk(b, "iTXt", append([]byte("i\x00\x01\x00en\x00Titel\x00"), zlibBytes("数据")...))
	got, err := ReadPNGText(bytes.NewReader(b))
	require.NoError(t, err)
	require.Equal(t, map[string]string{"k": "v", "z": "café", "i": "数据"}, got)
}

func TestReadPNGTextErrors(t *testing.T) {
	t.Parallel()
	good := plainPNG(t)
	textAt := bytes.Index(good, []byte("tEXt")) - 4

	corrupt := bytes.Clone(good)
	corrupt[textAt+8] ^= 0x20 // the keyword's first byte

	for _, tc := range []struct {
		name      string
		b         []byte
		want      error
		wantChunk string
		wantAt    int64
	}{
		{"empty", nil, ErrNotPNG, "", 0},
		{"not a PNG", []byte("GIF89a......................."), ErrNotPNG, "", 0},
		{"no IHDR first", append([]byte(pngSignature), chunk("tEXt", []byte("k\x00v"))...), ErrNotPNG, "tEXt", 8},
		{"bad CRC", corrupt, ErrChecksum, "tEXt", int64(textAt)},
		{"truncated", good[:len(good)-2], io.ErrUnexpectedEOF, "IEND", int64(len(good) - 12)},
		{"no IEND", good[:len(good)-12], io.ErrUnexpectedEOF, "", int64(len(good) - 12)},
		{"duplicate key", withChunk(good, "tEXt", []byte("k\x00other")), ErrDuplicateKey, "tEXt", int64(textAt + 19)},
		{"text without NUL", withChunk(good, "tEXt", []byte("novalue")), ErrChunk, "tEXt", int64(textAt)},
		{"bad zTXt method", withChunk(good, "zTXt", []byte("z\x00\x07xx")), ErrChunk, "zTXt", int64(textAt)},
		{"bad zlib", withChunk(good, "zTXt", []byte("z\x00\x00notzlib")), ErrChunk, "zTXt", int64(textAt)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ReadPNGText(bytes.NewReader(tc.b))
			require.ErrorIs(t, err, tc.want)
			var fe *PNGFormatError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, tc.wantChunk, fe.Chunk)
			require.Equal(t, tc.wantAt, fe.Offset)
		})
	}
}

func FuzzReadPNGText(f *testing.F) {
	for _, text := range []map[string]string{nil, {"k": "v"}, {"a": "Ωμέγα", "b": "café"}} {
		var buf bytes.Buffer
		require.NoError(f, EncodePNG(&buf, testImage(), text))
		f.Add(buf.Bytes())
	}
	f.Add([]byte(pngSignature))
	f.Fuzz(func(t *testing.T, b []byte) {
		text, err := ReadPNGText(bytes.NewReader(b))
		if err != nil {
			var fe *PNGFormatError
			require.ErrorAs(t, err, &fe)
			return
		}
		// What was read can be written back (keywords are valid) unless a
		// value is not UTF-8 (an iTXt may carry any bytes).
		for k := range text {
			kw, ok := latin1(k)
			require.True(t, ok && validKeyword(kw), "key %q", k)
		}
	})
}

func TestPNGErrorsSayWhere(t *testing.T) {
	t.Parallel()
	err := error(&PNGFormatError{Offset: 33, Chunk: "tEXt", Err: ErrChecksum})
	require.Equal(t, "png chunk tEXt at byte 33: chunk CRC mismatch", err.Error())
	err = &PNGTextError{Key: "k", Err: ErrKeyword}
	require.True(t, errors.Is(err, ErrKeyword))
	require.Equal(t, `png text "k": not a PNG keyword`, err.Error())
}
