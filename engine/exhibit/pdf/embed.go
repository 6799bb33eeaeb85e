package pdf

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// EmbeddedFile is a file carried inside the PDF (ISO 32000-1 §7.11.4), listed
// in the document's EmbeddedFiles name tree: pdfdetach lists and extracts it
// and a viewer shows it as an attachment. An exhibit carries its
// manifest.json this way.
type EmbeddedFile struct {
	Name        string // file name, e.g. "manifest.json"
	Data        []byte
	MIME        string // media type, e.g. "application/json"; empty for none
	Description string // optional, shown by viewers
}

// validateFiles checks that every file has a name and no two share one.
func validateFiles(files []EmbeddedFile) error {
	seen := make(map[string]bool, len(files))
	for i, f := range files {
		switch {
		case f.Name == "":
			return fmt.Errorf("embedded file %d: no name: %w", i+1, ErrFileName)
		case seen[f.Name]:
			return fmt.Errorf("embedded file %q: named twice: %w", f.Name, ErrFileName)
		}
		seen[f.Name] = true
	}
	return nil
}

// sortedFiles is files in the order of their name tree keys: the bytes of
// each name as a text string (§7.9.6 requires keys in lexical order).
func sortedFiles(files []EmbeddedFile) []EmbeddedFile {
	out := slices.Clone(files)
	slices.SortFunc(out, func(a, b EmbeddedFile) int {
		return bytes.Compare(textBytes(a.Name), textBytes(b.Name))
	})
	return out
}

// writeEmbeddedFile writes f's stream and file specification and returns the
// specification's object number.
func (w *objWriter) writeEmbeddedFile(f EmbeddedFile, in Info, z *compressor) (int, error) {
	data, err := z.deflate(f.Data)
	if err != nil {
		return 0, fmt.Errorf("embedded file %q: %w", f.Name, err)
	}
	stream := w.next()
	b := []byte("<</Type /EmbeddedFile")
	if f.MIME != "" {
		b = append(b, " /Subtype "...)
		b = appendName(b, strings.ToLower(f.MIME))
	}
	b = append(b, " /Params <</Size "...)
	b = appendInt(b, len(f.Data))
	b = append(b, " /CheckSum "...)
	sum := md5sum(f.Data)
	b = appendHex(b, sum[:])
	if !in.CreationDate.IsZero() {
		b = append(b, " /ModDate "...)
		b = appendDate(b, in.CreationDate)
	}
	b = append(b, ">> /Filter /FlateDecode"...)
	w.stream(stream, b, data)

	spec := w.next()
	b = []byte("<</Type /Filespec /F ")
	b = appendText(b, f.Name)
	b = append(b, " /UF "...)
	b = appendText(b, f.Name)
	if f.Description != "" {
		b = append(b, " /Desc "...)
		b = appendText(b, f.Description)
	}
	b = append(b, " /EF <</F "...)
	b = appendRef(b, stream)
	b = append(b, " /UF "...)
	b = appendRef(b, stream)
	b = append(b, ">>>>"...)
	w.object(spec, b)
	return spec, w.err
}
