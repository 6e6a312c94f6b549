package rules

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
	"github.com/xiaoneng/xiaoneng/accountability"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"go.yaml.in/yaml/v3"
)

// The rule file's `accountability:` section: the ladder of steps, the
// measures every trigger adds, the aggravating and mitigating factors, the
// exemptions and the leaders' responsibility rules. Decoded strictly with
// positions like the rules; conditions compile against [StepEnv] and
// [LeaderEnv].

var (
	wLadder    = efficiency.T("accountability（问责）", "accountability")
	wStep      = efficiency.T("问责阶梯的一级", "a ladder step")
	wLeader    = efficiency.T("领导责任规则", "a leaders' rule")
	wFactor    = efficiency.T("情节", "a factor")
	wExemption = efficiency.T("免责情形", "an exemption")
)

type ladderSpec struct {
	node       *yaml.Node
	steps      []*ladderRuleSpec
	leaders    []*ladderRuleSpec
	always     []accountability.Measure
	factors    []circumstanceSpec
	exemptions []circumstanceSpec
}

type ladderRuleSpec struct {
	node         *yaml.Node
	id           string
	name         efficiency.Text
	when         *yaml.Node
	measures     []accountability.Measure
	measuresNode *yaml.Node
	leader       bool
}

type circumstanceSpec struct {
	node   *yaml.Node
	id     string
	name   efficiency.Text
	effect accountability.Effect
}

// ladderRule is the error context of a ladder entry: `rule "accountability.ID"`.
func ladderRule(id string) string { return "accountability." + id }

func (d *decoder) decodeLadder(n *yaml.Node) *ladderSpec {
	l := &ladderSpec{node: n}
	ok := d.mapping(n, wLadder, fieldSet{
		"steps": func(k, v *yaml.Node) {
			d.list(v, func(e *yaml.Node) {
				if s := d.decodeLadderRule(e, wStep, false); s != nil {
					l.steps = append(l.steps, s)
				}
			})
		},
		"leaders": func(k, v *yaml.Node) {
			d.list(v, func(e *yaml.Node) {
				if s := d.decodeLadderRule(e, wLeader, true); s != nil {
					l.leaders = append(l.leaders, s)
				}
			})
		},
		"always": func(k, v *yaml.Node) { l.always = d.measures(v, true) },
		"factors": func(k, v *yaml.Node) {
			d.list(v, func(e *yaml.Node) { l.factors = append(l.factors, d.decodeCircumstance(e, wFactor, true)) })
		},
		"exemptions": func(k, v *yaml.Node) {
			d.list(v, func(e *yaml.Node) { l.exemptions = append(l.exemptions, d.decodeCircumstance(e, wExemption, false)) })
		},
	})
	if ok {
		d.required(n, wLadder, "steps")
	}
	return l
}

// idOf is the value of the id key of a mapping, for error context before decoding.
func idOf(n *yaml.Node) string {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "id" && n.Content[i+1].Kind == yaml.ScalarNode {
				return n.Content[i+1].Value
			}
		}
	}
	return ""
}

func (d *decoder) ladderID(v *yaml.Node, what efficiency.Text) string {
	id, _ := d.str(v, what)
	if id != "" && !ruleIDRE.MatchString(id) {
		d.errAt(v, "标识 %q 无效（字母开头，只含字母、数字和 . _ -）", "invalid id %q (a letter first, then letters, digits and . _ -)", id)
	}
	return id
}

func (d *decoder) decodeLadderRule(n *yaml.Node, what efficiency.Text, leader bool) *ladderRuleSpec {
	s := &ladderRuleSpec{node: n, leader: leader}
	if id := idOf(n); id != "" {
		d.rule = ladderRule(id)
	}
	defer func() { d.rule = "" }()
	ok := d.mapping(n, what, fieldSet{
		"id":   func(k, v *yaml.Node) { s.id = d.ladderID(v, efficiency.T("标识", "the id")) },
		"name": func(k, v *yaml.Node) { s.name, _, _ = d.text(v, efficiency.T("name（名称）", "name")) },
		"when": func(k, v *yaml.Node) {
			if _, ok := d.str(v, efficiency.T("when（条件）", "when (the condition)")); ok {
				s.when = v
			}
		},
		"measures": func(k, v *yaml.Node) { s.measures, s.measuresNode = d.measures(v, false), v },
	})
	if !ok {
		return nil
	}
	d.required(n, what, "id", "name", "when", "measures")
	return s
}

