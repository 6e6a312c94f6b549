package schema

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/xiaoneng/xiaoneng/rules"
)

func compile(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	f, err := os.Open("rules.schema.json")
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	require.NoError(t, c.AddResource("rules.schema.json", doc))
	s, err := c.Compile("rules.schema.json")
	require.NoError(t, err, "the schema compiles")
	return s
}

// toJSON converts YAML to the JSON value the schema sees: scalars keep their
// text (dates stay strings), numbers and booleans stay what they are.
func toJSON(t *testing.T, src []byte) any {
	t.Helper()
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal(src, &doc))
	var conv func(n *yaml.Node) any
	conv = func(n *yaml.Node) any {
		switch n.Kind {
		case yaml.DocumentNode:
			return conv(n.Content[0])
		case yaml.MappingNode:
			m := map[string]any{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				m[n.Content[i].Value] = conv(n.Content[i+1])
			}
			return m
		case yaml.SequenceNode:
			l := []any{}
			for _, c := range n.Content {
				l = append(l, conv(c))
			}
			return l
		}
		switch n.Tag {
		case "!!int", "!!float":
			var v json.Number
			var f float64
			require.NoError(t, n.Decode(&f))
			b, _ := json.Marshal(f)
			v = json.Number(b)
			return v
		case "!!bool":
			var b bool
			require.NoError(t, n.Decode(&b))
			return b
		case "!!null":
			return nil
		}
		return n.Value
	}
	return conv(&doc)
}

// accepted are the rule files the loader accepts, with the fs to load them from.
func accepted(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	globs := []string{"../rules/testdata/*.good.yaml", "../rules/city.yaml", "../examples/*/*.yaml", "../cmd/xiaoneng/testdata/*.yaml"}
	for _, g := range globs {
		names, err := filepath.Glob(g)
		require.NoError(t, err)
		for _, name := range names {
			if strings.HasSuffix(name, "_test.yaml") {
				continue
			}
			dir, base := filepath.Split(name)
			if _, err := rules.Load(os.DirFS(dir), base); err != nil {
				continue // the loader refuses it (a bad file, a cycle): not the schema's concern here
			}
			src, err := os.ReadFile(name)
			require.NoError(t, err)
			files[name] = src
		}
	}
	require.GreaterOrEqual(t, len(files), 4, "accepted files found: %v", files)
	return files
}

// TestSchemaAcceptsWhatTheLoaderAccepts: every rule file in the repository
// that the loader accepts validates against the schema.
func TestSchemaAcceptsWhatTheLoaderAccepts(t *testing.T) {
	s := compile(t)
	for name, src := range accepted(t) {
		err := s.Validate(toJSON(t, src))
		assert.NoError(t, err, "schema refuses %s, which the loader accepts", name)
	}
}

