package rules

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/expr-lang/expr/vm"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

var vmPool = sync.Pool{New: func() any { return new(vm.VM) }}

// Evaluate runs every rule over every valid subject of facts as of at, and
// returns the findings, the warnings (预警), the rules that failed at run time
// and the subjects whose facts were invalid, each in a stable order.
//
// Events after at are ignored, so a past time sees the facts as they stood
// then. A rule that fails on a subject is reported in Report.Errors and the
// other rules still run. When ctx is cancelled, Evaluate stops between
// subjects and returns the report so far together with ctx's error.
func (rs *RuleSet) Evaluate(ctx context.Context, facts *efficiency.Facts, at time.Time) (*efficiency.Report, error) {
	if facts == nil {
		facts = &efficiency.Facts{}
	}
	if at.IsZero() {
		return nil, errors.New("rules: Evaluate needs the evaluation time (at is zero)")
	}
	e := &evaluation{rs: rs, ctx: ctx, d: newDeriver(rs.cal, at),
		report: &efficiency.Report{At: at.In(rs.cal.Location()), Jurisdiction: rs.jurisdiction.ID,
			Findings: []efficiency.Finding{}, Warnings: []efficiency.Finding{},
			Evaluated: map[efficiency.SubjectKind]int{}}}
	err := e.run(facts)
	r := e.report
	efficiency.SortFindings(r.Findings)
	efficiency.SortFindings(r.Warnings)
	return r, err
}

type evaluation struct {
	rs     *RuleSet
	ctx    context.Context
	d      *deriver
	report *efficiency.Report
}

// valid filters the subjects of one kind: invalid ones and repeated ids are
// reported and left out.
func valid[T any](e *evaluation, kind efficiency.SubjectKind, items []T, id func(*T) string, check func(*T) []efficiency.FactError) []*T {
	seen := map[string]bool{}
	out := make([]*T, 0, len(items))
	for i := range items {
		it := &items[i]
		if errs := check(it); len(errs) > 0 {
			e.report.Invalid = append(e.report.Invalid, errs...)
			continue
		}
		if seen[id(it)] {
			e.report.Invalid = append(e.report.Invalid, efficiency.FactError{
				Subject: efficiency.SubjectRef{Kind: kind, ID: id(it)}, Field: "id",
				Message: efficiency.T("批次中重复的标识：只评估第一个", "duplicate id in the batch: only the first is evaluated")})
			continue
		}
		seen[id(it)] = true
		out = append(out, it)
	}
	return out
}

func (e *evaluation) run(f *efficiency.Facts) error {
	d := e.d
	units := valid(e, efficiency.UnitSubject, f.Units, func(u *efficiency.Unit) string { return u.ID }, (*efficiency.Unit).Validate)
	officials := valid(e, efficiency.OfficialSubject, f.Officials, func(o *efficiency.Official) string { return o.ID }, (*efficiency.Official).Validate)
	cases := valid(e, efficiency.CaseSubject, f.Cases, func(c *efficiency.Case) string { return c.ID }, (*efficiency.Case).Validate)
	orders := valid(e, efficiency.OrderSubject, f.Orders, func(o *efficiency.Order) string { return o.ID }, (*efficiency.Order).Validate)
	complaints := valid(e, efficiency.ComplaintSubject, f.Complaints, func(c *efficiency.Complaint) string { return c.ID }, (*efficiency.Complaint).Validate)

	// Units first (their own facts), then cases, whose figures they aggregate.
	d.units = make(map[string]*UnitFacts, len(units))
	unitErr := map[string]error{}
	for _, u := range units {
		d.err = nil
		uf := d.unitFacts(u)
		d.units[u.ID] = &uf
		unitErr[u.ID] = d.err
	}
	officialUnit := make(map[string]string, len(officials))
	for _, o := range officials {
		officialUnit[o.ID] = o.Unit
	}
	d.officialCases = map[string]int{}
	caseFacts := make([]CaseFacts, len(cases))
	caseErr := make([]error, len(cases))
	for i, c := range cases {
		d.err = nil
		caseFacts[i] = d.caseFacts(c)
		caseErr[i] = d.err
		if d.err != nil {
			continue
		}
		if u := d.units[c.Unit]; u != nil {
			u.addCase(&caseFacts[i])
		}
		for _, o := range caseOfficials(c) {
			d.officialCases[o]++
		}
	}
	unitOf := func(id string) UnitFacts {
		if u := d.units[id]; u != nil {
			return *u
		}
		return UnitFacts{}
	}

	// One environment per kind, reused subject after subject and passed by
	// pointer, so evaluating a subject copies no environment to the heap.
	var env CaseEnv
	for i, c := range cases {
		ref := efficiency.SubjectRef{Kind: efficiency.CaseSubject, ID: c.ID}
		env = CaseEnv{Case: caseFacts[i], Unit: unitOf(c.Unit), At: d.at}
		if err := e.subject(ref, caseErr[i], &env, c.Unit, caseOfficials(c)); err != nil {
			return err
		}
		e.nextForCase(ref, &caseFacts[i])
	}
	var orderEnv OrderEnv
	for _, o := range orders {
		ref := efficiency.SubjectRef{Kind: efficiency.OrderSubject, ID: o.ID}
		d.err = nil
		orderEnv = OrderEnv{Order: d.orderFacts(o), Unit: unitOf(o.Assignee), At: d.at}
		if err := e.subject(ref, d.err, &orderEnv, o.Assignee, nil); err != nil {
			return err
		}
		if !orderEnv.Order.Completed && d.at.Before(o.Due) {
			e.next(ref, o.Due.Add(time.Nanosecond))
		}
	}
	var complaintEnv ComplaintEnv
	for _, c := range complaints {
		ref := efficiency.SubjectRef{Kind: efficiency.ComplaintSubject, ID: c.ID}
		d.err = nil
		unit := c.Unit
		if unit == "" {
			unit = officialUnit[c.Official]
		}
		complaintEnv = ComplaintEnv{Complaint: d.complaintFacts(c), Unit: unitOf(unit), At: d.at}
		var offs []string
		if c.Official != "" {
			offs = []string{c.Official}
		}
		if err := e.subject(ref, d.err, &complaintEnv, unit, offs); err != nil {
			return err
		}
	}
	var unitEnv UnitEnv
	for _, u := range units {
		ref := efficiency.SubjectRef{Kind: efficiency.UnitSubject, ID: u.ID}
		unitEnv = UnitEnv{Unit: unitOf(u.ID), At: d.at}
		if err := e.subject(ref, unitErr[u.ID], &unitEnv, u.ID, nil); err != nil {
			return err
		}
	}
	var officialEnv OfficialEnv
	for _, o := range officials {
		ref := efficiency.SubjectRef{Kind: efficiency.OfficialSubject, ID: o.ID}
		officialEnv = OfficialEnv{Official: d.officialFacts(o), Unit: unitOf(o.Unit), At: d.at}
		if err := e.subject(ref, nil, &officialEnv, o.Unit, []string{o.ID}); err != nil {
			return err
		}
	}
	return nil
}

