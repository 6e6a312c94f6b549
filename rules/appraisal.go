package rules

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
	"github.com/xiaoneng/xiaoneng/appraisal"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"go.yaml.in/yaml/v3"
)

// The `appraisal:` section of a rule file: the performance appraisal scheme
// (绩效考核办法). Decoded here with positions and compiled into an
// [appraisal.Scheme] whose formulas are expr programs over [appraisal.Env].

var (
	wAppraisal  = efficiency.T("appraisal（绩效考核）", "appraisal")
	wDimension  = efficiency.T("考核维度", "a dimension")
	wAdjustment = efficiency.T("加减分项", "a deduction or bonus")
	wGrade      = efficiency.T("等次", "a grade")
	wMatch      = efficiency.T("findings（问题筛选）", "findings (the selection)")
)

type appraisalSpec struct {
	node                *yaml.Node
	base                float64
	min, max            *float64
	minNode             *yaml.Node
	dimensions          []dimensionSpec
	dimensionsNode      *yaml.Node
	deductions, bonuses []adjustmentSpec
	grades              []gradeSpec
	advanced, lagging   int
	hasBase             bool
}

type dimensionSpec struct {
	node   *yaml.Node
	id     string
	name   efficiency.Text
	weight float64
	score  *yaml.Node
}

type adjustmentSpec struct {
	node   *yaml.Node
	id     string
	name   efficiency.Text
	points *yaml.Node
	match  *appraisal.FindingMatch
	each   float64
	cap    float64
}

type gradeSpec struct {
	node   *yaml.Node
	id     string
	name   efficiency.Text
	min    float64
	hasMin bool
}

// number decodes an integer or a decimal.
func (d *decoder) number(n *yaml.Node, what efficiency.Text) (float64, bool) {
	if d.noAlias(n) && n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
		if v, err := strconv.ParseFloat(n.Value, 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
			return v, true
		}
	}
	d.errAt(n, "%s应为数字，而非 %q", "%s must be a number, not %q", what, n.Value)
	return 0, false
}

func (d *decoder) decodeAppraisal(n *yaml.Node) *appraisalSpec {
	a := &appraisalSpec{node: n}
	list := func(v *yaml.Node, each func(*yaml.Node)) {
		if v.Kind != yaml.SequenceNode {
			d.errAt(v, "应为列表", "must be a list")
			return
		}
		for _, e := range v.Content {
			if d.noAlias(e) {
				each(e)
			}
		}
	}
	count := func(v *yaml.Node, what efficiency.Text) int {
		x, ok := d.integer(v, what)
		if ok && x < 0 {
			d.errAt(v, "%s不能为负数", "%s cannot be negative", what)
		}
		return x
	}
	ok := d.mapping(n, wAppraisal, fieldSet{
		"base": func(k, v *yaml.Node) { a.base, a.hasBase = d.number(v, efficiency.T("base（基础分）", "base")) },
		"min": func(k, v *yaml.Node) {
			if x, ok := d.number(v, efficiency.T("min（保底分）", "min")); ok {
				a.min, a.minNode = &x, v
			}
		},
		"max": func(k, v *yaml.Node) {
			if x, ok := d.number(v, efficiency.T("max（封顶分）", "max")); ok {
				a.max = &x
			}
		},
		"dimensions": func(k, v *yaml.Node) {
			a.dimensionsNode = v
			list(v, func(e *yaml.Node) { a.dimensions = append(a.dimensions, d.decodeDimension(e)) })
		},
		"deductions": func(k, v *yaml.Node) {
			list(v, func(e *yaml.Node) { a.deductions = append(a.deductions, d.decodeAdjustment(e)) })
		},
		"bonuses": func(k, v *yaml.Node) {
			list(v, func(e *yaml.Node) { a.bonuses = append(a.bonuses, d.decodeAdjustment(e)) })
		},
		"grades": func(k, v *yaml.Node) {
			list(v, func(e *yaml.Node) { a.grades = append(a.grades, d.decodeGrade(e)) })
		},
		"advanced": func(k, v *yaml.Node) {
			a.advanced = count(v, efficiency.T("advanced（先进单位数）", "advanced"))
		},
		"lagging": func(k, v *yaml.Node) { a.lagging = count(v, efficiency.T("lagging（后进单位数）", "lagging")) },
	})
	if !ok {
		return nil
	}
	d.required(n, wAppraisal, "base", "grades")
	return a
}

