package rules_test

// Tests of the city's default rule set (city.yaml): every rule is shown
// firing and not firing at its boundaries, in working days of the State
// Council's calendar. TestCityEveryRuleHasCases fails when a rule has no
// firing or no non-firing case, so a rule added later without tests fails CI.

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// cityCase is one evaluation of the default rule set.
type cityCase struct {
	name string
	// rule is the rule the case is about: the case shows it firing when the
	// rule is among findings or warnings, and not firing otherwise.
	rule  string
	facts *efficiency.Facts
	at    time.Time
	// findings and warnings are the ids ("rule@kind:subject") of every
	// finding and warning expected, in any order.
	findings []string
	warnings []string
	// evidence and messages, by finding id, are checked exactly when given.
	evidence map[string][]efficiency.Evidence
	messages map[string]efficiency.Text
}

func runCityCases(t *testing.T, cases []cityCase) {
	t.Helper()
	rs := city(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			rep, err := rs.Evaluate(context.Background(), c.facts, c.at)
			require.NoError(t, err, "Evaluate(%s)", c.name)
			assert.Empty(t, rep.Errors, "Evaluate(%s).Errors = %v, want none", c.name, rep.Errors)
			assert.Empty(t, rep.Invalid, "Evaluate(%s).Invalid = %v, want none", c.name, rep.Invalid)

			got, want := findingIDs(rep.Findings), sortedCopy(c.findings)
			assert.Equal(t, want, got, "Evaluate(%s) findings = %v, want %v", c.name, got, want)
			got, want = findingIDs(rep.Warnings), sortedCopy(c.warnings)
			assert.Equal(t, want, got, "Evaluate(%s) warnings = %v, want %v", c.name, got, want)
			for _, f := range rep.Findings {
				assert.False(t, f.Warning, "Evaluate(%s): finding %s is marked as a warning", c.name, f.ID)
			}
			for _, f := range rep.Warnings {
				assert.True(t, f.Warning, "Evaluate(%s): warning %s is not marked as one", c.name, f.ID)
			}

			all := slices.Concat(rep.Findings, rep.Warnings)
			byID := func(id string) (efficiency.Finding, bool) {
				i := slices.IndexFunc(all, func(f efficiency.Finding) bool { return f.ID == id })
				if i < 0 {
					return efficiency.Finding{}, false
				}
				return all[i], true
			}
			for id, want := range c.evidence {
				f, ok := byID(id)
				if assert.True(t, ok, "Evaluate(%s): no finding %s to check the evidence of", c.name, id) {
					assert.Equal(t, want, f.Evidence, "Evaluate(%s) %s evidence = %v, want %v", c.name, id, f.Evidence, want)
				}
			}
			for id, want := range c.messages {
				f, ok := byID(id)
				if assert.True(t, ok, "Evaluate(%s): no finding %s to check the message of", c.name, id) {
					assert.Equal(t, want.ZhHans, f.Message.ZhHans, "Evaluate(%s) %s message zh-Hans = %q, want %q", c.name, id, f.Message.ZhHans, want.ZhHans)
					assert.Equal(t, want.En, f.Message.En, "Evaluate(%s) %s message en = %q, want %q", c.name, id, f.Message.En, want.En)
				}
			}
		})
	}
}

// fires reports whether the case expects rule among its findings or warnings.
func (c cityCase) fires(rule string) bool {
	for _, id := range slices.Concat(c.findings, c.warnings) {
		if strings.HasPrefix(id, rule+"@") {
			return true
		}
	}
	return false
}

func allCityCases() []cityCase {
	return slices.Concat(orderCases(), commitmentCases(), statutoryCases(), caseHandlingCases(),
		feeAndConductCases(), systemCases(), complaintCases(), unitCases(), campaignCases())
}

func TestCityOrders(t *testing.T)       { runCityCases(t, orderCases()) }
func TestCityCommitment(t *testing.T)   { runCityCases(t, commitmentCases()) }
func TestCityStatutory(t *testing.T)    { runCityCases(t, statutoryCases()) }
func TestCityCaseHandling(t *testing.T) { runCityCases(t, caseHandlingCases()) }
func TestCityFeesAndConduct(t *testing.T) {
	runCityCases(t, feeAndConductCases())
}
func TestCitySystems(t *testing.T)    { runCityCases(t, systemCases()) }
func TestCityComplaints(t *testing.T) { runCityCases(t, complaintCases()) }
func TestCityUnits(t *testing.T)      { runCityCases(t, unitCases()) }

// TestCityEveryRuleHasCases fails for a rule of the default set without a
// case showing it fire and a case showing it not fire, and for a case about a
// rule the set does not have.
func TestCityEveryRuleHasCases(t *testing.T) {
	rs := city(t)
	cases := allCityCases()
	known := map[string]bool{}
	for _, r := range rs.Rules() {
		known[r.ID] = true
		var firing, quiet int
		for _, c := range cases {
			if c.rule != r.ID {
				continue
			}
			if c.fires(r.ID) {
				firing++
			} else {
				quiet++
			}
		}
		assert.Positive(t, firing, "rule %s (%s:%d) has no test case where it fires", r.ID, r.Source.File, r.Source.Line)
		assert.Positive(t, quiet, "rule %s (%s:%d) has no test case where it does not fire", r.ID, r.Source.File, r.Source.Line)
	}
	names := map[string]bool{}
	for _, c := range cases {
		assert.True(t, known[c.rule], "case %q is about rule %q, which the default set does not have", c.name, c.rule)
		assert.False(t, names[c.name], "case name %q is used twice", c.name)
		names[c.name] = true
		for _, id := range slices.Concat(c.findings, c.warnings) {
			rule, _, _ := strings.Cut(id, "@")
			assert.True(t, known[rule], "case %q expects %s, but the default set has no rule %q", c.name, id, rule)
		}
	}
}

// TestCityCoversProhibitionsAndSystems: the default set has at least one rule
// for each of the four prohibitions and each of the seven systems.
func TestCityCoversProhibitionsAndSystems(t *testing.T) {
	rs := city(t)
	for _, p := range efficiency.Prohibitions() {
		n := 0
		for _, r := range rs.Rules() {
			if r.Prohibition == p {
				n++
			}
		}
		assert.Positive(t, n, "no rule of the default set is under prohibition %s (%s)", p, p.Name().ZhHans)
	}
	for _, s := range efficiency.Systems() {
		n := 0
		for _, r := range rs.Rules() {
			if r.System == s {
				n++
			}
		}
		assert.Positive(t, n, "no rule of the default set is under system %s (%s)", s, s.Name().ZhHans)
	}
}

// ── P1 orders ───────────────────────────────────────────────────────────────

func acked(t time.Time) func(*efficiency.Order) {
	return func(o *efficiency.Order) { o.Acknowledged = t }
}
func completed(t time.Time) func(*efficiency.Order) {
	return func(o *efficiency.Order) { o.Completed = t }
}
func ackDays(n int) func(*efficiency.Order) { return func(o *efficiency.Order) { o.AckDays = n } }
func partial(o *efficiency.Order)           { o.Partial = true }

