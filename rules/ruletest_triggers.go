package rules

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/xiaoneng/xiaoneng/accountability"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"go.yaml.in/yaml/v3"
)

// Expected accountability triggers in rule tests: a case's
// `expect.triggers:` lists the triggers the rule file's accountability
// ladder gives for the case's findings, decided against a fresh ledger at
// the case's time:
//
//	- name: obstruction moves a major finding up
//	  at: 2026-03-20T09:00
//	  facts: {...}
//	  circumstances:                 # optional: factors and exemptions
//	    - {finding: "P2.x@case:c1", id: obstruction}
//	  history: [...]                 # optional: earlier ledger records
//	  lagging: [{unit: u1, periods: ["2026-09", "2026-10"]}]  # optional
//	  expect:
//	    findings: [...]
//	    triggers:
//	      - {party: "official:o1", step: severe, measures: [admonishment, no-honours]}
//
// A case without a triggers: key does not check triggers; `triggers: []`
// expects none.

// ExpectedTrigger is one expected accountability trigger: the party held
// accountable ("official:ID" or "unit:ID"), the ladder step or leaders'
// rule, and, when given, the measures (compared as a set).
type ExpectedTrigger struct {
	Party    string
	Step     string
	Measures []accountability.Measure // nil: not checked
	Line     int
}

func (x ExpectedTrigger) key() string { return x.Party + " " + x.Step }

// StepCoverage says which ladder steps and leaders' rules the tests
// exercised: one is covered when at least one passing case expecting
// triggers expected it and one expecting triggers did not.
type StepCoverage struct {
	Steps   []LadderStepCoverage `json:"steps"`
	Covered int                  `json:"covered"`
	Total   int                  `json:"total"`
	Percent float64              `json:"percent"` // 100 when there is no step to cover
}

// LadderStepCoverage counts the passing cases expecting triggers that
// expected one step (or leaders' rule) and that did not.
type LadderStepCoverage struct {
	Step   string            `json:"step"`
	Leader bool              `json:"leader,omitempty"` // a leaders' rule
	Source efficiency.Source `json:"source"`
	Fired  int               `json:"fired"`
	Quiet  int               `json:"quiet"`
}

// Covered reports whether the step was seen both triggered and not.
func (c LadderStepCoverage) Covered() bool { return c.Fired > 0 && c.Quiet > 0 }

// trigger's party as test files write it.
func triggerParty(r accountability.Record) string {
	if r.Official != "" {
		return "official:" + r.Official
	}
	return "unit:" + r.Unit
}

func (d *decoder) decodeExpectedTriggers(v *yaml.Node) []ExpectedTrigger {
	out := []ExpectedTrigger{}
	d.list(v, func(e *yaml.Node) {
		t := ExpectedTrigger{Line: e.Line}
		what := efficiency.T("预期的问责", "an expected trigger")
		ok := d.mapping(e, what, fieldSet{
			"party": func(k, v *yaml.Node) {
				s, ok := d.str(v, efficiency.T("party（被问责者，如 official:o1 或 unit:u1）", "party (such as official:o1 or unit:u1)"))
				if !ok {
					return
				}
				kind, id, found := strings.Cut(s, ":")
				if !found || id == "" || kind != "official" && kind != "unit" {
					d.errAt(v, "被问责者 %q 无效（格式：official:标识 或 unit:标识）", "invalid party %q (write official:ID or unit:ID)", s)
					return
				}
				t.Party = s
			},
			"step": func(k, v *yaml.Node) {
				t.Step, _ = d.str(v, efficiency.T("step（问责阶梯的一级或领导责任规则）", "step (a ladder step or leaders' rule)"))
			},
			"measures": func(k, v *yaml.Node) {
				t.Measures = d.measures(v, true)
				if t.Measures == nil {
					t.Measures = []accountability.Measure{}
				}
			},
		})
		if ok {
			d.required(e, what, "party", "step")
			out = append(out, t)
		}
	})
	return out
}

func (d *decoder) decodeCircumstances(v *yaml.Node) []accountability.Circumstance {
	var out []accountability.Circumstance
	d.list(v, func(e *yaml.Node) {
		var c accountability.Circumstance
		what := efficiency.T("情节", "a circumstance")
		ok := d.mapping(e, what, fieldSet{
			"finding": func(k, v *yaml.Node) {
				c.Finding, _ = d.str(v, efficiency.T("finding（发现的标识）", "finding (a finding's id)"))
			},
			"id": func(k, v *yaml.Node) {
				c.ID, _ = d.str(v, efficiency.T("情节或免责情形的标识", "a factor's or exemption's id"))
			},
			"note": func(k, v *yaml.Node) { c.Note, _ = d.str(v, efficiency.T("note（说明）", "note")) },
		})
		if ok {
			d.required(e, what, "finding", "id")
			out = append(out, c)
		}
	})
	return out
}

// decodeJSONList decodes a YAML list strictly through its JSON form into out.
func (d *decoder) decodeJSONList(v *yaml.Node, what string, out any) {
	if v.Kind != yaml.SequenceNode {
		d.errAt(v, "%s 应为列表", "%s must be a list", what)
		return
	}
	var b bytes.Buffer
	if !d.nodeJSON(&b, v) {
		return
	}
	dec := json.NewDecoder(&b)
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		d.errAt(v, "%s 无效：%v", "invalid %s: %v", what, strings.TrimPrefix(err.Error(), "json: "))
	}
}

