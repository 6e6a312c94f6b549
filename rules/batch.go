package rules

import (
	"math"
	"math/bits"
	"reflect"
	"unsafe"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/phases"
)

// Batch evaluation: a lowered condition is also built as a tree of closures
// that each work on up to 64 subjects at once, so that the cost of walking
// the tree (an indirect call per node) is paid once per rule and batch, not
// once per rule and subject, and each node's work is a tight loop over the
// batch — the way a vectorised query engine evaluates a predicate over a
// block of rows.
//
// Which subjects a node works on, and its answers, are bit masks: bit i is
// the i-th environment of the batch. A predicate takes the subjects to
// evaluate (sel) and returns those for which it holds (t) and those for
// which it failed at run time (bad), disjoint subsets of sel. && evaluates
// its right side only on the subjects its left side kept, || only on the
// others, exactly as the scalar closures short-circuit, so a batch
// evaluates the same operations as the scalar path, only grouped. A bad
// subject is run again on expr's VM, which reports the failure as expr
// does.
//
// Numeric subexpressions produce columns: each writes its values for the
// selected subjects into a column of the batch (its slot, assigned when the
// rule set is lowered) and returns it. Anything without a batch form runs
// its scalar closure (lower.go) once per selected subject, which is what the
// scalar path costs; BatchAgreesWithScalar in the tests and FuzzLowered hold
// the two paths to the same answers.

// The constructors of batch closures are marked go:noinline: inlined into a
// large caller (pred, intCol), a closure gets the inliner's smaller budget
// for big functions and would call b2u for every subject.

// batchSize is the number of subjects in a batch: one bit each in a uint64.
const batchSize = 64

// batch is up to 64 environments of one type, the i-th at base + i*stride,
// with the working columns of its numeric subexpressions. A batch is used
// by one goroutine at a time.
type batch struct {
	base   unsafe.Pointer
	stride uintptr
	ints   [][batchSize]int
	floats [][batchSize]float64
}

func (b *batch) at(i int) unsafe.Pointer { return unsafe.Add(b.base, uintptr(i)*b.stride) }

