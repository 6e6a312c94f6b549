package rules_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xiaoneng/xiaoneng/accountability"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// stressFindings: n violations (and every fifth a warning, which is never
// recorded) over four officials of two units, minor, major and severe.
func stressFindings(n int) []efficiency.Finding {
	sev := []efficiency.Severity{efficiency.Minor, efficiency.Major, efficiency.Severe}
	out := make([]efficiency.Finding, n)
	for i := range out {
		off := fmt.Sprintf("o%d", i%4)
		out[i] = efficiency.Finding{ID: fmt.Sprintf("P2.stress@case:c%03d", i), Rule: "P2.stress",
			Prohibition: efficiency.Procrastination, Severity: sev[i%3], Warning: i%5 == 4,
			Unit: fmt.Sprintf("u%d", i%2), Officials: []string{off}}
	}
	return out
}

var stressFacts = &efficiency.Facts{Officials: []efficiency.Official{
	{ID: "o0", Unit: "u0"}, {ID: "o1", Unit: "u1"}, {ID: "o2", Unit: "u0"}, {ID: "o3", Unit: "u1"},
	{ID: "head0", Unit: "u0", Leader: true},
}}

// stressBatch is goroutine g's round r: a window of the findings that
// overlaps its neighbours' windows.
func stressBatch(all []efficiency.Finding, g, r int) []efficiency.Finding {
	const width = 17
	start := (g*7 + r*11) % len(all)
	out := make([]efficiency.Finding, 0, width)
	for i := range width {
		out = append(out, all[(start+i)%len(all)])
	}
	return out
}

func findingRecords(t *testing.T, l accountability.Ledger) (ids []string, leadership []accountability.Record) {
	t.Helper()
	rs, err := l.Records(context.Background(), accountability.Query{})
	require.NoError(t, err)
	for _, r := range rs {
		if r.Kind == accountability.Leadership {
			leadership = append(leadership, r)
			continue
		}
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	return ids, leadership
}

// TestStressSharedLedger: many goroutines decide overlapping batches of
// findings with the city's ladder against one shared ledger. Every
// violation is recorded exactly once, no finding triggers twice across all
// goroutines, and the ledger holds the same findings as a sequential run of
// the same batches.
func TestStressSharedLedger(t *testing.T) {
	rs := city(t)
	all := stressFindings(60)
	at := day(2026, 10, 12, 9, 0)
	const workers, rounds = 16, 12

	// Sequential: the same batches, one after the other.
	seq := &accountability.MemoryLedger{}
	for g := range workers {
		for r := range rounds {
			_, err := rs.Decide(context.Background(), accountability.Input{Findings: stressBatch(all, g, r), Facts: stressFacts}, seq, at)
			require.NoError(t, err)
		}
	}
	want, _ := findingRecords(t, seq)
	var violations []string
	for _, f := range all {
		if !f.Warning {
			violations = append(violations, f.ID)
		}
	}
	require.Equal(t, violations, want, "the sequential run records every violation")

	shared := &accountability.MemoryLedger{}
	var (
		mu        sync.Mutex
		triggered = map[string]int{} // finding or leadership record id → times triggered
		errs      []error
		wg        sync.WaitGroup
	)
	for g := range workers {
		wg.Go(func() {
			for r := range rounds {
				d, err := rs.Decide(context.Background(), accountability.Input{Findings: stressBatch(all, g, r), Facts: stressFacts}, shared, at)
				mu.Lock()
				if err != nil {
					errs = append(errs, fmt.Errorf("goroutine %d round %d: %w", g, r, err))
				} else {
					for _, tr := range slices.Concat(d.Triggers, d.Exempted) {
						triggered[tr.ID]++
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	require.Empty(t, errs)

	got, leadership := findingRecords(t, shared)
	assert.Equal(t, want, got, "Decide concurrently: ledger findings = %v, want the sequential run's %v", got, want)
	for id, n := range triggered {
		assert.Equal(t, 1, n, "finding %s triggered %d times across goroutines, want once", id, n)
	}
	for _, id := range want {
		assert.Equal(t, 1, triggered[id], "finding %s triggered %d times, want exactly once", id, triggered[id])
	}
	for _, r := range leadership {
		assert.Equal(t, 1, triggered[r.ID], "leadership record %s triggered %d times, want once", r.ID, triggered[r.ID])
	}
	assert.Len(t, triggered, len(want)+len(leadership), "every trigger is in the ledger and every record was triggered once")
}
