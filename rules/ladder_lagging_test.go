package rules_test

// Lagging two appraisal periods in a row, through the whole path: the
// city's appraisal scheme ranks two months, appraisal.LaggingRuns finds each
// lagging unit's run, and the city's ladder admonishes the head of the unit
// lagging in both (约谈), once.

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xiaoneng/xiaoneng/accountability"
	"github.com/xiaoneng/xiaoneng/appraisal"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

func TestCityLadderLaggingFromRankings(t *testing.T) {
	rs := city(t)
	scheme, ok := rs.Appraisal()
	require.True(t, ok, "the city's rules have an appraisal scheme")
	facts := &efficiency.Facts{}
	for i := 1; i <= 6; i++ {
		facts.Units = append(facts.Units, efficiency.Unit{ID: fmt.Sprintf("u%d", i), Kind: efficiency.MunicipalUnit,
			Name: efficiency.T(fmt.Sprintf("市%d局", i), fmt.Sprintf("Bureau %d", i))})
	}
	facts.Officials = []efficiency.Official{{ID: "head1", Unit: "u1", Leader: true}, {ID: "head4", Unit: "u4", Leader: true}}
	// Severe findings put units at the bottom: the city ranks the last two lagging.
	severe := func(p appraisal.Period, unit string, n int) []efficiency.Finding {
		var fs []efficiency.Finding
		for i := range n {
			fs = append(fs, efficiency.Finding{ID: fmt.Sprintf("x@%s/%s/%d", p, unit, i), Unit: unit, Severity: efficiency.Severe})
		}
		return fs
	}
	rank := func(p appraisal.Period, findings ...[]efficiency.Finding) *appraisal.Ranking {
		var all []efficiency.Finding
		for _, fs := range findings {
			all = append(all, fs...)
		}
		figs, err := appraisal.Aggregate(appraisal.Input{Period: p, Facts: facts, Findings: all, Calendar: rs.Calendar()})
		require.NoError(t, err)
		r, err := scheme.Rank(figs)
		require.NoError(t, err)
		return r
	}
	sep, oct := appraisal.Month(2026, time.September), appraisal.Month(2026, time.October)
	rSep := rank(sep, severe(sep, "u1", 2), severe(sep, "u3", 1))
	rOct := rank(oct, severe(oct, "u1", 1), severe(oct, "u4", 2))
	require.Equal(t, []string{"u3", "u1"}, rSep.Lagging, "September's lagging units, in ranking order")
	require.Equal(t, []string{"u1", "u4"}, rOct.Lagging, "October's lagging units, in ranking order")

	runs := appraisal.LaggingRuns(rSep, rOct)
	assert.Equal(t, []accountability.LaggingUnit{{Unit: "u1", Periods: []string{"2026-09", "2026-10"}}, {Unit: "u4", Periods: []string{"2026-10"}}}, runs)

	ledger := &accountability.MemoryLedger{}
	at := day(2026, time.November, 2, 9, 0)
	d, err := rs.Decide(context.Background(), accountability.Input{Facts: facts, Lagging: runs}, ledger, at)
	require.NoError(t, err)
	require.Len(t, d.Triggers, 1, "Decide(lagging): only the unit lagging twice")
	tr := d.Triggers[0]
	assert.Equal(t, "leadership:lagging@u1/lagging:2026-09,2026-10/head1", tr.ID)
	assert.Equal(t, accountability.Leadership, tr.Kind)
	assert.Equal(t, "head1", tr.Official)
	assert.Equal(t, []accountability.Measure{accountability.Admonishment, accountability.NoHonours}, tr.Measures)
	assert.Equal(t, []string{"2026-09", "2026-10"}, tr.Periods)
	assert.Equal(t, map[string]map[string]int{"u1": {"admonishment": 1, "no-honours": 1}}, d.MeasuresByUnit(),
		"the admonishment counts in the next period's appraisal")

	again, err := rs.Decide(context.Background(), accountability.Input{Facts: facts, Lagging: runs}, ledger, at.AddDate(0, 0, 7))
	require.NoError(t, err)
	assert.Empty(t, again.Triggers, "Decide(lagging) again triggered")
	assert.Equal(t, 1, ledger.Len())
}
