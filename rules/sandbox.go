package rules

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// The sandbox: what an untrusted rule file's expressions may do.
//
// Rule files come from many offices, so every condition and evidence
// expression is confined before and after expr compiles it:
//
//  1. Before the parser: the source is at most [Limits.MaxLength] bytes and
//     nests brackets, unary operators, ternaries and powers at most
//     [Limits.MaxDepth] deep (expr's parser recurses per level and a
//     megabyte of "(((" or "!!!" overflows its stack, whatever MaxNodes says).
//  2. The parser: at most [Limits.MaxNodes] nodes.
//  3. After compiling, a walk of the typed program refuses what the README
//     does not offer: `$env`, `let` variables, builtins outside the
//     allow-list ([AllowedBuiltins]; the wall-clock now, date and timezone
//     among the refused), methods other than the time and duration ones
//     listed in [AllowedMethods], predicates nested deeper than
//     [Limits.MaxPredicateDepth], string concatenation inside a predicate,
//     and iteration over a range whose bounds are not constants.
//  4. The same walk derives a bound on the work the expression can do on one
//     subject, as a polynomial in the length of the subject's longest list
//     (officials, materials, deliverables…). Before a rule runs on a subject,
//     the engine evaluates the bound; above [Limits.MaxIterations] the rule
//     fails on that subject with a clear error and runs not at all. The bound
//     is static and exact in the worst case (expr's VM counts no loop
//     iterations and checks no context), so a hostile condition is refused
//     in microseconds instead of running for minutes.
//  5. expr's own memory budget ([Limits.MaxMemory]) bounds arrays and ranges
//     built at run time.

// Limits bound what one expression of a rule file may cost. The zero value
// of a field means its default (see [DefaultLimits]); pass the struct with
// [WithSandbox]. Every limit applies per expression (a rule's condition and
// each evidence value), MaxIterations and MaxMemory per subject evaluated.
type Limits struct {
	// MaxLength is the longest expression source, in bytes.
	MaxLength int
	// MaxDepth is the deepest nesting of brackets, unary operators (! - not),
	// ternaries and powers, counted before the parser runs. At most HardMaxDepth.
	MaxDepth int
	// MaxNodes is the most syntax-tree nodes an expression may have.
	MaxNodes uint
	// MaxPredicateDepth is how deeply predicates (any, all, filter, map, …)
	// may nest: 1 allows any(xs, …) but not any(xs, any(ys, …)).
	MaxPredicateDepth int
	// MaxIterations bounds the work of one expression on one subject: the
	// predicate iterations and list scans (in, sum, sort, …) it could do in
	// the worst case, a call to a working-day builtin counting as
	// CalendarCallCost iterations.
	MaxIterations int
	// MaxMemory is expr's VM memory budget for one run: the elements of the
	// arrays, maps and ranges an expression builds.
	MaxMemory uint
}

// Sandbox defaults and ceilings.
const (
	DefaultMaxNodes          = 2000      // AST nodes per expression
	DefaultMaxLength         = 16 << 10  // bytes per expression
	DefaultMaxDepth          = 64        // nesting levels per expression
	DefaultMaxPredicateDepth = 2         // a predicate inside a predicate, no deeper
	DefaultMaxIterations     = 1_000_000 // worst-case iterations per expression and subject
	DefaultMaxMemory         = 1_000_000 // expr's default memory budget
	// HardMaxDepth is the most nesting a caller may allow: deeper input could
	// exhaust the parser's stack and kill the process.
	HardMaxDepth = 1000
	// CalendarCallCost is what one call of workdays, add_workdays or
	// is_workday counts against MaxIterations (each walks up to 20 years
	// of days).
	CalendarCallCost = 100
)

// DefaultLimits returns the limits Parse, Load and Default use unless told otherwise.
func DefaultLimits() Limits {
	return Limits{
		MaxLength: DefaultMaxLength, MaxDepth: DefaultMaxDepth, MaxNodes: DefaultMaxNodes,
		MaxPredicateDepth: DefaultMaxPredicateDepth, MaxIterations: DefaultMaxIterations, MaxMemory: DefaultMaxMemory,
	}
}

