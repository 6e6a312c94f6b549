package phases

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// PhaseID names one of the campaign's three phases. The zero value (the
// empty string) names no phase.
type PhaseID string

// The three phases, in the order they run.
const (
	Mobilization  PhaseID = "mobilization"  // 动员部署
	Rectification PhaseID = "rectification" // 整改提高
	Consolidation PhaseID = "consolidation" // 巩固成果
)

var phaseNames = map[PhaseID]efficiency.Text{
	Mobilization:  efficiency.T("动员部署", "mobilisation and deployment"),
	Rectification: efficiency.T("整改提高", "rectification and improvement"),
	Consolidation: efficiency.T("巩固成果", "consolidation"),
}

// PhaseIDs lists the phases in the order they run.
func PhaseIDs() []PhaseID { return []PhaseID{Mobilization, Rectification, Consolidation} }

// Valid reports whether id is one of the three phases.
func (id PhaseID) Valid() bool { _, ok := phaseNames[id]; return ok }

// Name is the phase's name in both languages; "unknown" for an invalid id.
func (id PhaseID) Name() efficiency.Text {
	if n, ok := phaseNames[id]; ok {
		return n
	}
	return efficiency.T("未知阶段", "unknown phase")
}

func (id PhaseID) order() int { return slices.Index(PhaseIDs(), id) }

// MeasureReportPrefix starts the deliverable kind with which the lead unit of
// a key measure reports on it: a unit's [efficiency.Deliverable] of kind
// "measure-report:education" is its report on the measure "education".
const MeasureReportPrefix = "measure-report:"

// MeasureReportKind is the deliverable kind of the report on measure id.
func MeasureReportKind(id string) string { return MeasureReportPrefix + id }

// Config is what a [Campaign] is built from. Package rules fills it from a
// rule file's `campaign:` section; Go callers may fill it themselves. Slices
// are copied by [New].
type Config struct {
	Year  int             // the campaign's year; the first phase starts in it
	Theme efficiency.Text // 活动主题
	// Zone is where windows and due dates are counted; nil means Asia/Shanghai.
	Zone *time.Location
	// Units is the directory of the units tasks and measures name as lead or
	// partner (市监察局, 市法制局…): every lead and partner must be in it.
	Units        []Unit
	Goals        []Goal
	Phases       []PhaseConfig
	Deliverables []Deliverable
	Measures     []Measure
}

// PhaseConfig is one phase's window and tasks. From and To are inclusive.
type PhaseConfig struct {
	ID    PhaseID
	From  efficiency.Date
	To    efficiency.Date
	Tasks []Task
}

// Unit is a named unit of the campaign's directory. It is not the
// [efficiency.Unit] of the facts, but shares its id.
type Unit struct {
	ID   string
	Name efficiency.Text
}

// Goal is one of the campaign's goals (总体目标), a tag for rules and measures.
type Goal struct {
	ID   string
	Name efficiency.Text
}

// Task is one task of a phase, with its lead unit where the directive names
// one and its partner units; Lead is empty when every unit does it itself.
type Task struct {
	ID       string
	Name     efficiency.Text
	Lead     string
	Partners []string
}

// Deliverable is what every unit owes the campaign office by a due date: its
// ID is the kind of the unit's [efficiency.Deliverable] that fulfils it.
type Deliverable struct {
	ID        string
	Name      efficiency.Text
	Due       efficiency.Date // through the end of the day, in the campaign's zone
	Recipient efficiency.Text // 报送对象
}

// Measure is one of the key measures (工作重点与措施): its lead unit (牵头),
// its partner units (会同/配合), the goals it serves, and the date by which the
// lead unit reports on it (a deliverable of kind [MeasureReportKind](ID)).
type Measure struct {
	ID        string
	Name      efficiency.Text
	Lead      string
	Partners  []string
	Goals     []string
	ReportDue efficiency.Date
}

// Phase is one phase of a [Campaign]: its window as dates and as instants.
type Phase struct {
	ID    PhaseID
	Name  efficiency.Text
	From  efficiency.Date
	To    efficiency.Date
	Start time.Time // 00:00:00 of From
	End   time.Time // 23:59:59.999999999 of To
	Tasks []Task
}

// Holds reports whether t falls in the phase's window.
func (p Phase) Holds(t time.Time) bool { return !t.Before(p.Start) && !t.After(p.End) }

// Campaign is a configured efficiency campaign. Build one with [New]. The
// zero value is an empty campaign with no phases; a Campaign is immutable and
// safe for concurrent use. Most callers want [Campaign.At],
// [Campaign.Owed] and [Campaign.Progress].
type Campaign struct {
	year         int
	theme        efficiency.Text
	loc          *time.Location
	units        []Unit
	goals        []Goal
	phases       []Phase
	deliverables []Deliverable
	measures     []Measure
}

// ConfigError is one problem of a [Config]: the field (a path such as
// "phases[1].from") and why.
type ConfigError struct {
	Field string
	Msg   efficiency.Text
}

