package phases_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/phases"
)

var sh = efficiency.ShanghaiZone()

func d(y int, m time.Month, day int) efficiency.Date { return efficiency.NewDate(y, m, day) }

// cityConfig is the city's campaign of 2026: mobilisation 1–30 September,
// rectification October–November, consolidation December.
func cityConfig() phases.Config {
	return phases.Config{
		Year:  2026,
		Theme: efficiency.T("优化政务环境，创建高效政府", "Optimise the government-affairs environment, build an efficient government"),
		Units: []phases.Unit{
			{ID: "city-supervision", Name: efficiency.T("市监察局", "Municipal Supervision Bureau")},
			{ID: "city-legal", Name: efficiency.T("市法制局", "Municipal Legal Affairs Bureau")},
			{ID: "city-personnel", Name: efficiency.T("市人事局", "Municipal Personnel Bureau")},
		},
		Goals: []phases.Goal{
			{ID: "functions", Name: efficiency.T("政府职能转变基本到位", "Government functions transformed")},
			{ID: "supervision", Name: efficiency.T("行政监督进一步完善", "Administrative supervision improved")},
		},
		Phases: []phases.PhaseConfig{
			{ID: phases.Mobilization, From: d(2026, 9, 1), To: d(2026, 9, 30),
				Tasks: []phases.Task{{ID: "research", Name: efficiency.T("调查研究", "Investigation and research"), Lead: "city-supervision"}}},
			{ID: phases.Rectification, From: d(2026, 10, 1), To: d(2026, 11, 30)},
			{ID: phases.Consolidation, From: d(2026, 12, 1), To: d(2026, 12, 31)},
		},
		Deliverables: []phases.Deliverable{
			{ID: "implementation-plan", Name: efficiency.T("实施方案", "Implementation plan"), Due: d(2026, 9, 30)},
			{ID: "rectification-report", Name: efficiency.T("整改情况报告", "Rectification report"), Due: d(2026, 11, 30),
				Recipient: efficiency.T("市行政效能监察领导小组办公室", "Office of the efficiency-supervision leading group")},
			{ID: "look-back", Name: efficiency.T("回头看", "Look-back review"), Due: d(2026, 12, 31)},
		},
		Measures: []phases.Measure{
			{ID: "education", Name: efficiency.T("思想教育", "Ideological education"), Lead: "city-legal",
				Partners: []string{"city-supervision"}, Goals: []string{"functions"}, ReportDue: d(2026, 11, 30)},
			{ID: "rules", Name: efficiency.T("制度建设", "System of rules"), Lead: "city-supervision",
				Partners: []string{"city-legal", "city-personnel"}, Goals: []string{"supervision"}, ReportDue: d(2026, 11, 30)},
		},
	}
}

func newCampaign(t testing.TB, cfg phases.Config) *phases.Campaign {
	t.Helper()
	c, err := phases.New(cfg)
	require.NoError(t, err, "New(%v)", cfg.Year)
	return c
}

func at(y int, m time.Month, day, hh, mm, ss int, loc *time.Location) time.Time {
	return time.Date(y, m, day, hh, mm, ss, 0, loc)
}

