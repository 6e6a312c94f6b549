package rules

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// Benchmarks of the default rule set on each subject kind other than cases
// (BenchmarkEvaluateCases has those), each beside the same checks written by
// hand in Go, with tests that keep the baselines honest.

var benchAt = time.Date(2026, 10, 20, 10, 0, 0, 0, sh)

func benchOrders(n int) []efficiency.Order {
	out := make([]efficiency.Order, n)
	start := time.Date(2026, 9, 1, 9, 0, 0, 0, sh)
	for i := range out {
		issued := start.Add(time.Duration(i%40) * 24 * time.Hour)
		o := efficiency.Order{ID: fmt.Sprintf("O-%05d", i), Issuer: "gov", Assignee: fmt.Sprintf("u%d", i%5),
			Issued: issued, Due: issued.Add(20 * 24 * time.Hour), Acknowledged: issued.Add(time.Hour)}
		switch i % 10 {
		case 1: // acknowledged late
			o.Acknowledged = issued.Add(6 * 24 * time.Hour)
		case 2: // never acknowledged, own limit
			o.Acknowledged, o.AckDays = time.Time{}, 5
		case 3: // partial
			o.Partial = true
		}
		if i%3 != 0 {
			o.Completed = issued.Add(time.Duration(10+i%15) * 24 * time.Hour)
		}
		out[i] = o
	}
	return out
}

// hwOrder is the default order rules written by hand.
func hwOrder(cal *efficiency.Calendar, o *efficiency.Order, at time.Time, out []string) []string {
	loc := cal.Location()
	wd := func(a, b time.Time) int {
		n, _ := cal.WorkdaysBetween(efficiency.DateOf(a, loc), efficiency.DateOf(b, loc))
		return n
	}
	happened := func(t time.Time) bool { return !t.IsZero() && !t.After(at) }
	acked, completed := happened(o.Acknowledged), happened(o.Completed)
	overdue := !completed && at.After(o.Due)
	late := completed && o.Completed.After(o.Due)
	ackEnd := at
	if acked {
		ackEnd = o.Acknowledged
	}
	ackWorkdays := wd(o.Issued, ackEnd)
	if overdue {
		out = append(out, "P1.order.not-executed")
	}
	if late {
		out = append(out, "P1.order.late")
	}
	limit := o.AckDays
	if limit <= 0 {
		limit = 2
	}
	if ackWorkdays > limit {
		out = append(out, "P1.order.not-acknowledged")
	}
	if o.Partial && completed {
		out = append(out, "P1.order.selective")
	}
	if !completed && !overdue && wd(at, o.Due) <= 2 {
		out = append(out, "P1.order.due-soon")
	}
	return out
}

func benchComplaints(n int) []efficiency.Complaint {
	out := make([]efficiency.Complaint, n)
	start := time.Date(2026, 8, 20, 9, 0, 0, 0, sh)
	cats := []string{"attitude", "procrastination", "fees", "obstruction", "rent-seeking", "non-execution", "other"}
	for i := range out {
		recv := start.Add(time.Duration(i%50) * 24 * time.Hour)
		c := efficiency.Complaint{ID: fmt.Sprintf("Q-%05d", i), Channel: efficiency.Hotline, Official: "o1",
			Unit: fmt.Sprintf("u%d", i%5), Category: cats[i%len(cats)], Received: recv,
			Responded: recv.Add(time.Duration(2+i%5) * 24 * time.Hour)}
		switch i % 6 {
		case 0:
			c.Verification, c.Verified = efficiency.Verified, recv.Add(5*24*time.Hour)
			if i%12 == 0 {
				c.Decided = c.Verified.Add(3 * 24 * time.Hour)
			}
		case 1:
			c.Verification, c.Verified = efficiency.Unfounded, recv.Add(5*24*time.Hour)
		case 2:
			c.Responded = time.Time{}
		}
		out[i] = c
	}
	return out
}

