package rules

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// evaluatorBatches are batches of every kind, with findings, warnings,
// invalid subjects, duplicates and run-time errors, of different sizes so
// that an Evaluator's reused memory is sometimes too small, sometimes too
// large.
func evaluatorBatches() []*efficiency.Facts {
	all := &efficiency.Facts{Cases: benchCases(300), Orders: benchOrders(40), Complaints: benchComplaints(40),
		Units: benchUnits(12), Officials: benchOfficials(30)}
	small := &efficiency.Facts{Cases: benchCases(7)}
	bad := accountingBatch()
	dup := &efficiency.Facts{Cases: append(benchCases(5), benchCases(2)...)}
	return []*efficiency.Facts{all, small, bad, all, dup, {}, small, all}
}

// TestEvaluatorMatchesEvaluate: call after call, with batches that grow and
// shrink, an Evaluator returns exactly the report Evaluate returns.
func TestEvaluatorMatchesEvaluate(t *testing.T) {
	for _, src := range []string{"default", "accounting"} {
		rs, err := Default()
		require.NoError(t, err)
		if src == "accounting" {
			rs = mustParse(t, accountingRules)
		}
		ev := rs.NewEvaluator()
		for i, facts := range evaluatorBatches() {
			want, err := rs.Evaluate(context.Background(), facts, benchAt)
			require.NoError(t, err)
			got, err := ev.Evaluate(context.Background(), facts, benchAt)
			require.NoError(t, err)
			require.Equal(t, want, got, "%s rules, batch %d", src, i)
		}
	}
}

// TestEvaluatorCancelled: a cancelled call accounts for every subject as
// Evaluate does, and the next call starts afresh.
func TestEvaluatorCancelled(t *testing.T) {
	rs := mustParse(t, accountingRules)
	ev := rs.NewEvaluator()
	facts := accountingBatch()
	for n := range 12 {
		want, wantErr := rs.Evaluate(newCountdown(n), facts, at(2026, 10, 9, 12))
		got, gotErr := ev.Evaluate(newCountdown(n), facts, at(2026, 10, 9, 12))
		require.Equal(t, wantErr, gotErr, "after %d checks", n)
		require.Equal(t, want, got, "after %d checks", n)
	}
	want, err := rs.Evaluate(context.Background(), facts, at(2026, 10, 9, 12))
	require.NoError(t, err)
	got, err := ev.Evaluate(context.Background(), facts, at(2026, 10, 9, 12))
	require.NoError(t, err)
	require.Equal(t, want, got)
}

// TestEvaluatorAllocatesLess: once warmed up, an Evaluator allocates a
// fraction of the bytes Evaluate does for the same batch: the findings'
// text (strings are never reused) and little else.
func TestEvaluatorAllocatesLess(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	facts := &efficiency.Facts{Cases: benchCases(100)}
	ev := rs.NewEvaluator()
	_, err = ev.Evaluate(context.Background(), facts, benchAt)
	require.NoError(t, err)
	bytes := func(f func()) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range 20 {
			f()
		}
		runtime.ReadMemStats(&after)
		return (after.TotalAlloc - before.TotalAlloc) / 20
	}
	fresh := bytes(func() { _, _ = rs.Evaluate(context.Background(), facts, benchAt) })
	reused := bytes(func() { _, _ = ev.Evaluate(context.Background(), facts, benchAt) })
	t.Logf("bytes allocated per batch of 100 cases: Evaluate %d, Evaluator %d", fresh, reused)
	require.Less(t, reused, fresh/2, "Evaluator bytes per batch")
}

// TestEvaluatorsInParallel: evaluators of one rule set on many goroutines
// (one each) give the serial reports.
func TestEvaluatorsInParallel(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	batches := evaluatorBatches()
	want := make([]string, len(batches))
	for i, f := range batches {
		r, err := rs.Evaluate(context.Background(), f, benchAt)
		require.NoError(t, err)
		want[i] = fmt.Sprint(r)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			ev := rs.NewEvaluator()
			for round := range 3 {
				for i := range batches {
					k := (i + g + round) % len(batches)
					r, err := ev.Evaluate(context.Background(), batches[k], benchAt)
					if err == nil && fmt.Sprint(r) != want[k] {
						err = fmt.Errorf("goroutine %d, batch %d: report differs", g, k)
					}
					if err != nil {
						errs <- err
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestEvaluatorLetsGoOfFacts: between calls an Evaluator keeps its report
// and memory, not the facts it was given.
func TestEvaluatorLetsGoOfFacts(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	ev := rs.NewEvaluator()
	collected := make(chan struct{})
	func() {
		cases := benchCases(100)
		runtime.AddCleanup(&cases[0], func(ch chan struct{}) { close(ch) }, collected)
		r, err := ev.Evaluate(context.Background(), &efficiency.Facts{Cases: cases}, benchAt)
		require.NoError(t, err)
		require.NotEmpty(t, r.Findings)
	}()
	for range 5 {
		runtime.GC()
		select {
		case <-collected:
			runtime.KeepAlive(ev)
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatal("the Evaluator keeps the facts of its last call alive")
}
