package rules

import (
	"testing"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// compileCase compiles a condition on cases as the loader does (typed
// environment, the rule set's builtins, a boolean result), without params.
func compileCase(code string, cal *efficiency.Calendar) (*vm.Program, error) {
	opts := append([]expr.Option{expr.Env(CaseEnv{}), expr.AsBool()}, builtins(cal)...)
	return expr.Compile(code, opts...)
}

// runBoth runs a compiled condition on the VM and, when it lowers, as Go
// closures (falling back to the VM as evaluation does), and returns both.
func runBoth(prog *vm.Program, cal *efficiency.Calendar, env *CaseEnv) (lowered bool, fast, slow bool, fastErr, slowErr error) {
	r := &Rule{On: efficiency.CaseSubject, when: prog, lowered: lowerCondition(prog, CaseEnv{}, cal)}
	fast, fastErr = r.test(new(vm.VM), env)
	out, slowErr := vm.Run(prog, env)
	slow, _ = out.(bool)
	return r.lowered != nil, fast, slow, fastErr, slowErr
}

func lowerEnv() *CaseEnv {
	return &CaseEnv{
		Case: CaseFacts{ID: "C-1", Channel: "online", Officials: []string{"o1", "o2"}, Responsible: "o1",
			Received: true, ReceivedAt: time.Date(2026, 9, 30, 9, 0, 0, 0, sh),
			Matter: MatterFacts{Code: "M-1", CommittedDays: 10, StatutoryDays: 20, Published: true, Materials: []string{"身份证"}},
			Workdays: WorkdayFacts{Started: true, Elapsed: 7, CommittedLimit: 10, StatutoryLimit: 20, CommittedRemaining: 3,
				CommittedDue: time.Date(2026, 10, 20, 23, 59, 59, 0, sh)},
			Fees:     FeeFacts{Count: 2, TotalFen: 150000, AboveScheduleFen: 500},
			Decision: DecisionFacts{Outcome: "rejected", HasLegalBasis: true}},
		Unit: UnitFacts{ID: "u1", OnTimeRate: 0.75, OnTimeTarget: 0.9, Deliverables: []string{"plan"}},
		At:   time.Date(2026, 10, 12, 10, 0, 0, 0, sh),
	}
}

// TestLoweredAgreesWithVM: conditions across the lowered subset give what the
// VM gives, and each runs on the path expected.
func TestLoweredAgreesWithVM(t *testing.T) {
	cal := efficiency.DefaultCalendar()
	tests := []struct {
		code    string
		lowered bool
		want    bool
		err     bool
	}{
		{code: "case.received", lowered: true, want: true},
		{code: "!case.completed && case.workdays.started", lowered: true, want: true},
		{code: "case.completed || case.workdays.elapsed > 5", lowered: true, want: true},
		{code: "case.workdays.elapsed >= 0.9 * case.workdays.committed_limit", lowered: true, want: false},
		{code: "case.workdays.elapsed / 2 == 3.5", lowered: true, want: true},
		{code: "case.workdays.elapsed % 4 == 3", lowered: true, want: true},
		{code: "case.workdays.elapsed % case.notices.count == 0", lowered: true, err: true},
		{code: "case.notices.count > 0 && case.workdays.elapsed % case.notices.count == 0", lowered: true, want: false},
		{code: "case.fees.total_fen / 100.0 > 1499.5", lowered: true, want: true},
		{code: "case.fees.total_fen + case.fees.above_schedule_fen == 150500", lowered: true, want: true},
		{code: "-case.workdays.elapsed < -6", lowered: true, want: true},
		{code: "case.workdays.elapsed ** 2 == 49", lowered: true, want: true},
		{code: "case.channel == \"online\" && case.responsible != \"\"", lowered: true, want: true},
		{code: "case.channel < \"window\"", lowered: true, want: true},
		{code: "case.channel + \"!\" == \"online!\"", lowered: true, want: true},
		{code: "case.channel in [\"online\", \"window\"]", lowered: true, want: true},
		{code: "case.channel not in [\"online\", \"window\"]", lowered: true, want: false},
		{code: "case.workdays.elapsed in [1, 7]", lowered: true, want: true},
		{code: "case.fees.count in [1, 3]", lowered: true, want: false},
		{code: "\"o2\" in case.officials", lowered: true, want: true},
		{code: "len(case.officials) == 2 && len(case.id) == 3 && len(\"窗口\" + case.id) == 5", lowered: true, want: true},
		{code: "case.channel contains \"lin\" && case.channel startsWith \"on\" && case.channel endsWith \"ne\"", lowered: true, want: true},
		{code: "(case.workdays.elapsed > 5 ? case.workdays.committed_limit : 0) == 10", lowered: true, want: true},
		{code: "(case.received ? 1 : 2.5) == 1", lowered: false, want: true},
		{code: "case.received_at < at && at <= case.workdays.committed_due", lowered: true, want: true},
		{code: "case.received_at == date(\"2026-09-30\") + duration(\"9h\")", lowered: true, want: true},
		{code: "at - case.received_at > duration(\"240h\")", lowered: true, want: true},
		{code: "workdays(case.received_at, at) > 0", lowered: true, want: true},
		{code: "add_workdays(case.received_at, 10) > case.workdays.committed_due", lowered: true, want: true},
		{code: "is_workday(at) && !is_workday(date(\"2026-10-03\"))", lowered: true, want: true},
		{code: "at < end_of_day(\"2026-10-12\")", lowered: true, want: true},
		{code: "workdays(date(\"1999-01-01\"), at) > 0", lowered: true, err: true},
		{code: "unit.on_time_rate < (unit.on_time_target > 0 ? unit.on_time_target : 0.95)", lowered: true, want: true},
		{code: "case.decision.has_reasons == false", lowered: true, want: true},
		{code: "case.officials[0] == \"o1\"", lowered: false, want: true},
		{code: "all(case.officials, # != \"\")", lowered: true, want: true},
		{code: "any(case.officials, # == case.responsible) && none(case.officials, # == \"\")", lowered: true, want: true},
		{code: "all(case.officials, count(case.officials, # == \"o1\") > 0)", lowered: false, want: true},
		{code: "case.matter.materials == nil", lowered: false, want: false},
	}
	for _, tt := range tests {
		prog, err := compileCase(tt.code, cal)
		require.NoError(t, err, tt.code)
		lowered, fast, slow, fastErr, slowErr := runBoth(prog, cal, lowerEnv())
		assert.Equal(t, tt.lowered, lowered, "lowered(%s)", tt.code)
		if tt.err {
			assert.Error(t, slowErr, "VM(%s)", tt.code)
			assert.Equal(t, slowErr, fastErr, "errors of %s", tt.code)
			continue
		}
		require.NoError(t, slowErr, tt.code)
		require.NoError(t, fastErr, tt.code)
		assert.Equal(t, tt.want, slow, "VM(%s) = %v, want %v", tt.code, slow, tt.want)
		assert.Equal(t, slow, fast, "lowered(%s) = %v, VM = %v", tt.code, fast, slow)
	}
}

// TestDefaultRulePaths lists which default rules run as lowered Go closures
// and which on expr's VM, so a change that sends a rule back to the VM shows.
func TestDefaultRulePaths(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	var onVM []string
	lowered := 0
	for _, r := range rs.rules {
		if r.lowered == nil {
			onVM = append(onVM, r.ID)
		} else {
			lowered++
		}
	}
	t.Logf("default rules: %d lowered, %d on the VM %v", lowered, len(onVM), onVM)
	// Every default rule is lowered, the campaign's unit rules included
	// (their builtins are folded or lowered: lower_campaign.go).
	assert.Empty(t, onVM, "default rules that run on the VM")
	assert.Equal(t, len(rs.rules)-len(onVM), lowered)
}
