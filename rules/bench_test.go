package rules

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// benchCases builds a realistic mix: most cases clean and completed in time,
// some overdue, some with notices, fees, bad ratings or obstruction.
func benchCases(n int) []efficiency.Case {
	out := make([]efficiency.Case, n)
	start := time.Date(2026, 9, 1, 9, 0, 0, 0, sh)
	for i := range out {
		recv := start.Add(time.Duration(i%30) * 24 * time.Hour)
		c := efficiency.Case{
			ID: fmt.Sprintf("C-%05d", i), Unit: fmt.Sprintf("u%d", i%5), Responsible: "o1", Officials: []string{"o1"},
			Matter: efficiency.Matter{Code: "M-01", StatutoryDays: 20, CommittedDays: 10,
				Published: efficiency.Publication{Procedure: true, Fees: true, TimeLimits: true, Materials: true},
				Fees:      []efficiency.FeeItem{{Code: "cert", MaxFen: 1000}}, Materials: []string{"身份证", "申请表"}},
			Events: []efficiency.Event{
				{Kind: efficiency.Inquiry, At: recv.Add(-time.Hour), Official: "o1"},
				{Kind: efficiency.Receipt, At: recv, Official: "o1"},
				{Kind: efficiency.Acceptance, At: recv.Add(time.Hour), Official: "o1"},
			},
		}
		add := func(e efficiency.Event) { c.Events = append(c.Events, e) }
		switch i % 10 {
		case 1: // notice beyond the list, supplement
			add(efficiency.Event{Kind: efficiency.MaterialNotice, At: recv.Add(2 * time.Hour), Materials: []string{"房产证"}})
			add(efficiency.Event{Kind: efficiency.Supplement, At: recv.Add(48 * time.Hour)})
		case 2: // fee above the schedule
			add(efficiency.Event{Kind: efficiency.Fee, At: recv.Add(3 * time.Hour), Item: "cert", AmountFen: 1500})
		case 3: // rejected without reasons
			add(efficiency.Event{Kind: efficiency.Decision, At: recv.Add(4 * time.Hour), Outcome: efficiency.Rejected, LegalBasis: "x"})
		}
		if i%4 != 0 { // three in four completed, one in 20 late
			days := 3
			if i%20 == 5 {
				days = 30
			}
			add(efficiency.Event{Kind: efficiency.Decision, At: recv.Add(time.Duration(days)*24*time.Hour + 5*time.Hour), Outcome: efficiency.Approved, Reasons: "ok", LegalBasis: "law"})
			add(efficiency.Event{Kind: efficiency.Completion, At: recv.Add(time.Duration(days)*24*time.Hour + 6*time.Hour)})
			score := 5
			if i%15 == 7 {
				score = 1
			}
			add(efficiency.Event{Kind: efficiency.Rating, At: recv.Add(time.Duration(days)*24*time.Hour + 7*time.Hour), Score: score})
		}
		out[i] = c
	}
	return out
}

