package report

import (
	"time"

	"github.com/xiaoneng/xiaoneng/appraisal"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/phases"
)

// Report is what a page shows. Only Title, Period and Ranking are needed;
// every other part may be left out and its section is then omitted (the
// findings sections show zero bars). A Report is a plain value: build it,
// then call [Report.WriteHTML]; the zero value renders an empty page.
type Report struct {
	// Title defaults to 机关行政效能建设绩效考核通报 / Administrative efficiency appraisal circular.
	Title        efficiency.Text
	Jurisdiction efficiency.Text
	Period       appraisal.Period
	// At is when the report was made (the caller's time; never the clock).
	At time.Time
	// Findings are the period's findings (warnings are counted apart).
	Findings []efficiency.Finding
	// Ranking is the period's appraisal ranking.
	Ranking *appraisal.Ranking
	// Trend holds the rankings of the last periods, oldest first, usually
	// ending with Ranking itself; fewer than two leave the trend chart out.
	Trend []*appraisal.Ranking
	// Goals are the campaign's goals (总体目标), usually
	// [phases.Campaign.Goals]: the "findings by goal" chart counts, for each,
	// the findings (not warnings) tagged with it ([efficiency.Finding.Goals];
	// a finding tagged with two goals counts under both). Empty leaves the
	// section out.
	Goals []phases.Goal
	// Timeline is the campaign's phases with today's position, when the
	// caller has a campaign: [TimelineOf] builds it from a phases.Campaign;
	// nil leaves the section out.
	Timeline *Timeline
}

// Timeline is the campaign in time, for the timeline chart.
type Timeline struct {
	Name   efficiency.Text
	Phases []Phase
	// Today is marked on the timeline when it falls within it.
	Today efficiency.Date
	// Position says where today falls (整改提高阶段, not started, over…);
	// shown with today's date under the chart when set.
	Position efficiency.Text
}

// Phase is one phase of the campaign: 动员部署, 整改提高, 巩固成果.
type Phase struct {
	ID       string
	Name     efficiency.Text
	From, To efficiency.Date // inclusive
}