func TestAtPhaseBoundaries(t *testing.T) {
	c := newCampaign(t, cityConfig())
	tests := []struct {
		name string
		t    time.Time
		want phases.Position
	}{
		{"a second before the campaign", at(2026, 8, 31, 23, 59, 59, sh), phases.Position{Stage: phases.NotStarted, Next: phases.Mobilization}},
		{"the campaign's first second", at(2026, 9, 1, 0, 0, 0, sh), phases.Position{Stage: phases.InPhase, Phase: phases.Mobilization, Next: phases.Rectification}},
		{"23:59:59 on 30 September", at(2026, 9, 30, 23, 59, 59, sh), phases.Position{Stage: phases.InPhase, Phase: phases.Mobilization, Next: phases.Rectification}},
		{"the last nanosecond of 30 September", at(2026, 10, 1, 0, 0, 0, sh).Add(-time.Nanosecond), phases.Position{Stage: phases.InPhase, Phase: phases.Mobilization, Next: phases.Rectification}},
		{"00:00:00 on 1 October", at(2026, 10, 1, 0, 0, 0, sh), phases.Position{Stage: phases.InPhase, Phase: phases.Rectification, Next: phases.Consolidation}},
		{"00:00:00 on 1 October given in UTC", at(2026, 9, 30, 16, 0, 0, time.UTC), phases.Position{Stage: phases.InPhase, Phase: phases.Rectification, Next: phases.Consolidation}},
		{"23:59:59 on 30 September given in UTC", at(2026, 9, 30, 15, 59, 59, time.UTC), phases.Position{Stage: phases.InPhase, Phase: phases.Mobilization, Next: phases.Rectification}},
		{"23:59:59 on 30 November", at(2026, 11, 30, 23, 59, 59, sh), phases.Position{Stage: phases.InPhase, Phase: phases.Rectification, Next: phases.Consolidation}},
		{"00:00:00 on 1 December", at(2026, 12, 1, 0, 0, 0, sh), phases.Position{Stage: phases.InPhase, Phase: phases.Consolidation}},
		{"23:59:59 on 31 December", at(2026, 12, 31, 23, 59, 59, sh), phases.Position{Stage: phases.InPhase, Phase: phases.Consolidation}},
		{"00:00:00 on 1 January", at(2027, 1, 1, 0, 0, 0, sh), phases.Position{Stage: phases.Over}},
	}
	for _, tt := range tests {
		got := c.At(tt.t)
		assert.Equal(t, tt.want, got, "At(%s) [%s] = %+v, want %+v", tt.t, tt.name, got, tt.want)
		p, ok := c.PhaseAt(tt.t)
		assert.Equal(t, tt.want.Stage == phases.InPhase, ok, "PhaseAt(%s) ok = %v", tt.t, ok)
		assert.Equal(t, tt.want.Phase, p.ID, "PhaseAt(%s) = %s, want %s", tt.t, p.ID, tt.want.Phase)
	}
	m, _ := c.Phase(phases.Mobilization)
	assert.Equal(t, at(2026, 9, 1, 0, 0, 0, sh), m.Start, "mobilization Start")
	assert.Equal(t, at(2026, 10, 1, 0, 0, 0, sh).Add(-time.Nanosecond), m.End, "mobilization End")
	assert.Equal(t, at(2026, 9, 1, 0, 0, 0, sh), c.Start(), "Start()")
	assert.Equal(t, at(2027, 1, 1, 0, 0, 0, sh).Add(-time.Nanosecond), c.End(), "End()")
}

// TestOtherYearAndWindows: another city, another year, another zone, with
// gaps between its phases.
func TestOtherYearAndWindows(t *testing.T) {
	loc := time.FixedZone("UTC+05:00", 5*3600)
	cfg := cityConfig()
	cfg.Year, cfg.Zone = 2031, loc
	cfg.Phases = []phases.PhaseConfig{
		{ID: phases.Mobilization, From: d(2031, 3, 1), To: d(2031, 4, 15)},
		{ID: phases.Rectification, From: d(2031, 5, 1), To: d(2031, 7, 31)},
		{ID: phases.Consolidation, From: d(2031, 8, 2), To: d(2031, 8, 31)},
	}
	cfg.Deliverables = []phases.Deliverable{{ID: "implementation-plan", Name: efficiency.T("实施方案", "Plan"), Due: d(2031, 4, 15)}}
	cfg.Measures = nil
	c := newCampaign(t, cfg)
	assert.Equal(t, 2031, c.Year(), "Year()")
	tests := []struct {
		t    time.Time
		want phases.Position
	}{
		{at(2031, 2, 28, 23, 59, 59, loc), phases.Position{Stage: phases.NotStarted, Next: phases.Mobilization}},
		{at(2031, 3, 1, 0, 0, 0, loc), phases.Position{Stage: phases.InPhase, Phase: phases.Mobilization, Next: phases.Rectification}},
		{at(2031, 4, 15, 23, 59, 59, loc), phases.Position{Stage: phases.InPhase, Phase: phases.Mobilization, Next: phases.Rectification}},
		{at(2031, 4, 16, 0, 0, 0, loc), phases.Position{Stage: phases.BetweenPhases, Next: phases.Rectification}},
		{at(2031, 4, 30, 23, 59, 59, loc), phases.Position{Stage: phases.BetweenPhases, Next: phases.Rectification}},
		{at(2031, 5, 1, 0, 0, 0, loc), phases.Position{Stage: phases.InPhase, Phase: phases.Rectification, Next: phases.Consolidation}},
		{at(2031, 8, 1, 12, 0, 0, loc), phases.Position{Stage: phases.BetweenPhases, Next: phases.Consolidation}},
		{at(2031, 8, 31, 23, 59, 59, loc), phases.Position{Stage: phases.InPhase, Phase: phases.Consolidation}},
		{at(2031, 9, 1, 0, 0, 0, loc), phases.Position{Stage: phases.Over}},
		// the same instant as 2031-09-01 00:00 +05:00, seen from Shanghai
		{at(2031, 9, 1, 3, 0, 0, sh), phases.Position{Stage: phases.Over}},
		{at(2031, 9, 1, 2, 59, 59, sh), phases.Position{Stage: phases.InPhase, Phase: phases.Consolidation}},
		// the city's 2026 boundary means nothing here
		{at(2026, 10, 1, 0, 0, 0, sh), phases.Position{Stage: phases.NotStarted, Next: phases.Mobilization}},
	}
	for _, tt := range tests {
		got := c.At(tt.t)
		assert.Equal(t, tt.want, got, "At(%s) = %+v, want %+v", tt.t, got, tt.want)
	}
	due, ok := c.Due("implementation-plan")
	assert.True(t, ok, "Due(implementation-plan) ok")
	assert.Equal(t, at(2031, 4, 16, 0, 0, 0, loc).Add(-time.Nanosecond), due, "Due(implementation-plan)")
}

