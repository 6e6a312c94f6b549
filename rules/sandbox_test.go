package rules

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/expr-lang/expr/builtin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// oneRule is a minimal rule file around one condition on a case.
func oneRule(when string) []byte {
	return fmt.Appendf(nil, `xiaoneng: 1
jurisdiction: {id: t}
rules:
  - id: r
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 题, en: Title}
    when: %q
    message: {zh-Hans: 消息, en: message}
`, when)
}

func TestScanDepth(t *testing.T) {
	tests := []struct {
		code string
		max  int
		deep bool
		off  int
	}{
		{"(((a)))", 3, false, 0},
		{"(((a)))", 2, true, 2},
		{"[{(a)}]", 2, true, 2},
		{"!!!a", 2, true, 2},
		{"not not not a", 2, true, 8},
		{"a != b && a != c && a != d", 1, false, 0},             // != is not unary
		{"a not in b && c not in d && e not in f", 0, false, 0}, // binary not in
		{"a - b - c - d - e", 0, false, 0},                      // binary minus
		{"-(-(-a))", 5, false, 0},
		{"-(-(-a))", 4, true, 4},
		{"!(!(!(a)))", 5, true, 5},
		{`"((((((" + '))))!!!!' + ` + "`((((`", 0, false, 0}, // string literals
		{"a // ((((((\n && b", 0, false, 0},                  // comments
		{"a /* (((((( */ && b", 0, false, 0},
		{"a ? b : c ? d : e ? f : g", 2, true, 18},
		{"a ?? b ?? c ?? d", 0, false, 0},
		{"a?.b?.c", 0, false, 0},
		{"2 ** 2 ** 2", 1, true, 7},
		{"(a) (b) (c) (d)", 1, false, 0},
		{"（（（", 0, false, 0}, // full-width brackets are not brackets
		{"\"unterminated ((((", 0, false, 0},
		{"", 0, false, 0},
	}
	for _, tt := range tests {
		off, deep := scanDepth(tt.code, tt.max)
		assert.Equal(t, tt.deep, deep, "scanDepth(%q, %d) deep = %v, want %v", tt.code, tt.max, deep, tt.deep)
		if tt.deep {
			assert.Equal(t, tt.off, off, "scanDepth(%q, %d) offset = %d, want %d", tt.code, tt.max, off, tt.off)
		}
	}
}

// TestSandboxDeepNestingRefused: a megabyte of nesting, which overflows
// expr's parser stack and kills the process, is refused before the parser
// runs, even with the length limit lifted; with the default limits the
// length check refuses it first. The test passing (the process alive) is
// the proof; `go test -v` shows it takes milliseconds.
func TestSandboxDeepNestingRefused(t *testing.T) {
	const mb = 1 << 20
	inputs := map[string]string{
		"brackets": strings.Repeat("(", mb) + "true" + strings.Repeat(")", mb),
		"arrays":   "len(" + strings.Repeat("[", mb) + strings.Repeat("]", mb) + ") > 0",
		"not":      strings.Repeat("!", mb) + "true",
		"minus":    strings.Repeat("-", mb) + "1 > 0",
		"ternary":  strings.Repeat("true ? ", mb/7) + "true" + strings.Repeat(" : false", mb/7),
	}
	for name, cond := range inputs {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("deep.yaml", oneRule(cond), WithSandbox(Limits{MaxLength: 16 * mb, MaxNodes: 1 << 30}))
			require.Error(t, err)
			errs := Errors(err)
			require.Len(t, errs, 1, "Parse(deep %s) = %v", name, err)
			assert.Contains(t, errs[0].Error(), "expression nested too deeply (more than 64 levels")
			assert.Equal(t, 9, errs[0].Line)
			assert.NotEmpty(t, errs[0].Msg.ZhHans)

			_, err = Parse("deep.yaml", oneRule(cond))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "expression too long")
		})
	}
}

