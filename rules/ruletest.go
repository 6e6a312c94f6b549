package rules

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xiaoneng/xiaoneng/accountability"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"go.yaml.in/yaml/v3"
)

// Rule tests: a file NAME_test.yaml beside a rule file NAME.yaml holds named
// cases — facts, an evaluation time, and every finding and warning expected —
// that [RunTests] evaluates and compares, with a readable diff on failure and
// the coverage of the rules. The CLI's `xiaoneng test` and a Go test call
// the same function.
//
//	rules: county.yaml            # optional: NAME.yaml for NAME_test.yaml
//	tests:
//	  - name: late completion
//	    about: [P2.commitment.overdue]   # optional: the rules the test is about
//	    at: 2026-03-20T09:00:00+08:00
//	    facts: {cases: [...], orders: [...], complaints: [...], units: [...], officials: [...]}
//	    expect:                         # every finding and warning, nothing more
//	      findings:
//	        - {rule: P2.commitment.overdue, subject: case:c1, severity: major,
//	           evidence: {overdue: 2}, message: {en: "..."}}
//	      warnings: []
//
// `expect: {}` expects nothing at all.

// TestSuite is a decoded rule-test file. Build one with [LoadTests]; run it
// with [RuleSet.RunTests] or, rule file included, [RunTests].
type TestSuite struct {
	File string // the test file's path
	// Rules is the rule file under test: a path in the same fs.FS (relative
	// paths are resolved against the test file's directory) or [CityParent].
	Rules string
	Cases []TestCase
}

// TestCase is one named case of a [TestSuite].
type TestCase struct {
	Name string
	Line int
	// About lists the rules the case is about, for coverage; empty means
	// every rule of a subject kind present in the facts.
	About []string
	Facts efficiency.Facts
	// Circumstances, History and Lagging go to the accountability ladder
	// with the case's findings when the case expects triggers: the
	// circumstances established about findings, the records already in the
	// ledger, and the units the appraisal ranked lagging.
	Circumstances []accountability.Circumstance
	History       []accountability.Record
	Lagging       []accountability.LaggingUnit
	Expect        Expectations

	at        string // resolved in the rule set's zone at run time
	atNode    *yaml.Node
	ladderKey *yaml.Node // the first of circumstances, history, lagging
	noLadder  *Error     // reported when the rule file has no ladder
}

// Expectations are what a case expects: exactly these findings and
// warnings, and, when Triggers is not nil, exactly these accountability
// triggers (nil: triggers are not checked; empty: none expected).
type Expectations struct {
	Findings []ExpectedFinding
	Warnings []ExpectedFinding
	Triggers []ExpectedTrigger

	triggersKey *yaml.Node
}

// ExpectedFinding is one expected finding or warning. Severity, Evidence and
// Message are checked when given (Evidence by name, Message per language).
type ExpectedFinding struct {
	Rule     string
	Subject  efficiency.SubjectRef
	Severity efficiency.Severity
	Evidence []efficiency.Evidence // values as JSON-like values (numbers, strings, bools, lists)
	Message  efficiency.Text
	Line     int
}

func (x ExpectedFinding) key() string {
	return x.Rule + " " + x.Subject.Kind.String() + ":" + x.Subject.ID
}

// LoadTests decodes the rule-test file at path in fsys. Problems come back
// all at once as an [ErrorList].
func LoadTests(fsys fs.FS, file string) (*TestSuite, error) {
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	return ParseTests(file, src)
}