func orderCases() []cityCase {
	issued := day(2026, 3, 2, 9, 0) // Monday
	due := day(2026, 3, 6, 17, 0)   // Friday
	ack := acked(day(2026, 3, 2, 10, 0))
	far := day(2026, 3, 31, 17, 0)
	const (
		notExecuted = "P1.order.not-executed"
		late        = "P1.order.late"
		notAcked    = "P1.order.not-acknowledged"
		selective   = "P1.order.selective"
		dueSoon     = "P1.order.due-soon"
	)
	id := onOrder
	return []cityCase{
		{
			name: "not-executed/open at the due time", rule: notExecuted,
			facts: batch(order(issued, due, ack)), at: due,
			warnings: id(dueSoon),
		},
		{
			name: "not-executed/open one working day past the due day", rule: notExecuted,
			facts: batch(order(issued, due, ack)), at: day(2026, 3, 9, 17, 0),
			findings: id(notExecuted),
			evidence: map[string][]efficiency.Evidence{id(notExecuted)[0]: evidence("days_late", 1, "due", due)},
			messages: map[string]efficiency.Text{id(notExecuted)[0]: efficiency.T(
				"政令 ord1 已过期限 2026-03-06 17:00，逾期 1 个工作日仍未执行完毕",
				"order ord1 is 1 working days past its due date 2026-03-06 17:00 and not executed")},
		},
		{
			name: "not-executed/completed before the due time", rule: notExecuted,
			facts: batch(order(issued, due, ack, completed(day(2026, 3, 6, 16, 0)))), at: day(2026, 3, 9, 17, 0),
		},
		{
			name: "late/completed at the due time", rule: late,
			facts: batch(order(issued, due, ack, completed(due))), at: day(2026, 3, 10, 9, 0),
		},
		{
			name: "late/completed one working day late", rule: late,
			facts: batch(order(issued, due, ack, completed(day(2026, 3, 9, 10, 0)))), at: day(2026, 3, 10, 9, 0),
			findings: id(late),
			evidence: map[string][]efficiency.Evidence{id(late)[0]: evidence("days_late", 1)},
			messages: map[string]efficiency.Text{id(late)[0]: efficiency.T(
				"政令 ord1 逾期 1 个工作日才执行完毕", "order ord1 was executed 1 working days late")},
		},
		{
			name: "late/a completion after at is ignored", rule: late,
			facts: batch(order(issued, due, ack, completed(day(2026, 3, 9, 10, 0)))), at: day(2026, 3, 6, 12, 0),
			warnings: id(dueSoon),
		},
		{
			name: "not-acknowledged/default limit, 2 working days", rule: notAcked,
			facts: batch(order(issued, far)), at: day(2026, 3, 4, 17, 0),
		},
		{
			name: "not-acknowledged/default limit, 3 working days", rule: notAcked,
			facts: batch(order(issued, far)), at: day(2026, 3, 5, 9, 0),
			findings: id(notAcked),
			evidence: map[string][]efficiency.Evidence{id(notAcked)[0]: evidence("waited", 3, "limit", 2, "acknowledged", false, "status_zh", "仍未签收", "status_en", "still not acknowledged")},
			messages: map[string]efficiency.Text{id(notAcked)[0]: efficiency.T(
				"政令下达 3 个工作日仍未签收（时限 2 个工作日）", "still not acknowledged 3 working days after issue (limit 2)")},
		},
		{
			name: "not-acknowledged/own limit 1, 1 working day", rule: notAcked,
			facts: batch(order(issued, far, ackDays(1))), at: day(2026, 3, 3, 17, 0),
		},
		{
			name: "not-acknowledged/own limit 1, 2 working days", rule: notAcked,
			facts: batch(order(issued, far, ackDays(1))), at: day(2026, 3, 4, 9, 0),
			findings: id(notAcked),
			evidence: map[string][]efficiency.Evidence{id(notAcked)[0]: evidence("waited", 2, "limit", 1, "acknowledged", false, "status_zh", "仍未签收", "status_en", "still not acknowledged")},
		},
		{
			name: "not-acknowledged/own limit 3, 3 working days", rule: notAcked,
			facts: batch(order(issued, far, ackDays(3))), at: day(2026, 3, 5, 17, 0),
		},
		{
			name: "not-acknowledged/own limit 3, 4 working days", rule: notAcked,
			facts: batch(order(issued, far, ackDays(3))), at: day(2026, 3, 6, 9, 0),
			findings: id(notAcked),
			evidence: map[string][]efficiency.Evidence{id(notAcked)[0]: evidence("waited", 4, "limit", 3, "acknowledged", false, "status_zh", "仍未签收", "status_en", "still not acknowledged")},
		},
		{
			// 9/30, then National Day 10/1–10/7: 10/8 and 10/9 are the 1st and 2nd working days.
			name: "not-acknowledged/across National Day, 2 working days on Fri 10-09", rule: notAcked,
			facts: batch(order(day(2026, 9, 30, 9, 0), day(2026, 10, 30, 17, 0))), at: day(2026, 10, 9, 17, 0),
		},
		{
			name: "not-acknowledged/across National Day, 3 working days on make-up Sat 10-10", rule: notAcked,
			facts: batch(order(day(2026, 9, 30, 9, 0), day(2026, 10, 30, 17, 0))), at: day(2026, 10, 10, 9, 0),
			findings: id(notAcked),
			evidence: map[string][]efficiency.Evidence{id(notAcked)[0]: evidence("waited", 3, "limit", 2, "acknowledged", false, "status_zh", "仍未签收", "status_en", "still not acknowledged")},
		},
		{
			name: "not-acknowledged/acknowledged in time", rule: notAcked,
			facts: batch(order(issued, far, acked(day(2026, 3, 4, 16, 0)))), at: day(2026, 3, 10, 9, 0),
		},
		{
			name: "not-acknowledged/acknowledged late", rule: notAcked,
			facts: batch(order(issued, far, acked(day(2026, 3, 6, 16, 0)))), at: day(2026, 3, 10, 9, 0),
			findings: id(notAcked),
			evidence: map[string][]efficiency.Evidence{id(notAcked)[0]: evidence("waited", 4, "limit", 2, "acknowledged", true, "status_zh", "才签收", "status_en", "acknowledged only")},
		},
		{
			name: "selective/partial and completed", rule: selective,
			facts: batch(order(issued, due, ack, partial, completed(day(2026, 3, 5, 16, 0)))), at: day(2026, 3, 9, 9, 0),
			findings: id(selective),
			messages: map[string]efficiency.Text{id(selective)[0]: efficiency.T(
				"政令 ord1 仅部分执行、选择性执行", "order ord1 was executed only in part")},
		},
		{
			name: "selective/partial, not yet completed", rule: selective,
			facts: batch(order(issued, due, ack, partial)), at: day(2026, 3, 3, 9, 0),
		},
		{
			name: "selective/completed in full", rule: selective,
			facts: batch(order(issued, due, ack, completed(day(2026, 3, 5, 16, 0)))), at: day(2026, 3, 9, 9, 0),
		},
		{
			name: "due-soon/3 working days left", rule: dueSoon,
			facts: batch(order(issued, day(2026, 3, 13, 17, 0), ack)), at: day(2026, 3, 10, 9, 0),
		},
		{
			name: "due-soon/2 working days left", rule: dueSoon,
			facts: batch(order(issued, day(2026, 3, 13, 17, 0), ack)), at: day(2026, 3, 11, 9, 0),
			warnings: id(dueSoon),
			evidence: map[string][]efficiency.Evidence{id(dueSoon)[0]: evidence("due", day(2026, 3, 13, 17, 0), "remaining", 2)},
			messages: map[string]efficiency.Text{id(dueSoon)[0]: efficiency.T(
				"政令 ord1 将于 2026-03-13 17:00 到期，剩余 2 个工作日",
				"order ord1 falls due on 2026-03-13 17:00; working days left: 2")},
		},
		{
			name: "due-soon/completed", rule: dueSoon,
			facts: batch(order(issued, day(2026, 3, 13, 17, 0), ack, completed(day(2026, 3, 10, 9, 0)))), at: day(2026, 3, 11, 9, 0),
		},
	}
}

// ── P2 / S3 committed limits and the working-day calendar ────────────────────

