package rules

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"go.yaml.in/yaml/v3"
)

// Inheritance: a file names its parents under `extends:`; the loader reads
// them through the caller's fs.FS (relative to the child's directory), or
// from the library for [CityParent], and merges the chain, parents first:
//
//   - params: a child overrides a parent's value (same type) or adds its own;
//   - calendar: a child adds years, never redefines one;
//   - rules: a child adds rules; an id a parent already defines is an error;
//   - overrides: a child changes an inherited rule's severity or effective
//     dates, or disables it (only with a reason).
//
// Every rule keeps the file that defined it and the files that changed it
// (overrides, and params it reads) in [Rule.Source].

// CityParent is the name under which a rule file extends the city's default
// rules, embedded in the library: `extends: [xiaoneng:city]`.
const CityParent = "xiaoneng:city"

type extendsSpec struct {
	name string
	node *yaml.Node
}

type overrideSpec struct {
	node        *yaml.Node
	id          string
	severity    efficiency.Severity
	disabled    bool
	disabledSet bool
	reason      efficiency.Text
	effective   effectiveSpec
	fields      []string // what the override changes, in file order
}

var wOverride = efficiency.T("override（覆盖）", "an override")

func (d *decoder) decodeExtends(n *yaml.Node) []extendsSpec {
	var out []extendsSpec
	one := func(e *yaml.Node) {
		if s, ok := d.str(e, efficiency.T("extends（父文件）", "extends (a parent file)")); ok {
			if s == "" {
				d.errAt(e, "父文件名为空", "the parent file name is empty")
				return
			}
			out = append(out, extendsSpec{name: s, node: e})
		}
	}
	if n.Kind == yaml.SequenceNode {
		d.list(n, one)
	} else {
		one(n)
	}
	return out
}

func (d *decoder) decodeOverrides(n *yaml.Node) []*overrideSpec {
	var out []*overrideSpec
	d.list(n, func(e *yaml.Node) {
		o := &overrideSpec{node: e}
		d.rule = ""
		if e.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(e.Content); i += 2 {
				if e.Content[i].Value == "id" && e.Content[i+1].Kind == yaml.ScalarNode {
					d.rule = e.Content[i+1].Value
				}
			}
		}
		defer func() { d.rule = "" }()
		ok := d.mapping(e, wOverride, fieldSet{
			"id": func(k, v *yaml.Node) { o.id, _ = d.str(v, efficiency.T("规则标识", "the rule id")) },
			"severity": func(k, v *yaml.Node) {
				s, _ := d.str(v, efficiency.T("severity（严重程度）", "severity"))
				x, err := efficiency.ParseSeverity(s)
				if err != nil {
					d.idErr(v, err)
				}
				o.severity = x
				o.fields = append(o.fields, "severity")
			},
			"disabled": func(k, v *yaml.Node) {
				o.disabled, _ = d.boolean(v, efficiency.T("disabled（停用）", "disabled"))
				o.disabledSet = true
				o.fields = append(o.fields, "disabled")
			},
			"reason": func(k, v *yaml.Node) { o.reason, _, _ = d.text(v, efficiency.T("reason（理由）", "reason")) },
			"effective_from": func(k, v *yaml.Node) {
				o.effective.from, o.effective.fromNode = d.date(v), v
				o.fields = append(o.fields, "effective_from")
			},
			"effective_until": func(k, v *yaml.Node) {
				o.effective.until, o.effective.untilNode = d.date(v), v
				o.fields = append(o.fields, "effective_until")
			},
		})
		if !ok {
			return
		}
		d.required(e, wOverride, "id")
		d.checkEffective(&o.effective)
		if len(o.fields) == 0 && d.has(e, "id") {
			d.errAt(e, "覆盖未改变任何内容（可改：severity、disabled、effective_from、effective_until）",
				"the override changes nothing (it may set severity, disabled, effective_from, effective_until)")
		}
		if o.disabled && o.reason.IsZero() {
			d.errAt(e, "停用继承的规则须说明理由（reason: {zh-Hans: …, en: …}）",
				"disabling an inherited rule needs a reason (reason: {zh-Hans: …, en: …})")
		}
		out = append(out, o)
	})
	return out
}

