package accountability_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xiaoneng/xiaoneng/accountability"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

var t0 = time.Date(2026, time.March, 2, 10, 0, 0, 0, efficiency.ShanghaiZone())

func severityIs(s efficiency.Severity) accountability.Condition {
	return func(c *accountability.Context) (bool, error) { return c.Finding.Severity == s, nil }
}

// ladder is a small ladder built in Go: minor → criticism, major →
// efficiency warning, a second warning within 365 days → reassignment,
// severe → dismissal; no-honours always; two findings of a unit in 30 days
// → admonishment of its leaders.
func ladder() *accountability.Ladder {
	return &accountability.Ladder{
		Steps: []accountability.Step{
			{ID: "minor", Measures: []accountability.Measure{accountability.Criticism}, When: severityIs(efficiency.Minor)},
			{ID: "major", Measures: []accountability.Measure{accountability.EfficiencyWarning}, When: severityIs(efficiency.Major)},
			{ID: "repeat", Measures: []accountability.Measure{accountability.Reassignment, accountability.Incompetent},
				When: func(c *accountability.Context) (bool, error) {
					n, err := c.History.Count(accountability.EfficiencyWarning, 365)
					return c.Finding.Severity >= efficiency.Major && n >= 1, err
				}},
			{ID: "severe", Measures: []accountability.Measure{accountability.Dismissal}, When: severityIs(efficiency.Severe)},
		},
		Always: []accountability.Measure{accountability.NoHonours},
		Factors: []accountability.Factor{
			{ID: "obstruction", Effect: accountability.Aggravating},
			{ID: "cooperation", Effect: accountability.Mitigating},
		},
		Exemptions: []accountability.Exemption{{ID: "force-majeure"}},
		Leaders: []accountability.LeaderRule{{ID: "unit-record", Measures: []accountability.Measure{accountability.Admonishment},
			When: func(c *accountability.Context) (bool, error) {
				n, err := c.UnitHistory.Findings(30)
				return n >= 2, err
			}}},
	}
}

func finding(id string, sev efficiency.Severity, unit string, officials ...string) efficiency.Finding {
	return efficiency.Finding{ID: id + "@case:" + id, Rule: id, Severity: sev, Unit: unit, Officials: officials,
		Subject: efficiency.SubjectRef{Kind: efficiency.CaseSubject, ID: id}}
}

var facts = &efficiency.Facts{
	Units: []efficiency.Unit{{ID: "u1", Kind: efficiency.MunicipalUnit}},
	Officials: []efficiency.Official{
		{ID: "o1", Unit: "u1"}, {ID: "o2", Unit: "u1"},
		{ID: "head", Unit: "u1", Leader: true}, {ID: "deputy", Unit: "u1", Leader: true},
	},
}

func decide(t *testing.T, l accountability.Ledger, at time.Time, in accountability.Input) *accountability.Decision {
	t.Helper()
	if in.Facts == nil {
		in.Facts = facts
	}
	d, err := ladder().Decide(context.Background(), in, l, at)
	require.NoError(t, err)
	return d
}

type brief struct {
	id, official, step string
	measures           []accountability.Measure
}

func briefs(ts []accountability.Trigger) []brief {
	out := []brief{}
	for _, t := range ts {
		out = append(out, brief{t.ID, t.Official, t.Step, t.Measures})
	}
	return out
}

