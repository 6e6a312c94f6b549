package report_test

import (
	"fmt"
	"time"

	"github.com/xiaoneng/xiaoneng/appraisal"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/phases"
	"github.com/xiaoneng/xiaoneng/report"
)

var sh = efficiency.ShanghaiZone()

var unitNames = map[string]efficiency.Text{
	"tax":   efficiency.T("税务局", "Tax Bureau"),
	"land":  efficiency.T("国土局", "Land Bureau"),
	"north": efficiency.T("北区政府", "North District"),
	"water": efficiency.T("水务局", "Water Bureau"),
	"trade": efficiency.T("工商局", "Commerce Bureau"),
	"<b>":   efficiency.T("<b>测试&单位</b>", "<b>Test & Unit</b>"), // escaping
}

// scheme: 100 points in two dimensions, 2 off per major finding, +1 per
// full 10% of cases completed early (up to 3).
var scheme = &appraisal.Scheme{
	Base: 100,
	Dimensions: []appraisal.Dimension{
		{ID: "time", Name: efficiency.T("办事时效", "Time limits"), Weight: 60, Score: func(e *appraisal.Env) (float64, error) {
			if e.Unit.Completed == 0 {
				return 1, nil
			}
			return e.Unit.OnTimeRate, nil
		}},
		{ID: "satisfaction", Name: efficiency.T("群众满意度", "Satisfaction"), Weight: 40, Score: func(e *appraisal.Env) (float64, error) {
			if e.Unit.Rated == 0 {
				return 1, nil
			}
			return e.Unit.SatisfactionRate, nil
		}},
	},
	Deductions: []appraisal.Adjustment{{ID: "major", Name: efficiency.T("严重问题", "Major findings"), Match: &appraisal.FindingMatch{Severity: efficiency.Major}, Each: 2, Cap: 10}},
	Bonuses: []appraisal.Adjustment{{ID: "early", Name: efficiency.T("提前办结", "Early completion"), Cap: 3, Points: func(e *appraisal.Env) (float64, error) {
		if e.Unit.Completed == 0 {
			return 0, nil
		}
		return float64(e.Unit.Early * 10 / e.Unit.Completed), nil
	}}},
	Grades: []appraisal.Grade{
		{ID: "excellent", Name: efficiency.T("优秀", "Excellent"), Min: 90},
		{ID: "good", Name: efficiency.T("良好", "Good"), Min: 80},
		{ID: "pass", Name: efficiency.T("合格", "Pass"), Min: 60},
		{ID: "fail", Name: efficiency.T("不合格", "Fail"), Min: 0},
	},
	Advanced: 2, Lagging: 1,
}

type unitFig struct {
	completed, onTime, early, rated, satisfied, majors int
}

// ranking ranks hand-made figures for the month.
func ranking(p appraisal.Period, figs map[string]unitFig) (*appraisal.Ranking, []efficiency.Finding) {
	a := &appraisal.Aggregates{Period: p, Names: unitNames}
	var fs []efficiency.Finding
	for _, id := range []string{"<b>", "land", "north", "tax", "trade", "water"} {
		u, ok := figs[id]
		if !ok {
			continue
		}
		f := appraisal.Figures{ID: id, Name: unitNames[id].ZhHans, Unit: id, Cases: u.completed, Completed: u.completed,
			OnTime: u.onTime, Early: u.early, Rated: u.rated, Satisfied: u.satisfied}
		if u.completed > 0 {
			f.OnTimeRate = float64(u.onTime) / float64(u.completed)
		}
		if u.rated > 0 {
			f.SatisfactionRate = float64(u.satisfied) / float64(u.rated)
		}
		a.Units = append(a.Units, f)
		for i := range u.majors {
			fs = append(fs, efficiency.Finding{ID: fmt.Sprintf("%s-%s-%d", p.ID(), id, i), Unit: id, Severity: efficiency.Major,
				Prohibition: efficiency.Procrastination, System: efficiency.ServiceCommitment})
		}
	}
	a.Findings = fs
	r, err := scheme.Rank(a)
	if err != nil {
		panic(err)
	}
	return r, fs
}

