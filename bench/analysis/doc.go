// Package analysis holds the analysis benchmarks (mast bench analysis) and
// the tests that score mast's analysis functions against the truths the
// world generator planted: each function must find what was planted, and
// rank it first, without false positives at the top.
package analysis