// source is one file of an inheritance chain.
type source struct {
	key     string // how the loader knows it: a path in the fs, or CityParent
	d       *decoder
	spec    *fileSpec
	parents []*source
}

type loader struct {
	fsys  fs.FS
	files map[string]*source
	order []*source // parents before children, each file once
	all   []*decoder
}

func (l *loader) decode(key, display string, src []byte) *source {
	d := &decoder{file: display, lines: strings.Split(string(src), "\n")}
	l.all = append(l.all, d)
	s := &source{key: key, d: d}
	if root := d.parseYAML(src); root != nil {
		s.spec = d.decodeFile(root)
	}
	return s
}

// resolve reads s's parents, depth first, and appends s to l.order after them.
func (l *loader) resolve(s *source, stack []*source) {
	l.files[s.key] = s
	if s.spec != nil {
		for _, e := range s.spec.extends {
			key, ok := l.parentKey(s, e)
			if !ok {
				continue
			}
			if i := slices.IndexFunc(stack, func(x *source) bool { return x.key == key }); i >= 0 || key == s.key {
				chain := []string{}
				for _, x := range stack[max(i, 0):] {
					chain = append(chain, x.d.file)
				}
				if i < 0 {
					chain = nil
				}
				chain = append(chain, s.d.file, l.display(key))
				s.d.errAt(e.node, "继承成环：%s", "extends cycle: %s", strings.Join(chain, " → "))
				continue
			}
			if p, done := l.files[key]; done {
				s.parents = append(s.parents, p)
				continue
			}
			var src []byte
			if key == CityParent {
				src = cityYAML
			} else {
				b, err := fs.ReadFile(l.fsys, key)
				if err != nil {
					s.d.errAt(e.node, "找不到父文件 %q（%v）", "parent file %q not found (%v)", key, err)
					continue
				}
				src = b
			}
			p := l.decode(key, l.display(key), src)
			s.parents = append(s.parents, p)
			l.resolve(p, append(stack, s))
		}
	}
	l.order = append(l.order, s)
}

func (l *loader) display(key string) string {
	if key == CityParent {
		return DefaultFile
	}
	return key
}

// parentKey resolves a parent's name against the child's directory.
func (l *loader) parentKey(s *source, e extendsSpec) (string, bool) {
	if e.name == CityParent {
		return CityParent, true
	}
	if strings.HasPrefix(e.name, "xiaoneng:") {
		s.d.errAt(e.node, "未知的内置父文件 %q（可用：%s）", "unknown built-in parent %q (known: %s)", e.name, CityParent)
		return "", false
	}
	if l.fsys == nil {
		s.d.errAt(e.node, "无法读取父文件 %q：Parse 没有文件系统（请用 Load 并传入 fs.FS）",
			"cannot read the parent file %q: Parse has no file system (use Load with an fs.FS)", e.name)
		return "", false
	}
	key := e.name
	if !strings.HasPrefix(key, "/") && s.key != CityParent {
		key = path.Join(path.Dir(s.key), key)
	}
	if !fs.ValidPath(key) {
		s.d.errAt(e.node, "父文件路径 %q 无效（相对本文件所在目录，不能越出文件系统的根）",
			"invalid parent path %q (relative to this file's directory, it may not leave the file system's root)", e.name)
		return "", false
	}
	return key, true
}

// ancestors is every file s inherits from, directly or not.
func ancestors(s *source) map[*source]bool {
	out := map[*source]bool{}
	var walk func(*source)
	walk = func(x *source) {
		for _, p := range x.parents {
			if !out[p] {
				out[p] = true
				walk(p)
			}
		}
	}
	walk(s)
	return out
}

// change is one file's change to a rule, collected while merging.
type change struct {
	src      *source
	line     int
	fields   []string
	override *overrideSpec
}