// withDefaults fills zero fields from d.
func (l Limits) withDefaults(d Limits) Limits {
	if l.MaxLength == 0 {
		l.MaxLength = d.MaxLength
	}
	if l.MaxDepth == 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxNodes == 0 {
		l.MaxNodes = d.MaxNodes
	}
	if l.MaxPredicateDepth == 0 {
		l.MaxPredicateDepth = d.MaxPredicateDepth
	}
	if l.MaxIterations == 0 {
		l.MaxIterations = d.MaxIterations
	}
	if l.MaxMemory == 0 {
		l.MaxMemory = d.MaxMemory
	}
	return l
}

// WithSandbox sets the limits on expressions. Zero fields keep their current
// value (the defaults unless an earlier option changed them); a negative
// value, or MaxDepth above HardMaxDepth, is an error. Tighten them for files
// from sources you trust less; the defaults suit the city's rules with room.
func WithSandbox(l Limits) Option {
	return func(c *config) error {
		if l.MaxLength < 0 || l.MaxDepth < 0 || l.MaxPredicateDepth < 0 || l.MaxIterations < 0 {
			return fmt.Errorf("rules: WithSandbox(%+v): limits must not be negative", l)
		}
		if l.MaxDepth > HardMaxDepth {
			return fmt.Errorf("rules: WithSandbox: MaxDepth %d is above the ceiling %d", l.MaxDepth, HardMaxDepth)
		}
		c.limits = l.withDefaults(c.limits)
		return nil
	}
}

// Limits returns the limits the rule set was compiled with and evaluates under.
func (rs *RuleSet) Limits() Limits { return rs.limits }

// AllowedBuiltins lists expr's builtins a rule file may call, in order. The
// others are refused at load: now, date and timezone read the wall clock or
// the OS zone database; reduce and groupBy accumulate; repeat, replace,
// join, split and splitAfter can multiply a string's size; the JSON, Base64,
// pair and bit functions have no use in policy. xiaoneng's own functions
// ([Builtins]) are allowed too.
func AllowedBuiltins() []string { return slices.Clone(allowedBuiltins) }

var allowedBuiltins = []string{
	// predicates
	"all", "any", "none", "one", "filter", "map", "count", "sum", "find", "findIndex", "findLast", "findLastIndex", "sortBy",
	// lists
	"len", "first", "last", "get", "take", "reverse", "uniq", "concat", "sort", "max", "min", "mean", "median",
	// numbers, strings, durations, types
	"abs", "ceil", "floor", "round", "int", "float", "string", "trim", "trimPrefix", "trimSuffix", "upper", "lower",
	"indexOf", "lastIndexOf", "hasPrefix", "hasSuffix", "duration", "type",
}

// AllowedMethods lists the methods an expression may call on a time or a
// duration (at.Sub(case.received_at).Hours(), …). Others are refused:
// Local, for one, would read the host's zone.
func AllowedMethods() []string { return slices.Clone(allowedMethods) }

var allowedMethods = []string{
	"After", "Before", "Equal", "Compare", "IsZero", "Sub", "Add", "AddDate", "Truncate", "Round",
	"Year", "Month", "Day", "Hour", "Minute", "Second", "Weekday", "YearDay", "Unix", "Format", "String",
	"Hours", "Minutes", "Seconds", "Milliseconds", "Abs",
	// the accountability ladder's history: history.count(measure, days), history.findings(days)
	"count", "findings",
}

// calendarBuiltins are xiaoneng's functions that walk the calendar.
var calendarBuiltins = []string{"workdays", "add_workdays", "is_workday"}

