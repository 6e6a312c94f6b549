package rules_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/rules"
)

// parentYAML is a small parent file: two params, two rules.
const parentYAML = `xiaoneng: 1
jurisdiction: {id: city, name: {zh-Hans: 市, en: City}}
params:
  limit: 3
  label: slow
rules:
  - id: case.slow
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 办理慢, en: Slow}
    when: case.workdays.elapsed > params.limit
    message: {zh-Hans: 慢, en: slow}
  - id: case.any
    on: case
    system: S1
    severity: notice
    title: {zh-Hans: 任何办件, en: Any case}
    when: "true"
    message: {zh-Hans: 有, en: any}
`

func inheritFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{"city/parent.yaml": {Data: []byte(parentYAML)}}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

// TestInheritance: what a child may and may not do to its parents, with the exact errors.
func TestInheritance(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string // the errors, or "" for success
		check func(t *testing.T, rs *rules.RuleSet)
	}{
		{
			name: "params override and new rule",
			files: map[string]string{"county/child.yaml": `xiaoneng: 1
jurisdiction: {id: county, name: {zh-Hans: 县, en: County}}
extends: [../city/parent.yaml]
params:
  limit: 1
  extra: 2
rules:
  - id: county.extra
    on: case
    system: S3
    severity: minor
    title: {zh-Hans: 本县规则, en: County rule}
    when: case.workdays.elapsed > params.extra
    message: {zh-Hans: 县, en: county}
`},
			check: func(t *testing.T, rs *rules.RuleSet) {
				assert.Equal(t, "county", rs.Jurisdiction().ID)
				v, _ := rs.Param("limit")
				assert.Equal(t, 1, v, "Param(limit) after override")
				v, _ = rs.Param("label")
				assert.Equal(t, "slow", v, "Param(label) inherited")
				assert.Equal(t, []string{"limit", "label", "extra"}, rs.Params())
				ids := []string{}
				for _, r := range rs.Rules() {
					ids = append(ids, r.ID)
				}
				assert.Equal(t, []string{"case.slow", "case.any", "county.extra"}, ids)
				slow, _ := rs.Rule("case.slow")
				assert.Equal(t, efficiency.Source{File: "city/parent.yaml", Line: 7, Changes: []efficiency.Change{
					{File: "county/child.yaml", Line: 5, Fields: []string{"params.limit"}}}}, slow.Source)
				anyRule, _ := rs.Rule("case.any")
				assert.Empty(t, anyRule.Source.Changes, "case.any reads no overridden param")
				extra, _ := rs.Rule("county.extra")
				assert.Equal(t, efficiency.Source{File: "county/child.yaml", Line: 8}, extra.Source)
			},
		},
		{
			name: "severity change and disable with reason",
			files: map[string]string{"child.yaml": `xiaoneng: 1
extends: city/parent.yaml
overrides:
  - id: case.slow
    severity: major
  - id: case.any
    disabled: true
    reason: {zh-Hans: 本县不适用, en: not applicable here}
`},
			check: func(t *testing.T, rs *rules.RuleSet) {
				assert.Equal(t, "city", rs.Jurisdiction().ID, "a child without a jurisdiction inherits it")
				slow, ok := rs.Rule("case.slow")
				require.True(t, ok)
				assert.Equal(t, efficiency.Major, slow.Severity)
				assert.Equal(t, []efficiency.Change{{File: "child.yaml", Line: 4, Fields: []string{"severity"}}}, slow.Source.Changes)
				_, ok = rs.Rule("case.any")
				assert.False(t, ok, "a disabled rule is not in force")
				dis := rs.Disabled()
				require.Len(t, dis, 1)
				assert.Equal(t, "case.any", dis[0].ID)
				assert.True(t, dis[0].Disabled)
				assert.Equal(t, efficiency.T("本县不适用", "not applicable here"), dis[0].Source.Changes[0].Reason)
			},
		},
		{
			name: "disable without reason",
			files: map[string]string{"child.yaml": `xiaoneng: 1
extends: [city/parent.yaml]
overrides:
  - id: case.any
    disabled: true
`},
			want: `child.yaml:4:5: rule "case.any": disabling an inherited rule needs a reason (reason: {zh-Hans: …, en: …})`,
		},
		{
			name: "redefinition refused",
			files: map[string]string{"child.yaml": `xiaoneng: 1
extends: [city/parent.yaml]
rules:
  - id: case.slow
    on: case
    prohibition: P2
    severity: major
    title: {zh-Hans: 办理慢, en: Slow}
    when: "true"
    message: {zh-Hans: 慢, en: slow}
`},
			want: `child.yaml:4:5: rule "case.slow": rule "case.slow" is inherited from city/parent.yaml:7 and cannot be redefined (change it under overrides, or choose another id)`,
		},
		{
			name: "override of an unknown rule, param of another type, empty override",
			files: map[string]string{"child.yaml": `xiaoneng: 1
extends: [city/parent.yaml]
params:
  limit: "three"
overrides:
  - id: case.slw
    severity: major
  - id: case.any
`},
			want: `child.yaml:4:10: param "limit" is a number in city/parent.yaml; the override must be one too
child.yaml:6:5: rule "case.slw": the overridden rule "case.slw" is not among the inherited rules (did you mean "case.slow"?)
child.yaml:8:5: rule "case.any": the override changes nothing (it may set severity, disabled, effective_from, effective_until)`,
		},
		{
			name: "cycle",
			files: map[string]string{
				"a.yaml": "xiaoneng: 1\nextends: [b.yaml]\n",
				"b.yaml": "xiaoneng: 1\nextends: [c.yaml]\n",
				"c.yaml": "xiaoneng: 1\nextends: [a.yaml]\n",
			},
			want: `c.yaml:2:11: extends cycle: a.yaml → b.yaml → c.yaml → a.yaml`,
		},
		{
			name:  "extends itself",
			files: map[string]string{"a.yaml": "xiaoneng: 1\nextends: a.yaml\n"},
			want:  `a.yaml:2:10: extends cycle: a.yaml → a.yaml`,
		},
		{
			name:  "missing parent",
			files: map[string]string{"a.yaml": "xiaoneng: 1\nextends:\n  - city/parent.yaml\n  - nope.yaml\n"},
			want:  `a.yaml:4:5: parent file "nope.yaml" not found (open nope.yaml: file does not exist)`,
		},
		{
			name:  "parent outside the file system",
			files: map[string]string{"a.yaml": "xiaoneng: 1\nextends: [../x.yaml]\n"},
			want:  `a.yaml:2:11: invalid parent path "../x.yaml" (relative to this file's directory, it may not leave the file system's root)`,
		},
		{
			name: "errors in a parent are reported in the parent",
			files: map[string]string{
				"a.yaml":   "xiaoneng: 1\nextends: [bad.yaml]\nparams: {x: 1}\n",
				"bad.yaml": "xiaoneng: 1\nrules:\n  - id: r\n    on: case\n    system: S1\n    severity: minor\n    title: {zh-Hans: 甲, en: a}\n    when: case.nope\n    message: {zh-Hans: 甲, en: a}\n",
			},
			want: `bad.yaml:8:16: rule "r": unknown field "nope" (see the field reference for what case offers)`,
		},
		{
			name: "diamond: a parent reached twice is read once",
			files: map[string]string{
				"l.yaml": "xiaoneng: 1\nextends: [city/parent.yaml]\nparams: {l: 1}\n",
				"r.yaml": "xiaoneng: 1\nextends: [city/parent.yaml]\nparams: {r: 1}\n",
				"a.yaml": "xiaoneng: 1\nextends: [l.yaml, r.yaml]\n",
			},
			check: func(t *testing.T, rs *rules.RuleSet) {
				assert.Len(t, rs.Rules(), 2)
				assert.Equal(t, []string{"limit", "label", "l", "r"}, rs.Params())
			},
		},
		{
			name: "calendar years: a child adds, never redefines",
			files: map[string]string{
				"p.yaml": "xiaoneng: 1\ncalendar:\n  years:\n    - {year: 2040, holidays: [{from: 2040-01-01, to: 2040-01-01}]}\n",
				"a.yaml": "xiaoneng: 1\nextends: [p.yaml]\ncalendar:\n  years:\n    - {year: 2040}\n    - {year: 2041}\n",
			},
			want: `a.yaml:5:7: calendar year 2040 is already defined in p.yaml:4 and cannot be redefined`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := "child.yaml"
			for name := range tt.files {
				if name == "a.yaml" || name == "county/child.yaml" {
					root = name
				}
			}
			rs, err := rules.Load(inheritFS(tt.files), root)
			if tt.want != "" {
				require.Error(t, err, "Load(%s) succeeded, want errors", tt.name)
				assert.Nil(t, rs)
				assert.Equal(t, tt.want, err.Error(), "Load(%s) errors", tt.name)
				for _, e := range rules.Errors(err) {
					assert.NotEmpty(t, e.Msg.ZhHans, "error %q has no Chinese message", e.Error())
				}
				return
			}
			require.NoError(t, err, "Load(%s)", tt.name)
			tt.check(t, rs)
		})
	}
}

