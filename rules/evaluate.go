package rules

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"
	"unsafe"

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
// Subjects are judged in batches of up to 64 of one kind, rule by rule.
// Evaluate checks ctx before each batch and before each rule of a batch (a
// single expression is bounded by the sandbox's limits, not by ctx); a
// batch cancelled midway is left out whole.
// When ctx is done it returns the report of the subjects it finished, whole,
// with the others listed in Report.Skipped, together with ctx's error. Every
// subject of facts is thus accounted for exactly once: evaluated (counted in
// Report.Evaluated), invalid (Report.Invalid), not derivable (an entry of
// Report.Errors without a rule) or skipped.
func (rs *RuleSet) Evaluate(ctx context.Context, facts *efficiency.Facts, at time.Time) (*efficiency.Report, error) {
	facts, err := evalArgs(facts, at)
	if err != nil {
		return nil, err
	}
	e := rs.newEvaluation(ctx, at, &efficiency.Report{At: at.In(rs.cal.Location()), Jurisdiction: rs.jurisdiction.ID,
		Findings: []efficiency.Finding{}, Warnings: []efficiency.Finding{},
		Evaluated: map[efficiency.SubjectKind]int{}})
	// Findings and warnings are collected in buffers reused from one
	// Evaluate to the next and copied out at their final size: a growing
	// []Finding (296 bytes each) would allocate about three times what the
	// report keeps, and allocation is what limits parallel evaluation (the
	// GC's cycles, not the rules).
	sc := scratchPool.Get().(*scratch)
	e.report.Findings, e.report.Warnings, e.seen, e.jobs = sc.findings[:0], sc.warnings[:0], sc.seen, sc.jobs
	e.report.Next, e.chunk, e.msgs = sc.next[:0], sc.chunk, &sc.msgs
	err = e.run(facts)
	r := e.report
	sc.findings, sc.warnings, sc.jobs, sc.next, sc.chunk = r.Findings, r.Warnings, e.jobs, r.Next, e.chunk
	r.Findings = append(make([]efficiency.Finding, 0, len(sc.findings)), sc.findings...)
	r.Warnings = append(make([]efficiency.Finding, 0, len(sc.warnings)), sc.warnings...)
	r.Next = nil
	if len(sc.next) > 0 {
		r.Next = append(make([]efficiency.NextCheck, 0, len(sc.next)), sc.next...)
	}
	sc.release()
	efficiency.SortFindings(r.Findings)
	efficiency.SortFindings(r.Warnings)
	return r, err
}

// ErrNoTime is returned by Evaluate, an Evaluator and NewStream when the
// evaluation time is zero: the core never reads the clock, so the caller
// must say when "now" is. Its MessageZh is the message in Chinese.
var ErrNoTime error = &argError{en: "rules: evaluation needs the evaluation time (at is zero)",
	zh: "rules：评估需要评估时间（at 为零值）"}

// argError is a bilingual error in the arguments of a call.
type argError struct{ en, zh string }

func (e *argError) Error() string { return e.en }

// MessageZh is the error in Chinese.
func (e *argError) MessageZh() string { return e.zh }

// evalArgs checks the arguments of an evaluation: nil facts are an empty batch,
// a zero time is ErrNoTime.
func evalArgs(facts *efficiency.Facts, at time.Time) (*efficiency.Facts, error) {
	if at.IsZero() {
		return nil, ErrNoTime
	}
	if facts == nil {
		facts = &efficiency.Facts{}
	}
	return facts, nil
}

// newEvaluation is an evaluation of rs as of at into report, with its
// deriver set up as every evaluation needs it.
func (rs *RuleSet) newEvaluation(ctx context.Context, at time.Time, report *efficiency.Report) *evaluation {
	e := new(evaluation)
	rs.initEvaluation(e, new(deriver), ctx, at, report)
	return e
}

