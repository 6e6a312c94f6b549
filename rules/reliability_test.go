package rules

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// countdown is a context that reports itself cancelled after n checks of
// Err: a deterministic way to cancel an evaluation at every point, without
// timers or sleeping.
type countdown struct {
	context.Context
	n atomic.Int64
}

func newCountdown(n int) *countdown {
	c := &countdown{Context: context.Background()}
	c.n.Store(int64(n))
	return c
}

func (c *countdown) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// accountingRules: a rule that fires, one that fails at run time, one whose
// work bound is above the budget on a long list, and one on orders.
const accountingRules = `xiaoneng: 1
jurisdiction: {id: acct}
rules:
  - id: fires
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 收件, en: Received}
    when: case.received
    message: {zh-Hans: 收件, en: received}
  - id: fails
    on: case
    prohibition: P3
    severity: minor
    title: {zh-Hans: 除零, en: Divide}
    when: case.fees.total_fen % case.fees.count == 0
    message: {zh-Hans: 除零, en: divide}
  - id: heavy
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 重, en: Heavy}
    when: 'count(case.officials, any(case.officials, # == case.responsible)) > 0'
    message: {zh-Hans: 重, en: heavy}
  - id: order
    on: order
    prohibition: P1
    severity: minor
    title: {zh-Hans: 政令, en: Order}
    when: order.overdue
    message: {zh-Hans: 政令, en: order}
`

func accountingBatch() *efficiency.Facts {
	f := &efficiency.Facts{}
	for i := range 6 {
		f.Cases = append(f.Cases, receivedCase(fmt.Sprintf("c%d", i), at(2026, 9, 30, 9)))
	}
	f.Cases = append(f.Cases, officialsCase("long", 2000))                                        // heavy: over budget
	f.Cases = append(f.Cases, receivedCase("past", at(2024, 6, 3, 9)))                            // not derivable
	f.Cases = append(f.Cases, efficiency.Case{ID: "bad", Unit: "u", Matter: efficiency.Matter{}}) // invalid
	f.Orders = []efficiency.Order{
		{ID: "o1", Issuer: "g", Assignee: "u", Issued: at(2026, 9, 1, 9), Due: at(2026, 9, 10, 18)},
		{ID: "o2", Assignee: "u"}, // invalid
	}
	f.Units = []efficiency.Unit{{ID: "u", Kind: efficiency.MunicipalUnit}}
	f.Officials = []efficiency.Official{{ID: "o", Unit: "u"}}
	return f
}

// TestNothingLost: every subject handed to a batch is accounted for exactly
// once, as evaluated, invalid, not derivable or skipped, under run-time
// errors, work limits, invalid facts and cancellation at every point; a
// skipped subject has no finding or error, an evaluated one has all of its.
func TestNothingLost(t *testing.T) {
	rs := mustParse(t, accountingRules)
	facts := accountingBatch()
	total := len(facts.Cases) + len(facts.Orders) + len(facts.Units) + len(facts.Officials)
	full, err := rs.Evaluate(context.Background(), facts, at(2026, 10, 9, 12))
	require.NoError(t, err)
	require.Empty(t, full.Skipped)
	for n := 0; ; n++ {
		r, err := rs.Evaluate(newCountdown(n), facts, at(2026, 10, 9, 12))
		require.NotNil(t, r, "Evaluate(cancelled after %d checks) returned no report", n)
		seen := map[efficiency.SubjectRef]string{}
		mark := func(ref efficiency.SubjectRef, how string) {
			if prev, ok := seen[ref]; ok && prev != how {
				t.Errorf("after %d checks: %v is both %s and %s", n, ref, prev, how)
			}
			seen[ref] = how
		}
		for _, e := range r.Invalid {
			mark(e.Subject, "invalid")
		}
		for _, e := range r.Errors {
			if e.Rule == "" {
				mark(e.Subject, "underivable")
			}
		}
		for _, s := range r.Skipped {
			mark(s, "skipped")
		}
		evaluated := 0
		for _, c := range r.Evaluated {
			evaluated += c
		}
		assert.Equal(t, total, evaluated+len(seen), "after %d checks: evaluated %d + accounted %v != %d subjects", n, evaluated, seen, total)
		for _, f := range r.Findings {
			assert.NotEqual(t, "skipped", seen[f.Subject], "after %d checks: finding %s on a skipped subject", n, f.ID)
			assert.Contains(t, full.Findings, f, "after %d checks: a finding the full run does not have", n)
		}
		for _, e := range r.Errors {
			assert.NotEqual(t, "skipped", seen[e.Subject], "after %d checks: error on a skipped subject", n)
		}
		if err == nil {
			assert.Equal(t, full, r, "a run that was never cancelled equals the full run")
			break
		}
		require.ErrorIs(t, err, context.Canceled)
		require.NotEmpty(t, r.Skipped, "after %d checks: cancelled but nothing skipped", n)
		require.Less(t, n, 1000, "the evaluation never finished")
	}
	// The full run's accounting, named.
	assert.Equal(t, 7, full.Evaluated[efficiency.CaseSubject])
	assert.Equal(t, 1, full.Evaluated[efficiency.OrderSubject])
	var heavy []string
	for _, e := range full.Errors {
		if e.Rule == "heavy" {
			heavy = append(heavy, e.Subject.ID)
		}
	}
	assert.Equal(t, []string{"long"}, heavy, "the work limit refuses the heavy rule on the long case only")
}

