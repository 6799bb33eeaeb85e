// Package exhibit is the benchmark of exhibit production at scale (mast
// bench exhibit, make bench-exhibit): a subject schedule of about a million
// rows written as CSV and as XLSX, next to DuckDB writing the same query's
// rows itself, with the memory each takes.
//
// It makes (or reuses) a case in which one subject holds every event (case.go):
// a world from the generator (bench/world) whose CDR is rewritten so that each
// row belongs to one handset (its number, IMSI and IMEI as the file's first
// row has them), loaded with the world's cell list by mast's own loaders
// (bench.LoadWorld), so the schedule's rows are real events, each with its
// cell and its file and line. It then times, in this process and in turn
// (run.go):
//
//   - DuckDB's own COPY (SubjectQuery) TO 'baseline.csv', the baseline: the
//     same rows in the same order, written by DuckDB without leaving C++;
//   - exhibit.Produce of the subject's schedule to schedule.csv;
//   - exhibit.Produce of the same schedule to schedule.xlsx.
//
// For each it prints rows, seconds, rows/s, bytes written, the rate as a
// ratio of the baseline's, and the memory (memory.go): the peak Go heap in use
// and the peak resident set of the process, both sampled every few
// milliseconds during the run, next to their values just before it. A schedule
// that streams keeps the Go heap flat however many rows it has (compare
// --rows 20000 with the default). The resident set also holds DuckDB's memory:
// its buffer pool, the sort, and the whole query result, which duckdb-go
// (v2.10505) materialises before the first row is read, for database/sql and
// its Arrow interface alike (both execute with duckdb_pending_prepared, not
// the streaming variant). A sheet holds 1,048,576 rows: beyond that the XLSX
// side is left out.
//
// As everywhere in bench/, absolute times depend on the machine; the ratios
// are what to compare, and no test asserts a time.
package exhibit
