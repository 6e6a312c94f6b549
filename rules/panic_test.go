package rules

import (
	"context"
	"testing"
	"unsafe"

	"github.com/expr-lang/expr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

const panicRules = `xiaoneng: 1
jurisdiction: {id: panic}
rules:
  - id: fires
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 收件, en: Received}
    when: case.received
    message: {zh-Hans: 收件, en: received}
  - id: boom
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 炸, en: Boom}
    when: case.received
    message: {zh-Hans: 炸, en: boom}
`

// TestPanicBecomesSubjectError: a rule that panics (in a builtin the VM
// calls, or in its condition lowered to Go closures) becomes that rule's
// error on the subject it panicked on; the subject's other rules and the
// rest of the batch are evaluated, and every subject is accounted for.
func TestPanicBecomesSubjectError(t *testing.T) {
	panicking := func(p ...any) (any, error) {
		if p[0].(string) == "c2" {
			panic("builtin exploded")
		}
		return true, nil
	}
	tests := []struct {
		name   string
		inject func(t *testing.T, r *Rule)
		msg    string
	}{
		{"builtin in the VM", func(t *testing.T, r *Rule) {
			prog, err := expr.Compile(`boom(case.id)`, expr.Env(CaseEnv{}), expr.AsBool(),
				expr.Function("boom", panicking, new(func(string) bool)))
			require.NoError(t, err)
			r.when, r.lowered, r.batch = prog, nil, nil
		}, "builtin exploded"},
		{"lowered condition", func(t *testing.T, r *Rule) {
			r.lowered = func(env unsafe.Pointer) (bool, bool) {
				if (*CaseEnv)(env).Case.ID == "c2" {
					panic("lowered exploded")
				}
				return true, true
			}
			r.batch = perSubject(r.lowered) // the batch panics, then each subject runs alone
		}, "internal error: lowered exploded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := mustParse(t, panicRules)
			var boom *Rule
			for _, r := range rs.byKind[efficiency.CaseSubject] {
				if r.ID == "boom" {
					boom = r
				}
			}
			require.NotNil(t, boom)
			tt.inject(t, boom)
			facts := &efficiency.Facts{Cases: []efficiency.Case{
				receivedCase("c1", at(2026, 9, 30, 9)), receivedCase("c2", at(2026, 9, 30, 9)), receivedCase("c3", at(2026, 9, 30, 9))}}
			var r *efficiency.Report
			var err error
			require.NotPanics(t, func() { r, err = rs.Evaluate(context.Background(), facts, at(2026, 10, 9, 12)) })
			require.NoError(t, err)
			assert.Equal(t, 3, r.Evaluated[efficiency.CaseSubject], "Evaluate(%s): every case is evaluated", tt.name)
			require.Len(t, r.Errors, 1, "Evaluate(%s) errors = %v, want one", tt.name, r.Errors)
			e := r.Errors[0]
			assert.Equal(t, "boom", e.Rule)
			assert.Equal(t, efficiency.SubjectRef{Kind: efficiency.CaseSubject, ID: "c2"}, e.Subject)
			assert.Contains(t, e.Message.En, tt.msg)
			assert.NotEmpty(t, e.Message.ZhHans)
			var got []string
			for _, f := range r.Findings {
				got = append(got, f.ID)
			}
			assert.Equal(t, []string{"boom@case:c1", "fires@case:c1", "fires@case:c2", "boom@case:c3", "fires@case:c3"}, got,
				"Evaluate(%s) findings = %v", tt.name, got)
		})
	}
}

// TestSafeDeriveRecovers: a derivation that panics returns the subject's
// error and the zero facts, and the deriver is usable for the next subject.
func TestSafeDeriveRecovers(t *testing.T) {
	d := newDeriver(efficiency.DefaultCalendar(), at(2026, 10, 9, 12))
	out, err := safeDerive(d, func() CaseFacts { panic("derive exploded") })
	require.Error(t, err)
	assert.Equal(t, "internal error: derive exploded", err.Error())
	assert.Equal(t, CaseFacts{}, out)
	out, err = safeDerive(d, func() CaseFacts { return CaseFacts{ID: "next"} })
	require.NoError(t, err)
	assert.Equal(t, "next", out.ID)
}