// ladderCaseFields are the case keys that feed the accountability ladder.
func (d *decoder) ladderCaseFields(tc *TestCase, fields fieldSet) {
	mark := func(k *yaml.Node) {
		if tc.ladderKey == nil {
			tc.ladderKey = k
		}
	}
	fields["circumstances"] = func(k, v *yaml.Node) { mark(k); tc.Circumstances = d.decodeCircumstances(v) }
	fields["history"] = func(k, v *yaml.Node) { mark(k); d.decodeJSONList(v, "history", &tc.History) }
	fields["lagging"] = func(k, v *yaml.Node) { mark(k); d.decodeJSONList(v, "lagging", &tc.Lagging) }
}

// checkLadderKeys reports ladder keys on a case that checks no triggers, and
// prepares the error for a rule file without a ladder.
func (d *decoder) checkLadderKeys(tc *TestCase) {
	if tc.ladderKey != nil && tc.Expect.Triggers == nil {
		d.errAt(tc.ladderKey, "%s 只用于预期问责的测试（expect.triggers）", "%s is only for a test expecting triggers (expect.triggers)", tc.ladderKey.Value)
	}
	if n := tc.Expect.triggersKey; n != nil {
		tc.noLadder = &Error{File: d.file, Line: n.Line, Column: n.Column,
			Msg: tf("测试 %q 预期问责，但被测规则文件没有 accountability: 部分",
				"test %q expects triggers, but the rule file under test has no accountability: section", tc.Name),
			Snippet: d.snippet(n.Line, n.Column)}
	}
}

// ladderErrors are the cases expecting triggers when rs has no ladder.
func (rs *RuleSet) ladderErrors(suite *TestSuite) error {
	if rs.ladder != nil {
		return nil
	}
	var errs ErrorList
	for _, tc := range suite.Cases {
		if tc.noLadder != nil {
			errs = append(errs, tc.noLadder)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// checkTriggers decides the case's findings with the ladder against a
// fresh ledger holding the case's history and returns the differences.
func (rs *RuleSet) checkTriggers(ctx context.Context, tc *TestCase, rep *efficiency.Report, at time.Time) []string {
	ledger := &accountability.MemoryLedger{}
	for _, r := range tc.History {
		if _, err := ledger.Append(ctx, r); err != nil {
			return []string{"! history: " + err.Error()}
		}
	}
	dec, err := rs.Decide(ctx, accountability.Input{Findings: rep.Findings, Facts: &tc.Facts,
		Circumstances: tc.Circumstances, Lagging: tc.Lagging}, ledger, at)
	if err != nil {
		return []string{"! " + err.Error()}
	}
	var diff []string
	for _, c := range dec.Unused {
		diff = append(diff, fmt.Sprintf("! circumstance %s names no finding of the case (%q)", c.ID, c.Finding))
	}
	got := map[string][]accountability.Trigger{}
	for _, t := range dec.Triggers {
		k := triggerParty(t.Record) + " " + t.Step
		got[k] = append(got[k], t)
	}
	for _, x := range tc.Expect.Triggers {
		k := x.key()
		if len(got[k]) == 0 {
			diff = append(diff, fmt.Sprintf("- trigger %s (expected, line %d)", k, x.Line))
			continue
		}
		t := got[k][0]
		got[k] = got[k][1:]
		if x.Measures != nil && !sameMeasures(x.Measures, t.Measures) {
			diff = append(diff, fmt.Sprintf("~ trigger %s measures: want %s, got %s", k, measureList(x.Measures), measureList(t.Measures)))
		}
	}
	for _, t := range dec.Triggers {
		k := triggerParty(t.Record) + " " + t.Step
		if i := slices.IndexFunc(got[k], func(u accountability.Trigger) bool { return u.ID == t.ID }); i >= 0 {
			diff = append(diff, fmt.Sprintf("+ trigger %s (not expected): %s; findings %s", k, measureList(t.Measures), strings.Join(t.Findings, ", ")))
		}
	}
	return diff
}

func sameMeasures(a, b []accountability.Measure) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

func measureList(ms []accountability.Measure) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = m.String()
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// stepCoverage starts the coverage of the ladder steps and leaders' rules
// the rule file under test defines.
func (rs *RuleSet) stepCoverage(suite *TestSuite) []LadderStepCoverage {
	cov := []LadderStepCoverage{}
	if rs.ladder == nil {
		return cov
	}
	own := func(src efficiency.Source) bool {
		return src.File == suite.Rules || suite.Rules == CityParent && src.File == DefaultFile
	}
	for _, s := range rs.ladder.Steps {
		if own(s.Source) {
			cov = append(cov, LadderStepCoverage{Step: s.ID, Source: s.Source})
		}
	}
	for _, l := range rs.ladder.Leaders {
		if own(l.Source) {
			cov = append(cov, LadderStepCoverage{Step: l.ID, Leader: true, Source: l.Source})
		}
	}
	return cov
}

// countSteps counts a passing case expecting triggers.
func countSteps(cov []LadderStepCoverage, tc *TestCase) {
	if tc.Expect.Triggers == nil {
		return
	}
	for i := range cov {
		if slices.ContainsFunc(tc.Expect.Triggers, func(x ExpectedTrigger) bool { return x.Step == cov[i].Step }) {
			cov[i].Fired++
		} else {
			cov[i].Quiet++
		}
	}
}

func finishStepCoverage(cov []LadderStepCoverage) StepCoverage {
	out := StepCoverage{Steps: cov, Total: len(cov), Percent: 100}
	for _, c := range cov {
		if c.Covered() {
			out.Covered++
		}
	}
	if len(cov) > 0 {
		out.Percent = math.Floor(1000*float64(out.Covered)/float64(len(cov))) / 10
	}
	return out
}