// ParseTests decodes a rule-test file from its bytes; name is used in error positions.
func ParseTests(name string, src []byte) (*TestSuite, error) {
	d := &decoder{file: name, lines: strings.Split(string(src), "\n")}
	root := d.parseYAML(src)
	if root == nil {
		return nil, d.errs
	}
	s := &TestSuite{File: name}
	d.mapping(root, efficiency.T("测试文件", "the test file"), fieldSet{
		"rules": func(k, v *yaml.Node) {
			s.Rules, _ = d.str(v, efficiency.T("rules（被测规则文件）", "rules (the rule file under test)"))
		},
		"tests": func(k, v *yaml.Node) { s.Cases = d.decodeTests(v) },
	})
	d.required(root, efficiency.T("测试文件", "the test file"), "tests")
	if s.Rules == "" {
		base, ok := strings.CutSuffix(path.Base(name), "_test.yaml")
		if !ok {
			d.errAt(root, "测试文件须命名为 NAME_test.yaml，或用 rules: 指明被测规则文件",
				"name the test file NAME_test.yaml, or say which rule file it tests with rules:")
		}
		s.Rules = base + ".yaml"
	}
	if s.Rules != CityParent && !strings.HasPrefix(s.Rules, "/") {
		s.Rules = path.Join(path.Dir(name), s.Rules)
	}
	return s.done(d)
}

// ParseInlineTests decodes the tests: section of a rule file (the same
// cases as a NAME_test.yaml file holds); the suite tests that rule file.
// The file's other sections are left to [Parse].
func ParseInlineTests(name string, src []byte) (*TestSuite, error) {
	d := &decoder{file: name, lines: strings.Split(string(src), "\n")}
	root := d.parseYAML(src)
	if root == nil {
		return nil, d.errs
	}
	s := &TestSuite{File: name, Rules: name}
	found := false
	if root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "tests" {
				found = true
				s.Cases = d.decodeTests(root.Content[i+1])
			}
		}
	}
	if !found {
		d.errAt(root, "规则文件没有 tests: 部分，旁边也应有 NAME_test.yaml", "the rule file has no tests: section (and no NAME_test.yaml is given)")
	}
	return s.done(d)
}

// decodeTests decodes a list of test cases, in a test file or in a rule
// file's tests: section.
func (d *decoder) decodeTests(v *yaml.Node) []TestCase {
	var out []TestCase
	names := map[string]int{}
	d.list(v, func(n *yaml.Node) {
		tc, ok := d.decodeTestCase(n)
		if !ok {
			return
		}
		if line, dup := names[tc.Name]; dup {
			d.errAt(n, "重复的测试名 %q（第 %d 行已使用）", "duplicate test name %q (already used on line %d)", tc.Name, line)
			return
		}
		names[tc.Name] = tc.Line
		out = append(out, tc)
	})
	return out
}

func (s *TestSuite) done(d *decoder) (*TestSuite, error) {
	if len(d.errs) > 0 {
		slices.SortStableFunc(d.errs, func(a, b *Error) int {
			if a.Line != b.Line {
				return a.Line - b.Line
			}
			return a.Column - b.Column
		})
		return nil, d.errs
	}
	return s, nil
}

var wTest = efficiency.T("测试", "a test")

func (d *decoder) decodeTestCase(n *yaml.Node) (TestCase, bool) {
	tc := TestCase{Line: n.Line}
	before := len(d.errs)
	fields := fieldSet{
		"name": func(k, v *yaml.Node) { tc.Name, _ = d.str(v, efficiency.T("测试名", "the test name")) },
		"about": func(k, v *yaml.Node) {
			d.list(v, func(e *yaml.Node) {
				if s, ok := d.str(e, efficiency.T("规则标识", "a rule id")); ok {
					tc.About = append(tc.About, s)
				}
			})
		},
		"at": func(k, v *yaml.Node) {
			tc.at, _ = d.str(v, efficiency.T("at（评估时间）", "at (the evaluation time)"))
			tc.atNode = v
		},
		"facts": func(k, v *yaml.Node) {
			var b bytes.Buffer
			if !d.nodeJSON(&b, v) {
				return
			}
			dec := json.NewDecoder(&b)
			dec.DisallowUnknownFields()
			if err := dec.Decode(&tc.Facts); err != nil {
				d.errAt(v, "事实无效：%v", "invalid facts: %v", strings.TrimPrefix(err.Error(), "json: "))
			}
		},
		"expect": func(k, v *yaml.Node) { tc.Expect = d.decodeExpect(v) },
	}
	d.ladderCaseFields(&tc, fields)
	ok := d.mapping(n, wTest, fields)
	if ok {
		d.required(n, wTest, "name", "at", "facts", "expect")
		d.checkLadderKeys(&tc)
	}
	if tc.at != "" {
		if _, err := parseTestTime(tc.at, time.UTC); err != nil {
			d.errAt(tc.atNode, "评估时间 %q 无效（格式：2026-03-20T09:00:00+08:00，或不带时区的 2026-03-20T09:00 按辖区时区）",
				"invalid evaluation time %q (write 2026-03-20T09:00:00+08:00, or 2026-03-20T09:00 in the jurisdiction's zone)", tc.at)
		}
	}
	return tc, ok && len(d.errs) == before
}

