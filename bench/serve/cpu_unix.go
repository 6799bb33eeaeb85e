//go:build unix

package serve

import (
	"syscall"
	"time"
)

// processCPU is the CPU time this process has used, in all its threads
// (DuckDB's too), user and system. On a machine busy with other work a
// read's CPU time says more than its wall time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
