package rules

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// TestValidKeepsTheFirstOfEachID: whatever the order of the ids (sorted,
// as valid's fast path expects, sorted then not, shuffled, full-width
// spellings of half-width ones), exactly the first subject of each folded
// id is evaluated and every later one is reported as a duplicate.
func TestValidKeepsTheFirstOfEachID(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 4))
	ids := []string{"A-1", "A-2", "B-1", "B-2", "C-1", "ＡＡ-1", "Ｃ-1", "c-1"}
	e := &evaluation{report: &efficiency.Report{}, ctx: context.Background(), seen: map[string]bool{}}
	for round := range 400 {
		var cases []efficiency.Case
		for range rng.IntN(12) {
			cases = append(cases, efficiency.Case{ID: ids[rng.IntN(len(ids))]})
		}
		switch round % 4 {
		case 0:
			slices.SortFunc(cases, func(a, b efficiency.Case) int { return cmpStr(a.ID, b.ID) })
		case 1: // sorted, then one out of order at the end
			slices.SortFunc(cases, func(a, b efficiency.Case) int { return cmpStr(a.ID, b.ID) })
			cases = append(cases, efficiency.Case{ID: "A-1"})
		}
		var want, wantDup []string
		first := map[string]bool{}
		for _, c := range cases {
			key := efficiency.FoldWidth(c.ID)
			if first[key] {
				wantDup = append(wantDup, c.ID)
				continue
			}
			first[key] = true
			want = append(want, c.ID)
		}
		e.report.Invalid = nil
		got := valid(e, efficiency.CaseSubject, cases, nil, func(c *efficiency.Case) string { return c.ID },
			func(*efficiency.Case) []efficiency.FactError { return nil })
		var gotIDs, gotDup []string
		for _, c := range got {
			gotIDs = append(gotIDs, c.ID)
		}
		for _, fe := range e.report.Invalid {
			require.Equal(t, "id", fe.Field)
			gotDup = append(gotDup, fe.Subject.ID)
		}
		require.Equal(t, want, gotIDs, "round %d: evaluated", round)
		require.Equal(t, wantDup, gotDup, "round %d: duplicates", round)
	}
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