// caseOfficials is whom a case's findings concern: the responsible official, then the handlers.
func caseOfficials(c *efficiency.Case) []string {
	var out []string
	if c.Responsible != "" {
		out = append(out, c.Responsible)
	}
	for _, o := range c.Officials {
		if !contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}

// subject runs the rules of ref's kind over one environment.
func (e *evaluation) subject(ref efficiency.SubjectRef, deriveErr error, env any, unit string, officials []string) error {
	if err := e.ctx.Err(); err != nil {
		return err
	}
	if deriveErr != nil {
		e.report.Errors = append(e.report.Errors, efficiency.EvalError{Subject: ref, Message: tf(
			"无法计算派生事实，未评估任何规则：%v", "could not derive the facts, no rule was evaluated: %v", deriveErr)})
		return nil
	}
	e.report.Evaluated[ref.Kind]++
	machine := vmPool.Get().(*vm.VM)
	defer vmPool.Put(machine)
	for _, r := range e.rs.byKind[ref.Kind] {
		hit, err := r.test(machine, env)
		if err != nil {
			e.fail(r, ref, err)
			continue
		}
		if !hit {
			continue
		}
		f, err := e.finding(machine, r, ref, env, unit, officials)
		if err != nil {
			e.fail(r, ref, err)
			continue
		}
		if r.Warning {
			e.report.Warnings = append(e.report.Warnings, f)
		} else {
			e.report.Findings = append(e.report.Findings, f)
		}
	}
	return nil
}

func (e *evaluation) fail(r *Rule, ref efficiency.SubjectRef, err error) {
	msg := err.Error()
	if i := strings.Index(msg, "\n"); i >= 0 {
		msg = msg[:i]
	}
	e.report.Errors = append(e.report.Errors, efficiency.EvalError{Rule: r.ID, Subject: ref,
		Message: tf("运行时错误：%s", "run-time error: %s", msg)})
}

func (e *evaluation) finding(machine *vm.VM, r *Rule, ref efficiency.SubjectRef, env any, unit string, officials []string) (efficiency.Finding, error) {
	loc := e.rs.cal.Location()
	f := efficiency.Finding{
		ID: r.ID + "@" + ref.Kind.String() + ":" + ref.ID, Rule: r.ID, Subject: ref, Warning: r.Warning,
		Prohibition: r.Prohibition, System: r.System, Improvement: r.Improvement, Severity: r.Severity,
		Title: r.Title, Unit: unit, Officials: officials, Source: r.Source,
	}
	for _, ev := range r.evidence {
		v, err := machine.Run(ev.prog, env)
		if err != nil {
			return f, fmt.Errorf("evidence %q: %w", ev.name, err)
		}
		f.Evidence = append(f.Evidence, efficiency.Evidence{Name: ev.name, Value: normalise(v, loc)})
	}
	var zh, en strings.Builder
	r.message[0].render(&zh, ref.ID, f.Evidence, loc, true)
	r.message[1].render(&en, ref.ID, f.Evidence, loc, false)
	f.Message = efficiency.T(zh.String(), en.String())
	return f, nil
}

// normalise gives evidence values one representation each, so reports are
// stable: times in the jurisdiction's zone, lists as []any, floats rounded
// to 4 decimals.
func normalise(v any, loc *time.Location) any {
	switch x := v.(type) {
	case time.Time:
		return x.In(loc)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return x
		}
		return math.Round(x*1e4) / 1e4
	case float32:
		return normalise(float64(x), loc)
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = normalise(s, loc)
		}
		return out
	}
	return v
}

// nextForCase schedules an open case for the start of its next working day,
// when its elapsed count next changes.
func (e *evaluation) nextForCase(ref efficiency.SubjectRef, c *CaseFacts) {
	if c.Completed || !c.Workdays.Started || c.Workdays.Suspended {
		return
	}
	day := e.d.today
	for range 40 {
		day = day.AddDays(1)
		ok, err := e.rs.cal.IsWorkday(day)
		if err != nil {
			return
		}
		if ok {
			e.next(ref, day.Start(e.rs.cal.Location()))
			return
		}
	}
}

func (e *evaluation) next(ref efficiency.SubjectRef, t time.Time) {
	e.report.Next = append(e.report.Next, efficiency.NextCheck{Subject: ref, At: t.In(e.rs.cal.Location())})
}