// merge combines l.order into one file spec, reporting what a child may not do.
func (l *loader) merge() (*fileSpec, map[string][]*change) {
	m := &fileSpec{version: SchemaVersion}
	type paramOrigin struct {
		src  *source
		kind string
	}
	paramAt := map[string]int{}
	paramFrom := map[string]paramOrigin{}
	ruleAt := map[string]*ruleSpec{}
	ruleSrc := map[string]*source{}
	yearFrom := map[int]*source{}
	yearLine := map[int]int{}
	changes := map[string][]*change{}
	// paramSets[file] = the params the file overrode, for provenance.
	type paramSet struct {
		src  *source
		name string
		line int
	}
	var paramSets []paramSet

	for _, s := range l.order {
		sp := s.spec
		if sp == nil {
			continue
		}
		d := s.d
		if sp.jurisdiction.id != "" {
			m.jurisdiction.id = sp.jurisdiction.id
			m.jurisdiction.name = sp.jurisdiction.name
		}
		if sp.jurisdiction.zone != "" {
			m.jurisdiction.zone, m.jurisdiction.zoneNode = sp.jurisdiction.zone, sp.jurisdiction.zoneNode
			if s != l.order[len(l.order)-1] {
				// a parent's zone is reported against the root decoder's
				// position otherwise; keep it valid here.
				if _, err := parseZone(sp.jurisdiction.zone); err != nil {
					d.errAt(sp.jurisdiction.zoneNode, "未知时区 %q", "unknown zone %q", sp.jurisdiction.zone)
					m.jurisdiction.zone = ""
				}
			}
		}
		for _, p := range sp.params {
			i, inherited := paramAt[p.name]
			if !inherited {
				paramAt[p.name] = len(m.params)
				paramFrom[p.name] = paramOrigin{s, paramKind(p.value)}
				m.params = append(m.params, p)
				continue
			}
			from := paramFrom[p.name]
			if k := paramKind(p.value); k != from.kind {
				d.errAt(p.node, "参数 %q 在 %s 中是%s，覆盖值也须是%s", "param %q is a %s in %s; the override must be one too",
					p.name, kindName(from.kind), from.src.d.file)
				continue
			}
			m.params[i].value = p.value
			paramSets = append(paramSets, paramSet{s, p.name, p.node.Line})
		}
		for i, y := range sp.calendar.years {
			if prev, dup := yearFrom[y.Year]; dup && y.Year != 0 {
				d.errAt(sp.calendar.yearNodes[i], "日历年份 %d 已在 %s:%d 定义，不能重新定义", "calendar year %d is already defined in %s:%d and cannot be redefined",
					y.Year, prev.d.file, yearLine[y.Year])
				continue
			}
			yearFrom[y.Year], yearLine[y.Year] = s, sp.calendar.yearNodes[i].Line
			m.calendar.years = append(m.calendar.years, y)
			m.calendar.yearNodes = append(m.calendar.yearNodes, sp.calendar.yearNodes[i])
			m.calendar.yearDecs = append(m.calendar.yearDecs, d)
		}
		// A section is inherited whole; a file that writes its own replaces it.
		if sp.campaign != nil {
			m.campaign, m.campaignDec = sp.campaign, d
		}
		if sp.ladder != nil {
			m.ladder, m.ladderDec = sp.ladder, d
		}
		if sp.appraisal != nil {
			m.appraisal, m.appraisalDec = sp.appraisal, d
		}
		m.calendar.fallback = m.calendar.fallback || sp.calendar.fallback
		m.calendar.bad = m.calendar.bad || sp.calendar.bad

		for _, r := range sp.rules {
			r.dec = d
			if prev, dup := ruleAt[r.id]; dup && r.id != "" && ruleSrc[r.id] != s {
				d.rule = r.id
				d.errAt(r.node, "规则 %q 继承自 %s:%d，不能重新定义（在 overrides 中修改它，或另取标识）",
					"rule %q is inherited from %s:%d and cannot be redefined (change it under overrides, or choose another id)",
					r.id, prev.dec.file, prev.node.Line)
				d.rule = ""
				continue
			}
			if _, dup := ruleAt[r.id]; !dup {
				ruleAt[r.id], ruleSrc[r.id] = r, s
			}
			m.rules = append(m.rules, r)
		}

		anc := ancestors(s)
		for _, o := range sp.overrides {
			if o.id == "" {
				continue
			}
			d.rule = o.id
			from, ok := ruleSrc[o.id]
			switch {
			case !ok || !anc[from]:
				known := []string{}
				for id, src := range ruleSrc {
					if anc[src] {
						known = append(known, id)
					}
				}
				slices.Sort(known)
				if ok && from == s {
					d.errAt(o.node, "规则 %q 由本文件定义，直接修改它即可", "rule %q is defined in this file; change it there", o.id)
				} else if hint := suggest(o.id, known); hint != "" {
					d.errAt(o.node, "覆盖的规则 %q 不在继承的规则中（是否想写 %q？）", "the overridden rule %q is not among the inherited rules (did you mean %q?)", o.id, hint)
				} else {
					d.errAt(o.node, "覆盖的规则 %q 不在继承的规则中", "the overridden rule %q is not among the inherited rules", o.id)
				}
			default:
				changes[o.id] = append(changes[o.id], &change{src: s, line: o.node.Line, fields: slices.Clone(o.fields), override: o})
			}
			d.rule = ""
		}
	}
	// Params a file overrode change every inherited rule that reads them.
	for _, ps := range paramSets {
		anc := ancestors(ps.src)
		for _, r := range m.rules {
			if r.dec == nil || !anc[ruleSrc[r.id]] || ruleSrc[r.id].d != r.dec || !readsParam(r, ps.name) {
				continue
			}
			cs := changes[r.id]
			var c *change
			for _, x := range cs {
				if x.src == ps.src {
					c = x
				}
			}
			if c == nil {
				c = &change{src: ps.src, line: ps.line}
				changes[r.id] = append(changes[r.id], c)
			}
			c.fields = append(c.fields, "params."+ps.name)
		}
	}
	for _, cs := range changes {
		slices.SortStableFunc(cs, func(a, b *change) int {
			return slices.Index(l.order, a.src) - slices.Index(l.order, b.src)
		})
	}
	return m, changes
}

