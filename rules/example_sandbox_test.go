package rules_test

import (
	"context"
	"fmt"
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/rules"
)

// A service keeps its rule set in a Current and swaps in a new one when the
// file changes; evaluations already running finish with the old one. A file
// that fails to load never replaces a working one.
func ExampleCurrent() {
	city, err := rules.Default()
	if err != nil {
		panic(err)
	}
	cur := rules.NewCurrent(city)

	// A new version of the file arrives, broken: keep the old rule set.
	if next, err := rules.Parse("county.yaml", []byte("xiaoneng: 1\nrules: [\n")); err == nil {
		cur.Store(next)
	} else {
		fmt.Println("kept", cur.Load().Jurisdiction().ID, "because:", err)
	}

	report, err := cur.Evaluate(context.Background(), &efficiency.Facts{}, time.Date(2026, 10, 12, 17, 0, 0, 0, efficiency.ShanghaiZone()))
	if err != nil {
		panic(err)
	}
	fmt.Println(report.Jurisdiction, len(report.Findings))
	// Output:
	// kept city because: county.yaml:2: YAML syntax error: did not find expected node content
	// city 0
}

// Rule files from less trusted offices can be held to tighter limits. A
// condition that nests predicates deeper than allowed is refused at load,
// with its position.
func ExampleWithSandbox() {
	src := []byte(`xiaoneng: 1
jurisdiction: {id: office}
rules:
  - id: nested
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 嵌套, en: Nested}
    when: 'any(case.officials, any(case.matter.materials, # == "x"))'
    message: {zh-Hans: 嵌套, en: nested}
`)
	_, err := rules.Parse("office.yaml", src, rules.WithSandbox(rules.Limits{MaxPredicateDepth: 1, MaxIterations: 10_000}))
	fmt.Println(err)
	// Output:
	// office.yaml:9:32: rule "nested": predicates nested too deeply (any at level 2, the limit is 1)
}