// initEvaluation makes e, with d as its deriver, what newEvaluation returns.
func (rs *RuleSet) initEvaluation(e *evaluation, d *deriver, ctx context.Context, at time.Time, report *efficiency.Report) {
	d.reset(rs.cal, at)
	d.campaign = rs.campaign
	d.lazyDue = !rs.caseDueEager
	*e = evaluation{rs: rs, ctx: ctx, d: d, report: report}
}

// scratch is the reusable working memory of an evaluation.
type scratch struct {
	findings, warnings []efficiency.Finding
	seen               map[string]bool // ids of one kind (see valid)
	jobs               []job
	next               []efficiency.NextCheck
	// chunk: the last chunk of findings' text; the next evaluation appends
	// to its unused tail (the bytes strings point to are never rewritten)
	chunk []byte
	msgs  msgTable // kept across evaluations: its memory is bounded
}

var scratchPool = sync.Pool{New: func() any { return &scratch{seen: map[string]bool{}} }}

// release clears sc (it must not keep the report alive; its msgTable
// keeps messages, within its bound) and returns it to the pool, unless it
// grew large: a huge batch's buffers are left to the GC rather than held.
func (sc *scratch) release() {
	const keep = 1 << 12
	if cap(sc.findings) > keep || cap(sc.warnings) > keep || len(sc.seen) > keep || cap(sc.jobs) > keep ||
		cap(sc.next) > keep {
		return
	}
	clear(sc.next[:cap(sc.next)])
	clear(sc.jobs[:cap(sc.jobs)])
	clear(sc.findings[:cap(sc.findings)])
	clear(sc.warnings[:cap(sc.warnings)])
	clear(sc.seen)
	scratchPool.Put(sc)
}

type evaluation struct {
	rs       *RuleSet
	ctx      context.Context
	d        *deriver
	report   *efficiency.Report
	machine  *vm.VM                // one VM for the whole evaluation (it runs on one goroutine)
	chunk    []byte                // where findings' text is kept (see textChunk)
	msgs     *msgTable             // findings' messages already rendered, or nil (see msgTable)
	strChunk []string              // where findings' officials are carved from (see strs)
	evChunk  []efficiency.Evidence // where findings' evidence is carved from (see finding)
	seen     map[string]bool       // reused by valid, nil in a Stream
	jobs     []job                 // reused by run
	w        *judgeWork            // an Evaluator's own working memory, else nil (see run)
	kept     *evaluatorLists       // an Evaluator's lists and maps for run to reuse, else nil
	arena    []string              // an Evaluator's fee items arena (see run)
	// grow: an Evaluator's evaluation, whose evidence and officials chunks
	// grow geometrically and are reused by its next call; else they stay
	// small, since a finding kept alone keeps its chunk alive.
	grow bool

	datedKnown, datedKinds uint32 // bit per SubjectKind (see dated)
}

// valid filters the subjects of one kind: invalid ones and repeated ids
// (compared after folding full width to half width) are reported and left out.
// The list is appended to buf[:0] (an Evaluator's, from its last call) when
// it has room.
func valid[T any](e *evaluation, kind efficiency.SubjectKind, items []T, buf []*T, id func(*T) string, check func(*T) []efficiency.FactError) []*T {
	// While the ids come in increasing order (as exports sorted by id do)
	// none can repeat, and no set is kept; at the first id out of order the
	// ids so far go into a set and every later one is looked up in it.
	var seen map[string]bool // nil while the ids increase
	var last string
	out := buf[:0]
	if cap(out) < len(items) {
		out = make([]*T, 0, len(items))
	}
	for i := range items {
		it := &items[i]
		if errs := check(it); len(errs) > 0 {
			e.report.Invalid = append(e.report.Invalid, errs...)
			continue
		}
		key := efficiency.FoldWidth(id(it)) // ＣＡＳＥ-１ and CASE-1 are one id
		if seen == nil {
			if len(out) == 0 || key > last {
				last = key
				out = append(out, it)
				continue
			}
			seen = e.seen
			if seen == nil {
				seen = make(map[string]bool, len(items))
			} else {
				clear(seen)
			}
			for _, p := range out {
				seen[efficiency.FoldWidth(id(p))] = true
			}
		}
		// one map operation per subject: the id is new if the map grew
		n := len(seen)
		seen[key] = true
		if len(seen) == n {
			e.report.Invalid = append(e.report.Invalid, efficiency.FactError{
				Subject: efficiency.SubjectRef{Kind: kind, ID: id(it)}, Field: "id",
				Message: efficiency.T("批次中重复的标识：只评估第一个", "duplicate id in the batch: only the first is evaluated")})
			continue
		}
		out = append(out, it)
	}
	return out
}