func (d *decoder) decodeExpect(n *yaml.Node) Expectations {
	var x Expectations
	list := func(v *yaml.Node) []ExpectedFinding {
		out := []ExpectedFinding{}
		d.list(v, func(e *yaml.Node) {
			f := ExpectedFinding{Line: e.Line}
			what := efficiency.T("预期的发现", "an expected finding")
			ok := d.mapping(e, what, fieldSet{
				"rule": func(k, v *yaml.Node) { f.Rule, _ = d.str(v, efficiency.T("规则标识", "the rule id")) },
				"subject": func(k, v *yaml.Node) {
					s, _ := d.str(v, efficiency.T("subject（对象，如 case:c1）", "subject (such as case:c1)"))
					kind, id, found := strings.Cut(s, ":")
					k2, err := efficiency.ParseSubjectKind(kind)
					if !found || id == "" || err != nil {
						d.errAt(v, "对象 %q 无效（格式：类型:标识，如 case:c1）", "invalid subject %q (write kind:id, such as case:c1)", s)
						return
					}
					f.Subject = efficiency.SubjectRef{Kind: k2, ID: id}
				},
				"severity": func(k, v *yaml.Node) {
					s, _ := d.str(v, efficiency.T("severity（严重程度）", "severity"))
					x, err := efficiency.ParseSeverity(s)
					if err != nil {
						d.idErr(v, err)
					}
					f.Severity = x
				},
				"evidence": func(k, v *yaml.Node) {
					if v.Kind != yaml.MappingNode {
						d.errAt(v, "evidence 应为映射（名称: 值）", "evidence must be a mapping (name: value)")
						return
					}
					for i := 0; i+1 < len(v.Content); i += 2 {
						var b bytes.Buffer
						if !d.nodeJSON(&b, v.Content[i+1]) {
							continue
						}
						var val any
						_ = json.Unmarshal(b.Bytes(), &val)
						f.Evidence = append(f.Evidence, efficiency.Evidence{Name: v.Content[i].Value, Value: val})
					}
				},
				"message": func(k, v *yaml.Node) {
					d.mapping(v, efficiency.T("message（消息）", "message"), fieldSet{
						"zh-Hans": func(k, v *yaml.Node) { f.Message.ZhHans, _ = d.str(v, efficiency.T("消息", "message")) },
						"en":      func(k, v *yaml.Node) { f.Message.En, _ = d.str(v, efficiency.T("消息", "message")) },
					})
				},
			})
			if ok {
				d.required(e, what, "rule", "subject")
				out = append(out, f)
			}
		})
		return out
	}
	d.mapping(n, efficiency.T("expect（预期）", "expect"), fieldSet{
		"findings": func(k, v *yaml.Node) { x.Findings = list(v) },
		"warnings": func(k, v *yaml.Node) { x.Warnings = list(v) },
		"triggers": func(k, v *yaml.Node) { x.Triggers, x.triggersKey = d.decodeExpectedTriggers(v), k },
	})
	return x
}