func (d *decoder) itemID(v *yaml.Node, what efficiency.Text) string {
	s, ok := d.str(v, what)
	if ok && !nameRE.MatchString(strings.ReplaceAll(s, "-", "_")) {
		d.errAt(v, "标识 %q 无效（小写字母开头，只含小写字母、数字、- 和 _）", "invalid id %q (lower-case letter first, then lower-case letters, digits, - and _)", s)
	}
	return s
}

func (d *decoder) decodeDimension(n *yaml.Node) dimensionSpec {
	s := dimensionSpec{node: n}
	if d.mapping(n, wDimension, fieldSet{
		"id":   func(k, v *yaml.Node) { s.id = d.itemID(v, efficiency.T("维度标识", "the dimension id")) },
		"name": func(k, v *yaml.Node) { s.name, _, _ = d.text(v, efficiency.T("维度名称", "the dimension name")) },
		"weight": func(k, v *yaml.Node) {
			var ok bool
			if s.weight, ok = d.number(v, efficiency.T("weight（权重）", "weight")); ok && s.weight <= 0 {
				d.errAt(v, "权重须为正数", "a weight must be positive")
			}
		},
		"score": func(k, v *yaml.Node) {
			if _, ok := d.str(v, efficiency.T("score（得分率公式）", "score (the formula)")); ok {
				s.score = v
			}
		},
	}) {
		d.required(n, wDimension, "id", "name", "weight", "score")
	}
	return s
}

func (d *decoder) decodeAdjustment(n *yaml.Node) adjustmentSpec {
	s := adjustmentSpec{node: n}
	var hasEach bool
	if !d.mapping(n, wAdjustment, fieldSet{
		"id":   func(k, v *yaml.Node) { s.id = d.itemID(v, efficiency.T("加减分项标识", "the id")) },
		"name": func(k, v *yaml.Node) { s.name, _, _ = d.text(v, efficiency.T("加减分项名称", "the name")) },
		"points": func(k, v *yaml.Node) {
			if _, ok := d.str(v, efficiency.T("points（分值公式）", "points (the formula)")); ok {
				s.points = v
			}
		},
		"findings": func(k, v *yaml.Node) { s.match = d.decodeMatch(v) },
		"each": func(k, v *yaml.Node) {
			var ok bool
			if s.each, ok = d.number(v, efficiency.T("each（每个问题的分值）", "each")); ok && s.each <= 0 {
				d.errAt(v, "each 须为正数", "each must be positive")
			}
			hasEach = true
		},
		"cap": func(k, v *yaml.Node) {
			var ok bool
			if s.cap, ok = d.number(v, efficiency.T("cap（上限）", "cap")); ok && s.cap <= 0 {
				d.errAt(v, "cap 须为正数", "cap must be positive")
			}
		},
	}) {
		return s
	}
	d.required(n, wAdjustment, "id", "name")
	switch {
	case d.has(n, "points") && d.has(n, "findings"):
		d.errAt(n, "points 与 findings 只能写一个", "give points or findings, not both")
	case !d.has(n, "points") && !d.has(n, "findings"):
		d.errAt(n, "须写 points（公式）或 findings 与 each（每个问题的分值）", "give points (a formula) or findings with each (points per finding)")
	case d.has(n, "findings") && !hasEach:
		d.errAt(n, "findings 须配 each（每个问题的分值）", "findings needs each (the points per finding)")
	case d.has(n, "points") && hasEach:
		d.errAt(n, "each 只与 findings 一起使用", "each goes with findings, not with points")
	}
	return s
}