// in reports whether s is one of list (a short constant list).
func in(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// bpred is a batch predicate: of the subjects sel, those for which it holds
// and those for which it failed.
type bpred func(b *batch, sel uint64) (t, bad uint64)

// bcol is a batch numeric expression: it writes the values of the subjects
// sel into a column and returns it, with the subjects for which it failed.
type bcol[T int | float64] func(b *batch, sel uint64) (col *[batchSize]T, bad uint64)

//go:generate go run ./internal/batchgen

// denseSpan is the span of subjects sel covers, lo to hi-1, and whether
// it is dense enough (at least half selected) to be computed whole and
// masked afterwards, rather than subject by selected subject. Only loops
// without side effects or failures are computed whole.
func denseSpan(sel uint64) (lo, hi int, dense bool) {
	if sel == 0 {
		return 0, 0, false
	}
	lo, hi = bits.TrailingZeros64(sel), 64-bits.LeadingZeros64(sel)
	return lo, hi, 2*bits.OnesCount64(sel) >= hi-lo
}

func intSlot(slot int) func(*batch) *[batchSize]int {
	return func(b *batch) *[batchSize]int { return &b.ints[slot] }
}

// firstN is the mask of the subjects 0 to n-1.
func firstN(n int) uint64 {
	if n >= 64 {
		return ^uint64(0)
	}
	return uint64(1)<<n - 1
}

// b2u is 1 for true: masks are built without branches.
func b2u(v bool) uint64 {
	var u uint64
	if v {
		u = 1
	}
	return u
}

// batchLowerer builds the batch form of conditions already lowered by its
// lowerer, numbering the columns it needs.
type batchLowerer struct {
	*lowerer
	ints, floats int // columns used so far by the condition being lowered
}

// lowerBatch builds the batch form of a condition that lowerConditionIn
// lowered, or nil. ints and floats are the columns it needs.
func lowerBatch(prog *vm.Program, env any, cal *efficiency.Calendar, camp *phases.Campaign) (p bpred, ints, floats int) {
	if prog == nil || env == nil {
		return nil, 0, 0
	}
	l := &batchLowerer{lowerer: &lowerer{env: reflect.TypeOf(env), cal: cal, loc: cal.Location(), camp: camp}}
	p, ok := l.pred(prog.Node())
	if !ok {
		return nil, 0, 0
	}
	return p, l.ints, l.floats
}

// pred builds a batch predicate for n, a condition the scalar lowerer
// lowers to a boolean.
func (l *batchLowerer) pred(n ast.Node) (bpred, bool) {
	v, ok := l.lower(n)
	if !ok || v.k != kBool {
		return nil, false
	}
	switch n := n.(type) {
	case *ast.BinaryNode:
		switch n.Operator {
		case "&&", "and", "||", "or":
			x, ok1 := l.pred(n.Left)
			y, ok2 := l.pred(n.Right)
			if !ok1 || !ok2 {
				break
			}
			if n.Operator == "&&" || n.Operator == "and" {
				return batchAnd(x, y), true
			}
			return batchOr(x, y), true
		case "==", "!=", "<", ">", "<=", ">=":
			if p, ok := l.comparison(n); ok {
				return p, true
			}
		case "in":
			a, ok := l.lower(n.Left)
			strs, ints, isConst := constList(n.Right)
			if ok && a.field && a.k == kString && isConst && ints == nil {
				off := a.off
				return func(b *batch, sel uint64) (t, bad uint64) {
					base, stride := b.base, b.stride
					for s := sel; s != 0; s &= s - 1 {
						i := bits.TrailingZeros64(s)
						t |= b2u(in(strs, *(*string)(unsafe.Add(base, uintptr(i)*stride+off)))) << i
					}
					return t, 0
				}, true
			}
		}
	case *ast.UnaryNode:
		if n.Operator == "!" || n.Operator == "not" {
			if x, ok := l.pred(n.Node); ok {
				return batchNot(x), true
			}
		}
	}
	if v.field { // a bool field
		return boolField(v.off), true
	}
	return perSubject(v.f.(fn[bool])), true
}

// perSubject runs a scalar predicate once per selected subject.
//
//go:noinline
func perSubject(f fn[bool]) bpred {
	return func(b *batch, sel uint64) (t, bad uint64) {
		for s := sel; s != 0; s &= s - 1 {
			i := bits.TrailingZeros64(s)
			v, ok := f(b.at(i))
			bit := uint64(1) << i
			if !ok {
				bad |= bit
			} else if v {
				t |= bit
			}
		}
		return t, bad
	}
}

func batchAnd(x, y bpred) bpred {
	return func(b *batch, sel uint64) (uint64, uint64) {
		t, bad := x(b, sel)
		if t == 0 {
			return 0, bad
		}
		t2, bad2 := y(b, t)
		return t2, bad | bad2
	}
}

func batchOr(x, y bpred) bpred {
	return func(b *batch, sel uint64) (uint64, uint64) {
		t, bad := x(b, sel)
		rest := sel &^ t &^ bad
		if rest == 0 {
			return t, bad
		}
		t2, bad2 := y(b, rest)
		return t | t2, bad | bad2
	}
}

func batchNot(x bpred) bpred {
	return func(b *batch, sel uint64) (uint64, uint64) {
		t, bad := x(b, sel)
		return sel &^ t &^ bad, bad
	}
}

// comparison builds a batch comparison of two numbers (ints as ints, an int
// with a float as floats, as compare in lower.go does) or of a string field
// with a constant.
func (l *batchLowerer) comparison(n *ast.BinaryNode) (bpred, bool) {
	a, ok1 := l.lower(n.Left)
	b, ok2 := l.lower(n.Right)
	if !ok1 || !ok2 {
		return nil, false
	}
	op := n.Operator
	switch {
	case a.k == kInt && b.k == kInt:
		if a.field && b.field && a.ftype.Kind() == reflect.Int && b.ftype.Kind() == reflect.Int {
			return fieldFieldCmp[int](op, a.off, b.off), true
		}
		if c, ok := b.c.(int); ok {
			if p, ok := l.fusedIntCmp(n.Left, op, c); ok {
				return p, true
			}
			if a.field && a.ftype.Kind() == reflect.Int {
				return fieldConstCmp(op, a.off, c), true
			}
			if a.ftype != nil && a.ftype.Kind() == reflect.Int64 && bits.UintSize == 64 && !l.lowerer.pred {
				return fieldConstCmp(op, a.off, int64(c)), true
			}
			if x, ok := l.intCol(n.Left); ok {
				return colConstCmp(op, x, c), true
			}
		}
		x, ok1 := l.intCol(n.Left)
		y, ok2 := l.intCol(n.Right)
		if ok1 && ok2 {
			return colCmp(op, x, y), true
		}
	case numeric(a.k) && numeric(b.k):
		if c, ok := l.constFloat(n.Right); ok && a.k == kFloat {
			if p, ok := l.fusedFloatCmp(n.Left, op, c); ok {
				return p, true
			}
		}
		if a.k == kFloat && a.ftype != nil && !l.lowerer.pred {
			switch c := b.c.(type) {
			case int:
				return fieldConstCmp(op, a.off, float64(c)), true
			case float64:
				return fieldConstCmp(op, a.off, c), true
			}
		}
		x, ok := l.floatCol(n.Left)
		if !ok {
			return nil, false
		}
		if b.c != nil {
			switch c := b.c.(type) {
			case int:
				return colConstCmp(op, x, float64(c)), true
			case float64:
				return colConstCmp(op, x, c), true
			}
		}
		y, ok := l.floatCol(n.Right)
		if ok {
			return colCmp(op, x, y), true
		}
	case a.k == kString && b.k == kString && a.field:
		if c, ok := b.c.(string); ok {
			return fieldConstCmp(op, a.off, c), true
		}
		if b.field {
			return fieldFieldCmp[string](op, a.off, b.off), true
		}
	}
	return nil, false
}

// intCol builds the column of an int expression.
func (l *batchLowerer) intCol(n ast.Node) (bcol[int], bool) {
	v, ok := l.lower(n)
	if !ok || v.k != kInt {
		return nil, false
	}
	slot := l.ints
	l.ints++
	if c, ok := v.c.(int); ok {
		return constColumn(c, intSlot(slot)), true
	}
	if v.ftype != nil && !l.lowerer.pred {
		switch v.ftype.Kind() {
		case reflect.Int:
			return fieldColumn[int](intSlot(slot), v.off), true
		case reflect.Int64:
			return fieldColumn[int64](intSlot(slot), v.off), true
		case reflect.Int32:
			return fieldColumn[int32](intSlot(slot), v.off), true
		}
	}
	if bn, ok := n.(*ast.BinaryNode); ok && bn.Operator == "%" {
		if c, ok := l.constInt(bn.Right); ok && c != 0 {
			if x, ok := l.intCol(bn.Left); ok {
				return intModConst(slot, x, c), true
			}
		}
		x, ok1 := l.intCol(bn.Left)
		y, ok2 := l.intCol(bn.Right)
		if ok1 && ok2 {
			return intMod(slot, x, y), true
		}
	}
	if bn, ok := n.(*ast.BinaryNode); ok && (bn.Operator == "+" || bn.Operator == "-" || bn.Operator == "*") {
		if c, ok := l.constInt(bn.Right); ok {
			if x, ok := l.intCol(bn.Left); ok {
				return colArithConst(bn.Operator, intSlot(slot), x, c), true
			}
		} else if c, ok := l.constInt(bn.Left); ok && bn.Operator != "-" {
			if y, ok := l.intCol(bn.Right); ok {
				return colArithConst(bn.Operator, intSlot(slot), y, c), true // c + y = y + c, c * y = y * c
			}
		} else {
			x, ok1 := l.intCol(bn.Left)
			y, ok2 := l.intCol(bn.Right)
			if ok1 && ok2 {
				return colArith(bn.Operator, intSlot(slot), x, y), true
			}
		}
	}
	return columnPerSubject(v.f.(fn[int]), intSlot(slot)), true
}

// numField is n's field when n reads an int, int64, int32 (or, with
// floats, float64) field of the environment.
func (l *batchLowerer) numField(n ast.Node, floats bool) (reflect.Kind, uintptr, bool) {
	v, ok := l.lower(n)
	if !ok || v.ftype == nil || l.lowerer.pred {
		return 0, 0, false
	}
	switch k := v.ftype.Kind(); k {
	case reflect.Int, reflect.Int64, reflect.Int32:
		return k, v.off, v.k == kInt
	case reflect.Float64:
		return k, v.off, floats && v.k == kFloat
	}
	return 0, 0, false
}

// fusedIntCmp compares an integer expression n with a constant in one
// loop when n is a field plus, minus or times another field or a
// constant, or a field modulo a constant other than 0.
func (l *batchLowerer) fusedIntCmp(n ast.Node, op string, c int) (bpred, bool) {
	bn, ok := n.(*ast.BinaryNode)
	if !ok {
		return nil, false
	}
	arith := bn.Operator
	switch arith {
	case "+", "-", "*", "%":
	default:
		return nil, false
	}
	left, right := bn.Left, bn.Right
	if _, ok := l.constInt(left); ok && (arith == "+" || arith == "*") {
		left, right = right, left // k + x = x + k, k * x = x * k
	}
	k1, off1, ok := l.numField(left, false)
	if !ok {
		return nil, false
	}
	if k, ok := l.constInt(right); ok {
		if arith == "%" {
			if k == 0 {
				return nil, false // fails at run time: left to the general path
			}
			if k < 0 && k != math.MinInt {
				k = -k // x % -k == x % k in Go: the sign is x's
			}
			if k > 0 && k&(k-1) == 0 {
				switch k1 {
				case reflect.Int:
					return fieldModPow2Cmp[int](op, off1, k, c), true
				case reflect.Int64:
					return fieldModPow2Cmp[int64](op, off1, k, c), true
				default:
					return fieldModPow2Cmp[int32](op, off1, k, c), true
				}
			}
			switch k1 {
			case reflect.Int:
				return fieldModCmp[int](op, off1, k, c), true
			case reflect.Int64:
				return fieldModCmp[int64](op, off1, k, c), true
			default:
				return fieldModCmp[int32](op, off1, k, c), true
			}
		}
		switch k1 {
		case reflect.Int:
			return fieldArithCmp[int](arith, op, off1, k, c), true
		case reflect.Int64:
			return fieldArithCmp[int64](arith, op, off1, k, c), true
		default:
			return fieldArithCmp[int32](arith, op, off1, k, c), true
		}
	}
	k2, off2, ok := l.numField(right, false)
	if !ok || arith == "%" {
		return nil, false
	}
	return fieldsArith(k1, k2, arith, op, off1, off2, c), true
}

// fieldsArith instantiates fieldsArithCmp for the fields' Go types.
func fieldsArith(k1, k2 reflect.Kind, arith, op string, off1, off2 uintptr, c int) bpred {
	switch k1 {
	case reflect.Int:
		return fieldsArith2[int](k2, arith, op, off1, off2, c)
	case reflect.Int64:
		return fieldsArith2[int64](k2, arith, op, off1, off2, c)
	default:
		return fieldsArith2[int32](k2, arith, op, off1, off2, c)
	}
}

func fieldsArith2[F1 int | int64 | int32](k2 reflect.Kind, arith, op string, off1, off2 uintptr, c int) bpred {
	switch k2 {
	case reflect.Int:
		return fieldsArithCmp[F1, int](arith, op, off1, off2, c)
	case reflect.Int64:
		return fieldsArithCmp[F1, int64](arith, op, off1, off2, c)
	default:
		return fieldsArithCmp[F1, int32](arith, op, off1, off2, c)
	}
}

// fusedFloatCmp compares a float expression n with a constant in one loop
// when n is a numeric field plus, minus, times or divided by a constant.
func (l *batchLowerer) fusedFloatCmp(n ast.Node, op string, c float64) (bpred, bool) {
	bn, ok := n.(*ast.BinaryNode)
	if !ok {
		return nil, false
	}
	arith := bn.Operator
	switch arith {
	case "+", "-", "*", "/":
	default:
		return nil, false
	}
	left, right := bn.Left, bn.Right
	if _, ok := l.constFloat(left); ok && (arith == "+" || arith == "*") {
		left, right = right, left
	}
	kind, off, ok := l.numField(left, true)
	if !ok {
		return nil, false
	}
	k, ok := l.constFloat(right)
	if !ok {
		return nil, false
	}
	switch kind {
	case reflect.Int:
		return fieldArithCmp[int](arith, op, off, k, c), true
	case reflect.Int64:
		return fieldArithCmp[int64](arith, op, off, k, c), true
	case reflect.Int32:
		return fieldArithCmp[int32](arith, op, off, k, c), true
	default:
		return fieldArithCmp[float64](arith, op, off, k, c), true
	}
}

// fieldColumn reads a numeric field of the environment (of Go type F)
// into a column of T, converting as the scalar closures do.
//
//go:noinline
func fieldColumn[F int | int64 | int32 | float64, T int | float64](slot func(*batch) *[batchSize]T, off uintptr) bcol[T] {
	return func(b *batch, sel uint64) (*[batchSize]T, uint64) {
		col := slot(b)
		base, stride := b.base, b.stride
		if lo, hi, ok := denseSpan(sel); ok {
			for i := lo; i < hi; i++ {
				col[i&63] = T(*(*F)(unsafe.Add(base, uintptr(i)*stride+off)))
			}
			return col, 0
		}
		for s := sel; s != 0; s &= s - 1 {
			i := bits.TrailingZeros64(s)
			col[i&63] = T(*(*F)(unsafe.Add(base, uintptr(i)*stride+off)))
		}
		return col, 0
	}
}

// intMod is x % y; a zero divisor fails (expr: integer divide by zero).
//
//go:noinline
func intMod(slot int, x, y bcol[int]) bcol[int] {
	return func(b *batch, sel uint64) (*[batchSize]int, uint64) {
		u, bad := x(b, sel)
		v, bad2 := y(b, sel)
		bad |= bad2
		out := &b.ints[slot]
		for s := sel &^ bad; s != 0; s &= s - 1 {
			i := bits.TrailingZeros64(s)
			if v[i] == 0 {
				bad |= 1 << i
				continue
			}
			out[i] = u[i] % v[i]
		}
		return out, bad
	}
}

// modPow2 is x % k for k a power of two (k > 0), as Go computes it: the
// remainder has the sign of x.
func modPow2(x, k int) int {
	r := x & (k - 1)
	if r != 0 && x < 0 {
		r -= k
	}
	return r
}

// intModConst is x % c for a constant c other than 0: it cannot fail.
//
//go:noinline
func intModConst(slot int, x bcol[int], c int) bcol[int] {
	return func(b *batch, sel uint64) (*[batchSize]int, uint64) {
		u, bad := x(b, sel)
		out := &b.ints[slot]
		if lo, hi, ok := denseSpan(sel); ok {
			for i := lo; i < hi; i++ {
				out[i&63] = u[i&63] % c
			}
			return out, bad
		}
		for s := sel; s != 0; s &= s - 1 {
			i := bits.TrailingZeros64(s)
			out[i&63] = u[i&63] % c
		}
		return out, bad
	}
}

// constFloat is n's value as a float when it is a numeric constant.
func (l *batchLowerer) constFloat(n ast.Node) (float64, bool) {
	v, ok := l.lower(n)
	if !ok {
		return 0, false
	}
	switch c := v.c.(type) {
	case int:
		return float64(c), true
	case float64:
		return c, true
	}
	return 0, false
}

// constInt is n's value when it is an int constant.
func (l *batchLowerer) constInt(n ast.Node) (int, bool) {
	v, ok := l.lower(n)
	if !ok || v.k != kInt {
		return 0, false
	}
	c, ok := v.c.(int)
	return c, ok
}

// columnPerSubject fills a column from a scalar closure, once per subject.
//
//go:noinline
func columnPerSubject[T int | float64](f fn[T], col func(*batch) *[batchSize]T) bcol[T] {
	return func(b *batch, sel uint64) (*[batchSize]T, uint64) {
		out := col(b)
		var bad uint64
		for s := sel; s != 0; s &= s - 1 {
			i := bits.TrailingZeros64(s)
			v, ok := f(b.at(i))
			out[i] = v
			bad |= b2u(!ok) << i
		}
		return out, bad
	}
}

// constColumn is a constant's column (a constant compared with, or
// combined with, a column).
//
//go:noinline
func constColumn[T int | float64](c T, col func(*batch) *[batchSize]T) bcol[T] {
	return func(b *batch, sel uint64) (*[batchSize]T, uint64) {
		out := col(b)
		for s := sel; s != 0; s &= s - 1 {
			out[bits.TrailingZeros64(s)] = c
		}
		return out, 0
	}
}

// floatCol builds the column of a numeric expression as floats (an int one
// promoted, as expr does when the other operand is a float).
func (l *batchLowerer) floatCol(n ast.Node) (bcol[float64], bool) {
	v, ok := l.lower(n)
	if !ok || !numeric(v.k) {
		return nil, false
	}
	slot := l.floats
	l.floats++
	out := func(b *batch) *[batchSize]float64 { return &b.floats[slot] }
	switch c := v.c.(type) {
	case int:
		return constColumn(float64(c), out), true
	case float64:
		return constColumn(c, out), true
	}
	if v.ftype != nil && !l.lowerer.pred {
		switch v.ftype.Kind() {
		case reflect.Int:
			return fieldColumn[int](out, v.off), true
		case reflect.Int64:
			return fieldColumn[int64](out, v.off), true
		case reflect.Int32:
			return fieldColumn[int32](out, v.off), true
		case reflect.Float64:
			return fieldColumn[float64](out, v.off), true
		}
	}
	if v.k == kInt {
		x, ok := l.intCol(n)
		if !ok {
			return nil, false
		}
		return func(b *batch, sel uint64) (*[batchSize]float64, uint64) {
			u, bad := x(b, sel)
			col := &b.floats[slot]
			if lo, hi, ok := denseSpan(sel); ok {
				for i := lo; i < hi; i++ {
					col[i&63] = float64(u[i&63])
				}
				return col, bad
			}
			for s := sel; s != 0; s &= s - 1 {
				i := bits.TrailingZeros64(s)
				col[i&63] = float64(u[i&63])
			}
			return col, bad
		}, true
	}
	if bn, ok := n.(*ast.BinaryNode); ok {
		switch bn.Operator {
		case "/", "+", "-", "*":
			if c, ok := l.constFloat(bn.Right); ok {
				if x, ok := l.floatCol(bn.Left); ok {
					return colArithConst(bn.Operator, out, x, c), true
				}
			}
			if c, ok := l.constFloat(bn.Left); ok && (bn.Operator == "+" || bn.Operator == "*") {
				if y, ok := l.floatCol(bn.Right); ok {
					return colArithConst(bn.Operator, out, y, c), true // c + y = y + c, c * y = y * c
				}
			}
			x, ok1 := l.floatCol(bn.Left)
			y, ok2 := l.floatCol(bn.Right)
			if ok1 && ok2 {
				return colArith(bn.Operator, out, x, y), true
			}
		}
	}
	return columnPerSubject(v.f.(fn[float64]), out), true
}
