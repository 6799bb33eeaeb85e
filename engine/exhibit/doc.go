// Package exhibit turns a case and a question into court exhibits: schedules
// (CSV, XLSX, PDF) and maps (GeoJSON, KML, PDF, PNG, self-contained HTML), and
// the case report.
//
// Every exhibit carries a Manifest in itself (a PDF Info entry and an embedded
// manifest.json, an XLSX sheet, a GeoJSON member, KML ExtendedData, PNG text
// chunks, an HTML script block; a sidecar FILE.manifest.json beside a CSV): the
// case, the query run, the time zone, the SHA-256 of every input file that
// contributed a row, the mast version, and the SHA-256 of the exhibit's rows
// in a canonical text form (Manifest.RowsSHA256). Producing an exhibit twice
// from the same inputs gives the same bytes when the production time is the
// same (Request.Now); Verify re-runs the recorded query and compares the rows'
// digest, so an exhibit can be checked against the case years later.
//
// A Table is the rows of an exhibit as typed values in the stated time zone,
// each row with the lines of the files it came from (Trace): the subject
// schedule joins events to their source file and line directly; for an
// analyst's own query, rows that carry source_id and source_row, event_id, or
// event_ids are traced through the events table. Rows that carry none of those
// cannot be traced to a line: the manifest then lists every file of the case
// and says so (Manifest.Traced = "case").
//
// The drawing is in sub-packages: draw (the Canvas, PNG and SVG), pdf (a small
// deterministic PDF writer and paginated tables), mapview (map composition).
package exhibit
