// Package normalize turns values as providers write them into mast's
// canonical values: telephone numbers to E.164, times to UTC instants with
// daylight-saving ambiguity flagged, IMEIs to their 14-digit key, every form
// of cell id to one canonical cell key, durations to seconds, and OSGB36 grid
// references to WGS84.
//
// It is pure Go and sits on the hot path of loading tens of millions of rows:
// the normalisers that see repeated values (numbers, cell ids) cache their
// results, and none is safe for concurrent use — make one per goroutine.
// docs/normalisation.md explains each rule for the analyst and for an expert
// reviewing the evidence.
package normalize