// handwritten is the default rule set's case rules written by hand in Go,
// deriving the same facts from the timeline with the same calendar. It is
// the baseline the engine is measured against.
func handwritten(cal *efficiency.Calendar, c *efficiency.Case, at time.Time, out []string) []string {
	loc := cal.Location()
	wd := func(a, b time.Time) int {
		n, _ := cal.WorkdaysBetween(efficiency.DateOf(a, loc), efficiency.DateOf(b, loc))
		return n
	}
	m := &c.Matter
	var received, accepted, completed, decided, hasReasons, hasBasis bool
	var outcome string
	var receivedAt, inquiryAt, takenUp time.Time
	var inquiryOfficial string
	var asked, handled, referred bool
	notices, firstDelay := 0, 0
	var beyond []string
	var unscheduled int
	var aboveFen int64
	unplanned, noBasis, levies, gifts, unapproved, bad := 0, 0, 0, 0, 0, 0
	var badAt []time.Time
	var callbacks, rectifications []time.Time
	for i := range c.Events {
		e := &c.Events[i]
		if e.At.After(at) {
			break
		}
		switch e.Kind {
		case efficiency.Inquiry:
			if !asked {
				asked, inquiryOfficial, inquiryAt = true, e.Official, e.At
			}
		case efficiency.Referral:
			if asked && e.Official == inquiryOfficial {
				referred = true
			}
		case efficiency.Receipt:
			if !received {
				received, receivedAt = true, e.At
			}
		case efficiency.MaterialNotice:
			notices++
			if notices == 1 && received {
				firstDelay = wd(receivedAt, e.At)
			}
			for _, mat := range e.Materials {
				if !slices.Contains(m.Materials, mat) && !slices.Contains(beyond, mat) {
					beyond = append(beyond, mat)
				}
			}
		case efficiency.Acceptance:
			accepted = true
		case efficiency.Extension:
			if e.ApprovedBy == "" {
				unapproved++
			}
		case efficiency.Decision:
			decided, outcome, hasReasons, hasBasis = true, e.Outcome, e.Reasons != "", e.LegalBasis != ""
		case efficiency.Completion:
			completed = true
		case efficiency.Fee:
			found := false
			for _, f := range m.Fees {
				if f.Code == e.Item {
					found = true
					if e.AmountFen > f.MaxFen {
						aboveFen += e.AmountFen - f.MaxFen
					}
				}
			}
			if !found {
				unscheduled++
			}
		case efficiency.Inspection:
			if !e.Planned {
				unplanned++
			}
		case efficiency.Penalty:
			if e.LegalBasis == "" {
				noBasis++
			}
		case efficiency.Levy:
			levies++
		case efficiency.Gift:
			gifts++
		case efficiency.Rating:
			if e.Score <= 2 {
				bad++
				badAt = append(badAt, e.At)
			}
		case efficiency.Callback:
			callbacks = append(callbacks, e.At)
		case efficiency.Rectification:
			rectifications = append(rectifications, e.At)
		}
		if asked && e.Kind != efficiency.Inquiry {
			if e.Official == inquiryOfficial && e.Kind != efficiency.Referral {
				handled = true
			}
			if takenUp.IsZero() && (e.Official == inquiryOfficial || e.Kind == efficiency.Referral ||
				e.Kind == efficiency.Receipt || e.Kind == efficiency.Acceptance) {
				takenUp = e.At
			}
		}
	}
	wait := func(answers []time.Time) int {
		most := 0
		for _, b := range badAt {
			end := at
			for _, a := range answers {
				if !a.Before(b) {
					end = a
					break
				}
			}
			most = max(most, wd(b, end))
		}
		return most
	}
	clock := c.Clock(at, loc)
	elapsed, _ := clock.Elapsed(cal, at)
	committed := m.CommittedDays + clock.ExtensionDays
	statutory := m.StatutoryDays + clock.ExtensionDays

	if m.CommittedDays > 0 && elapsed > committed {
		out = append(out, "P2.commitment.overdue")
	}
	if !completed && clock.Started && !clock.Suspended && m.CommittedDays > 0 && float64(elapsed) >= 0.9*float64(committed) && elapsed <= committed {
		out = append(out, "P2.commitment.warning")
	}
	if m.StatutoryDays > 0 && elapsed > statutory {
		out = append(out, "P2.statutory.overdue")
	}
	published := m.Published.Procedure && m.Published.Fees && m.Published.TimeLimits
	if received && !published {
		out = append(out, "P2.affairs.not-public")
	}
	if decided && (!hasReasons || !hasBasis) {
		out = append(out, "P2.black-box.unreasoned-decision")
	}
	if (decided || completed) && !received && !accepted {
		out = append(out, "P2.black-box.off-record")
	}
	if unapproved > 0 {
		out = append(out, "P2.extension.unapproved")
	}
	if unscheduled > 0 {
		out = append(out, "P3.fees.unscheduled")
	}
	if aboveFen > 0 {
		out = append(out, "P3.fees.above-schedule")
	}
	if unplanned > 0 {
		out = append(out, "P3.inspections.beyond-plan")
	}
	if noBasis > 0 {
		out = append(out, "P3.penalty.no-legal-basis")
	}
	if levies > 0 {
		out = append(out, "P3.levy")
	}
	if gifts > 0 {
		out = append(out, "P3.gift")
	}
	if len(beyond) > 0 {
		out = append(out, "P4.obstruction.materials")
	}
	if decided && outcome == efficiency.Rejected && !hasReasons {
		out = append(out, "P4.obstruction.rejection-without-reasons")
	}
	if bad > 0 && wait(callbacks) > 5 {
		out = append(out, "P4.review.no-callback")
	}
	if bad > 0 && wait(rectifications) > 10 {
		out = append(out, "P4.review.not-rectified")
	}
	if received && c.Responsible == "" {
		out = append(out, "S1.case.no-responsible")
	}
	if received && !m.Published.Materials {
		out = append(out, "S2.matter.materials-not-public")
	}
	if m.StatutoryDays > 0 && m.CommittedDays > m.StatutoryDays {
		out = append(out, "S3.commitment.longer-than-statutory")
	}
	if asked {
		if slices.Contains(c.Officials, inquiryOfficial) || c.Responsible == inquiryOfficial {
			handled = true
		}
		end := at
		if !takenUp.IsZero() {
			end = takenUp
		}
		if !handled && !referred && wd(inquiryAt, end) > 1 {
			out = append(out, "S4.first-inquiry.unhandled")
		}
	}
	if notices > 1 {
		out = append(out, "S5.notices.repeated")
	}
	if notices > 0 && firstDelay > 5 {
		out = append(out, "S5.notice.late")
	}
	return out
}

