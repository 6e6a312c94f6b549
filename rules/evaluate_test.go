package rules

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

var sh = efficiency.ShanghaiZone()

func at(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, sh) }

const engineRules = `xiaoneng: 1
jurisdiction: {id: t}
rules:
  - id: t.divide
    on: case
    prohibition: P3
    severity: minor
    title: {zh-Hans: 除, en: Divide}
    when: case.fees.total_fen % case.fees.count == 0
    message: {zh-Hans: 除, en: divide}
  - id: t.received
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 收件, en: Received}
    when: case.received
    evidence:
      when: case.received_at
      days: case.workdays.elapsed
    message: {zh-Hans: "{subject} 于 {when} 收件，已用 {days} 日", en: "{subject} received {when}, {days} days used"}
  - id: t.evidence-fails
    on: order
    prohibition: P1
    severity: minor
    title: {zh-Hans: 证据, en: Evidence}
    when: order.overdue
    evidence:
      bad: order.days_late % 0
    message: {zh-Hans: 证据, en: evidence}
`

func mustParse(t testing.TB, src string) *RuleSet {
	t.Helper()
	rs, err := Parse("test.yaml", []byte(src))
	require.NoError(t, err)
	return rs
}

func receivedCase(id string, received time.Time) efficiency.Case {
	return efficiency.Case{ID: id, Unit: "u", Matter: efficiency.Matter{Code: "m", StatutoryDays: 20},
		Events: []efficiency.Event{{Kind: efficiency.Receipt, At: received}}}
}

func TestEvaluateRunTimeErrorIsReportedAndOthersRun(t *testing.T) {
	rs := mustParse(t, engineRules)
	facts := &efficiency.Facts{
		Cases:  []efficiency.Case{receivedCase("c1", at(2026, 9, 30, 9))},
		Orders: []efficiency.Order{{ID: "o1", Issuer: "gov", Assignee: "u", Issued: at(2026, 9, 1, 9), Due: at(2026, 9, 10, 18)}},
	}
	r, err := rs.Evaluate(context.Background(), facts, at(2026, 10, 9, 12))
	require.NoError(t, err)
	require.Len(t, r.Findings, 1, "Evaluate findings = %v", r.Findings)
	f := r.Findings[0]
	assert.Equal(t, "t.received", f.Rule)
	assert.Equal(t, "c1 于 2026-09-30 09:00 收件，已用 2 日", f.Message.ZhHans)
	assert.Equal(t, "c1 received 2026-09-30 09:00, 2 days used", f.Message.En)
	assert.Equal(t, "t.received@case:c1", f.ID)
	require.Len(t, r.Errors, 2, "Evaluate errors = %v", r.Errors)
	assert.Equal(t, "t.divide", r.Errors[0].Rule)
	assert.Contains(t, r.Errors[0].Message.En, "integer divide by zero")
	assert.Contains(t, r.Errors[0].Message.ZhHans, "运行时错误")
	assert.Equal(t, "t.evidence-fails", r.Errors[1].Rule)
	assert.Contains(t, r.Errors[1].Message.En, `evidence "bad"`)
}

func TestEvaluateIgnoresEventsAfterAt(t *testing.T) {
	rs := mustParse(t, engineRules)
	c := receivedCase("c1", at(2026, 10, 12, 9))
	r, err := rs.Evaluate(context.Background(), &efficiency.Facts{Cases: []efficiency.Case{c}}, at(2026, 10, 9, 12))
	require.NoError(t, err)
	assert.Empty(t, r.Findings, "a receipt after at must not count")
}

func TestEvaluateInvalidFactsAreReportedAndSkipped(t *testing.T) {
	rs := mustParse(t, engineRules)
	bad := receivedCase("bad", at(2026, 9, 30, 9))
	bad.Events = append(bad.Events, efficiency.Event{Kind: efficiency.Completion, At: at(2026, 9, 29, 9)})
	dup := receivedCase("c1", at(2026, 9, 30, 9))
	facts := &efficiency.Facts{Cases: []efficiency.Case{receivedCase("c1", at(2026, 9, 30, 9)), bad, dup}}
	r, err := rs.Evaluate(context.Background(), facts, at(2026, 10, 9, 12))
	require.NoError(t, err)
	require.Len(t, r.Findings, 1)
	assert.Equal(t, "c1", r.Findings[0].Subject.ID)
	assert.Equal(t, 1, r.Evaluated[efficiency.CaseSubject])
	require.Len(t, r.Invalid, 3, "invalid = %v", r.Invalid)
	assert.Equal(t, "bad", r.Invalid[0].Subject.ID)
	assert.Equal(t, "events[1].at", r.Invalid[0].Field)
	assert.Equal(t, "events", r.Invalid[1].Field)
	assert.Contains(t, r.Invalid[1].Message.En, "completion (2026-09-29T09:00:00+08:00) precedes receipt")
	assert.Equal(t, "c1", r.Invalid[2].Subject.ID)
	assert.Contains(t, r.Invalid[2].Message.En, "duplicate id")
}