func (d *decoder) decodeCircumstance(n *yaml.Node, what efficiency.Text, factor bool) circumstanceSpec {
	c := circumstanceSpec{node: n}
	if id := idOf(n); id != "" {
		d.rule = ladderRule(id)
	}
	defer func() { d.rule = "" }()
	fields := fieldSet{
		"id":   func(k, v *yaml.Node) { c.id = d.ladderID(v, efficiency.T("标识", "the id")) },
		"name": func(k, v *yaml.Node) { c.name, _, _ = d.text(v, efficiency.T("name（名称）", "name")) },
	}
	if factor {
		fields["effect"] = func(k, v *yaml.Node) {
			s, ok := d.str(v, efficiency.T("effect（作用）", "effect"))
			if !ok {
				return
			}
			e, err := accountability.ParseEffect(s)
			if err != nil {
				d.idErr(v, err)
			}
			c.effect = e
		}
	}
	if d.mapping(n, what, fields) {
		if factor {
			d.required(n, what, "id", "name", "effect")
		} else {
			d.required(n, what, "id", "name")
		}
	}
	return c
}

// measures decodes a list of measure ids; empty is an error unless allowed.
func (d *decoder) measures(n *yaml.Node, emptyOK bool) []accountability.Measure {
	if !d.noAlias(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errAt(n, "measures 应为问责方式的列表", "measures must be a list of measures")
		return nil
	}
	if len(n.Content) == 0 && !emptyOK {
		d.errAt(n, "至少需要一种问责方式", "at least one measure is needed")
	}
	var out []accountability.Measure
	for _, e := range n.Content {
		s, ok := d.str(e, efficiency.T("问责方式", "a measure"))
		if !ok {
			continue
		}
		m, err := accountability.ParseMeasure(s)
		if err != nil {
			d.idErr(e, err)
			continue
		}
		if slices.Contains(out, m) {
			d.errAt(e, "重复的问责方式 %q", "duplicate measure %q", m.String())
			continue
		}
		out = append(out, m)
	}
	return out
}

// compileLadder checks the section as a whole and compiles its conditions.
func (c *compiler) compileLadder(spec *ladderSpec) *accountability.Ladder {
	if spec == nil {
		return nil
	}
	d := c.d
	l := &accountability.Ladder{Always: spec.always}
	seen := map[string]int{}
	unique := func(id string, n *yaml.Node) bool {
		if id == "" {
			return true
		}
		if line, dup := seen[id]; dup {
			d.errAt(n, "问责部分中重复的标识（第 %d 行已定义）", "duplicate id in accountability (already defined on line %d)", line)
			return false
		}
		seen[id] = n.Line
		return true
	}
	prev, prevID := accountability.UnknownMeasure, ""
	for _, s := range spec.steps {
		d.rule = ladderRule(s.id)
		if !unique(s.id, s.node) {
			continue
		}
		if g := accountability.Gravest(s.measures); g < prev && len(s.measures) > 0 {
			d.errAt(s.measuresNode, "此级（最重为%s）轻于前一级 %q（%s）：各级须由轻到重排列",
				"this step (gravest measure: %s) is milder than the step before it, %q (%s): order the steps mild to grave",
				g.Name(), prevID, prev.Name())
		} else if g >= prev {
			prev, prevID = g, s.id
		}
		if when := c.compileLadderCondition(s); when != nil {
			l.Steps = append(l.Steps, accountability.Step{ID: s.id, Name: s.name, Measures: s.measures, When: when,
				Source: efficiency.Source{File: d.file, Line: s.node.Line}})
		}
	}
	for _, s := range spec.leaders {
		d.rule = ladderRule(s.id)
		if !unique(s.id, s.node) {
			continue
		}
		if when := c.compileLadderCondition(s); when != nil {
			l.Leaders = append(l.Leaders, accountability.LeaderRule{ID: s.id, Name: s.name, Measures: s.measures, When: when,
				Source: efficiency.Source{File: d.file, Line: s.node.Line}})
		}
	}
	for _, f := range spec.factors {
		d.rule = ladderRule(f.id)
		if unique(f.id, f.node) {
			l.Factors = append(l.Factors, accountability.Factor{ID: f.id, Name: f.name, Effect: f.effect})
		}
	}
	for _, e := range spec.exemptions {
		d.rule = ladderRule(e.id)
		if unique(e.id, e.node) {
			l.Exemptions = append(l.Exemptions, accountability.Exemption{ID: e.id, Name: e.name})
		}
	}
	d.rule = ""
	return l
}