// TestExtendsCity: a file extends the embedded city rules by name, through
// Load and Parse alike, and findings carry the provenance.
func TestExtendsCity(t *testing.T) {
	src := `xiaoneng: 1
jurisdiction: {id: county, name: {zh-Hans: 某县, en: The County}}
extends: [xiaoneng:city]
overrides:
  - id: P2.commitment.overdue
    severity: severe
    reason: {zh-Hans: 本县从严, en: stricter here}
`
	for name, load := range map[string]func() (*rules.RuleSet, error){
		"Load": func() (*rules.RuleSet, error) {
			return rules.Load(fstest.MapFS{"county.yaml": {Data: []byte(src)}}, "county.yaml")
		},
		"Parse": func() (*rules.RuleSet, error) { return rules.Parse("county.yaml", []byte(src)) },
	} {
		t.Run(name, func(t *testing.T) {
			rs, err := load()
			require.NoError(t, err)
			city, err := rules.Default()
			require.NoError(t, err)
			assert.Len(t, rs.Rules(), len(city.Rules()))
			facts := &efficiency.Facts{Cases: []efficiency.Case{newCase(
				acceptance(day(2026, 3, 2, 9, 0)), completion(day(2026, 3, 20, 9, 0))).build()}}
			rep, err := rs.Evaluate(context.Background(), facts, day(2026, 3, 31, 9, 0))
			require.NoError(t, err)
			var got *efficiency.Finding
			for i, f := range rep.Findings {
				if f.Rule == "P2.commitment.overdue" {
					got = &rep.Findings[i]
				}
			}
			require.NotNil(t, got, "Evaluate: no P2.commitment.overdue finding in %v", findingIDs(rep.Findings))
			assert.Equal(t, efficiency.Severe, got.Severity)
			r, _ := city.Rule("P2.commitment.overdue")
			assert.Equal(t, efficiency.Source{File: rules.DefaultFile, Line: r.Source.Line, Changes: []efficiency.Change{
				{File: "county.yaml", Line: 5, Fields: []string{"severity"}, Reason: efficiency.T("本县从严", "stricter here")}}}, got.Source)
		})
	}
}

func TestParseCannotReadParents(t *testing.T) {
	_, err := rules.Parse("a.yaml", []byte("xiaoneng: 1\nextends: [b.yaml, xiaoneng:town]\n"))
	require.Error(t, err)
	assert.Equal(t, `a.yaml:2:11: cannot read the parent file "b.yaml": Parse has no file system (use Load with an fs.FS)
a.yaml:2:19: unknown built-in parent "xiaoneng:town" (known: xiaoneng:city)`, err.Error())
}