// job is one subject to evaluate: its ref, the time deciding which rules
// apply, and its index among the valid subjects of its kind.
type job struct {
	ref   efficiency.SubjectRef
	since time.Time // the subject's RelevantTime: the rules in force then apply
	i     int

	// the subject, when its findings name officials (see officialsOf)
	kase      *efficiency.Case
	complaint *efficiency.Complaint
	official  *efficiency.Official
}

func (e *evaluation) run(f *efficiency.Facts) error {
	d := e.d
	// Ids are folded to half width once, here, so every join below (a
	// case's unit, a complaint's official, a unit's officials) and every
	// finding sees one spelling: ＵＮＩＴ-１ is UNIT-1.
	f = efficiency.FoldIDs(f)
	var kept evaluatorLists
	if e.kept != nil {
		kept = *e.kept
	}
	units := valid(e, efficiency.UnitSubject, f.Units, kept.units, func(u *efficiency.Unit) string { return u.ID }, (*efficiency.Unit).Validate)
	officials := valid(e, efficiency.OfficialSubject, f.Officials, kept.officials, func(o *efficiency.Official) string { return o.ID }, (*efficiency.Official).Validate)
	cases := valid(e, efficiency.CaseSubject, f.Cases, kept.cases, func(c *efficiency.Case) string { return c.ID }, (*efficiency.Case).Validate)
	orders := valid(e, efficiency.OrderSubject, f.Orders, kept.orders, func(o *efficiency.Order) string { return o.ID }, (*efficiency.Order).Validate)
	complaints := valid(e, efficiency.ComplaintSubject, f.Complaints, kept.complaints, func(c *efficiency.Complaint) string { return c.ID }, (*efficiency.Complaint).Validate)
	if e.kept != nil {
		e.kept.units, e.kept.officials, e.kept.cases, e.kept.orders, e.kept.complaints = units, officials, cases, orders, complaints
	}

	// Every valid subject becomes a job, in report order; when ctx is
	// cancelled the jobs not finished are listed in Report.Skipped.
	jobs := e.jobs[:0]
	if n := len(cases) + len(orders) + len(complaints) + len(units) + len(officials); cap(jobs) < n {
		jobs = make([]job, 0, n)
	}
	defer func() { e.jobs = jobs }()
	for i, c := range cases {
		jobs = append(jobs, job{ref: efficiency.SubjectRef{Kind: efficiency.CaseSubject, ID: c.ID}, since: RelevantTime(c, d.at), i: i, kase: c})
	}
	for i, o := range orders {
		jobs = append(jobs, job{ref: efficiency.SubjectRef{Kind: efficiency.OrderSubject, ID: o.ID}, since: RelevantTime(o, d.at), i: i})
	}
	for i, c := range complaints {
		jobs = append(jobs, job{ref: efficiency.SubjectRef{Kind: efficiency.ComplaintSubject, ID: c.ID}, since: RelevantTime(c, d.at), i: i, complaint: c})
	}
	for i, u := range units {
		jobs = append(jobs, job{ref: efficiency.SubjectRef{Kind: efficiency.UnitSubject, ID: u.ID}, since: d.at, i: i})
	}
	for i, o := range officials {
		jobs = append(jobs, job{ref: efficiency.SubjectRef{Kind: efficiency.OfficialSubject, ID: o.ID}, since: d.at, i: i, official: o})
	}
	skip := func(from int) {
		for _, j := range jobs[from:] {
			e.report.Skipped = append(e.report.Skipped, j.ref)
		}
	}

	// Units first (their own facts), then cases, whose figures they aggregate.
	if kept.unitFacts != nil {
		// an Evaluator's, cleared after its last call too, unless that
		// call panicked
		d.units = kept.unitFacts
		clear(d.units)
	} else {
		d.units = make(map[string]*UnitFacts, len(units))
	}
	unitErr := make([]error, len(units))
	unitFacts := make([]UnitFacts, len(units))
	for i, u := range units {
		unitFacts[i], unitErr[i] = safeDerive(d, func() UnitFacts { return d.unitFacts(u) })
		d.units[u.ID] = &unitFacts[i]
	}
	var officialUnit map[string]string
	if len(complaints) > 0 {
		officialUnit = make(map[string]string, len(officials))
		for _, o := range officials {
			officialUnit[o.ID] = o.Unit
		}
	}
	if kept.officialCases != nil {
		d.officialCases = kept.officialCases
		clear(d.officialCases)
	} else {
		d.officialCases = map[string]int{}
	}
	if e.kept != nil {
		e.kept.unitFacts, e.kept.officialCases = d.units, d.officialCases
	}
	fees := 0 // the arena for the cases' FeeItems, sized once
	for _, c := range cases {
		fees += len(c.Matter.Fees)
	}
	if e.grow && cap(e.arena) >= fees {
		d.arena = e.arena[:0] // an Evaluator's: only its environments use it
	} else {
		d.arena = make([]string, 0, fees)
	}
	e.arena = d.arena
	// When a case rule reads the case's unit, the unit's aggregates over the
	// whole batch must be known first: every case is derived before any is
	// judged. Otherwise each case is derived when it is judged (onePass), and
	// no batch-sized slice of facts is kept.
	onePass := !e.rs.caseUnit
	var caseFacts []CaseFacts
	var caseErr []error
	countCase := func(c *efficiency.Case, f *CaseFacts) {
		if u := d.units[c.Unit]; u != nil {
			u.addCase(f)
		}
		// the officials of caseOfficials, counted without building the list
		if c.Responsible != "" {
			d.officialCases[c.Responsible]++
		}
		for k, o := range c.Officials {
			if o != c.Responsible && !contains(c.Officials[:k], o) {
				d.officialCases[o]++
			}
		}
	}
	if !onePass {
		caseFacts = make([]CaseFacts, len(cases))
		caseErr = make([]error, len(cases))
		for i, c := range cases {
			if i%64 == 0 {
				if err := e.ctx.Err(); err != nil {
					skip(0)
					return err
				}
			}
			caseErr[i] = safeDo(d, func() { d.caseFactsInto(c, &caseFacts[i]) })
			if caseErr[i] == nil {
				countCase(c, &caseFacts[i])
			}
		}
	}
	unitOf := func(id string) UnitFacts {
		if u := d.units[id]; u != nil {
			return *u
		}
		return UnitFacts{}
	}

	// The subjects are judged in batches of up to 64 of one kind (see
	// judge.go), their environments side by side in w, so that lowered
	// conditions run over a batch at a time and read it in place.
	if e.machine == nil {
		e.machine = vmPool.Get().(*vm.VM)
		defer vmPool.Put(e.machine)
	}
	e.machine.MemoryBudget = e.rs.limits.MaxMemory
	w := e.w // an Evaluator's own
	if w == nil {
		w = judgePool.Get().(*judgeWork)
		defer w.release()
	}
	for start := 0; start < len(jobs); {
		kind := jobs[start].ref.Kind
		end := start + 1
		for end < len(jobs) && end-start < batchSize && jobs[end].ref.Kind == kind {
			end++
		}
		batch := jobs[start:end]
		n := len(batch)
		switch kind {
		case efficiency.CaseSubject:
			envs := envs(&w.cases, n)
			for i := range batch {
				j := &batch[i]
				c, env := cases[j.i], &envs[i]
				var deriveErr error
				if onePass {
					// no rule reads the case's unit: it is left empty
					env.Unit, env.At = UnitFacts{}, d.at
					deriveErr = safeDo(d, func() { d.caseFactsInto(c, &env.Case) }) // overwrites env.Case
					if deriveErr == nil {
						countCase(c, &env.Case)
					}
				} else {
					*env = CaseEnv{Case: caseFacts[j.i], Unit: unitOf(c.Unit), At: d.at}
					deriveErr = caseErr[j.i]
				}
				w.slots[i] = subjectSlot{j: j, env: env, deriveErr: deriveErr, unit: c.Unit}
			}
			w.b.base, w.b.stride = unsafe.Pointer(&envs[0]), unsafe.Sizeof(envs[0])
		case efficiency.OrderSubject:
			envs := envs(&w.orders, n)
			for i := range batch {
				j := &batch[i]
				o := orders[j.i]
				f, err := safeDerive(d, func() OrderFacts { return d.orderFacts(o) })
				envs[i] = OrderEnv{Order: f, Unit: unitOf(o.Assignee), At: d.at}
				w.slots[i] = subjectSlot{j: j, env: &envs[i], deriveErr: err, unit: o.Assignee}
			}
			w.b.base, w.b.stride = unsafe.Pointer(&envs[0]), unsafe.Sizeof(envs[0])
		case efficiency.ComplaintSubject:
			envs := envs(&w.complaints, n)
			for i := range batch {
				j := &batch[i]
				c := complaints[j.i]
				f, err := safeDerive(d, func() ComplaintFacts { return d.complaintFacts(c) })
				unit := c.Unit
				if unit == "" {
					unit = officialUnit[c.Official]
				}
				envs[i] = ComplaintEnv{Complaint: f, Unit: unitOf(unit), At: d.at}
				w.slots[i] = subjectSlot{j: j, env: &envs[i], deriveErr: err, unit: unit}
			}
			w.b.base, w.b.stride = unsafe.Pointer(&envs[0]), unsafe.Sizeof(envs[0])
		case efficiency.UnitSubject:
			envs := envs(&w.units, n)
			for i := range batch {
				j := &batch[i]
				u := units[j.i]
				envs[i] = UnitEnv{Unit: unitOf(u.ID), At: d.at}
				w.slots[i] = subjectSlot{j: j, env: &envs[i], deriveErr: unitErr[j.i], unit: u.ID}
			}
			w.b.base, w.b.stride = unsafe.Pointer(&envs[0]), unsafe.Sizeof(envs[0])
		case efficiency.OfficialSubject:
			envs := envs(&w.officials, n)
			for i := range batch {
				j := &batch[i]
				o := officials[j.i]
				f, err := safeDerive(d, func() OfficialFacts { return d.officialFacts(o) })
				envs[i] = OfficialEnv{Official: f, Unit: unitOf(o.Unit), At: d.at}
				w.slots[i] = subjectSlot{j: j, env: &envs[i], deriveErr: err, unit: o.Unit}
			}
			w.b.base, w.b.stride = unsafe.Pointer(&envs[0]), unsafe.Sizeof(envs[0])
		}
		if err := e.judge(kind, w, n); err != nil {
			skip(start)
			return err
		}
		for i := range batch {
			if w.slots[i].deriveErr != nil {
				continue
			}
			j := &batch[i]
			switch kind {
			case efficiency.CaseSubject:
				e.nextForCase(j.ref, &w.cases[i].Case)
			case efficiency.OrderSubject:
				if o := &w.orders[i].Order; !o.Completed && d.at.Before(o.Due) {
					e.next(j.ref, o.Due.Add(time.Nanosecond))
				}
			case efficiency.UnitSubject:
				e.nextForUnit(j.ref, units[j.i])
			}
		}
		start = end
	}
	return nil
}