func TestStageAndStateNames(t *testing.T) {
	for _, s := range []phases.Stage{phases.UnknownStage, phases.NotStarted, phases.InPhase, phases.BetweenPhases, phases.Over, phases.Stage(99)} {
		assert.NotEmpty(t, s.String(), "Stage(%d).String()", int(s))
		assert.NotEmpty(t, s.Name().ZhHans, "Stage(%d).Name().ZhHans", int(s))
		assert.NotEmpty(t, s.Name().En, "Stage(%d).Name().En", int(s))
	}
	assert.Equal(t, "between-phases", phases.BetweenPhases.String(), "BetweenPhases.String()")
	assert.Equal(t, "unknown", phases.Stage(-1).String(), "Stage(-1).String()")
	assert.Equal(t, "overdue", phases.Overdue.String(), "Overdue.String()")
	assert.Equal(t, "逾期完成", phases.Late.Name().ZhHans, "Late.Name().ZhHans")
	assert.Equal(t, "unknown", phases.State(42).String(), "State(42).String()")
	assert.Equal(t, "整改提高", phases.Rectification.Name().ZhHans, "Rectification.Name()")
	assert.False(t, phases.PhaseID("rectfication").Valid(), "PhaseID(rectfication).Valid()")
}

func TestDueAndLookups(t *testing.T) {
	c := newCampaign(t, cityConfig())
	tests := []struct {
		kind string
		want time.Time
		ok   bool
	}{
		{"implementation-plan", at(2026, 9, 30, 23, 59, 59, sh).Add(999999999), true},
		{"rectification-report", at(2026, 11, 30, 23, 59, 59, sh).Add(999999999), true},
		{"measure-report:rules", at(2026, 11, 30, 23, 59, 59, sh).Add(999999999), true},
		{"measure-report:", time.Time{}, false},
		{"measure-report:nothing", time.Time{}, false},
		{"rules", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := c.Due(tt.kind)
		assert.Equal(t, tt.ok, ok, "Due(%s) ok = %v, want %v", tt.kind, ok, tt.ok)
		assert.True(t, tt.want.Equal(got), "Due(%s) = %v, want %v", tt.kind, got, tt.want)
	}
	assert.Equal(t, []string{"rules"}, c.Led("city-supervision"), "Led(city-supervision)")
	assert.Empty(t, c.Led("city-personnel"), "Led(city-personnel)")
	n, ok := c.UnitName("city-legal")
	assert.True(t, ok, "UnitName(city-legal) ok")
	assert.Equal(t, "市法制局", n.ZhHans, "UnitName(city-legal)")
	g, ok := c.Goal("supervision")
	assert.True(t, ok, "Goal(supervision) ok")
	assert.Equal(t, "supervision", g.ID, "Goal(supervision)")
	_, ok = c.Goal("nothing")
	assert.False(t, ok, "Goal(nothing) ok")
	assert.Len(t, c.Phases(), 3, "Phases()")
	assert.Len(t, c.Goals(), 2, "Goals()")
	assert.Len(t, c.Units(), 3, "Units()")
	assert.Len(t, c.Measures(), 2, "Measures()")
	assert.Len(t, c.Deliverables(), 3, "Deliverables()")

	var zero phases.Campaign
	assert.Equal(t, phases.Position{}, zero.At(at(2026, 10, 1, 0, 0, 0, sh)), "zero Campaign At")
	assert.True(t, zero.Start().IsZero(), "zero Campaign Start")
	assert.True(t, zero.End().IsZero(), "zero Campaign End")
	assert.Equal(t, sh, zero.Zone(), "zero Campaign Zone")
}

func TestOwedAndOverdue(t *testing.T) {
	c := newCampaign(t, cityConfig())
	u := efficiency.Unit{ID: "city-supervision", Kind: efficiency.MunicipalUnit, Deliverables: []efficiency.Deliverable{
		{Kind: "implementation-plan", Submitted: at(2026, 10, 3, 9, 0, 0, sh)},
		{Kind: "measure-report:rules", Submitted: at(2026, 11, 20, 9, 0, 0, sh)},
	}}
	kinds := func(os []phases.Obligation) []string {
		out := []string{}
		for _, o := range os {
			out = append(out, o.Kind)
		}
		return out
	}
	tests := []struct {
		t             time.Time
		owed, overdue []string
	}{
		{at(2026, 9, 30, 23, 59, 59, sh), []string{"implementation-plan", "rectification-report", "look-back", "measure-report:rules"}, []string{}},
		{at(2026, 10, 1, 0, 0, 0, sh), []string{"implementation-plan", "rectification-report", "look-back", "measure-report:rules"}, []string{"implementation-plan"}},
		{at(2026, 10, 3, 9, 0, 0, sh), []string{"rectification-report", "look-back", "measure-report:rules"}, []string{}},
		{at(2026, 12, 1, 0, 0, 0, sh), []string{"rectification-report", "look-back"}, []string{"rectification-report"}},
	}
	for _, tt := range tests {
		got := kinds(c.Owed(&u, tt.t))
		assert.Equal(t, tt.owed, got, "Owed(%s) = %v, want %v", tt.t, got, tt.owed)
		got = kinds(c.Overdue(&u, tt.t))
		assert.Equal(t, tt.overdue, got, "Overdue(%s) = %v, want %v", tt.t, got, tt.overdue)
	}
	// a unit that leads no measure owes only the deliverables
	other := efficiency.Unit{ID: "city-personnel", Kind: efficiency.MunicipalUnit}
	got := kinds(c.Owed(&other, at(2026, 9, 1, 0, 0, 0, sh)))
	assert.Equal(t, []string{"implementation-plan", "rectification-report", "look-back"}, got, "Owed(city-personnel)")
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*phases.Config)
		want   []string
	}{
		{"reversed window", func(c *phases.Config) { c.Phases[1].To = d(2026, 9, 15) }, []string{
			"phases: phases[1].to: phase rectification ends on 2026-09-15, before it starts on 2026-10-01",
		}},
		{"overlapping windows", func(c *phases.Config) { c.Phases[1].From = d(2026, 9, 25) }, []string{
			"phases: phases[1].from: phase rectification starts on 2026-09-25, not after the phase mobilization ends on 2026-09-30: the phases run in the order mobilization, rectification, consolidation without overlapping",
		}},
		{"phases out of order", func(c *phases.Config) {
			c.Phases[0].From, c.Phases[0].To = d(2026, 12, 1), d(2026, 12, 31)
			c.Phases[2].From, c.Phases[2].To = d(2026, 9, 1), d(2026, 9, 30)
		}, []string{
			"phases: phases[1].from: phase rectification starts on 2026-10-01, not after the phase mobilization ends on 2026-12-31: the phases run in the order mobilization, rectification, consolidation without overlapping",
			"phases: phases[2].from: phase consolidation starts on 2026-09-01, not after the phase rectification ends on 2026-11-30: the phases run in the order mobilization, rectification, consolidation without overlapping",
		}},
		{"unknown phase id", func(c *phases.Config) { c.Phases[2].ID = "consolidaton" }, []string{
			`phases: phases[2].id: unknown phase "consolidaton" (known: mobilization, rectification, consolidation)`,
			"phases: phases: missing the phase consolidation (consolidation)",
		}},
		{"duplicate phase", func(c *phases.Config) { c.Phases[2].ID = phases.Rectification }, []string{
			`phases: phases[2].id: duplicate phase "rectification"`,
			"phases: phases: missing the phase consolidation (consolidation)",
		}},
		{"deliverable due outside the campaign", func(c *phases.Config) { c.Deliverables[2].Due = d(2027, 1, 1) }, []string{
			"phases: deliverables[2].due: the due date 2027-01-01 is outside the campaign (2026-09-01 to 2026-12-31)",
		}},
		{"deliverable due before the campaign", func(c *phases.Config) { c.Deliverables[0].Due = d(2026, 8, 31) }, []string{
			"phases: deliverables[0].due: the due date 2026-08-31 is outside the campaign (2026-09-01 to 2026-12-31)",
		}},
		{"duplicate deliverable", func(c *phases.Config) { c.Deliverables[1].ID = "implementation-plan" }, []string{
			`phases: deliverables[1].id: duplicate deliverable id "implementation-plan"`,
		}},
		{"invalid deliverable id", func(c *phases.Config) { c.Deliverables[1].ID = "Report 1" }, []string{
			`phases: deliverables[1].id: invalid deliverable id "Report 1" (a lower-case letter or digit first, then lower-case letters, digits and . _ -)`,
		}},
		{"measure problems", func(c *phases.Config) {
			c.Measures[0].Lead = "city-legl"
			c.Measures[1].Partners = []string{"city-supervision", "city-legal", "city-legal"}
			c.Measures[1].Goals = []string{"rule-of-law"}
			c.Measures[1].ReportDue = efficiency.Date{}
		}, []string{
			`phases: measures[0].lead: unknown unit "city-legl" (list it under units)`,
			`phases: measures[1].partners[0]: partner "city-supervision" is already the lead unit`,
			`phases: measures[1].partners[2]: duplicate partner "city-legal"`,
			`phases: measures[1].goals[0]: unknown goal "rule-of-law" (known: functions, supervision)`,
			"phases: measures[1].report_due: missing the report's due date",
		}},
		{"duplicate ids", func(c *phases.Config) {
			c.Measures[1].ID = "education"
			c.Goals[1].ID = "functions"
			c.Units[2].ID = "city-legal"
			c.Phases[1].Tasks = []phases.Task{{ID: "research", Name: efficiency.T("调研", "Research"), Lead: "city-nobody"}}
		}, []string{
			`phases: units[2].id: duplicate unit id "city-legal"`,
			`phases: goals[1].id: duplicate goal id "functions"`,
			`phases: phases[1].tasks[0].id: duplicate task id "research"`,
			`phases: phases[1].tasks[0].lead: unknown unit "city-nobody" (list it under units)`,
			`phases: measures[1].id: duplicate measure id "education"`,
			`phases: measures[1].partners[1]: unknown unit "city-personnel" (list it under units)`,
			`phases: measures[1].goals[0]: unknown goal "supervision" (known: functions)`,
		}},
		{"missing phase and year", func(c *phases.Config) { c.Year = 0; c.Phases = c.Phases[:2] }, []string{
			"phases: year: campaign year 0 is outside the plausible range 1949–2200",
			"phases: phases: missing the phase consolidation (consolidation)",
		}},
		{"starts outside its year", func(c *phases.Config) { c.Year = 2025 }, []string{
			"phases: phases[0].from: the campaign starts on 2026-09-01, not in its year 2025",
		}},
		{"missing window and names", func(c *phases.Config) {
			c.Phases[0].From = efficiency.Date{}
			c.Goals[0].Name.En = ""
		}, []string{
			"phases: goals[0].name: the name needs both its zh-Hans and en forms",
			"phases: phases[0]: phase mobilization is missing its from or to date",
		}},
	}
	for _, tt := range tests {
		cfg := cityConfig()
		tt.modify(&cfg)
		c, err := phases.New(cfg)
		assert.Nil(t, c, "New(%s) returned a campaign despite errors", tt.name)
		var got []string
		var errs phases.ConfigErrors
		if assert.ErrorAs(t, err, &errs, "New(%s) error type", tt.name) {
			for _, e := range errs {
				got = append(got, e.Error())
				assert.NotEmpty(t, e.Msg.ZhHans, "New(%s): %s has no Chinese message", tt.name, e.Field)
			}
		}
		assert.Equal(t, tt.want, got, "New(%s) errors = %q, want %q", tt.name, got, tt.want)
	}
}