// unknownKeyBases are rule files the loader and the schema accept, each with
// %s slots, and for each slot the text that puts the unknown key "colour"
// there (a flow mapping's next pair, or a block mapping's next line at the
// right indentation).
var unknownKeyBases = []struct {
	name    string
	src     string
	inserts []string
}{
	{
		name: "core sections",
		src: `xiaoneng: 1
jurisdiction: {id: t, name: {zh-Hans: 测, en: T}%s}
extends: [xiaoneng:city]
params: {x: 1}
calendar:
  fallback: weekends%s
  years:
    - {year: 2040, holidays: [{from: 2040-01-01, to: 2040-01-01%s}]%s}
rules:
  - id: r
    on: case
    system: S1
    severity: minor
    title: {zh-Hans: 甲, en: a%s}
    when: "true"
    message: {zh-Hans: 甲, en: a}
    effective_from: 2026-01-01%s
overrides:
  - {id: P1.order.late, severity: major%s}
%s`,
		inserts: []string{
			", colour: red",     // jurisdiction
			"\n  colour: red",   // calendar
			", colour: red",     // a holiday range
			", colour: red",     // a calendar year
			", colour: red",     // a text
			"\n    colour: red", // a rule
			", colour: red",     // an override
			"colour: red\n",     // the file
		},
	},
	{
		name: "campaign, accountability and appraisal",
		src: `xiaoneng: 1
jurisdiction: {id: t}
campaign:
  year: 2026
  theme: {zh-Hans: 主题, en: Theme}
  units:
    - {id: u1, name: {zh-Hans: 甲, en: A}%s}
    - {id: u2, name: {zh-Hans: 乙, en: B}}
  goals:
    - {id: g1, name: {zh-Hans: 目标, en: Goal}%s}
  phases:
    - id: mobilization
      from: 2026-09-01
      to: 2026-09-30
      tasks:
        - {id: t1, name: {zh-Hans: 任务, en: Task}, lead: u1, partners: [u2]%s}%s
    - {id: rectification, from: 2026-10-01, to: 2026-11-30}
    - {id: consolidation, from: 2026-12-01, to: 2026-12-31}
  deliverables:
    - {id: plan, name: {zh-Hans: 方案, en: Plan}, due: 2026-09-30, recipient: {zh-Hans: 办公室, en: Office}%s}
  measures:
    - {id: m1, name: {zh-Hans: 措施, en: Measure}, lead: u1, partners: [u2], goals: [g1], report_due: 2026-11-30%s}%s
rules:
  - id: r
    on: unit
    system: S1
    severity: minor
    title: {zh-Hans: 甲, en: a}
    when: "true"
    message: {zh-Hans: 甲, en: a}
    goals: [g1]
accountability:
  steps:
    - {id: s1, name: {zh-Hans: 轻微, en: Minor}, when: "true", measures: [criticism]%s}
  always: [no-honours]
  factors:
    - {id: f1, effect: aggravating, name: {zh-Hans: 阻挠, en: Obstruction}%s}
  exemptions:
    - {id: e1, name: {zh-Hans: 不可抗力, en: Force majeure}%s}
  leaders:
    - {id: l1, name: {zh-Hans: 领导, en: Leaders}, when: "true", measures: [admonishment]%s}%s
appraisal:
  base: 100
  min: 0
  max: 105
  dimensions:
    - {id: d1, name: {zh-Hans: 效率, en: Efficiency}, weight: 100, score: "1"%s}
  deductions:
    - {id: x1, name: {zh-Hans: 问题, en: Findings}, findings: {severity: major, warnings: false%s}, each: 2, cap: 10%s}
  bonuses:
    - {id: b1, name: {zh-Hans: 提前, en: Early}, points: "1", cap: 3}
  grades:
    - {id: good, name: {zh-Hans: 良好, en: Good}, min: 80%s}
    - {id: fail, name: {zh-Hans: 不合格, en: Fail}}
  advanced: 1
  lagging: 1%s
`,
		inserts: []string{
			", colour: red",       // a campaign unit
			", colour: red",       // a campaign goal
			", colour: red",       // a task
			"\n      colour: red", // a phase
			", colour: red",       // a deliverable
			", colour: red",       // a key measure
			"\n  colour: red",     // campaign
			", colour: red",       // a ladder step
			", colour: red",       // a factor
			", colour: red",       // an exemption
			", colour: red",       // a leaders' rule
			"\n  colour: red",     // accountability
			", colour: red",       // a dimension
			", colour: red",       // findings (the selection)
			", colour: red",       // a deduction
			", colour: red",       // a grade
			"\n  colour: red",     // appraisal
		},
	},
}

// fillSlots fills the slots of src with nothing, except slot at (-1: none)
// with its insert.
func fillSlots(src string, inserts []string, at int) string {
	args := make([]any, len(inserts))
	for i := range args {
		args[i] = ""
		if i == at {
			args[i] = inserts[i]
		}
	}
	return sprintf(src, args...)
}

// TestSchemaRefusesUnknownKeys: an unknown key at every level the loader
// checks strictly is refused by the loader and by the schema alike.
func TestSchemaRefusesUnknownKeys(t *testing.T) {
	s := compile(t)
	for _, base := range unknownKeyBases {
		fill := func(at int) string { return fillSlots(base.src, base.inserts, at) }
		require.Equal(t, len(base.inserts), strings.Count(base.src, "%s"), "%s: one insert per slot", base.name)
		good := fill(-1)
		_, err := rules.Parse("good.yaml", []byte(good))
		require.NoError(t, err, "%s: the base file loads", base.name)
		require.NoError(t, s.Validate(toJSON(t, []byte(good))), "%s: the base file validates", base.name)
		for i := range base.inserts {
			src := fill(i)
			_, err := rules.Parse("bad.yaml", []byte(src))
			require.Error(t, err, "%s, slot %d: the loader accepts an unknown key:\n%s", base.name, i, src)
			assert.Contains(t, err.Error(), `unknown field "colour"`, "%s, slot %d", base.name, i)
			assert.Error(t, s.Validate(toJSON(t, []byte(src))), "%s, slot %d: the schema accepts an unknown key the loader refuses:\n%s", base.name, i, src)
		}
	}
	// The repository's bad files refused for an unknown key are refused by the schema too.
	names, err := filepath.Glob("../rules/testdata/*.bad.yaml")
	require.NoError(t, err)
	n := 0
	for _, name := range names {
		want, err := os.ReadFile(strings.TrimSuffix(name, ".yaml") + ".err")
		require.NoError(t, err)
		if !bytes.Contains(want, []byte("unknown field")) || bytes.Contains(want, []byte("see the field reference")) && !bytes.Contains(want, []byte(" in ")) {
			continue
		}
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		var probe yaml.Node
		if yaml.Unmarshal(src, &probe) != nil {
			continue
		}
		n++
		assert.Error(t, s.Validate(toJSON(t, src)), "schema accepts %s, which the loader refuses for an unknown key", name)
	}
	assert.Positive(t, n, "no bad file with an unknown key was checked")
}