// scanDepth finds where code nests deeper than max, before expr's parser
// sees it. Brackets, a chain of unary operators (! - + not), each ternary
// ? and each power (** ^) count one level; string literals and comments are
// skipped. It returns the rune offset of the first level beyond max.
func scanDepth(code string, max int) (offset int, tooDeep bool) {
	type frame struct{ extra int } // ternaries and powers open inside one bracket level
	stack := []frame{{}}
	level := 0 // brackets + every frame's extra
	unary := 0 // current chain of unary operators
	operand := false
	runes := 0
	over := func() bool { return level+unary > max }
	for i := 0; i < len(code); {
		r, size := utf8.DecodeRuneInString(code[i:])
		start := runes
		adv := func(n int) { // advance n bytes, counting runes
			runes += utf8.RuneCountInString(code[i : i+n])
			i += n
		}
		switch {
		case r == '"' || r == '\'' || r == '`':
			j := i + 1
			for j < len(code) && rune(code[j]) != r {
				if code[j] == '\\' && r != '`' {
					j++
				}
				j++
			}
			adv(min(j+1, len(code)) - i)
			operand, unary = true, 0
			continue
		case strings.HasPrefix(code[i:], "//"):
			j := strings.IndexByte(code[i:], '\n')
			if j < 0 {
				j = len(code) - i
			}
			adv(j)
			continue
		case strings.HasPrefix(code[i:], "/*"):
			j := strings.Index(code[i+2:], "*/")
			if j < 0 {
				j = len(code) - i - 2
			} else {
				j += 2
			}
			adv(j + 2)
			continue
		case r == '(' || r == '[' || r == '{':
			// the unary operators before the bracket stay on the parser's
			// stack until it closes
			level += 1 + unary
			stack = append(stack, frame{extra: unary})
			unary = 0
			if over() {
				return start, true
			}
			operand = false
		case r == ')' || r == ']' || r == '}':
			if len(stack) > 1 {
				level -= 1 + stack[len(stack)-1].extra
				stack = stack[:len(stack)-1]
			}
			operand, unary = true, 0
		case r == '?':
			if strings.HasPrefix(code[i:], "??") || strings.HasPrefix(code[i:], "?.") {
				adv(2)
				operand, unary = false, 0
				continue
			}
			level++
			stack[len(stack)-1].extra++
			if over() {
				return start, true
			}
			operand, unary = false, 0
		case r == '^' || strings.HasPrefix(code[i:], "**"):
			level++
			stack[len(stack)-1].extra++
			if over() {
				return start, true
			}
			if r == '*' {
				adv(2)
				operand, unary = false, 0
				continue
			}
			operand, unary = false, 0
		case r == '!' && !strings.HasPrefix(code[i:], "!="):
			unary++
			if over() {
				return start, true
			}
		case (r == '-' || r == '+') && !operand:
			unary++
			if over() {
				return start, true
			}
		case r == '_' || r == '.' || r == '#' || r == '$' || r >= 0x80 || (r >= '0' && r <= '9') || (r|0x20 >= 'a' && r|0x20 <= 'z'):
			j := i
			for j < len(code) {
				q, n := utf8.DecodeRuneInString(code[j:])
				if !(q == '_' || q == '.' || q == '#' || q == '$' || q >= 0x80 || (q >= '0' && q <= '9') || (q|0x20 >= 'a' && q|0x20 <= 'z')) {
					break
				}
				j += n
			}
			word := code[i:j]
			adv(j - i)
			switch word {
			case "not":
				if !operand {
					unary++
					if over() {
						return start, true
					}
				}
			case "and", "or", "in", "matches", "contains", "startsWith", "endsWith", "let", "if", "else":
				operand, unary = false, 0
			default:
				operand, unary = true, 0
			}
			continue
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
		default: // binary operators and punctuation
			operand, unary = false, 0
		}
		adv(size)
	}
	return 0, false
}

// problem is one thing the sandbox refuses, at a location in the expression.
type problem struct {
	loc file.Location
	msg efficiency.Text
}

// cost is a polynomial in L, the length of the subject's longest list:
// cost[i] is the coefficient of L^i. It is an upper bound on iterations.
type cost []float64