func commitmentCases() []cityCase {
	const (
		overdue = "P2.commitment.overdue"
		warning = "P2.commitment.warning"
	)
	// received and accepted on Wed 2026-09-30 with a 3-working-day commitment:
	// 10/1–10/7 are National Day, so it is due on the make-up Saturday 10/10.
	nd := func(events ...efficiency.Event) *caseB {
		return newCase(slices.Concat([]efficiency.Event{
			receipt(day(2026, 9, 30, 9, 0)), acceptance(day(2026, 9, 30, 10, 0))}, events)...).committed(3)
	}
	// a 10-working-day commitment from Mon 2026-03-02: due Mon 3/16.
	ten := func(events ...efficiency.Event) *caseB {
		return newCase(slices.Concat([]efficiency.Event{receipt(day(2026, 3, 2, 9, 0))}, events)...)
	}
	// a case received on the given day and completed on another, with a commitment of n.
	span := func(received, done time.Time, n int) *efficiency.Facts {
		return batch(newCase(receipt(received), completion(done)).committed(n))
	}
	over := func(n, elapsed, limit int) map[string][]efficiency.Evidence {
		return map[string][]efficiency.Evidence{onCase(overdue)[0]: evidence("overdue", n, "elapsed", elapsed, "limit", limit)}
	}
	return []cityCase{
		{
			name: "National Day 2026/completed on the due day, make-up Sat 10-10", rule: overdue,
			facts: batch(nd(completion(day(2026, 10, 10, 15, 0)))), at: day(2026, 10, 12, 9, 0),
		},
		{
			name: "National Day 2026/completed on Mon 10-12, the next working day", rule: overdue,
			facts: batch(nd(completion(day(2026, 10, 12, 15, 0)))), at: day(2026, 10, 12, 18, 0),
			findings: onCase(overdue),
			evidence: over(1, 4, 3),
			messages: map[string]efficiency.Text{onCase(overdue)[0]: efficiency.T(
				"已用 4 个工作日，超承诺时限（3 个工作日）1 个工作日",
				"4 working days used, 1 past the committed limit of 3")},
		},
		{
			name: "National Day 2026/open on the due day Sat 10-10", rule: overdue,
			facts: batch(nd()), at: day(2026, 10, 10, 10, 0),
			warnings: onCase(warning),
			evidence: map[string][]efficiency.Evidence{onCase(warning)[0]: evidence("remaining", 0, "due", endOf(2026, 10, 10))},
			messages: map[string]efficiency.Text{onCase(warning)[0]: efficiency.T(
				"承诺时限将于 2026-10-10 届满，剩余 0 个工作日", "the committed limit ends on 2026-10-10; working days left: 0")},
		},
		{
			name: "National Day 2026/open on Sun 10-11, not a working day", rule: overdue,
			facts: batch(nd()), at: day(2026, 10, 11, 10, 0),
			warnings: onCase(warning),
		},
		{
			name: "National Day 2026/open on Mon 10-12", rule: overdue,
			facts: batch(nd()), at: day(2026, 10, 12, 10, 0),
			findings: onCase(overdue),
			evidence: over(1, 4, 3),
		},
		{
			name: "National Day 2026/open on Fri 10-09, 2 of 3 used", rule: warning,
			facts: batch(nd()), at: day(2026, 10, 9, 10, 0),
		},
		{
			name: "National Day 2026/a completion after at is ignored", rule: overdue,
			facts: batch(nd(completion(day(2026, 10, 12, 15, 0)))), at: day(2026, 10, 10, 10, 0),
			warnings: onCase(warning),
		},
		{
			name: "National Day 2025/completed on make-up Sat 10-11", rule: overdue,
			facts: span(day(2025, 9, 30, 9, 0), day(2025, 10, 11, 15, 0), 3), at: day(2025, 10, 13, 18, 0),
		},
		{
			name: "National Day 2025/completed on Mon 10-13", rule: overdue,
			facts: span(day(2025, 9, 30, 9, 0), day(2025, 10, 13, 15, 0), 3), at: day(2025, 10, 13, 18, 0),
			findings: onCase(overdue),
			evidence: over(1, 4, 3),
		},
		{
			name: "National Day 2025/completed on make-up Sun 09-28", rule: overdue,
			facts: span(day(2025, 9, 26, 9, 0), day(2025, 9, 28, 15, 0), 1), at: day(2025, 9, 29, 18, 0),
		},
		{
			name: "National Day 2025/completed on Mon 09-29 after make-up Sun 09-28", rule: overdue,
			facts: span(day(2025, 9, 26, 9, 0), day(2025, 9, 29, 15, 0), 1), at: day(2025, 9, 29, 18, 0),
			findings: onCase(overdue),
			evidence: over(1, 2, 1),
		},
		{
			name: "National Day 2026/completed on Mon 09-21 after make-up Sun 09-20", rule: overdue,
			facts: span(day(2026, 9, 18, 9, 0), day(2026, 9, 21, 15, 0), 1), at: day(2026, 9, 21, 18, 0),
			findings: onCase(overdue),
			evidence: over(1, 2, 1),
		},
		{
			name: "Spring Festival 2026/completed on make-up Sat 02-14", rule: overdue,
			facts: span(day(2026, 2, 13, 9, 0), day(2026, 2, 14, 15, 0), 1), at: day(2026, 2, 24, 18, 0),
		},
		{
			name: "Spring Festival 2026/two working days across the holiday", rule: overdue,
			facts: span(day(2026, 2, 13, 9, 0), day(2026, 2, 24, 15, 0), 2), at: day(2026, 2, 24, 18, 0),
		},
		{
			name: "Spring Festival 2026/one working day across the holiday", rule: overdue,
			facts: span(day(2026, 2, 13, 9, 0), day(2026, 2, 24, 15, 0), 1), at: day(2026, 2, 24, 18, 0),
			findings: onCase(overdue),
			evidence: over(1, 2, 1),
		},
		{
			name: "Spring Festival 2026/completed on Mon 03-02 after make-up Sat 02-28", rule: overdue,
			facts: span(day(2026, 2, 27, 9, 0), day(2026, 3, 2, 15, 0), 1), at: day(2026, 3, 2, 18, 0),
			findings: onCase(overdue),
			evidence: over(1, 2, 1),
		},
		{
			name: "no commitment made", rule: overdue,
			facts: batch(newCase(receipt(day(2026, 3, 2, 9, 0))).committed(0)), at: day(2026, 3, 20, 9, 0),
		},
		{
			name: "warning/10-day commitment, 8 used", rule: warning,
			facts: batch(ten()), at: day(2026, 3, 12, 10, 0),
		},
		{
			name: "warning/10-day commitment, 9 used", rule: warning,
			facts: batch(ten()), at: day(2026, 3, 13, 10, 0),
			warnings: onCase(warning),
			evidence: map[string][]efficiency.Evidence{onCase(warning)[0]: evidence("remaining", 1, "due", endOf(2026, 3, 16))},
			messages: map[string]efficiency.Text{onCase(warning)[0]: efficiency.T(
				"承诺时限将于 2026-03-16 届满，剩余 1 个工作日", "the committed limit ends on 2026-03-16; working days left: 1")},
		},
		{
			name: "warning/10-day commitment, 10 used", rule: warning,
			facts: batch(ten()), at: day(2026, 3, 16, 10, 0),
			warnings: onCase(warning),
			evidence: map[string][]efficiency.Evidence{onCase(warning)[0]: evidence("remaining", 0, "due", endOf(2026, 3, 16))},
		},
		{
			name: "warning/10-day commitment, 11 used", rule: warning,
			facts: batch(ten()), at: day(2026, 3, 17, 10, 0),
			findings: onCase(overdue),
			evidence: over(1, 11, 10),
		},
		{
			name: "warning/completed with 9 used", rule: warning,
			facts: batch(ten(completion(day(2026, 3, 13, 10, 0)))), at: day(2026, 3, 13, 18, 0),
		},
		{
			name: "warning/suspended for a hearing with 9 used", rule: warning,
			facts: batch(ten(suspension(day(2026, 3, 13, 10, 0), efficiency.ReasonHearing))), at: day(2026, 3, 16, 10, 0),
		},
		{
			name: "warning/suspended for a reason that does not stop the clock", rule: warning,
			facts: batch(ten(suspension(day(2026, 3, 13, 10, 0), "staff-leave"))), at: day(2026, 3, 16, 10, 0),
			warnings: onCase(warning),
		},
		{
			// the pause (3/10, 3/12] takes 3/11 and 3/12 off: 9 used on 3/17, due 3/18.
			name: "warning/resumed after an expert review", rule: warning,
			facts: batch(ten(suspension(day(2026, 3, 10, 10, 0), efficiency.ReasonExpertReview),
				resumption(day(2026, 3, 12, 10, 0)))), at: day(2026, 3, 17, 10, 0),
			warnings: onCase(warning),
			evidence: map[string][]efficiency.Evidence{onCase(warning)[0]: evidence("remaining", 1, "due", endOf(2026, 3, 18))},
		},
		{
			name: "warning/an approved extension pushes the warning back", rule: warning,
			facts: batch(ten(extension(day(2026, 3, 5, 10, 0), 5, "director"))), at: day(2026, 3, 16, 10, 0),
		},
	}
}