func TestDecideSteps(t *testing.T) {
	M := func(ms ...accountability.Measure) []accountability.Measure { return ms }
	for _, tc := range []struct {
		name string
		in   accountability.Input
		want []brief
	}{
		{"minor", accountability.Input{Findings: []efficiency.Finding{finding("a", efficiency.Minor, "u1", "o1")}},
			[]brief{{"a@case:a", "o1", "minor", M(accountability.Criticism, accountability.NoHonours)}}},
		{"notice matches no step", accountability.Input{Findings: []efficiency.Finding{finding("a", efficiency.Notice, "u1", "o1")}},
			[]brief{}},
		{"warnings are skipped", accountability.Input{Findings: []efficiency.Finding{func() efficiency.Finding {
			f := finding("a", efficiency.Major, "u1", "o1")
			f.Warning = true
			return f
		}()}}, []brief{}},
		{"the unit answers when no official is named", accountability.Input{Findings: []efficiency.Finding{finding("a", efficiency.Major, "u1")}},
			[]brief{{"a@case:a", "", "major", M(accountability.EfficiencyWarning, accountability.NoHonours)}}},
		{"aggravating moves up", accountability.Input{Findings: []efficiency.Finding{finding("a", efficiency.Minor, "u1", "o1")},
			Circumstances: []accountability.Circumstance{{Finding: "a@case:a", ID: "obstruction"}}},
			[]brief{{"a@case:a", "o1", "major", M(accountability.EfficiencyWarning, accountability.NoHonours)}}},
		{"aggravating stops at the top", accountability.Input{Findings: []efficiency.Finding{finding("a", efficiency.Severe, "u1", "o1")},
			Circumstances: []accountability.Circumstance{{Finding: "a@case:a", ID: "obstruction"}}},
			[]brief{{"a@case:a", "o1", "severe", M(accountability.Dismissal, accountability.NoHonours)}}},
		{"mitigating moves down", accountability.Input{Findings: []efficiency.Finding{finding("a", efficiency.Major, "u1", "o1")},
			Circumstances: []accountability.Circumstance{{Finding: "a@case:a", ID: "cooperation"}}},
			[]brief{{"a@case:a", "o1", "minor", M(accountability.Criticism, accountability.NoHonours)}}},
		{"mitigating stops at the bottom", accountability.Input{Findings: []efficiency.Finding{finding("a", efficiency.Minor, "u1", "o1")},
			Circumstances: []accountability.Circumstance{{Finding: "a@case:a", ID: "cooperation"}}},
			[]brief{{"a@case:a", "o1", "minor", M(accountability.Criticism, accountability.NoHonours)}}},
		{"both cancel", accountability.Input{Findings: []efficiency.Finding{finding("a", efficiency.Major, "u1", "o1")},
			Circumstances: []accountability.Circumstance{{Finding: "a@case:a", ID: "cooperation"}, {Finding: "a@case:a", ID: "obstruction"}}},
			[]brief{{"a@case:a", "o1", "major", M(accountability.EfficiencyWarning, accountability.NoHonours)}}},
		{"the findings of one batch do not count against each other", accountability.Input{Findings: []efficiency.Finding{
			finding("a", efficiency.Major, "u1", "o1"), finding("b", efficiency.Major, "u2", "o1")}},
			[]brief{{"a@case:a", "o1", "major", M(accountability.EfficiencyWarning, accountability.NoHonours)},
				{"b@case:b", "o1", "major", M(accountability.EfficiencyWarning, accountability.NoHonours)}}},
		{"leaders' responsibility names every leader", accountability.Input{Findings: []efficiency.Finding{
			finding("a", efficiency.Minor, "u1", "o1"), finding("b", efficiency.Minor, "u1", "o2")}},
			[]brief{{"a@case:a", "o1", "minor", M(accountability.Criticism, accountability.NoHonours)},
				{"b@case:b", "o2", "minor", M(accountability.Criticism, accountability.NoHonours)},
				{"leadership:unit-record@u1/b@case:b/deputy", "deputy", "unit-record", M(accountability.Admonishment, accountability.NoHonours)},
				{"leadership:unit-record@u1/b@case:b/head", "head", "unit-record", M(accountability.Admonishment, accountability.NoHonours)}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := decide(t, &accountability.MemoryLedger{}, t0, tc.in)
			assert.Equal(t, tc.want, briefs(d.Triggers), "Decide(%s) triggers", tc.name)
		})
	}
}

func TestDecideIsIdempotent(t *testing.T) {
	l := &accountability.MemoryLedger{}
	in := accountability.Input{Findings: []efficiency.Finding{
		finding("a", efficiency.Major, "u1", "o1"), finding("b", efficiency.Minor, "u1", "o2"), finding("c", efficiency.Notice, "u1", "o2")}}
	first := decide(t, l, t0, in)
	require.Len(t, first.Triggers, 4, "two findings and two leaders")
	assert.Equal(t, []string{"c@case:c"}, first.Unmatched)
	n := l.Len()
	for _, at := range []time.Time{t0, t0.AddDate(0, 1, 0)} {
		again := decide(t, l, at, in)
		assert.Empty(t, again.Triggers, "Decide(same findings at %v) triggered again", at)
		assert.Equal(t, []string{"a@case:a", "b@case:b"}, again.Decided)
		assert.Equal(t, n, l.Len(), "the ledger grew on a repeated decision")
	}
}

func TestDecideHistoryWindow(t *testing.T) {
	for _, tc := range []struct {
		name  string
		later time.Time
		step  string
	}{
		{"second warning 365 days later", t0.AddDate(0, 0, 365), "repeat"},
		{"second warning 366 days later", t0.AddDate(0, 0, 366), "major"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := &accountability.MemoryLedger{}
			decide(t, l, t0, accountability.Input{Findings: []efficiency.Finding{finding("a", efficiency.Major, "u1", "o1")}})
			d := decide(t, l, tc.later, accountability.Input{Findings: []efficiency.Finding{finding("b", efficiency.Major, "u1", "o1")}})
			require.Len(t, d.Triggers, 1)
			assert.Equal(t, tc.step, d.Triggers[0].Step, "Decide(%s).Step", tc.name)
			if tc.step == "repeat" {
				assert.Equal(t, []string{"a@case:a"}, []string{d.Triggers[0].History[0].ID}, "the history counted")
			}
		})
	}
}

