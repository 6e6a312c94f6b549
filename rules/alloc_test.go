package rules

import (
	"context"
	"testing"
	"unsafe"

	"github.com/expr-lang/expr/vm"

	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// TestCleanSubjectDoesNotAllocate: running the default rules over a clean
// case (the per-subject inner loop of Evaluate: every rule's condition, no
// finding) allocates nothing, and neither do the flat rules.
func TestCleanSubjectDoesNotAllocate(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	at := benchAt
	e := &evaluation{rs: rs, ctx: context.Background(), d: newDeriver(rs.cal, at),
		report: &efficiency.Report{Evaluated: map[efficiency.SubjectKind]int{}}}
	cases := benchCases(7)
	c := &cases[6] // completed in time, nothing to find
	env := CaseEnv{Case: e.d.caseFacts(c), At: at}
	j := job{ref: efficiency.SubjectRef{Kind: efficiency.CaseSubject, ID: c.ID}, since: at, kase: c}
	// a batch of one, judged with its own working memory and VM (not the
	// pools', which the race detector empties at random)
	e.machine = new(vm.VM)
	w := &judgeWork{}
	judge := func() error {
		w.b.base, w.b.stride = unsafe.Pointer(&env), 0
		w.slots[0] = subjectSlot{j: &j, env: &env, unit: c.Unit}
		return e.judge(efficiency.CaseSubject, w, 1)
	}
	require.NoError(t, judge())
	require.Empty(t, e.report.Findings, "the case is not clean")
	require.Empty(t, e.report.Errors)
	allocs := testing.AllocsPerRun(1000, func() { _ = judge() })
	require.Zero(t, allocs, "allocations per clean subject")

	flat := mustParse(t, flatRules)
	rules := flat.byKind[efficiency.CaseSubject]
	envs := flatEnvs(batchSize)
	fe, w := newFlatEngine(flat)
	out := make([][]string, batchSize)
	require.NoError(t, flatEngine(fe, w, rules, envs, out))
	allocs = testing.AllocsPerRun(1000, func() {
		_ = flatEngine(fe, w, rules, envs, out)
	})
	require.Zero(t, allocs, "allocations per flat batch")
}
