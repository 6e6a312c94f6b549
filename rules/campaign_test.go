package rules_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/phases"
	"github.com/xiaoneng/xiaoneng/rules"
)

// TestDefaultCampaign: the city's campaign runs in 2026, and its phases
// change at midnight in Shanghai.
func TestDefaultCampaign(t *testing.T) {
	c := city(t).Campaign()
	require.NotNil(t, c, "Default().Campaign()")
	assert.Equal(t, 2026, c.Year(), "Year()")
	assert.Equal(t, "优化政务环境，创建高效政府", c.Theme().ZhHans, "Theme()")
	tests := []struct {
		t    time.Time
		want phases.PhaseID
	}{
		{lastSecond(2026, 8, 31), ""},
		{midnight(2026, 9, 1), phases.Mobilization},
		{lastSecond(2026, 9, 30), phases.Mobilization},
		{midnight(2026, 10, 1), phases.Rectification},
		{lastSecond(2026, 11, 30), phases.Rectification},
		{midnight(2026, 12, 1), phases.Consolidation},
		{lastSecond(2026, 12, 31), phases.Consolidation},
		{midnight(2027, 1, 1), ""},
	}
	for _, tt := range tests {
		got := c.At(tt.t).Phase
		assert.Equal(t, tt.want, got, "Campaign().At(%s).Phase = %q, want %q", tt.t, got, tt.want)
	}
	// the directive's tasks: 5 + 3 + 1, with leads where it names them
	var tasks []int
	for _, p := range c.Phases() {
		tasks = append(tasks, len(p.Tasks))
	}
	assert.Equal(t, []int{5, 3, 1}, tasks, "tasks per phase")
	m := c.Phases()[0].Tasks[4]
	assert.Equal(t, "city-supervision", m.Lead, "publicity task lead")
	assert.Equal(t, []string{"city-broadcaster", "city-daily"}, m.Partners, "publicity task partners")
	assert.Len(t, c.Goals(), 5, "Goals()")
	leads := map[string]string{}
	for _, x := range c.Measures() {
		leads[x.ID] = x.Lead
	}
	assert.Equal(t, map[string]string{
		"education": "city-legal-affairs", "rules-and-supervision": "city-supervision",
		"management": "city-development-reform", "law-based-administration": "city-supervision",
		"public-supervision": "city-supervision",
	}, leads, "measure leads")
	due, _ := c.Due("rectification-report")
	assert.Equal(t, endOf(2026, 11, 30), due, "Due(rectification-report)")
}

// TestCampaignBuiltins evaluates campaign.good.yaml (2031, zone +05:00,
// a gap between mobilisation and rectification) at its boundaries.
func TestCampaignBuiltins(t *testing.T) {
	rs, err := rules.Load(os.DirFS("testdata"), "campaign.good.yaml")
	require.NoError(t, err, "Load(campaign.good.yaml)")
	require.NotNil(t, rs.Campaign(), "Campaign()")
	assert.Equal(t, 2031, rs.Campaign().Year(), "Campaign().Year()")
	loc := time.FixedZone("+05:00", 5*3600)
	u := efficiency.Unit{ID: "u1", Kind: efficiency.MunicipalUnit}
	late := u
	late.Deliverables = []efficiency.Deliverable{{Kind: "implementation-plan", Submitted: time.Date(2031, 4, 16, 0, 0, 0, 0, loc)}}
	onTime := u
	onTime.Deliverables = []efficiency.Deliverable{{Kind: "implementation-plan", Submitted: time.Date(2031, 4, 15, 23, 59, 59, 0, loc)}}
	tests := []struct {
		name  string
		unit  efficiency.Unit
		at    time.Time
		rules []string
	}{
		{"before the campaign", onTime, time.Date(2031, 2, 28, 23, 59, 59, 0, loc), []string{"P1.phase.none"}},
		{"first second of mobilisation", onTime, time.Date(2031, 3, 1, 0, 0, 0, 0, loc), nil},
		{"in the gap", onTime, time.Date(2031, 4, 16, 0, 0, 0, 0, loc), []string{"P1.phase.none"}},
		{"plan missing in the gap", u, time.Date(2031, 4, 16, 0, 0, 0, 0, loc), []string{"P1.phase.none", "P1.plan.missing"}},
		{"plan missing at the due date's last second", u, time.Date(2031, 4, 15, 23, 59, 59, 0, loc), nil},
		{"plan late", late, time.Date(2031, 4, 20, 0, 0, 0, 0, loc), []string{"P1.phase.none", "P1.plan.missing"}},
		{"last second of the gap", onTime, time.Date(2031, 4, 30, 23, 59, 59, 0, loc), []string{"P1.phase.none"}},
		{"first second of rectification", onTime, time.Date(2031, 5, 1, 0, 0, 0, 0, loc), []string{"P1.phase.rectification"}},
		{"first second of rectification seen from Shanghai", onTime, time.Date(2031, 5, 1, 3, 0, 0, 0, efficiency.ShanghaiZone()), []string{"P1.phase.rectification"}},
		{"last second of rectification", onTime, time.Date(2031, 7, 31, 23, 59, 59, 0, loc), []string{"P1.phase.rectification"}},
		{"the day between rectification and consolidation", onTime, time.Date(2031, 8, 1, 12, 0, 0, 0, loc), []string{"P1.phase.none"}},
		{"consolidation", onTime, time.Date(2031, 8, 2, 0, 0, 0, 0, loc), nil},
		{"after the campaign", onTime, time.Date(2031, 9, 1, 0, 0, 0, 0, loc), []string{"P1.phase.none"}},
	}
	for _, tt := range tests {
		rep, err := rs.Evaluate(context.Background(), &efficiency.Facts{Units: []efficiency.Unit{tt.unit}}, tt.at)
		require.NoError(t, err, "Evaluate(%s)", tt.name)
		assert.Empty(t, rep.Errors, "Evaluate(%s).Errors", tt.name)
		var got []string
		for _, f := range rep.Findings {
			got = append(got, f.Rule)
		}
		assert.Equal(t, tt.rules, got, "Evaluate(%s) rules = %v, want %v", tt.name, got, tt.rules)
	}

	// evidence of the builtins, and the goals a finding carries
	rep, err := rs.Evaluate(context.Background(), &efficiency.Facts{Units: []efficiency.Unit{u}}, time.Date(2031, 5, 1, 0, 0, 0, 0, loc))
	require.NoError(t, err)
	require.Len(t, rep.Findings, 2, "findings at the start of rectification")
	phase, plan := rep.Findings[0], rep.Findings[1]
	assert.Equal(t, []string{"functions"}, plan.Goals, "%s Goals", plan.Rule)
	assert.Empty(t, phase.Goals, "%s Goals", phase.Rule)
	require.Len(t, phase.Evidence, 2, "phase evidence")
	assert.Equal(t, efficiency.Evidence{Name: "phase", Value: "rectification"}, phase.Evidence[0], "phase evidence")
	starts, _ := phase.Evidence[1].Value.(time.Time)
	assert.True(t, starts.Equal(time.Date(2031, 5, 1, 0, 0, 0, 0, loc)), "phase_start(rectification) = %v, want 2031-05-01 00:00 +05:00", starts)
	assert.Equal(t, "00:00:00", starts.Format("15:04:05"), "phase_start in the jurisdiction's zone")
}