// sample is the report the golden files and the browser test render.
func sample() *report.Report {
	aug, _ := ranking(appraisal.Month(2026, time.August), map[string]unitFig{
		"tax": {10, 10, 1, 10, 9, 0}, "land": {10, 8, 0, 10, 8, 2}, "north": {20, 19, 2, 10, 10, 1},
		"water": {5, 5, 0, 4, 4, 0}, "trade": {8, 6, 0, 5, 3, 3}})
	sep, _ := ranking(appraisal.Month(2026, time.September), map[string]unitFig{
		"tax": {10, 10, 2, 10, 10, 0}, "land": {10, 7, 0, 10, 7, 3}, "north": {20, 20, 2, 10, 9, 1},
		"water": {5, 5, 1, 4, 4, 0}, "trade": {8, 7, 0, 5, 4, 2}})
	oct, fs := ranking(appraisal.Month(2026, time.October), map[string]unitFig{
		"tax": {10, 10, 3, 10, 10, 0}, "land": {10, 7, 0, 10, 6, 4}, "north": {20, 19, 4, 10, 10, 0},
		"water": {0, 0, 0, 0, 0, 0}, "trade": {8, 8, 0, 5, 4, 1}, "<b>": {4, 2, 0, 2, 1, 6}})
	// findings of the other prohibitions and systems, and warnings
	// (and the goals they set back: functions 2+3+1, decision-making 4,
	// law-enforcement 1, rule-of-law 1+1, e-government none)
	more := []struct {
		p     efficiency.Prohibition
		s     efficiency.System
		n     int
		goals []string
	}{{efficiency.NonExecution, efficiency.PostResponsibility, 2, []string{"functions"}}, {efficiency.RentSeeking, efficiency.FaultAccountability, 1, []string{"law-enforcement", "rule-of-law"}},
		{efficiency.HostileAttitude, efficiency.FirstInquiry, 3, []string{"functions"}}, {efficiency.UnknownProhibition, efficiency.OpenAffairs, 4, []string{"decision-making"}},
		{efficiency.UnknownProhibition, efficiency.OneTimeNotice, 2, nil}, {efficiency.UnknownProhibition, efficiency.PerformanceAppraisal, 1, []string{"functions", "rule-of-law"}}}
	for _, m := range more {
		for i := range m.n {
			fs = append(fs, efficiency.Finding{ID: fmt.Sprintf("x-%s-%s-%d", m.p, m.s, i), Prohibition: m.p, System: m.s, Severity: efficiency.Minor, Goals: m.goals})
		}
	}
	// a warning is not counted under its goal
	fs = append(fs, efficiency.Finding{ID: "w1", Warning: true, System: efficiency.ServiceCommitment, Severity: efficiency.Notice, Goals: []string{"e-government"}})
	return &report.Report{
		Jurisdiction: efficiency.T("某市", "The City"),
		Period:       appraisal.Month(2026, time.October),
		At:           time.Date(2026, 11, 2, 9, 0, 0, 0, sh),
		Findings:     fs,
		Ranking:      oct,
		Trend:        []*appraisal.Ranking{aug, sep, oct},
		Goals:        campaign().Goals(),
		Timeline:     report.TimelineOf(campaign(), time.Date(2026, 11, 2, 9, 0, 0, 0, sh)),
	}
}

// campaign is the city's campaign: mobilisation August–September,
// rectification October–November, consolidation December.
func campaign() *phases.Campaign {
	c, err := phases.New(phases.Config{Year: 2026, Theme: efficiency.T("优化政务环境，创建高效政府", "Optimise the government-affairs environment, build an efficient government"),
		Goals: []phases.Goal{
			{ID: "functions", Name: efficiency.T("政府职能转变基本到位", "Transformation of government functions basically in place")},
			{ID: "decision-making", Name: efficiency.T("决策科学民主、政务公开、公众参与渠道畅通", "Scientific, democratic decision-making; open government information and channels for public participation")},
			{ID: "law-enforcement", Name: efficiency.T("执法水平提高，化解社会矛盾能力增强", "Law enforcement improved; ability to resolve social conflicts stronger")},
			{ID: "e-government", Name: efficiency.T("电子政务推广应用，行政监督进一步完善", "E-government applied and promoted; administrative supervision improved")},
			{ID: "rule-of-law", Name: efficiency.T("依法治市落实，公务人员法律意识增强", "Rule of law in the city put into practice; officials' legal awareness stronger")},
		},
		Phases: []phases.PhaseConfig{
			{ID: phases.Mobilization, From: efficiency.NewDate(2026, 8, 1), To: efficiency.NewDate(2026, 9, 30)},
			{ID: phases.Rectification, From: efficiency.NewDate(2026, 10, 1), To: efficiency.NewDate(2026, 11, 30)},
			{ID: phases.Consolidation, From: efficiency.NewDate(2026, 12, 1), To: efficiency.NewDate(2026, 12, 31)},
		}})
	if err != nil {
		panic(err)
	}
	return c
}
