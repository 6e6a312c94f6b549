package appraisal_test

import (
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/accountability"
	"github.com/xiaoneng/xiaoneng/appraisal"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/rules"
)

// handBatch is a small batch whose scorecards are computed by hand in
// TestScorecardsByHand: every deduction and bonus at its boundary, ties in
// rank, units with no cases, both score bounds and two grade boundaries.
func handBatch(t *testing.T) appraisal.Input {
	t.Helper()
	units := []efficiency.Unit{
		{ID: "ajj", Name: efficiency.T("安监局", "Work Safety Bureau"), Kind: efficiency.MunicipalUnit},
		{ID: "bq", Name: efficiency.T("北区", "North District"), Kind: efficiency.CountyGovernment},
		{ID: "cgj", Name: efficiency.T("城管局", "Urban Management Bureau"), Kind: efficiency.MunicipalUnit},
		{ID: "dq", Name: efficiency.T("东区", "East District"), Kind: efficiency.CountyGovernment},
		{ID: "fxb", Name: efficiency.T("防汛办", "Flood Control Office"), Kind: efficiency.MunicipalUnit},
		{ID: "gsj", Name: efficiency.T("工商局", "Commerce Bureau"), Kind: efficiency.MunicipalUnit},
		{ID: "ghj", Name: efficiency.T("规划局", "Planning Bureau"), Kind: efficiency.MunicipalUnit},
		{ID: "hjj", Name: efficiency.T("环境局", "Environment Bureau"), Kind: efficiency.MunicipalUnit},
		{ID: "jtj", Name: efficiency.T("交通局", "Transport Bureau"), Kind: efficiency.MunicipalUnit},
	}
	var cases []efficiency.Case
	add := func(unit string, n, committed, used int, ratings ...int) {
		for range n {
			var r []int
			if len(ratings) > 0 {
				r, ratings = ratings[:1], ratings[1:]
			}
			cases = append(cases, done(t, fmt.Sprintf("%s-%d", unit, len(cases)), unit, committed, used, r...))
		}
	}
	// 安监局: 10 cases, 1 early (10%: +1), 9 on the limit (on time, not early);
	// ratings 5, 5, 4, 3: 75% satisfied.
	add("ajj", 1, 5, 3, 5)
	add("ajj", 9, 5, 5, 5, 4, 3)
	// 北区: 11 cases, 1 early (9.09%: no bonus), 9 on the limit, 1 a day late; 5 major findings (10: the cap).
	add("bq", 1, 5, 4)
	add("bq", 9, 5, 5)
	add("bq", 1, 5, 6)
	// 城管局: 5 cases, 1 early (20%: +2); 6 major findings (12, capped at 10); 6 warnings (3: the cap).
	add("cgj", 1, 5, 2)
	add("cgj", 4, 5, 5)
	// 东区: 2 cases, both early (100%: 10, capped at 3), and the score is held at 100.
	add("dq", 2, 5, 1)
	complaint := func(id, unit string, received time.Time, v efficiency.Verification) efficiency.Complaint {
		return efficiency.Complaint{ID: id, Channel: efficiency.Hotline, Unit: unit, Category: efficiency.CategoryAttitude,
			Received: received, Verification: v, Verified: received.AddDate(0, 0, 3)}
	}
	nov10 := at(efficiency.NewDate(2026, 11, 10), 9)
	complaints := []efficiency.Complaint{
		complaint("c1", "cgj", nov10, efficiency.Verified),
		complaint("c2", "cgj", nov10, efficiency.Verified),
		complaint("c3", "cgj", nov10, efficiency.Unfounded),
		complaint("c4", "cgj", at(efficiency.NewDate(2026, 10, 20), 9), efficiency.Verified), // October: not this period's
		complaint("c5", "jtj", nov10, efficiency.Verified),
	}
	var fs []efficiency.Finding
	fs = append(fs, findings("bq", 5, efficiency.Major, false)...)
	fs = append(fs, findings("cgj", 6, efficiency.Major, false)...)
	fs = append(fs, findings("cgj", 6, efficiency.Minor, true)...)
	fs = append(fs, findings("gsj", 7, efficiency.Minor, true)...)
	fs = append(fs, findings("hjj", 5, efficiency.Major, false)...)
	fs = append(fs, findings("jtj", 5, efficiency.Major, false)...)
	fs = append(fs, findings("jtj", 2, efficiency.Minor, true)...)
	fs = append(fs, findings("jtj", 3, efficiency.Minor, false)...) // minor violations: no deduction in this scheme
	return appraisal.Input{
		Period:   appraisal.Month(2026, time.November),
		Facts:    &efficiency.Facts{Units: units, Cases: cases, Complaints: complaints},
		Findings: fs,
		Measures: appraisal.Measures{"gsj": {"efficiency-warning": 1}, "ghj": {"efficiency-warning": 40},
			"jtj": {"efficiency-warning": 2, "criticism": 5}},
	}
}

