package rules

import (
	"context"
	"time"

	"github.com/expr-lang/expr/vm"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// An Evaluator evaluates facts with one rule set call after call, reusing
// its memory: the report a call returns lives in the Evaluator, and the
// next call overwrites it. It is for a service that consumes each report
// (stores it, streams it out, decides on it) before it evaluates the next
// batch, and wants no garbage per batch: [RuleSet.Evaluate] allocates
// every report afresh (about 300 bytes per finding), and at high rates
// the collector's cycles, not the rules, bound how evaluation scales over
// cores.
//
// What a call returns is the same report as [RuleSet.Evaluate] gives for
// the same arguments. It stays valid until the next call: the report, its
// lists (Findings, Warnings, Errors, Invalid, Skipped, Next), each
// finding's Evidence and Officials, and the Evaluated map are all reused.
// Copy what must outlive the call (a Finding is a value, but its Evidence
// and Officials slices are shared). Strings are never reused: a finding's
// ID or message may be kept as is. Between calls the Evaluator holds no
// pointer to the subjects it was given, so the caller's facts can be
// collected once the caller drops them (strings the report shows, such as
// subject ids, may still share the facts' memory).
//
// An Evaluator is for one goroutine at a time; give each goroutine its own
// (the rule set is shared). The zero value is not usable: use
// [RuleSet.NewEvaluator].
type Evaluator struct {
	rs      *RuleSet
	sc      scratch
	w       judgeWork
	machine *vm.VM
	report  efficiency.Report

	evBuf  []efficiency.Evidence // the largest evidence chunk of the last call
	strBuf []string              // the largest officials chunk of the last call
	errs   []efficiency.EvalError
	bad    []efficiency.FactError
	skip   []efficiency.SubjectRef
	arena  []string // the cases' fee items
	kept   evaluatorLists

	// the evaluation and its deriver, set afresh by each call
	e evaluation
	d deriver
}

// evaluatorLists are an Evaluator's lists of valid subjects and the maps
// its evaluations join by, reused from one call to the next. The lists
// are cleared after each call, so as not to keep the caller's facts alive.
type evaluatorLists struct {
	units         []*efficiency.Unit
	officials     []*efficiency.Official
	cases         []*efficiency.Case
	orders        []*efficiency.Order
	complaints    []*efficiency.Complaint
	unitFacts     map[string]*UnitFacts
	officialCases map[string]int
}

// clear drops what refers to the facts of the last call, keeping the memory.
func (l *evaluatorLists) clear() {
	clear(l.units)
	clear(l.officials)
	clear(l.cases)
	clear(l.orders)
	clear(l.complaints)
	clear(l.unitFacts)
	clear(l.officialCases)
}

// NewEvaluator returns an Evaluator of rs.
func (rs *RuleSet) NewEvaluator() *Evaluator {
	return &Evaluator{rs: rs, sc: scratch{seen: map[string]bool{}}, machine: new(vm.VM)}
}

// Evaluate is [RuleSet.Evaluate] into the Evaluator's memory: the report is
// valid until the next call (see [Evaluator]).
func (ev *Evaluator) Evaluate(ctx context.Context, facts *efficiency.Facts, at time.Time) (*efficiency.Report, error) {
	facts, err := evalArgs(facts, at)
	if err != nil {
		return nil, err
	}
	rs := ev.rs
	r := &ev.report
	evaluated := r.Evaluated
	if evaluated == nil {
		evaluated = map[efficiency.SubjectKind]int{}
	}
	clear(evaluated)
	*r = efficiency.Report{At: at.In(rs.cal.Location()), Jurisdiction: rs.jurisdiction.ID,
		Findings: ev.sc.findings[:0], Warnings: ev.sc.warnings[:0], Next: ev.sc.next[:0],
		Errors: ev.errs[:0], Invalid: ev.bad[:0], Skipped: ev.skip[:0], Evaluated: evaluated}
	e := &ev.e
	rs.initEvaluation(e, &ev.d, ctx, at, r)
	e.machine, e.w, e.grow, e.kept = ev.machine, &ev.w, true, &ev.kept
	e.seen, e.jobs, e.evChunk, e.strChunk = ev.sc.seen, ev.sc.jobs, ev.evBuf[:0], ev.strBuf[:0]
	e.chunk, e.arena = ev.sc.chunk, ev.arena // text: appended to, never reused (see textChunk)
	e.msgs = &ev.sc.msgs
	err = e.run(facts)
	// what refers to the caller's facts and context is dropped
	ev.kept.clear()
	clear(e.jobs)
	e.ctx = nil

	// keep the lists' memory for the next call, and the largest chunks
	ev.sc.findings, ev.sc.warnings, ev.sc.next, ev.sc.jobs, ev.sc.chunk = r.Findings, r.Warnings, r.Next, e.jobs, e.chunk
	ev.errs, ev.bad, ev.skip, ev.arena = r.Errors, r.Invalid, r.Skipped, e.arena
	if cap(e.evChunk) > cap(ev.evBuf) {
		ev.evBuf = e.evChunk[:0]
	}
	if cap(e.strChunk) > cap(ev.strBuf) {
		ev.strBuf = e.strChunk[:0]
	}
	// the same shape as Evaluate's report: lists that Evaluate leaves nil
	// when empty are nil here too
	if r.Findings == nil {
		r.Findings = []efficiency.Finding{}
	}
	if r.Warnings == nil {
		r.Warnings = []efficiency.Finding{}
	}
	if len(r.Next) == 0 {
		r.Next = nil
	}
	if len(r.Errors) == 0 {
		r.Errors = nil
	}
	if len(r.Invalid) == 0 {
		r.Invalid = nil
	}
	if len(r.Skipped) == 0 {
		r.Skipped = nil
	}
	efficiency.SortFindings(r.Findings)
	efficiency.SortFindings(r.Warnings)
	return r, err
}
