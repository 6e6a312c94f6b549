package report_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/phases"
	"github.com/xiaoneng/xiaoneng/report"
	"golang.org/x/text/language"
)

func TestTimelineOf(t *testing.T) {
	c := campaign()
	tests := []struct {
		at       time.Time
		today    efficiency.Date
		position string
	}{
		{time.Date(2026, 7, 31, 23, 59, 0, 0, sh), efficiency.NewDate(2026, 7, 31), "not started"},
		{time.Date(2026, 8, 1, 0, 0, 0, 0, sh), efficiency.NewDate(2026, 8, 1), "mobilisation and deployment phase"},
		// 2026-09-30 16:30 UTC is 1 October in Shanghai: the campaign's zone decides.
		{time.Date(2026, 9, 30, 16, 30, 0, 0, time.UTC), efficiency.NewDate(2026, 10, 1), "rectification and improvement phase"},
		{time.Date(2026, 12, 31, 12, 0, 0, 0, sh), efficiency.NewDate(2026, 12, 31), "consolidation phase"},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, sh), efficiency.NewDate(2027, 1, 1), "over"},
		{time.Time{}, efficiency.Date{}, ""},
	}
	for _, tt := range tests {
		tl := report.TimelineOf(c, tt.at)
		require.NotNil(t, tl)
		require.Len(t, tl.Phases, 3, "TimelineOf(%v) phases", tt.at)
		assert.Equal(t, "rectification", tl.Phases[1].ID)
		assert.Equal(t, efficiency.NewDate(2026, 11, 30), tl.Phases[1].To)
		assert.Equal(t, tt.today, tl.Today, "TimelineOf(%v).Today", tt.at)
		assert.Equal(t, tt.position, tl.Position.En, "TimelineOf(%v).Position", tt.at)
	}
	assert.Nil(t, report.TimelineOf(nil, tests[0].at), "no campaign, no timeline")
	assert.Nil(t, report.TimelineOf(&phases.Campaign{}, tests[0].at), "no phases, no timeline")
}

// The page shows the theme and where today falls; a today outside the
// campaign is named but not marked on the chart.
func TestTimelineSection(t *testing.T) {
	r := sample()
	page := render(t, r, language.SimplifiedChinese)
	assert.Contains(t, page, `<p class="lists theme">优化政务环境，创建高效政府</p>`)
	assert.Contains(t, page, `<p class="lists today">今天 2026-11-02：整改提高阶段</p>`)
	assert.Contains(t, page, `stroke-dasharray="4 3"`, "today is marked")
	r.Timeline = report.TimelineOf(campaign(), time.Date(2027, 2, 1, 9, 0, 0, 0, sh))
	page = render(t, r, language.English)
	assert.Contains(t, page, `<p class="lists today">today 2027-02-01: over</p>`)
	assert.NotContains(t, page, `stroke-dasharray="4 3"`, "a today outside the campaign is not marked")
}

func ExampleTimelineOf() {
	tl := report.TimelineOf(campaign(), time.Date(2026, 11, 2, 9, 0, 0, 0, efficiency.ShanghaiZone()))
	for _, p := range tl.Phases {
		fmt.Println(p.ID, p.From, p.To, p.Name.ZhHans)
	}
	fmt.Println(tl.Today, tl.Position.ZhHans)
	// Output:
	// mobilization 2026-08-01 2026-09-30 动员部署
	// rectification 2026-10-01 2026-11-30 整改提高
	// consolidation 2026-12-01 2026-12-31 巩固成果
	// 2026-11-02 整改提高阶段
}
