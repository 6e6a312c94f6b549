package rules

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
	"time"
	"unsafe"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"go.yaml.in/yaml/v3"
)

// Rule is one compiled rule of a [RuleSet]. It is immutable.
type Rule struct {
	ID          string
	On          efficiency.SubjectKind
	Warning     bool
	Prohibition efficiency.Prohibition
	System      efficiency.System
	Improvement efficiency.Improvement
	Severity    efficiency.Severity
	Title       efficiency.Text
	Description efficiency.Text
	// When is the condition's source.
	When string
	// Source is the file that defined the rule and the files that changed it.
	Source efficiency.Source
	// Goals are the campaign goals (总体目标) the rule sets back; findings carry them.
	Goals []string
	// Occurrence is the source of the rule's occurrence key, empty when the
	// rule fires at most once per subject. A periodic rule (a unit's monthly
	// rates) keys each occurrence, such as month(at), so a finding of next
	// month is a new finding with its own ID, not the same one again.
	Occurrence string
	occurrence *vm.Program
	// EffectiveFrom and EffectiveUntil bound the days the rule is in force
	// (inclusive; zero means unbounded); see [Rule.InForce] and [RelevantTime].
	EffectiveFrom, EffectiveUntil efficiency.Date
	// Disabled marks a rule an inheriting file switched off (with a reason,
	// in Source.Changes); [RuleSet.Disabled] lists them, they never run.
	Disabled bool

	when     *vm.Program
	whenWork cost     // the condition's bound on work, in the subject's longest list
	lowered  fn[bool] // when lowered to Go closures (lower.go), else nil: the VM runs it
	batch    bpred    // the lowered condition over a batch of subjects (batch.go), nil when not lowered
	// dueEvidence: the evidence reads a case's due dates (see readsDue)
	dueEvidence bool
	evidence    []compiledEvidence
	message     [2]template // zh-Hans, en
	// perSubject: a message names {subject}, so each finding's is its own
	// and is not kept in a msgTable
	perSubject bool
}

type compiledEvidence struct {
	name    string
	prog    *vm.Program
	work    cost
	lowered func(env unsafe.Pointer) (any, bool) // nil: the VM runs it (see lowerEvidence); gives normalised values
}

// envFor returns the zero environment value conditions on kind are checked against.
func envFor(kind efficiency.SubjectKind) any {
	switch kind {
	case efficiency.CaseSubject:
		return CaseEnv{}
	case efficiency.OrderSubject:
		return OrderEnv{}
	case efficiency.ComplaintSubject:
		return ComplaintEnv{}
	case efficiency.UnitSubject:
		return UnitEnv{}
	case efficiency.OfficialSubject:
		return OfficialEnv{}
	}
	return nil
}

// exprSource locates an expression inside the YAML file so that expr's
// positions can be shifted into file coordinates.
type exprSource struct {
	code   string
	node   *yaml.Node
	block  bool // literal block scalar: code line k is file line node.Line+k
	indent int  // block: the content's indentation; else the code's first column − 1
}