// TestHandwrittenBaselineAgrees keeps the benchmark honest: the baseline
// flags exactly what the engine flags on the benchmark's cases.
func TestHandwrittenBaselineAgrees(t *testing.T) {
	rs, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	cases := benchCases(200)
	at := time.Date(2026, 10, 20, 10, 0, 0, 0, sh)
	r, err := rs.Evaluate(context.Background(), &efficiency.Facts{Cases: cases}, at)
	if err != nil {
		t.Fatal(err)
	}
	engine := map[string][]string{}
	for _, f := range append(r.Findings, r.Warnings...) {
		engine[f.Subject.ID] = append(engine[f.Subject.ID], f.Rule)
	}
	fired := 0
	for i := range cases {
		got := handwritten(rs.Calendar(), &cases[i], at, nil)
		want := engine[cases[i].ID]
		slices.Sort(got)
		slices.Sort(want)
		fired += len(got)
		if !slices.Equal(got, want) {
			t.Errorf("case %s: handwritten = %v, engine = %v", cases[i].ID, got, want)
		}
	}
	if fired == 0 {
		t.Fatal("the benchmark mix flags nothing")
	}
	if len(r.Errors) > 0 || len(r.Invalid) > 0 {
		t.Fatalf("errors %v, invalid %v", r.Errors, r.Invalid)
	}
}

// BenchmarkEvaluateCases: the default rule set over a realistic mix of
// cases, beside the same checks hand-written in Go. Compare ns/subject.
func BenchmarkEvaluateCases(b *testing.B) {
	rs, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	cases := benchCases(1000)
	facts := &efficiency.Facts{Cases: cases}
	at := time.Date(2026, 10, 20, 10, 0, 0, 0, sh)
	b.Run("engine", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := rs.Evaluate(context.Background(), facts, at); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cases)), "ns/subject")
	})
	b.Run("handwritten", func(b *testing.B) {
		b.ReportAllocs()
		cal := rs.Calendar()
		var out []string
		for b.Loop() {
			for i := range cases {
				out = handwritten(cal, &cases[i], at, out[:0])
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cases)), "ns/subject")
	})
}

// BenchmarkCompileDefault: compiling the city's rule set.
func BenchmarkCompileDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Default(); err != nil {
			b.Fatal(err)
		}
	}
}