// ── P2 statutory limits: suspensions, extensions, supplements ───────────────

func statutoryCases() []cityCase {
	const (
		statutory  = "P2.statutory.overdue"
		unapproved = "P2.extension.unapproved"
	)
	// a statutory limit of 5 working days and no commitment, from Mon 2026-03-02: due Mon 3/9.
	five := func(events ...efficiency.Event) *efficiency.Facts {
		return batch(newCase(slices.Concat([]efficiency.Event{
			receipt(day(2026, 3, 2, 9, 0)), acceptance(day(2026, 3, 2, 9, 30))}, events)...).limits(5, 0))
	}
	done := func(d int) efficiency.Event { return completion(day(2026, 3, d, 15, 0)) }
	after := day(2026, 3, 20, 9, 0)
	over := func(n, limit int) map[string][]efficiency.Evidence {
		return map[string][]efficiency.Evidence{onCase(statutory)[0]: evidence("overdue", n, "limit", limit)}
	}
	// suspended on Wed 3/4, resumed on Fri 3/6: 3/5 and 3/6 do not count.
	paused := func(reason string, d int) *efficiency.Facts {
		return five(suspension(day(2026, 3, 4, 10, 0), reason), resumption(day(2026, 3, 6, 10, 0)), done(d))
	}
	cases := []cityCase{
		{
			name: "completed at the limit", rule: statutory,
			facts: five(done(9)), at: after,
		},
		{
			name: "completed one working day past the limit", rule: statutory,
			facts: five(done(10)), at: after,
			findings: onCase(statutory),
			evidence: over(1, 5),
			messages: map[string]efficiency.Text{onCase(statutory)[0]: efficiency.T(
				"超法定时限（5 个工作日）1 个工作日", "1 working days past the statutory limit of 5")},
		},
		{
			name: "open at the limit", rule: statutory,
			facts: five(), at: day(2026, 3, 9, 17, 0),
		},
		{
			name: "open one working day past the limit", rule: statutory,
			facts: five(), at: day(2026, 3, 10, 9, 0),
			findings: onCase(statutory),
			evidence: over(1, 5),
		},
		{
			name: "suspended for a hearing, completed one working day past the limit", rule: statutory,
			facts: paused(efficiency.ReasonHearing, 12), at: after,
			findings: onCase(statutory),
			evidence: over(1, 5),
		},
		{
			name: "suspended for a hearing and not resumed", rule: statutory,
			facts: five(suspension(day(2026, 3, 4, 10, 0), efficiency.ReasonHearing)), at: day(2026, 3, 31, 9, 0),
		},
		{
			name: "suspended for another reason, which does not stop the clock", rule: statutory,
			facts: paused("awaiting-payment", 11), at: after,
			findings: onCase(statutory),
			evidence: over(2, 5),
		},
		{
			name: "approved extension, completed at the extended limit", rule: statutory,
			facts: five(extension(day(2026, 3, 6, 10, 0), 3, "director"), done(12)), at: after,
		},
		{
			name: "approved extension, completed one working day past the extended limit", rule: statutory,
			facts: five(extension(day(2026, 3, 6, 10, 0), 3, "director"), done(13)), at: after,
			findings: onCase(statutory),
			evidence: over(1, 8),
		},
		{
			name: "approved extension is not unapproved", rule: unapproved,
			facts: five(extension(day(2026, 3, 6, 10, 0), 3, "director"), done(12)), at: after,
		},
		{
			name: "unapproved extension extends nothing", rule: unapproved,
			facts: five(extension(day(2026, 3, 6, 10, 0), 3, ""), done(12)), at: after,
			findings: onCase(statutory, unapproved),
			evidence: map[string][]efficiency.Evidence{
				onCase(statutory)[0]:  evidence("overdue", 3, "limit", 5),
				onCase(unapproved)[0]: evidence("count", 1),
			},
			messages: map[string]efficiency.Text{onCase(unapproved)[0]: efficiency.T(
				"1 次延期未经批准", "extensions without approval: 1")},
		},
		{
			// notice on 3/3, supplement on Mon 3/9: the count restarts, due Mon 3/16.
			name: "supplement restarts the count, completed at the limit", rule: statutory,
			facts: five(notice(day(2026, 3, 3, 10, 0), "营业执照"), supplement(day(2026, 3, 9, 10, 0)), done(16)), at: after,
		},
		{
			name: "supplement restarts the count, completed one working day past the limit", rule: statutory,
			facts: five(notice(day(2026, 3, 3, 10, 0), "营业执照"), supplement(day(2026, 3, 9, 10, 0)), done(17)), at: after,
			findings: onCase(statutory),
			evidence: over(1, 5),
		},
		{
			name: "awaiting the supplement after a notice", rule: statutory,
			facts: five(notice(day(2026, 3, 3, 10, 0), "营业执照")), at: day(2026, 3, 16, 9, 0),
		},
	}
	for _, reason := range []string{efficiency.ReasonHearing, efficiency.ReasonInspection, efficiency.ReasonExpertReview} {
		cases = append(cases, cityCase{
			name: "suspended for " + reason + ", completed at the limit", rule: statutory,
			facts: paused(reason, 11), at: after,
		})
	}
	return cases
}

// ── P2 open affairs and black boxes, P4 obstruction, S5 notices ─────────────