func TestDecideExemption(t *testing.T) {
	l := &accountability.MemoryLedger{}
	in := accountability.Input{Findings: []efficiency.Finding{finding("a", efficiency.Major, "u1", "o1")},
		Circumstances: []accountability.Circumstance{{Finding: "a@case:a", ID: "force-majeure", Note: "typhoon"}}}
	d := decide(t, l, t0, in)
	assert.Empty(t, d.Triggers)
	require.Len(t, d.Exempted, 1)
	assert.Equal(t, accountability.Exempted, d.Exempted[0].Kind)
	assert.Equal(t, "force-majeure", d.Exempted[0].Exemption)
	assert.Equal(t, "major", d.Exempted[0].Step, "the step it would have taken")
	assert.Empty(t, d.Exempted[0].Measures)
	// Recorded: not decided again, and not counted as a warning.
	again := decide(t, l, t0, in)
	assert.Equal(t, []string{"a@case:a"}, again.Decided)
	later := decide(t, l, t0.AddDate(0, 1, 0), accountability.Input{Findings: []efficiency.Finding{finding("b", efficiency.Major, "u1", "o1")}})
	require.Len(t, later.Triggers, 1)
	assert.Equal(t, "major", later.Triggers[0].Step, "an exempted finding counted as an efficiency warning")
}

func TestDecideInputErrors(t *testing.T) {
	l := &accountability.MemoryLedger{}
	_, err := ladder().Decide(context.Background(), accountability.Input{
		Findings: []efficiency.Finding{finding("a", efficiency.Major, "u1", "o1")},
		Circumstances: []accountability.Circumstance{
			{Finding: "a@case:a", ID: "bribery"}, {Finding: "zzz", ID: "obstruction"}},
	}, l, t0)
	require.Error(t, err)
	var ie *accountability.InputError
	require.True(t, errors.As(err, &ie), "errors.As(%v, *InputError)", err)
	assert.Contains(t, err.Error(), `no factor or exemption "bribery"`)
	assert.NotContains(t, err.Error(), "zzz", "a circumstance of another finding is no error")
	assert.Zero(t, l.Len(), "a refused input recorded something")

	d, err := ladder().Decide(context.Background(), accountability.Input{
		Findings:      []efficiency.Finding{finding("a", efficiency.Major, "u1", "o1")},
		Circumstances: []accountability.Circumstance{{Finding: "zzz", ID: "obstruction"}},
	}, l, t0)
	require.NoError(t, err)
	assert.Equal(t, []accountability.Circumstance{{Finding: "zzz", ID: "obstruction"}}, d.Unused, "Decide().Unused")
	assert.Len(t, d.Triggers, 1)

	_, err = ladder().Decide(context.Background(), accountability.Input{}, l, time.Time{})
	assert.Error(t, err, "Decide(at zero)")
	_, err = ladder().Decide(context.Background(), accountability.Input{}, nil, t0)
	assert.Error(t, err, "Decide(nil ledger)")
}

func TestLadderValidate(t *testing.T) {
	bad := ladder()
	bad.Steps[0], bad.Steps[3] = bad.Steps[3], bad.Steps[0] // severe first
	bad.Steps = append(bad.Steps, accountability.Step{ID: "major"})
	bad.Factors = append(bad.Factors, accountability.Factor{ID: "x"})
	err := bad.Validate()
	require.Error(t, err)
	for _, want := range []string{`step "major" (efficiency-warning) is milder`, `step "major": the id is used twice`,
		`step "major" has no condition`, `step "major" has no measures`, `factor "x" has no effect`} {
		assert.Contains(t, err.Error(), want)
	}
	var ie *accountability.InputError
	require.ErrorAs(t, err, &ie, "ladder problems are InputErrors")
	assert.Contains(t, ie.Message.ZhHans, "阶梯", "and read in Chinese too")
	_, err = bad.Decide(context.Background(), accountability.Input{}, &accountability.MemoryLedger{}, t0)
	assert.Error(t, err, "Decide with an invalid ladder")
	assert.NoError(t, ladder().Validate())
}

func TestHistoryCount(t *testing.T) {
	rs := []accountability.Record{
		{ID: "a", Kind: accountability.Accountable, At: t0, Findings: []string{"a"}, Measures: []accountability.Measure{accountability.EfficiencyWarning}},
		{ID: "b", Kind: accountability.Exempted, At: t0, Findings: []string{"b"}},
		{ID: "c", Kind: accountability.Accountable, At: t0.AddDate(0, 0, 40), Findings: []string{"c"}},
		{ID: "future", Kind: accountability.Accountable, At: t0.AddDate(1, 0, 0), Findings: []string{"f"}},
	}
	h := accountability.NewHistory(rs, t0.AddDate(0, 0, 50))
	for _, tc := range []struct {
		days, warnings, findings int
	}{{10, 0, 1}, {50, 1, 2}, {49, 0, 1}} {
		n, err := h.Count(accountability.EfficiencyWarning, tc.days)
		require.NoError(t, err)
		assert.Equal(t, tc.warnings, n, "Count(efficiency-warning, %d)", tc.days)
		n, err = h.Findings(tc.days)
		require.NoError(t, err)
		assert.Equal(t, tc.findings, n, "Findings(%d)", tc.days)
	}
	_, err := h.Count(accountability.EfficiencyWarning, 0)
	assert.ErrorIs(t, err, accountability.ErrWindow)
	_, err = h.Count(accountability.UnknownMeasure, 10)
	assert.Error(t, err)
	assert.Equal(t, []string{"a", "c"}, []string{h.Counted()[0].ID, h.Counted()[1].ID})
}