// hwComplaint is the default complaint rules written by hand.
func hwComplaint(cal *efficiency.Calendar, c *efficiency.Complaint, at time.Time, out []string) []string {
	loc := cal.Location()
	wd := func(a, b time.Time) int {
		n, _ := cal.WorkdaysBetween(efficiency.DateOf(a, loc), efficiency.DateOf(b, loc))
		return n
	}
	happened := func(t time.Time) bool { return !t.IsZero() && !t.After(at) }
	verification := c.Verification
	if verification == "" || (verification != efficiency.Pending && !happened(c.Verified)) {
		verification = efficiency.Pending
	}
	verified := verification == efficiency.Verified
	end := at
	if happened(c.Responded) {
		end = c.Responded
	}
	responseWait := wd(c.Received, end)
	decisionWait := 0
	if verified {
		end = at
		if happened(c.Decided) {
			end = c.Decided
		}
		decisionWait = wd(c.Verified, end)
	}
	if verified && c.Category == "non-execution" {
		out = append(out, "P1.complaint.verified")
	}
	if responseWait > 15 {
		out = append(out, "P2.complaint.response-overdue")
	}
	if verified && c.Category == "procrastination" {
		out = append(out, "P2.complaint.verified")
	}
	if verified && (c.Category == "rent-seeking" || c.Category == "fees") {
		out = append(out, "P3.complaint.verified")
	}
	if verified && (c.Category == "attitude" || c.Category == "obstruction") {
		out = append(out, "P4.complaint.attitude")
	}
	if verified && decisionWait > 20 {
		out = append(out, "S6.fault.no-decision")
	}
	return out
}

func benchUnits(n int) []efficiency.Unit {
	out := make([]efficiency.Unit, n)
	for i := range out {
		// Units that met the campaign's mobilisation deadlines, so the
		// campaign rules run on them but flag nothing (the baseline does not
		// restate the campaign's calendar).
		set := time.Date(2026, 9, 10, 9, 0, 0, 0, efficiency.ShanghaiZone())
		out[i] = efficiency.Unit{ID: fmt.Sprintf("u%d", i), Kind: efficiency.MunicipalUnit,
			Name:         efficiency.T(fmt.Sprintf("单位%d", i), fmt.Sprintf("unit %d", i)),
			LeadingGroup: set, Office: set,
			Deliverables: []efficiency.Deliverable{{Kind: "implementation-plan", Submitted: set}}}
		if i%4 == 0 {
			out[i].OnTimeTarget = 0.8
		}
	}
	return out
}

func benchOfficials(n int) []efficiency.Official {
	out := make([]efficiency.Official, n)
	for i := range out {
		out[i] = efficiency.Official{ID: fmt.Sprintf("o%d", i), Unit: fmt.Sprintf("u%d", i%5), Name: "x"}
		if i%3 != 0 {
			out[i].Post = "clerk"
		}
	}
	return out
}

// unitFigures are a unit's figures aggregated over the batch's cases, as
// the baseline would keep them (the unit batch has no cases, so all zero).
type unitFigures struct {
	completed, rated     int
	onTime, satisfaction float64
}

// hwUnit is the default unit rules written by hand.
func hwUnit(u *efficiency.Unit, figures map[string]unitFigures, out []string) []string {
	f := figures[u.ID]
	target := u.OnTimeTarget
	if target <= 0 {
		target = 0.95
	}
	if f.completed >= 5 && f.onTime < target {
		out = append(out, "S7.unit.on-time-rate")
	}
	target = u.SatisfactionTarget
	if target <= 0 {
		target = 0.9
	}
	if f.rated >= 5 && f.satisfaction < target {
		out = append(out, "S7.unit.satisfaction-rate")
	}
	return out
}

// hwOfficial is the default official rule written by hand.
func hwOfficial(o *efficiency.Official, cases map[string]int, out []string) []string {
	if o.Post == "" && cases[o.ID] > 0 {
		out = append(out, "S1.official.no-post")
	}
	return out
}

// kindBench is one subject kind's batch and its hand-written baseline.
type kindBench struct {
	name  string
	facts *efficiency.Facts
	n     int
	hw    func(cal *efficiency.Calendar, f *efficiency.Facts, at time.Time, out []string) []string
	// perSubject returns what the baseline flags on each subject, by id.
	perSubject func(cal *efficiency.Calendar, f *efficiency.Facts, at time.Time) map[string][]string
}