// ladderLabels name the ladder's records as conditions write them.
var ladderLabels = map[string]string{
	"FindingFacts": "finding", "PartyOfficial": "official", "PartyUnit": "unit",
	"HistoryFacts": "history", "SeverityLevels": "severity", "StepEnv": "a step", "LeaderEnv": "a leaders' rule", "LaggingFacts": "lagging",
}

var (
	stepNames   = "finding, official, unit, history, unit_history, severity, at, params and the builtins"
	leaderNames = "unit, unit_history, lagging, at, params and the builtins"
)

// compileLadderCondition compiles a step's or leaders' rule's `when` into a Condition.
func (c *compiler) compileLadderCondition(s *ladderRuleSpec) accountability.Condition {
	if s.when == nil {
		return nil // already reported
	}
	src, ok := c.d.exprSource(s.when, efficiency.T("条件", "condition"))
	if !ok {
		return nil
	}
	var env any = StepEnv{}
	names := stepNames
	if s.leader {
		env, names = LeaderEnv{}, leaderNames
	}
	prog := c.compileLadderExpr(src, env, names)
	if prog == nil {
		return nil
	}
	run := func(env any) (bool, error) {
		machine := vmPool.Get().(*vm.VM)
		defer vmPool.Put(machine)
		out, err := machine.Run(prog, env)
		if err != nil {
			msg, _, _ := strings.Cut(err.Error(), "\n")
			return false, fmt.Errorf("%s:%d: %s", c.d.file, s.when.Line, msg)
		}
		b, _ := out.(bool)
		return b, nil
	}
	if s.leader {
		return func(ctx *accountability.Context) (bool, error) { return run(leaderEnv(ctx)) }
	}
	return func(ctx *accountability.Context) (bool, error) { return run(stepEnv(ctx)) }
}

// measureChecker finds count("measure", …) calls whose measure is a literal
// that names no measure, so a misspelt id is a load error.
type measureChecker struct {
	bad []badMeasure
}

type badMeasure struct {
	value string
	loc   file.Location
	err   error
}

func (m *measureChecker) Visit(node *ast.Node) {
	call, ok := (*node).(*ast.CallNode)
	if !ok || len(call.Arguments) == 0 {
		return
	}
	callee, ok := call.Callee.(*ast.MemberNode)
	if !ok {
		return
	}
	if p, ok := callee.Property.(*ast.StringNode); !ok || p.Value != "count" {
		return
	}
	if lit, ok := call.Arguments[0].(*ast.StringNode); ok {
		if _, err := accountability.ParseMeasure(lit.Value); err != nil {
			m.bad = append(m.bad, badMeasure{lit.Value, lit.Location(), err})
		}
	}
}