func (p cost) add(q cost) cost {
	out := make(cost, max(len(p), len(q)))
	for i := range out {
		if i < len(p) {
			out[i] += p[i]
		}
		if i < len(q) {
			out[i] += q[i]
		}
	}
	return out
}

func (p cost) mul(q cost) cost {
	if len(p) == 0 || len(q) == 0 {
		return nil
	}
	out := make(cost, len(p)+len(q)-1)
	for i, a := range p {
		for j, b := range q {
			out[i+j] += a * b
		}
	}
	return out
}

// at evaluates the bound for lists of at most l elements.
func (p cost) at(l int) float64 {
	v, x := 0.0, 1.0
	for _, c := range p {
		v += c * x
		x *= float64(l)
	}
	return v
}

var (
	costOne  = cost{1}
	costList = cost{0, 1} // a list from the subject's facts: L elements
)

// sandbox walks a compiled expression, collecting what it refuses and the
// bound on its work.
type sandbox struct {
	limits Limits
	probs  []problem
	work   cost
}

func (s *sandbox) refuse(n ast.Node, zh, en string, args ...any) {
	s.probs = append(s.probs, problem{n.Location(), tf(zh, en, args...)})
}

// check inspects the typed tree of one expression.
func checkSandbox(root ast.Node, limits Limits) *sandbox {
	s := &sandbox{limits: limits}
	s.walk(root, costOne, 0)
	slices.SortStableFunc(s.probs, func(a, b problem) int { return a.loc.From - b.loc.From })
	return s
}

func isString(n ast.Node) bool {
	t := n.Type()
	return t != nil && t.Kind() == reflect.String
}

func isList(n ast.Node) bool {
	t := n.Type()
	return t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array)
}

// size bounds the number of elements of a list-valued node; ok is false
// when no bound is known.
func (s *sandbox) size(n ast.Node) (cost, bool) {
	switch x := n.(type) {
	case *ast.ConstantNode:
		if v := reflect.ValueOf(x.Value); v.Kind() == reflect.Slice || v.Kind() == reflect.Array {
			return cost{float64(v.Len())}, true
		}
		if v := reflect.ValueOf(x.Value); v.Kind() == reflect.Map {
			return cost{float64(v.Len())}, true
		}
		return costOne, true
	case *ast.ArrayNode:
		return cost{float64(len(x.Nodes))}, true
	case *ast.MemberNode, *ast.IdentifierNode:
		if fromFacts(n) {
			return costList, true // one of the subject's lists
		}
		return nil, false
	case *ast.ChainNode:
		return s.size(x.Node)
	case *ast.SliceNode:
		return s.size(x.Node)
	case *ast.ConditionalNode:
		a, ok1 := s.size(x.Exp1)
		b, ok2 := s.size(x.Exp2)
		return a.add(b), ok1 && ok2
	case *ast.BinaryNode:
		switch x.Operator {
		case "..":
			lo, ok1 := x.Left.(*ast.IntegerNode)
			hi, ok2 := x.Right.(*ast.IntegerNode)
			if ok1 && ok2 {
				return cost{math.Max(0, float64(hi.Value)-float64(lo.Value)+1)}, true
			}
			return nil, false
		case "+":
			a, ok1 := s.size(x.Left)
			b, ok2 := s.size(x.Right)
			return a.add(b), ok1 && ok2
		}
	case *ast.BuiltinNode:
		switch x.Name {
		case "map", "filter", "sortBy", "sort", "reverse", "uniq", "take":
			return s.size(x.Arguments[0])
		case "concat":
			total, ok := cost(nil), true
			for _, a := range x.Arguments {
				c, k := s.size(a)
				total, ok = total.add(c), ok && k
			}
			return total, ok
		}
	}
	return nil, false
}

// fromFacts reports whether n reads a field of the environment (case.officials,
// unit.deliverables), whose length the engine measures per subject.
func fromFacts(n ast.Node) bool {
	for {
		switch x := n.(type) {
		case *ast.MemberNode:
			if _, ok := x.Property.(*ast.StringNode); !ok {
				return false // an index into a list: an element, not one of the lists
			}
			n = x.Node
		case *ast.ChainNode:
			n = x.Node
		case *ast.IdentifierNode:
			return x.Value != "$env"
		default:
			return false
		}
	}
}

