package main

import (
	"os"
	"syscall"
)

// maxRSS is the peak resident memory of a finished process, in bytes.
func maxRSS(s *os.ProcessState) (int64, bool) {
	ru, ok := s.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, false
	}
	return ru.Maxrss * 1024, true // Linux reports kilobytes
}
