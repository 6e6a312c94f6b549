package appraisal_test

import (
	"fmt"
	"time"

	"github.com/xiaoneng/xiaoneng/appraisal"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// A scheme built in Go (a rule file's appraisal: section builds the same
// through rules.RuleSet.Appraisal): 100 points, 2 off per major finding.
func ExampleScheme_Rank() {
	scheme := &appraisal.Scheme{
		Base:       100,
		Deductions: []appraisal.Adjustment{{ID: "major", Name: efficiency.T("严重问题", "major findings"), Match: &appraisal.FindingMatch{Severity: efficiency.Major}, Each: 2}},
		Grades:     []appraisal.Grade{{ID: "excellent", Name: efficiency.T("优秀", "excellent"), Min: 99}, {ID: "good", Name: efficiency.T("良好", "good")}},
		Advanced:   1, Lagging: 1,
	}
	facts := &efficiency.Facts{Units: []efficiency.Unit{
		{ID: "tax", Name: efficiency.T("税务局", "Tax Bureau")},
		{ID: "land", Name: efficiency.T("国土局", "Land Bureau")},
		{ID: "water", Name: efficiency.T("水务局", "Water Bureau")},
	}}
	major := efficiency.Finding{ID: "f1", Unit: "land", Severity: efficiency.Major}
	figs, err := appraisal.Aggregate(appraisal.Input{Period: appraisal.Month(2026, time.October), Facts: facts, Findings: []efficiency.Finding{major}})
	if err != nil {
		fmt.Println(err)
		return
	}
	ranking, err := scheme.Rank(figs)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, sc := range ranking.Scorecards {
		fmt.Printf("%d %s %.2f %s advanced=%v lagging=%v\n", sc.Rank, sc.Name.ZhHans, sc.Score, sc.Grade.Name.ZhHans, sc.Advanced, sc.Lagging)
	}
	// Output:
	// 1 水务局 100.00 优秀 advanced=true lagging=false
	// 1 税务局 100.00 优秀 advanced=true lagging=false
	// 3 国土局 98.00 良好 advanced=false lagging=true
}

func ExampleParsePeriod() {
	for _, id := range []string{"2026-10", "2026-Q4", "2026", "2026-13"} {
		p, err := appraisal.ParsePeriod(id)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(p.ID(), p.From, p.To, p.Name().ZhHans, "| previous:", p.Previous())
	}
	// Output:
	// 2026-10 2026-10-01 2026-10-31 2026年10月 | previous: 2026-09
	// 2026-Q4 2026-10-01 2026-12-31 2026年第4季度 | previous: 2026-Q3
	// 2026 2026-01-01 2026-12-31 2026年度 | previous: 2025
	// appraisal: invalid period "2026-13" (want 2026-10, 2026-Q4, 2026 or 2026-09-01..2026-10-31)
}