type item struct {
	id     string
	points float64
}

// TestScorecardsByHand checks the scorecards of handBatch, computed by
// hand, under the scheme written in Go and the same scheme read from a rule
// file (testdata/hand.yaml).
func TestScorecardsByHand(t *testing.T) {
	src, err := os.ReadFile("testdata/hand.yaml")
	require.NoError(t, err)
	rs, err := rules.Parse("hand.yaml", src)
	require.NoError(t, err)
	fromFile, ok := rs.Appraisal()
	require.True(t, ok, "hand.yaml has an appraisal section")
	for name, scheme := range map[string]*appraisal.Scheme{"go": testScheme(), "rule-file": fromFile} {
		t.Run(name, func(t *testing.T) { checkHandScorecards(t, scheme) })
	}
}

func checkHandScorecards(t *testing.T, scheme *appraisal.Scheme) {
	figs, err := appraisal.Aggregate(handBatch(t))
	require.NoError(t, err)
	ranking, err := scheme.Rank(figs)
	require.NoError(t, err)

	// Every dimension is listed; adjustments only when they moved points.
	dims := func(eff, sat, con float64) []item {
		return []item{{"base", 100}, {"efficiency", eff}, {"satisfaction", sat}, {"conduct", con}}
	}
	want := []struct {
		unit  string
		score float64
		grade string
		rank  int
		items []item
	}{
		// 100 + 3 (early, capped) = 103, held at 100.
		{"dq", 100, "excellent", 1, append(dims(0, 0, 0), item{"early", 3}, item{"bound", -3})},
		// no cases: nothing moves.
		{"fxb", 100, "excellent", 1, dims(0, 0, 0)},
		// 7 warnings × 0.5 = 3.5, capped at 3; 1 efficiency warning × 3.
		{"gsj", 94, "excellent", 3, append(dims(0, 0, 0), item{"warnings", -3}, item{"measures", -3})},
		// 30 × (0.75 − 1) = −7.5; 1 of 10 early: +1.
		{"ajj", 93.5, "excellent", 4, append(dims(0, -7.5, 0), item{"early", 1})},
		// 5 major findings × 2 = 10, the cap: 90, the boundary of excellent.
		{"hjj", 90, "excellent", 5, append(dims(0, 0, 0), item{"major", -10})},
		// 40 × (10/11 − 1) = −3.636… → −3.64; 1 of 11 early: no bonus.
		{"bq", 86.36, "good", 6, append(dims(-3.64, 0, 0), item{"major", -10})},
		// 2 verified complaints: 30 × (0.8 − 1) = −6; 6 majors capped at 10; 6 warnings = 3; 1 of 5 early: +2.
		{"cgj", 83, "good", 7, append(dims(0, 0, -6), item{"major", -10}, item{"warnings", -3}, item{"early", 2})},
		// 1 verified complaint −3, 5 majors −10, 2 warnings −1, 2 efficiency warnings −6: 80, the boundary of good.
		{"jtj", 80, "good", 8, append(dims(0, 0, -3), item{"major", -10}, item{"warnings", -1}, item{"measures", -6})},
		// 40 efficiency warnings: −120, held at 0.
		{"ghj", 0, "fail", 9, append(dims(0, 0, 0), item{"measures", -120}, item{"bound", 20})},
	}
	require.Len(t, ranking.Scorecards, len(want))
	for i, w := range want {
		sc := ranking.Scorecards[i]
		require.Equal(t, w.unit, sc.Unit, "Rank()[%d].Unit", i)
		assert.InDelta(t, w.score, sc.Score, 1e-9, "Score(%s)", w.unit)
		assert.Equal(t, w.grade, sc.Grade.ID, "Grade(%s)", w.unit)
		assert.Equal(t, w.rank, sc.Rank, "Rank(%s)", w.unit)
		var got []item
		sum := 0.0
		for _, it := range sc.Breakdown {
			got = append(got, item{it.ID, it.Points})
			sum += it.Points
		}
		assert.Equal(t, w.items, got, "Breakdown(%s)", w.unit)
		assert.InDelta(t, sc.Score, sum, 1e-9, "Breakdown(%s) adds up to %v, score %v", w.unit, sum, sc.Score)
	}
	assert.Equal(t, []string{"dq", "fxb"}, ranking.Advanced, "Advanced")
	assert.Equal(t, []string{"jtj", "ghj"}, ranking.Lagging, "Lagging")

	// The finding-based deductions name the findings that moved the points.
	cgj, ok := ranking.Scorecard("cgj")
	require.True(t, ok)
	for _, it := range cgj.Breakdown {
		switch it.ID {
		case "major":
			assert.Len(t, it.Findings, 6, "major deduction of cgj lists its findings")
			assert.Equal(t, 6.0, it.Value)
		case "warnings":
			assert.Len(t, it.Findings, 6)
		}
	}
}

