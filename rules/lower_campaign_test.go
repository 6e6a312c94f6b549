package rules

import (
	"fmt"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// campaignUnitEnvs are units at several moments of the default campaign:
// before and after each due date, with nothing, some or everything
// submitted (on time or late), leading key measures or not.
func campaignUnitEnvs() []*UnitEnv {
	var out []*UnitEnv
	day := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 10, 0, 0, 0, sh) }
	ats := []time.Time{day(8, 20), day(9, 25), day(9, 30), day(10, 8), day(10, 20), day(11, 26), day(11, 30),
		day(12, 1), day(12, 28), day(12, 31), time.Date(2027, 1, 5, 9, 0, 0, 0, sh)}
	submissions := []map[string]time.Time{
		nil,
		{"implementation-plan": day(9, 20)},
		{"implementation-plan": day(10, 9), "measure-report:education": day(11, 20)},
		{"implementation-plan": day(9, 1), "rectification-report": day(11, 1), "look-back": day(12, 1),
			"measure-report:education": day(12, 5), "measure-report:rules-and-supervision": day(11, 2)},
	}
	measures := [][]string{nil, {"education"}, {"education", "rules-and-supervision"}, {"no-such-measure"}}
	for i, at := range ats {
		for j, sub := range submissions {
			for k, ms := range measures {
				u := UnitFacts{ID: fmt.Sprintf("u%d-%d-%d", i, j, k), Key: (i+j+k)%2 == 0, Submitted: sub, Measures: ms,
					LeadingGroup: j > 0, Office: j > 1, LeadingGroupAt: day(9, 10+j), OfficeAt: day(9, 20+5*j)}
				out = append(out, &UnitEnv{Unit: u, At: at})
			}
		}
	}
	return out
}

// TestLoweredCampaignAgreesWithVM: every default unit rule (they call the
// campaign builtins) and conditions across the campaign builtins give the
// same value, or both fail, lowered and on the VM.
func TestLoweredCampaignAgreesWithVM(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	require.NotNil(t, rs.campaign)
	envs := campaignUnitEnvs()
	check := func(name string, prog *vm.Program, low fn[bool]) {
		t.Helper()
		require.NotNil(t, low, "%s is not lowered", name)
		fired := 0
		for _, env := range envs {
			out, slowErr := vm.Run(prog, env)
			fast, ok := low(unsafe.Pointer(env))
			if slowErr != nil {
				assert.False(t, ok, "%s on %s: the VM fails (%v), lowered = %v", name, env.Unit.ID, slowErr, fast)
				continue
			}
			if !assert.True(t, ok, "%s on %s: lowered fails, VM = %v", name, env.Unit.ID, out) {
				continue
			}
			assert.Equal(t, out, fast, "lowered(%s) on %s at %s = %v, VM = %v", name, env.Unit.ID, env.At, fast, out)
			if fast {
				fired++
			}
		}
		t.Logf("%s: fires on %d of %d units", name, fired, len(envs))
	}
	for _, r := range rs.byKind[efficiency.UnitSubject] {
		check(r.ID, r.when, r.lowered)
	}

	opts := append([]expr.Option{expr.Env(UnitEnv{}), expr.AsBool()}, append(builtins(rs.cal), campaignBuiltins(rs.campaign)...)...)
	for _, code := range []string{
		`phase(at) == "rectification"`,
		`phase(at) == "" || phase(at) == "mobilization"`,
		`at >= phase_start("consolidation") && at <= phase_end(phase(at) == "" ? "consolidation" : phase(at))`,
		`phase_start(unit.id) < at`, // an unknown phase at run time: both fail
		`due("measure-report:" + unit.id) < at`,
		`due(unit.id) < at`,
		`all(unit.measures, submitted_by(unit, "measure-report:" + #, at))`,
		`none(unit.measures, # == "education") && unit.key`,
		`any(unit.measures, due("measure-report:" + #) > at)`,
		`submitted_by(unit, unit.id, at) || submitted_by(unit, "look-back", at)`,
		`any(unit.measures, len(#) > 10 && workdays(at, due("measure-report:" + #)) < 30)`,
	} {
		prog, err := expr.Compile(code, opts...)
		require.NoError(t, err, code)
		check(code, prog, lowerConditionIn(prog, UnitEnv{}, rs.cal, rs.campaign))
	}
}

