package rules

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// TestCaseRulesSeeTheWholeBatch: a case rule that reads the case's unit sees
// the unit's aggregates over the whole batch (cases are all derived before
// any is judged), in its condition and in its evidence; a rule set whose case
// rules never read the unit judges each case as it is derived, and its unit
// rules still see the whole batch.
func TestCaseRulesSeeTheWholeBatch(t *testing.T) {
	const head = "xiaoneng: 1\njurisdiction: {id: t}\nrules:\n"
	const unitRule = `  - id: t.unit-busy
    on: unit
    prohibition: P2
    severity: minor
    title: {zh-Hans: 单位, en: Unit}
    when: unit.cases == 3
    message: {zh-Hans: 单位, en: unit}
`
	tests := []struct {
		name     string
		caseRule string
		caseUnit bool
	}{
		{"condition reads the unit", "    when: case.received && unit.cases == 3\n", true},
		{"evidence reads the unit", "    when: case.received\n    evidence:\n      n: unit.cases\n", true},
		{"member named unit only", "    when: case.received && case.unit == \"u\"\n", false},
	}
	facts := &efficiency.Facts{Units: []efficiency.Unit{{ID: "u", Name: efficiency.T("单位", "Unit"), Kind: "municipal-unit"}}, Cases: []efficiency.Case{
		receivedCase("c1", at(2026, 9, 30, 9)), receivedCase("c2", at(2026, 9, 30, 9)), receivedCase("c3", at(2026, 9, 30, 9))}}
	for _, tt := range tests {
		rs := mustParse(t, head+`  - id: t.case
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 案件, en: Case}
`+tt.caseRule+"    message: {zh-Hans: 案件, en: case}\n"+unitRule)
		assert.Equal(t, tt.caseUnit, rs.caseUnit, "%s: caseUnit = %v, want %v", tt.name, rs.caseUnit, tt.caseUnit)
		r, err := rs.Evaluate(context.Background(), facts, at(2026, 10, 9, 12))
		require.NoError(t, err)
		require.Empty(t, r.Errors, tt.name)
		require.Empty(t, r.Invalid, tt.name)
		var got []string
		for _, f := range r.Findings {
			got = append(got, f.Rule+"@"+f.Subject.ID)
			for _, ev := range f.Evidence {
				assert.Equal(t, 3, ev.Value, "%s: evidence %s = %v, want the whole batch (3)", tt.name, ev.Name, ev.Value)
			}
		}
		assert.Equal(t, []string{"t.case@c1", "t.case@c2", "t.case@c3", "t.unit-busy@u"}, got, tt.name)
	}
}
