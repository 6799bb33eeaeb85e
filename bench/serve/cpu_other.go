//go:build !unix

package serve

import "time"

// processCPU is not measured here; reads print a CPU time of zero.
func processCPU() time.Duration { return 0 }