func (d *decoder) decodeMatch(n *yaml.Node) *appraisal.FindingMatch {
	m := &appraisal.FindingMatch{}
	d.mapping(n, wMatch, fieldSet{
		"prohibition": func(k, v *yaml.Node) {
			s, _ := d.str(v, efficiency.T("prohibition（禁止事项）", "prohibition"))
			var err error
			if m.Prohibition, err = efficiency.ParseProhibition(s); err != nil {
				d.idErr(v, err)
			}
		},
		"system": func(k, v *yaml.Node) {
			s, _ := d.str(v, efficiency.T("system（制度）", "system"))
			var err error
			if m.System, err = efficiency.ParseSystem(s); err != nil {
				d.idErr(v, err)
			}
		},
		"severity": func(k, v *yaml.Node) {
			s, _ := d.str(v, efficiency.T("severity（严重程度）", "severity"))
			var err error
			if m.Severity, err = efficiency.ParseSeverity(s); err != nil {
				d.idErr(v, err)
			}
		},
		"warnings": func(k, v *yaml.Node) { m.Warnings, _ = d.boolean(v, efficiency.T("warnings（预警）", "warnings")) },
	})
	return m
}

func (d *decoder) decodeGrade(n *yaml.Node) gradeSpec {
	s := gradeSpec{node: n}
	if d.mapping(n, wGrade, fieldSet{
		"id":   func(k, v *yaml.Node) { s.id = d.itemID(v, efficiency.T("等次标识", "the grade id")) },
		"name": func(k, v *yaml.Node) { s.name, _, _ = d.text(v, efficiency.T("等次名称", "the grade name")) },
		"min":  func(k, v *yaml.Node) { s.min, s.hasMin = d.number(v, efficiency.T("min（最低分）", "min")) },
	}) {
		d.required(n, wGrade, "id", "name")
	}
	return s
}

// compileAppraisal checks the section as a whole and compiles its formulas.
func (c *compiler) compileAppraisal(a *appraisalSpec) *appraisal.Scheme {
	if a == nil {
		return nil
	}
	d := c.d
	s := &appraisal.Scheme{Base: a.base, Min: a.min, Max: a.max, Advanced: a.advanced, Lagging: a.lagging}
	if a.min != nil && a.max != nil && *a.min >= *a.max {
		d.errAt(a.minNode, "min（%g）须小于 max（%g）", "min (%g) must be less than max (%g)", *a.min, *a.max)
	}
	seen := map[string]int{}
	unique := func(id string, n *yaml.Node) {
		if id == "" {
			return
		}
		if line, dup := seen[id]; dup {
			d.errAt(n, "重复的标识 %q（第 %d 行已定义）", "duplicate id %q (already defined on line %d)", id, line)
			return
		}
		seen[id] = n.Line
	}
	sum := 0.0
	for _, ds := range a.dimensions {
		unique(ds.id, ds.node)
		sum += ds.weight
		dim := appraisal.Dimension{ID: ds.id, Name: ds.name, Weight: ds.weight}
		if ds.score != nil {
			dim.Score = c.compileFormula(ds.score)
		}
		s.Dimensions = append(s.Dimensions, dim)
	}
	if len(a.dimensions) > 0 && a.hasBase && math.Abs(sum-a.base) > 1e-9 {
		d.errAt(a.dimensionsNode, "维度权重之和为 %g，应等于 base（%g）", "the dimensions' weights add up to %g, not to the base (%g)", sum, a.base)
	}
	adjust := func(specs []adjustmentSpec) []appraisal.Adjustment {
		var out []appraisal.Adjustment
		for _, as := range specs {
			unique(as.id, as.node)
			adj := appraisal.Adjustment{ID: as.id, Name: as.name, Match: as.match, Each: as.each, Cap: as.cap}
			if as.points != nil {
				adj.Points = c.compileFormula(as.points)
			}
			out = append(out, adj)
		}
		return out
	}
	s.Deductions = adjust(a.deductions)
	s.Bonuses = adjust(a.bonuses)
	if len(a.grades) == 0 && d.has(a.node, "grades") {
		d.errAt(a.node, "grades 至少须有一个等次", "grades needs at least one grade")
	}
	grades := map[string]int{}
	prev := -1 // the last grade with a min
	for i, g := range a.grades {
		if g.id != "" {
			if line, dup := grades[g.id]; dup {
				d.errAt(g.node, "重复的等次 %q（第 %d 行已定义）", "duplicate grade %q (already defined on line %d)", g.id, line)
			}
			grades[g.id] = g.node.Line
		}
		last := i == len(a.grades)-1
		switch {
		case !g.hasMin && !last && d.has(g.node, "id"):
			d.errAt(g.node, "等次 %q 缺少 min（只有最后一个等次可以省略）", "grade %q is missing min (only the last grade may leave it out)", g.id)
		case g.hasMin && prev >= 0 && g.min >= a.grades[prev].min:
			d.errAt(g.node, "等次须从高到低排列：%q 的 min（%g）不低于 %q 的（%g）", "grades go from the best down: the min of %q (%g) is not below that of %q (%g)", g.id, g.min, a.grades[prev].id, a.grades[prev].min)
		}
		if g.hasMin {
			prev = i
		}
		min := g.min
		if !g.hasMin {
			min = math.Inf(-1)
		}
		s.Grades = append(s.Grades, appraisal.Grade{ID: g.id, Name: g.name, Min: min})
	}
	return s
}

