package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/phases"
	"go.yaml.in/yaml/v3"
)

// The `campaign:` section of a rule file: the campaign's year, theme, units,
// goals, phases with their tasks, deliverables and key measures. It is
// decoded here with positions and built by phases.New; each problem New
// finds is reported at the node of the field it names.

type campaignSpec struct {
	node  *yaml.Node
	cfg   phases.Config
	nodes map[string]*yaml.Node // field path ("phases[1].from") → its node
	bad   bool                  // decoding errors: no campaign is built
}

var (
	wCampaign    = efficiency.T("campaign（活动）", "campaign")
	wPhase       = efficiency.T("阶段", "a phase")
	wTask        = efficiency.T("任务", "a task")
	wDeliverable = efficiency.T("报送材料", "a deliverable")
	wMeasure     = efficiency.T("工作重点", "a key measure")
	wGoal        = efficiency.T("目标", "a goal")
	wUnit        = efficiency.T("单位", "a unit")
)

func (d *decoder) decodeCampaign(n *yaml.Node) *campaignSpec {
	s := &campaignSpec{node: n, nodes: map[string]*yaml.Node{}}
	before := len(d.errs)
	at := func(path string, v *yaml.Node) { s.nodes[path] = v }
	strList := func(path string, v *yaml.Node, what efficiency.Text) []string {
		var out []string
		i := 0
		d.list(v, func(e *yaml.Node) {
			x, _ := d.str(e, what)
			at(fmt.Sprintf("%s[%d]", path, i), e)
			out = append(out, x)
			i++
		})
		return out
	}
	items := func(path string, v *yaml.Node, each func(path string, e *yaml.Node)) {
		at(path, v)
		i := 0
		d.list(v, func(e *yaml.Node) {
			p := fmt.Sprintf("%s[%d]", path, i)
			at(p, e)
			each(p, e)
			i++
		})
	}
	ok := d.mapping(n, wCampaign, fieldSet{
		"year": func(k, v *yaml.Node) {
			at("year", v)
			s.cfg.Year, _ = d.integer(v, efficiency.T("活动年份", "the campaign year"))
		},
		"theme": func(k, v *yaml.Node) { s.cfg.Theme, _, _ = d.text(v, efficiency.T("活动主题", "the theme")) },
		"units": func(k, v *yaml.Node) {
			items("units", v, func(p string, e *yaml.Node) {
				var u phases.Unit
				if d.mapping(e, wUnit, fieldSet{
					"id": func(k, v *yaml.Node) { at(p+".id", v); u.ID, _ = d.str(v, efficiency.T("单位标识", "the unit id")) },
					"name": func(k, v *yaml.Node) {
						at(p+".name", v)
						u.Name, _, _ = d.text(v, efficiency.T("单位名称", "the unit's name"))
					},
				}) {
					d.required(e, wUnit, "id", "name")
				}
				s.cfg.Units = append(s.cfg.Units, u)
			})
		},
		"goals": func(k, v *yaml.Node) {
			items("goals", v, func(p string, e *yaml.Node) {
				var g phases.Goal
				if d.mapping(e, wGoal, fieldSet{
					"id": func(k, v *yaml.Node) { at(p+".id", v); g.ID, _ = d.str(v, efficiency.T("目标标识", "the goal id")) },
					"name": func(k, v *yaml.Node) {
						at(p+".name", v)
						g.Name, _, _ = d.text(v, efficiency.T("目标名称", "the goal's name"))
					},
				}) {
					d.required(e, wGoal, "id", "name")
				}
				s.cfg.Goals = append(s.cfg.Goals, g)
			})
		},
		"phases": func(k, v *yaml.Node) {
			items("phases", v, func(p string, e *yaml.Node) {
				var ph phases.PhaseConfig
				if d.mapping(e, wPhase, fieldSet{
					"id": func(k, v *yaml.Node) {
						at(p+".id", v)
						id, _ := d.str(v, efficiency.T("阶段标识", "the phase id"))
						ph.ID = phases.PhaseID(id)
					},
					"from": func(k, v *yaml.Node) { at(p+".from", v); ph.From = d.date(v) },
					"to":   func(k, v *yaml.Node) { at(p+".to", v); ph.To = d.date(v) },
					"tasks": func(k, v *yaml.Node) {
						items(p+".tasks", v, func(tp string, te *yaml.Node) {
							ph.Tasks = append(ph.Tasks, d.decodeTask(tp, te, at, strList))
						})
					},
				}) {
					d.required(e, wPhase, "id", "from", "to")
				}
				s.cfg.Phases = append(s.cfg.Phases, ph)
			})
		},
		"deliverables": func(k, v *yaml.Node) {
			items("deliverables", v, func(p string, e *yaml.Node) {
				var dl phases.Deliverable
				if d.mapping(e, wDeliverable, fieldSet{
					"id": func(k, v *yaml.Node) {
						at(p+".id", v)
						dl.ID, _ = d.str(v, efficiency.T("材料标识", "the deliverable id"))
					},
					"name": func(k, v *yaml.Node) {
						at(p+".name", v)
						dl.Name, _, _ = d.text(v, efficiency.T("材料名称", "the deliverable's name"))
					},
					"due": func(k, v *yaml.Node) { at(p+".due", v); dl.Due = d.date(v) },
					"recipient": func(k, v *yaml.Node) {
						dl.Recipient, _, _ = d.text(v, efficiency.T("报送对象", "the recipient"))
					},
				}) {
					d.required(e, wDeliverable, "id", "name", "due")
				}
				s.cfg.Deliverables = append(s.cfg.Deliverables, dl)
			})
		},
		"measures": func(k, v *yaml.Node) {
			items("measures", v, func(p string, e *yaml.Node) {
				var m phases.Measure
				if d.mapping(e, wMeasure, fieldSet{
					"id": func(k, v *yaml.Node) {
						at(p+".id", v)
						m.ID, _ = d.str(v, efficiency.T("工作重点标识", "the measure id"))
					},
					"name": func(k, v *yaml.Node) {
						at(p+".name", v)
						m.Name, _, _ = d.text(v, efficiency.T("工作重点名称", "the measure's name"))
					},
					"lead": func(k, v *yaml.Node) {
						at(p+".lead", v)
						m.Lead, _ = d.str(v, efficiency.T("牵头单位", "the lead unit"))
					},
					"partners": func(k, v *yaml.Node) {
						m.Partners = strList(p+".partners", v, efficiency.T("配合单位", "a partner unit"))
					},
					"goals": func(k, v *yaml.Node) {
						m.Goals = strList(p+".goals", v, efficiency.T("目标标识", "a goal id"))
					},
					"report_due": func(k, v *yaml.Node) { at(p+".report_due", v); m.ReportDue = d.date(v) },
				}) {
					d.required(e, wMeasure, "id", "name", "lead", "report_due")
				}
				s.cfg.Measures = append(s.cfg.Measures, m)
			})
		},
	})
	if ok {
		d.required(n, wCampaign, "year", "phases")
	}
	s.bad = len(d.errs) > before
	return s
}