func caseHandlingCases() []cityCase {
	const (
		notPublic  = "P2.affairs.not-public"
		unreasoned = "P2.black-box.unreasoned-decision"
		offRecord  = "P2.black-box.off-record"
		materials  = "P4.obstruction.materials"
		noReasons  = "P4.obstruction.rejection-without-reasons"
		repeated   = "S5.notices.repeated"
		noticeLate = "S5.notice.late"
	)
	t0 := day(2026, 3, 2, 9, 0)
	at := day(2026, 3, 5, 12, 0)
	received := func(events ...efficiency.Event) *caseB {
		return newCase(slices.Concat([]efficiency.Event{receipt(t0)}, events)...)
	}
	all := efficiency.Publication{Procedure: true, Fees: true, TimeLimits: true, Materials: true}
	noFees := all
	noFees.Fees = false
	decide := func(outcome, reasons, basis string) *efficiency.Facts {
		return batch(received(decision(day(2026, 3, 4, 10, 0), outcome, reasons, basis)))
	}
	const basis = "《中华人民共和国行政许可法》第三十八条"
	// received on Tue 2026-09-29: 9/30, 10/8, 10/9, 10/10 (make-up), 10/12 are working days 1–5.
	lateNotice := func(d int) *efficiency.Facts {
		return batch(newCase(receipt(day(2026, 9, 29, 9, 0)), notice(day(2026, 10, d, 10, 0), "营业执照")))
	}
	return []cityCase{
		{
			name: "not-public/fees not published", rule: notPublic,
			facts: batch(received().published(noFees)), at: at,
			findings: onCase(notPublic),
			evidence: map[string][]efficiency.Evidence{onCase(notPublic)[0]: evidence(
				"matter", matterCode, "procedure", true, "fees", false, "limits", true)},
			messages: map[string]efficiency.Text{onCase(notPublic)[0]: efficiency.T(
				"事项 M001 的办事程序、收费标准、办理时限未全部公开（程序：是，收费：否，时限：是）",
				"the procedure, fees and time limits of matter M001 are not all public (procedure: true, fees: false, limits: true)")},
		},
		{
			name: "not-public/all published", rule: notPublic,
			facts: batch(received()), at: at,
		},
		{
			name: "not-public/only an inquiry, nothing received", rule: notPublic,
			facts: batch(newCase(inquiry(t0, officialID)).published(noFees)), at: at,
		},
		{
			name: "unreasoned/approved without a legal basis", rule: unreasoned,
			facts: decide(efficiency.Approved, "材料齐全", ""), at: at,
			findings: onCase(unreasoned),
			evidence: map[string][]efficiency.Evidence{onCase(unreasoned)[0]: evidence("outcome", "approved",
				"reasons", true, "legal_basis", false, "outcome_zh", "准予许可", "missing_zh", "法律依据", "missing_en", "legal basis")},
			messages: map[string]efficiency.Text{onCase(unreasoned)[0]: efficiency.T(
				"作出的决定（准予许可）未载明法律依据", "the decision (approved) states no legal basis")},
		},
		{
			name: "unreasoned/rejected with neither reasons nor legal basis", rule: unreasoned,
			facts: decide(efficiency.Rejected, "", ""), at: at,
			findings: slices.Concat(onCase(unreasoned), onCase(noReasons)),
			messages: map[string]efficiency.Text{onCase(unreasoned)[0]: efficiency.T(
				"作出的决定（不予许可）未载明理由和法律依据", "the decision (rejected) states no reasons or legal basis")},
		},
		{
			name: "unreasoned/approved with reasons and a legal basis", rule: unreasoned,
			facts: decide(efficiency.Approved, "材料齐全", basis), at: at,
		},
		{
			name: "off-record/completed with no receipt", rule: offRecord,
			facts: batch(newCase(completion(day(2026, 3, 4, 10, 0)))), at: at,
			findings: onCase(offRecord),
			messages: map[string]efficiency.Text{onCase(offRecord)[0]: efficiency.T(
				"办件 c1 未登记收件即作出决定或办结", "case c1 was decided or completed with no receipt on record")},
		},
		{
			name: "off-record/completed after a receipt", rule: offRecord,
			facts: batch(received(completion(day(2026, 3, 4, 10, 0)))), at: at,
		},
		{
			name: "materials/only listed materials", rule: materials,
			facts: batch(received(notice(day(2026, 3, 3, 10, 0), "身份证", "营业执照"))), at: at,
		},
		{
			name: "materials/a material beyond the published list", rule: materials,
			facts: batch(received(notice(day(2026, 3, 3, 10, 0), "身份证", "户口本"))), at: at,
			findings: onCase(materials),
			evidence: map[string][]efficiency.Evidence{onCase(materials)[0]: evidence("materials", []any{"户口本"})},
			messages: map[string]efficiency.Text{onCase(materials)[0]: efficiency.T(
				"要求提交公示清单以外的材料：户口本", "demanded materials not on the published list: 户口本")},
		},
		{
			name: "materials/full-width spelling of a listed material", rule: materials,
			facts: batch(received(notice(day(2026, 3, 3, 10, 0), "ＩＤ"))), at: at,
		},
		{
			name: "materials/listed material with full-width brackets", rule: materials,
			facts: batch(received(notice(day(2026, 3, 3, 10, 0), "营业执照（副本）")).materials("身份证", "营业执照（副本）")), at: at,
		},
		{
			name: "rejection/rejected with reasons", rule: noReasons,
			facts: decide(efficiency.Rejected, "不符合法定条件", basis), at: at,
		},
		{
			name: "rejection/rejected without reasons", rule: noReasons,
			facts: decide(efficiency.Rejected, "", basis), at: at,
			findings: slices.Concat(onCase(noReasons), onCase(unreasoned)),
			messages: map[string]efficiency.Text{onCase(noReasons)[0]: efficiency.T(
				"作出不予许可决定未说明理由", "rejected without stating reasons")},
		},
		{
			name: "rejection/approved without reasons", rule: noReasons,
			facts: decide(efficiency.Approved, "", basis), at: at,
			findings: onCase(unreasoned),
		},
		{
			name: "notices/one notice", rule: repeated,
			facts: batch(received(notice(day(2026, 3, 3, 10, 0), "营业执照"))), at: at,
		},
		{
			name: "notices/two notices", rule: repeated,
			facts: batch(received(notice(day(2026, 3, 3, 10, 0), "营业执照"), notice(day(2026, 3, 4, 10, 0), "身份证"))), at: at,
			findings: onCase(repeated),
			evidence: map[string][]efficiency.Evidence{onCase(repeated)[0]: evidence("count", 2)},
			messages: map[string]efficiency.Text{onCase(repeated)[0]: efficiency.T(
				"补正告知 2 次，未一次性告知所缺材料", "missing-material notices: 2 instead of one")},
		},
		{
			name: "notices/a second notice after at is ignored", rule: repeated,
			facts: batch(received(notice(day(2026, 3, 3, 10, 0), "营业执照"), notice(day(2026, 3, 6, 10, 0), "身份证"))), at: at,
		},
		{
			name: "notice-late/5th working day, across National Day", rule: noticeLate,
			facts: lateNotice(12), at: day(2026, 10, 13, 12, 0),
		},
		{
			name: "notice-late/6th working day, across National Day", rule: noticeLate,
			facts: lateNotice(13), at: day(2026, 10, 13, 12, 0),
			findings: onCase(noticeLate),
			evidence: map[string][]efficiency.Evidence{onCase(noticeLate)[0]: evidence("delay", 6, "limit", 5)},
			messages: map[string]efficiency.Text{onCase(noticeLate)[0]: efficiency.T(
				"收件后第 6 个工作日才告知补正（时限 5 个工作日）", "the notice came 6 working days after receipt (limit 5)")},
		},
	}
}

// ── P3 fees, inspections, penalties, levies, gifts; P4 reviews ──────────────

