package appraisal

import (
	"slices"

	"github.com/xiaoneng/xiaoneng/accountability"
)

// LaggingRuns turns rankings of consecutive periods (oldest first, ending
// with the current one) into the accountability ladder's input: each unit
// lagging in the last ranking, in pinyin order of its name, with the run of
// periods up to the last in which it lagged without a break. A unit lagging
// only in the last period has a run of one; the ladder's leaders' rules
// decide how long a run calls for the head's admonishment (约谈), usually
// two (see [LaggingInBoth]). The run stops at a ranking missing or not of
// the period just before the next one's.
//
//	in.Lagging = appraisal.LaggingRuns(sep, oct)
//	decision, err := rs.Decide(ctx, in, ledger, at)
func LaggingRuns(rankings ...*Ranking) []accountability.LaggingUnit {
	if len(rankings) == 0 || rankings[len(rankings)-1] == nil {
		return nil
	}
	cur := rankings[len(rankings)-1]
	var lagging []Scorecard
	for _, sc := range cur.Scorecards {
		if sc.Lagging {
			lagging = append(lagging, sc)
		}
	}
	order := newNameOrder()
	slices.SortStableFunc(lagging, func(x, y Scorecard) int { return order.compare(x.Name.ZhHans, x.Unit, y.Name.ZhHans, y.Unit) })
	var out []accountability.LaggingUnit
	for _, sc := range lagging {
		run := []string{cur.Period.ID()}
		for i := len(rankings) - 2; i >= 0; i-- {
			prev, next := rankings[i], rankings[i+1]
			if prev == nil || prev.Period != next.Period.Previous() {
				break
			}
			p, ok := prev.Scorecard(sc.Unit)
			if !ok || !p.Lagging {
				break
			}
			run = append(run, prev.Period.ID())
		}
		slices.Reverse(run)
		out = append(out, accountability.LaggingUnit{Unit: sc.Unit, Periods: run})
	}
	return out
}
