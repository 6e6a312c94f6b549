package appraisal_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/appraisal"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

var sh = efficiency.ShanghaiZone()

// nov2 is Monday 2 November 2026, a working day in a month without holidays.
var nov2 = efficiency.NewDate(2026, time.November, 2)

func at(d efficiency.Date, hour int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hour, 0, 0, 0, sh)
}

// workday is n working days after d.
func workday(t *testing.T, d efficiency.Date, n int) efficiency.Date {
	t.Helper()
	out, err := efficiency.DefaultCalendar().AddWorkdays(d, n)
	require.NoError(t, err)
	return out
}

// done is a case of unit received on nov2 and completed after used working
// days, against a committed limit of committed working days; ratings are
// given on 20 November.
func done(t *testing.T, id, unit string, committed, used int, ratings ...int) efficiency.Case {
	t.Helper()
	k := efficiency.Case{ID: id, Unit: unit,
		Matter: efficiency.Matter{Code: "m", StatutoryDays: 20, CommittedDays: committed},
		Events: []efficiency.Event{
			{Kind: efficiency.Receipt, At: at(nov2, 9)},
			{Kind: efficiency.Completion, At: at(workday(t, nov2, used), 16)},
		}}
	for _, r := range ratings {
		k.Events = append(k.Events, efficiency.Event{Kind: efficiency.Rating, At: at(efficiency.NewDate(2026, 11, 20), 10), Score: r})
	}
	return k
}

func findings(unit string, n int, sev efficiency.Severity, warning bool) []efficiency.Finding {
	var out []efficiency.Finding
	for i := range n {
		out = append(out, efficiency.Finding{ID: fmt.Sprintf("%s-%s-%v-%d", unit, sev, warning, i), Rule: "r",
			Subject: efficiency.SubjectRef{Kind: efficiency.CaseSubject, ID: "k"}, Unit: unit,
			Prohibition: efficiency.Procrastination, System: efficiency.ServiceCommitment, Severity: sev, Warning: warning})
	}
	return out
}

// f wraps a Go function as a formula.
func f(fn func(u appraisal.Figures) float64) appraisal.Formula {
	return func(e *appraisal.Env) (float64, error) { return fn(e.Unit), nil }
}

func ptr(x float64) *float64 { return &x }

// testScheme is the scheme the hand-computed scorecards follow: base 100 in
// three dimensions (efficiency 40, satisfaction 30, conduct 30), 2 points off
// per major finding up to 10, 0.5 per warning up to 3, 3 per efficiency
// warning (measure) without cap, +1 per full 10% of cases completed early up
// to 3, the score held within 0–100.
func testScheme() *appraisal.Scheme {
	return &appraisal.Scheme{
		Base: 100,
		Dimensions: []appraisal.Dimension{
			{ID: "efficiency", Weight: 40, Score: f(func(u appraisal.Figures) float64 {
				if u.Completed == 0 {
					return 1
				}
				return u.OnTimeRate
			})},
			{ID: "satisfaction", Weight: 30, Score: f(func(u appraisal.Figures) float64 {
				if u.Rated == 0 {
					return 1
				}
				return u.SatisfactionRate
			})},
			{ID: "conduct", Weight: 30, Score: f(func(u appraisal.Figures) float64 {
				return 1 - 0.1*float64(u.ComplaintsVerified)
			})},
		},
		Deductions: []appraisal.Adjustment{
			{ID: "major", Match: &appraisal.FindingMatch{Severity: efficiency.Major}, Each: 2, Cap: 10},
			{ID: "warnings", Match: &appraisal.FindingMatch{Warnings: true}, Each: 0.5, Cap: 3},
			{ID: "measures", Points: f(func(u appraisal.Figures) float64 { return 3 * float64(u.Measures["efficiency-warning"]) })},
		},
		Bonuses: []appraisal.Adjustment{
			{ID: "early", Cap: 3, Points: f(func(u appraisal.Figures) float64 {
				if u.Completed == 0 {
					return 0
				}
				return math.Floor(float64(u.Early*10) / float64(u.Completed))
			})},
		},
		Min: ptr(0), Max: ptr(100),
		Grades: []appraisal.Grade{
			{ID: "excellent", Name: efficiency.T("优秀", "excellent"), Min: 90},
			{ID: "good", Name: efficiency.T("良好", "good"), Min: 80},
			{ID: "pass", Name: efficiency.T("合格", "pass"), Min: 60},
			{ID: "fail", Name: efficiency.T("不合格", "fail"), Min: 0},
		},
		Advanced: 2, Lagging: 2,
	}
}