func (e *ConfigError) Error() string { return "phases: " + e.Field + ": " + e.Msg.En }

// ConfigErrors is every problem [New] found, in the order of the fields.
type ConfigErrors []*ConfigError

func (l ConfigErrors) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap gives errors.As every problem.
func (l ConfigErrors) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

var idRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]*$`)

// New checks cfg and builds the campaign. Every problem is reported at once,
// as [ConfigErrors]: a missing, unknown or repeated phase, a reversed window,
// phases that overlap or run out of order, a deliverable or measure report
// due outside the campaign, a repeated id, a lead, partner or goal that is not
// in the directory.
func New(cfg Config) (*Campaign, error) {
	v := &validator{}
	c := &Campaign{year: cfg.Year, theme: cfg.Theme, loc: cfg.Zone}
	if c.loc == nil {
		c.loc = efficiency.ShanghaiZone()
	}
	if cfg.Year < 1949 || cfg.Year > 2200 {
		v.add("year", "活动年份 %d 不在可信范围（1949–2200）内", "campaign year %d is outside the plausible range 1949–2200", cfg.Year)
	}

	units := map[string]bool{}
	for i, u := range cfg.Units {
		f := fmt.Sprintf("units[%d]", i)
		if v.id(f+".id", "单位", "unit", u.ID, units) {
			c.units = append(c.units, u)
		}
		v.name(f+".name", u.Name)
	}
	goals := map[string]bool{}
	for i, g := range cfg.Goals {
		f := fmt.Sprintf("goals[%d]", i)
		if v.id(f+".id", "目标", "goal", g.ID, goals) {
			c.goals = append(c.goals, g)
		}
		v.name(f+".name", g.Name)
	}

	// Phases: each known, once, in order, without overlapping.
	seen := map[PhaseID]int{}
	tasks := map[string]bool{}
	for i, p := range cfg.Phases {
		f := fmt.Sprintf("phases[%d]", i)
		ok := true
		switch _, dup := seen[p.ID]; {
		case !p.ID.Valid():
			v.add(f+".id", "未知阶段 %q（可用：mobilization、rectification、consolidation）",
				"unknown phase %q (known: mobilization, rectification, consolidation)", p.ID)
			ok = false
		case dup:
			v.add(f+".id", "重复的阶段 %q", "duplicate phase %q", p.ID)
			ok = false
		}
		if p.From.IsZero() || p.To.IsZero() {
			v.add(f, "阶段 %s 缺少起止日期", "phase %s is missing its from or to date", p.ID)
			ok = false
		} else if p.To.Before(p.From) {
			v.add(f+".to", "阶段 %s 的结束日期 %s 早于开始日期 %s", "phase %s ends on %s, before it starts on %s", p.ID, p.To, p.From)
			ok = false
		}
		for j, t := range p.Tasks {
			tf := fmt.Sprintf("%s.tasks[%d]", f, j)
			v.id(tf+".id", "任务", "task", t.ID, tasks)
			v.name(tf+".name", t.Name)
			if t.Lead != "" {
				v.known(tf+".lead", t.Lead, units)
			}
			v.partners(tf, t.Lead, t.Partners, units)
		}
		if ok {
			seen[p.ID] = i
			c.phases = append(c.phases, Phase{
				ID: p.ID, Name: p.ID.Name(), From: p.From, To: p.To,
				Start: p.From.Start(c.loc), End: p.To.End(c.loc), Tasks: slices.Clone(p.Tasks),
			})
		}
	}
	slices.SortStableFunc(c.phases, func(a, b Phase) int { return a.ID.order() - b.ID.order() })
	complete := len(c.phases) == len(PhaseIDs())
	for _, id := range PhaseIDs() {
		if _, ok := seen[id]; !ok && !v.failedPhase(cfg.Phases, id) {
			v.add("phases", "缺少阶段 %s（%s）", "missing the phase %s (%s)", id, id.Name())
			complete = false
		}
	}
	for i := 1; i < len(c.phases); i++ {
		prev, next := c.phases[i-1], c.phases[i]
		if !next.From.After(prev.To) {
			v.add(fmt.Sprintf("phases[%d].from", seen[next.ID]),
				"阶段 %s 从 %s 开始，未在阶段 %s 结束（%s）之后：各阶段按 动员部署、整改提高、巩固成果 的顺序进行，不得重叠",
				"phase %s starts on %s, not after the phase %s ends on %s: the phases run in the order mobilization, rectification, consolidation without overlapping",
				next.ID, next.From, prev.ID, prev.To)
			complete = false
		}
	}
	if complete && c.phases[0].From.Year != cfg.Year && cfg.Year != 0 {
		v.add(fmt.Sprintf("phases[%d].from", seen[c.phases[0].ID]), "活动从 %s 开始，不在活动年份 %d 内",
			"the campaign starts on %s, not in its year %d", c.phases[0].From, cfg.Year)
	}
	within := func(field string, d efficiency.Date, what efficiency.Text) {
		if d.IsZero() {
			v.add(field, "缺少%s", "missing %s", what)
			return
		}
		if complete && (d.Before(c.phases[0].From) || d.After(c.phases[len(c.phases)-1].To)) {
			v.add(field, "%[2]s %[1]s 不在活动期间（%[3]s 至 %[4]s）内", "%[2]s %[1]s is outside the campaign (%[3]s to %[4]s)",
				d, what, c.phases[0].From, c.phases[len(c.phases)-1].To)
		}
	}

	kinds := map[string]bool{}
	for i, d := range cfg.Deliverables {
		f := fmt.Sprintf("deliverables[%d]", i)
		ok := v.id(f+".id", "报送材料", "deliverable", d.ID, kinds)
		v.name(f+".name", d.Name)
		within(f+".due", d.Due, efficiency.T("截止日期", "the due date"))
		if ok {
			c.deliverables = append(c.deliverables, d)
		}
	}
	measures := map[string]bool{}
	for i, m := range cfg.Measures {
		f := fmt.Sprintf("measures[%d]", i)
		ok := v.id(f+".id", "工作重点", "measure", m.ID, measures)
		v.name(f+".name", m.Name)
		if m.Lead == "" {
			v.add(f+".lead", "缺少牵头单位", "missing the lead unit")
		} else {
			v.known(f+".lead", m.Lead, units)
		}
		v.partners(f, m.Lead, m.Partners, units)
		for j, g := range m.Goals {
			if !goals[g] {
				v.add(fmt.Sprintf("%s.goals[%d]", f, j), "未知目标 %q（可用：%s）", "unknown goal %q (known: %s)", g, keys(c.goals, func(g Goal) string { return g.ID }))
			}
		}
		within(f+".report_due", m.ReportDue, efficiency.T("报告截止日期", "the report's due date"))
		if ok {
			m.Partners, m.Goals = slices.Clone(m.Partners), slices.Clone(m.Goals)
			c.measures = append(c.measures, m)
		}
	}
	if len(v.errs) > 0 {
		return nil, v.errs
	}
	return c, nil
}

type validator struct{ errs ConfigErrors }

func (v *validator) add(field, zh, en string, args ...any) {
	za := make([]any, len(args))
	ea := make([]any, len(args))
	for i, a := range args {
		if t, ok := a.(efficiency.Text); ok {
			za[i], ea[i] = t.ZhHans, t.En
		} else {
			za[i], ea[i] = a, a
		}
	}
	v.errs = append(v.errs, &ConfigError{Field: field, Msg: efficiency.T(fmt.Sprintf(zh, za...), fmt.Sprintf(en, ea...))})
}

// id checks an id's form and that it is new in seen, and records it.
func (v *validator) id(field, zh, en, id string, seen map[string]bool) bool {
	switch {
	case id == "":
		v.add(field, "缺少%s标识", "missing the %s id", zh, en)
	case !idRE.MatchString(id):
		v.add(field, "%s标识 %q 无效（小写字母或数字开头，只含小写字母、数字和 . _ -）",
			"invalid %s id %q (a lower-case letter or digit first, then lower-case letters, digits and . _ -)", efficiency.T(zh, en), id)
	case seen[id]:
		v.add(field, "重复的%s标识 %q", "duplicate %s id %q", efficiency.T(zh, en), id)
	default:
		seen[id] = true
		return true
	}
	return false
}

func (v *validator) name(field string, t efficiency.Text) {
	if t.ZhHans == "" || t.En == "" {
		v.add(field, "名称须有 zh-Hans 和 en 两种形式", "the name needs both its zh-Hans and en forms")
	}
}

func (v *validator) known(field, unit string, units map[string]bool) {
	if !units[unit] {
		v.add(field, "未知单位 %q（在 units 中列出）", "unknown unit %q (list it under units)", unit)
	}
}

func (v *validator) partners(field, lead string, partners []string, units map[string]bool) {
	seen := map[string]bool{}
	for i, p := range partners {
		f := fmt.Sprintf("%s.partners[%d]", field, i)
		switch {
		case p == lead && lead != "":
			v.add(f, "配合单位 %q 已是牵头单位", "partner %q is already the lead unit", p)
		case seen[p]:
			v.add(f, "重复的配合单位 %q", "duplicate partner %q", p)
		default:
			v.known(f, p, units)
		}
		seen[p] = true
	}
}

// failedPhase reports whether id was given but rejected, so that it is not
// also reported missing.
func (v *validator) failedPhase(phases []PhaseConfig, id PhaseID) bool {
	return slices.ContainsFunc(phases, func(p PhaseConfig) bool { return p.ID == id })
}

func keys[T any](list []T, id func(T) string) string {
	s := make([]string, len(list))
	for i, x := range list {
		s[i] = id(x)
	}
	return strings.Join(s, ", ")
}
