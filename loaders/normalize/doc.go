// Package normalize turns values as providers write them into mast's
// canonical values. One file per kind of value:
//
//   - phone.go: telephone numbers to E.164 (PhoneNormalizer), with short
//     codes, alphanumeric senders and the "(D)" dialled marker told apart.
//   - timeparse.go: times to UTC instants (TimeParser). Local times are
//     resolved in a zone; a wall time that a clock change repeats is
//     TimeAmbiguous (the earlier instant is taken), one that it skips is
//     TimeNonexistent (read with the offset before the change).
//   - duration.go: call durations to whole seconds.
//   - imei.go: IMEIs to their 14-digit handset key, IMSIs checked.
//   - cellid.go: every written form of a cell id to one canonical CellKey,
//     whose String is the key that events and cell lists join on.
//   - osgb.go: Ordnance Survey National Grid eastings/northings to WGS84 and
//     back (Transverse Mercator and a 7-parameter Helmert transform, about
//     5 m).
//
// The package is pure Go and sits on the hot path of loading tens of
// millions of rows: the readers of times, durations, IMEIs and cell ids are
// hand-written (no regexp, no time.Parse for ISO 8601 or numeric Go
// layouts, no allocation on success), and the normalisers of values that
// repeat — numbers and cell ids — cache their results by the text as
// written, keeping their own copy of it (loaders pass views of reused read
// buffers). PhoneNormalizer, TimeParser and CellParser are not safe for
// concurrent use: a loader makes one of each per worker goroutine. The
// functions are safe anywhere.
//
// Errors wrap one sentinel per kind (ErrTime, ErrDuration, ErrIMEI,
// ErrIMSI, ErrCell; ErrNoCell, which wraps ErrCell, for a value that names
// no cell) and say what the text was and why it was refused; callers use
// errors.Is.
//
// docs/normalisation.md states every rule, its method and its limits for
// analysts and for an expert reviewing the evidence; docs/formats/cell-ids.md
// describes the cell key and the forms read.
package normalize
