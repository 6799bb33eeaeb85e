// Package udf will hold mast's DuckDB functions written in Go: H3 (named as
// DuckDB's community H3 extension names them), sector wedges and serving
// areas, and the analysis table functions (co-location, movement, pattern of
// life, tower dumps, handset and SIM changes, contacts). They are registered
// once per database by engine when a case is opened.
//
// Nothing is here yet: the functions are the analysis issue's work. The
// foundation only fixes where they go and what they may import (nothing of
// mast's but small pure helpers; only udf/h3 imports h3-go).
package udf