func TestAggregateFigures(t *testing.T) {
	in := handBatch(t)
	// a case completed in October and one received in December: not November's
	oct := done(t, "old", "bq", 5, 1)
	oct.Events[0].At = at(efficiency.NewDate(2026, 10, 12), 9)
	oct.Events[1].At = at(efficiency.NewDate(2026, 10, 13), 9)
	dec := done(t, "new", "bq", 5, 1)
	dec.Events[0].At = at(efficiency.NewDate(2026, 12, 1), 9)
	dec.Events[1].At = at(efficiency.NewDate(2026, 12, 2), 9)
	// open at the end of November: received 2 Nov with a 5-day limit, overdue by the 30th
	open := efficiency.Case{ID: "open", Unit: "bq", Officials: []string{"o1"},
		Matter: efficiency.Matter{Code: "m", StatutoryDays: 20, CommittedDays: 5},
		Events: []efficiency.Event{{Kind: efficiency.Receipt, At: at(nov2, 9)}}}
	in.Facts.Cases = append(in.Facts.Cases, oct, dec, open)
	in.Facts.Officials = []efficiency.Official{{ID: "o1", Name: "王五", Unit: "bq"}}
	figs, err := appraisal.Aggregate(in)
	require.NoError(t, err)

	bq, ok := figs.Unit("bq")
	require.True(t, ok)
	assert.Equal(t, 12, bq.Cases, "cases of bq")
	assert.Equal(t, 11, bq.Completed)
	assert.Equal(t, 1, bq.Open)
	assert.Equal(t, 10, bq.OnTime)
	assert.Equal(t, 1, bq.Early)
	assert.Equal(t, 2, bq.Overdue, "one late completion and one open past its limit")
	assert.InDelta(t, 2.0/12, bq.OverdueRate, 1e-12)
	assert.Equal(t, 4+45+6, bq.DaysUsed)
	assert.Equal(t, 55, bq.DaysAllowed)
	assert.InDelta(t, 5.0, bq.MeanDaysUsed, 1e-12)
	assert.Equal(t, 5, bq.Findings.Severity.Major)
	assert.Equal(t, 5, bq.Findings.Prohibition.P2)
	assert.Equal(t, 5, bq.Findings.System.S3)

	ajj, _ := figs.Unit("ajj")
	assert.Equal(t, [5]int{0, 0, 1, 1, 2}, ajj.ByScore)
	assert.Equal(t, 4, ajj.Rated)
	assert.Equal(t, 3, ajj.Satisfied)
	assert.Equal(t, 1, ajj.Neutral)
	assert.InDelta(t, 0.75, ajj.SatisfactionRate, 1e-12)

	cgj, _ := figs.Unit("cgj")
	assert.Equal(t, 3, cgj.Complaints, "October's complaint is not November's")
	assert.Equal(t, 2, cgj.ComplaintsVerified)
	assert.Equal(t, 6, cgj.Findings.Warnings)
	assert.Equal(t, 6, cgj.Findings.Total)

	fxb, _ := figs.Unit("fxb")
	assert.Equal(t, appraisal.Figures{ID: "fxb", Name: "防汛办", Unit: "fxb", Kind: "municipal-unit", Measures: map[string]int{}}, fxb,
		"a unit with no cases has zero figures and zero rates")

	jtj, _ := figs.Unit("jtj")
	assert.Equal(t, map[string]int{"efficiency-warning": 2, "criticism": 5}, jtj.Measures)

	o1, ok := figs.Official("o1")
	require.True(t, ok)
	assert.Equal(t, appraisal.Figures{ID: "o1", Name: "王五", Unit: "bq", Cases: 1, Open: 1, Overdue: 1, OverdueRate: 1,
		Measures: map[string]int{}}, o1)
}