func feeAndConductCases() []cityCase {
	const (
		unscheduled = "P3.fees.unscheduled"
		above       = "P3.fees.above-schedule"
		unplanned   = "P3.inspections.beyond-plan"
		noBasis     = "P3.penalty.no-legal-basis"
		levied      = "P3.levy"
		gifted      = "P3.gift"
		noCallback  = "P4.review.no-callback"
		notRectify  = "P4.review.not-rectified"
	)
	t0 := day(2026, 3, 2, 9, 0)
	at := day(2026, 3, 5, 12, 0)
	handled := func(events ...efficiency.Event) *efficiency.Facts {
		return batch(newCase(slices.Concat([]efficiency.Event{receipt(t0)}, events)...))
	}
	t1 := day(2026, 3, 3, 10, 0)
	// completed on receipt day, rated at 15:00 on Mon 3/2.
	rated := func(score int, events ...efficiency.Event) *efficiency.Facts {
		return handled(slices.Concat([]efficiency.Event{completion(day(2026, 3, 2, 11, 0)),
			rating(day(2026, 3, 2, 15, 0), score)}, events)...)
	}
	on := func(d int) time.Time { return day(2026, 3, d, 10, 0) }
	return []cityCase{
		{
			name: "unscheduled/fee item not in the schedule", rule: unscheduled,
			facts: handled(fee(t1, "XX", 2000)), at: at,
			findings: onCase(unscheduled),
			evidence: map[string][]efficiency.Evidence{onCase(unscheduled)[0]: evidence(
				"count", 1, "amount_fen", int64(2000), "amount_yuan", 20.0)},
			messages: map[string]efficiency.Text{onCase(unscheduled)[0]: efficiency.T(
				"收取未公示项目费用 1 笔，共 20 元", "fees outside the published schedule: 1, 20 yuan in all")},
		},
		{
			name: "unscheduled/fee item in the schedule", rule: unscheduled,
			facts: handled(fee(t1, "GB", 3000)), at: at,
		},
		{
			name: "above-schedule/above the maximum", rule: above,
			facts: handled(fee(t1, "GB", 6550)), at: at,
			findings: onCase(above),
			evidence: map[string][]efficiency.Evidence{onCase(above)[0]: evidence("amount_fen", int64(1550), "amount_yuan", 15.5)},
			messages: map[string]efficiency.Text{onCase(above)[0]: efficiency.T(
				"超出收费标准 15.5 元", "15.5 yuan charged above the schedule")},
		},
		{
			name: "above-schedule/exactly the maximum", rule: above,
			facts: handled(fee(t1, "GB", 5000)), at: at,
		},
		{
			name: "above-schedule/full-width item code folds to the scheduled one", rule: above,
			facts: handled(fee(t1, "ＧＢ", 5000)), at: at,
		},
		{
			name: "unscheduled/item and schedule both written in full width", rule: unscheduled,
			facts: batch(newCase(receipt(t0), fee(t1, "ＧＢ", 3000)).fees(efficiency.FeeItem{Code: "ＧＢ", MaxFen: 5000})), at: at,
		},
		{
			name: "inspection/planned", rule: unplanned,
			facts: handled(inspection(t1, true)), at: at,
		},
		{
			name: "inspection/unplanned", rule: unplanned,
			facts: handled(inspection(t1, true), inspection(on(4), false)), at: at,
			findings: onCase(unplanned),
			evidence: map[string][]efficiency.Evidence{onCase(unplanned)[0]: evidence("count", 1)},
		},
		{
			name: "penalty/with a legal basis", rule: noBasis,
			facts: handled(penalty(t1, 100000, "《中华人民共和国食品安全法》第一百二十二条")), at: at,
		},
		{
			name: "penalty/without a legal basis", rule: noBasis,
			facts: handled(penalty(t1, 100000, "")), at: at,
			findings: onCase(noBasis),
			evidence: map[string][]efficiency.Evidence{onCase(noBasis)[0]: evidence("count", 1)},
			messages: map[string]efficiency.Text{onCase(noBasis)[0]: efficiency.T(
				"1 项处罚未载明法律依据", "penalties without a legal basis: 1")},
		},
		{
			name: "levy/a levy on the applicant", rule: levied,
			facts: handled(levy(t1, 30000)), at: at,
			findings: onCase(levied),
			evidence: map[string][]efficiency.Evidence{onCase(levied)[0]: evidence("count", 1, "amount_yuan", 300.0)},
			messages: map[string]efficiency.Text{onCase(levied)[0]: efficiency.T(
				"向服务对象摊派 1 次，共 300 元", "levies on the applicant: 1, 300 yuan in all")},
		},
		{
			name: "levy/a scheduled fee is no levy", rule: levied,
			facts: handled(fee(t1, "GB", 5000)), at: at,
		},
		{
			name: "levy/a levy after at is ignored", rule: levied,
			facts: handled(levy(on(6), 30000)), at: at,
		},
		{
			name: "gift/a gift accepted", rule: gifted,
			facts: handled(gift(t1, 50000)), at: at,
			findings: onCase(gifted),
			evidence: map[string][]efficiency.Evidence{onCase(gifted)[0]: evidence("count", 1, "amount_yuan", 500.0)},
			messages: map[string]efficiency.Text{onCase(gifted)[0]: efficiency.T(
				"收受服务对象礼品礼金 1 次，价值 500 元", "gifts accepted from the applicant: 1, worth 500 yuan")},
		},
		{
			name: "gift/none", rule: gifted,
			facts: rated(5), at: at,
		},
		{
			name: "callback/bad rating called back on the 5th working day", rule: noCallback,
			facts: rated(2, callback(on(9)), rectification(on(9))), at: day(2026, 3, 31, 9, 0),
		},
		{
			name: "callback/bad rating called back on the 6th working day", rule: noCallback,
			facts: rated(2, callback(on(10)), rectification(on(10))), at: day(2026, 3, 31, 9, 0),
			findings: onCase(noCallback),
			evidence: map[string][]efficiency.Evidence{onCase(noCallback)[0]: evidence("waited", 6, "limit", 5)},
			messages: map[string]efficiency.Text{onCase(noCallback)[0]: efficiency.T(
				"差评 6 个工作日未回访（时限 5 个工作日）", "a bad review waited 6 working days for a callback (limit 5)")},
		},
		{
			name: "callback/bad rating still waiting after 6 working days", rule: noCallback,
			facts: rated(1, rectification(on(3))), at: day(2026, 3, 10, 9, 0),
			findings: onCase(noCallback),
			evidence: map[string][]efficiency.Evidence{onCase(noCallback)[0]: evidence("waited", 6, "limit", 5)},
		},
		{
			name: "callback/neutral rating needs no callback", rule: noCallback,
			facts: rated(3), at: day(2026, 3, 31, 9, 0),
		},
		{
			name: "rectify/rectified on the 10th working day", rule: notRectify,
			facts: rated(2, callback(on(3)), rectification(on(16))), at: day(2026, 3, 31, 9, 0),
		},
		{
			name: "rectify/rectified on the 11th working day", rule: notRectify,
			facts: rated(2, callback(on(3)), rectification(on(17))), at: day(2026, 3, 31, 9, 0),
			findings: onCase(notRectify),
			evidence: map[string][]efficiency.Evidence{onCase(notRectify)[0]: evidence("waited", 11, "limit", 10)},
			messages: map[string]efficiency.Text{onCase(notRectify)[0]: efficiency.T(
				"差评 11 个工作日未整改（时限 10 个工作日）", "a bad review waited 11 working days for rectification (limit 10)")},
		},
	}
}

// ── S1 post responsibility, S2 materials, S3 commitments, S4 first inquiry ─

func systemCases() []cityCase {
	const (
		noResponsible = "S1.case.no-responsible"
		noPost        = "S1.official.no-post"
		materials     = "S2.matter.materials-not-public"
		longer        = "S3.commitment.longer-than-statutory"
		firstInquiry  = "S4.first-inquiry.unhandled"
	)
	t0 := day(2026, 3, 2, 9, 0)
	at := day(2026, 3, 3, 12, 0)
	received := func() *caseB { return newCase(receipt(t0)) }
	noMaterials := efficiency.Publication{Procedure: true, Fees: true, TimeLimits: true}
	// asked first on Mon 3/2 10:00; off1 is responsible for the case.
	asked := func(who string, events ...efficiency.Event) *efficiency.Facts {
		return batch(newCase(slices.Concat([]efficiency.Event{inquiry(day(2026, 3, 2, 10, 0), who)}, events)...))
	}
	thu := day(2026, 3, 4, 12, 0)
	return []cityCase{
		{
			name: "no-responsible/nobody answerable", rule: noResponsible,
			facts: batch(received().responsible("")), at: at,
			findings: onCase(noResponsible),
			messages: map[string]efficiency.Text{onCase(noResponsible)[0]: efficiency.T(
				"办件 c1 未明确责任人", "case c1 has no responsible official")},
		},
		{
			name: "no-responsible/responsible official set", rule: noResponsible,
			facts: batch(received()), at: at,
		},
		{
			name: "no-post/official without a post handles a case", rule: noPost,
			facts: batch(received(), official(officialID, "")), at: at,
			findings: onOfficial(noPost),
			evidence: map[string][]efficiency.Evidence{onOfficial(noPost)[0]: evidence("cases", 1)},
			messages: map[string]efficiency.Text{onOfficial(noPost)[0]: efficiency.T(
				"工作人员 off1 承办 1 件但未明确岗位职责", "official off1 handles cases (1) without defined post responsibilities")},
		},
		{
			name: "no-post/official with a post", rule: noPost,
			facts: batch(received(), official(officialID, "窗口受理")), at: at,
		},
		{
			name: "no-post/official without a post and without cases", rule: noPost,
			facts: batch(official(officialID, "")), at: at,
		},
		{
			name: "materials-not-public/list not published", rule: materials,
			facts: batch(received().published(noMaterials)), at: at,
			findings: onCase(materials),
			evidence: map[string][]efficiency.Evidence{onCase(materials)[0]: evidence("matter", matterCode)},
			messages: map[string]efficiency.Text{onCase(materials)[0]: efficiency.T(
				"事项 M001 未公开申报材料清单", "the list of required materials of matter M001 is not public")},
		},
		{
			name: "materials-not-public/list published", rule: materials,
			facts: batch(received()), at: at,
		},
		{
			name: "longer-than-statutory/committed 25, statutory 20", rule: longer,
			facts: batch(received().limits(20, 25)), at: at,
			findings: onCase(longer),
			evidence: map[string][]efficiency.Evidence{onCase(longer)[0]: evidence("committed", 25, "statutory", 20)},
			messages: map[string]efficiency.Text{onCase(longer)[0]: efficiency.T(
				"承诺时限 25 个工作日长于法定时限 20 个工作日", "the committed limit of 25 working days exceeds the statutory 20")},
		},
		{
			name: "longer-than-statutory/committed equal to statutory", rule: longer,
			facts: batch(received().limits(20, 20)), at: at,
		},
		{
			name: "longer-than-statutory/no statutory limit", rule: longer,
			facts: batch(received().limits(0, 25)), at: at,
		},
		{
			name: "first-inquiry/nothing done for 1 working day", rule: firstInquiry,
			facts: asked("off9"), at: day(2026, 3, 3, 12, 0),
		},
		{
			name: "first-inquiry/nothing done for 2 working days", rule: firstInquiry,
			facts: asked("off9"), at: thu,
			findings: onCase(firstInquiry),
			evidence: map[string][]efficiency.Evidence{onCase(firstInquiry)[0]: evidence("official", "off9", "waited", 2)},
			messages: map[string]efficiency.Text{onCase(firstInquiry)[0]: efficiency.T(
				"首问责任人 off9 在 2 个工作日内既未办理也未转办",
				"the first official asked, off9, neither handled nor referred the request in 2 working days")},
		},
		{
			name: "first-inquiry/referred by the official asked", rule: firstInquiry,
			facts: asked("off9", referral(day(2026, 3, 2, 10, 30), "off9", officialID)), at: thu,
		},
		{
			// off9 did nothing; a colleague referred the applicant only on the 3rd working day.
			name: "first-inquiry/referred by someone else after 3 working days", rule: firstInquiry,
			facts: asked("off9", referral(day(2026, 3, 5, 9, 0), "off8", officialID)), at: day(2026, 3, 5, 12, 0),
			findings: onCase(firstInquiry),
			evidence: map[string][]efficiency.Evidence{onCase(firstInquiry)[0]: evidence("official", "off9", "waited", 3)},
		},
		{
			name: "first-inquiry/the official asked is responsible for the case", rule: firstInquiry,
			facts: asked(officialID), at: thu,
		},
		{
			name: "first-inquiry/the official asked acts on the case later", rule: firstInquiry,
			facts: asked("off9", by("off9", receipt(day(2026, 3, 3, 9, 0)))), at: thu,
		},
		{
			name: "first-inquiry/a referral after at is ignored", rule: firstInquiry,
			facts: asked("off9", referral(day(2026, 3, 5, 9, 0), "off9", officialID)), at: thu,
			findings: onCase(firstInquiry),
		},
	}
}