// TestSandboxDeepYAMLRefused: a rule file that is a megabyte of nested YAML
// flow collections fails with an error, not a crash.
func TestSandboxDeepYAMLRefused(t *testing.T) {
	src := "xiaoneng: 1\nrules: " + strings.Repeat("[", 1<<20) + strings.Repeat("]", 1<<20) + "\n"
	_, err := Parse("deep.yaml", []byte(src))
	require.Error(t, err)
	require.NotEmpty(t, Errors(err))
}

func TestSandboxRefusesBeyondTighterLimits(t *testing.T) {
	tests := []struct {
		cond   string
		limits Limits
		want   string
	}{
		{"any(case.officials, (# == case.responsible))", Limits{MaxDepth: 1},
			`t.yaml:9:32: rule "r": expression nested too deeply (more than 1 levels of brackets, unary operators, ternaries and powers)`},
		{"any(case.officials, any(case.officials, # == case.responsible))", Limits{MaxPredicateDepth: 1},
			`t.yaml:9:32: rule "r": predicates nested too deeply (any at level 2, the limit is 1)`},
		{"case.notices.count + case.fees.count > 1", Limits{MaxNodes: 3},
			`t.yaml:9:31: rule "r": compilation failed: expression exceeds maximum allowed nodes`},
		{"case.received", Limits{MaxLength: 5}, `t.yaml:9:11: rule "r": expression too long (13 bytes, the limit is 5)`},
	}
	for _, tt := range tests {
		_, err := Parse("t.yaml", oneRule(tt.cond))
		require.NoError(t, err, "Parse(%s) with the default limits", tt.cond)
		_, err = Parse("t.yaml", oneRule(tt.cond), WithSandbox(tt.limits))
		require.Error(t, err, "Parse(%s) with %+v", tt.cond, tt.limits)
		assert.Equal(t, tt.want, err.Error(), "Parse(%s) with %+v", tt.cond, tt.limits)
	}
}

func TestWithSandboxValidates(t *testing.T) {
	for _, l := range []Limits{{MaxLength: -1}, {MaxDepth: -1}, {MaxDepth: HardMaxDepth + 1}, {MaxIterations: -5}} {
		_, err := Parse("t.yaml", oneRule("true"), WithSandbox(l))
		assert.Error(t, err, "WithSandbox(%+v) accepted", l)
	}
	rs, err := Parse("t.yaml", oneRule("true"), WithSandbox(Limits{MaxIterations: 10}), WithLimits(100, 200))
	require.NoError(t, err)
	want := DefaultLimits()
	want.MaxIterations, want.MaxNodes, want.MaxLength = 10, 100, 200
	assert.Equal(t, want, rs.Limits(), "Limits() after WithSandbox and WithLimits")
}

// TestAllowedBuiltinsExist keeps the allow-list honest: each name is one of
// expr's builtins (a typo would silently allow nothing).
func TestAllowedBuiltinsExist(t *testing.T) {
	for _, name := range AllowedBuiltins() {
		_, ok := builtin.Index[name]
		if !ok {
			_, ok = map[string]bool{"all": true, "any": true, "none": true, "one": true, "filter": true, "map": true,
				"count": true, "sum": true, "find": true, "findIndex": true, "findLast": true, "findLastIndex": true, "sortBy": true}[name]
		}
		assert.True(t, ok, "allowed builtin %q is not an expr builtin", name)
	}
}

