package rules

import (
	"regexp"
	"strconv"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"go.yaml.in/yaml/v3"
)

// SchemaVersion is the rule-file schema this package reads (`xiaoneng: 1`).
const SchemaVersion = 1

var (
	ruleIDRE  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]*$`)
	nameRE    = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	wFile     = efficiency.T("规则文件", "the rule file")
	wJuris    = efficiency.T("jurisdiction（辖区）", "jurisdiction")
	wParams   = efficiency.T("params（参数）", "params")
	wCalendar = efficiency.T("calendar（日历）", "calendar")
	wYear     = efficiency.T("日历年份", "a calendar year")
	wRange    = efficiency.T("节假日区间", "a holiday range")
	wRule     = efficiency.T("规则", "a rule")
	wEvidence = efficiency.T("evidence（证据）", "evidence")
)

func (d *decoder) decodeFile(root *yaml.Node) *fileSpec {
	f := &fileSpec{}
	var versionSeen bool
	ok := d.mapping(root, wFile, fieldSet{
		"xiaoneng": func(k, v *yaml.Node) {
			versionSeen = true
			if n, ok := d.integer(v, efficiency.T("xiaoneng（模式版本）", "xiaoneng (the schema version)")); ok {
				if n != SchemaVersion {
					d.errAt(v, "不支持的模式版本 %d（本版本读取 %d）", "unsupported schema version %d (this version reads %d)", n, SchemaVersion)
				}
				f.version = n
			}
		},
		"jurisdiction":   func(k, v *yaml.Node) { f.jurisdiction = d.decodeJurisdiction(v) },
		"params":         func(k, v *yaml.Node) { f.params = d.decodeParams(v) },
		"calendar":       func(k, v *yaml.Node) { f.calendar = d.decodeCalendar(v) },
		"accountability": func(k, v *yaml.Node) { f.ladder = d.decodeLadder(v) },
		"campaign":       func(k, v *yaml.Node) { f.campaign = d.decodeCampaign(v) },
		"appraisal":      func(k, v *yaml.Node) { f.appraisal = d.decodeAppraisal(v) },
		"extends":        func(k, v *yaml.Node) { f.extends = d.decodeExtends(v) },
		"overrides":      func(k, v *yaml.Node) { f.overrides = d.decodeOverrides(v) },
		// Rule tests (ruletest.go): checked here, with positions, so a
		// broken test is a load error; RunTests runs them.
		"tests": func(k, v *yaml.Node) { d.decodeTests(v) },
		"rules": func(k, v *yaml.Node) {
			if v.Kind != yaml.SequenceNode {
				d.errAt(v, "rules 应为列表", "rules must be a list")
				return
			}
			for _, rn := range v.Content {
				if r := d.decodeRule(rn); r != nil {
					f.rules = append(f.rules, r)
				}
			}
		},
	})
	if ok && !versionSeen {
		d.errAt(root, "缺少模式版本（在文件开头写 `xiaoneng: 1`）", "missing the schema version (start the file with `xiaoneng: 1`)")
	}
	return f
}

func (d *decoder) decodeJurisdiction(n *yaml.Node) jurisdictionSpec {
	var j jurisdictionSpec
	d.mapping(n, wJuris, fieldSet{
		"id":   func(k, v *yaml.Node) { j.id, _ = d.str(v, efficiency.T("辖区标识", "the jurisdiction id")) },
		"name": func(k, v *yaml.Node) { j.name, _, _ = d.text(v, efficiency.T("辖区名称", "the jurisdiction name")) },
		"zone": func(k, v *yaml.Node) {
			j.zone, _ = d.str(v, efficiency.T("时区", "the zone"))
			j.zoneNode = v
		},
	})
	d.required(n, wJuris, "id")
	return j
}

func (d *decoder) decodeParams(n *yaml.Node) []paramSpec {
	if !d.noAlias(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.errAt(n, "params 应为映射（名称: 值）", "params must be a mapping (name: value)")
		return nil
	}
	var out []paramSpec
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !nameRE.MatchString(k.Value) {
			d.errAt(k, "参数名 %q 无效（小写字母开头，只含小写字母、数字和下划线）", "invalid param name %q (lower-case letter first, then lower-case letters, digits and underscores)", k.Value)
			continue
		}
		if line, dup := seen[k.Value]; dup {
			d.errAt(k, "重复的参数 %q（第 %d 行已定义）", "duplicate param %q (already defined on line %d)", k.Value, line)
			continue
		}
		seen[k.Value] = k.Line
		if val, ok := d.paramValue(v); ok {
			out = append(out, paramSpec{name: k.Value, value: val, node: v})
		}
	}
	return out
}

func (d *decoder) paramValue(v *yaml.Node) (any, bool) {
	if !d.noAlias(v) {
		return nil, false
	}
	switch v.Kind {
	case yaml.ScalarNode:
		switch v.Tag {
		case "!!int":
			n, err := strconv.ParseInt(v.Value, 0, 64)
			if err != nil {
				break
			}
			return int(n), true
		case "!!float":
			var x float64
			if err := v.Decode(&x); err != nil || x != x {
				break
			}
			return x, true
		case "!!bool":
			var b bool
			if err := v.Decode(&b); err != nil {
				break
			}
			return b, true
		case "!!str":
			return v.Value, true
		}
	case yaml.SequenceNode:
		list := make([]any, 0, len(v.Content))
		for _, e := range v.Content {
			x, ok := d.paramValue(e)
			if !ok {
				return nil, false
			}
			if _, nested := x.([]any); nested {
				d.errAt(e, "参数列表不能嵌套", "param lists cannot be nested")
				return nil, false
			}
			list = append(list, x)
		}
		return list, true
	}
	d.errAt(v, "参数值应为数字、布尔值、字符串或它们的列表", "a param value must be a number, a boolean, a string or a list of them")
	return nil, false
}

func (d *decoder) decodeCalendar(n *yaml.Node) calendarSpec {
	c := calendarSpec{node: n}
	before := len(d.errs)
	d.mapping(n, wCalendar, fieldSet{
		"fallback": func(k, v *yaml.Node) {
			s, _ := d.str(v, efficiency.T("fallback（已知年份之外）", "fallback (outside the known years)"))
			switch s {
			case "weekends":
				c.fallback = true
			case "none":
			default:
				d.errAt(v, "未知的 fallback %q（可用：none、weekends）", "unknown fallback %q (known: none, weekends)", s)
			}
		},
		"years": func(k, v *yaml.Node) {
			if v.Kind != yaml.SequenceNode {
				d.errAt(v, "years 应为列表", "years must be a list")
				return
			}
			for _, yn := range v.Content {
				var y efficiency.Year
				ok := d.mapping(yn, wYear, fieldSet{
					"year": func(k, v *yaml.Node) { y.Year, _ = d.integer(v, efficiency.T("年份", "year")) },
					"holidays": func(k, v *yaml.Node) {
						d.list(v, func(e *yaml.Node) {
							var r efficiency.DateRange
							d.mapping(e, wRange, fieldSet{
								"from": func(k, v *yaml.Node) { r.From = d.date(v) },
								"to":   func(k, v *yaml.Node) { r.To = d.date(v) },
								"name": func(k, v *yaml.Node) { d.text(v, efficiency.T("节日名称", "the holiday's name")) },
							})
							d.required(e, wRange, "from", "to")
							y.Holidays = append(y.Holidays, r)
						})
					},
					"workdays": func(k, v *yaml.Node) {
						d.list(v, func(e *yaml.Node) { y.Workdays = append(y.Workdays, d.date(e)) })
					},
				})
				if ok {
					d.required(yn, wYear, "year")
				}
				c.years = append(c.years, y)
				c.yearNodes = append(c.yearNodes, yn)
			}
		},
	})
	c.bad = len(d.errs) > before
	return c
}

func (d *decoder) list(n *yaml.Node, each func(*yaml.Node)) {
	if n.Kind != yaml.SequenceNode {
		d.errAt(n, "应为列表", "must be a list")
		return
	}
	for _, e := range n.Content {
		if d.noAlias(e) {
			each(e)
		}
	}
}

func (d *decoder) date(n *yaml.Node) efficiency.Date {
	s, ok := d.str(n, efficiency.T("日期", "a date"))
	if !ok {
		return efficiency.Date{}
	}
	dt, err := efficiency.ParseDate(s)
	if err != nil {
		d.errAt(n, "日期 %q 无效（格式：2026-10-01）", "invalid date %q (format: 2026-10-01)", s)
	}
	return dt
}

func (d *decoder) decodeRule(n *yaml.Node) *ruleSpec {
	r := &ruleSpec{node: n}
	d.rule = ""
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "id" && n.Content[i+1].Kind == yaml.ScalarNode {
				d.rule = n.Content[i+1].Value
			}
		}
	}
	defer func() { d.rule = "" }()
	ok := d.mapping(n, wRule, fieldSet{
		"id": func(k, v *yaml.Node) {
			r.id, _ = d.str(v, efficiency.T("规则标识", "the rule id"))
			if r.id != "" && !ruleIDRE.MatchString(r.id) {
				d.errAt(v, "规则标识 %q 无效（字母开头，只含字母、数字和 . _ -）", "invalid rule id %q (a letter first, then letters, digits and . _ -)", r.id)
			}
		},
		"on": func(k, v *yaml.Node) {
			s, _ := d.str(v, efficiency.T("on（对象类型）", "on (the subject kind)"))
			kind, err := efficiency.ParseSubjectKind(s)
			if err != nil {
				d.idErr(v, err)
			}
			r.on = kind
		},
		"warning": func(k, v *yaml.Node) { r.warning, _ = d.boolean(v, efficiency.T("warning（预警）", "warning")) },
		"prohibition": func(k, v *yaml.Node) {
			s, _ := d.str(v, efficiency.T("prohibition（禁止事项）", "prohibition"))
			p, err := efficiency.ParseProhibition(s)
			if err != nil {
				d.idErr(v, err)
			}
			r.prohibition = p
		},
		"system": func(k, v *yaml.Node) {
			s, _ := d.str(v, efficiency.T("system（制度）", "system"))
			x, err := efficiency.ParseSystem(s)
			if err != nil {
				d.idErr(v, err)
			}
			r.system = x
		},
		"improvement": func(k, v *yaml.Node) {
			s, _ := d.str(v, efficiency.T("improvement（提高方向）", "improvement"))
			x, err := efficiency.ParseImprovement(s)
			if err != nil {
				d.idErr(v, err)
			}
			r.improvement = x
		},
		"severity": func(k, v *yaml.Node) {
			s, _ := d.str(v, efficiency.T("severity（严重程度）", "severity"))
			x, err := efficiency.ParseSeverity(s)
			if err != nil {
				d.idErr(v, err)
			}
			r.severity = x
		},
		"title": func(k, v *yaml.Node) { r.title, _, _ = d.text(v, efficiency.T("title（标题）", "title")) },
		"description": func(k, v *yaml.Node) {
			r.description, _, _ = d.text(v, efficiency.T("description（说明）", "description"))
		},
		"when": func(k, v *yaml.Node) {
			if _, ok := d.str(v, efficiency.T("when（条件）", "when (the condition)")); ok {
				r.when = v
			}
		},
		"evidence": func(k, v *yaml.Node) {
			if !d.noAlias(v) {
				return
			}
			if v.Kind != yaml.MappingNode {
				d.errAt(v, "evidence 应为映射（名称: 表达式）", "evidence must be a mapping (name: expression)")
				return
			}
			seen := map[string]bool{}
			for i := 0; i+1 < len(v.Content); i += 2 {
				ek, ev := v.Content[i], v.Content[i+1]
				switch {
				case !nameRE.MatchString(ek.Value):
					d.errAt(ek, "证据名 %q 无效（小写字母开头，只含小写字母、数字和下划线）", "invalid evidence name %q (lower-case letter first, then lower-case letters, digits and underscores)", ek.Value)
				case seen[ek.Value]:
					d.errAt(ek, "重复的证据名 %q", "duplicate evidence name %q", ek.Value)
				default:
					seen[ek.Value] = true
					if _, ok := d.str(ev, wEvidence); ok {
						r.evidence = append(r.evidence, evidenceSpec{name: ek.Value, node: ev})
					}
				}
			}
		},
		"occurrence": func(k, v *yaml.Node) {
			if _, ok := d.str(v, efficiency.T("occurrence（发生标识）", "occurrence")); ok {
				r.occurrence = v
			}
		},
		"message": func(k, v *yaml.Node) {
			r.message, r.messageZh, r.messageEn = d.text(v, efficiency.T("message（消息）", "message"))
		},
		"goals":           func(k, v *yaml.Node) { d.decodeRuleGoals(r, v) },
		"effective_from":  func(k, v *yaml.Node) { r.effective.from, r.effective.fromNode = d.date(v), v },
		"effective_until": func(k, v *yaml.Node) { r.effective.until, r.effective.untilNode = d.date(v), v },
	})
	d.checkEffective(&r.effective)
	if !ok {
		return nil
	}
	d.required(n, wRule, "id", "on", "severity", "title", "when", "message")
	if r.prohibition == efficiency.UnknownProhibition && r.system == efficiency.UnknownSystem && !d.has(n, "prohibition") && !d.has(n, "system") {
		d.errAt(n, "规则须至少指明 prohibition 或 system 之一", "a rule must name a prohibition, a system or both")
	}
	return r
}

func (d *decoder) has(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

func (d *decoder) idErr(n *yaml.Node, err error) {
	if u, ok := err.(*efficiency.UnknownIDError); ok {
		d.errs = append(d.errs, &Error{File: d.file, Line: n.Line, Column: n.Column, Rule: d.rule,
			Msg: u.Message(), Snippet: d.snippet(n.Line, n.Column), Err: err})
		return
	}
	d.errAt(n, "%v", "%v", err)
}
