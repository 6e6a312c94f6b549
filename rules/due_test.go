package rules

import (
	"context"
	"strings"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// dueRules: one rule whose evidence shows the committed due date, one that
// needs no due date; {cond} is where a test puts a condition.
const dueRules = `xiaoneng: 1
jurisdiction: {id: due}
rules:
  - id: d.due
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 期限, en: Due}
    when: "{cond}"
    evidence:
      due: case.workdays.committed_due
    message: {zh-Hans: "{due} 到期", en: "due on {due}"}
  - id: d.plain
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 已收件, en: Received}
    when: case.received
    message: {zh-Hans: 已收件, en: received}
`

func dueCase(id string, received efficiency.Date) efficiency.Case {
	c := receivedCase(id, received.Start(sh).Add(9*60*60e9))
	c.Matter.CommittedDays = 10
	return c
}

// TestDueDatesWhenNeeded: when no condition reads the due dates, a case's
// are computed only for the findings whose evidence shows them, and are
// the same as when a condition reads them (computed for every case). A due
// date the calendar cannot reach (in a year it has no schedule for) then
// fails only the findings that show it, not the whole case.
func TestDueDatesWhenNeeded(t *testing.T) {
	lazy := mustParse(t, strings.Replace(dueRules, "{cond}", "case.workdays.started", 1))
	eager := mustParse(t, strings.Replace(dueRules, "{cond}", "case.workdays.started && case.workdays.committed_due.Year() > 2000", 1))
	require.False(t, lazy.caseDueEager)
	require.True(t, eager.caseDueEager)

	inside := dueCase("c-oct", efficiency.NewDate(2026, 9, 28)) // ten working days across National Day
	at := efficiency.NewDate(2026, 10, 9).Start(sh).Add(12 * 60 * 60e9)
	for _, rs := range []*RuleSet{lazy, eager} {
		r, err := rs.Evaluate(context.Background(), &efficiency.Facts{Cases: []efficiency.Case{inside}}, at)
		require.NoError(t, err)
		require.Empty(t, r.Errors)
		require.Len(t, r.Findings, 2)
		assert.Equal(t, "d.due", r.Findings[0].Rule)
		assert.Equal(t, "due on 2026-10-16", r.Findings[0].Message.En, "eager %v", rs.caseDueEager) // 28 Sep + 10 working days: 29, 30 Sep, 8, 9, 10 (a make-up day), 12-16 Oct
	}

	// received on 24 December 2026: ten working days end in 2027, a year
	// the built-in calendar has no schedule for
	late := dueCase("c-dec", efficiency.NewDate(2026, 12, 24))
	at = efficiency.NewDate(2026, 12, 30).Start(sh).Add(12 * 60 * 60e9)
	r, err := lazy.Evaluate(context.Background(), &efficiency.Facts{Cases: []efficiency.Case{late}}, at)
	require.NoError(t, err)
	assert.Equal(t, 1, r.Evaluated[efficiency.CaseSubject], "the case is evaluated")
	require.Len(t, r.Findings, 1)
	assert.Equal(t, "d.plain", r.Findings[0].Rule)
	require.Len(t, r.Errors, 1)
	assert.Equal(t, "d.due", r.Errors[0].Rule)
	assert.Contains(t, r.Errors[0].Message.En, "could not compute the due dates: efficiency: 2027-")
	assert.Contains(t, r.Errors[0].Message.ZhHans, "无法计算期限日期：2027-")
	assert.Contains(t, r.Errors[0].Message.ZhHans, "不在日历已收录的年份")

	// a condition reading the due date needs it for every case: the case
	// cannot be derived
	r, err = eager.Evaluate(context.Background(), &efficiency.Facts{Cases: []efficiency.Case{late}}, at)
	require.NoError(t, err)
	assert.Zero(t, r.Evaluated[efficiency.CaseSubject])
	require.Len(t, r.Errors, 1)
	assert.Equal(t, "", r.Errors[0].Rule)
	assert.Contains(t, r.Errors[0].Message.En, "could not derive the facts")
}

func TestReadsDue(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{"case.workdays.elapsed > 3", false},
		{"case.workdays.committed_due < at", true},
		{"case.workdays.statutory_due.Year() == 2026", true},
		{"case.workdays", true},
		{"case", true},
		{"case.workdays.started && case.workdays.committed_limit > 0", false},
		{`case.workdays["committed_due"] < at`, true},
		{"case.id + case.unit", false},
		{"any(case.officials, # == case.responsible)", false},
	}
	for _, tt := range tests {
		prog, err := expr.Compile(tt.src, expr.Env(CaseEnv{}))
		require.NoError(t, err, tt.src)
		assert.Equal(t, tt.want, readsDue(prog), "readsDue(%s)", tt.src)
	}
}
