package rules

import (
	"reflect"
	"strings"
	"time"
	"unsafe"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/phases"
)

// Lowering the campaign builtins (campaign.go) and the quantifiers over a
// list of strings that the campaign rules use: any(unit.measures, …#…).
//
// Calls with literal arguments are folded at compile time: phase_end("mobilization")
// and due("implementation-plan") become time constants. due("prefix" + x)
// looks x up in a table built at compile time (no string is built at run
// time); submitted_by reads the unit's Submitted map in place. A call the
// campaign cannot answer (an unknown phase or deliverable) is left to the VM,
// or, when its argument is only known at run time, sends the condition back
// to the VM (ok false), which reports the error exactly as expr does. Without
// a campaign the builtins always fail, so they are not lowered.

// campaignFuncs are the campaign builtins' names.
var campaignFuncs = map[string]bool{"phase": true, "phase_start": true, "phase_end": true, "due": true, "submitted_by": true}

var unitFactsType = reflect.TypeOf(UnitFacts{})

// predFrame is what the closures of a predicate's body take: the
// environment and the current element (#).
type predFrame struct {
	env  unsafe.Pointer
	elem string
}

// inFrame turns a lowered read of the environment into a read through a
// predFrame.
func inFrame(v lval) lval {
	out := lval{k: v.k, wide: v.wide, c: v.c}
	switch f := v.f.(type) {
	case fn[bool]:
		out.f = fn[bool](func(p unsafe.Pointer) (bool, bool) { return f((*predFrame)(p).env) })
	case fn[int]:
		out.f = fn[int](func(p unsafe.Pointer) (int, bool) { return f((*predFrame)(p).env) })
	case fn[float64]:
		out.f = fn[float64](func(p unsafe.Pointer) (float64, bool) { return f((*predFrame)(p).env) })
	case fn[string]:
		out.f = fn[string](func(p unsafe.Pointer) (string, bool) { return f((*predFrame)(p).env) })
	case fn[time.Time]:
		out.f = fn[time.Time](func(p unsafe.Pointer) (time.Time, bool) { return f((*predFrame)(p).env) })
	case fn[time.Duration]:
		out.f = fn[time.Duration](func(p unsafe.Pointer) (time.Duration, bool) { return f((*predFrame)(p).env) })
	case fn[[]string]:
		out.f = fn[[]string](func(p unsafe.Pointer) ([]string, bool) { return f((*predFrame)(p).env) })
	default:
		return lval{}
	}
	return out
}

// pointer lowers # inside a predicate over a list of strings.
func (l *lowerer) pointer(n *ast.PointerNode) (lval, bool) {
	if !l.pred || n.Name != "" {
		return lval{}, false
	}
	return lval{k: kString, f: fn[string](func(p unsafe.Pointer) (string, bool) {
		return (*predFrame)(p).elem, true
	})}, true
}

// quantifier lowers any, all and none over a list of strings with a
// predicate (not nested in another predicate), short-circuiting as expr does.
func (l *lowerer) quantifier(n *ast.BuiltinNode) (lval, bool) {
	if l.pred || len(n.Arguments) != 2 || n.Map != nil || n.Threshold != nil {
		return lval{}, false
	}
	list, ok := l.lower(n.Arguments[0])
	if !ok || list.k != kStrings {
		return lval{}, false
	}
	pn, ok := n.Arguments[1].(*ast.PredicateNode)
	if !ok {
		return lval{}, false
	}
	l.pred = true
	body, ok := l.lower(pn.Node)
	l.pred = false
	if !ok || body.k != kBool {
		return lval{}, false
	}
	xs, pred := list.f.(fn[[]string]), body.f.(fn[bool])
	// any stops at the first true, all and none at the first false / true.
	stopOn, result := true, true // any
	switch n.Name {
	case "all":
		stopOn, result = false, false
	case "none":
		stopOn, result = true, false
	}
	return lval{k: kBool, f: fn[bool](func(p unsafe.Pointer) (bool, bool) {
		v, ok := xs(p)
		if !ok {
			return false, false
		}
		if len(v) == 0 {
			return n.Name != "any", true
		}
		fr := &predFrame{env: p}
		for _, s := range v {
			fr.elem = s
			hit, ok := pred(unsafe.Pointer(fr))
			if !ok {
				return false, false
			}
			if hit == stopOn {
				return result, true
			}
		}
		return !result, true
	})}, true
}

// prefixed matches "literal" + x, returning the literal and x's node.
func prefixed(n ast.Node) (string, ast.Node, bool) {
	b, ok := n.(*ast.BinaryNode)
	if !ok || b.Operator != "+" {
		return "", nil, false
	}
	s, ok := b.Left.(*ast.StringNode)
	if !ok {
		return "", nil, false
	}
	return s.Value, b.Right, true
}