// TestAggregateAt: a period still running is read as of At.
func TestAggregateAt(t *testing.T) {
	in := handBatch(t)
	in.At = at(efficiency.NewDate(2026, 11, 6), 12) // Friday: 4 working days after 2 November
	figs, err := appraisal.Aggregate(in)
	require.NoError(t, err)
	ajj, _ := figs.Unit("ajj")
	assert.Equal(t, appraisal.Figures{ID: "ajj", Name: "安监局", Unit: "ajj", Kind: "municipal-unit", Cases: 10, Completed: 1, Open: 9,
		OnTime: 1, Early: 1, OnTimeRate: 1, EarlyRate: 1, WithLimit: 1, DaysUsed: 3, DaysAllowed: 5, MeanDaysUsed: 3, MeanLimit: 5,
		DaysUsedRatio: 0.6, Measures: map[string]int{}}, ajj, "ajj as of 6 November: no ratings yet, 9 cases still open")
	cgj, _ := figs.Unit("cgj")
	assert.Equal(t, 0, cgj.Complaints, "complaints received after At")
}

func TestRankTies(t *testing.T) {
	// Scores straight from the figures: the score is the number of cases.
	scheme := &appraisal.Scheme{Bonuses: []appraisal.Adjustment{{ID: "cases", Points: f(func(u appraisal.Figures) float64 { return float64(u.Cases) })}},
		Advanced: 1, Lagging: 2}
	mk := func(scores map[string]int, names map[string]string) *appraisal.Aggregates {
		a := &appraisal.Aggregates{Period: appraisal.Month(2026, 11), Names: map[string]efficiency.Text{}}
		for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
			if n, ok := scores[id]; ok {
				a.Units = append(a.Units, appraisal.Figures{ID: id, Cases: n})
				a.Names[id] = efficiency.T(names[id], id)
			}
		}
		return a
	}
	names := map[string]string{"a": "重庆办", "b": "安阳办", "c": "北京办", "d": "长沙办", "e": "郑州办", "f": "大连办"}
	tests := []struct {
		name     string
		scores   map[string]int
		order    []string
		ranks    []int
		advanced []string
		lagging  []string
	}{
		{"distinct", map[string]int{"a": 5, "b": 4, "c": 3, "d": 2}, []string{"a", "b", "c", "d"}, []int{1, 2, 3, 4}, []string{"a"}, []string{"c", "d"}},
		// 1, 2, 2, 4; the tied pair in pinyin order: 北京 before 长沙
		{"tie in the middle", map[string]int{"a": 5, "d": 4, "c": 4, "b": 1}, []string{"a", "c", "d", "b"}, []int{1, 2, 2, 4}, []string{"a"}, []string{"c", "d", "b"}},
		// a tie at the top: both advanced
		{"tie at the top", map[string]int{"e": 5, "b": 5, "c": 1}, []string{"b", "e", "c"}, []int{1, 1, 3}, []string{"b", "e"}, []string{"c"}},
		// three tied at the bottom: all lagging
		{"tie at the bottom", map[string]int{"a": 9, "b": 1, "c": 1, "f": 1, "e": 2}, []string{"a", "e", "b", "c", "f"}, []int{1, 2, 3, 3, 3}, []string{"a"}, []string{"b", "c", "f"}},
		{"all tied", map[string]int{"a": 1, "b": 1}, []string{"b", "a"}, []int{1, 1}, []string{"b", "a"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := scheme.Rank(mk(tt.scores, names))
			require.NoError(t, err)
			var order []string
			var ranks []int
			for _, sc := range r.Scorecards {
				order = append(order, sc.Unit)
				ranks = append(ranks, sc.Rank)
			}
			assert.Equal(t, tt.order, order, "Rank(%v) order", tt.scores)
			assert.Equal(t, tt.ranks, ranks, "Rank(%v) ranks", tt.scores)
			assert.Equal(t, tt.advanced, r.Advanced, "Advanced")
			assert.Equal(t, tt.lagging, r.Lagging, "Lagging")
		})
	}
}

