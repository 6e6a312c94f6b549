package rules

import (
	"context"
	"fmt"
	"runtime"
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
	h := hwDeriveCase(cal, c, at)
	return h.check(out)
}

// hwCase is what the hand-written baseline derives from a case's timeline.
type hwCase struct {
	c                                                            *efficiency.Case
	received, accepted, completed, decided, hasReasons, hasBasis bool
	outcome                                                      string
	asked, handled, referred, beyond                             bool
	inquiryWait                                                  int
	notices, firstDelay                                          int
	unscheduled                                                  int
	aboveFen                                                     int64
	unplanned, noBasis, levies, gifts, unapproved, bad           int
	callbackWait, rectifyWait                                    int
	started, suspended                                           bool
	elapsed, committed, statutory                                int
}

func hwDeriveCase(cal *efficiency.Calendar, c *efficiency.Case, at time.Time) hwCase {
	loc := cal.Location()
	wd := func(a, b time.Time) int {
		n, _ := cal.WorkdaysBetween(efficiency.DateOf(a, loc), efficiency.DateOf(b, loc))
		return n
	}
	h := hwCase{c: c}
	m := &c.Matter
	var receivedAt, inquiryAt, takenUp time.Time
	var inquiryOfficial string
	var beyond [8]string // materials beyond the list, without allocating
	nBeyond := 0
	var badAt, callbacks, rectifications [8]time.Time
	nBad, nCallbacks, nRectifications := 0, 0, 0
	for i := range c.Events {
		e := &c.Events[i]
		if e.At.After(at) {
			break
		}
		switch e.Kind {
		case efficiency.Inquiry:
			if !h.asked {
				h.asked, inquiryOfficial, inquiryAt = true, e.Official, e.At
			}
		case efficiency.Referral:
			if h.asked && e.Official == inquiryOfficial {
				h.referred = true
			}
		case efficiency.Receipt:
			if !h.received {
				h.received, receivedAt = true, e.At
			}
		case efficiency.MaterialNotice:
			h.notices++
			if h.notices == 1 && h.received {
				h.firstDelay = wd(receivedAt, e.At)
			}
			for _, mat := range e.Materials {
				if !slices.Contains(m.Materials, mat) && !slices.Contains(beyond[:nBeyond], mat) && nBeyond < len(beyond) {
					beyond[nBeyond] = mat
					nBeyond++
				}
			}
		case efficiency.Acceptance:
			h.accepted = true
		case efficiency.Extension:
			if e.ApprovedBy == "" {
				h.unapproved++
			}
		case efficiency.Decision:
			h.decided, h.outcome, h.hasReasons, h.hasBasis = true, e.Outcome, e.Reasons != "", e.LegalBasis != ""
		case efficiency.Completion:
			h.completed = true
		case efficiency.Fee:
			found := false
			for _, f := range m.Fees {
				if f.Code == e.Item {
					found = true
					if e.AmountFen > f.MaxFen {
						h.aboveFen += e.AmountFen - f.MaxFen
					}
				}
			}
			if !found {
				h.unscheduled++
			}
		case efficiency.Inspection:
			if !e.Planned {
				h.unplanned++
			}
		case efficiency.Penalty:
			if e.LegalBasis == "" {
				h.noBasis++
			}
		case efficiency.Levy:
			h.levies++
		case efficiency.Gift:
			h.gifts++
		case efficiency.Rating:
			if e.Score <= 2 && nBad < len(badAt) {
				h.bad++
				badAt[nBad] = e.At
				nBad++
			}
		case efficiency.Callback:
			if nCallbacks < len(callbacks) {
				callbacks[nCallbacks] = e.At
				nCallbacks++
			}
		case efficiency.Rectification:
			if nRectifications < len(rectifications) {
				rectifications[nRectifications] = e.At
				nRectifications++
			}
		}
		if h.asked && e.Kind != efficiency.Inquiry {
			if e.Official == inquiryOfficial && e.Kind != efficiency.Referral {
				h.handled = true
			}
			if takenUp.IsZero() && (e.Official == inquiryOfficial || e.Kind == efficiency.Referral ||
				e.Kind == efficiency.Receipt || e.Kind == efficiency.Acceptance) {
				takenUp = e.At
			}
		}
	}
	h.beyond = nBeyond > 0
	wait := func(answers []time.Time) int {
		most := 0
		for _, b := range badAt[:nBad] {
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
	h.callbackWait, h.rectifyWait = wait(callbacks[:nCallbacks]), wait(rectifications[:nRectifications])
	if h.asked {
		if slices.Contains(c.Officials, inquiryOfficial) || c.Responsible == inquiryOfficial {
			h.handled = true
		}
		end := at
		if !takenUp.IsZero() {
			end = takenUp
		}
		h.inquiryWait = wd(inquiryAt, end)
	}
	clock := c.Clock(at, loc)
	h.started, h.suspended = clock.Started, clock.Suspended
	h.elapsed, _ = clock.Elapsed(cal, at)
	h.committed = m.CommittedDays + clock.ExtensionDays
	h.statutory = m.StatutoryDays + clock.ExtensionDays
	return h
}

// check is the default case rules over the derived facts.
func (h *hwCase) check(out []string) []string {
	m := &h.c.Matter
	if m.CommittedDays > 0 && h.elapsed > h.committed {
		out = append(out, "P2.commitment.overdue")
	}
	if !h.completed && h.started && !h.suspended && m.CommittedDays > 0 && float64(h.elapsed) >= 0.9*float64(h.committed) && h.elapsed <= h.committed {
		out = append(out, "P2.commitment.warning")
	}
	if m.StatutoryDays > 0 && h.elapsed > h.statutory {
		out = append(out, "P2.statutory.overdue")
	}
	published := m.Published.Procedure && m.Published.Fees && m.Published.TimeLimits
	if h.received && !published {
		out = append(out, "P2.affairs.not-public")
	}
	if h.decided && (!h.hasReasons || !h.hasBasis) {
		out = append(out, "P2.black-box.unreasoned-decision")
	}
	if (h.decided || h.completed) && !h.received && !h.accepted {
		out = append(out, "P2.black-box.off-record")
	}
	if h.unapproved > 0 {
		out = append(out, "P2.extension.unapproved")
	}
	if h.unscheduled > 0 {
		out = append(out, "P3.fees.unscheduled")
	}
	if h.aboveFen > 0 {
		out = append(out, "P3.fees.above-schedule")
	}
	if h.unplanned > 0 {
		out = append(out, "P3.inspections.beyond-plan")
	}
	if h.noBasis > 0 {
		out = append(out, "P3.penalty.no-legal-basis")
	}
	if h.levies > 0 {
		out = append(out, "P3.levy")
	}
	if h.gifts > 0 {
		out = append(out, "P3.gift")
	}
	if h.beyond {
		out = append(out, "P4.obstruction.materials")
	}
	if h.decided && h.outcome == efficiency.Rejected && !h.hasReasons {
		out = append(out, "P4.obstruction.rejection-without-reasons")
	}
	if h.bad > 0 && h.callbackWait > 5 {
		out = append(out, "P4.review.no-callback")
	}
	if h.bad > 0 && h.rectifyWait > 10 {
		out = append(out, "P4.review.not-rectified")
	}
	if h.received && h.c.Responsible == "" {
		out = append(out, "S1.case.no-responsible")
	}
	if h.received && !m.Published.Materials {
		out = append(out, "S2.matter.materials-not-public")
	}
	if m.StatutoryDays > 0 && m.CommittedDays > m.StatutoryDays {
		out = append(out, "S3.commitment.longer-than-statutory")
	}
	if h.asked && !h.handled && !h.referred && h.inquiryWait > 1 {
		out = append(out, "S4.first-inquiry.unhandled")
	}
	if h.notices > 1 {
		out = append(out, "S5.notices.repeated")
	}
	if h.notices > 0 && h.firstDelay > 5 {
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
	b.Run("impl=engine", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := rs.Evaluate(context.Background(), facts, at); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cases)), "ns/subject")
	})
	b.Run("impl=evaluator", func(b *testing.B) { // reusing its memory from one batch to the next
		b.ReportAllocs()
		ev := rs.NewEvaluator()
		for b.Loop() {
			if _, err := ev.Evaluate(context.Background(), facts, at); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cases)), "ns/subject")
		b.ReportMetric(msgHitPercent(&ev.sc.msgs), "msg-hit-%")
	})
	b.Run("impl=handwritten", func(b *testing.B) {
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
	b.ReportMetric(retainedKB(b, func() any { rs, _ := Default(); return rs }), "retained-KB")
}

// retainedKB is the heap that what build returns keeps alive, in KB: what
// a service holding it pays on every cycle of the collector.
func retainedKB(b *testing.B, build func() any) float64 {
	b.StopTimer()
	defer b.StartTimer()
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.HeapAlloc
	v := build()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	runtime.KeepAlive(v)
	return float64(int64(ms.HeapAlloc)-int64(before)) / 1024
}