// walk visits n inside loops whose iteration counts multiply to mult, at
// predicate depth depth.
func (s *sandbox) walk(n ast.Node, mult cost, depth int) {
	if n == nil {
		return
	}
	switch x := n.(type) {
	case *ast.IdentifierNode:
		if x.Value == "$env" {
			s.refuse(n, "不能使用 $env：请直接写字段名（如 case.id）", "$env is not available: name the fields directly (such as case.id)")
		}
	case *ast.VariableDeclaratorNode:
		s.refuse(n, "条件中不支持 let 变量", "let variables are not supported in rule expressions")
		s.walk(x.Value, mult, depth)
		s.walk(x.Expr, mult, depth)
	case *ast.SequenceNode:
		for _, c := range x.Nodes {
			s.walk(c, mult, depth)
		}
	case *ast.UnaryNode:
		s.walk(x.Node, mult, depth)
	case *ast.BinaryNode:
		// Inside a predicate, a string may grow only by a literal ("prefix:" + #):
		// an accumulator doubling itself each iteration is what is refused.
		if x.Operator == "+" && depth > 0 && (isString(x.Left) || isString(x.Right)) &&
			!isStringLiteral(x.Left) && !isStringLiteral(x.Right) {
			s.refuse(n, "谓词（any、map 等）内不能拼接字符串", "strings cannot be concatenated inside a predicate (any, map, …)")
		}
		if x.Operator == "in" && isList(x.Right) {
			s.scan(x.Right, mult)
		}
		s.walk(x.Left, mult, depth)
		s.walk(x.Right, mult, depth)
	case *ast.ChainNode:
		s.walk(x.Node, mult, depth)
	case *ast.MemberNode:
		s.walk(x.Node, mult, depth)
		s.walk(x.Property, mult, depth)
	case *ast.SliceNode:
		s.walk(x.Node, mult, depth)
		s.walk(x.From, mult, depth)
		s.walk(x.To, mult, depth)
	case *ast.CallNode:
		s.call(x, mult)
		for _, a := range x.Arguments {
			s.walk(a, mult, depth)
		}
		if m, ok := x.Callee.(*ast.MemberNode); ok {
			s.walk(m.Node, mult, depth)
		}
	case *ast.BuiltinNode:
		s.builtin(x, mult, depth)
	case *ast.PredicateNode:
		s.walk(x.Node, mult, depth)
	case *ast.ConditionalNode:
		s.walk(x.Cond, mult, depth)
		s.walk(x.Exp1, mult, depth)
		s.walk(x.Exp2, mult, depth)
	case *ast.ArrayNode:
		for _, c := range x.Nodes {
			s.walk(c, mult, depth)
		}
	case *ast.MapNode:
		for _, c := range x.Pairs {
			s.walk(c, mult, depth)
		}
	case *ast.PairNode:
		s.walk(x.Key, mult, depth)
		s.walk(x.Value, mult, depth)
	}
}

// scan charges one pass over a list.
func (s *sandbox) scan(list ast.Node, mult cost) {
	size, ok := s.size(list)
	if !ok {
		s.refuse(list, "无法确定此列表的长度上限：区间须用常数界限（如 1..10）",
			"cannot bound the length of this list: a range must have constant bounds (such as 1..10)")
		return
	}
	s.work = s.work.add(mult.mul(size))
}

func (s *sandbox) call(x *ast.CallNode, mult cost) {
	switch callee := x.Callee.(type) {
	case *ast.IdentifierNode:
		if slices.Contains(calendarBuiltins, callee.Value) {
			s.work = s.work.add(mult.mul(cost{CalendarCallCost}))
			return
		}
		for _, b := range Builtins() {
			if b.Name == callee.Value {
				return
			}
		}
		s.refuse(x, "不能调用 %s", "%s cannot be called", callee.Value)
	case *ast.MemberNode:
		name := ""
		if p, ok := callee.Property.(*ast.StringNode); ok {
			name = p.Value
		}
		if !slices.Contains(allowedMethods, name) {
			s.refuse(x, "不允许调用方法 %s（可用：%s）", "method %s is not allowed (allowed: %s)", name, strings.Join(allowedMethods, ", "))
		}
	default:
		s.refuse(x, "此处不能调用函数", "a function cannot be called here")
	}
}

