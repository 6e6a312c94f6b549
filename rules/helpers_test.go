package rules_test

// Small builders for facts, so that a test case states only what matters to
// it: fixed times in Asia/Shanghai, a case with a fully published default
// matter, events, orders, complaints, units and officials.

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/rules"
)

// cityRuleSet compiles the city's default rule set once for the whole package.
var cityRuleSet = sync.OnceValues(func() (*rules.RuleSet, error) { return rules.Default() })

// city returns the compiled default rule set, failing the test if it does not compile.
func city(t testing.TB) *rules.RuleSet {
	t.Helper()
	rs, err := cityRuleSet()
	require.NoError(t, err, "rules.Default()")
	return rs
}

// day is y-m-d hh:mm in Asia/Shanghai.
func day(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, efficiency.ShanghaiZone())
}

// endOf is the last instant of y-m-d in Asia/Shanghai, the form due dates take.
func endOf(y int, m time.Month, d int) time.Time {
	return efficiency.NewDate(y, m, d).End(efficiency.ShanghaiZone())
}

// Default subject ids.
const (
	caseID      = "c1"
	orderID     = "ord1"
	complaintID = "cp1"
	unitID      = "u1"
	officialID  = "off1" // the responsible official of the default case
	matterCode  = "M001"
)

// defaultMatter is published in full, with a statutory limit of 20 and a
// committed limit of 10 working days, a fee schedule and a material list.
func defaultMatter() efficiency.Matter {
	return efficiency.Matter{
		Code:          matterCode,
		Name:          efficiency.T("食品经营许可", "Food business licence"),
		StatutoryDays: 20,
		CommittedDays: 10,
		Published:     efficiency.Publication{Procedure: true, Fees: true, TimeLimits: true, Materials: true},
		Fees:          []efficiency.FeeItem{{Code: "GB", MaxFen: 5000}},
		Materials:     []string{"身份证", "营业执照", "ID"},
	}
}

// caseB builds a case: id c1 of unit u1, handled by and answerable to off1,
// for the default matter.
type caseB struct{ c efficiency.Case }

func newCase(events ...efficiency.Event) *caseB {
	return &caseB{c: efficiency.Case{
		ID: caseID, Unit: unitID, Channel: efficiency.Window, Applicant: "a1",
		Officials: []string{officialID}, Responsible: officialID,
		Matter: defaultMatter(), Events: events,
	}}
}

func (b *caseB) id(id string) *caseB          { b.c.ID = id; return b }
func (b *caseB) responsible(id string) *caseB { b.c.Responsible = id; return b }
func (b *caseB) committed(days int) *caseB    { b.c.Matter.CommittedDays = days; return b }
func (b *caseB) limits(statutory, committed int) *caseB {
	b.c.Matter.StatutoryDays, b.c.Matter.CommittedDays = statutory, committed
	return b
}
func (b *caseB) materials(list ...string) *caseB { b.c.Matter.Materials = list; return b }
func (b *caseB) fees(items ...efficiency.FeeItem) *caseB {
	b.c.Matter.Fees = items
	return b
}
func (b *caseB) published(p efficiency.Publication) *caseB {
	b.c.Matter.Published = p
	return b
}
func (b *caseB) build() efficiency.Case {
	c := b.c
	c.Officials = slices.Clone(c.Officials)
	c.Events = slices.Clone(c.Events)
	c.Matter.Materials = slices.Clone(c.Matter.Materials)
	c.Matter.Fees = slices.Clone(c.Matter.Fees)
	return c
}

// Events of a case's timeline.

func ev(kind efficiency.EventKind, at time.Time) efficiency.Event {
	return efficiency.Event{Kind: kind, At: at}
}
func receipt(at time.Time) efficiency.Event    { return ev(efficiency.Receipt, at) }
func acceptance(at time.Time) efficiency.Event { return ev(efficiency.Acceptance, at) }
func completion(at time.Time) efficiency.Event { return ev(efficiency.Completion, at) }
func supplement(at time.Time) efficiency.Event { return ev(efficiency.Supplement, at) }
func resumption(at time.Time) efficiency.Event { return ev(efficiency.Resumption, at) }
func callback(at time.Time) efficiency.Event   { return ev(efficiency.Callback, at) }
func rectification(at time.Time) efficiency.Event {
	return ev(efficiency.Rectification, at)
}

func notice(at time.Time, materials ...string) efficiency.Event {
	e := ev(efficiency.MaterialNotice, at)
	e.Materials = materials
	return e
}

func suspension(at time.Time, reason string) efficiency.Event {
	e := ev(efficiency.Suspension, at)
	e.Reason = reason
	return e
}

// extension by days working days, approved by approvedBy ("" for nobody).
func extension(at time.Time, days int, approvedBy string) efficiency.Event {
	e := ev(efficiency.Extension, at)
	e.Days, e.ApprovedBy = days, approvedBy
	return e
}

func decision(at time.Time, outcome, reasons, legalBasis string) efficiency.Event {
	e := ev(efficiency.Decision, at)
	e.Outcome, e.Reasons, e.LegalBasis = outcome, reasons, legalBasis
	return e
}

func fee(at time.Time, item string, fen int64) efficiency.Event {
	e := ev(efficiency.Fee, at)
	e.Item, e.AmountFen = item, fen
	return e
}

func inspection(at time.Time, planned bool) efficiency.Event {
	e := ev(efficiency.Inspection, at)
	e.Planned = planned
	return e
}