func TestEvaluateOutsideCalendarIsAnErrorNotAGuess(t *testing.T) {
	rs := mustParse(t, engineRules)
	c := receivedCase("c2028", at(2028, 3, 1, 9))
	r, err := rs.Evaluate(context.Background(), &efficiency.Facts{Cases: []efficiency.Case{c}}, at(2028, 3, 10, 9))
	require.NoError(t, err)
	assert.Empty(t, r.Findings)
	require.Len(t, r.Errors, 1)
	assert.Equal(t, "", r.Errors[0].Rule)
	assert.Contains(t, r.Errors[0].Message.En, "outside the calendar's known years")
	assert.Contains(t, r.Errors[0].Message.ZhHans, "无法计算派生事实")
}

func TestEvaluateFileCalendarYearAndZone(t *testing.T) {
	rs, err := Load(os.DirFS("testdata"), "full.good.yaml")
	require.NoError(t, err)
	assert.Equal(t, []int{2025, 2026, 2027}, rs.Calendar().Years())
	// 2027-01-01 is a holiday, 2027-01-02 (Sat) a make-up working day.
	c := receivedCase("c", at(2026, 12, 31, 9))
	c.Matter.CommittedDays = 4
	r, err := rs.Evaluate(context.Background(), &efficiency.Facts{Cases: []efficiency.Case{c}}, at(2027, 1, 4, 9))
	require.NoError(t, err)
	require.Len(t, r.Warnings, 1, "warnings = %v, errors = %v", r.Warnings, r.Errors)
	w := r.Warnings[0]
	assert.Equal(t, "B.ratio", w.Rule)
	assert.True(t, w.Warning)
	assert.Equal(t, efficiency.Efficiency, w.Improvement)
	assert.Equal(t, []efficiency.Evidence{
		{Name: "elapsed", Value: 2},
		{Name: "due", Value: time.Date(2027, 1, 7, 0, 0, 0, 0, rs.Jurisdiction().Zone).Add(-time.Nanosecond)}, // 1/2 (make-up), 1/4, 1/5, 1/6
		{Name: "where", Value: "乙区"},
	}, w.Evidence)
	assert.Equal(t, "乙区：已用 2 日，{注意}", w.Message.ZhHans)
	assert.Equal(t, "乙区: 2 used, {note}", w.Message.En)
}

func TestEvaluateIsDeterministic(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	facts := &efficiency.Facts{}
	for _, id := range []string{"z", "a", "m"} {
		c := receivedCase(id, at(2026, 9, 1, 9))
		c.Matter.CommittedDays = 5
		facts.Cases = append(facts.Cases, c)
	}
	r1, err := rs.Evaluate(context.Background(), facts, at(2026, 10, 20, 9))
	require.NoError(t, err)
	r2, err := rs.Evaluate(context.Background(), facts, at(2026, 10, 20, 9))
	require.NoError(t, err)
	b1, _ := json.Marshal(r1)
	b2, _ := json.Marshal(r2)
	assert.Equal(t, string(b1), string(b2))
	require.NotEmpty(t, r1.Findings)
	assert.Equal(t, "a", r1.Findings[0].Subject.ID, "findings are sorted by subject")
}

func TestEvaluateCancelled(t *testing.T) {
	rs := mustParse(t, engineRules)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := rs.Evaluate(ctx, &efficiency.Facts{Cases: []efficiency.Case{receivedCase("c1", at(2026, 9, 30, 9))}}, at(2026, 10, 9, 12))
	require.True(t, errors.Is(err, context.Canceled), "Evaluate(cancelled) error = %v", err)
	require.NotNil(t, r, "a cancelled evaluation still returns what it finished")
	assert.Empty(t, r.Findings)
}