func (d *decoder) decodeTask(p string, e *yaml.Node, at func(string, *yaml.Node),
	strList func(string, *yaml.Node, efficiency.Text) []string) phases.Task {
	var t phases.Task
	if d.mapping(e, wTask, fieldSet{
		"id": func(k, v *yaml.Node) { at(p+".id", v); t.ID, _ = d.str(v, efficiency.T("任务标识", "the task id")) },
		"name": func(k, v *yaml.Node) {
			at(p+".name", v)
			t.Name, _, _ = d.text(v, efficiency.T("任务名称", "the task's name"))
		},
		"lead": func(k, v *yaml.Node) {
			at(p+".lead", v)
			t.Lead, _ = d.str(v, efficiency.T("牵头单位", "the lead unit"))
		},
		"partners": func(k, v *yaml.Node) {
			t.Partners = strList(p+".partners", v, efficiency.T("配合单位", "a partner unit"))
		},
	}) {
		d.required(e, wTask, "id", "name")
	}
	return t
}

// campaign builds the file's campaign in the jurisdiction's zone, reporting
// each problem at the node of the field it concerns. nil when the file has
// no campaign section or it has errors.
func (c *compiler) campaign(s *campaignSpec) *phases.Campaign {
	if s == nil || s.bad {
		return nil
	}
	cfg := s.cfg
	cfg.Zone = c.loc
	camp, err := phases.New(cfg)
	if err == nil {
		return camp
	}
	errs, _ := err.(phases.ConfigErrors)
	for _, e := range errs {
		n := s.node
		for path := e.Field; path != ""; path = parentPath(path) {
			if x, ok := s.nodes[path]; ok {
				n = x
				break
			}
		}
		c.d.errs = append(c.d.errs, &Error{File: c.d.file, Line: n.Line, Column: n.Column,
			Msg: efficiency.T("campaign："+e.Msg.ZhHans, "campaign: "+e.Msg.En), Snippet: c.d.snippet(n.Line, n.Column), Err: e})
	}
	return nil
}