func penalty(at time.Time, fen int64, legalBasis string) efficiency.Event {
	e := ev(efficiency.Penalty, at)
	e.AmountFen, e.LegalBasis = fen, legalBasis
	return e
}

func levy(at time.Time, fen int64) efficiency.Event {
	e := ev(efficiency.Levy, at)
	e.AmountFen = fen
	return e
}

func gift(at time.Time, fen int64) efficiency.Event {
	e := ev(efficiency.Gift, at)
	e.AmountFen = fen
	return e
}

func rating(at time.Time, score int) efficiency.Event {
	e := ev(efficiency.Rating, at)
	e.Score = score
	return e
}

func inquiry(at time.Time, official string) efficiency.Event {
	e := ev(efficiency.Inquiry, at)
	e.Official = official
	return e
}

func referral(at time.Time, official, to string) efficiency.Event {
	e := ev(efficiency.Referral, at)
	e.Official, e.To = official, to
	return e
}

// by sets who acted.
func by(official string, e efficiency.Event) efficiency.Event {
	e.Official = official
	return e
}

// with applies modifications to a copy of v.
func with[T any](v T, mods ...func(*T)) T {
	for _, m := range mods {
		m(&v)
	}
	return v
}

// order ord1 from the city to u1.
func order(issued, due time.Time, mods ...func(*efficiency.Order)) efficiency.Order {
	return with(efficiency.Order{ID: orderID, Title: "整治占道经营", Issuer: "city", Assignee: unitID,
		Issued: issued, Due: due}, mods...)
}

// complaint cp1 about unit u1 by hotline, received at received.
func complaint(category string, received time.Time, mods ...func(*efficiency.Complaint)) efficiency.Complaint {
	return with(efficiency.Complaint{ID: complaintID, Channel: efficiency.Hotline, Unit: unitID,
		Category: category, Received: received}, mods...)
}

// verified marks a complaint verified as true at t.
func verified(t time.Time) func(*efficiency.Complaint) {
	return func(c *efficiency.Complaint) { c.Verification, c.Verified = efficiency.Verified, t }
}

// unfounded marks a complaint found untrue at t.
func unfounded(t time.Time) func(*efficiency.Complaint) {
	return func(c *efficiency.Complaint) { c.Verification, c.Verified = efficiency.Unfounded, t }
}

func responded(t time.Time) func(*efficiency.Complaint) {
	return func(c *efficiency.Complaint) { c.Responded = t }
}

func decided(t time.Time) func(*efficiency.Complaint) {
	return func(c *efficiency.Complaint) { c.Decided = t }
}

func unit(id string, mods ...func(*efficiency.Unit)) efficiency.Unit {
	return with(efficiency.Unit{ID: id, Name: efficiency.T("市场监管局", "Market regulation bureau"),
		Kind: efficiency.MunicipalUnit}, mods...)
}

func official(id, post string) efficiency.Official {
	return efficiency.Official{ID: id, Name: "张三", Unit: unitID, Post: post}
}

// batch gathers subjects (efficiency.Case, *caseB, Order, Complaint, Unit,
// Official) into facts.
func batch(items ...any) *efficiency.Facts {
	f := &efficiency.Facts{}
	for _, it := range items {
		switch x := it.(type) {
		case *caseB:
			f.Cases = append(f.Cases, x.build())
		case efficiency.Case:
			f.Cases = append(f.Cases, x)
		case efficiency.Order:
			f.Orders = append(f.Orders, x)
		case efficiency.Complaint:
			f.Complaints = append(f.Complaints, x)
		case efficiency.Unit:
			f.Units = append(f.Units, x)
		case efficiency.Official:
			f.Officials = append(f.Officials, x)
		default:
			panic("batch: unsupported subject type")
		}
	}
	return f
}

// hit is the id a finding of rule about subject kind:id gets ("rule@case:c1").
func hit(rule string, kind efficiency.SubjectKind, id string) string {
	return rule + "@" + kind.String() + ":" + id
}

func hits(kind efficiency.SubjectKind, id string, rules ...string) []string {
	out := make([]string, 0, len(rules))
	for _, r := range rules {
		out = append(out, hit(r, kind, id))
	}
	return out
}

// onCase, onOrder, … name findings about the default subject of each kind.
func onCase(rules ...string) []string  { return hits(efficiency.CaseSubject, caseID, rules...) }
func onOrder(rules ...string) []string { return hits(efficiency.OrderSubject, orderID, rules...) }
func onComplaint(rules ...string) []string {
	return hits(efficiency.ComplaintSubject, complaintID, rules...)
}
func onUnit(rules ...string) []string { return hits(efficiency.UnitSubject, unitID, rules...) }
func onOfficial(rules ...string) []string {
	return hits(efficiency.OfficialSubject, officialID, rules...)
}

// findingIDs lists the findings' ids, sorted.
func findingIDs(fs []efficiency.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.ID)
	}
	slices.Sort(out)
	return out
}

// sortedCopy returns ids sorted, never nil.
func sortedCopy(ids []string) []string {
	out := append([]string{}, ids...)
	slices.Sort(out)
	return out
}

// evidence builds an expected evidence list from name, value pairs.
func evidence(pairs ...any) []efficiency.Evidence {
	if len(pairs)%2 != 0 {
		panic("evidence: odd number of arguments")
	}
	out := make([]efficiency.Evidence, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, efficiency.Evidence{Name: pairs[i].(string), Value: pairs[i+1]})
	}
	return out
}