// TestEvaluateNeedsTime: every way to evaluate refuses a zero time with
// ErrNoTime, in both languages.
func TestEvaluateNeedsTime(t *testing.T) {
	rs := mustParse(t, engineRules)
	_, err := rs.Evaluate(context.Background(), nil, time.Time{})
	require.ErrorIs(t, err, ErrNoTime)
	_, err = rs.NewEvaluator().Evaluate(context.Background(), nil, time.Time{})
	require.ErrorIs(t, err, ErrNoTime)
	_, err = rs.NewStream(time.Time{})
	require.ErrorIs(t, err, ErrNoTime)
	var zh interface{ MessageZh() string }
	require.ErrorAs(t, err, &zh)
	assert.Contains(t, zh.MessageZh(), "评估时间")
	assert.Contains(t, err.Error(), "evaluation time")
}

func TestEvaluateConcurrently(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	facts := &efficiency.Facts{Cases: []efficiency.Case{receivedCase("c", at(2026, 9, 1, 9))}}
	want, err := rs.Evaluate(context.Background(), facts, at(2026, 10, 20, 9))
	require.NoError(t, err)
	wantJSON, _ := json.Marshal(want)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Go(func() {
			for range 20 {
				got, err := rs.Evaluate(context.Background(), facts, at(2026, 10, 20, 9))
				if err != nil {
					errs <- err.Error()
					return
				}
				b, _ := json.Marshal(got)
				if string(b) != string(wantJSON) {
					errs <- "concurrent evaluation differs: " + string(b)
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

func TestNextCheck(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	c := receivedCase("c", at(2026, 9, 30, 9))
	o := efficiency.Order{ID: "o", Issuer: "gov", Assignee: "u", Issued: at(2026, 9, 1, 9), Due: at(2026, 10, 15, 18)}
	r, err := rs.Evaluate(context.Background(), &efficiency.Facts{Cases: []efficiency.Case{c}, Orders: []efficiency.Order{o}}, at(2026, 9, 30, 12))
	require.NoError(t, err)
	require.Len(t, r.Next, 2)
	// The case's count next changes when 2026-10-08 starts (10/1–10/7 is the holiday).
	assert.Equal(t, at(2026, 10, 8, 0), r.Next[0].At)
	assert.Equal(t, o.Due.Add(time.Nanosecond), r.Next[1].At)
}

// TestOccurrenceKeysRepeatedFindings: a rule that keys its occurrences gives
// a new finding ID in each month, so the ledger decides the breach again,
// while the same month's finding keeps its ID.
func TestOccurrenceKeysRepeatedFindings(t *testing.T) {
	rs := mustParse(t, `xiaoneng: 1
jurisdiction: {id: t}
rules:
  - id: t.monthly
    on: unit
    system: S7
    severity: minor
    title: {zh-Hans: 每月, en: Monthly}
    when: "true"
    occurrence: month(at)
    message: {zh-Hans: 月, en: month}
  - id: t.once
    on: unit
    system: S7
    severity: minor
    title: {zh-Hans: 一次, en: Once}
    when: "true"
    message: {zh-Hans: 次, en: once}
`)
	facts := &efficiency.Facts{Units: []efficiency.Unit{{ID: "u", Kind: efficiency.MunicipalUnit}}}
	ids := func(at time.Time) []string {
		r, err := rs.Evaluate(context.Background(), facts, at)
		require.NoError(t, err)
		var out []string
		for _, f := range r.Findings {
			out = append(out, f.ID)
		}
		return out
	}
	// 2026-10-31 23:30 in Shanghai is still October, though UTC says the same day.
	assert.Equal(t, []string{"t.monthly@unit:u#2026-10", "t.once@unit:u"}, ids(time.Date(2026, 10, 31, 23, 30, 0, 0, sh)))
	assert.Equal(t, []string{"t.monthly@unit:u#2026-11", "t.once@unit:u"}, ids(time.Date(2026, 10, 31, 16, 30, 0, 0, time.UTC)),
		"16:30 UTC on 31 October is 00:30 on 1 November in Shanghai")

	_, err := Parse("t.yaml", []byte(`xiaoneng: 1
jurisdiction: {id: t}
rules:
  - id: t.bad
    on: unit
    system: S7
    severity: minor
    title: {zh-Hans: 坏, en: Bad}
    when: "true"
    occurrence: unit.cases
    message: {zh-Hans: 坏, en: bad}
`))
	require.Error(t, err)
	assert.Equal(t, `t.yaml:10:17: rule "t.bad": occurrence must be a string, not int`, err.Error())
}
