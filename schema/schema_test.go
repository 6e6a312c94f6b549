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

// TestSchemaRefusesUnknownKeys: an unknown key at every level the loader
// checks strictly is refused by the loader and by the schema alike.
func TestSchemaRefusesUnknownKeys(t *testing.T) {
	s := compile(t)
	base := `xiaoneng: 1
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
%s`
	const slots = 8
	fill := func(at int) string {
		args := make([]any, slots)
		for i := range args {
			args[i] = ""
			if i == at {
				args[i] = ", colour: red"
				if i == 1 {
					args[i] = "\n  colour: red"
				}
				if i == 5 {
					args[i] = "\n    colour: red"
				}
				if i == 7 {
					args[i] = "colour: red\n"
				}
			}
		}
		return sprintf(base, args...)
	}
	good := fill(-1)
	_, err := rules.Parse("good.yaml", []byte(good))
	require.NoError(t, err, "the base file loads")
	require.NoError(t, s.Validate(toJSON(t, []byte(good))), "the base file validates")
	for i := range slots {
		src := fill(i)
		_, err := rules.Parse("bad.yaml", []byte(src))
		require.Error(t, err, "slot %d: the loader accepts an unknown key:\n%s", i, src)
		assert.Contains(t, err.Error(), `unknown field "colour"`, "slot %d", i)
		assert.Error(t, s.Validate(toJSON(t, []byte(src))), "slot %d: the schema accepts an unknown key the loader refuses:\n%s", i, src)
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