func (s *sandbox) builtin(x *ast.BuiltinNode, mult cost, depth int) {
	if !slices.Contains(allowedBuiltins, x.Name) {
		msg := efficiency.T(
			fmt.Sprintf("规则文件中不能使用函数 %s（可用的函数见 README“内置函数”一节）", x.Name),
			fmt.Sprintf("function %s is not allowed in rule files (the README's Builtins section lists those that are)", x.Name))
		switch x.Name {
		case "now", "date", "timezone":
			msg = efficiency.T(
				fmt.Sprintf("规则文件中不能使用函数 %s：它读取系统时钟或时区，评估时间请用 at", x.Name),
				fmt.Sprintf("function %s is not allowed in rule files: it reads the wall clock or the OS zone; the evaluation time is at", x.Name))
		}
		s.probs = append(s.probs, problem{x.Location(), msg})
	}
	var body []ast.Node
	args := x.Arguments
	if len(args) > 0 {
		for _, a := range args[1:] {
			if _, ok := a.(*ast.PredicateNode); ok {
				body = append(body, a)
			}
		}
	}
	if x.Map != nil {
		body = append(body, x.Map)
	}
	if len(body) == 0 {
		for _, a := range args {
			if isList(a) && x.Name != "len" {
				s.scan(a, mult)
			}
			s.walk(a, mult, depth)
		}
		return
	}
	// A predicate: its collection is evaluated once, its body per element.
	if depth+1 > s.limits.MaxPredicateDepth {
		s.refuse(x, "谓词嵌套过深（%s 在第 %d 层，上限 %d 层）", "predicates nested too deeply (%s at level %d, the limit is %d)",
			x.Name, depth+1, s.limits.MaxPredicateDepth)
	}
	s.walk(args[0], mult, depth)
	size, ok := s.size(args[0])
	if !ok {
		s.refuse(args[0], "无法确定此列表的长度上限：区间须用常数界限（如 1..10）",
			"cannot bound the length of this list: a range must have constant bounds (such as 1..10)")
		size = costList
	}
	inner := mult.mul(size)
	s.work = s.work.add(inner)
	for _, a := range args[1:] {
		if slices.Contains(body, a) {
			s.walk(a, inner, depth+1)
		} else {
			s.walk(a, mult, depth)
		}
	}
	if x.Map != nil {
		s.walk(x.Map, inner, depth+1)
	}
}

// listPaths finds every list-valued field of an environment type (its
// struct fields, recursively), so the engine can measure a subject's longest
// list, the L in each expression's cost bound.
func listPaths(t reflect.Type) [][]int {
	var out [][]int
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			path := append(slices.Clone(prefix), i)
			switch f.Type.Kind() {
			case reflect.Slice, reflect.Array, reflect.Map, reflect.String:
				if f.Type.Kind() != reflect.String {
					out = append(out, path)
				}
			case reflect.Struct:
				if f.Type != timeType {
					walk(f.Type, path)
				}
			}
		}
	}
	walk(t, nil)
	sort.Slice(out, func(i, j int) bool { return slices.Compare(out[i], out[j]) < 0 })
	return out
}

// longestList is the length of env's longest list.
func longestList(env any, paths [][]int) int {
	v := reflect.Indirect(reflect.ValueOf(env))
	n := 0
	for _, p := range paths {
		n = max(n, v.FieldByIndex(p).Len())
	}
	return n
}

// isStringLiteral reports whether n is a string constant.
func isStringLiteral(n ast.Node) bool {
	_, ok := n.(*ast.StringNode)
	return ok
}
