// Package serve is the benchmark of mast's PostgreSQL wire server (mast
// bench serve, make bench-serve): how fast QGIS and GDAL can read a layer
// through it, and how it holds up under many clients at once.
//
// It makes (or reuses) a case whose event_points layer — the view QGIS and
// GDAL open, each placed event at the site of its serving cell — holds about
// a million points: a world from the generator (bench/world) loaded with
// mast's own loaders and derived, as `mast load` does. It then starts the
// real server (sql/pgwire) in this process on a loopback port, with the
// audit log `mast serve` always has, and:
//
//   - replays QGIS's and GDAL's cursor loops over the whole layer with a
//     pgx (pgconn) client, statement for statement as the recorded traces
//     show them (statements.go): QGIS's BINARY cursor read with FETCH
//     FORWARD 2000 in the simple protocol, GDAL's text cursor read with
//     FETCH 500 in the extended protocol. Each is timed next to the same
//     SELECT run in this process through database/sql and read to the end,
//     and the ratio printed, with the target: a million rows through
//     either loop in 1.5 s, what PostgreSQL/PostGIS takes on a 2-core machine.
//     Each loop is run with the audit log on and again with it switched off
//     (the log fsyncs every statement before answering it, and writes a
//     FETCH's entry before answering but fsyncs it within 20 ms: the
//     difference is what the log costs);
//   - runs a load test (load.go): many clients, each connecting with QGIS's
//     catalog probes and then looping over parameterised selects in the
//     extended protocol, QGIS bounding-box reads of the layer and SELECT 1,
//     and prints throughput and latency percentiles per kind of query.
//
// As everywhere in bench/, absolute times depend on the machine; the ratios
// and percentiles are what to compare, and no test asserts a time. The CPU
// time of each read (the whole process's) is printed too: on a machine busy
// with other work it is inflated less than the time.
package serve
