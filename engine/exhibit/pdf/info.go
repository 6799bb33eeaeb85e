package pdf

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// Info is the document information dictionary (ISO 32000-1 §14.3.3): what
// pdfinfo and a viewer's document properties show.
type Info struct {
	Title    string
	Author   string
	Subject  string
	Keywords string
	Creator  string // the application that made the content, e.g. "mast exhibit"
	Producer string // the application that wrote the PDF
	// CreationDate is when the document was made, as the caller says; it is
	// also written as ModDate. The zero time writes neither. The package never
	// reads the clock, so equal inputs give equal files.
	CreationDate time.Time
	// Custom holds further entries, written as text strings in key order,
	// e.g. "MastManifest" holding the exhibit's manifest as JSON text.
	Custom map[string]string
}

// standardInfoKeys are the keys §14.3.3 defines; Custom may not use them.
var standardInfoKeys = map[string]bool{
	"Title": true, "Author": true, "Subject": true, "Keywords": true,
	"Creator": true, "Producer": true, "CreationDate": true, "ModDate": true,
	"Trapped": true,
}

// maxNameLen is the longest name a conforming reader must accept (Annex C).
const maxNameLen = 127

func (in Info) validate() error {
	for _, k := range slices.Sorted(maps.Keys(in.Custom)) {
		switch {
		case k == "":
			return fmt.Errorf("custom info: empty key: %w", ErrInfoKey)
		case len(k) > maxNameLen:
			return fmt.Errorf("custom info %.20q…: key longer than %d bytes: %w", k, maxNameLen, ErrInfoKey)
		case standardInfoKeys[k]:
			return fmt.Errorf("custom info %q: a standard key, set it in Info: %w", k, ErrInfoKey)
		}
	}
	return nil
}

// appendDict appends the information dictionary.
func (in Info) appendDict(b []byte) []byte {
	b = append(b, "<<"...)
	for _, e := range []struct{ k, v string }{
		{"Title", in.Title}, {"Author", in.Author}, {"Subject", in.Subject},
		{"Keywords", in.Keywords}, {"Creator", in.Creator}, {"Producer", in.Producer},
	} {
		if e.v != "" {
			b = appendName(b, e.k)
			b = append(b, ' ')
			b = appendText(b, e.v)
			b = append(b, '\n')
		}
	}
	if !in.CreationDate.IsZero() {
		b = append(b, "/CreationDate "...)
		b = appendDate(b, in.CreationDate)
		b = append(b, "\n/ModDate "...)
		b = appendDate(b, in.CreationDate)
		b = append(b, '\n')
	}
	for _, k := range slices.Sorted(maps.Keys(in.Custom)) {
		b = appendName(b, k)
		b = append(b, ' ')
		b = appendText(b, in.Custom[k])
		b = append(b, '\n')
	}
	return append(b, ">>"...)
}