// parentPath drops the last component of a field path: "phases[1].from" →
// "phases[1]" → "phases" → "".
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

// Campaign returns the rule file's campaign, or nil when the file has no
// `campaign:` section.
func (rs *RuleSet) Campaign() *phases.Campaign { return rs.campaign }

// goals checks a rule's goal tags against the campaign's taxonomy.
func (c *compiler) goals(r *ruleSpec, camp *phases.Campaign, hasCampaign bool) []string {
	if len(r.goals) == 0 {
		return nil
	}
	if !hasCampaign {
		c.d.errAt(r.goalsNode, "规则标注了 goals，但规则文件没有 campaign 一节定义目标",
			"the rule is tagged with goals, but the rule file has no campaign section to define them")
		return nil
	}
	if camp == nil {
		return nil // the campaign had errors, already reported
	}
	var known []string
	for _, g := range camp.Goals() {
		known = append(known, g.ID)
	}
	out := make([]string, 0, len(r.goals))
	for i, g := range r.goals {
		switch {
		case !slices.Contains(known, g):
			c.d.errAt(r.goalNodes[i], "未知目标 %q（可用：%s）", "unknown goal %q (known: %s)", g, strings.Join(known, ", "))
		case slices.Contains(out, g):
			c.d.errAt(r.goalNodes[i], "重复的目标 %q", "duplicate goal %q", g)
		default:
			out = append(out, g)
		}
	}
	return out
}

func (d *decoder) decodeRuleGoals(r *ruleSpec, v *yaml.Node) {
	r.goalsNode = v
	d.list(v, func(e *yaml.Node) {
		if s, ok := d.str(e, efficiency.T("目标标识", "a goal id")); ok {
			r.goals = append(r.goals, s)
			r.goalNodes = append(r.goalNodes, e)
		}
	})
}

// campaignArgs checks, while a condition compiles, the literal arguments of
// the campaign builtins: phase_start("rectfication") or due("plan") naming
// nothing in the campaign is a load error at the argument, as is comparing
// phase(…) with a phase id that does not exist.
type campaignArgs struct {
	c   *compiler
	src exprSource
}

func (v *campaignArgs) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.CallNode:
		id, ok := n.Callee.(*ast.IdentifierNode)
		if !ok || len(n.Arguments) == 0 {
			return
		}
		arg, ok := n.Arguments[0].(*ast.StringNode)
		if !ok {
			return
		}
		switch id.Value {
		case "phase_start", "phase_end":
			v.phaseID(arg, id.Value)
		case "due":
			if v.noCampaign(arg, id.Value) || v.c.camp == nil {
				return
			}
			if _, ok := v.c.camp.Due(arg.Value); !ok {
				v.errAt(arg, "未知的报送材料 %q（可用：%s）", "unknown deliverable %q (known: %s)", arg.Value, strings.Join(dueKinds(v.c.camp), ", "))
			}
		}
	case *ast.BinaryNode:
		if n.Operator != "==" && n.Operator != "!=" {
			return
		}
		for _, pair := range [][2]ast.Node{{n.Left, n.Right}, {n.Right, n.Left}} {
			call, ok := pair[0].(*ast.CallNode)
			if !ok {
				continue
			}
			if id, ok := call.Callee.(*ast.IdentifierNode); !ok || id.Value != "phase" {
				continue
			}
			if s, ok := pair[1].(*ast.StringNode); ok && s.Value != "" {
				v.phaseID(s, "phase")
			}
		}
	}
}

func (v *campaignArgs) phaseID(arg *ast.StringNode, fn string) {
	if !phases.PhaseID(arg.Value).Valid() {
		v.errAt(arg, "未知阶段 %q（可用：mobilization、rectification、consolidation）",
			"unknown phase %q (known: mobilization, rectification, consolidation)", arg.Value)
		return
	}
	v.noCampaign(arg, fn)
}

func (v *campaignArgs) noCampaign(arg *ast.StringNode, fn string) bool {
	if v.c.hasCampaign {
		return false
	}
	v.errAt(arg, "%s 需要规则文件的 campaign 一节", "%s needs the rule file's campaign section", fn)
	return true
}

func (v *campaignArgs) errAt(n ast.Node, zh, en string, args ...any) {
	l, col := offsetPos(v.src.code, n.Location().From)
	fl, fc := v.src.filePos(l, col)
	v.c.d.errPos(fl, fc, nil, zh, en, args...)
}

