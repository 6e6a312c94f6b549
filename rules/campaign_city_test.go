package rules_test

// Tests of the city's campaign rules (city.yaml, "活动阶段与报送"): each
// deadline and each warning fires and stays quiet at its boundaries, to the
// second: 23:59:59 on the due day is still in time, 00:00:00 on the next day
// is not.

import (
	"slices"
	"testing"
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

func TestCityCampaign(t *testing.T) { runCityCases(t, campaignCases()) }

// lastSecond is 23:59:59 of y-m-d in Shanghai.
func lastSecond(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 23, 59, 59, 0, efficiency.ShanghaiZone())
}

// midnight is 00:00:00 of y-m-d in Shanghai.
func midnight(y int, m time.Month, d int) time.Time { return day(y, m, d, 0, 0) }

// campaignUnit is a unit that did everything in time: leading group and
// office on 5 September, plan on 20 September, report on 20 November,
// look-back on 20 December.
func campaignUnit(id string, mods ...func(*efficiency.Unit)) efficiency.Unit {
	base := func(u *efficiency.Unit) {
		u.LeadingGroup, u.Office = day(2026, 9, 5, 9, 0), day(2026, 9, 5, 9, 0)
		u.Deliverables = []efficiency.Deliverable{
			{Kind: "implementation-plan", Submitted: day(2026, 9, 20, 9, 0)},
			{Kind: "rectification-report", Submitted: day(2026, 11, 20, 9, 0)},
			{Kind: "look-back", Submitted: day(2026, 12, 20, 9, 0)},
		}
	}
	return unit(id, append([]func(*efficiency.Unit){base}, mods...)...)
}

func keyUnit(u *efficiency.Unit) { u.Key = true }

// without drops the unit's submissions of kind.
func without(kind string) func(*efficiency.Unit) {
	return func(u *efficiency.Unit) {
		u.Deliverables = slices.DeleteFunc(slices.Clone(u.Deliverables), func(d efficiency.Deliverable) bool { return d.Kind == kind })
	}
}

// submits records a submission of kind at t, replacing earlier ones.
func submits(kind string, t time.Time) func(*efficiency.Unit) {
	return func(u *efficiency.Unit) {
		without(kind)(u)
		u.Deliverables = append(u.Deliverables, efficiency.Deliverable{Kind: kind, Submitted: t})
	}
}

func onUnitID(id string, rules ...string) []string { return hits(efficiency.UnitSubject, id, rules...) }

// deadlineCases are the cases of one deliverable's pair of rules (base and
// key unit) and its warning.
func deadlineCases(kind, base, key, warn string, due efficiency.Date, warnFrom, quietBefore time.Time, dueZh, dueEn string) []cityCase {
	y, m, d := due.Year, due.Month, due.Day
	next := due.AddDays(1)
	after := midnight(next.Year, next.Month, next.Day)
	u := func(mods ...func(*efficiency.Unit)) *efficiency.Facts { return batch(campaignUnit(unitID, mods...)) }
	return []cityCase{
		{
			name: base + "/missing at 00:00:00 the day after", rule: base,
			facts: u(without(kind)), at: after,
			findings: onUnit(base),
			evidence: map[string][]efficiency.Evidence{onUnit(base)[0]: evidence(
				"due", endOf(y, m, d), "status_zh", "仍未报送", "status_en", "is still missing")},
			messages: map[string]efficiency.Text{onUnit(base)[0]: efficiency.T(
				dueZh+"（截至 "+due.String()+"）仍未报送", "the "+dueEn+" due by "+due.String()+" is still missing")},
		},
		{
			name: base + "/missing at 23:59:59 on the due day", rule: base,
			facts: u(without(kind)), at: lastSecond(y, m, d),
			warnings: onUnit(warn),
		},
		{
			name: base + "/submitted at 23:59:59 on the due day", rule: base,
			facts: u(submits(kind, lastSecond(y, m, d))), at: after.Add(48 * time.Hour),
		},
		{
			name: base + "/submitted at 00:00:00 the day after", rule: base,
			facts: u(submits(kind, after)), at: after.Add(48 * time.Hour),
			findings: onUnit(base),
			messages: map[string]efficiency.Text{onUnit(base)[0]: efficiency.T(
				dueZh+"（截至 "+due.String()+"）逾期才报送", "the "+dueEn+" due by "+due.String()+" came late")},
		},
		{
			name: base + "/missing, seen before the due date", rule: base,
			facts: u(without(kind)), at: quietBefore,
		},
		{
			name: base + "/a key unit is not a plain one", rule: base,
			facts: u(without(kind), keyUnit), at: after,
			findings: onUnit(key),
		},
		{
			name: key + "/key unit missing at 00:00:00 the day after", rule: key,
			facts: u(without(kind), keyUnit), at: after,
			findings: onUnit(key),
		},
		{
			name: key + "/key unit missing at 23:59:59 on the due day", rule: key,
			facts: u(without(kind), keyUnit), at: lastSecond(y, m, d),
			warnings: onUnit(warn),
		},
		{
			name: key + "/key unit submitted late", rule: key,
			facts: u(submits(kind, after.Add(9*time.Hour)), keyUnit), at: after.Add(48 * time.Hour),
			findings: onUnit(key),
		},
		{
			name: key + "/key unit in time", rule: key,
			facts: u(keyUnit), at: after,
		},
		{
			name: warn + "/first second of the warning window", rule: warn,
			facts: u(without(kind)), at: warnFrom,
			warnings: onUnit(warn),
			evidence: map[string][]efficiency.Evidence{onUnit(warn)[0]: evidence(
				"due", endOf(y, m, d), "remaining", 5, "lead_time", 5)},
			messages: map[string]efficiency.Text{onUnit(warn)[0]: efficiency.T(
				dueZh+"将于 "+due.String()+" 截止，剩余 5 个工作日尚未报送",
				"the "+dueEn+" falls due on "+due.String()+" and is not yet submitted; working days left: 5")},
		},
		{
			name: warn + "/last second before the warning window", rule: warn,
			facts: u(without(kind)), at: warnFrom.Add(-time.Second),
		},
		{
			name: warn + "/already submitted", rule: warn,
			facts: u(submits(kind, warnFrom.Add(-time.Hour))), at: warnFrom.Add(time.Hour),
		},
		{
			name: warn + "/submitted after at is not yet submitted", rule: warn,
			facts: u(submits(kind, warnFrom.Add(2*time.Hour))), at: warnFrom.Add(time.Hour),
			warnings: onUnit(warn),
		},
		{
			name: warn + "/past the due date the warning gives way", rule: warn,
			facts: u(without(kind)), at: after,
			findings: onUnit(base),
		},
	}
}