// ── complaints: P1–P4 verified complaints, P2 responses, S6 accountability ─

func complaintCases() []cityCase {
	const (
		p1       = "P1.complaint.verified"
		p2       = "P2.complaint.verified"
		p3       = "P3.complaint.verified"
		p4       = "P4.complaint.attitude"
		response = "P2.complaint.response-overdue"
		decision = "S6.fault.no-decision"
	)
	received := day(2026, 3, 2, 9, 0) // Monday
	at := day(2026, 3, 9, 12, 0)
	// answered and decided in time, so that only the category rules speak.
	settled := []func(*efficiency.Complaint){responded(day(2026, 3, 5, 10, 0)), decided(day(2026, 3, 6, 10, 0))}
	verifiedAs := func(category string) *efficiency.Facts {
		return batch(complaint(category, received, slices.Concat(settled, []func(*efficiency.Complaint){verified(day(2026, 3, 5, 9, 0))})...))
	}
	untrue := func(category string) *efficiency.Facts {
		return batch(complaint(category, received, slices.Concat(settled, []func(*efficiency.Complaint){unfounded(day(2026, 3, 5, 9, 0))})...))
	}
	// verified on the day of receipt; 20 working days later is Mon 3/30.
	fault := func(mods ...func(*efficiency.Complaint)) *efficiency.Facts {
		return batch(complaint(efficiency.CategoryOther, received, slices.Concat(
			[]func(*efficiency.Complaint){verified(day(2026, 3, 2, 16, 0)), responded(day(2026, 3, 3, 10, 0))}, mods)...))
	}
	return []cityCase{
		{
			name: "non-execution/verified", rule: p1,
			facts: verifiedAs(efficiency.CategoryNonExecution), at: at,
			findings: onComplaint(p1),
			evidence: map[string][]efficiency.Evidence{onComplaint(p1)[0]: evidence("channel", "hotline")},
			messages: map[string]efficiency.Text{onComplaint(p1)[0]: efficiency.T(
				"经核查属实的有令不行投诉（来源：hotline）", "verified complaint of non-execution (channel: hotline)")},
		},
		{
			name: "non-execution/unfounded", rule: p1,
			facts: untrue(efficiency.CategoryNonExecution), at: at,
		},
		{
			name: "non-execution/verified only after at", rule: p1,
			facts: verifiedAs(efficiency.CategoryNonExecution), at: day(2026, 3, 5, 8, 0),
		},
		{
			name: "procrastination/verified", rule: p2,
			facts: verifiedAs(efficiency.CategoryProcrastination), at: at,
			findings: onComplaint(p2),
			messages: map[string]efficiency.Text{onComplaint(p2)[0]: efficiency.T(
				"经核查属实的办事拖拉投诉（来源：hotline）", "verified complaint of procrastination (channel: hotline)")},
		},
		{
			name: "procrastination/unfounded", rule: p2,
			facts: untrue(efficiency.CategoryProcrastination), at: at,
		},
		{
			name: "rent-seeking/verified", rule: p3,
			facts: verifiedAs(efficiency.CategoryRentSeeking), at: at,
			findings: onComplaint(p3),
			evidence: map[string][]efficiency.Evidence{onComplaint(p3)[0]: evidence("category", "rent-seeking")},
			messages: map[string]efficiency.Text{onComplaint(p3)[0]: efficiency.T(
				"经核查属实的吃拿卡要投诉（类别：rent-seeking）", "verified complaint of rent-seeking (category: rent-seeking)")},
		},
		{
			name: "fees/verified", rule: p3,
			facts: verifiedAs(efficiency.CategoryFees), at: at,
			findings: onComplaint(p3),
			evidence: map[string][]efficiency.Evidence{onComplaint(p3)[0]: evidence("category", "fees")},
		},
		{
			name: "rent-seeking/unfounded", rule: p3,
			facts: untrue(efficiency.CategoryRentSeeking), at: at,
		},
		{
			name: "attitude/verified", rule: p4,
			facts: verifiedAs(efficiency.CategoryAttitude), at: at,
			findings: onComplaint(p4),
			messages: map[string]efficiency.Text{onComplaint(p4)[0]: efficiency.T(
				"经核查属实的服务态度差投诉（来源：hotline）", "verified complaint of poor service attitude (channel: hotline)")},
		},
		{
			name: "attitude/unfounded", rule: p4,
			facts: untrue(efficiency.CategoryAttitude), at: at,
		},
		{
			name: "attitude/pending", rule: p4,
			facts: batch(complaint(efficiency.CategoryAttitude, received, settled...)), at: at,
		},
		{
			name: "other/verified complaint of no prohibition's category", rule: p4,
			facts: verifiedAs(efficiency.CategoryOther), at: at,
		},
		{
			name: "obstruction/verified", rule: p4,
			facts: verifiedAs(efficiency.CategoryObstruction), at: at,
			findings: onComplaint(p4),
		},
		{
			name: "response/pending 15 working days", rule: response,
			facts: batch(complaint(efficiency.CategoryOther, received)), at: day(2026, 3, 23, 17, 0),
		},
		{
			name: "response/pending 16 working days", rule: response,
			facts: batch(complaint(efficiency.CategoryOther, received)), at: day(2026, 3, 24, 9, 0),
			findings: onComplaint(response),
			evidence: map[string][]efficiency.Evidence{onComplaint(response)[0]: evidence("waited", 16, "limit", 15, "responded", false, "status_zh", "仍未答复", "status_en", "still unanswered after")},
			messages: map[string]efficiency.Text{onComplaint(response)[0]: efficiency.T(
				"投诉收到 16 个工作日仍未答复（时限 15 个工作日）", "the complaint was still unanswered after 16 working days (limit 15)")},
		},
		{
			name: "response/answered on the 15th working day", rule: response,
			facts: batch(complaint(efficiency.CategoryOther, received, responded(day(2026, 3, 23, 16, 0)))), at: day(2026, 3, 31, 9, 0),
		},
		{
			name: "response/an answer after at is ignored", rule: response,
			facts: batch(complaint(efficiency.CategoryOther, received, responded(day(2026, 3, 25, 16, 0)))), at: day(2026, 3, 24, 9, 0),
			findings: onComplaint(response),
		},
		{
			name: "response/answered on the 17th working day", rule: response,
			facts: batch(complaint(efficiency.CategoryOther, received, responded(day(2026, 3, 25, 16, 0)))), at: day(2026, 3, 31, 9, 0),
			findings: onComplaint(response),
			evidence: map[string][]efficiency.Evidence{onComplaint(response)[0]: evidence("waited", 17, "limit", 15, "responded", true, "status_zh", "才答复", "status_en", "answered only after")},
		},
		{
			name: "fault/no decision 20 working days after verification", rule: decision,
			facts: fault(), at: day(2026, 3, 30, 17, 0),
		},
		{
			name: "fault/no decision 21 working days after verification", rule: decision,
			facts: fault(), at: day(2026, 3, 31, 9, 0),
			findings: onComplaint(decision),
			evidence: map[string][]efficiency.Evidence{onComplaint(decision)[0]: evidence("waited", 21, "limit", 20, "decided", false, "status_zh", "仍未作出", "status_en", "is still missing")},
			messages: map[string]efficiency.Text{onComplaint(decision)[0]: efficiency.T(
				"过错经核查属实后 21 个工作日仍未作出责任追究决定（时限 20 个工作日）",
				"the accountability decision is still missing 21 working days after verification (limit 20)")},
		},
		{
			name: "fault/decided in time", rule: decision,
			facts: fault(decided(day(2026, 3, 27, 10, 0))), at: day(2026, 3, 31, 9, 0),
		},
		{
			name: "fault/unfounded", rule: decision,
			facts: batch(complaint(efficiency.CategoryOther, received, unfounded(day(2026, 3, 2, 16, 0)),
				responded(day(2026, 3, 3, 10, 0)))), at: day(2026, 3, 31, 9, 0),
		},
		{
			name: "fault/decided after the 20-day limit", rule: decision,
			facts: fault(decided(day(2026, 4, 1, 10, 0))), at: day(2026, 4, 2, 9, 0),
			findings: onComplaint(decision),
			evidence: map[string][]efficiency.Evidence{onComplaint(decision)[0]: evidence("waited", 22, "limit", 20, "decided", true, "status_zh", "才作出", "status_en", "came only")},
		},
	}
}

