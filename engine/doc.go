// Package engine owns a case: one DuckDB file holding the schema of package
// catalog.
//
// Lifecycle: Create makes a new case file and records its settings; Open opens
// an existing one, applies any migrations it lacks (refusing a case made by a
// newer mast), and returns a *Case whose DB is a database/sql handle any
// caller can query. Close checkpoints and releases the file; DuckDB allows only
// one process to hold a case file, and the error that names the holder is
// passed on (ErrLocked).
//
// Landing: LoadFile lands one file's rows in one transaction. The caller gives
// the provenance (SourceMeta) and a function that, given the ids to use,
// returns a Stream: an Arrow record reader whose columns are named as the
// target table's, plus the rejects and counts known once the stream is
// drained. DuckDB pulls the stream through its Arrow scan and inserts by
// column name; rejects go in through the Appender; the sources row is written
// with the final counts; then the transaction commits. Anything that fails, or
// a process killed part-way, leaves the case as it was before the file.
//
// engine imports catalog (the schema) and, in later issues, udf; it does not
// know any file layout (that is package loaders).
package engine
