package rules

import (
	"math"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/phases"
)

// Lowering: expr stays the language, the parser and the type checker, but the
// common subset of a compiled condition is turned from expr's typed AST into
// a tree of Go closures over the typed environment, so that evaluating it
// costs a few direct field reads and indirect calls instead of the VM's
// interface boxing and reflection. Anything outside the subset stays on the
// VM (the rule's lowered closure is nil).
//
// Each closure takes a pointer to the environment and returns its value and
// ok. ok is false only where expr would fail at run time (an integer division
// by zero, a date outside the calendar); the caller then runs the condition
// on the VM, which gives the failure exactly as expr reports it. Lowering
// never changes what a condition means: FuzzLowered runs both paths on
// generated conditions and facts and requires the same result.
//
// Field reads are resolved at compile time to byte offsets into the
// environment (from reflect's StructField.Offset, summed along the member
// chain) and read at run time through unsafe.Pointer arithmetic, the
// technique protobuf-go's fast path uses. This is sound because a lowered
// closure is only ever called with a pointer to the environment type it was
// lowered for (the entry checks the type; see envPointer), and each read has
// the field's own Go type.

// fn is a lowered expression of Go type T.
type fn[T any] func(env unsafe.Pointer) (T, bool)

// kind is the Go type of a lowered value.
type kind uint8

const (
	kBool kind = iota + 1
	kInt
	kFloat
	kString
	kTime
	kDuration
	kStrings
)

// lval is a lowered expression: its kind, its closure (an fn of the kind's Go
// type), and, when known at compile time, its constant value or the field it
// reads (for specialised closures).
type lval struct {
	k     kind
	f     any
	c     any          // the constant value, or nil
	off   uintptr      // field read: offset into the environment
	field bool         // a plain field read of a Go int, bool or string
	ftype reflect.Type // field read (also of an int64, int32 or float64 field): its type
	// wide: an integer whose Go type in expr is not int (an int64 field, or
	// its negation); it computes as int, but a function taking an int
	// rejects it at run time, so such calls stay on the VM.
	wide bool
}

var (
	durationType = reflect.TypeOf(time.Duration(0))
	stringsType  = reflect.TypeOf([]string(nil))
)

// lowerer lowers the conditions of one rule set.
type lowerer struct {
	env  reflect.Type
	cal  *efficiency.Calendar
	loc  *time.Location
	camp *phases.Campaign // nil without a campaign: its builtins stay on the VM
	// pred: lowering the body of a predicate (any, all, none); its closures
	// take a *predFrame, not the environment (see lower_campaign.go).
	pred bool
}

// lowerCondition lowers a compiled boolean condition for env's type, or
// returns nil when any part of it is outside the subset.
func lowerCondition(prog *vm.Program, env any, cal *efficiency.Calendar) fn[bool] {
	return lowerConditionIn(prog, env, cal, nil)
}

// lowerConditionIn is lowerCondition for a rule set with a campaign (camp
// may be nil), whose builtins it lowers too.
func lowerConditionIn(prog *vm.Program, env any, cal *efficiency.Calendar, camp *phases.Campaign) fn[bool] {
	if prog == nil || env == nil {
		return nil
	}
	l := &lowerer{env: reflect.TypeOf(env), cal: cal, loc: cal.Location(), camp: camp}
	v, ok := l.lower(prog.Node())
	if !ok || v.k != kBool {
		return nil
	}
	return v.f.(fn[bool])
}

func constant[T any](k kind, x T) lval {
	return lval{k: k, c: x, f: fn[T](func(unsafe.Pointer) (T, bool) { return x, true })}
}

func (l *lowerer) lower(n ast.Node) (lval, bool) {
	switch n := n.(type) {
	case *ast.BoolNode:
		return constant(kBool, n.Value), true
	case *ast.IntegerNode:
		return constant(kInt, n.Value), true
	case *ast.FloatNode:
		return constant(kFloat, n.Value), true
	case *ast.StringNode:
		return constant(kString, n.Value), true
	case *ast.ConstantNode:
		return l.constantNode(n.Value)
	case *ast.IdentifierNode, *ast.MemberNode:
		return l.field(n)
	case *ast.UnaryNode:
		return l.unary(n)
	case *ast.BinaryNode:
		return l.binary(n)
	case *ast.ConditionalNode:
		return l.conditional(n)
	case *ast.BuiltinNode:
		return l.builtin(n)
	case *ast.CallNode:
		return l.call(n)
	case *ast.PointerNode:
		return l.pointer(n)
	}
	return lval{}, false
}