// officialsOf is whom the findings on j's subject concern; it is built only
// when a rule fires, in a list carved from a shared chunk (as evidence is).
func (e *evaluation) officialsOf(j *job) []string {
	var one string
	switch {
	case j.kase != nil:
		c := j.kase
		if c.Responsible == "" && len(c.Officials) == 0 {
			return nil
		}
		out := e.strs(1 + len(c.Officials))
		if c.Responsible != "" {
			out = append(out, c.Responsible)
		}
		for _, o := range c.Officials {
			if !contains(out, o) {
				out = append(out, o)
			}
		}
		return out
	case j.complaint != nil && j.complaint.Official != "":
		one = j.complaint.Official
	case j.official != nil:
		one = j.official.ID
	default:
		return nil
	}
	return append(e.strs(1), one)
}

// strs returns an empty list with room for n strings, carved from a shared
// chunk and capped so that no append reaches the next list.
func (e *evaluation) strs(n int) []string {
	if cap(e.strChunk)-len(e.strChunk) < n {
		size := strChunkSize
		if e.grow {
			size = max(size, 2*cap(e.strChunk))
		}
		e.strChunk = make([]string, 0, max(size, n))
	}
	l := len(e.strChunk)
	e.strChunk = e.strChunk[:l+n]
	return e.strChunk[l:l:(l + n)]
}

