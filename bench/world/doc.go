// Package world generates a deterministic synthetic world for tests, demos
// and benchmarks. No real CDR is public, so everything mast is tested on
// comes from here.
//
// The world is a UK city about 40 km across (region.go): four operators'
// masts, dense in the core and sparse in the country, most of them
// three-sector LTE, some GSM, a few omni cells; a few cells are turned or
// moved during the period, so the cell list is temporal (changes.go). Its
// people (people.go) have homes, workplaces, leisure places and a daily
// routine on UK local time (routine.go, clock.go); their handsets make calls,
// messages and data sessions at rates that follow the hour, on the cell that
// serves where they are, and calls between two of the world's handsets appear
// in both handsets' records (events.go). Cameras on the main roads read the
// plates of passing cars (anpr.go).
//
// Some things are planted and recorded in truth.json (truth.go) so that
// analyses can be scored: each handset's home and work cell, two handsets
// carried by one person, a handset swap, a meeting of three, a car driven by
// a handset's owner past the cameras, the cell changes, and with
// Options.Dirty the malformed lines, duplicate rows, clock-change local times
// and a dialled-number marker, each with its file and line (dirt.go).
//
// The same Options give byte-identical files: every random choice comes from
// a stream keyed by what it is about (random.go), never from a shared
// generator. The CDR is made by worker goroutines, a handset-day or a few
// hours at a time, and written in a fixed order by one (pipeline.go), so the
// bytes do not depend on the number of workers, and memory does not grow with
// the number of events. docs/world.md describes the files and truth.json.
package world