// TestSandboxRefusesEveryOtherBuiltin: every expr builtin outside the
// allow-list, the predicates among them (which DisableAllBuiltins leaves
// enabled), is refused at load.
func TestSandboxRefusesEveryOtherBuiltin(t *testing.T) {
	calls := map[string]string{
		"reduce": "reduce(case.officials, 1, 0) > 0", "groupBy": "len(groupBy(case.officials, #)) > 0",
		"repeat": `repeat("a", 3) == ""`, "replace": `replace(case.id, "a", "b") == ""`, "join": `join(case.officials) == ""`,
		"split": `len(split(case.id, "-")) > 0`, "splitAfter": `len(splitAfter(case.id, "-")) > 0`,
		"toJSON": `toJSON(case.id) == ""`, "fromJSON": `fromJSON(case.id) == nil`, "toBase64": `toBase64(case.id) == ""`,
		"fromBase64": `fromBase64(case.id) == ""`, "flatten": `len(flatten([case.officials])) > 0`,
		"keys": `len(keys({"a": 1})) > 0`, "values": `len(values({"a": 1})) > 0`, "toPairs": `len(toPairs({"a": 1})) > 0`,
		"fromPairs": `len(fromPairs([["a", 1]])) > 0`, "bitnot": "bitnot(1) > 0", "bitand": "bitand(1, 2) > 0",
		"bitor": "bitor(1, 2) > 0", "bitxor": "bitxor(1, 2) > 0", "bitnand": "bitnand(1, 2) > 0",
		"bitshl": "bitshl(1, 2) > 0", "bitshr": "bitshr(1, 2) > 0", "bitushr": "bitushr(1, 2) > 0",
		"duration": "", "timezone": `timezone("UTC") != nil`, "now": "now() > at",
	}
	for _, b := range builtin.Builtins {
		if slices.Contains(allowedBuiltins, b.Name) || b.Name == "date" { // date is xiaoneng's own
			continue
		}
		cond, ok := calls[b.Name]
		require.True(t, ok, "expr builtin %q is neither allowed nor covered by this test", b.Name)
		if cond == "" {
			continue
		}
		_, err := Parse("t.yaml", oneRule(cond))
		require.Error(t, err, "Parse(%s) accepted a builtin outside the allow-list", cond)
		assert.Regexp(t, `not allowed|not available`, err.Error(), "Parse(%s)", cond)
	}
	for _, name := range []string{"reduce", "groupBy"} { // predicates
		_, err := Parse("t.yaml", oneRule(calls[name]))
		assert.ErrorContains(t, err, "function "+name+" is not allowed")
	}
}

func TestSandboxWorkBound(t *testing.T) {
	tests := []struct {
		cond string
		want cost
	}{
		{"case.received", nil},
		{`"a" in case.officials`, cost{0, 1}},
		{`case.responsible in ["a", "b"]`, nil}, // a constant set: a map lookup
		{"any(case.officials, # == case.responsible)", cost{0, 1}},
		{"count(case.officials, any(case.matter.materials, # == \"x\")) > 1", cost{0, 1, 1}},
		{"any(1..10, # > case.notices.count)", cost{10}},
		{"any(1..10, case.responsible in case.officials)", cost{10, 10}},
		{"len(filter(case.officials, # != \"\")) > 1", cost{0, 1}},
		{"any(map(case.officials, # + 1), # > 1)", nil}, // type error, see below
		{"workdays(case.received_at, at) > 3", cost{CalendarCallCost}},
		{"any(case.officials, workdays(case.received_at, at) > 3)", cost{0, 1 + CalendarCallCost}},
		{"sum(concat(case.officials, case.matter.materials), len(#)) > 1", cost{0, 4}}, // concat copies, sum iterates,
	}
	for _, tt := range tests {
		rs, err := Parse("t.yaml", oneRule(tt.cond))
		if tt.cond == "any(map(case.officials, # + 1), # > 1)" {
			require.Error(t, err)
			continue
		}
		require.NoError(t, err, "Parse(%s)", tt.cond)
		got := rs.rules[0].whenWork
		for len(got) > 0 && got[len(got)-1] == 0 {
			got = got[:len(got)-1]
		}
		if len(got) == 0 {
			got = nil
		}
		assert.Equal(t, tt.want, got, "work bound of %s = %v, want %v", tt.cond, got, tt.want)
	}
}

// TestCityRulesWithinBudget: the city's rules can run on subjects with a
// thousand-element lists under the default budget.
func TestCityRulesWithinBudget(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	for _, r := range rs.Rules() {
		assert.LessOrEqual(t, r.whenWork.at(1000), float64(DefaultMaxIterations), "rule %s bound at L=1000", r.ID)
		for _, ev := range r.evidence {
			assert.LessOrEqual(t, ev.work.at(1000), float64(DefaultMaxIterations), "rule %s evidence %s", r.ID, ev.name)
		}
	}
}

func officialsCase(id string, n int) efficiency.Case {
	c := receivedCase(id, at(2026, 9, 30, 9))
	for i := range n {
		c.Officials = append(c.Officials, fmt.Sprintf("o%d", i))
	}
	return c
}