// TestCampaignBuiltinsRunTime: an id computed at run time that names nothing
// is an error for that rule and subject; the other rules still run.
func TestCampaignBuiltinsRunTime(t *testing.T) {
	src := `xiaoneng: 1
jurisdiction: {id: x}
campaign:
  year: 2026
  phases:
    - {id: mobilization, from: 2026-09-01, to: 2026-09-30}
    - {id: rectification, from: 2026-10-01, to: 2026-11-30}
    - {id: consolidation, from: 2026-12-01, to: 2026-12-31}
rules:
  - id: computed.due
    on: unit
    prohibition: P1
    severity: minor
    title: {zh-Hans: 标题, en: Title}
    when: at > due("measure-report:" + unit.id)
    message: {zh-Hans: 消息, en: message}
  - id: computed.phase
    on: unit
    prohibition: P1
    severity: minor
    title: {zh-Hans: 标题, en: Title}
    when: at > phase_end(unit.kind)
    message: {zh-Hans: 消息, en: message}
  - id: fine
    on: unit
    prohibition: P1
    severity: minor
    title: {zh-Hans: 标题, en: Title}
    when: phase(at) == "rectification"
    message: {zh-Hans: 消息, en: message}
`
	rs, err := rules.Parse("x.yaml", []byte(src))
	require.NoError(t, err, "Parse")
	rep, err := rs.Evaluate(context.Background(), &efficiency.Facts{Units: []efficiency.Unit{{ID: "u1", Kind: efficiency.MunicipalUnit}}}, midnight(2026, 10, 1))
	require.NoError(t, err, "Evaluate")
	require.Len(t, rep.Errors, 2, "Evaluate errors = %v", rep.Errors)
	assert.Equal(t, "computed.due", rep.Errors[0].Rule)
	assert.Contains(t, rep.Errors[0].Message.En, `due("measure-report:u1"): unknown deliverable`)
	assert.Equal(t, "computed.phase", rep.Errors[1].Rule)
	assert.Contains(t, rep.Errors[1].Message.En, `phase_end("municipal-unit"): unknown phase`)
	require.Len(t, rep.Findings, 1, "findings")
	assert.Equal(t, "fine", rep.Findings[0].Rule)
}

// TestCampaignNextCheck: a unit is scheduled for the next campaign boundary:
// the next day while it owes something due ahead, else the next phase change.
func TestCampaignNextCheck(t *testing.T) {
	rs := city(t)
	tests := []struct {
		name string
		unit efficiency.Unit
		at   time.Time
		want time.Time // zero: no next check
	}{
		{"owes the plan", campaignUnit(unitID, without("implementation-plan")), day(2026, 9, 10, 9, 0), midnight(2026, 9, 11)},
		{"owes the plan, last second", campaignUnit(unitID, without("implementation-plan")), lastSecond(2026, 9, 30), midnight(2026, 10, 1)},
		{"owes nothing", campaignUnit(unitID, submits("rectification-report", day(2026, 10, 15, 9, 0)),
			submits("look-back", day(2026, 10, 16, 9, 0))), day(2026, 10, 20, 10, 0), midnight(2026, 12, 1)},
		{"owes only what is overdue", campaignUnit(unitID, without("implementation-plan"), submits("rectification-report", day(2026, 10, 15, 9, 0)),
			submits("look-back", day(2026, 10, 16, 9, 0))), day(2026, 10, 20, 10, 0), midnight(2026, 12, 1)},
		{"before the campaign", campaignUnit(unitID), day(2026, 8, 20, 10, 0), midnight(2026, 8, 21)},
		{"after the campaign", campaignUnit(unitID), midnight(2027, 1, 1), time.Time{}},
	}
	for _, tt := range tests {
		rep, err := rs.Evaluate(context.Background(), batch(tt.unit), tt.at)
		require.NoError(t, err, "Evaluate(%s)", tt.name)
		var got time.Time
		for _, n := range rep.Next {
			if n.Subject.Kind == efficiency.UnitSubject {
				got = n.At
			}
		}
		assert.True(t, tt.want.Equal(got), "Evaluate(%s).Next = %v, want %v", tt.name, got, tt.want)
	}
}
