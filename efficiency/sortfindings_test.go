package efficiency

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSortFindingsMatchesStableSort: SortFindings gives what a stable sort
// with CompareFindings gives, on nearly sorted input (its fast path),
// shuffled and reversed input (its fallback), and with ties that only
// stability orders.
func TestSortFindingsMatchesStableSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	gen := func(n int) []Finding {
		fs := make([]Finding, n)
		for i := range fs {
			kind := SubjectKind(rng.IntN(3))
			subj := fmt.Sprintf("S-%02d", i/3)
			rule := fmt.Sprintf("r%d", rng.IntN(4))
			fs[i] = Finding{Subject: SubjectRef{Kind: kind, ID: subj}, Rule: rule,
				ID:      rule + "@" + subj,
				Message: T(fmt.Sprint(i), fmt.Sprint(i))} // tells equal findings apart
		}
		slices.SortStableFunc(fs, func(a, b Finding) int { // roughly sorted: by subject only
			return cmpSubject(a, b)
		})
		return fs
	}
	for round := range 300 {
		fs := gen(rng.IntN(60))
		switch round % 3 {
		case 1:
			rng.Shuffle(len(fs), func(i, j int) { fs[i], fs[j] = fs[j], fs[i] })
		case 2:
			slices.Reverse(fs)
		}
		want := slices.Clone(fs)
		slices.SortStableFunc(want, CompareFindings)
		SortFindings(fs)
		require.Equal(t, want, fs, "round %d", round)
	}
}

func cmpSubject(a, b Finding) int {
	if a.Subject.Kind != b.Subject.Kind {
		return int(a.Subject.Kind) - int(b.Subject.Kind)
	}
	if a.Subject.ID < b.Subject.ID {
		return -1
	}
	if a.Subject.ID > b.Subject.ID {
		return 1
	}
	return 0
}
