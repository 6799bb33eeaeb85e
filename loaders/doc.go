// Package loaders reads provider files (CDRs, cell-site lists, ANPR reads)
// and turns each line into a canonical row or a reject.
//
// A layout is described by a Profile: a small YAML document (docs/profiles.md)
// that says how the file is delimited and quoted, where its header is, which
// column holds which canonical field, how times, numbers and cell ids are
// written. The bundled profiles (profiles/*.yaml) are embedded in the binary;
// a user's own profiles are read from a directory and override bundled ones by
// name. Adding a layout is writing a profile, not code.
//
// Reading is a pipeline sized for files of tens of millions of lines on a
// small machine: one goroutine reads the file in blocks of whole lines
// (hashing the bytes as it goes), workers parse and normalise the lines of a
// block into Arrow columns (package normalize does numbers, times, IMEIs,
// cell ids and coordinates), and the Stream hands the blocks on in file order,
// assigning row ids and marking duplicate events. Every data line becomes
// exactly one row or one reject: rows read = rows loaded + rows rejected.
//
// Nothing here imports DuckDB: the Stream is an Arrow record reader that
// engine lands. Line numbers are 1-based and count every line of the file,
// so a reject or a row points at the line an analyst sees in an editor.
package loaders
