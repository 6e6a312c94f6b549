package rules_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCityEveryRuleHasGoals: every default rule names the campaign goals
// (总体目标) it sets back, so a report can count findings by goal.
func TestCityEveryRuleHasGoals(t *testing.T) {
	rs := city(t)
	c := rs.Campaign()
	require.NotNil(t, c, "the city's rule set has no campaign")
	for _, r := range rs.Rules() {
		assert.NotEmpty(t, r.Goals, "rule %s (%s:%d) is tagged with no goal", r.ID, r.Source.File, r.Source.Line)
		for _, g := range r.Goals {
			_, ok := c.Goal(g)
			assert.True(t, ok, "rule %s: goal %q is not the campaign's", r.ID, g)
		}
	}
	// every goal is set back by some rule
	for _, g := range c.Goals() {
		n := 0
		for _, r := range rs.Rules() {
			for _, id := range r.Goals {
				if id == g.ID {
					n++
				}
			}
		}
		assert.Positive(t, n, "no rule sets back goal %s", g.ID)
	}
}