// TestEvaluateCancelledBetweenRules: a cancellation between two rules of a
// subject leaves the subject out whole, and Evaluate returns the subjects
// before it with ctx's error.
func TestEvaluateCancelledBetweenRules(t *testing.T) {
	rs := mustParse(t, accountingRules)
	facts := &efficiency.Facts{}
	for i := range batchSize + 1 {
		facts.Cases = append(facts.Cases, receivedCase(fmt.Sprintf("c%02d", i+1), at(2026, 9, 30, 9)))
	}
	// Checks: one before the first batch (64 cases) and one before each of
	// its 3 rules, then one before the second batch (c65) and its first
	// rule: cancelled between the second batch's first and second rules.
	r, err := rs.Evaluate(newCountdown(6), facts, at(2026, 10, 9, 12))
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, batchSize, r.Evaluated[efficiency.CaseSubject])
	assert.Equal(t, []efficiency.SubjectRef{{Kind: efficiency.CaseSubject, ID: "c65"}}, r.Skipped)
	for _, f := range r.Findings {
		assert.NotEqual(t, "c65", f.Subject.ID, "finding %s of the unfinished subject", f.ID)
	}
	assert.Len(t, r.Findings, batchSize)

	// Cancelled before the first batch's last rule: the batch is left out whole.
	r, err = rs.Evaluate(newCountdown(3), facts, at(2026, 10, 9, 12))
	require.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, r.Evaluated[efficiency.CaseSubject])
	assert.Len(t, r.Skipped, batchSize+1)
	assert.Empty(t, r.Findings)
}

// twoRuleSets are two versions of one file: the rules of each carry the
// version in their ids, and both fire on the same facts.
func twoRuleSets(t *testing.T) (a, b *RuleSet) {
	t.Helper()
	make := func(v string, n int) *RuleSet {
		var sb strings.Builder
		fmt.Fprintf(&sb, "xiaoneng: 1\njurisdiction: {id: %s}\nrules:\n", v)
		for i := range n {
			fmt.Fprintf(&sb, `  - id: %s.r%d
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 题, en: Title}
    when: case.received && %d >= 0
    message: {zh-Hans: 消息, en: message}
`, v, i, i)
		}
		return mustParse(t, sb.String())
	}
	return make("old", 5), make("new", 7)
}

// TestHotReload: evaluations running on many goroutines while another swaps
// the rule set each see one whole rule set, old or new, never a mix.
func TestHotReload(t *testing.T) {
	old, next := twoRuleSets(t)
	cur := NewCurrent(old)
	facts := &efficiency.Facts{Cases: []efficiency.Case{receivedCase("c1", at(2026, 9, 30, 9)), receivedCase("c2", at(2026, 9, 30, 9))}}
	want := map[string]int{"old": 5 * 2, "new": 7 * 2}
	const workers, rounds = 16, 50
	var seen [2]atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan string, workers)
	for range workers {
		wg.Go(func() {
			for range rounds {
				r, err := cur.Evaluate(context.Background(), facts, at(2026, 10, 9, 12))
				if err != nil {
					errs <- err.Error()
					return
				}
				if len(r.Findings) != want[r.Jurisdiction] {
					errs <- fmt.Sprintf("report of %q has %d findings, want %d", r.Jurisdiction, len(r.Findings), want[r.Jurisdiction])
					return
				}
				for _, f := range r.Findings {
					if !strings.HasPrefix(f.Rule, r.Jurisdiction+".") {
						errs <- fmt.Sprintf("report of %q has a finding of rule %s", r.Jurisdiction, f.Rule)
						return
					}
				}
				if r.Jurisdiction == "old" {
					seen[0].Add(1)
				} else {
					seen[1].Add(1)
				}
			}
		})
	}
	wg.Go(func() {
		for i := range workers * rounds {
			if i%2 == 0 {
				cur.Store(next)
			} else {
				cur.Store(old)
			}
		}
		cur.Store(next)
	})
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	assert.Equal(t, int64(workers*rounds), seen[0].Load()+seen[1].Load())
	assert.Same(t, next, cur.Load())
	var empty Current
	_, err := empty.Evaluate(context.Background(), facts, at(2026, 10, 9, 12))
	assert.ErrorIs(t, err, ErrNoRuleSet)
}

// TestStressSharedRuleSet: many goroutines evaluate different batches with
// one compiled rule set; each report equals the one computed alone.
func TestStressSharedRuleSet(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	const workers, batches = 16, 4
	inputs := make([]*efficiency.Facts, batches)
	wants := make([][]byte, batches)
	for i := range batches {
		f := accountingBatch()
		f.Cases = f.Cases[:i%len(f.Cases)+1]
		f.Cases = append(f.Cases, efficiency.Case{ID: fmt.Sprintf("x%d", i), Unit: "u",
			Matter: efficiency.Matter{Code: "m", StatutoryDays: 20, CommittedDays: 3}, Events: mixedTimeline(20 * (i + 1))})
		inputs[i] = f
		r, err := rs.Evaluate(context.Background(), f, at(2026, 10, 20, 9))
		require.NoError(t, err)
		wants[i], _ = json.Marshal(r)
	}
	var wg sync.WaitGroup
	errs := make(chan string, workers)
	for w := range workers {
		wg.Go(func() {
			for k := range batches {
				i := (w + k) % batches
				r, err := rs.Evaluate(context.Background(), inputs[i], at(2026, 10, 20, 9))
				if err != nil {
					errs <- err.Error()
					return
				}
				if got, _ := json.Marshal(r); string(got) != string(wants[i]) {
					errs <- fmt.Sprintf("worker %d batch %d: report differs from the one computed alone", w, i)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