// TestCampaignCallsFolded: calls with literal arguments are folded to
// constants at compile time.
func TestCampaignCallsFolded(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	l := &lowerer{env: reflect.TypeOf(UnitEnv{}), cal: rs.cal, loc: rs.cal.Location(), camp: rs.campaign}
	opts := append([]expr.Option{expr.Env(UnitEnv{})}, append(builtins(rs.cal), campaignBuiltins(rs.campaign)...)...)
	for code, want := range map[string]time.Time{
		`phase_end("mobilization")`:       time.Date(2026, 9, 30, 23, 59, 59, 999999999, sh),
		`due("implementation-plan")`:      time.Date(2026, 9, 30, 23, 59, 59, 999999999, sh),
		`due("measure-report:education")`: time.Date(2026, 11, 30, 23, 59, 59, 999999999, sh),
	} {
		prog, err := expr.Compile(code, opts...)
		require.NoError(t, err, code)
		v, ok := l.lower(prog.Node())
		require.True(t, ok, code)
		c, isConst := v.c.(time.Time)
		require.True(t, isConst, "%s is not folded", code)
		assert.True(t, c.Equal(want), "%s = %v, want %v", code, c, want)
	}
}

// TestLoweredEvidenceAgreesWithVM: every default rule's evidence that is
// lowered gives the VM's value, of the same Go type, on the benchmark's cases
// and on units across the campaign; and most evidence is lowered.
func TestLoweredEvidenceAgreesWithVM(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	at := time.Date(2026, 10, 20, 10, 0, 0, 0, sh)
	d := newDeriver(rs.cal, at)
	var caseEnvs []*CaseEnv
	cases := benchCases(60)
	for i := range cases {
		caseEnvs = append(caseEnvs, &CaseEnv{Case: d.caseFacts(&cases[i]), At: at})
	}
	envs := map[efficiency.SubjectKind][]any{}
	for _, e := range caseEnvs {
		envs[efficiency.CaseSubject] = append(envs[efficiency.CaseSubject], e)
	}
	orders := benchOrders(40)
	for i := range orders {
		d.err = nil
		envs[efficiency.OrderSubject] = append(envs[efficiency.OrderSubject], &OrderEnv{Order: d.orderFacts(&orders[i]), At: at})
	}
	complaints := benchComplaints(40)
	for i := range complaints {
		d.err = nil
		envs[efficiency.ComplaintSubject] = append(envs[efficiency.ComplaintSubject], &ComplaintEnv{Complaint: d.complaintFacts(&complaints[i]), At: at})
	}
	for _, e := range campaignUnitEnvs() {
		envs[efficiency.UnitSubject] = append(envs[efficiency.UnitSubject], e)
	}
	lowered, total := 0, 0
	for _, r := range rs.rules {
		for _, ev := range r.evidence {
			total++
			if ev.lowered == nil {
				t.Logf("on the VM: %s evidence %s", r.ID, ev.name)
				continue
			}
			lowered++
			for _, env := range envs[r.On] {
				want, vmErr := vm.Run(ev.prog, env)
				got, ok := ev.lowered(envPointer(env, r.On))
				if vmErr != nil {
					assert.False(t, ok, "%s evidence %s: the VM fails (%v), lowered = %v", r.ID, ev.name, vmErr, got)
					continue
				}
				if assert.True(t, ok, "%s evidence %s: lowered fails, VM = %v", r.ID, ev.name, want) {
					want = normalise(want, rs.cal.Location()) // lowered evidence gives normalised values
					assert.Equal(t, want, got, "%s evidence %s: lowered = %#v, VM = %#v", r.ID, ev.name, got, want)
				}
			}
		}
	}
	t.Logf("default evidence: %d of %d lowered", lowered, total)
	assert.Greater(t, lowered, total*3/4, "most default evidence is lowered")
}