var appraisalFieldRE = regexp.MustCompile(`type appraisal\.(\w+) has no field (\w+)`)

// compileFormula compiles one numeric formula of the appraisal section
// against [appraisal.Env], params patched to constants.
func (c *compiler) compileFormula(n *yaml.Node) appraisal.Formula {
	d := c.d
	src, ok := d.exprSource(n, efficiency.T("公式", "formula"))
	if !ok {
		return nil
	}
	if !c.sandboxBefore(src) {
		return nil
	}
	patch := &paramPatcher{params: c.params}
	prog, err := c.exprCompile(src.code, expr.Env(appraisal.Env{}), expr.Patch(patch), expr.MaxNodes(c.cfg.limits.MaxNodes), expr.AsFloat64())
	for _, u := range patch.unknown {
		l, col := offsetPos(src.code, u.loc.From)
		fl, fc := src.filePos(l, col)
		d.errPos(fl, fc, nil, "未知参数 %q（在 params 中定义）", "unknown param %q (define it under params)", u.name)
	}
	if len(patch.unknown) > 0 {
		return nil
	}
	if err != nil {
		msg := err.Error()
		line, col := n.Line, n.Column
		var fe *file.Error
		if errors.As(err, &fe) {
			msg = fe.Message
			line, col = src.filePos(fe.Line, fe.Column)
		}
		switch m := appraisalFieldRE.FindStringSubmatch(msg); {
		case m != nil:
			msg = fmt.Sprintf("unknown field %q (see the appraisal field reference)", m[2])
		case strings.HasPrefix(msg, "unknown name "):
			msg += " (a formula sees unit, all, params and the expr builtins)"
		case msg == "unexpected token EOF":
			msg = "unexpected end of the expression (is an operand or a closing bracket missing?)"
		case strings.HasPrefix(msg, "expected float64, but got "):
			msg = "a formula must give a number, but it gives " + strings.TrimPrefix(msg, "expected float64, but got ")
		}
		d.errPos(line, col, err, "公式错误：%s", "%s", msg)
		return nil
	}
	if _, ok := c.sandboxAfter(src, prog); !ok {
		return nil
	}
	return formula(prog)
}

// formula runs a compiled program; expr's programs are safe for concurrent use.
func formula(prog *vm.Program) appraisal.Formula {
	return func(env *appraisal.Env) (float64, error) {
		out, err := expr.Run(prog, *env)
		if err != nil {
			return 0, err
		}
		v, ok := out.(float64)
		if !ok {
			return 0, fmt.Errorf("the formula gave %T, not a number", out)
		}
		return v, nil
	}
}

// Appraisal returns the rule file's appraisal scheme (the `appraisal:`
// section), and false when the file has none. The scheme is the rule set's
// own: share it, do not modify it.
func (rs *RuleSet) Appraisal() (*appraisal.Scheme, bool) {
	return rs.appraisal, rs.appraisal != nil
}