func kindBenches() []kindBench {
	orders := benchOrders(1000)
	complaints := benchComplaints(1000)
	units := benchUnits(1000)
	officials := benchOfficials(1000)
	return []kindBench{
		{name: "order", facts: &efficiency.Facts{Orders: orders}, n: len(orders),
			hw: func(cal *efficiency.Calendar, f *efficiency.Facts, at time.Time, out []string) []string {
				for i := range f.Orders {
					out = hwOrder(cal, &f.Orders[i], at, out[:0])
				}
				return out
			},
			perSubject: func(cal *efficiency.Calendar, f *efficiency.Facts, at time.Time) map[string][]string {
				m := map[string][]string{}
				for i := range f.Orders {
					m[f.Orders[i].ID] = hwOrder(cal, &f.Orders[i], at, nil)
				}
				return m
			}},
		{name: "complaint", facts: &efficiency.Facts{Complaints: complaints}, n: len(complaints),
			hw: func(cal *efficiency.Calendar, f *efficiency.Facts, at time.Time, out []string) []string {
				for i := range f.Complaints {
					out = hwComplaint(cal, &f.Complaints[i], at, out[:0])
				}
				return out
			},
			perSubject: func(cal *efficiency.Calendar, f *efficiency.Facts, at time.Time) map[string][]string {
				m := map[string][]string{}
				for i := range f.Complaints {
					m[f.Complaints[i].ID] = hwComplaint(cal, &f.Complaints[i], at, nil)
				}
				return m
			}},
		{name: "unit", facts: &efficiency.Facts{Units: units}, n: len(units),
			hw: func(_ *efficiency.Calendar, f *efficiency.Facts, _ time.Time, out []string) []string {
				figures := map[string]unitFigures{}
				for i := range f.Units {
					out = hwUnit(&f.Units[i], figures, out[:0])
				}
				return out
			},
			perSubject: func(_ *efficiency.Calendar, f *efficiency.Facts, _ time.Time) map[string][]string {
				m := map[string][]string{}
				for i := range f.Units {
					m[f.Units[i].ID] = hwUnit(&f.Units[i], map[string]unitFigures{}, nil)
				}
				return m
			}},
		{name: "official", facts: &efficiency.Facts{Officials: officials}, n: len(officials),
			hw: func(_ *efficiency.Calendar, f *efficiency.Facts, _ time.Time, out []string) []string {
				cases := map[string]int{}
				for i := range f.Officials {
					out = hwOfficial(&f.Officials[i], cases, out[:0])
				}
				return out
			},
			perSubject: func(_ *efficiency.Calendar, f *efficiency.Facts, _ time.Time) map[string][]string {
				m := map[string][]string{}
				for i := range f.Officials {
					m[f.Officials[i].ID] = hwOfficial(&f.Officials[i], map[string]int{}, nil)
				}
				return m
			}},
	}
}

// TestKindBaselinesAgree keeps the per-kind baselines honest: each flags
// exactly what the engine flags, and each batch flags something (but units
// and officials, whose rules need cases in the batch).
func TestKindBaselinesAgree(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	for _, kb := range kindBenches() {
		t.Run(kb.name, func(t *testing.T) {
			r, err := rs.Evaluate(context.Background(), kb.facts, benchAt)
			require.NoError(t, err)
			require.Empty(t, r.Errors)
			require.Empty(t, r.Invalid)
			engine := map[string][]string{}
			for _, f := range append(r.Findings, r.Warnings...) {
				engine[f.Subject.ID] = append(engine[f.Subject.ID], f.Rule)
			}
			fired := 0
			for id, got := range kb.perSubject(rs.Calendar(), kb.facts, benchAt) {
				want := engine[id]
				slices.Sort(got)
				slices.Sort(want)
				fired += len(got)
				if !slices.Equal(got, want) {
					t.Errorf("%s %s: handwritten = %v, engine = %v", kb.name, id, got, want)
				}
			}
			if kb.name == "order" || kb.name == "complaint" {
				require.NotZero(t, fired, "the %s batch flags nothing", kb.name)
			}
		})
	}
}

// BenchmarkEvaluateKinds: the default rule set on each subject kind beside
// the same checks hand-written in Go. Compare ns/subject.
func BenchmarkEvaluateKinds(b *testing.B) {
	rs, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	for _, kb := range kindBenches() {
		b.Run("kind="+kb.name+"/impl=engine", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := rs.Evaluate(context.Background(), kb.facts, benchAt); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*kb.n), "ns/subject")
		})
		b.Run("kind="+kb.name+"/impl=handwritten", func(b *testing.B) {
			b.ReportAllocs()
			cal := rs.Calendar()
			var out []string
			for b.Loop() {
				out = kb.hw(cal, kb.facts, benchAt, out[:0])
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*kb.n), "ns/subject")
		})
	}
}
