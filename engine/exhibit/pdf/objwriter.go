package pdf

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"crypto/sha256"
	"hash"
	"io"
	"strconv"
)

// objWriter writes the body of a PDF file as numbered indirect objects,
// remembering where each begins for the cross-reference table and hashing
// every byte for the file identifier.
type objWriter struct {
	w       *bufio.Writer
	sum     hash.Hash
	n       int64   // bytes written
	offsets []int64 // by object number; offsets[0] is unused
	err     error   // the first write error; later writes do nothing
}

func newObjWriter(w io.Writer) *objWriter {
	return &objWriter{w: bufio.NewWriterSize(w, 64<<10), sum: sha256.New(), offsets: []int64{0}}
}

func (w *objWriter) write(p []byte) {
	if w.err != nil {
		return
	}
	n, err := w.w.Write(p)
	w.n += int64(n)
	w.sum.Write(p[:n])
	w.err = err
}

// next allocates the next object number.
func (w *objWriter) next() int {
	w.offsets = append(w.offsets, -1)
	return len(w.offsets) - 1
}

// object writes object num with the given body.
func (w *objWriter) object(num int, body []byte) {
	w.begin(num)
	w.write(body)
	w.write([]byte("\nendobj\n"))
}

// stream writes object num as a stream: dict is the start of its dictionary
// ("<<" and any entries but /Length), data the bytes as they are stored.
func (w *objWriter) stream(num int, dict []byte, data []byte) {
	w.begin(num)
	dict = append(dict, " /Length "...)
	dict = appendInt(dict, len(data))
	dict = append(dict, ">>\nstream\n"...)
	w.write(dict)
	w.write(data)
	w.write([]byte("\nendstream\nendobj\n"))
}

func (w *objWriter) begin(num int) {
	w.offsets[num] = w.n
	b := appendInt(nil, num)
	w.write(append(b, " 0 obj\n"...))
}

// finish writes the cross-reference table and the trailer. The file
// identifier is the first 16 bytes of the SHA-256 of everything before the
// trailer, so equal documents have equal identifiers and no randomness is
// needed.
func (w *objWriter) finish(root, info int) error {
	xref := w.n
	b := []byte("xref\n0 ")
	b = appendInt(b, len(w.offsets))
	b = append(b, "\n0000000000 65535 f\r\n"...)
	for num := 1; num < len(w.offsets); num++ {
		off := w.offsets[num]
		if off < 0 {
			// A reserved number never written: a free entry keeps the table whole.
			b = append(b, "0000000000 00001 f\r\n"...)
			continue
		}
		s := strconv.FormatInt(off, 10)
		b = append(b, "0000000000"[len(s):]...)
		b = append(b, s...)
		b = append(b, " 00000 n\r\n"...)
	}
	w.write(b)
	id := w.sum.Sum(nil)[:16]
	b = []byte("trailer\n<</Size ")
	b = appendInt(b, len(w.offsets))
	b = append(b, " /Root "...)
	b = appendRef(b, root)
	b = append(b, " /Info "...)
	b = appendRef(b, info)
	b = append(b, " /ID ["...)
	b = appendHex(b, id)
	b = appendHex(b, id)
	b = append(b, "]>>\nstartxref\n"...)
	b = strconv.AppendInt(b, xref, 10)
	b = append(b, "\n%%EOF\n"...)
	w.write(b)
	if w.err != nil {
		return w.err
	}
	return w.w.Flush()
}

func appendInt(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }

func appendRef(b []byte, num int) []byte {
	b = appendInt(b, num)
	return append(b, " 0 R"...)
}

// flateLevel is the fixed zlib level of every compressed stream: the same
// input always compresses to the same bytes.
const flateLevel = 6

// compressor makes the /FlateDecode streams of a document, reusing one
// zlib writer (each new one allocates about a megabyte).
type compressor struct {
	zw  *zlib.Writer
	buf bytes.Buffer
}

// deflate compresses data. The result is valid until the next call.
func (c *compressor) deflate(data []byte) ([]byte, error) {
	c.buf.Reset()
	if c.zw == nil {
		zw, err := zlib.NewWriterLevel(&c.buf, flateLevel)
		if err != nil {
			return nil, err
		}
		c.zw = zw
	} else {
		c.zw.Reset(&c.buf)
	}
	if _, err := c.zw.Write(data); err != nil {
		return nil, err
	}
	if err := c.zw.Close(); err != nil {
		return nil, err
	}
	return c.buf.Bytes(), nil
}

// md5sum is the digest §7.11.4 asks for in an embedded file's /CheckSum.
func md5sum(data []byte) [16]byte { return md5.Sum(data) }
