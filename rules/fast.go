package rules

import (
	"unsafe"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// test reports whether r's condition holds on env (a pointer to the
// environment of r's kind), the inner step of evaluation: one call per rule
// and subject. A lowered condition runs as Go closures; the VM runs the rest,
// and a lowered condition that meets a run-time failure (ok false) is run
// again on the VM, which reports the failure exactly as expr does.
func (r *Rule) test(machine *vm.VM, env any) (bool, error) {
	return r.testAt(machine, env, envPointer(env, r.On))
}

// testAt is test with env's pointer already resolved by envPointer(env,
// r.On) (once per subject, not once per rule); p nil sends the condition to
// the VM.
func (r *Rule) testAt(machine *vm.VM, env any, p unsafe.Pointer) (bool, error) {
	if r.lowered != nil && p != nil {
		if hit, ok := r.lowered(p); ok {
			return hit, nil
		}
	}
	return r.onVM(machine, env)
}

// onVM runs r's condition on expr's VM.
func (r *Rule) onVM(machine *vm.VM, env any) (bool, error) {
	out, err := machine.Run(r.when, env)
	if err != nil {
		return false, err
	}
	hit, _ := out.(bool)
	return hit, nil
}

// envPointer returns env as the pointer lowered closures take, or nil when
// env is not a pointer to kind's environment type (a lowered closure must
// never see another type).
func envPointer(env any, kind efficiency.SubjectKind) unsafe.Pointer {
	switch e := env.(type) {
	case *CaseEnv:
		if kind == efficiency.CaseSubject && e != nil {
			return unsafe.Pointer(e)
		}
	case *OrderEnv:
		if kind == efficiency.OrderSubject && e != nil {
			return unsafe.Pointer(e)
		}
	case *ComplaintEnv:
		if kind == efficiency.ComplaintSubject && e != nil {
			return unsafe.Pointer(e)
		}
	case *UnitEnv:
		if kind == efficiency.UnitSubject && e != nil {
			return unsafe.Pointer(e)
		}
	case *OfficialEnv:
		if kind == efficiency.OfficialSubject && e != nil {
			return unsafe.Pointer(e)
		}
	}
	return nil
}

// lowerRules lowers every rule's condition it can (see lower.go).
func lowerRules(rs *RuleSet) {
	rs.caseUnit = false
	for _, r := range rs.byKind[efficiency.CaseSubject] {
		progs := []*vm.Program{r.when}
		for _, ev := range r.evidence {
			progs = append(progs, ev.prog)
		}
		for _, p := range progs {
			if p != nil && mentions(p.Node(), "unit") {
				rs.caseUnit = true
			}
		}
	}
	rs.caseDueEager = false
	for _, r := range rs.byKind[efficiency.CaseSubject] {
		r.dueEvidence = false
		for _, ev := range r.evidence {
			r.dueEvidence = r.dueEvidence || readsDue(ev.prog)
		}
		if readsDue(r.when) || readsDue(r.occurrence) {
			rs.caseDueEager = true
		}
	}
	rs.batchInts, rs.batchFloats = 0, 0
	for _, r := range rs.rules {
		r.lowered = lowerConditionIn(r.when, envFor(r.On), rs.cal, rs.campaign)
		r.batch = nil
		if r.lowered != nil {
			var ints, floats int
			r.batch, ints, floats = lowerBatch(r.when, envFor(r.On), rs.cal, rs.campaign)
			rs.batchInts, rs.batchFloats = max(rs.batchInts, ints), max(rs.batchFloats, floats)
		}
		for i := range r.evidence {
			r.evidence[i].lowered = lowerEvidence(r.evidence[i].prog, envFor(r.On), rs.cal, rs.campaign)
		}
	}
}

// mentions reports whether the expression n reads the environment field
// name (an identifier, not a member: case.unit is not unit).
func mentions(n ast.Node, name string) bool {
	v := &identFinder{name: name}
	ast.Walk(&n, v)
	return v.found
}

type identFinder struct {
	name  string
	found bool
}

func (v *identFinder) Visit(n *ast.Node) {
	if id, ok := (*n).(*ast.IdentifierNode); ok && id.Value == v.name {
		v.found = true
	}
}

// readsDue reports whether the case expression p may read a case's due dates
// (workdays.committed_due or statutory_due): by name, through a member
// chosen at run time, or by using case or case.workdays as a whole value.
// Evaluation computes the due dates up front only when a condition or an
// occurrence key reads them, and otherwise when a finding's evidence first
// needs them (see deriver.lazyDue).
func readsDue(p *vm.Program) bool {
	if p == nil {
		return false
	}
	v := &dueFinder{objects: map[ast.Node]bool{}}
	root := p.Node()
	ast.Walk(&root, v)
	for _, m := range v.members {
		prop, ok := m.Property.(*ast.StringNode)
		switch {
		case !ok:
			return true // a member chosen at run time
		case prop.Value == "committed_due" || prop.Value == "statutory_due":
			return true
		case prop.Value == "workdays" && !v.objects[m]:
			return true // case.workdays as a whole
		}
	}
	for _, id := range v.idents {
		if id.Value == "case" && !v.objects[id] {
			return true // the whole case
		}
	}
	return false
}

type dueFinder struct {
	members []*ast.MemberNode
	idents  []*ast.IdentifierNode
	objects map[ast.Node]bool // nodes whose member is taken (x in x.y)
}

func (v *dueFinder) Visit(n *ast.Node) {
	switch x := (*n).(type) {
	case *ast.MemberNode:
		v.members = append(v.members, x)
		v.objects[x.Node] = true
	case *ast.IdentifierNode:
		v.idents = append(v.idents, x)
	}
}
