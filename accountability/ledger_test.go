package accountability_test

import (
	"testing"

	"github.com/xiaoneng/xiaoneng/accountability"
	"github.com/xiaoneng/xiaoneng/accountability/accountabilitytest"
)

// TestMemoryLedger runs the ledger suite against the in-memory ledger,
// through the interface, as a service runs it against its own.
func TestMemoryLedger(t *testing.T) {
	accountabilitytest.TestLedger(t, func() accountability.Ledger { return &accountability.MemoryLedger{} })
}