func campaignCases() []cityCase {
	const (
		group    = "P1.campaign.no-leading-group"
		keyGroup = "P1.campaign.key.no-leading-group"
		measure  = "P1.campaign.measure-unreported"
		mWarn    = "P1.campaign.measure.due-soon"
	)
	u := func(mods ...func(*efficiency.Unit)) *efficiency.Facts { return batch(campaignUnit(unitID, mods...)) }
	set := func(group, office time.Time) func(*efficiency.Unit) {
		return func(u *efficiency.Unit) { u.LeadingGroup, u.Office = group, office }
	}
	cases := []cityCase{
		{
			name: "leading group/none at 00:00:00 on 1 October", rule: group,
			facts: u(set(time.Time{}, time.Time{})), at: midnight(2026, 10, 1),
			findings: onUnit(group),
			evidence: map[string][]efficiency.Evidence{onUnit(group)[0]: evidence(
				"deadline", endOf(2026, 9, 30), "status_zh", "仍未成立", "status_en", "are still missing")},
			messages: map[string]efficiency.Text{onUnit(group)[0]: efficiency.T(
				"动员部署阶段（截至 2026-09-30）应成立的领导小组及其办公室仍未成立",
				"the leading group and office due by the end of mobilisation (2026-09-30) are still missing")},
		},
		{
			name: "leading group/none at 23:59:59 on 30 September", rule: group,
			facts: u(set(time.Time{}, time.Time{})), at: lastSecond(2026, 9, 30),
		},
		{
			name: "leading group/set up at 23:59:59 on 30 September", rule: group,
			facts: u(set(lastSecond(2026, 9, 30), lastSecond(2026, 9, 30))), at: day(2026, 10, 20, 10, 0),
		},
		{
			name: "leading group/office set up at 00:00:00 on 1 October", rule: group,
			facts: u(set(day(2026, 9, 5, 9, 0), midnight(2026, 10, 1))), at: day(2026, 10, 20, 10, 0),
			findings: onUnit(group),
			messages: map[string]efficiency.Text{onUnit(group)[0]: efficiency.T(
				"动员部署阶段（截至 2026-09-30）应成立的领导小组及其办公室逾期才成立",
				"the leading group and office due by the end of mobilisation (2026-09-30) were set up late")},
		},
		{
			name: "leading group/group but no office", rule: group,
			facts: u(set(day(2026, 9, 5, 9, 0), time.Time{})), at: day(2026, 10, 20, 10, 0),
			findings: onUnit(group),
		},
		{
			name: "leading group/set up after at is not set up", rule: group,
			facts: u(set(day(2026, 10, 21, 9, 0), day(2026, 10, 21, 9, 0))), at: day(2026, 10, 20, 10, 0),
			findings: onUnit(group),
		},
		{
			name: "leading group/before the campaign", rule: group,
			facts: u(set(time.Time{}, time.Time{})), at: day(2026, 8, 20, 10, 0),
		},
		{
			name: "leading group/key unit", rule: keyGroup,
			facts: u(set(time.Time{}, time.Time{}), keyUnit), at: midnight(2026, 10, 1),
			findings: onUnit(keyGroup),
		},
		{
			name: "leading group/key unit at 23:59:59 on 30 September", rule: keyGroup,
			facts: u(set(time.Time{}, time.Time{}), keyUnit), at: lastSecond(2026, 9, 30),
		},
		{
			name: "leading group/key unit in time", rule: keyGroup,
			facts: u(keyUnit), at: midnight(2026, 10, 1),
		},

		// Key measures: city-legal-affairs leads "education"; city-supervision
		// leads rules-and-supervision, law-based-administration and public-supervision.
		{
			name: "measure/no report at 00:00:00 on 1 December", rule: measure,
			facts: batch(campaignUnit("city-legal-affairs")), at: midnight(2026, 12, 1),
			findings: onUnitID("city-legal-affairs", measure),
			evidence: map[string][]efficiency.Evidence{onUnitID("city-legal-affairs", measure)[0]: evidence(
				"measures", []any{"education"})},
			messages: map[string]efficiency.Text{onUnitID("city-legal-affairs", measure)[0]: efficiency.T(
				"牵头的工作重点 education 未在截止日前报告落实情况",
				"no report by the due date on the key measures it leads: education")},
		},
		{
			name: "measure/no report at 23:59:59 on 30 November", rule: measure,
			facts: batch(campaignUnit("city-legal-affairs")), at: lastSecond(2026, 11, 30),
			warnings: onUnitID("city-legal-affairs", mWarn),
		},
		{
			name: "measure/reported at 23:59:59 on 30 November", rule: measure,
			facts: batch(campaignUnit("city-legal-affairs", submits("measure-report:education", lastSecond(2026, 11, 30)))),
			at:    midnight(2026, 12, 1),
		},
		{
			name: "measure/reported at 00:00:00 on 1 December", rule: measure,
			facts: batch(campaignUnit("city-legal-affairs", submits("measure-report:education", midnight(2026, 12, 1)))),
			at:    midnight(2026, 12, 2), findings: onUnitID("city-legal-affairs", measure),
		},
		{
			name: "measure/a unit that leads no measure", rule: measure,
			facts: u(), at: midnight(2026, 12, 1),
		},
		{
			name: "measure/one of three reported", rule: measure,
			facts: batch(campaignUnit("city-supervision", submits("measure-report:law-based-administration", day(2026, 11, 10, 9, 0)))),
			at:    midnight(2026, 12, 1), findings: onUnitID("city-supervision", measure),
			evidence: map[string][]efficiency.Evidence{onUnitID("city-supervision", measure)[0]: evidence(
				"measures", []any{"rules-and-supervision", "public-supervision"})},
		},
		{
			name: "measure warning/first second of the window", rule: mWarn,
			facts: batch(campaignUnit("city-supervision", submits("measure-report:law-based-administration", day(2026, 11, 10, 9, 0)))),
			at:    midnight(2026, 11, 23), warnings: onUnitID("city-supervision", mWarn),
			evidence: map[string][]efficiency.Evidence{onUnitID("city-supervision", mWarn)[0]: evidence(
				"measures", []any{"rules-and-supervision", "public-supervision"}, "lead_time", 5)},
			messages: map[string]efficiency.Text{onUnitID("city-supervision", mWarn)[0]: efficiency.T(
				"牵头的工作重点 rules-and-supervision、public-supervision 的落实情况报告将在 5 个工作日内截止，尚未报送",
				"the report on the key measures it leads (rules-and-supervision, public-supervision) falls due within 5 working days and is not yet submitted")},
		},
		{
			name: "measure warning/last second before the window", rule: mWarn,
			facts: batch(campaignUnit("city-supervision")), at: lastSecond(2026, 11, 22),
		},
		{
			name: "measure warning/all reported", rule: mWarn,
			facts: batch(campaignUnit("city-legal-affairs", submits("measure-report:education", day(2026, 11, 20, 9, 0)))),
			at:    day(2026, 11, 25, 9, 0),
		},
		{
			name: "measure warning/a unit that leads no measure", rule: mWarn,
			facts: u(), at: day(2026, 11, 25, 9, 0),
		},
	}
	// Mid-Autumn (25–27 September) leaves 22, 23, 24, 28, 29, 30 September as
	// the last working days: from 22 September, 5 remain after the day.
	cases = append(cases, deadlineCases("implementation-plan", "P1.campaign.no-plan", "P1.campaign.key.no-plan",
		"P1.campaign.plan.due-soon", efficiency.NewDate(2026, 9, 30), midnight(2026, 9, 22), day(2026, 9, 10, 9, 0),
		"本单位实施方案", "implementation plan")...)
	cases = append(cases, deadlineCases("rectification-report", "P1.campaign.not-reported", "P1.campaign.key.not-reported",
		"P1.campaign.report.due-soon", efficiency.NewDate(2026, 11, 30), midnight(2026, 11, 23), day(2026, 10, 20, 9, 0),
		"实施方案、规章制度和整改情况报告", "report on the plan, rules and rectification")...)
	cases = append(cases, deadlineCases("look-back", "P1.campaign.no-look-back", "P1.campaign.key.no-look-back",
		"P1.campaign.look-back.due-soon", efficiency.NewDate(2026, 12, 31), midnight(2026, 12, 24), day(2026, 12, 10, 9, 0),
		"“回头看”总结", "look-back review")...)
	return cases
}
