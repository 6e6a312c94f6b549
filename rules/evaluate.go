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
// other rules still run; so is a rule whose worst-case work on the subject
// is above [Limits].MaxIterations (a [BudgetError]), without running.
//
// Evaluate checks ctx between subjects and between the rules of a subject
// (a single expression is bounded by the sandbox's limits, not by ctx).
// When ctx is done it returns the report of the subjects it finished, whole,
// with the others listed in Report.Skipped, together with ctx's error. Every
// subject of facts is thus accounted for exactly once: evaluated (counted in
// Report.Evaluated), invalid (Report.Invalid), not derivable (an entry of
// Report.Errors without a rule) or skipped.
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
	e.d.campaign = rs.campaign
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

// valid filters the subjects of one kind: invalid ones and repeated ids
// (compared after folding full width to half width) are reported and left out.
func valid[T any](e *evaluation, kind efficiency.SubjectKind, items []T, id func(*T) string, check func(*T) []efficiency.FactError) []*T {
	seen := map[string]bool{}
	out := make([]*T, 0, len(items))
	for i := range items {
		it := &items[i]
		if errs := check(it); len(errs) > 0 {
			e.report.Invalid = append(e.report.Invalid, errs...)
			continue
		}
		key := efficiency.FoldWidth(id(it)) // ＣＡＳＥ-１ and CASE-1 are one id
		if seen[key] {
			e.report.Invalid = append(e.report.Invalid, efficiency.FactError{
				Subject: efficiency.SubjectRef{Kind: kind, ID: id(it)}, Field: "id",
				Message: efficiency.T("批次中重复的标识：只评估第一个", "duplicate id in the batch: only the first is evaluated")})
			continue
		}
		seen[key] = true
		out = append(out, it)
	}
	return out
}

// job is one subject to evaluate: its ref and a function deriving its
// environment (with the derivation's error) and the unit and officials its
// findings concern.
type job struct {
	ref   efficiency.SubjectRef
	since time.Time // the subject's RelevantTime: the rules in force then apply
	run   func() (env any, deriveErr error, unit string, officials []string)
}

