package rules

import (
	"errors"
	"fmt"
	"github.com/expr-lang/expr/vm"
	"io/fs"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/xiaoneng/xiaoneng/accountability"
	"github.com/xiaoneng/xiaoneng/appraisal"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/phases"
	"go.yaml.in/yaml/v3"
)

// RuleSet is a compiled rule file: its jurisdiction, params, calendar and
// rules. Build one with [Load], [Parse] or [Default] and call
// [RuleSet.Evaluate]. A RuleSet is immutable and safe for concurrent use by
// any number of goroutines; compile once, evaluate many times.
type RuleSet struct {
	jurisdiction Jurisdiction
	params       map[string]any
	paramOrder   []string
	cal          *efficiency.Calendar
	rules        []*Rule
	byKind       map[efficiency.SubjectKind][]*Rule
	ladder       *accountability.Ladder // nil without an accountability section
	campaign     *phases.Campaign       // nil without a campaign section
	appraisal    *appraisal.Scheme      // nil when the file has no appraisal section
	disabled     []*Rule                // inherit.go
	limits       Limits
	// lists: per subject kind, the paths of its environment's list fields
	// (see longestList), for the rules' work bounds.
	lists map[efficiency.SubjectKind][][]int
	// caseUnit: some case rule reads the case's unit (see lowerRules);
	// without one, Evaluate derives and judges cases in one pass.
	caseUnit bool
	// batchInts, batchFloats: the columns the rules' batch forms need
	// (see batch.go).
	batchInts, batchFloats int
	// caseDueEager: a case condition or occurrence key reads the due
	// dates, so Evaluate derives them for every case (see readsDue).
	caseDueEager bool
}

// Jurisdiction is whose rule set it is.
type Jurisdiction struct {
	ID   string
	Name efficiency.Text
	// Zone is where time limits are counted (Asia/Shanghai unless the file says otherwise).
	Zone *time.Location
}

// Jurisdiction returns whose rule set it is.
func (rs *RuleSet) Jurisdiction() Jurisdiction { return rs.jurisdiction }

// Calendar returns the working-day calendar the rule set counts in: the
// built-in State Council schedules plus any years the file adds, in the
// jurisdiction's zone.
func (rs *RuleSet) Calendar() *efficiency.Calendar { return rs.cal }

// Rules returns the rules in file order. The slice is a copy; the rules are shared and immutable.
func (rs *RuleSet) Rules() []*Rule { return slices.Clone(rs.rules) }

// Rule returns the rule with the id, if any.
func (rs *RuleSet) Rule(id string) (*Rule, bool) {
	for _, r := range rs.rules {
		if r.ID == id {
			return r, true
		}
	}
	return nil, false
}

// Param returns a param's value: an int, float64, bool, string or []any.
func (rs *RuleSet) Param(name string) (any, bool) {
	v, ok := rs.params[name]
	return v, ok
}

// Params returns the param names in file order.
func (rs *RuleSet) Params() []string { return slices.Clone(rs.paramOrder) }

// Option configures loading.
type Option func(*config) error

type config struct {
	limits   Limits
	years    []efficiency.Year
	ownYears bool
}

// WithLimits tightens (or loosens) the size limits on expressions: the node
// count and the source length. [WithSandbox] sets every limit.
func WithLimits(maxNodes uint, maxLength int) Option {
	return func(c *config) error {
		if maxNodes == 0 || maxLength <= 0 {
			return fmt.Errorf("rules: WithLimits(%d, %d): both limits must be positive", maxNodes, maxLength)
		}
		c.limits.MaxNodes, c.limits.MaxLength = maxNodes, maxLength
		return nil
	}
}

// WithCalendarYears replaces the built-in State Council schedules with the
// given years (a rule file's calendar section still adds its own). The zone
// still comes from the file.
func WithCalendarYears(years ...efficiency.Year) Option {
	return func(c *config) error {
		c.years, c.ownYears = slices.Clone(years), true
		return nil
	}
}

