package rules

import (
	"cmp"
	"errors"
	"math/bits"
	"slices"
	"sync"
	"unsafe"

	"github.com/expr-lang/expr/vm"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// Judging: the subjects of one kind are judged in batches of up to 64
// (batch.go). First every rule runs over the batch (rule by rule, each as
// one batch call where its condition has a batch form); then the findings,
// warnings and errors are built subject by subject, in the order the
// subject-at-a-time evaluation gave them: per subject, in rule order.

// judgeWork is the working memory for judging one batch.
type judgeWork struct {
	b       batch
	slots   [batchSize]subjectSlot
	hits    []uint64  // per rule of the kind: the subjects it fired on
	errs    []ruleErr // the rules that failed, and on which subject
	day     [batchSize]efficiency.Date
	longest [batchSize]int
	byRule  [batchSize]uint64 // see fired
	due     [batchSize]dueState
	dueErr  [batchSize]error

	// the environments of the batch being judged, one array per kind
	cases      []CaseEnv
	orders     []OrderEnv
	complaints []ComplaintEnv
	units      []UnitEnv
	officials  []OfficialEnv
}

// subjectSlot is one subject of a batch.
type subjectSlot struct {
	j         *job
	env       any // the pointer to its environment
	deriveErr error
	unit      string
}

type ruleErr struct {
	i, k int // subject in the batch, rule of the kind
	err  error
}

var judgePool = sync.Pool{New: func() any { return new(judgeWork) }}

// release pools w. Its slots and errors are cleared; its environments are
// not (each is overwritten before it is used again, and clearing some
// 100 KB of pointers per evaluation costs write barriers while the GC
// marks), so a pooled judgeWork may keep the strings and lists of the last
// facts it saw reachable until it is reused or the pool drops it, within
// two GC cycles.
func (w *judgeWork) release() {
	clear(w.slots[:])
	clear(w.dueErr[:])
	clear(w.errs[:cap(w.errs)])
	judgePool.Put(w)
}

// envs returns the first n elements of *s, growing it if needed.
func envs[E any](s *[]E, n int) []E {
	if cap(*s) < n {
		*s = make([]E, n, max(n, min(2*cap(*s), batchSize)))
	}
	*s = (*s)[:n]
	return *s
}

// judge runs the rules of kind over the first n subjects of w (their
// environments at w.b) and adds their findings, warnings and errors to the
// report. ctx is checked before each rule; if it is done, nothing of the
// batch is added and ctx's error is returned.
func (e *evaluation) judge(kind efficiency.SubjectKind, w *judgeWork, n int) error {
	if err := e.ctx.Err(); err != nil {
		return err
	}
	if e.machine == nil { // a Stream's evaluation: one VM per batch
		e.machine = vmPool.Get().(*vm.VM)
		e.machine.MemoryBudget = e.rs.limits.MaxMemory
		defer func() { vmPool.Put(e.machine); e.machine = nil }()
	}
	if len(w.b.ints) < e.rs.batchInts {
		w.b.ints = make([][batchSize]int, e.rs.batchInts)
	}
	if len(w.b.floats) < e.rs.batchFloats {
		w.b.floats = make([][batchSize]float64, e.rs.batchFloats)
	}
	rules := e.rs.byKind[kind]
	var live uint64 // the subjects whose facts were derived
	for i := range n {
		w.longest[i], w.due[i] = -1, dueNotYet
		if w.slots[i].deriveErr == nil {
			live |= 1 << i
		}
	}
	dated := e.dated(kind, rules)
	if dated {
		loc := e.rs.cal.Location()
		for s := live; s != 0; s &= s - 1 {
			i := bits.TrailingZeros64(s)
			w.day[i] = efficiency.DateOf(w.slots[i].j.since, loc)
		}
	}
	w.hits, w.errs = w.hits[:0], w.errs[:0]
	for k, r := range rules {
		if err := e.ctx.Err(); err != nil { // an atomic load for the standard contexts
			return err
		}
		sel := live
		if dated {
			for s := sel; s != 0; s &= s - 1 {
				if i := bits.TrailingZeros64(s); !r.InForce(w.day[i]) {
					sel &^= 1 << i
				}
			}
		}
		if len(r.whenWork) > 0 {
			for s := sel; s != 0; s &= s - 1 {
				i := bits.TrailingZeros64(s)
				if err := e.withinBudget(r.whenWork, w.slots[i].env, kind, &w.longest[i]); err != nil {
					w.errs = append(w.errs, ruleErr{i: i, k: k, err: err})
					sel &^= 1 << i
				}
			}
		}
		w.hits = append(w.hits, e.testBatch(r, w, k, sel))
	}
	e.emit(kind, w, n, rules)
	return nil
}

// testBatch runs r's condition over the subjects sel of the batch: its
// batch form where it has one, on the VM for the subjects it failed on (the
// VM reports the failure as expr does), and subject by subject otherwise.
func (e *evaluation) testBatch(r *Rule, w *judgeWork, k int, sel uint64) uint64 {
	if sel == 0 {
		return 0
	}
	var hit uint64
	lowered := w.b.base != nil // run the scalar closures first, the VM when they fail
	if r.batch != nil && lowered {
		if t, bad, ok := runBatch(r.batch, &w.b, sel); ok {
			// the failures go straight to the VM
			hit, sel, lowered = t, bad, false
			if sel == 0 {
				return hit
			}
		} // a panic: every subject again, one at a time, each recovering its own
	}
	for s := sel; s != 0; s &= s - 1 {
		i := bits.TrailingZeros64(s)
		var at unsafe.Pointer
		if lowered {
			at = w.b.at(i)
		}
		h, err := e.test(r, w.slots[i].env, at)
		if err != nil {
			w.errs = append(w.errs, ruleErr{i: i, k: k, err: err})
			continue
		}
		hit |= b2u(h) << i
	}
	return hit
}

// fired turns the rules' masks of subjects (w.hits, at most 64 rules) into
// the subjects' masks of rules: bit k of the i-th is rule k fired on
// subject i. Its cost is one step per rule and per firing, not per rule and
// subject.
func (w *judgeWork) fired() *[batchSize]uint64 {
	f := &w.byRule
	clear(f[:])
	for k, h := range w.hits {
		for s := h; s != 0; s &= s - 1 {
			f[bits.TrailingZeros64(s)] |= 1 << k
		}
	}
	return f
}

// dueState is whether a case's due dates, left out of its derivation
// (deriver.lazyDue), have been computed.
type dueState uint8

const (
	dueNotYet dueState = iota
	dueDone
)

// dueFor sets the due dates of the i-th case of the batch, once, when a
// finding's evidence first needs them. A calendar that cannot count that
// far fails the findings that need them, not the case.
func (e *evaluation) dueFor(w *judgeWork, i int) error {
	if w.due[i] == dueNotYet {
		w.due[i] = dueDone
		env, ok := w.slots[i].env.(*CaseEnv)
		if !ok || w.slots[i].j.kase == nil {
			return nil
		}
		if err := e.d.lateDueDates(w.slots[i].j.kase, &env.Case.Workdays); err != nil {
			w.dueErr[i] = &dueError{err: err}
		}
	}
	return w.dueErr[i]
}

// dueError is a case's due dates that could not be computed when a
// finding needed them (see dueFor).
type dueError struct{ err error }

func (e *dueError) Error() string { return "could not compute the due dates: " + e.err.Error() }
func (e *dueError) Unwrap() error { return e.err }

// MessageZh is the error in Chinese (the calendar's own words when it has them).
func (e *dueError) MessageZh() string {
	var zh interface{ MessageZh() string }
	if errors.As(e.err, &zh) {
		return "无法计算期限日期：" + zh.MessageZh()
	}
	return "无法计算期限日期：" + e.err.Error()
}

// runBatch runs a batch predicate, reporting a panic as !ok.
func runBatch(f bpred, b *batch, sel uint64) (t, bad uint64, ok bool) {
	defer func() {
		if recover() != nil {
			t, bad, ok = 0, 0, false
		}
	}()
	t, bad = f(b, sel)
	return t, bad, true
}

// emit adds the batch's findings, warnings and errors to the report,
// subject by subject and, within a subject, in rule order.
func (e *evaluation) emit(kind efficiency.SubjectKind, w *judgeWork, n int, rules []*Rule) {
	if len(w.errs) > 1 {
		slices.SortStableFunc(w.errs, func(a, b ruleErr) int {
			if c := cmp.Compare(a.i, b.i); c != 0 {
				return c
			}
			return cmp.Compare(a.k, b.k)
		})
	}
	// The rules to visit per subject: those that fired or failed on it
	// (one mask per subject when the kind has at most 64 rules).
	var fired *[batchSize]uint64
	if len(rules) <= 64 {
		fired = w.fired()
		for _, re := range w.errs {
			fired[re.i] |= 1 << re.k
		}
	}
	r0 := e.report
	next := 0      // the next entry of w.errs
	evaluated := 0 // counted in the report once per batch
	for i := range n {
		sl := &w.slots[i]
		if sl.deriveErr != nil {
			r0.Errors = append(r0.Errors, efficiency.EvalError{Subject: sl.j.ref, Message: tf(
				"无法计算派生事实，未评估任何规则：%v", "could not derive the facts, no rule was evaluated: %v", sl.deriveErr)})
			continue
		}
		evaluated++
		var officials []string
		offsDone := false
		var p unsafe.Pointer
		if w.b.base != nil {
			p = w.b.at(i)
		}
		visit := func(k int) {
			r := rules[k]
			if next < len(w.errs) && w.errs[next].i == i && w.errs[next].k == k {
				r0.Errors = append(r0.Errors, e.failure(r, sl.j.ref, w.errs[next].err))
				next++
				return
			}
			if w.hits[k]&(1<<i) == 0 {
				return
			}
			if !offsDone {
				officials, offsDone = e.officialsOf(sl.j), true
			}
			if r.dueEvidence && e.d.lazyDue {
				if err := e.dueFor(w, i); err != nil {
					r0.Errors = append(r0.Errors, e.failure(r, sl.j.ref, err))
					return
				}
			}
			// built in place at the end of the report's list, taken back on failure
			list := &r0.Findings
			if r.Warning {
				list = &r0.Warnings
			}
			*list = append(*list, efficiency.Finding{})
			if err := e.safeFinding(&(*list)[len(*list)-1], r, sl.j.ref, sl.env, p, sl.unit, officials, &w.longest[i]); err != nil {
				(*list)[len(*list)-1] = efficiency.Finding{}
				*list = (*list)[:len(*list)-1]
				r0.Errors = append(r0.Errors, e.failure(r, sl.j.ref, err))
			}
		}
		if fired != nil {
			for s := fired[i]; s != 0; s &= s - 1 {
				visit(bits.TrailingZeros64(s))
			}
			continue
		}
		for k := range rules {
			visit(k)
		}
	}
	if evaluated > 0 {
		r0.Evaluated[kind] += evaluated
	}
}

// subject judges one subject (a batch of one), as a Stream does: env is a
// pointer to its environment.
func (e *evaluation) subject(j *job, deriveErr error, env any, unit string) error {
	w := judgePool.Get().(*judgeWork)
	defer w.release()
	w.b.base, w.b.stride = envPointer(env, j.ref.Kind), 0
	w.slots[0] = subjectSlot{j: j, env: env, deriveErr: deriveErr, unit: unit}
	return e.judge(j.ref.Kind, w, 1)
}