// campaignCall lowers a call of a campaign builtin (l.camp is not nil).
func (l *lowerer) campaignCall(name string, n *ast.CallNode) (lval, bool) {
	camp := l.camp
	if camp == nil {
		return lval{}, false
	}
	switch {
	case (name == "phase_start" || name == "phase_end") && len(n.Arguments) == 1:
		end := name == "phase_end"
		if s, ok := n.Arguments[0].(*ast.StringNode); ok {
			ph, ok := camp.Phase(phases.PhaseID(s.Value))
			if !ok {
				return lval{}, false
			}
			if end {
				return constant(kTime, ph.End), true
			}
			return constant(kTime, ph.Start), true
		}
		x, ok := l.lower(n.Arguments[0])
		if !ok || x.k != kString {
			return lval{}, false
		}
		id := x.f.(fn[string])
		return lval{k: kTime, f: fn[time.Time](func(p unsafe.Pointer) (time.Time, bool) {
			s, ok1 := id(p)
			ph, ok := camp.Phase(phases.PhaseID(s))
			if end {
				return ph.End, ok && ok1
			}
			return ph.Start, ok && ok1
		})}, true
	case name == "due" && len(n.Arguments) == 1:
		if s, ok := n.Arguments[0].(*ast.StringNode); ok {
			t, ok := camp.Due(s.Value)
			if !ok {
				return lval{}, false
			}
			return constant(kTime, t), true
		}
		if prefix, rest, ok := prefixed(n.Arguments[0]); ok {
			x, ok := l.lower(rest)
			if !ok || x.k != kString {
				return lval{}, false
			}
			tab := map[string]time.Time{}
			for _, kind := range dueKinds(camp) {
				if suffix, ok := strings.CutPrefix(kind, prefix); ok {
					tab[suffix], _ = camp.Due(kind)
				}
			}
			f := x.f.(fn[string])
			return lval{k: kTime, f: fn[time.Time](func(p unsafe.Pointer) (time.Time, bool) {
				s, ok1 := f(p)
				t, ok := tab[s]
				return t, ok && ok1
			})}, true
		}
		x, ok := l.lower(n.Arguments[0])
		if !ok || x.k != kString {
			return lval{}, false
		}
		f := x.f.(fn[string])
		return lval{k: kTime, f: fn[time.Time](func(p unsafe.Pointer) (time.Time, bool) {
			s, ok1 := f(p)
			t, ok := camp.Due(s)
			return t, ok && ok1
		})}, true
	case name == "phase" && len(n.Arguments) == 1:
		x, ok := l.lower(n.Arguments[0])
		if !ok || x.k != kTime {
			return lval{}, false
		}
		f := x.f.(fn[time.Time])
		return lval{k: kString, f: fn[string](func(p unsafe.Pointer) (string, bool) {
			t, ok := f(p)
			return string(camp.At(t).Phase), ok
		})}, true
	case name == "submitted_by" && len(n.Arguments) == 3:
		return l.submittedBy(n)
	}
	return lval{}, false
}

// submittedBy lowers submitted_by(unit, kind, t): the unit is a UnitFacts
// field of the environment, read in place.
func (l *lowerer) submittedBy(n *ast.CallNode) (lval, bool) {
	typ, off, ok := l.fieldPath(n.Arguments[0])
	if !ok || typ != unitFactsType {
		return lval{}, false
	}
	sub, _ := unitFactsType.FieldByName("Submitted")
	off += sub.Offset
	pred := l.pred
	submitted := func(p unsafe.Pointer) map[string]time.Time {
		if pred {
			p = (*predFrame)(p).env
		}
		return *(*map[string]time.Time)(unsafe.Add(p, off))
	}
	at, ok := l.lower(n.Arguments[2])
	if !ok || at.k != kTime {
		return lval{}, false
	}
	t := at.f.(fn[time.Time])
	if prefix, rest, ok := prefixed(n.Arguments[1]); ok {
		x, ok := l.lower(rest)
		if !ok || x.k != kString {
			return lval{}, false
		}
		f := x.f.(fn[string])
		return lval{k: kBool, f: fn[bool](func(p unsafe.Pointer) (bool, bool) {
			s, ok1 := f(p)
			u, ok2 := t(p)
			when, ok := submitted(p)[prefix+s] // the key is not kept: no allocation for short ones
			return ok && !when.After(u), ok1 && ok2
		})}, true
	}
	k, ok := l.lower(n.Arguments[1])
	if !ok || k.k != kString {
		return lval{}, false
	}
	f := k.f.(fn[string])
	return lval{k: kBool, f: fn[bool](func(p unsafe.Pointer) (bool, bool) {
		s, ok1 := f(p)
		u, ok2 := t(p)
		when, ok := submitted(p)[s]
		return ok && !when.After(u), ok1 && ok2
	})}, true
}