// nodeJSON writes a YAML node as JSON: scalars keep their text (so dates
// and times stay strings), numbers, booleans and nulls stay what they are.
func (d *decoder) nodeJSON(b *bytes.Buffer, n *yaml.Node) bool {
	if !d.noAlias(n) {
		return false
	}
	switch n.Kind {
	case yaml.MappingNode:
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(n.Content[i].Value)
			b.Write(k)
			b.WriteByte(':')
			if !d.nodeJSON(b, n.Content[i+1]) {
				return false
			}
		}
		b.WriteByte('}')
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, e := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			if !d.nodeJSON(b, e) {
				return false
			}
		}
		b.WriteByte(']')
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			b.WriteString("null")
		case "!!bool":
			var v bool
			_ = n.Decode(&v)
			b.WriteString(strconv.FormatBool(v))
		case "!!int", "!!float":
			var v float64
			if err := n.Decode(&v); err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
				d.errAt(n, "无效的数字 %q", "invalid number %q", n.Value)
				return false
			}
			if n.Tag == "!!int" {
				b.WriteString(strconv.FormatInt(int64(v), 10))
			} else {
				b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
			}
		default:
			s, _ := json.Marshal(n.Value)
			b.Write(s)
		}
	default:
		d.errAt(n, "不支持的 YAML 节点", "unsupported YAML node")
		return false
	}
	return true
}

var localTimeRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$`)

// parseTestTime reads RFC 3339, or a local time without a zone in loc.
func parseTestTime(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.In(loc), nil
	}
	if localTimeRE.MatchString(s) {
		s = strings.Replace(s, " ", "T", 1)
		layout := "2006-01-02T15:04"
		if len(s) > len(layout) {
			layout += ":05"
		}
		return time.ParseInLocation(layout, s, loc)
	}
	return time.Time{}, fmt.Errorf("invalid time %q", s)
}

// TestOption configures a test run.
type TestOption func(*testConfig)

type testConfig struct {
	run *regexp.Regexp
}

// MatchTests runs only the cases whose name matches re (like go test -run).
func MatchTests(re *regexp.Regexp) TestOption { return func(c *testConfig) { c.run = re } }

// TestResult is the outcome of running a [TestSuite].
type TestResult struct {
	File  string       `json:"file"`
	Rules string       `json:"rules"`
	Cases []CaseResult `json:"cases"`
	// Coverage is over the rules the rule file under test defines or
	// changes (inherited rules are covered by their own file's tests).
	Coverage Coverage `json:"coverage"`
	// StepCoverage is over the ladder steps and leaders' rules the rule
	// file under test defines, exercised by the cases expecting triggers.
	StepCoverage StepCoverage `json:"step_coverage"`
}

// Failed counts the cases that failed.
func (r *TestResult) Failed() int {
	n := 0
	for _, c := range r.Cases {
		if !c.Passed {
			n++
		}
	}
	return n
}

// CaseResult is the outcome of one case: Passed, or the differences
// between what it expected and what the rules gave (Diff, one per line,
// "-" expected and missing, "+" unexpected, "~" different).
type CaseResult struct {
	Name   string   `json:"name"`
	Line   int      `json:"line"`
	Passed bool     `json:"passed"`
	Diff   []string `json:"diff,omitempty"`
}

// Coverage says which rules the tests exercised: a rule is covered when at
// least one passing case about it expected it to fire and one expected it
// not to.
type Coverage struct {
	Rules   []RuleCoverage `json:"rules"`
	Covered int            `json:"covered"`
	Total   int            `json:"total"`
	Percent float64        `json:"percent"` // 100 when there is no rule to cover
}

// RuleCoverage counts the passing cases about one rule.
type RuleCoverage struct {
	Rule   string            `json:"rule"`
	Source efficiency.Source `json:"source"`
	Fired  int               `json:"fired"` // cases expecting it to fire
	Quiet  int               `json:"quiet"` // cases expecting it not to
}

// Covered reports whether the rule was seen both firing and not firing.
func (c RuleCoverage) Covered() bool { return c.Fired > 0 && c.Quiet > 0 }

// RunTests loads the rule-test file at path in fsys, the rule file it tests
// (with its parents, through fsys), and runs it. The error is a problem
// with either file (an [ErrorList] with positions); failed cases are in the
// result.
//
// A file not named NAME_test.yaml is a rule file whose own tests: section
// is run (see [ParseInlineTests]).
func RunTests(ctx context.Context, fsys fs.FS, file string, opts ...TestOption) (*TestResult, error) {
	var suite *TestSuite
	var err error
	if strings.HasSuffix(file, "_test.yaml") {
		suite, err = LoadTests(fsys, file)
	} else {
		var src []byte
		if src, err = fs.ReadFile(fsys, file); err != nil {
			return nil, fmt.Errorf("rules: %w", err)
		}
		suite, err = ParseInlineTests(file, src)
	}
	if err != nil {
		return nil, err
	}
	var rs *RuleSet
	if suite.Rules == CityParent {
		rs, err = Default()
	} else {
		rs, err = Load(fsys, suite.Rules)
	}
	if err != nil {
		return nil, err
	}
	return rs.RunTests(ctx, suite, opts...)
}

// RunTests runs the suite's cases against the rule set. The error is ctx's
// when it is cancelled, or an evaluation time the rule set cannot use.
func (rs *RuleSet) RunTests(ctx context.Context, suite *TestSuite, opts ...TestOption) (*TestResult, error) {
	var cfg testConfig
	for _, o := range opts {
		o(&cfg)
	}
	res := &TestResult{File: suite.File, Rules: suite.Rules, Cases: []CaseResult{}}
	own := []*Rule{}
	for _, r := range rs.rules {
		if r.Source.File == suite.Rules || suite.Rules == CityParent && r.Source.File == DefaultFile ||
			slices.ContainsFunc(r.Source.Changes, func(c efficiency.Change) bool { return c.File == suite.Rules }) {
			own = append(own, r)
		}
	}
	cov := make([]RuleCoverage, len(own))
	for i, r := range own {
		cov[i] = RuleCoverage{Rule: r.ID, Source: r.Source}
	}
	if err := rs.ladderErrors(suite); err != nil {
		return nil, err
	}
	steps := rs.stepCoverage(suite)
	for _, tc := range suite.Cases {
		if cfg.run != nil && !cfg.run.MatchString(tc.Name) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return res, err
		}
		cr := CaseResult{Name: tc.Name, Line: tc.Line}
		cr.Diff = rs.checkCase(ctx, &tc)
		cr.Passed = len(cr.Diff) == 0
		res.Cases = append(res.Cases, cr)
		if !cr.Passed {
			continue
		}
		countSteps(steps, &tc)
		kinds := map[efficiency.SubjectKind]bool{
			efficiency.CaseSubject: len(tc.Facts.Cases) > 0, efficiency.OrderSubject: len(tc.Facts.Orders) > 0,
			efficiency.ComplaintSubject: len(tc.Facts.Complaints) > 0, efficiency.UnitSubject: len(tc.Facts.Units) > 0,
			efficiency.OfficialSubject: len(tc.Facts.Officials) > 0,
		}
		for i, r := range own {
			about := slices.Contains(tc.About, r.ID) || len(tc.About) == 0 && kinds[r.On]
			if !about {
				continue
			}
			fires := slices.ContainsFunc(slices.Concat(tc.Expect.Findings, tc.Expect.Warnings), func(x ExpectedFinding) bool { return x.Rule == r.ID })
			if fires {
				cov[i].Fired++
			} else {
				cov[i].Quiet++
			}
		}
	}
	res.Coverage = Coverage{Rules: cov, Total: len(cov), Percent: 100}
	for _, c := range cov {
		if c.Covered() {
			res.Coverage.Covered++
		}
	}
	if len(cov) > 0 {
		res.Coverage.Percent = math.Floor(1000*float64(res.Coverage.Covered)/float64(len(cov))) / 10
	}
	res.StepCoverage = finishStepCoverage(steps)
	return res, nil
}

// checkCase evaluates one case and returns the differences, one per line.
func (rs *RuleSet) checkCase(ctx context.Context, tc *TestCase) []string {
	at, err := parseTestTime(tc.at, rs.cal.Location())
	if err != nil {
		return []string{"! " + err.Error()}
	}
	rep, err := rs.Evaluate(ctx, &tc.Facts, at)
	if err != nil {
		return []string{"! " + err.Error()}
	}
	var diff []string
	for _, e := range rep.Invalid {
		diff = append(diff, fmt.Sprintf("! invalid facts: %s %s: %s", e.Subject, e.Field, e.Message.En))
	}
	for _, e := range rep.Errors {
		diff = append(diff, "! "+e.Error())
	}
	for _, u := range []struct {
		what string
		want []ExpectedFinding
		got  []efficiency.Finding
	}{{"finding", tc.Expect.Findings, rep.Findings}, {"warning", tc.Expect.Warnings, rep.Warnings}} {
		got := map[string]efficiency.Finding{}
		for _, f := range u.got {
			got[f.Rule+" "+f.Subject.Kind.String()+":"+f.Subject.ID] = f
		}
		wanted := map[string]bool{}
		for _, x := range u.want {
			k := x.key()
			wanted[k] = true
			f, ok := got[k]
			if !ok {
				diff = append(diff, fmt.Sprintf("- %s %s (expected, line %d)", u.what, k, x.Line))
				continue
			}
			diff = append(diff, compareFinding(k, x, f)...)
		}
		for _, f := range u.got {
			k := f.Rule + " " + f.Subject.Kind.String() + ":" + f.Subject.ID
			if !wanted[k] {
				diff = append(diff, fmt.Sprintf("+ %s %s (not expected): %s", u.what, k, f.Message.En))
			}
		}
	}
	if tc.Expect.Triggers != nil {
		diff = append(diff, rs.checkTriggers(ctx, tc, rep, at)...)
	}
	return diff
}

func compareFinding(k string, x ExpectedFinding, f efficiency.Finding) []string {
	var diff []string
	if x.Severity.Valid() && x.Severity != f.Severity {
		diff = append(diff, fmt.Sprintf("~ %s severity: want %s, got %s", k, x.Severity, f.Severity))
	}
	for _, want := range x.Evidence {
		i := slices.IndexFunc(f.Evidence, func(e efficiency.Evidence) bool { return e.Name == want.Name })
		if i < 0 {
			diff = append(diff, fmt.Sprintf("~ %s evidence %s: want %s, got no such evidence", k, want.Name, jsonText(want.Value)))
			continue
		}
		if !sameValue(want.Value, f.Evidence[i].Value) {
			diff = append(diff, fmt.Sprintf("~ %s evidence %s: want %s, got %s", k, want.Name, jsonText(want.Value), jsonText(f.Evidence[i].Value)))
		}
	}
	for _, m := range []struct{ lang, want, got string }{{"zh-Hans", x.Message.ZhHans, f.Message.ZhHans}, {"en", x.Message.En, f.Message.En}} {
		if m.want != "" && m.want != m.got {
			diff = append(diff, fmt.Sprintf("~ %s message %s:\n    want %q\n    got  %q", k, m.lang, m.want, m.got))
		}
	}
	return diff
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// sameValue compares an expected evidence value (decoded from the test
// file) with an actual one through their JSON forms: numbers by value,
// times by instant.
func sameValue(want, got any) bool {
	var g any
	if err := json.Unmarshal([]byte(jsonText(got)), &g); err != nil {
		return false
	}
	return sameJSON(want, g)
}

func sameJSON(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && math.Abs(x-y) <= 1e-9*math.Max(1, math.Abs(x))
	case string:
		y, ok := b.(string)
		if !ok {
			return false
		}
		if x == y {
			return true
		}
		tx, err1 := time.Parse(time.RFC3339Nano, x)
		ty, err2 := time.Parse(time.RFC3339Nano, y)
		return err1 == nil && err2 == nil && tx.Equal(ty)
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameJSON(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if !sameJSON(v, y[k]) {
				return false
			}
		}
		return true
	}
	return a == b
}