// dueKinds lists the kinds due() accepts.
func dueKinds(c *phases.Campaign) []string {
	var out []string
	if c == nil {
		return out
	}
	for _, d := range c.Deliverables() {
		out = append(out, d.ID)
	}
	for _, m := range c.Measures() {
		out = append(out, phases.MeasureReportKind(m.ID))
	}
	return out
}

// campaignBuiltinDocs documents the functions conditions may call about the
// campaign; they are part of [Builtins].
func campaignBuiltinDocs() []Builtin {
	return []Builtin{
		{"phase", "phase(t time) string", efficiency.T(
			"t 时所处的活动阶段标识（mobilization、rectification、consolidation）；不在任何阶段（活动开始前、阶段之间、结束后）时为空字符串",
			`the id of the campaign phase that holds at t (mobilization, rectification, consolidation); "" before the campaign, between phases and after it`)},
		{"phase_start", `phase_start("rectification") time`, efficiency.T(
			"该阶段第一天的 00:00:00（当地时间）", "00:00:00 local time of the phase's first day")},
		{"phase_end", `phase_end("mobilization") time`, efficiency.T(
			"该阶段最后一天的 23:59:59（当地时间）", "23:59:59 local time of the phase's last day")},
		{"due", `due("implementation-plan") time`, efficiency.T(
			"报送材料（或 measure-report:<工作重点标识>）截止日的 23:59:59（当地时间）",
			"23:59:59 local time of the due date of a deliverable (or of measure-report:<measure id>)")},
		{"submitted_by", `submitted_by(unit, "implementation-plan", t) bool`, efficiency.T(
			"单位是否在 t 或之前（且不晚于评估时间）报送了该类材料", "whether the unit submitted that kind of deliverable at or before t (and by the evaluation time)")},
	}
}

// campaignBuiltins binds the campaign functions; with no campaign they fail
// at run time (and literal uses fail at load time, see campaignArgs).
func campaignBuiltins(camp *phases.Campaign) []expr.Option {
	none := fmt.Errorf("the rule file has no campaign section")
	phase := func(name string, v any) (phases.Phase, error) {
		id, _ := v.(string)
		if camp == nil {
			return phases.Phase{}, none
		}
		p, ok := camp.Phase(phases.PhaseID(id))
		if !ok {
			return p, fmt.Errorf("%s(%q): unknown phase (known: mobilization, rectification, consolidation)", name, id)
		}
		return p, nil
	}
	return []expr.Option{
		expr.Function("phase", func(p ...any) (any, error) {
			if camp == nil {
				return nil, none
			}
			return string(camp.At(p[0].(time.Time)).Phase), nil
		}, new(func(time.Time) string)),
		expr.Function("phase_start", func(p ...any) (any, error) {
			ph, err := phase("phase_start", p[0])
			return ph.Start, err
		}, new(func(string) time.Time)),
		expr.Function("phase_end", func(p ...any) (any, error) {
			ph, err := phase("phase_end", p[0])
			return ph.End, err
		}, new(func(string) time.Time)),
		expr.Function("due", func(p ...any) (any, error) {
			kind, _ := p[0].(string)
			if camp == nil {
				return nil, none
			}
			t, ok := camp.Due(kind)
			if !ok {
				return nil, fmt.Errorf("due(%q): unknown deliverable (known: %s)", kind, strings.Join(dueKinds(camp), ", "))
			}
			return t, nil
		}, new(func(string) time.Time)),
		expr.Function("submitted_by", func(p ...any) (any, error) {
			u := p[0].(UnitFacts)
			s, ok := u.Submitted[p[1].(string)]
			return ok && !s.After(p[2].(time.Time)), nil
		}, new(func(UnitFacts, string, time.Time) bool)),
	}
}

// nextForUnit schedules a unit for the earliest instant after the evaluation
// time at which a campaign outcome could change: a phase begins or ends, a
// due date passes, or — while something is still owed — the next day starts
// (warnings count the working days left).
func (e *evaluation) nextForUnit(ref efficiency.SubjectRef, u *efficiency.Unit) {
	c := e.rs.campaign
	if c == nil {
		return
	}
	at := e.d.at
	var next time.Time
	consider := func(t time.Time) {
		if t.After(at) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, p := range c.Phases() {
		consider(p.Start)
		consider(p.End.Add(time.Nanosecond))
	}
	for _, o := range c.Owed(u, at) {
		if !at.After(o.Due) {
			consider(o.Due.Add(time.Nanosecond))
			consider(e.d.today.AddDays(1).Start(e.d.loc))
		}
	}
	if !next.IsZero() {
		e.next(ref, next)
	}
}