// lowerEvidence lowers an evidence expression whose value the VM would give
// with the same Go type: bools, strings, floats, times, durations, lists of
// strings, and ints read from int fields or computed by len, workdays or
// constants (an int64 field, or arithmetic that may mix one in, could come
// out of the VM as int64: those stay on the VM). nil when not lowered.
func lowerEvidence(prog *vm.Program, env any, cal *efficiency.Calendar, camp *phases.Campaign) func(unsafe.Pointer) (any, bool) {
	if prog == nil || env == nil {
		return nil
	}
	l := &lowerer{env: reflect.TypeOf(env), cal: cal, loc: cal.Location(), camp: camp}
	root := prog.Node()
	v, ok := l.lower(root)
	if !ok {
		return nil
	}
	switch v.k {
	case kBool:
		return boxed(v.f.(fn[bool]))
	case kString:
		return boxed(v.f.(fn[string]))
	case kFloat:
		return boxedFloat(v.f.(fn[float64]))
	case kTime:
		return boxedTime(v.f.(fn[time.Time]), l.loc)
	case kDuration:
		return boxed(v.f.(fn[time.Duration]))
	case kStrings:
		return boxedStrings(v.f.(fn[[]string]))
	case kInt:
		if intTyped(l, root) {
			return boxed(v.f.(fn[int]))
		}
		// an int64 or int32 field: the VM gives the field's own type
		if _, isField := root.(*ast.MemberNode); isField && v.wide && v.ftype != nil {
			f := v.f.(fn[int])
			switch v.ftype.Kind() {
			case reflect.Int64:
				return func(p unsafe.Pointer) (any, bool) {
					x, ok := f(p)
					return int64(x), ok
				}
			case reflect.Int32:
				return func(p unsafe.Pointer) (any, bool) {
					x, ok := f(p)
					return int32(x), ok
				}
			}
		}
	}
	return nil
}

// intTyped reports whether expr's VM gives the integer expression n as a Go
// int: a field or literal of type int, len, workdays, integer arithmetic
// (expr's helpers compute every mix of integer types as int), the negation
// of an int, or a choice between two such.
func intTyped(l *lowerer, n ast.Node) bool {
	switch n := n.(type) {
	case *ast.IdentifierNode, *ast.MemberNode:
		v, ok := l.lower(n)
		return ok && v.k == kInt && !v.wide
	case *ast.IntegerNode:
		return true
	case *ast.BuiltinNode:
		return n.Name == "len"
	case *ast.CallNode:
		id, ok := n.Callee.(*ast.IdentifierNode)
		return ok && id.Value == "workdays"
	case *ast.BinaryNode:
		switch n.Operator {
		case "+", "-", "*", "%":
			a, ok1 := l.lower(n.Left)
			b, ok2 := l.lower(n.Right)
			return ok1 && ok2 && a.k == kInt && b.k == kInt
		}
	case *ast.UnaryNode:
		return n.Operator == "-" && intTyped(l, n.Node)
	case *ast.ConditionalNode:
		return intTyped(l, n.Exp1) && intTyped(l, n.Exp2)
	}
	return false
}

func boxed[T any](f fn[T]) func(unsafe.Pointer) (any, bool) {
	return func(p unsafe.Pointer) (any, bool) {
		v, ok := f(p)
		return v, ok
	}
}

// boxedFloat, boxedTime and boxedStrings give the value normalise would, so
// that the value is boxed once: rounded, in the zone, as []any.
func boxedFloat(f fn[float64]) func(unsafe.Pointer) (any, bool) {
	return func(p unsafe.Pointer) (any, bool) {
		v, ok := f(p)
		if !ok {
			return nil, false
		}
		return normalise(v, nil), true
	}
}

func boxedTime(f fn[time.Time], loc *time.Location) func(unsafe.Pointer) (any, bool) {
	return func(p unsafe.Pointer) (any, bool) {
		v, ok := f(p)
		if !ok {
			return nil, false
		}
		return v.In(loc), true
	}
}

func boxedStrings(f fn[[]string]) func(unsafe.Pointer) (any, bool) {
	return func(p unsafe.Pointer) (any, bool) {
		v, ok := f(p)
		if !ok {
			return nil, false
		}
		out := make([]any, len(v))
		for i, s := range v {
			out[i] = s
		}
		return out, true
	}
}
