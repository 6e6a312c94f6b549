package rules

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/accountability"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

const joinRules = `xiaoneng: 1
jurisdiction: {id: join}
rules:
  - id: case-in-key-unit
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 重点单位办件, en: Case of a key unit}
    when: unit.id == "U-1" && unit.key
    message: {zh-Hans: 重点单位办件, en: case of a key unit}
  - id: unit-with-case
    on: unit
    prohibition: P2
    severity: minor
    title: {zh-Hans: 有办件, en: Has a case}
    when: unit.cases == 1
    message: {zh-Hans: 有办件, en: has a case}
  - id: complaint-in-unit
    on: complaint
    prohibition: P4
    severity: major
    title: {zh-Hans: 单位投诉, en: Complaint in the unit}
    when: unit.id == "U-1"
    message: {zh-Hans: 单位投诉, en: complaint in the unit}
`

// TestFullWidthIDsJoin: ids typed in full width join the subjects they
// name: a case its unit (and the unit counts the case), a complaint about
// an official its official's unit; findings carry the half-width ids, and
// the ladder finds the official and the unit's leader in the facts.
func TestFullWidthIDsJoin(t *testing.T) {
	rs := mustParse(t, joinRules)
	facts := &efficiency.Facts{
		Cases: []efficiency.Case{func() efficiency.Case {
			c := receivedCase("Ｃ-１", at(2026, 9, 30, 9))
			c.Unit, c.Responsible = "Ｕ-１", "ｏ１"
			return c
		}()},
		Complaints: []efficiency.Complaint{{ID: "P-1", Channel: efficiency.Hotline, Official: "ｏ１",
			Category: efficiency.CategoryAttitude, Received: at(2026, 10, 8, 9)}},
		Units:     []efficiency.Unit{{ID: "U-1", Kind: efficiency.MunicipalUnit, Key: true}},
		Officials: []efficiency.Official{{ID: "o1", Unit: "U-1"}, {ID: "ｈｅａｄ", Unit: "Ｕ-１", Leader: true}},
	}
	r, err := rs.Evaluate(context.Background(), facts, at(2026, 10, 9, 12))
	require.NoError(t, err)
	require.Empty(t, r.Invalid)
	require.Empty(t, r.Errors)
	type row struct {
		id, unit  string
		officials []string
	}
	var got []row
	for _, f := range r.Findings {
		got = append(got, row{f.ID, f.Unit, f.Officials})
	}
	assert.Equal(t, []row{
		{"case-in-key-unit@case:C-1", "U-1", []string{"o1"}},
		{"complaint-in-unit@complaint:P-1", "U-1", []string{"o1"}},
		{"unit-with-case@unit:U-1", "U-1", nil},
	}, got, "Evaluate(full-width ids) findings = %v", got)
	assert.Equal(t, "Ｃ-１", facts.Cases[0].ID, "Evaluate leaves the caller's facts untouched")

	// The ladder: the complaint's finding (major) names official ｏ１; the
	// facts are folded too, so it is o1 of U-1.
	city, err := Default()
	require.NoError(t, err)
	var ledger accountability.MemoryLedger
	d, err := city.Decide(context.Background(), accountability.Input{
		Findings: []efficiency.Finding{{ID: "x@complaint:P-1", Rule: "x", Severity: efficiency.Major, Officials: []string{"ｏ１"}}},
		Facts:    facts}, &ledger, at(2026, 10, 9, 12))
	require.NoError(t, err)
	require.Len(t, d.Triggers, 1, "Decide(full-width official) triggers = %v", d.Triggers)
	assert.Equal(t, "o1", d.Triggers[0].Official)
	assert.Equal(t, "U-1", d.Triggers[0].Unit, "Decide finds the official's unit through a full-width id")
}

// TestMonthlyBreachDecidedEachMonth: a unit below its on-time target in
// October and again in November is held accountable in both months through
// one ledger: the S7 findings key their occurrence by month.
func TestMonthlyBreachDecidedEachMonth(t *testing.T) {
	city, err := Default()
	require.NoError(t, err)
	sh := efficiency.ShanghaiZone()
	facts := &efficiency.Facts{Units: []efficiency.Unit{{ID: "u", Kind: efficiency.MunicipalUnit, OnTimeTarget: 0.99,
		LeadingGroup: time.Date(2026, 9, 1, 9, 0, 0, 0, sh), Office: time.Date(2026, 9, 1, 9, 0, 0, 0, sh),
		Deliverables: []efficiency.Deliverable{{Kind: "implementation-plan", Submitted: time.Date(2026, 9, 2, 9, 0, 0, 0, sh)}}}}}
	for i := range 5 { // four completed in time, one late: 80% on time
		done := time.Date(2026, 9, 2, 10, 0, 0, 0, sh)
		if i == 4 {
			done = time.Date(2026, 9, 30, 10, 0, 0, 0, sh)
		}
		facts.Cases = append(facts.Cases, efficiency.Case{ID: fmt.Sprintf("c%d", i), Unit: "u", Responsible: "o",
			Matter: efficiency.Matter{Code: "m", StatutoryDays: 20, CommittedDays: 5,
				Published: efficiency.Publication{Procedure: true, Fees: true, TimeLimits: true, Materials: true}},
			Events: []efficiency.Event{{Kind: efficiency.Receipt, At: time.Date(2026, 9, 1, 9, 0, 0, 0, sh)},
				{Kind: efficiency.Completion, At: done}}})
	}
	ledger := &accountability.MemoryLedger{}
	var decided []string
	for _, at := range []time.Time{time.Date(2026, 10, 20, 9, 0, 0, 0, sh), time.Date(2026, 11, 20, 9, 0, 0, 0, sh)} {
		r, err := city.Evaluate(context.Background(), facts, at)
		require.NoError(t, err)
		var s7 []efficiency.Finding
		for _, f := range r.Findings {
			if f.Rule == "S7.unit.on-time-rate" {
				s7 = append(s7, f)
			}
		}
		require.Len(t, s7, 1, "Evaluate(%s) S7 findings", at)
		d, err := city.Decide(context.Background(), accountability.Input{Findings: s7, Facts: facts}, ledger, at)
		require.NoError(t, err)
		require.Len(t, d.Triggers, 1, "Decide(%s) triggers", at)
		decided = append(decided, d.Triggers[0].Findings...)
	}
	assert.Equal(t, []string{"S7.unit.on-time-rate@unit:u#2026-10", "S7.unit.on-time-rate@unit:u#2026-11"}, decided)
}