// TestSandboxPredicateBombBounded: nested predicates over a long list of the
// subject's (count(xs, any(xs, any(xs, …))) ran for minutes on 2,000 items)
// are refused on that subject before running, with a clear error; the same
// rule runs on subjects with short lists, and the other rules run anyway.
func TestSandboxPredicateBombBounded(t *testing.T) {
	bomb := "count(case.officials, any(case.officials, any(case.officials, any(case.officials, # == case.responsible)))) > 0"
	_, err := Parse("bomb.yaml", oneRule(bomb))
	require.ErrorContains(t, err, "predicates nested too deeply (any at level 3, the limit is 2)")

	src := strings.Replace(string(oneRule(bomb)), "rules:\n", `rules:
  - id: plain
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 收件, en: Received}
    when: case.received
    message: {zh-Hans: 收件, en: received}
`, 1)
	rs, err := Parse("bomb.yaml", []byte(src), WithSandbox(Limits{MaxPredicateDepth: 4}))
	require.NoError(t, err, "a caller may loosen the predicate depth")
	facts := &efficiency.Facts{Cases: []efficiency.Case{officialsCase("big", 2000), officialsCase("small", 5)}}
	facts.Cases[1].Responsible = "o3"
	r, err := rs.Evaluate(context.Background(), facts, at(2026, 10, 9, 12))
	require.NoError(t, err)
	require.Len(t, r.Errors, 1, "Evaluate errors = %v", r.Errors)
	e := r.Errors[0]
	assert.Equal(t, "r", e.Rule)
	assert.Equal(t, "big", e.Subject.ID)
	assert.Equal(t, "work limit exceeded: could iterate up to 16008004002000 times on this subject (its longest list has 2000 elements), above the limit of 1000000", e.Message.En)
	assert.Equal(t, "超出工作量上限：在此对象上最多可能迭代 16008004002000 次（其最长列表有 2000 个元素），超过上限 1000000", e.Message.ZhHans)
	var rules []string
	for _, f := range r.Findings {
		rules = append(rules, f.Rule+"@"+f.Subject.ID)
	}
	assert.ElementsMatch(t, []string{"plain@big", "plain@small", "r@small"}, rules, "findings")
	assert.Equal(t, 2, r.Evaluated[efficiency.CaseSubject])
}

// TestSandboxMemoryBudget: arrays and ranges built at run time count
// against MaxMemory.
func TestSandboxMemoryBudget(t *testing.T) {
	rs, err := Parse("t.yaml", oneRule("len(1..100000) > case.notices.count"), WithSandbox(Limits{MaxMemory: 1000}))
	require.NoError(t, err)
	r, err := rs.Evaluate(context.Background(), &efficiency.Facts{Cases: []efficiency.Case{receivedCase("c", at(2026, 9, 30, 9))}}, at(2026, 10, 9, 12))
	require.NoError(t, err)
	require.Len(t, r.Errors, 1)
	assert.Contains(t, r.Errors[0].Message.En, "memory budget exceeded")
}

func TestListPathsFindEveryList(t *testing.T) {
	got := map[efficiency.SubjectKind]int{}
	for _, k := range efficiency.SubjectKinds() {
		got[k] = len(listPaths(typeOfEnv(k)))
	}
	assert.Equal(t, 8, got[efficiency.CaseSubject], "case lists: officials, materials, fee items, notice materials, beyond list, unit deliverables, unit submitted, unit measures")
	assert.Equal(t, 3, got[efficiency.OrderSubject], "order lists: unit deliverables, unit submitted, unit measures")
	c := officialsCase("c", 7)
	c.Matter.Materials = make([]string, 9)
	assert.Equal(t, 9, longestList(CaseEnv{Case: CaseFacts{Officials: c.Officials, Matter: MatterFacts{Materials: c.Matter.Materials}}},
		listPaths(typeOfEnv(efficiency.CaseSubject))))
}

func typeOfEnv(k efficiency.SubjectKind) reflect.Type { return reflect.TypeOf(envFor(k)) }