// TestSchemaRefusesWhatTheLoaderRefuses: structural mistakes in the
// campaign, accountability and appraisal sections (a missing required field,
// a wrong type, an unknown enum value, a broken either-or) are refused by the
// loader and by the schema alike. Each case edits the accepted file of
// unknownKeyBases once.
func TestSchemaRefusesWhatTheLoaderRefuses(t *testing.T) {
	s := compile(t)
	base := unknownKeyBases[1]
	good := fillSlots(base.src, base.inserts, -1)
	_, err := rules.Parse("good.yaml", []byte(good))
	require.NoError(t, err, "the base file loads")
	require.NoError(t, s.Validate(toJSON(t, []byte(good))), "the base file validates")
	tests := []struct {
		name, old, new string
	}{
		{"campaign without year", "  year: 2026\n", ""},
		{"campaign year not an integer", "year: 2026", "year: twenty-six"},
		{"campaign with two phases", "    - {id: consolidation, from: 2026-12-01, to: 2026-12-31}\n", ""},
		{"unknown phase", "id: mobilization", "id: mobilisation"},
		{"phase without from", "      from: 2026-09-01\n", ""},
		{"deliverable without due", ", due: 2026-09-30", ""},
		{"measure without lead", ", lead: u1, partners: [u2], goals", ", partners: [u2], goals"},
		{"measure without report_due", ", report_due: 2026-11-30", ""},
		{"campaign id in upper case", "{id: u1,", "{id: U1,"},
		{"duplicate partner", "partners: [u2]}", "partners: [u2, u2]}"},
		{"rule goals not a list", "    goals: [g1]\n", "    goals: g1\n"},
		{"duplicate rule goal", "    goals: [g1]\n", "    goals: [g1, g1]\n"},
		{"accountability without steps", "  steps:\n    - {id: s1, name: {zh-Hans: 轻微, en: Minor}, when: \"true\", measures: [criticism]}\n", ""},
		{"step without measures", "measures: [criticism]", "measures: []"},
		{"step without when", `when: "true", measures: [criticism]`, "measures: [criticism]"},
		{"unknown measure", "measures: [criticism]", "measures: [flogging]"},
		{"duplicate measure", "always: [no-honours]", "always: [no-honours, no-honours]"},
		{"always not a list", "always: [no-honours]", "always: no-honours"},
		{"unknown effect", "effect: aggravating", "effect: aggravatin"},
		{"factor without effect", "effect: aggravating, ", ""},
		{"ladder id with a space", "{id: s1,", "{id: s 1,"},
		{"exemption not a mapping", "    - {id: e1, name: {zh-Hans: 不可抗力, en: Force majeure}}\n", "    - force-majeure\n"},
		{"appraisal without base", "  base: 100\n", ""},
		{"appraisal without grades", "  grades:\n    - {id: good, name: {zh-Hans: 良好, en: Good}, min: 80}\n    - {id: fail, name: {zh-Hans: 不合格, en: Fail}}\n", ""},
		{"empty grades", "  grades:\n    - {id: good, name: {zh-Hans: 良好, en: Good}, min: 80}\n    - {id: fail, name: {zh-Hans: 不合格, en: Fail}}\n", "  grades: []\n"},
		{"appraisal id in upper case", "{id: d1,", "{id: D1,"},
		{"dimension without score", `, score: "1"`, ""},
		{"points and findings", ", each: 2, cap: 10", `, each: 2, points: "1", cap: 10`},
		{"findings without each", ", each: 2, cap: 10", ", cap: 10"},
		{"points with each", `points: "1", cap: 3`, `points: "1", each: 1, cap: 3`},
		{"neither points nor findings", `, points: "1", cap: 3`, ", cap: 3"},
		{"cap not positive", `points: "1", cap: 3`, `points: "1", cap: 0`},
		{"unknown severity in findings", "severity: major", "severity: grave"},
		{"negative advanced", "advanced: 1", "advanced: -1"},
		{"lagging not an integer", "lagging: 1", "lagging: two"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Contains(t, good, tt.old, "the edit applies")
			src := strings.Replace(good, tt.old, tt.new, 1)
			_, err := rules.Parse("bad.yaml", []byte(src))
			require.Error(t, err, "the loader accepts it:\n%s", src)
			assert.Error(t, s.Validate(toJSON(t, []byte(src))), "the schema accepts what the loader refuses (%v):\n%s", err, src)
		})
	}
}