var paramRefRE = regexp.MustCompile(`\bparams\s*\.\s*([a-z][a-z0-9_]*)|\bparams\s*\[\s*["']([a-z][a-z0-9_]*)["']\s*\]`)

// readsParam reports whether any of the rule's expressions names the param.
func readsParam(r *ruleSpec, name string) bool {
	codes := []string{}
	if r.when != nil {
		codes = append(codes, r.when.Value)
	}
	for _, e := range r.evidence {
		codes = append(codes, e.node.Value)
	}
	for _, c := range codes {
		for _, m := range paramRefRE.FindAllStringSubmatch(c, -1) {
			if m[1] == name || m[2] == name {
				return true
			}
		}
	}
	return false
}

func paramKind(v any) string {
	switch v.(type) {
	case int, float64:
		return "number"
	case bool:
		return "bool"
	case string:
		return "string"
	}
	return "list"
}

func kindName(k string) efficiency.Text {
	switch k {
	case "number":
		return efficiency.T("数字", "number")
	case "bool":
		return efficiency.T("布尔值", "boolean")
	case "string":
		return efficiency.T("字符串", "string")
	}
	return efficiency.T("列表", "list")
}

// applyChanges writes the merged overrides and provenance into the compiled rules.
func applyChanges(rs *RuleSet, specs []*ruleSpec, changes map[string][]*change) {
	eff := map[string]effectiveSpec{}
	for _, r := range specs {
		eff[r.id] = r.effective
	}
	active := rs.rules[:0:0]
	rs.byKind = map[efficiency.SubjectKind][]*Rule{}
	for _, r := range rs.rules {
		e := eff[r.ID]
		r.EffectiveFrom, r.EffectiveUntil = e.from, e.until
		for _, c := range changes[r.ID] {
			ch := efficiency.Change{File: c.src.d.file, Line: c.line, Fields: c.fields}
			if o := c.override; o != nil {
				ch.Reason = o.reason
				if o.severity.Valid() {
					r.Severity = o.severity
				}
				if o.disabledSet {
					r.Disabled = o.disabled
				}
				if o.effective.fromNode != nil {
					r.EffectiveFrom = o.effective.from
				}
				if o.effective.untilNode != nil {
					r.EffectiveUntil = o.effective.until
				}
			}
			r.Source.Changes = append(r.Source.Changes, ch)
		}
		if r.Disabled {
			rs.disabled = append(rs.disabled, r)
			continue
		}
		active = append(active, r)
		rs.byKind[r.On] = append(rs.byKind[r.On], r)
	}
	rs.rules = active
}

// Disabled returns the inherited rules an inheriting file switched off, in
// file order; each carries the reason in its Source.Changes.
func (rs *RuleSet) Disabled() []*Rule { return slices.Clone(rs.disabled) }
