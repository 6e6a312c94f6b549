package accountability_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xiaoneng/xiaoneng/accountability"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// laggingLadder adds to the small ladder a leaders' rule on lagging: two
// consecutive lagging periods → admonishment of the unit's leaders.
func laggingLadder() *accountability.Ladder {
	l := ladder()
	l.Leaders = append(l.Leaders, accountability.LeaderRule{ID: "lagging",
		Measures: []accountability.Measure{accountability.Admonishment},
		When:     func(c *accountability.Context) (bool, error) { return len(c.Lagging) >= 2, nil }})
	return l
}

func TestDecideLagging(t *testing.T) {
	twice := []accountability.LaggingUnit{{Unit: "u1", Periods: []string{"2026-09", "2026-10"}}}
	tests := []struct {
		name     string
		findings []efficiency.Finding
		lagging  []accountability.LaggingUnit
		want     []brief
	}{
		{name: "lagging twice names both leaders", lagging: twice, want: []brief{
			{"leadership:lagging@u1/lagging:2026-09,2026-10/deputy", "deputy", "lagging", []accountability.Measure{accountability.Admonishment, accountability.NoHonours}},
			{"leadership:lagging@u1/lagging:2026-09,2026-10/head", "head", "lagging", []accountability.Measure{accountability.Admonishment, accountability.NoHonours}},
		}},
		{name: "lagging once triggers nothing", lagging: []accountability.LaggingUnit{{Unit: "u1", Periods: []string{"2026-10"}}}, want: []brief{}},
		{name: "a unit without leaders answers itself", lagging: []accountability.LaggingUnit{{Unit: "u9", Periods: []string{"2026-09", "2026-10"}}},
			want: []brief{{"leadership:lagging@u9/lagging:2026-09,2026-10", "", "lagging", []accountability.Measure{accountability.Admonishment, accountability.NoHonours}}}},
		{name: "findings come first; the unit-record rule does not fire on lagging",
			findings: []efficiency.Finding{finding("f1", efficiency.Minor, "u1", "o1")}, lagging: twice, want: []brief{
				{"f1@case:f1", "o1", "minor", []accountability.Measure{accountability.Criticism, accountability.NoHonours}},
				{"leadership:lagging@u1/lagging:2026-09,2026-10/deputy", "deputy", "lagging", []accountability.Measure{accountability.Admonishment, accountability.NoHonours}},
				{"leadership:lagging@u1/lagging:2026-09,2026-10/head", "head", "lagging", []accountability.Measure{accountability.Admonishment, accountability.NoHonours}},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ledger := &accountability.MemoryLedger{}
			in := accountability.Input{Findings: tt.findings, Facts: facts, Lagging: tt.lagging}
			d, err := laggingLadder().Decide(context.Background(), in, ledger, t0)
			require.NoError(t, err)
			assert.Equal(t, tt.want, briefs(d.Triggers), "Decide(%s) triggers", tt.name)
			for _, tr := range d.Triggers {
				if tr.Step == "lagging" {
					assert.Equal(t, []string{"2026-09", "2026-10"}, tr.Periods, "Decide(%s): the record keeps the periods", tt.name)
					assert.Equal(t, accountability.Leadership, tr.Kind)
				}
			}
			again, err := laggingLadder().Decide(context.Background(), in, ledger, t0.AddDate(0, 0, 1))
			require.NoError(t, err)
			assert.Empty(t, again.Triggers, "Decide(%s) again triggered", tt.name)
		})
	}
}

// A third lagging period is a new run: the head is admonished again.
func TestDecideLaggingLongerRun(t *testing.T) {
	ledger := &accountability.MemoryLedger{}
	for i, run := range [][]string{{"2026-09", "2026-10"}, {"2026-09", "2026-10", "2026-11"}} {
		in := accountability.Input{Facts: &efficiency.Facts{Officials: []efficiency.Official{{ID: "head", Unit: "u1", Leader: true}}},
			Lagging: []accountability.LaggingUnit{{Unit: "u1", Periods: run}}}
		d, err := laggingLadder().Decide(context.Background(), in, ledger, t0.AddDate(0, i, 0))
		require.NoError(t, err)
		require.Len(t, d.Triggers, 1, "Decide(run %v)", run)
		assert.Equal(t, run, d.Triggers[0].Periods)
	}
	assert.Equal(t, 2, ledger.Len())
}

func TestDecideLaggingInputErrors(t *testing.T) {
	for _, tc := range []struct {
		lagging []accountability.LaggingUnit
		want    string
	}{
		{[]accountability.LaggingUnit{{Periods: []string{"2026-10"}}}, "lagging unit 1: names no unit"},
		{[]accountability.LaggingUnit{{Unit: "u1"}}, `lagging unit 1: unit "u1" has no lagging periods`},
		{[]accountability.LaggingUnit{{Unit: "u1", Periods: []string{"2026-10", ""}}}, `lagging unit 1: unit "u1" has an empty period id`},
		{[]accountability.LaggingUnit{{Unit: "u1", Periods: []string{"2026-10", "2026-10"}}}, `lagging unit 1: unit "u1" lists a period twice`},
		{[]accountability.LaggingUnit{{Unit: "u1", Periods: []string{"2026-10"}}, {Unit: "u1", Periods: []string{"2026-10"}}}, `lagging unit 2: unit "u1" appears twice`},
	} {
		_, err := laggingLadder().Decide(context.Background(), accountability.Input{Lagging: tc.lagging}, &accountability.MemoryLedger{}, t0)
		var ie *accountability.InputError
		require.ErrorAs(t, err, &ie, "Decide(%v)", tc.lagging)
		assert.Equal(t, "accountability: "+tc.want, err.Error(), "Decide(%v)", tc.lagging)
		assert.NotEmpty(t, ie.Message.ZhHans)
	}
}