const strChunkSize = 64

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

// safeDo is safeDerive for a derivation that writes its result in place.
func safeDo(d *deriver, derive func()) (err error) {
	d.err = nil
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v", r)
		}
	}()
	derive()
	return d.err
}

// caseOfficials is whom a case's findings concern: the responsible official, then the handlers.
func caseOfficials(c *efficiency.Case) []string {
	if c.Responsible == "" && len(c.Officials) == 0 {
		return nil
	}
	out := make([]string, 0, 1+len(c.Officials))
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

// dated reports whether any rule of kind has effective dates (computed once
// per evaluation): without any, the rules in force need no date.
func (e *evaluation) dated(kind efficiency.SubjectKind, rules []*Rule) bool {
	if e.datedKnown&(1<<kind) == 0 {
		e.datedKnown |= 1 << kind
		for _, r := range rules {
			if !r.EffectiveFrom.IsZero() || !r.EffectiveUntil.IsZero() {
				e.datedKinds |= 1 << kind
				break
			}
		}
	}
	return e.datedKinds&(1<<kind) != 0
}

// test runs a rule's condition on one subject; a panic in it (a builtin, a
// lowered closure) becomes the rule's error on that subject, so the
// subject's other rules and the rest of the batch still run.
func (e *evaluation) test(r *Rule, env any, p unsafe.Pointer) (hit bool, err error) {
	defer func() {
		if v := recover(); v != nil {
			hit, err = false, fmt.Errorf("internal error: %v", v)
		}
	}()
	return r.testAt(e.machine, env, p)
}

// safeFinding builds a rule's finding (evidence and messages) in f, a panic
// in it becoming the rule's error as in [evaluation.test].
func (e *evaluation) safeFinding(f *efficiency.Finding, r *Rule, ref efficiency.SubjectRef, env any, p unsafe.Pointer, unit string, officials []string, longest *int) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("internal error: %v", v)
		}
	}()
	return e.finding(f, r, ref, env, p, unit, officials, longest)
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
	var de *dueError
	if errors.As(err, &de) {
		return efficiency.EvalError{Rule: r.ID, Subject: ref, Message: efficiency.T(de.MessageZh(), de.Error())}
	}
	msg := err.Error()
	if i := strings.Index(msg, "\n"); i >= 0 {
		msg = msg[:i]
	}
	return efficiency.EvalError{Rule: r.ID, Subject: ref, Message: tf("运行时错误：%s", "run-time error: %s", msg)}
}

