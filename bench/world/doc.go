// Package world generates a deterministic synthetic world for tests,
// demos and benchmarks: a region with cell sites and sectors, handsets with
// homes, workplaces and daily routines, and the events (calls, SMS, data)
// they make on the cells that serve where they are, written in mast's own
// layouts. No real CDR is public; everything mast is tested on comes from
// here. What the generator planted (home and work cells, two handsets
// carried by one person, a handset swap, a meeting of three, a vehicle
// driven by a handset's owner, and with Dirty the malformed lines) is
// written to truth.json so analyses can be scored against it.
//
// The same Options give byte-identical files. Generation streams day by day,
// so memory does not grow with the number of days. docs/world.md has the
// details.
package world