func (l *lowerer) constantNode(v any) (lval, bool) {
	switch x := v.(type) {
	case bool:
		return constant(kBool, x), true
	case int:
		return constant(kInt, x), true
	case float64:
		return constant(kFloat, x), true
	case string:
		return constant(kString, x), true
	case time.Time:
		return constant(kTime, x), true
	case time.Duration:
		return constant(kDuration, x), true
	}
	return lval{}, false
}

// field resolves a member chain on the environment (case.workdays.elapsed)
// to one offset and a read of the field's type.
func (l *lowerer) field(n ast.Node) (lval, bool) {
	t, off, ok := l.fieldPath(n)
	if !ok {
		return lval{}, false
	}
	v, ok := readField(t, off)
	if !ok || !l.pred {
		return v, ok
	}
	return inFrame(v), true
}

// fieldPath resolves a member chain to the field's type and offset in the
// environment.
func (l *lowerer) fieldPath(n ast.Node) (reflect.Type, uintptr, bool) {
	var path []string
	for {
		switch m := n.(type) {
		case *ast.MemberNode:
			prop, ok := m.Property.(*ast.StringNode)
			if !ok || m.Optional || m.Method {
				return nil, 0, false
			}
			path = append(path, prop.Value)
			n = m.Node
			continue
		case *ast.IdentifierNode:
			path = append(path, m.Value)
		default:
			return nil, 0, false
		}
		break
	}
	t, off := l.env, uintptr(0)
	for i := len(path) - 1; i >= 0; i-- {
		if t.Kind() != reflect.Struct {
			return nil, 0, false
		}
		f, ok := fieldByTag(t, path[i])
		if !ok {
			return nil, 0, false
		}
		t, off = f.Type, off+f.Offset
	}
	return t, off, true
}