func (c *compiler) compileLadderExpr(src exprSource, env any, names string) *vm.Program {
	d := c.d
	if !c.sandboxBefore(src) {
		return nil
	}
	patch := &paramPatcher{params: c.params}
	check := &measureChecker{}
	opts := append([]expr.Option{expr.Env(env), expr.Patch(patch), expr.Patch(check), expr.MaxNodes(c.cfg.limits.MaxNodes), expr.AsBool()}, c.builtins...)
	prog, err := c.exprCompile(src.code, opts...)
	at := func(loc file.Location) (int, int) {
		l, col := offsetPos(src.code, loc.From)
		return src.filePos(l, col)
	}
	if len(patch.unknown) > 0 || len(check.bad) > 0 {
		known := make([]string, 0, len(c.params))
		for k := range c.params {
			known = append(known, k)
		}
		for _, u := range patch.unknown {
			fl, fc := at(u.loc)
			if s := suggest(u.name, known); s != "" {
				d.errPos(fl, fc, nil, "未知参数 %q（是否想写 %q？）", "unknown param %q (did you mean %q?)", u.name, s)
			} else {
				d.errPos(fl, fc, nil, "未知参数 %q（在 params 中定义）", "unknown param %q (define it under params)", u.name)
			}
		}
		for _, b := range check.bad {
			fl, fc := at(b.loc)
			var u *efficiency.UnknownIDError
			if errors.As(b.err, &u) {
				d.errs = append(d.errs, &Error{File: d.file, Line: fl, Column: fc, Rule: d.rule, Msg: u.Message(), Snippet: d.snippet(fl, fc), Err: b.err})
			}
		}
		return nil
	}
	if err != nil {
		var fe *file.Error
		if !errors.As(err, &fe) {
			d.errAt(src.node, "表达式错误：%s", "%s", friendlyExprMessage(err.Error(), true, efficiency.UnknownSubject))
			return nil
		}
		fl, fc := src.filePos(fe.Line, fe.Column)
		msg := fe.Message
		if m := noFieldRE.FindStringSubmatch(msg); m != nil && ladderLabels[m[1]] != "" {
			msg = fmt.Sprintf("unknown field %q (see the field reference for what %s offers)", m[2], ladderLabels[m[1]])
		} else if m := unknownName.FindStringSubmatch(msg); m != nil {
			msg = fmt.Sprintf("unknown name %q (a %s sees %s)", m[1], map[bool]string{true: "leaders' rule", false: "step"}[names == leaderNames], names)
		} else {
			msg = friendlyExprMessage(msg, true, efficiency.UnknownSubject)
		}
		d.errPos(fl, fc, err, "表达式错误：%s", "%s", msg)
		return nil
	}
	if _, ok := c.sandboxAfter(src, prog); !ok {
		return nil
	}
	return prog
}

// ErrNoLadder is returned by [RuleSet.Decide] when the rule file has no
// accountability section.
var ErrNoLadder = errors.New("rules: the rule set has no accountability ladder (add an accountability: section)")

// Decide applies the rule set's accountability ladder to in's findings as of
// at, against the history in ledger, appends the decisions to ledger and
// returns the triggers; see [accountability.Ladder.Decide]. Circumstances
// (aggravating and mitigating factors, exemptions) come in as
// in.Circumstances, each naming a finding's id and a factor or exemption
// the file declares. Deciding the same findings again triggers nothing.
func (rs *RuleSet) Decide(ctx context.Context, in accountability.Input, ledger accountability.Ledger, at time.Time) (*accountability.Decision, error) {
	if rs.ladder == nil {
		return nil, ErrNoLadder
	}
	return rs.ladder.Decide(ctx, in, ledger, at)
}

// Ladder returns a copy of the compiled accountability ladder, or nil when
// the file has none. Its conditions are shared and safe for concurrent use.
func (rs *RuleSet) Ladder() *accountability.Ladder {
	if rs.ladder == nil {
		return nil
	}
	l := *rs.ladder
	l.Steps, l.Leaders = slices.Clone(l.Steps), slices.Clone(l.Leaders)
	l.Always, l.Factors, l.Exemptions = slices.Clone(l.Always), slices.Clone(l.Factors), slices.Clone(l.Exemptions)
	return &l
}
