package rules_test

import (
	"context"
	"fmt"
	"testing/fstest"

	"github.com/xiaoneng/xiaoneng/rules"
)

// A county's file extends the city's embedded rules, disables one with a
// reason and makes another stricter; each rule knows who changed it.
func ExampleLoad_extends() {
	fsys := fstest.MapFS{"county.yaml": {Data: []byte(`xiaoneng: 1
jurisdiction: {id: county, name: {zh-Hans: 某县, en: The County}}
extends: [xiaoneng:city]
overrides:
  - id: P1.order.late
    severity: major
  - id: S7.unit.satisfaction-rate
    disabled: true
    reason: {zh-Hans: 另行考核, en: appraised separately}
`)}}
	rs, err := rules.Load(fsys, "county.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	r, _ := rs.Rule("P1.order.late")
	fmt.Println(r.Severity, r.Source.File, r.Source.Changes[0].File, r.Source.Changes[0].Fields)
	for _, d := range rs.Disabled() {
		fmt.Println("disabled:", d.ID, "—", d.Source.Changes[0].Reason.En)
	}

	_, err = rules.Load(fstest.MapFS{"a.yaml": {Data: []byte("xiaoneng: 1\nextends: [b.yaml]\n")}}, "a.yaml")
	fmt.Println(err)
	// Output:
	// major city.yaml county.yaml [severity]
	// disabled: S7.unit.satisfaction-rate — appraised separately
	// a.yaml:2:11: parent file "b.yaml" not found (open b.yaml: file does not exist)
}

// Rule tests beside a rule file, run from Go as the CLI runs them.
func ExampleRunTests() {
	fsys := fstest.MapFS{
		"slow.yaml": {Data: []byte(`xiaoneng: 1
rules:
  - {id: slow, on: case, prohibition: P2, severity: minor, title: {zh-Hans: 慢, en: slow},
     when: case.workdays.elapsed > 2, message: {zh-Hans: 慢, en: slow}}
`)},
		"slow_test.yaml": {Data: []byte(`tests:
  - name: three days
    at: 2026-03-05T09:00
    facts: {cases: [{id: c1, unit: u1, matter: {code: M, statutory_days: 20, published: {procedure: true, fees: true, time_limits: true, materials: true}},
                     events: [{kind: acceptance, at: "2026-03-02T09:00:00+08:00"}]}]}
    expect: {}
`)},
	}
	res, err := rules.RunTests(context.Background(), fsys, "slow_test.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range res.Cases {
		fmt.Println(c.Name, c.Passed, c.Diff)
	}
	fmt.Printf("coverage %.0f%%\n", res.Coverage.Percent)
	// Output:
	// three days false [+ finding slow case:c1 (not expected): slow]
	// coverage 0%
}