// finding builds r's finding on a subject in f, which is zero: in place,
// field by field, since a Finding is some 300 bytes with pointers and each
// copy of it costs write barriers while the GC marks.
func (e *evaluation) finding(f *efficiency.Finding, r *Rule, ref efficiency.SubjectRef, env any, p unsafe.Pointer, unit string, officials []string, longest *int) error {
	machine := e.machine
	loc := e.rs.cal.Location()
	f.Rule, f.Subject, f.Warning = r.ID, ref, r.Warning
	f.Prohibition, f.System, f.Improvement, f.Severity = r.Prohibition, r.System, r.Improvement, r.Severity
	f.Title, f.Unit, f.Officials, f.Source, f.Goals = r.Title, unit, officials, r.Source, r.Goals
	var occurrence string
	if r.occurrence != nil {
		v, err := machine.Run(r.occurrence, env)
		if err != nil {
			return fmt.Errorf("occurrence: %w", err)
		}
		occurrence, _ = v.(string)
	}
	if n := len(r.evidence); n > 0 {
		// Evidence comes from a shared chunk, each finding's part capped so
		// that no append reaches its neighbour's. The unused tail of a chunk
		// is referenced by no finding, so later calls may use it.
		if cap(e.evChunk)-len(e.evChunk) < n {
			size := evChunkSize
			if e.grow {
				size = max(size, 2*cap(e.evChunk))
			}
			e.evChunk = make([]efficiency.Evidence, 0, max(size, n))
		}
		l := len(e.evChunk)
		f.Evidence = e.evChunk[l:l:(l + n)]
		e.evChunk = e.evChunk[:l+n]
	}
	for _, ev := range r.evidence {
		if err := e.withinBudget(ev.work, env, ref.Kind, longest); err != nil {
			return fmt.Errorf("evidence %q: %w", ev.name, err)
		}
		v, ok := any(nil), false
		if ev.lowered != nil && p != nil {
			v, ok = ev.lowered(p) // normalised already
		}
		if !ok { // not lowered, or a run-time failure the VM reports
			var err error
			if v, err = machine.Run(ev.prog, env); err != nil {
				return fmt.Errorf("evidence %q: %w", ev.name, err)
			}
			v = normalise(v, loc)
		}
		f.Evidence = append(f.Evidence, efficiency.Evidence{Name: ev.name, Value: v})
	}
	// The ID is rendered straight into a shared chunk of text (see
	// textChunk): one allocation per few dozen findings. The messages come
	// from the table of those already rendered (see msgTable), unless they
	// name the subject and so are the finding's own: then they follow the
	// ID in the chunk.
	b := e.textChunk()
	start := len(b)
	b = append(b, r.ID...)
	b = append(b, '@')
	b = append(b, ref.Kind.String()...)
	b = append(b, ':')
	b = append(b, ref.ID...)
	if occurrence != "" {
		b = append(b, '#')
		b = append(b, occurrence...)
	}
	if !r.perSubject {
		e.chunk = b
		f.ID = unsafe.String(&b[start], len(b)-start)
		if e.msgs == nil {
			e.msgs = new(msgTable)
		}
		f.Message = e.msgs.message(&r.message, ref.ID, f.Evidence, loc)
		return nil
	}
	id := len(b) - start
	b = r.message[0].render(b, ref.ID, f.Evidence, loc, true)
	n := len(b) - start
	b = r.message[1].render(b, ref.ID, f.Evidence, loc, false)
	e.chunk = b
	msg := unsafe.String(&b[start], len(b)-start)
	f.ID = msg[:id]
	f.Message = efficiency.T(msg[id:n], msg[n:])
	return nil
}

// textChunk is where the next finding's text is appended: the tail of a
// shared chunk of at least textChunkSize bytes. Text is appended to the
// chunk and each byte written once, never changed afterwards (as
// strings.Builder does with its buffer), so strings can point into it; if
// a finding's text outgrows the chunk, append moves it to a new array and
// the strings already made keep the old one. A kept finding may keep its
// chunk (4 KiB) alive.
func (e *evaluation) textChunk() []byte {
	if cap(e.chunk)-len(e.chunk) < textChunkSize/8 {
		e.chunk = make([]byte, 0, textChunkSize)
	}
	return e.chunk
}

const textChunkSize = 4 << 10

// evChunkSize is how many evidence entries one allocation holds; findings
// take their evidence from such chunks, so a kept finding may keep up to
// one chunk (1 KiB) alive.
const evChunkSize = 32

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