func TestLaggingInBoth(t *testing.T) {
	rk := func(p appraisal.Period, lagging ...string) *appraisal.Ranking {
		r := &appraisal.Ranking{Period: p}
		for _, id := range []string{"a", "b", "c", "d"} {
			r.Scorecards = append(r.Scorecards, appraisal.Scorecard{Unit: id, Name: efficiency.T(map[string]string{"a": "郑州", "b": "安阳", "c": "北京", "d": "长沙"}[id], id)})
		}
		for i := range r.Scorecards {
			for _, l := range lagging {
				if r.Scorecards[i].Unit == l {
					r.Scorecards[i].Lagging = true
				}
			}
		}
		return r
	}
	oct, nov, dec := appraisal.Month(2026, 10), appraisal.Month(2026, 11), appraisal.Month(2026, 12)
	tests := []struct {
		name      string
		prev, cur *appraisal.Ranking
		want      []string
	}{
		{"both months", rk(oct, "a", "b", "d"), rk(nov, "a", "d", "c"), []string{"d", "a"}},
		{"not consecutive", rk(oct, "a"), rk(dec, "a"), nil},
		{"none twice", rk(oct, "a"), rk(nov, "b"), nil},
		{"quarters", rk(appraisal.Quarter(2026, 4), "c"), rk(appraisal.Quarter(2027, 1), "c"), []string{"c"}},
		{"no previous", nil, rk(nov, "a"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, appraisal.LaggingInBoth(tt.prev, tt.cur), "LaggingInBoth")
		})
	}
}

func TestScoreErrors(t *testing.T) {
	boom := func(*appraisal.Env) (float64, error) { return 0, fmt.Errorf("boom") }
	neg := f(func(appraisal.Figures) float64 { return -1 })
	scheme := &appraisal.Scheme{Base: 100,
		Dimensions: []appraisal.Dimension{{ID: "d", Weight: 100, Score: boom}},
		Deductions: []appraisal.Adjustment{{ID: "neg", Points: neg}}}
	a := &appraisal.Aggregates{Units: []appraisal.Figures{{ID: "u1"}, {ID: "u2"}}}
	r, err := scheme.Rank(a)
	require.Error(t, err)
	assert.Nil(t, r, "no ranking when a formula fails")
	var se *appraisal.ScoreError
	require.ErrorAs(t, err, &se)
	for _, s := range []string{"unit u1: d: boom", "unit u1: neg: the points are negative (-1)", "unit u2: d: boom"} {
		assert.Contains(t, err.Error(), s)
	}
}

func TestLaggingRuns(t *testing.T) {
	rk := func(p appraisal.Period, lagging ...string) *appraisal.Ranking {
		r := &appraisal.Ranking{Period: p}
		for _, id := range []string{"a", "b", "c", "d"} {
			sc := appraisal.Scorecard{Unit: id, Name: efficiency.T(map[string]string{"a": "郑州", "b": "安阳", "c": "北京", "d": "长沙"}[id], id)}
			sc.Lagging = slices.Contains(lagging, id)
			r.Scorecards = append(r.Scorecards, sc)
		}
		return r
	}
	run := func(unit string, periods ...string) accountability.LaggingUnit {
		return accountability.LaggingUnit{Unit: unit, Periods: periods}
	}
	sep, oct, nov, dec := appraisal.Month(2026, 9), appraisal.Month(2026, 10), appraisal.Month(2026, 11), appraisal.Month(2026, 12)
	tests := []struct {
		name     string
		rankings []*appraisal.Ranking
		want     []accountability.LaggingUnit
	}{
		{"runs of one, two and three, in pinyin order", []*appraisal.Ranking{rk(sep, "a", "d"), rk(oct, "a", "b", "d"), rk(nov, "a", "d", "c")},
			[]accountability.LaggingUnit{run("c", "2026-11"), run("d", "2026-09", "2026-10", "2026-11"), run("a", "2026-09", "2026-10", "2026-11")}},
		{"a break ends the run", []*appraisal.Ranking{rk(sep, "a"), rk(oct, "b"), rk(nov, "a")}, []accountability.LaggingUnit{run("a", "2026-11")}},
		{"not consecutive periods", []*appraisal.Ranking{rk(oct, "a"), rk(dec, "a")}, []accountability.LaggingUnit{run("a", "2026-12")}},
		{"a missing ranking ends the run", []*appraisal.Ranking{rk(sep, "a"), nil, rk(nov, "a")}, []accountability.LaggingUnit{run("a", "2026-11")}},
		{"nobody lagging", []*appraisal.Ranking{rk(oct, "a"), rk(nov)}, nil},
		{"no rankings", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, appraisal.LaggingRuns(tt.rankings...), "LaggingRuns(%s)", tt.name)
		})
	}
}