// Load reads and compiles the rule file at path in fsys (an embed.FS, an
// os.DirFS, a fstest.MapFS…), with the parents it names under `extends:`,
// read from fsys relative to the file's directory ([CityParent] is the
// city's default file, embedded). Problems in any file of the chain come back
// all at once as an [ErrorList].
func Load(fsys fs.FS, path string, opts ...Option) (*RuleSet, error) {
	src, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	return parse(fsys, path, src, opts)
}

// Parse compiles a rule file from its bytes; name is used in error positions.
// Either every rule compiles and the RuleSet is returned, or nothing is and
// the error is an [ErrorList] of every problem found. Parse has no file
// system, so the only parent it can resolve is [CityParent]; use [Load] for
// files extending others.
func Parse(name string, src []byte, opts ...Option) (*RuleSet, error) {
	return parse(nil, name, src, opts)
}

func parse(fsys fs.FS, name string, src []byte, opts []Option) (*RuleSet, error) {
	cfg := config{limits: DefaultLimits()}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	l := &loader{fsys: fsys, files: map[string]*source{}}
	root := l.decode(name, name, src)
	if root.spec == nil {
		return nil, root.d.errs
	}
	l.resolve(root, nil)
	spec := root.spec
	var changes map[string][]*change
	if len(l.order) > 1 || len(spec.overrides) > 0 {
		spec, changes = l.merge()
	}
	c := &compiler{d: root.d, cfg: cfg}
	rs := c.compile(spec)
	applyChanges(rs, spec.rules, changes)
	var errs ErrorList
	for _, d := range l.all { // the root file's problems first, then its parents'
		slices.SortStableFunc(d.errs, func(a, b *Error) int {
			if a.Line != b.Line {
				return a.Line - b.Line
			}
			return a.Column - b.Column
		})
		errs = append(errs, d.errs...)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return rs, nil
}

type compiler struct {
	d        *decoder
	cfg      config
	params   map[string]any
	builtins []expr.Option
	loc      *time.Location
	// the file's campaign: hasCampaign when it has the section, camp when it built
	camp        *phases.Campaign
	hasCampaign bool
	// progs are the programs compiled, for shedTypes once all are lowered.
	progs []*vm.Program
}

func (c *compiler) compile(spec *fileSpec) *RuleSet {
	d := c.d
	rs := &RuleSet{params: map[string]any{}, byKind: map[efficiency.SubjectKind][]*Rule{},
		limits: c.cfg.limits, lists: map[efficiency.SubjectKind][][]int{}}
	for _, k := range efficiency.SubjectKinds() {
		rs.lists[k] = listPaths(reflect.TypeOf(envFor(k)))
	}
	rs.jurisdiction = Jurisdiction{ID: spec.jurisdiction.id, Name: spec.jurisdiction.name, Zone: efficiency.ShanghaiZone()}
	if spec.jurisdiction.zone != "" {
		loc, err := parseZone(spec.jurisdiction.zone)
		if err != nil {
			d.errAt(spec.jurisdiction.zoneNode, "未知时区 %q（可用：Asia/Shanghai、UTC 或 +08:00 形式的固定偏移）",
				"unknown zone %q (known: Asia/Shanghai, UTC, or a fixed offset such as +08:00)", spec.jurisdiction.zone)
		} else {
			rs.jurisdiction.Zone = loc
		}
	}
	c.loc = rs.jurisdiction.Zone
	for _, p := range spec.params {
		rs.params[p.name] = p.value
		rs.paramOrder = append(rs.paramOrder, p.name)
	}
	c.params = rs.params

	// The calendar: built-in (or the caller's) years, plus the file's.
	years := efficiency.BuiltinYears()
	if c.cfg.ownYears {
		years = c.cfg.years
	}
	rs.cal = c.calendar(years, spec.calendar)
	c.hasCampaign = spec.campaign != nil
	c.in(spec.campaignDec, func() { c.camp = c.campaign(spec.campaign) })
	rs.campaign = c.camp
	c.builtins = append(builtins(rs.cal), campaignBuiltins(c.camp)...)

	seen := map[string]int{}
	root := c.d
	defer func() { c.d = root }()
	for _, r := range spec.rules {
		if r.dec != nil {
			c.d = r.dec // an inherited rule's problems point into its own file
		}
		d := c.d
		d.rule = r.id
		if r.id != "" {
			if line, dup := seen[r.id]; dup {
				d.errAt(r.node, "重复的规则标识（第 %d 行已定义）", "duplicate rule id (already defined on line %d)", line)
				continue
			}
			seen[r.id] = r.node.Line
		}
		rule := c.compileRule(r)
		if rule != nil {
			rs.rules = append(rs.rules, rule)
			rs.byKind[rule.On] = append(rs.byKind[rule.On], rule)
		}
		d.rule = ""
	}
	c.in(spec.ladderDec, func() { rs.ladder = c.compileLadder(spec.ladder) })
	c.in(spec.appraisalDec, func() { rs.appraisal = c.compileAppraisal(spec.appraisal) })
	lowerRules(rs)
	for _, p := range c.progs {
		shedTypes(p)
	}
	c.progs = nil
	return rs
}

func (c *compiler) compileRule(r *ruleSpec) *Rule {
	d := c.d
	rule := &Rule{
		ID: r.id, On: r.on, Warning: r.warning, Prohibition: r.prohibition, System: r.system,
		Improvement: r.improvement, Severity: r.severity, Title: r.title, Description: r.description,
		Source: efficiency.Source{File: d.file, Line: r.node.Line},
	}
	rule.Goals = c.goals(r, c.camp, c.hasCampaign)
	if rule.Improvement == efficiency.UnknownImprovement {
		rule.Improvement = defaultImprovement(r.prohibition, r.system)
	}
	if !r.on.Valid() || r.when == nil {
		return nil // already reported
	}
	if src, ok := d.exprSource(r.when, efficiency.T("条件", "condition")); ok {
		rule.When = src.code
		rule.when, rule.whenWork = c.compileExpr(src, r.on, true)
	}
	if r.occurrence != nil {
		if src, ok := d.exprSource(r.occurrence, efficiency.T("发生标识", "occurrence")); ok {
			rule.Occurrence = src.code
			if p, _ := c.compileExpr(src, r.on, false); p != nil {
				if t := p.Node().Type(); t != nil && t.Kind() != reflect.String && t.Kind() != reflect.Interface {
					d.errAt(r.occurrence, "occurrence 须为字符串，而非 %s", "occurrence must be a string, not %s", typeName(t))
				} else {
					rule.occurrence = p
				}
			}
		}
	}
	names := map[string]bool{"subject": true}
	for _, e := range r.evidence {
		names[e.name] = true
		src, ok := d.exprSource(e.node, efficiency.T("证据表达式", "evidence expression"))
		if !ok {
			continue
		}
		if p, work := c.compileExpr(src, r.on, false); p != nil {
			rule.evidence = append(rule.evidence, compiledEvidence{name: e.name, prog: p, work: work})
		}
	}
	for i, n := range []*yaml.Node{r.messageZh, r.messageEn} {
		if n == nil {
			continue
		}
		t, off, msg := parseTemplate(n.Value)
		if off >= 0 {
			src := exprSource{code: n.Value, node: n, indent: n.Column - 1, block: n.Style == yaml.LiteralStyle}
			if n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle {
				src.indent++
			}
			l, col := offsetPos(n.Value, off)
			fl, fc := src.filePos(l, col)
			d.errs = append(d.errs, &Error{File: d.file, Line: fl, Column: fc, Rule: d.rule, Msg: msg, Snippet: d.snippet(fl, fc)})
			continue
		}
		for _, p := range t.parts {
			if p.name != "" && !names[p.name] {
				src := exprSource{code: n.Value, node: n, indent: n.Column - 1}
				if n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle {
					src.indent++
				}
				line, col := 0, 0
				if i := strings.Index(n.Value, "{"+p.name); i >= 0 && n.Style != yaml.LiteralStyle {
					line, col = offsetPos(n.Value, len([]rune(n.Value[:i])))
					line, col = src.filePos(line, col)
				} else {
					line, col = n.Line, n.Column
				}
				d.errPos(line, col, nil, "消息引用了未定义的证据 {%s}", "the message refers to {%s}, which is not an evidence name", p.name)
			}
		}
		rule.message[i] = t
		rule.perSubject = rule.perSubject || t.names("subject")
	}
	if rule.when == nil {
		return nil
	}
	return rule
}

// defaultImprovement is the improvement a rule sets back when the file does not say.
func defaultImprovement(p efficiency.Prohibition, s efficiency.System) efficiency.Improvement {
	switch p {
	case efficiency.NonExecution, efficiency.Procrastination:
		return efficiency.Efficiency
	case efficiency.RentSeeking, efficiency.HostileAttitude:
		return efficiency.ServiceQuality
	}
	switch s {
	case efficiency.OpenAffairs, efficiency.FirstInquiry, efficiency.OneTimeNotice:
		return efficiency.ServiceQuality
	}
	return efficiency.Efficiency
}

// parseZone accepts the zones the loader can build without the OS zone database.
func parseZone(s string) (*time.Location, error) {
	switch s {
	case "Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "PRC":
		return efficiency.ShanghaiZone(), nil
	case "UTC", "Etc/UTC":
		return time.UTC, nil
	}
	if len(s) == 6 && (s[0] == '+' || s[0] == '-') && s[3] == ':' {
		h, err1 := strconv.Atoi(s[1:3])
		m, err2 := strconv.Atoi(s[4:6])
		if err1 == nil && err2 == nil && h <= 14 && m < 60 {
			off := h*3600 + m*60
			if s[0] == '-' {
				off = -off
			}
			return time.FixedZone("UTC"+s, off), nil
		}
	}
	return nil, fmt.Errorf("unknown zone %q", s)
}

// calendar builds the rule set's calendar, reporting each problem of the
// file's calendar section at the year it concerns.
func (c *compiler) calendar(base []efficiency.Year, spec calendarSpec) *efficiency.Calendar {
	opts := []efficiency.CalendarOption{efficiency.WithZone(c.loc), efficiency.WithYears(base...)}
	if spec.bad {
		return efficiency.DefaultCalendar() // problems already reported; nothing is returned anyway
	}
	var own []efficiency.Year
	var ownNodes []*yaml.Node
	yearDec := func(i int) *decoder {
		if i < len(spec.yearDecs) && spec.yearDecs[i] != nil {
			return spec.yearDecs[i]
		}
		return c.d
	}
	var ownDecs []*decoder
	for i, y := range spec.years {
		if slices.ContainsFunc(base, func(b efficiency.Year) bool { return b.Year == y.Year }) {
			yearDec(i).errAt(spec.yearNodes[i], "日历年份 %d 已内置（国务院安排），规则文件不能重新定义",
				"calendar year %d is built in (the State Council schedule); a rule file cannot redefine it", y.Year)
			continue
		}
		own, ownNodes, ownDecs = append(own, y), append(ownNodes, spec.yearNodes[i]), append(ownDecs, yearDec(i))
	}
	spec.years, spec.yearNodes, spec.yearDecs = own, ownNodes, ownDecs
	if len(spec.years) > 0 {
		opts = append(opts, efficiency.WithYears(spec.years...))
	}
	if spec.fallback {
		opts = append(opts, efficiency.WithWeekendFallback())
	}
	cal, err := efficiency.NewCalendar(opts...)
	if err == nil {
		return cal
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	for _, e := range errs {
		node, d := spec.node, c.d
		var ce *efficiency.CalendarError
		if errors.As(e, &ce) {
			for i, y := range spec.years {
				if y.Year == ce.Year {
					node, d = spec.yearNodes[i], yearDec(i)
				}
			}
		}
		line, col := 0, 0
		if node != nil {
			line, col = node.Line, node.Column
		}
		en := strings.TrimPrefix(e.Error(), "efficiency: ")
		d.errs = append(d.errs, &Error{File: d.file, Line: line, Column: col,
			Msg:     efficiency.T("日历无效："+efficiency.MessageZh(e), "invalid calendar: "+en),
			Snippet: d.snippet(line, col), Err: e})
	}
	return efficiency.DefaultCalendar()
}

// in runs f with the compiler reporting into d, the file an inherited
// section came from (nil: the file being compiled).
func (c *compiler) in(d *decoder, f func()) {
	if d == nil || d == c.d {
		f()
		return
	}
	saved := c.d
	c.d = d
	defer func() { c.d = saved }()
	f()
}
