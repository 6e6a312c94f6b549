package rules_test

import (
	"context"
	"os"
	"regexp"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xiaoneng/xiaoneng/rules"
)

const slowYAML = `xiaoneng: 1
jurisdiction: {id: t, name: {zh-Hans: 测, en: T}}
params: {limit: 2}
rules:
  - id: slow
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 慢, en: slow}
    when: case.workdays.elapsed > params.limit
    evidence: {elapsed: case.workdays.elapsed}
    message: {zh-Hans: "用了 {elapsed} 天", en: "{elapsed} days used"}
  - id: never
    on: order
    system: S1
    severity: minor
    title: {zh-Hans: 从不, en: never}
    when: "false"
    message: {zh-Hans: 从不, en: never}
`

// A case accepted Monday 2026-03-02: three working days elapsed by Thursday.
const slowFacts = `facts: {cases: [{id: c1, unit: u1, matter: {code: M, statutory_days: 20, published: {procedure: true, fees: true, time_limits: true, materials: true}},
              events: [{kind: acceptance, at: "2026-03-02T09:00:00+08:00"}]}]}`

const slowTests = `tests:
  - name: fires with evidence and message
    at: 2026-03-05T09:00
    ` + slowFacts + `
    expect:
      findings:
        - {rule: slow, subject: "case:c1", severity: minor, evidence: {elapsed: 3}, message: {en: "3 days used", zh-Hans: 用了 3 天}}
  - name: quiet at the limit
    about: [slow]
    at: "2026-03-04T09:00:00+08:00"
    ` + slowFacts + `
    expect: {}
  - name: everything wrong
    at: 2026-03-05T09:00
    ` + slowFacts + `
    expect:
      findings:
        - {rule: slow, subject: "case:c1", severity: major, evidence: {elapsed: 4, nope: 1}, message: {en: "4 days used"}}
        - {rule: slow, subject: "case:c2"}
  - name: nothing expected
    at: 2026-03-05T09:00
    ` + slowFacts + `
    expect: {}
  - name: invalid facts
    at: 2026-03-05T09:00
    facts: {cases: [{id: c9, matter: {code: M}, events: []}]}
    expect: {}
`

func TestRunTests(t *testing.T) {
	fsys := fstest.MapFS{
		"dir/slow.yaml":      {Data: []byte(slowYAML)},
		"dir/slow_test.yaml": {Data: []byte(slowTests)},
	}
	res, err := rules.RunTests(context.Background(), fsys, "dir/slow_test.yaml")
	require.NoError(t, err)
	assert.Equal(t, "dir/slow.yaml", res.Rules)
	got := map[string][]string{}
	for _, c := range res.Cases {
		assert.Equal(t, len(c.Diff) == 0, c.Passed)
		got[c.Name] = c.Diff
	}
	want := map[string][]string{
		"fires with evidence and message": nil,
		"quiet at the limit":              nil,
		"everything wrong": {
			`~ slow case:c1 severity: want major, got minor`,
			`~ slow case:c1 evidence elapsed: want 4, got 3`,
			`~ slow case:c1 evidence nope: want 1, got no such evidence`,
			"~ slow case:c1 message en:\n    want \"4 days used\"\n    got  \"3 days used\"",
			`- finding slow case:c2 (expected, line 22)`,
		},
		"nothing expected": {`+ finding slow case:c1 (not expected): 3 days used`},
		"invalid facts":    got["invalid facts"],
	}
	assert.Equal(t, want, got, "RunTests diffs")
	require.NotEmpty(t, got["invalid facts"], "invalid facts must fail the case")
	assert.Regexp(t, `^! invalid facts: case c9 `, got["invalid facts"][0])
	assert.Equal(t, 3, res.Failed())

	// Coverage: slow fired once (the first case) and was quiet once (the
	// second, about it); failed cases do not count; never has no case.
	assert.Equal(t, rules.Coverage{Rules: []rules.RuleCoverage{
		{Rule: "slow", Source: res.Coverage.Rules[0].Source, Fired: 1, Quiet: 1},
		{Rule: "never", Source: res.Coverage.Rules[1].Source},
	}, Covered: 1, Total: 2, Percent: 50}, res.Coverage)

	res, err = rules.RunTests(context.Background(), fsys, "dir/slow_test.yaml", rules.MatchTests(regexp.MustCompile("^quiet")))
	require.NoError(t, err)
	require.Len(t, res.Cases, 1)
	assert.Equal(t, "quiet at the limit", res.Cases[0].Name)
}

func TestParseTestsErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"x_test.yaml", "tests:\n  - name: a\n    at: yesterday\n    facts: {cases: [{id: c1, colour: red}]}\n    expect: {findings: [{rule: r, subject: c1}], warning: []}\n  - name: a\n    at: 2026-03-02T09:00\n    facts: {}\n",
			`x_test.yaml:3:9: invalid evaluation time "yesterday" (write 2026-03-20T09:00:00+08:00, or 2026-03-20T09:00 in the jurisdiction's zone)
x_test.yaml:4:12: invalid facts: unknown field "colour"
x_test.yaml:5:44: invalid subject "c1" (write kind:id, such as case:c1)
x_test.yaml:5:50: unknown field "warning" in expect (did you mean "warnings"?)
x_test.yaml:6:5: a test is missing the required field "expect"`},
		{"tests.yaml", "tests: []\n", `tests.yaml:1:1: name the test file NAME_test.yaml, or say which rule file it tests with rules:`},
		{"t_test.yaml", "tests:\n  - name: a\n    at: 2026-03-02T09:00\n    facts: {}\n    circumstances: [{finding: f, id: x, why: y}]\n    expect:\n      triggers:\n        - {party: o1, step: minor, measures: [scolding]}\n        - {party: 'unit:u1', stage: minor}\n" +
			"  - name: b\n    at: 2026-03-02T09:00\n    facts: {}\n    lagging: [{unit: u1}]\n    history: {}\n    expect: {}\n",
			`t_test.yaml:5:41: unknown field "why" in a circumstance (known: finding, id, note)
t_test.yaml:8:19: invalid party "o1" (write official:ID or unit:ID)
t_test.yaml:8:47: unknown measure "scolding" (known: criticism, written-review, circulated-criticism, efficiency-warning, admonishment, reassignment, dismissal, discipline-referral, no-honours, not-excellent, incompetent)
t_test.yaml:9:11: an expected trigger is missing the required field "step"
t_test.yaml:9:30: unknown field "stage" in an expected trigger (known: measures, party, step)
t_test.yaml:13:5: lagging is only for a test expecting triggers (expect.triggers)
t_test.yaml:14:14: history must be a list`},
	}
	for _, tt := range tests {
		_, err := rules.ParseTests(tt.name, []byte(tt.src))
		require.Error(t, err, "ParseTests(%s)", tt.name)
		assert.Equal(t, tt.want, err.Error(), "ParseTests(%s)", tt.name)
	}
}

// TestInlineTests: a rule file's own tests: section runs through RunTests
// on the rule file, with coverage; a rule file without one is an error.
func TestInlineTests(t *testing.T) {
	res, err := rules.RunTests(context.Background(), os.DirFS("testdata"), "inline-tests.good.yaml")
	require.NoError(t, err)
	assert.Equal(t, "inline-tests.good.yaml", res.Rules)
	require.Len(t, res.Cases, 2)
	for _, c := range res.Cases {
		assert.True(t, c.Passed, "RunTests(inline-tests.good.yaml) case %q: %v", c.Name, c.Diff)
	}
	assert.Equal(t, 100.0, res.Coverage.Percent)

	_, err = rules.ParseInlineTests("none.yaml", []byte("xiaoneng: 1\n"))
	require.Error(t, err)
	assert.Equal(t, "none.yaml:1:1: the rule file has no tests: section (and no NAME_test.yaml is given)", err.Error())
}
