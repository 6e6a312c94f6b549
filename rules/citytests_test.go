package rules_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/xiaoneng/xiaoneng/rules"
)

var writeCityTests = flag.Bool("write-city-tests", false, "rewrite city_test.yaml from the Go cases of city_test.go")

// TestCityRuleFile runs the city's shipped rule tests (city_test.yaml, what
// `xiaoneng test rules/city_test.yaml` runs) and requires 100% rule coverage.
func TestCityRuleFile(t *testing.T) {
	if *writeCityTests {
		require.NoError(t, os.WriteFile("city_test.yaml", cityTestsYAML(t), 0o644))
	}
	res, err := rules.RunTests(context.Background(), os.DirFS("."), "city_test.yaml")
	require.NoError(t, err, "RunTests(city_test.yaml)")
	require.NotEmpty(t, res.Cases)
	for _, c := range res.Cases {
		assert.True(t, c.Passed, "city_test.yaml:%d %s:\n%s", c.Line, c.Name, strings.Join(c.Diff, "\n"))
	}
	for _, r := range res.Coverage.Rules {
		assert.True(t, r.Covered(), "rule %s (%s:%d) is not covered: %d cases expect it to fire, %d not to", r.Rule, r.Source.File, r.Source.Line, r.Fired, r.Quiet)
	}
	city := city(t)
	assert.Equal(t, len(city.Rules()), res.Coverage.Total, "every rule of city.yaml is counted")
	assert.Equal(t, 100.0, res.Coverage.Percent, "RunTests(city_test.yaml) coverage")
	for _, st := range res.StepCoverage.Steps {
		assert.True(t, st.Covered(), "step %s (%s:%d) is not covered: %d cases expect it, %d not", st.Step, st.Source.File, st.Source.Line, st.Fired, st.Quiet)
	}
	ladder := city.Ladder()
	assert.Equal(t, len(ladder.Steps)+len(ladder.Leaders), res.StepCoverage.Total, "every step and leaders' rule of city.yaml is counted")
	assert.Equal(t, 100.0, res.StepCoverage.Percent, "RunTests(city_test.yaml) step coverage")
}

// TestCityRuleFileDefault: the test file can name the embedded city rules as xiaoneng:city.
func TestCityRuleFileDefault(t *testing.T) {
	src, err := os.ReadFile("city_test.yaml")
	require.NoError(t, err)
	src = bytes.Replace(src, []byte("rules: city.yaml"), []byte("rules: xiaoneng:city"), 1)
	suite, err := rules.ParseTests("elsewhere/x_test.yaml", src)
	require.NoError(t, err)
	assert.Equal(t, rules.CityParent, suite.Rules)
	rs := city(t)
	res, err := rs.RunTests(context.Background(), suite)
	require.NoError(t, err)
	assert.Zero(t, res.Failed())
	assert.Equal(t, 100.0, res.Coverage.Percent)
}

// cityTestsYAML renders the Go cases of city_test.go as a rule-test file.
func cityTestsYAML(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(`# Rule tests of the city's default rules (city.yaml): every rule fires in at least one case
# and stays quiet in another, at its boundaries. Run them with
#   xiaoneng test rules/city_test.yaml        or        go test ./rules
# Each case lists every finding and warning expected, nothing more; ` + "`about`" + ` names the rule
# the case is about, for coverage. (Generated once from rules/city_test.go with
# go test ./rules -run TestCityRuleFile -write-city-tests; edit either.)
rules: city.yaml
tests:
`)
	for _, c := range allCityCases() {
		facts, err := json.Marshal(c.facts)
		require.NoError(t, err)
		var fn yaml.Node
		require.NoError(t, yaml.Unmarshal(facts, &fn))
		restyle(fn.Content[0])
		exp := &yaml.Node{Kind: yaml.MappingNode}
		for _, sec := range []struct {
			key string
			ids []string
		}{{"findings", c.findings}, {"warnings", c.warnings}} {
			if len(sec.ids) == 0 {
				continue
			}
			seq := &yaml.Node{Kind: yaml.SequenceNode}
			for _, id := range sec.ids {
				rule, subj, _ := strings.Cut(id, "@")
				m := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
				add(m, "rule", str(rule))
				add(m, "subject", str(subj))
				if ev, ok := c.evidence[id]; ok {
					em := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
					for _, e := range ev {
						v := e.Value
						if tm, ok := v.(time.Time); ok {
							v = tm.Format(time.RFC3339Nano)
						}
						var vn yaml.Node
						js, err := json.Marshal(v)
						require.NoError(t, err)
						require.NoError(t, yaml.Unmarshal(js, &vn))
						restyle(vn.Content[0])
						add(em, e.Name, vn.Content[0])
					}
					add(m, "evidence", em)
				}
				if msg, ok := c.messages[id]; ok {
					mm := &yaml.Node{Kind: yaml.MappingNode}
					add(mm, "zh-Hans", str(msg.ZhHans))
					add(mm, "en", str(msg.En))
					m.Style = 0
					add(m, "message", mm)
				}
				seq.Content = append(seq.Content, m)
			}
			add(exp, sec.key, seq)
		}
		if len(exp.Content) == 0 {
			exp.Style = yaml.FlowStyle
		}
		item := &yaml.Node{Kind: yaml.MappingNode}
		add(item, "name", str(c.name))
		add(item, "about", &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: []*yaml.Node{str(c.rule)}})
		add(item, "at", str(c.at.Format(time.RFC3339)))
		add(item, "facts", fn.Content[0])
		add(item, "expect", exp)
		var out bytes.Buffer
		enc := yaml.NewEncoder(&out)
		enc.SetIndent(2)
		require.NoError(t, enc.Encode(&yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{item}}))
		for _, line := range strings.SplitAfter(out.String(), "\n") {
			if line != "" {
				b.WriteString("  " + line)
			}
		}
		b.WriteString("\n")
	}
	// The hand-written cases expecting triggers, from the marker on, are kept.
	if old, err := os.ReadFile("city_test.yaml"); err == nil {
		if i := bytes.Index(old, []byte(ladderMarker)); i >= 0 {
			b.Write(old[i:])
		}
	}
	return bytes.TrimRight(b.Bytes(), "\n")
}

// ladderMarker starts the hand-written cases of city_test.yaml that expect
// accountability triggers; -write-city-tests keeps them.
const ladderMarker = "  # Accountability triggers:"

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func add(m *yaml.Node, key string, v *yaml.Node) { m.Content = append(m.Content, str(key), v) }

// restyle makes JSON-decoded nodes block YAML, with small all-scalar
// mappings and sequences on one line.
func restyle(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		restyle(c)
	}
	if n.Kind != yaml.MappingNode && n.Kind != yaml.SequenceNode {
		return
	}
	width := 0
	for _, c := range n.Content {
		if c.Kind == yaml.SequenceNode && c.Style == yaml.FlowStyle {
			for _, e := range c.Content {
				width += len(e.Value) + 2
			}
			continue
		}
		if c.Kind != yaml.ScalarNode {
			return
		}
		width += len(c.Value) + 2
	}
	if width < 90 {
		n.Style = yaml.FlowStyle
	}
}