// exprSource checks the scalar's style and returns where its code starts.
func (d *decoder) exprSource(n *yaml.Node, what efficiency.Text) (exprSource, bool) {
	s := exprSource{code: n.Value, node: n}
	switch n.Style {
	case yaml.LiteralStyle:
		s.block = true
		for l := n.Line; l < len(d.lines); l++ { // d.lines[l] is file line l+1
			line := d.lines[l]
			if strings.TrimSpace(line) != "" {
				s.indent = len(line) - len(strings.TrimLeft(line, " "))
				break
			}
		}
		return s, true
	case yaml.FoldedStyle:
		d.errAt(n, "多行%s须用字面块标量 |（而非 >）", "a multi-line %s must be a literal block scalar | (not >)", what)
		return s, false
	}
	rest := ""
	if n.Line >= 1 && n.Line <= len(d.lines) {
		line := d.lines[n.Line-1]
		rest = line[min(len(line), byteOffset(line, n.Column-1)):]
	}
	s.indent = n.Column - 1
	switch n.Style {
	case yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
		if strings.Contains(n.Value, "\n") { // an escaped or folded line break: positions cannot be mapped
			d.errAt(n, "多行%s须用字面块标量 |", "a multi-line %s must be a literal block scalar |", what)
			return s, false
		}
		s.indent++
		rest = rest[min(len(rest), 1):]
		if !strings.ContainsAny(n.Value, `'"\`) && !strings.HasPrefix(rest, n.Value) {
			d.errAt(n, "多行%s须用字面块标量 |", "a multi-line %s must be a literal block scalar |", what)
			return s, false
		}
	default:
		if !strings.HasPrefix(rest, n.Value) {
			d.errAt(n, "多行%s须用字面块标量 |", "a multi-line %s must be a literal block scalar |", what)
			return s, false
		}
	}
	return s, true
}

// filePos maps a 1-based line and 0-based rune column inside the code to the file.
func (s exprSource) filePos(line, col int) (int, int) {
	if s.block {
		return s.node.Line + line, s.indent + col + 1
	}
	return s.node.Line + line - 1, s.indent + col + 1
}

// offsetPos maps a rune offset inside the code to a line and 0-based column.
func offsetPos(code string, off int) (line, col int) {
	line = 1
	i := 0
	for _, r := range code {
		if i == off {
			break
		}
		if r == '\n' {
			line++
			col = 0
		} else {
			col++
		}
		i++
	}
	return line, col
}

// paramPatcher replaces params.NAME with the param's value as a constant,
// so conditions are type-checked against it and a misspelt name is a load error.
type paramPatcher struct {
	params  map[string]any
	unknown []unknownParam
}

type unknownParam struct {
	name string
	loc  file.Location
}

func (p *paramPatcher) Visit(node *ast.Node) {
	m, ok := (*node).(*ast.MemberNode)
	if !ok {
		return
	}
	id, ok := m.Node.(*ast.IdentifierNode)
	if !ok || id.Value != "params" {
		return
	}
	prop, ok := m.Property.(*ast.StringNode)
	if !ok {
		return
	}
	v, ok := p.params[prop.Value]
	if !ok {
		p.unknown = append(p.unknown, unknownParam{prop.Value, m.Location()})
		ast.Patch(node, &ast.NilNode{})
		return
	}
	switch x := v.(type) {
	case int:
		ast.Patch(node, &ast.IntegerNode{Value: x})
	case float64:
		ast.Patch(node, &ast.FloatNode{Value: x})
	case bool:
		ast.Patch(node, &ast.BoolNode{Value: x})
	case string:
		ast.Patch(node, &ast.StringNode{Value: x})
	case []any:
		ast.Patch(node, &ast.ConstantNode{Value: x})
	}
}

// compileExpr compiles one expression of a rule inside the sandbox (see
// sandbox.go), reporting problems at their file position. asBool requires a
// boolean result. It returns the program and its bound on work.
func (c *compiler) compileExpr(src exprSource, kind efficiency.SubjectKind, asBool bool) (*vm.Program, cost) {
	lim := c.cfg.limits
	if !c.sandboxBefore(src) {
		return nil, nil
	}
	patch := &paramPatcher{params: c.params}
	opts := []expr.Option{
		expr.Env(envFor(kind)),
		expr.Patch(patch),
		expr.Patch(&campaignArgs{c: c, src: src}),
		expr.MaxNodes(lim.MaxNodes),
	}
	opts = append(opts, c.builtins...)
	if asBool {
		opts = append(opts, expr.AsBool())
	}
	prog, err := c.exprCompile(src.code, opts...)
	if len(patch.unknown) > 0 {
		for _, u := range patch.unknown {
			l, col := offsetPos(src.code, u.loc.From)
			fl, fc := src.filePos(l, col)
			known := make([]string, 0, len(c.params))
			for k := range c.params {
				known = append(known, k)
			}
			hint := ""
			if s := suggest(u.name, known); s != "" {
				hint = s
			}
			if hint != "" {
				c.d.errPos(fl, fc, nil, "未知参数 %q（是否想写 %q？）", "unknown param %q (did you mean %q?)", u.name, hint)
			} else {
				c.d.errPos(fl, fc, nil, "未知参数 %q（在 params 中定义）", "unknown param %q (define it under params)", u.name)
			}
		}
		return nil, nil
	}
	if err != nil {
		var fe *file.Error
		if errors.As(err, &fe) {
			fl, fc := src.filePos(fe.Line, fe.Column)
			c.d.errText(fl, fc, err, friendlyExprText(fe.Message, asBool, kind))
		} else {
			c.d.errText(src.node.Line, src.node.Column, err, friendlyExprText(err.Error(), asBool, kind))
		}
		return nil, nil
	}
	work, ok := c.sandboxAfter(src, prog)
	if !ok {
		return nil, nil
	}
	if !asBool {
		if t := prog.Node().Type(); t != nil && !evidenceType(t) {
			c.d.errAt(src.node, "证据的值须为数字、布尔值、字符串、时间、时长或它们的列表，而非 %s",
				"an evidence value must be a number, boolean, string, time, duration or a list of them, not %s", typeName(t))
			return nil, nil
		}
	}
	return prog, work
}

var (
	noFieldRE   = regexp.MustCompile(`type rules\.(\w+) has no field (\w+)`)
	unknownName = regexp.MustCompile(`unknown name (\w+)`)
	goTypeRE    = regexp.MustCompile(`rules\.(\w+)Facts`)
	goEnvRE     = regexp.MustCompile(`rules\.(\w+)Env`)
)

// friendlyExprMessage rewords expr's messages in the rule file's terms
// instead of the Go types behind it (English).
func friendlyExprMessage(msg string, asBool bool, kind efficiency.SubjectKind) string {
	return friendlyExprText(msg, asBool, kind).En
}

// friendlyExprText rewords expr's messages in both languages: the common
// ones (unknown field or name, wall-clock functions, an unfinished
// expression, a non-boolean condition) are translated; any other keeps
// expr's English wording after a Chinese prefix.
func friendlyExprText(msg string, asBool bool, kind efficiency.SubjectKind) efficiency.Text {
	if m := noFieldRE.FindStringSubmatch(msg); m != nil {
		return tf("未知字段 %[2]q（%[1]s 可用的字段见字段参考）", "unknown field %[2]q (see the field reference for what %[1]s offers)", typeLabel(m[1]), m[2])
	}
	if m := unknownName.FindStringSubmatch(msg); m != nil && (m[1] == "now" || m[1] == "timezone") {
		return tf("%s() 读取系统时钟或操作系统时区，规则文件中不可用；评估时间是 at",
			"%s() reads the wall clock or the OS zone and is not available in rule files; the evaluation time is at", m[1])
	}
	if m := unknownName.FindStringSubmatch(msg); m != nil {
		return tf("未知名称 %q（%s 规则可用：%s、params 和内置函数）", "unknown name %q (a rule on %s sees %s, params and the builtins)", m[1], kind, envNames(kind))
	}
	if msg == "unexpected token EOF" {
		return efficiency.T("表达式意外结束（是否缺少操作数或右括号？）", "unexpected end of the expression (is an operand or a closing bracket missing?)")
	}
	if asBool && strings.HasPrefix(msg, "expected bool, but got") {
		got := strings.TrimPrefix(msg, "expected bool, but got ")
		return tf("条件须为布尔值，而它是 %s", "the condition must be boolean, but it is %s", got)
	}
	msg = goTypeRE.ReplaceAllStringFunc(msg, func(s string) string { return typeLabel(goTypeRE.FindStringSubmatch(s)[1] + "Facts") })
	msg = goEnvRE.ReplaceAllString(msg, "the environment")
	return efficiency.T("表达式错误："+msg, msg)
}

var typeLabels = map[string]string{
	"CaseFacts": "case", "MatterFacts": "case.matter", "DecisionFacts": "case.decision",
	"WorkdayFacts": "case.workdays", "NoticeFacts": "case.notices", "InquiryFacts": "case.first_inquiry",
	"FeeFacts": "case.fees", "InspectionFacts": "case.inspections", "PenaltyFacts": "case.penalties",
	"AmountFacts": "case.levies/case.gifts", "ReviewFacts": "case.reviews", "ExtensionFacts": "case.extensions",
	"OrderFacts": "order", "ComplaintFacts": "complaint", "UnitFacts": "unit", "OfficialFacts": "official",
	"CaseEnv": "a case rule", "OrderEnv": "an order rule", "ComplaintEnv": "a complaint rule",
	"UnitEnv": "a unit rule", "OfficialEnv": "an official rule",
}

func typeLabel(goName string) string {
	if l, ok := typeLabels[goName]; ok {
		return l
	}
	return goName
}

var timeType = reflect.TypeOf(time.Time{})

func evidenceType(t reflect.Type) bool {
	if t == timeType {
		return true
	}
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64, reflect.String, reflect.Interface:
		return true
	case reflect.Slice, reflect.Array:
		return evidenceType(t.Elem())
	}
	return false
}

func typeName(t reflect.Type) string {
	if l, ok := typeLabels[t.Name()]; ok {
		return "the record " + l
	}
	return t.String()
}

// envNames lists the top-level names of kind's environment.
func envNames(kind efficiency.SubjectKind) string {
	t := reflect.TypeOf(envFor(kind))
	var names []string
	for i := range t.NumField() {
		names = append(names, t.Field(i).Tag.Get("expr"))
	}
	return strings.Join(names, ", ")
}

// sandboxBefore applies the sandbox's checks that must run before expr's
// parser (length and nesting depth); it reports and returns false on failure.
// Every expression of a rule file passes through it: conditions, evidence,
// ladder conditions and appraisal formulas.
func (c *compiler) sandboxBefore(src exprSource) bool {
	lim := c.cfg.limits
	if len(src.code) > lim.MaxLength {
		c.d.errAt(src.node, "表达式过长（%d 字节，上限 %d）", "expression too long (%d bytes, the limit is %d)", len(src.code), lim.MaxLength)
		return false
	}
	if off, deep := scanDepth(src.code, lim.MaxDepth); deep {
		fl, fc := src.filePos(offsetPos(src.code, off))
		c.d.errPos(fl, fc, nil, "表达式嵌套过深（括号、一元运算符、三元与幂运算超过 %d 层）",
			"expression nested too deeply (more than %d levels of brackets, unary operators, ternaries and powers)", lim.MaxDepth)
		return false
	}
	return true
}

// sandboxAfter walks a compiled program and reports what the sandbox
// refuses; it returns the program's bound on work, and false on refusal.
func (c *compiler) sandboxAfter(src exprSource, prog *vm.Program) (cost, bool) {
	box := checkSandbox(prog.Node(), c.cfg.limits)
	for _, p := range box.probs {
		fl, fc := src.filePos(offsetPos(src.code, p.loc.From))
		c.d.errs = append(c.d.errs, &Error{File: c.d.file, Line: fl, Column: fc, Rule: c.d.rule, Msg: p.msg, Snippet: c.d.snippet(fl, fc)})
	}
	return box.work, len(box.probs) == 0
}