// fieldByTag finds the field expr names name: by its expr tag, else its Go name.
func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Anonymous {
			continue
		}
		tag := f.Tag.Get("expr")
		if tag == name || (tag == "" && f.Name == name) {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func readField(t reflect.Type, off uintptr) (lval, bool) {
	switch {
	case t == timeType:
		return lval{k: kTime, f: fn[time.Time](func(p unsafe.Pointer) (time.Time, bool) {
			return *(*time.Time)(unsafe.Add(p, off)), true
		})}, true
	case t == durationType:
		return lval{k: kDuration, f: fn[time.Duration](func(p unsafe.Pointer) (time.Duration, bool) {
			return *(*time.Duration)(unsafe.Add(p, off)), true
		})}, true
	case t == stringsType:
		return lval{k: kStrings, f: fn[[]string](func(p unsafe.Pointer) ([]string, bool) {
			return *(*[]string)(unsafe.Add(p, off)), true
		})}, true
	}
	if t.PkgPath() != "" { // a named type: expr treats it as itself, not as its kind
		return lval{}, false
	}
	switch t.Kind() {
	case reflect.Bool:
		return lval{k: kBool, field: true, off: off, ftype: t, f: fn[bool](func(p unsafe.Pointer) (bool, bool) {
			return *(*bool)(unsafe.Add(p, off)), true
		})}, true
	case reflect.Int:
		return lval{k: kInt, field: true, off: off, ftype: t, f: fn[int](func(p unsafe.Pointer) (int, bool) {
			return *(*int)(unsafe.Add(p, off)), true
		})}, true
	case reflect.Int64: // expr's arithmetic and comparisons take every integer as int
		return lval{k: kInt, wide: true, off: off, ftype: t, f: fn[int](func(p unsafe.Pointer) (int, bool) {
			return int(*(*int64)(unsafe.Add(p, off))), true
		})}, true
	case reflect.Int32:
		return lval{k: kInt, wide: true, off: off, ftype: t, f: fn[int](func(p unsafe.Pointer) (int, bool) {
			return int(*(*int32)(unsafe.Add(p, off))), true
		})}, true
	case reflect.Float64:
		return lval{k: kFloat, off: off, ftype: t, f: fn[float64](func(p unsafe.Pointer) (float64, bool) {
			return *(*float64)(unsafe.Add(p, off)), true
		})}, true
	case reflect.String:
		return lval{k: kString, field: true, off: off, ftype: t, f: fn[string](func(p unsafe.Pointer) (string, bool) {
			return *(*string)(unsafe.Add(p, off)), true
		})}, true
	}
	return lval{}, false
}

func (l *lowerer) unary(n *ast.UnaryNode) (lval, bool) {
	x, ok := l.lower(n.Node)
	if !ok {
		return lval{}, false
	}
	switch n.Operator {
	case "!", "not":
		if x.k != kBool {
			return lval{}, false
		}
		if x.field {
			off := x.off
			return lval{k: kBool, f: fn[bool](func(p unsafe.Pointer) (bool, bool) {
				return !*(*bool)(unsafe.Add(p, off)), true
			})}, true
		}
		f := x.f.(fn[bool])
		return lval{k: kBool, f: fn[bool](func(p unsafe.Pointer) (bool, bool) {
			v, ok := f(p)
			return !v, ok
		})}, true
	case "-":
		switch x.k {
		case kInt:
			f := x.f.(fn[int])
			return lval{k: kInt, wide: x.wide, f: fn[int](func(p unsafe.Pointer) (int, bool) {
				v, ok := f(p)
				return -v, ok
			})}, true
		case kFloat:
			f := x.f.(fn[float64])
			return lval{k: kFloat, f: fn[float64](func(p unsafe.Pointer) (float64, bool) {
				v, ok := f(p)
				return -v, ok
			})}, true
		}
	case "+":
		if x.k == kInt || x.k == kFloat {
			return x, true
		}
	}
	return lval{}, false
}

// asFloat promotes an int or float value to float64, as expr does when the
// other operand is a float.
func asFloat(x lval) fn[float64] {
	if x.k == kFloat {
		return x.f.(fn[float64])
	}
	if c, ok := x.c.(int); ok {
		f := float64(c)
		return func(unsafe.Pointer) (float64, bool) { return f, true }
	}
	g := x.f.(fn[int])
	return func(p unsafe.Pointer) (float64, bool) {
		v, ok := g(p)
		return float64(v), ok
	}
}

func numeric(k kind) bool { return k == kInt || k == kFloat }

func (l *lowerer) binary(n *ast.BinaryNode) (lval, bool) {
	if n.Operator == "in" {
		return l.in(n)
	}
	a, ok := l.lower(n.Left)
	if !ok {
		return lval{}, false
	}
	b, ok := l.lower(n.Right)
	if !ok {
		return lval{}, false
	}
	switch n.Operator {
	case "&&", "and", "||", "or":
		if a.k != kBool || b.k != kBool {
			return lval{}, false
		}
		return logic(n.Operator == "&&" || n.Operator == "and", a.f.(fn[bool]), b.f.(fn[bool])), true
	case "==", "!=", "<", ">", "<=", ">=":
		return compare(n.Operator, a, b)
	case "+", "-", "*":
		return arith(n.Operator, a, b)
	case "/":
		if !numeric(a.k) || !numeric(b.k) {
			return lval{}, false
		}
		x, y := asFloat(a), asFloat(b)
		return lval{k: kFloat, f: fn[float64](func(p unsafe.Pointer) (float64, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			return u / v, ok1 && ok2
		})}, true
	case "%":
		if a.k != kInt || b.k != kInt {
			return lval{}, false
		}
		x, y := a.f.(fn[int]), b.f.(fn[int])
		return lval{k: kInt, f: fn[int](func(p unsafe.Pointer) (int, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			if v == 0 || !ok1 || !ok2 {
				return 0, false // expr: integer divide by zero
			}
			return u % v, true
		})}, true
	case "**", "^":
		if !numeric(a.k) || !numeric(b.k) {
			return lval{}, false
		}
		x, y := asFloat(a), asFloat(b)
		return lval{k: kFloat, f: fn[float64](func(p unsafe.Pointer) (float64, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			return math.Pow(u, v), ok1 && ok2
		})}, true
	case "contains", "startsWith", "endsWith":
		if a.k != kString || b.k != kString {
			return lval{}, false
		}
		op := strings.Contains
		switch n.Operator {
		case "startsWith":
			op = strings.HasPrefix
		case "endsWith":
			op = strings.HasSuffix
		}
		x, y := a.f.(fn[string]), b.f.(fn[string])
		return lval{k: kBool, f: fn[bool](func(p unsafe.Pointer) (bool, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			return op(u, v), ok1 && ok2
		})}, true
	}
	return lval{}, false
}

// logic is && (and true) or ||, short-circuiting as expr does.
func logic(and bool, x, y fn[bool]) lval {
	if and {
		return lval{k: kBool, f: fn[bool](func(p unsafe.Pointer) (bool, bool) {
			u, ok := x(p)
			if !u || !ok {
				return false, ok
			}
			return y(p)
		})}
	}
	return lval{k: kBool, f: fn[bool](func(p unsafe.Pointer) (bool, bool) {
		u, ok := x(p)
		if u || !ok {
			return u, ok
		}
		return y(p)
	})}
}

// compare lowers a comparison: ints as ints, an int against a float as
// floats, strings, bools (== and != only), times and durations.
func compare(op string, a, b lval) (lval, bool) {
	switch {
	case a.k == kInt && b.k == kInt:
		if a.field && a.ftype.Kind() == reflect.Int {
			if c, ok := b.c.(int); ok {
				return cmpFieldConst(op, a.off, c), true
			}
		}
		return cmpOrdered(op, a.f.(fn[int]), b.f.(fn[int])), true
	case numeric(a.k) && numeric(b.k):
		return cmpOrdered(op, asFloat(a), asFloat(b)), true
	case a.k == kString && b.k == kString:
		if a.field && (op == "==" || op == "!=") {
			if c, ok := b.c.(string); ok {
				off, eq := a.off, op == "=="
				return lval{k: kBool, f: fn[bool](func(p unsafe.Pointer) (bool, bool) {
					return (*(*string)(unsafe.Add(p, off)) == c) == eq, true
				})}, true
			}
		}
		return cmpOrdered(op, a.f.(fn[string]), b.f.(fn[string])), true
	case a.k == kDuration && b.k == kDuration:
		return cmpOrdered(op, a.f.(fn[time.Duration]), b.f.(fn[time.Duration])), true
	case a.k == kBool && b.k == kBool && (op == "==" || op == "!="):
		x, y, eq := a.f.(fn[bool]), b.f.(fn[bool]), op == "=="
		return lval{k: kBool, f: fn[bool](func(p unsafe.Pointer) (bool, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			return (u == v) == eq, ok1 && ok2
		})}, true
	case a.k == kTime && b.k == kTime:
		x, y := a.f.(fn[time.Time]), b.f.(fn[time.Time])
		var c func(u, v time.Time) bool
		switch op {
		case "==":
			c = time.Time.Equal
		case "!=":
			c = func(u, v time.Time) bool { return !u.Equal(v) }
		case "<":
			c = time.Time.Before
		case ">":
			c = time.Time.After
		case "<=":
			c = func(u, v time.Time) bool { return u.Before(v) || u.Equal(v) }
		case ">=":
			c = func(u, v time.Time) bool { return u.After(v) || u.Equal(v) }
		}
		return lval{k: kBool, f: fn[bool](func(p unsafe.Pointer) (bool, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			return c(u, v), ok1 && ok2
		})}, true
	}
	return lval{}, false
}

// cmpFieldConst compares an int field with a constant in one closure, the
// commonest shape of a condition.
func cmpFieldConst(op string, off uintptr, c int) lval {
	var f fn[bool]
	switch op {
	case "==":
		f = func(p unsafe.Pointer) (bool, bool) { return *(*int)(unsafe.Add(p, off)) == c, true }
	case "!=":
		f = func(p unsafe.Pointer) (bool, bool) { return *(*int)(unsafe.Add(p, off)) != c, true }
	case "<":
		f = func(p unsafe.Pointer) (bool, bool) { return *(*int)(unsafe.Add(p, off)) < c, true }
	case ">":
		f = func(p unsafe.Pointer) (bool, bool) { return *(*int)(unsafe.Add(p, off)) > c, true }
	case "<=":
		f = func(p unsafe.Pointer) (bool, bool) { return *(*int)(unsafe.Add(p, off)) <= c, true }
	case ">=":
		f = func(p unsafe.Pointer) (bool, bool) { return *(*int)(unsafe.Add(p, off)) >= c, true }
	}
	return lval{k: kBool, f: f}
}

func cmpOrdered[T int | float64 | string | time.Duration](op string, x, y fn[T]) lval {
	var f fn[bool]
	switch op {
	case "==":
		f = func(p unsafe.Pointer) (bool, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			return u == v, ok1 && ok2
		}
	case "!=":
		f = func(p unsafe.Pointer) (bool, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			return u != v, ok1 && ok2
		}
	case "<":
		f = func(p unsafe.Pointer) (bool, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			return u < v, ok1 && ok2
		}
	case ">":
		f = func(p unsafe.Pointer) (bool, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			return u > v, ok1 && ok2
		}
	case "<=":
		f = func(p unsafe.Pointer) (bool, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			return u <= v, ok1 && ok2
		}
	case ">=":
		f = func(p unsafe.Pointer) (bool, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			return u >= v, ok1 && ok2
		}
	}
	return lval{k: kBool, f: f}
}

// arith lowers + - *: ints stay ints (wrapping as Go's do), an int with a
// float is a float, strings concatenate, and times and durations add and
// subtract as in Go.
func arith(op string, a, b lval) (lval, bool) {
	switch {
	case a.k == kInt && b.k == kInt:
		return arithNum(op, kInt, a.f.(fn[int]), b.f.(fn[int])), true
	case numeric(a.k) && numeric(b.k):
		return arithNum(op, kFloat, asFloat(a), asFloat(b)), true
	case a.k == kString && b.k == kString && op == "+":
		x, y := a.f.(fn[string]), b.f.(fn[string])
		return lval{k: kString, f: fn[string](func(p unsafe.Pointer) (string, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			return u + v, ok1 && ok2
		})}, true
	case a.k == kDuration && b.k == kDuration && op != "*":
		return arithNum(op, kDuration, a.f.(fn[time.Duration]), b.f.(fn[time.Duration])), true
	case a.k == kTime && b.k == kTime && op == "-":
		x, y := a.f.(fn[time.Time]), b.f.(fn[time.Time])
		return lval{k: kDuration, f: fn[time.Duration](func(p unsafe.Pointer) (time.Duration, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			return u.Sub(v), ok1 && ok2
		})}, true
	case a.k == kTime && b.k == kDuration && op != "*":
		x, y, neg := a.f.(fn[time.Time]), b.f.(fn[time.Duration]), op == "-"
		return lval{k: kTime, f: fn[time.Time](func(p unsafe.Pointer) (time.Time, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			if neg {
				v = -v
			}
			return u.Add(v), ok1 && ok2
		})}, true
	case a.k == kDuration && b.k == kTime && op == "+":
		x, y := a.f.(fn[time.Duration]), b.f.(fn[time.Time])
		return lval{k: kTime, f: fn[time.Time](func(p unsafe.Pointer) (time.Time, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			return v.Add(u), ok1 && ok2
		})}, true
	}
	return lval{}, false
}

func arithNum[T int | float64 | time.Duration](op string, k kind, x, y fn[T]) lval {
	var f fn[T]
	switch op {
	case "+":
		f = func(p unsafe.Pointer) (T, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			return u + v, ok1 && ok2
		}
	case "-":
		f = func(p unsafe.Pointer) (T, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			return u - v, ok1 && ok2
		}
	case "*":
		f = func(p unsafe.Pointer) (T, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			return u * v, ok1 && ok2
		}
	}
	return lval{k: k, f: f}
}

// in lowers membership in a constant list (as written, or as expr's
// optimiser turned it into a set) or in a list of strings on the environment.
func (l *lowerer) in(n *ast.BinaryNode) (lval, bool) {
	a, ok := l.lower(n.Left)
	if !ok || (a.k != kString && a.k != kInt) {
		return lval{}, false
	}
	strs, ints, isConst := constList(n.Right)
	if !isConst {
		b, ok := l.lower(n.Right)
		if !ok || b.k != kStrings || a.k != kString {
			return lval{}, false
		}
		x, y := a.f.(fn[string]), b.f.(fn[[]string])
		return lval{k: kBool, f: fn[bool](func(p unsafe.Pointer) (bool, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			return contains(v, u), ok1 && ok2
		})}, true
	}
	switch {
	case a.k == kString && ints == nil:
		x := a.f.(fn[string])
		return lval{k: kBool, f: fn[bool](func(p unsafe.Pointer) (bool, bool) {
			u, ok := x(p)
			return contains(strs, u), ok
		})}, true
	case a.k == kInt && strs == nil:
		x := a.f.(fn[int])
		return lval{k: kBool, f: fn[bool](func(p unsafe.Pointer) (bool, bool) {
			u, ok := x(p)
			for _, i := range ints {
				if i == u {
					return true, ok
				}
			}
			return false, ok
		})}, true
	}
	return lval{}, false
}

// constList is the elements of a constant list of strings or of ints (as
// written, or as expr's optimiser turned it into a set); ok is false for
// anything else, or for a list mixing both.
func constList(n ast.Node) (strs []string, ints []int, ok bool) {
	switch r := n.(type) {
	case *ast.ConstantNode:
		switch set := r.Value.(type) {
		case map[string]struct{}:
			for s := range set {
				strs = append(strs, s)
			}
		case map[int]struct{}:
			for i := range set {
				ints = append(ints, i)
			}
		case []any:
			for _, e := range set {
				switch e := e.(type) {
				case string:
					strs = append(strs, e)
				case int:
					ints = append(ints, e)
				default:
					return nil, nil, false
				}
			}
		default:
			return nil, nil, false
		}
	case *ast.ArrayNode:
		for _, e := range r.Nodes {
			switch e := e.(type) {
			case *ast.StringNode:
				strs = append(strs, e.Value)
			case *ast.IntegerNode:
				ints = append(ints, e.Value)
			default:
				return nil, nil, false
			}
		}
	default:
		return nil, nil, false
	}
	return strs, ints, strs == nil || ints == nil
}

// conditional lowers c ? a : b when both branches have the same type.
func (l *lowerer) conditional(n *ast.ConditionalNode) (lval, bool) {
	c, ok1 := l.lower(n.Cond)
	a, ok2 := l.lower(n.Exp1)
	b, ok3 := l.lower(n.Exp2)
	if !ok1 || !ok2 || !ok3 || c.k != kBool || a.k != b.k {
		return lval{}, false
	}
	cond := c.f.(fn[bool])
	switch a.k {
	case kBool:
		return lval{k: kBool, f: ternary(cond, a.f.(fn[bool]), b.f.(fn[bool]))}, true
	case kInt:
		return lval{k: kInt, wide: a.wide || b.wide, f: ternary(cond, a.f.(fn[int]), b.f.(fn[int]))}, true
	case kFloat:
		return lval{k: kFloat, f: ternary(cond, a.f.(fn[float64]), b.f.(fn[float64]))}, true
	case kString:
		return lval{k: kString, f: ternary(cond, a.f.(fn[string]), b.f.(fn[string]))}, true
	case kTime:
		return lval{k: kTime, f: ternary(cond, a.f.(fn[time.Time]), b.f.(fn[time.Time]))}, true
	case kDuration:
		return lval{k: kDuration, f: ternary(cond, a.f.(fn[time.Duration]), b.f.(fn[time.Duration]))}, true
	case kStrings:
		return lval{k: kStrings, f: ternary(cond, a.f.(fn[[]string]), b.f.(fn[[]string]))}, true
	}
	return lval{}, false
}

func ternary[T any](c fn[bool], a, b fn[T]) fn[T] {
	return func(p unsafe.Pointer) (T, bool) {
		ok, good := c(p)
		if !good {
			var zero T
			return zero, false
		}
		if ok {
			return a(p)
		}
		return b(p)
	}
}

// builtin lowers expr's own len, and duration with a literal argument
// (folded at compile time).
func (l *lowerer) builtin(n *ast.BuiltinNode) (lval, bool) {
	switch n.Name {
	case "any", "all", "none":
		return l.quantifier(n)
	}
	if len(n.Arguments) != 1 {
		return lval{}, false
	}
	switch n.Name {
	case "len":
		x, ok := l.lower(n.Arguments[0])
		if !ok {
			return lval{}, false
		}
		switch x.k {
		case kStrings:
			f := x.f.(fn[[]string])
			return lval{k: kInt, f: fn[int](func(p unsafe.Pointer) (int, bool) {
				v, ok := f(p)
				return len(v), ok
			})}, true
		case kString: // expr counts runes, not bytes
			f := x.f.(fn[string])
			return lval{k: kInt, f: fn[int](func(p unsafe.Pointer) (int, bool) {
				v, ok := f(p)
				return utf8.RuneCountInString(v), ok
			})}, true
		}
	case "duration":
		if s, ok := n.Arguments[0].(*ast.StringNode); ok {
			if d, err := time.ParseDuration(s.Value); err == nil {
				return constant(kDuration, d), true
			}
		}
	}
	return lval{}, false
}

// call lowers the rule set's own functions (builtins.go), bound to its
// calendar; date and end_of_day with a literal argument are folded at
// compile time. A calendar error sends the condition back to the VM, which
// reports it as expr does.
func (l *lowerer) call(n *ast.CallNode) (lval, bool) {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok {
		return lval{}, false
	}
	if campaignFuncs[id.Value] {
		return l.campaignCall(id.Value, n)
	}
	args := make([]lval, len(n.Arguments))
	for i, a := range n.Arguments {
		if args[i], ok = l.lower(a); !ok {
			return lval{}, false
		}
	}
	cal, loc := l.cal, l.loc
	day := func(t time.Time) efficiency.Date { return efficiency.DateOf(t, loc) }
	switch {
	case id.Value == "workdays" && len(args) == 2 && args[0].k == kTime && args[1].k == kTime:
		x, y := args[0].f.(fn[time.Time]), args[1].f.(fn[time.Time])
		return lval{k: kInt, f: fn[int](func(p unsafe.Pointer) (int, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			n, err := cal.WorkdaysBetween(day(u), day(v))
			return n, ok1 && ok2 && err == nil
		})}, true
	case id.Value == "add_workdays" && len(args) == 2 && args[0].k == kTime && args[1].k == kInt && !args[1].wide:
		x, y := args[0].f.(fn[time.Time]), args[1].f.(fn[int])
		return lval{k: kTime, f: fn[time.Time](func(p unsafe.Pointer) (time.Time, bool) {
			u, ok1 := x(p)
			v, ok2 := y(p)
			d, err := cal.AddWorkdays(day(u), v)
			if err != nil {
				return time.Time{}, false
			}
			return d.End(loc), ok1 && ok2
		})}, true
	case id.Value == "is_workday" && len(args) == 1 && args[0].k == kTime:
		x := args[0].f.(fn[time.Time])
		return lval{k: kBool, f: fn[bool](func(p unsafe.Pointer) (bool, bool) {
			u, ok1 := x(p)
			w, err := cal.IsWorkday(day(u))
			return w, ok1 && err == nil
		})}, true
	case (id.Value == "date" || id.Value == "end_of_day") && len(args) == 1 && args[0].k == kString:
		end := id.Value == "end_of_day"
		if s, ok := args[0].c.(string); ok {
			d, err := efficiency.ParseDate(s)
			if err != nil {
				return lval{}, false // the VM reports the bad literal
			}
			if end {
				return constant(kTime, d.End(loc)), true
			}
			return constant(kTime, d.Start(loc)), true
		}
		x := args[0].f.(fn[string])
		return lval{k: kTime, f: fn[time.Time](func(p unsafe.Pointer) (time.Time, bool) {
			s, ok1 := x(p)
			d, err := efficiency.ParseDate(s)
			if err != nil || !ok1 {
				return time.Time{}, false
			}
			if end {
				return d.End(loc), true
			}
			return d.Start(loc), true
		})}, true
	}
	return lval{}, false
}