// ── S7 performance appraisal of units ───────────────────────────────────────

func unitCases() []cityCase {
	const (
		onTime       = "S7.unit.on-time-rate"
		satisfaction = "S7.unit.satisfaction-rate"
		overdue      = "P2.commitment.overdue"
	)
	at := day(2026, 3, 31, 9, 0)
	// The S7 rules key each month's finding (occurrence: month(at)).
	monthly := func(rule string) []string { return []string{onUnit(rule)[0] + "#2026-03"} }
	// cases of u1 received on Mon 3/2 with a 10-day commitment: on time when
	// completed on 3/3, late when completed on Tue 3/17 (11 working days).
	appraise := func(u efficiency.Unit, onTimeN, lateN, openN int) *efficiency.Facts {
		items := []any{u}
		n := 0
		next := func() string { n++; return "c" + string(rune('0'+n)) }
		for range onTimeN {
			items = append(items, newCase(receipt(day(2026, 3, 2, 9, 0)), completion(day(2026, 3, 3, 10, 0))).id(next()))
		}
		for range lateN {
			items = append(items, newCase(receipt(day(2026, 3, 2, 9, 0)), completion(day(2026, 3, 17, 10, 0))).id(next()))
		}
		for range openN {
			items = append(items, newCase(receipt(day(2026, 3, 30, 9, 0))).id(next()))
		}
		return batch(items...)
	}
	lateCase := func(id string) []string { return hits(efficiency.CaseSubject, id, overdue) }
	// one completed case of u1 with the given ratings.
	ratings := func(u efficiency.Unit, scores ...int) *efficiency.Facts {
		events := []efficiency.Event{receipt(day(2026, 3, 2, 9, 0)), completion(day(2026, 3, 3, 10, 0))}
		for _, s := range scores {
			events = append(events, rating(day(2026, 3, 3, 11, 0), s))
		}
		return batch(u, newCase(events...))
	}
	target := func(onTime, satisfaction float64) func(*efficiency.Unit) {
		return func(u *efficiency.Unit) { u.OnTimeTarget, u.SatisfactionTarget = onTime, satisfaction }
	}
	return []cityCase{
		{
			name: "on-time/4 of 5 on time, below 95%", rule: onTime,
			facts: appraise(unit(unitID), 4, 1, 0), at: at,
			findings: slices.Concat(monthly(onTime), lateCase("c5")),
			evidence: map[string][]efficiency.Evidence{monthly(onTime)[0]: evidence(
				"rate", 0.8, "target", 0.95, "completed", 5, "rate_pct", 80.0, "target_pct", 95.0)},
			messages: map[string]efficiency.Text{monthly(onTime)[0]: efficiency.T(
				"按时办结率 80%，低于目标 95%（办结 5 件）", "on-time rate 80% below the target 95% (5 cases completed)")},
		},
		{
			name: "on-time/5 of 5 on time", rule: onTime,
			facts: appraise(unit(unitID), 5, 0, 0), at: at,
		},
		{
			name: "on-time/3 of 4 on time, fewer completed than min_cases", rule: onTime,
			facts: appraise(unit(unitID), 3, 1, 1), at: at,
			findings: lateCase("c4"),
		},
		{
			name: "on-time/4 of 5 on time, unit target 75%", rule: onTime,
			facts: appraise(unit(unitID, target(0.75, 0)), 4, 1, 0), at: at,
			findings: lateCase("c5"),
		},
		{
			name: "on-time/4 of 5 on time, unit target 85%", rule: onTime,
			facts: appraise(unit(unitID, target(0.85, 0)), 4, 1, 0), at: at,
			findings: slices.Concat(monthly(onTime), lateCase("c5")),
			evidence: map[string][]efficiency.Evidence{monthly(onTime)[0]: evidence(
				"rate", 0.8, "target", 0.85, "completed", 5, "rate_pct", 80.0, "target_pct", 85.0)},
		},
		{
			name: "satisfaction/4 of 5 satisfied, below 90%", rule: satisfaction,
			facts: ratings(unit(unitID), 5, 5, 4, 5, 3), at: at,
			findings: monthly(satisfaction),
			evidence: map[string][]efficiency.Evidence{monthly(satisfaction)[0]: evidence(
				"rate", 0.8, "target", 0.9, "rated", 5, "rate_pct", 80.0, "target_pct", 90.0)},
			messages: map[string]efficiency.Text{monthly(satisfaction)[0]: efficiency.T(
				"满意率 80%，低于目标 90%（评价 5 次）", "satisfaction rate 80% below the target 90% (5 ratings)")},
		},
		{
			name: "satisfaction/5 of 5 satisfied", rule: satisfaction,
			facts: ratings(unit(unitID), 5, 5, 4, 5, 4), at: at,
		},
		{
			name: "satisfaction/3 of 4 satisfied, fewer ratings than min_cases", rule: satisfaction,
			facts: ratings(unit(unitID), 5, 5, 5, 3), at: at,
		},
		{
			name: "satisfaction/4 of 5 satisfied, unit target 80%", rule: satisfaction,
			facts: ratings(unit(unitID, target(0, 0.8)), 5, 5, 4, 5, 3), at: at,
		},
		{
			name: "satisfaction/4 of 5 satisfied, unit target 85%", rule: satisfaction,
			facts: ratings(unit(unitID, target(0, 0.85)), 5, 5, 4, 5, 3), at: at,
			findings: monthly(satisfaction),
			evidence: map[string][]efficiency.Evidence{monthly(satisfaction)[0]: evidence(
				"rate", 0.8, "target", 0.85, "rated", 5, "rate_pct", 80.0, "target_pct", 85.0)},
		},
		{
			name: "satisfaction/ratings after at are ignored", rule: satisfaction,
			facts: ratings(unit(unitID), 5, 5, 4, 5, 3), at: day(2026, 3, 3, 10, 30),
		},
	}
}
