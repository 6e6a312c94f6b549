package rules_test

import (
	"context"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/rules"
)

// effectiveYAML has one always-true rule per subject kind, each in force
// from 2026-03-01 through 2026-06-30.
const effectiveYAML = `xiaoneng: 1
jurisdiction: {id: t, name: {zh-Hans: 测, en: T}}
rules:
  - {id: c, on: case, system: S1, severity: minor, title: {zh-Hans: 甲, en: a}, when: "true", message: {zh-Hans: 甲, en: a},
     effective_from: 2026-03-01, effective_until: 2026-06-30}
  - {id: o, on: order, system: S1, severity: minor, title: {zh-Hans: 甲, en: a}, when: "true", message: {zh-Hans: 甲, en: a},
     effective_from: 2026-03-01, effective_until: 2026-06-30}
  - {id: p, on: complaint, system: S1, severity: minor, title: {zh-Hans: 甲, en: a}, when: "true", message: {zh-Hans: 甲, en: a},
     effective_from: 2026-03-01, effective_until: 2026-06-30}
  - {id: u, on: unit, system: S1, severity: minor, title: {zh-Hans: 甲, en: a}, when: "true", message: {zh-Hans: 甲, en: a},
     effective_from: 2026-03-01, effective_until: 2026-06-30}
`

// TestEffectiveDates: a subject is judged by the rules in force on the day of
// its relevant event, both bounds inclusive, days in the jurisdiction's zone.
func TestEffectiveDates(t *testing.T) {
	rs, err := rules.Parse("effective.yaml", []byte(effectiveYAML))
	require.NoError(t, err)
	later := day(2026, 12, 1, 9, 0) // every rule is out of force by now, yet past subjects are judged by it
	tests := []struct {
		name  string
		event time.Time
		at    time.Time
		want  bool
	}{
		{"the day before effective_from", endOf(2026, 2, 28), later, false},
		{"the first instant of effective_from", day(2026, 3, 1, 0, 0), later, true},
		{"15:59:59 UTC is still the day before in Shanghai", time.Date(2026, 2, 28, 15, 59, 59, 0, time.UTC), later, false},
		{"16:00 UTC is effective_from in Shanghai", time.Date(2026, 2, 28, 16, 0, 0, 0, time.UTC), later, true},
		{"the last instant of effective_until", endOf(2026, 6, 30), later, true},
		{"the day after effective_until", day(2026, 7, 1, 0, 0), later, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCase(receipt(tt.event), acceptance(tt.event)).build()
			facts := &efficiency.Facts{
				Cases:      []efficiency.Case{c},
				Orders:     []efficiency.Order{{ID: "o1", Issuer: "city", Assignee: unitID, Issued: tt.event, Due: tt.event.AddDate(0, 1, 0)}},
				Complaints: []efficiency.Complaint{{ID: "p1", Channel: efficiency.Hotline, Unit: unitID, Category: "attitude", Received: tt.event}},
			}
			rep, err := rs.Evaluate(context.Background(), facts, tt.at)
			require.NoError(t, err)
			require.Empty(t, rep.Invalid)
			require.Empty(t, rep.Errors)
			got := findingIDs(rep.Findings)
			for _, id := range []string{"c@case:c1", "o@order:o1", "p@complaint:p1"} {
				assert.Equal(t, tt.want, slices.Contains(got, id), "Evaluate(event %s) has %s = %v, want %v (findings %v)", tt.event, id, !tt.want, tt.want, got)
			}
		})
	}

	// Units are judged by the rules in force at the evaluation time.
	for _, tt := range []struct {
		at   time.Time
		want bool
	}{{endOf(2026, 2, 28), false}, {day(2026, 3, 1, 0, 0), true}, {endOf(2026, 6, 30), true}, {day(2026, 7, 1, 0, 0), false}} {
		rep, err := rs.Evaluate(context.Background(), &efficiency.Facts{Units: []efficiency.Unit{{ID: unitID, Name: efficiency.T("单位", "unit"), Kind: "municipal-unit"}}}, tt.at)
		require.NoError(t, err)
		require.Empty(t, rep.Invalid)
		assert.Equal(t, tt.want, slices.Contains(findingIDs(rep.Findings), "u@unit:u1"), "Evaluate(unit, at %s)", tt.at)
	}
}

func TestRelevantTime(t *testing.T) {
	at := day(2026, 9, 1, 9, 0)
	t1, t2, t3 := day(2026, 8, 1, 9, 0), day(2026, 8, 2, 9, 0), day(2026, 8, 3, 9, 0)
	tests := []struct {
		name    string
		subject any
		want    time.Time
	}{
		{"case: the receipt", &efficiency.Case{Events: []efficiency.Event{ev(efficiency.Inquiry, t1), receipt(t2), acceptance(t3)}}, t2},
		{"case: the acceptance without a receipt", &efficiency.Case{Events: []efficiency.Event{ev(efficiency.Inquiry, t1), acceptance(t3)}}, t3},
		{"case: the earliest event otherwise", &efficiency.Case{Events: []efficiency.Event{ev(efficiency.Inquiry, t2), ev(efficiency.Fee, t1)}}, t1},
		{"case: no events", &efficiency.Case{}, at},
		{"case: a receipt after at", &efficiency.Case{Events: []efficiency.Event{receipt(at.Add(time.Hour))}}, at},
		{"order: issued", &efficiency.Order{Issued: t1}, t1},
		{"complaint: received", &efficiency.Complaint{Received: t2}, t2},
		{"unit: at", &efficiency.Unit{}, at},
	}
	for _, tt := range tests {
		got := rules.RelevantTime(tt.subject, at)
		assert.True(t, got.Equal(tt.want), "RelevantTime(%s) = %s, want %s", tt.name, got, tt.want)
	}
}

// TestEffectiveOverride: a child file can bound an inherited rule in time;
// an until before a from is an error.
func TestEffectiveOverride(t *testing.T) {
	fsys := fstest.MapFS{
		"p.yaml": {Data: []byte(parentYAML)},
		"a.yaml": {Data: []byte("xiaoneng: 1\nextends: [p.yaml]\noverrides:\n  - {id: case.any, effective_from: 2026-07-01}\n")},
		"b.yaml": {Data: []byte("xiaoneng: 1\nextends: [p.yaml]\noverrides:\n  - {id: case.any, effective_from: 2026-07-01, effective_until: 2026-06-30}\n")},
	}
	rs, err := rules.Load(fsys, "a.yaml")
	require.NoError(t, err)
	r, _ := rs.Rule("case.any")
	assert.Equal(t, efficiency.NewDate(2026, 7, 1), r.EffectiveFrom)
	assert.True(t, r.EffectiveUntil.IsZero())
	assert.Equal(t, []efficiency.Change{{File: "a.yaml", Line: 4, Fields: []string{"effective_from"}}}, r.Source.Changes)
	assert.False(t, r.InForce(efficiency.NewDate(2026, 6, 30)))
	assert.True(t, r.InForce(efficiency.NewDate(2026, 7, 1)))

	_, err = rules.Load(fsys, "b.yaml")
	require.Error(t, err)
	assert.Equal(t, `b.yaml:4:65: rule "case.any": effective_until 2026-06-30 is before effective_from 2026-07-01`, err.Error())
}