func (e *evaluation) run(f *efficiency.Facts) error {
	d := e.d
	// Ids are folded to half width once, here, so every join below (a
	// case's unit, a complaint's official, a unit's officials) and every
	// finding sees one spelling: ＵＮＩＴ-１ is UNIT-1.
	f = efficiency.FoldIDs(f)
	units := valid(e, efficiency.UnitSubject, f.Units, func(u *efficiency.Unit) string { return u.ID }, (*efficiency.Unit).Validate)
	officials := valid(e, efficiency.OfficialSubject, f.Officials, func(o *efficiency.Official) string { return o.ID }, (*efficiency.Official).Validate)
	cases := valid(e, efficiency.CaseSubject, f.Cases, func(c *efficiency.Case) string { return c.ID }, (*efficiency.Case).Validate)
	orders := valid(e, efficiency.OrderSubject, f.Orders, func(o *efficiency.Order) string { return o.ID }, (*efficiency.Order).Validate)
	complaints := valid(e, efficiency.ComplaintSubject, f.Complaints, func(c *efficiency.Complaint) string { return c.ID }, (*efficiency.Complaint).Validate)

	// Every valid subject becomes a job, in report order; when ctx is
	// cancelled the jobs not finished are listed in Report.Skipped.
	var jobs []job
	for _, c := range cases {
		jobs = append(jobs, job{ref: efficiency.SubjectRef{Kind: efficiency.CaseSubject, ID: c.ID}, since: RelevantTime(c, d.at)})
	}
	for _, o := range orders {
		jobs = append(jobs, job{ref: efficiency.SubjectRef{Kind: efficiency.OrderSubject, ID: o.ID}, since: RelevantTime(o, d.at)})
	}
	for _, c := range complaints {
		jobs = append(jobs, job{ref: efficiency.SubjectRef{Kind: efficiency.ComplaintSubject, ID: c.ID}, since: RelevantTime(c, d.at)})
	}
	for _, u := range units {
		jobs = append(jobs, job{ref: efficiency.SubjectRef{Kind: efficiency.UnitSubject, ID: u.ID}, since: d.at})
	}
	for _, o := range officials {
		jobs = append(jobs, job{ref: efficiency.SubjectRef{Kind: efficiency.OfficialSubject, ID: o.ID}, since: d.at})
	}
	skip := func(from int) {
		for _, j := range jobs[from:] {
			e.report.Skipped = append(e.report.Skipped, j.ref)
		}
	}

	// Units first (their own facts), then cases, whose figures they aggregate.
	d.units = make(map[string]*UnitFacts, len(units))
	unitByID := make(map[string]*efficiency.Unit, len(units))
	for _, u := range units {
		unitByID[u.ID] = u
	}
	unitErr := map[string]error{}
	for _, u := range units {
		uf, err := safeDerive(d, func() UnitFacts { return d.unitFacts(u) })
		d.units[u.ID] = &uf
		unitErr[u.ID] = err
	}
	officialUnit := make(map[string]string, len(officials))
	for _, o := range officials {
		officialUnit[o.ID] = o.Unit
	}
	d.officialCases = map[string]int{}
	caseFacts := make([]CaseFacts, len(cases))
	caseErr := make([]error, len(cases))
	for i, c := range cases {
		if i%64 == 0 {
			if err := e.ctx.Err(); err != nil {
				skip(0)
				return err
			}
		}
		caseFacts[i], caseErr[i] = safeDerive(d, func() CaseFacts { return d.caseFacts(c) })
		if caseErr[i] != nil {
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

	// One environment per kind, reused subject after subject (jobs run one
	// at a time) and passed by pointer, so no environment is copied to the
	// heap per subject and lowered conditions read it in place.
	var (
		caseEnv      CaseEnv
		orderEnv     OrderEnv
		complaintEnv ComplaintEnv
		unitEnv      UnitEnv
		officialEnv  OfficialEnv
	)
	n := 0
	for i, c := range cases {
		jobs[n].run = func() (any, error, string, []string) {
			caseEnv = CaseEnv{Case: caseFacts[i], Unit: unitOf(c.Unit), At: d.at}
			return &caseEnv, caseErr[i], c.Unit, caseOfficials(c)
		}
		n++
	}
	for _, o := range orders {
		jobs[n].run = func() (any, error, string, []string) {
			f, err := safeDerive(d, func() OrderFacts { return d.orderFacts(o) })
			orderEnv = OrderEnv{Order: f, Unit: unitOf(o.Assignee), At: d.at}
			return &orderEnv, err, o.Assignee, nil
		}
		n++
	}
	for _, c := range complaints {
		jobs[n].run = func() (any, error, string, []string) {
			f, err := safeDerive(d, func() ComplaintFacts { return d.complaintFacts(c) })
			unit := c.Unit
			if unit == "" {
				unit = officialUnit[c.Official]
			}
			var offs []string
			if c.Official != "" {
				offs = []string{c.Official}
			}
			complaintEnv = ComplaintEnv{Complaint: f, Unit: unitOf(unit), At: d.at}
			return &complaintEnv, err, unit, offs
		}
		n++
	}
	for _, u := range units {
		jobs[n].run = func() (any, error, string, []string) {
			unitEnv = UnitEnv{Unit: unitOf(u.ID), At: d.at}
			return &unitEnv, unitErr[u.ID], u.ID, nil
		}
		n++
	}
	for _, o := range officials {
		jobs[n].run = func() (any, error, string, []string) {
			f, err := safeDerive(d, func() OfficialFacts { return d.officialFacts(o) })
			officialEnv = OfficialEnv{Official: f, Unit: unitOf(o.Unit), At: d.at}
			return &officialEnv, err, o.Unit, []string{o.ID}
		}
		n++
	}

	for i, j := range jobs {
		env, deriveErr, unit, offs := j.run()
		if err := e.subject(j.ref, j.since, deriveErr, env, unit, offs); err != nil {
			skip(i)
			return err
		}
		switch x := env.(type) {
		case *CaseEnv:
			if deriveErr == nil {
				e.nextForCase(j.ref, &x.Case)
			}
		case *OrderEnv:
			o := x.Order
			if deriveErr == nil && !o.Completed && d.at.Before(o.Due) {
				e.next(j.ref, o.Due.Add(time.Nanosecond))
			}
		case *UnitEnv:
			if deriveErr == nil {
				e.nextForUnit(j.ref, unitByID[j.ref.ID])
			}
		}
	}
	return nil
}

// safeDerive derives one subject's facts, turning the first calendar error
// and any panic into the subject's error, so one hostile subject never takes
// the batch (or the caller's process) down.
func safeDerive[T any](d *deriver, derive func() T) (out T, err error) {
	d.err = nil
	defer func() {
		if r := recover(); r != nil {
			var zero T
			out, err = zero, fmt.Errorf("internal error: %v", r)
		}
	}()
	out = derive()
	return out, d.err
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

// subject runs the rules of ref's kind over one environment. Its findings,
// warnings and errors are added to the report only when every rule has run:
// if ctx is cancelled between two rules, the subject is left out whole
// (Evaluate lists it in Report.Skipped) and ctx's error returned.
//
// Only the rules in force at since (the subject's [RelevantTime]) run.
func (e *evaluation) subject(ref efficiency.SubjectRef, since time.Time, deriveErr error, env any, unit string, officials []string) error {
	if err := e.ctx.Err(); err != nil {
		return err
	}
	if deriveErr != nil {
		e.report.Errors = append(e.report.Errors, efficiency.EvalError{Subject: ref, Message: tf(
			"无法计算派生事实，未评估任何规则：%v", "could not derive the facts, no rule was evaluated: %v", deriveErr)})
		return nil
	}
	machine := vmPool.Get().(*vm.VM)
	defer vmPool.Put(machine)
	machine.MemoryBudget = e.rs.limits.MaxMemory
	var findings, warnings []efficiency.Finding
	var errs []efficiency.EvalError
	longest := -1 // the subject's longest list, measured when a rule first needs it
	day := efficiency.DateOf(since, e.rs.cal.Location())
	for _, r := range e.rs.byKind[ref.Kind] {
		if err := e.ctx.Err(); err != nil {
			return err
		}
		if !r.InForce(day) {
			continue
		}
		if err := e.withinBudget(r.whenWork, env, ref.Kind, &longest); err != nil {
			errs = append(errs, e.failure(r, ref, err))
			continue
		}
		f, hit, err := e.rule(machine, r, ref, env, unit, officials, &longest)
		if err != nil {
			errs = append(errs, e.failure(r, ref, err))
			continue
		}
		if !hit {
			continue
		}
		if r.Warning {
			warnings = append(warnings, f)
		} else {
			findings = append(findings, f)
		}
	}
	e.report.Evaluated[ref.Kind]++
	e.report.Findings = append(e.report.Findings, findings...)
	e.report.Warnings = append(e.report.Warnings, warnings...)
	e.report.Errors = append(e.report.Errors, errs...)
	return nil
}

// rule runs one rule on one subject: its condition, then, when it holds,
// the finding's evidence and message. A panic anywhere in it (a builtin, a
// lowered condition, a template) becomes that rule's error on that subject,
// so the subject's other rules and the rest of the batch still run.
func (e *evaluation) rule(machine *vm.VM, r *Rule, ref efficiency.SubjectRef, env any, unit string, officials []string, longest *int) (f efficiency.Finding, hit bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			f, hit, err = efficiency.Finding{}, false, fmt.Errorf("internal error: %v", p)
		}
	}()
	if hit, err = r.test(machine, env); err != nil || !hit {
		return f, false, err
	}
	f, err = e.finding(machine, r, ref, env, unit, officials, longest)
	return f, true, err
}

// withinBudget checks an expression's bound on work against MaxIterations
// for this subject, before it runs.
func (e *evaluation) withinBudget(work cost, env any, kind efficiency.SubjectKind, longest *int) error {
	if len(work) == 0 {
		return nil
	}
	if *longest < 0 {
		*longest = longestList(env, e.rs.lists[kind])
	}
	limit := e.rs.limits.MaxIterations
	if w := work.at(*longest); w > float64(limit) {
		return &BudgetError{Bound: w, Limit: limit, Longest: *longest}
	}
	return nil
}

// BudgetError is a rule refused on one subject because the worst-case work
// of its condition or evidence (see [Limits].MaxIterations) is above the
// limit for lists as long as the subject's longest. It appears in
// Report.Errors; the rule did not run on that subject.
type BudgetError struct {
	Bound   float64 // worst-case iterations on this subject
	Limit   int
	Longest int // the subject's longest list
}

func (e *BudgetError) Error() string {
	return fmt.Sprintf("could iterate up to %.0f times on this subject (its longest list has %d elements), above the limit of %d",
		e.Bound, e.Longest, e.Limit)
}

// MessageZh is the error in Chinese.
func (e *BudgetError) MessageZh() string {
	return fmt.Sprintf("在此对象上最多可能迭代 %.0f 次（其最长列表有 %d 个元素），超过上限 %d", e.Bound, e.Longest, e.Limit)
}

func (e *evaluation) failure(r *Rule, ref efficiency.SubjectRef, err error) efficiency.EvalError {
	var be *BudgetError
	if errors.As(err, &be) {
		return efficiency.EvalError{Rule: r.ID, Subject: ref, Message: efficiency.T(
			"超出工作量上限："+be.MessageZh(), "work limit exceeded: "+be.Error())}
	}
	msg := err.Error()
	if i := strings.Index(msg, "\n"); i >= 0 {
		msg = msg[:i]
	}
	return efficiency.EvalError{Rule: r.ID, Subject: ref, Message: tf("运行时错误：%s", "run-time error: %s", msg)}
}

func (e *evaluation) finding(machine *vm.VM, r *Rule, ref efficiency.SubjectRef, env any, unit string, officials []string, longest *int) (efficiency.Finding, error) {
	loc := e.rs.cal.Location()
	f := efficiency.Finding{
		ID: r.ID + "@" + ref.Kind.String() + ":" + ref.ID, Rule: r.ID, Subject: ref, Warning: r.Warning,
		Prohibition: r.Prohibition, System: r.System, Improvement: r.Improvement, Severity: r.Severity,
		Title: r.Title, Unit: unit, Officials: officials, Source: r.Source, Goals: r.Goals,
	}
	for _, ev := range r.evidence {
		if err := e.withinBudget(ev.work, env, ref.Kind, longest); err != nil {
			return f, fmt.Errorf("evidence %q: %w", ev.name, err)
		}
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
