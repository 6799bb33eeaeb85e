// Package bench holds mast's benchmark workloads; package bench/world is the
// synthetic world generator they run on.
//
// Benchmarks here compare mast with a baseline run side by side, in the same
// process on the same machine and the same input, and print the ratio:
// machines are small and noisy, so an absolute time means little and no test
// asserts one. `make bench-load` runs LoadBenchmark: DuckDB's own read_csv of
// a generated canonical CDR file into a table, then mast's full load of the
// same file (parsing, normalisation, provenance, duplicate marking, rejects).
package bench
