package rules

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// TestBatchAgreesWithScalar: the batch form of every default case rule and
// every flat rule agrees with its scalar closure over the benchmarks' case
// mix (derived as evaluation derives it) and the flat environments.
func TestBatchAgreesWithScalar(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	d := newDeriver(rs.cal, benchAt)
	d.campaign = rs.campaign
	var envs []CaseEnv
	for _, c := range benchCases(300) {
		d.err = nil
		f := d.caseFacts(&c)
		require.NoError(t, d.err)
		envs = append(envs, CaseEnv{Case: f, At: benchAt})
	}
	for _, r := range rs.byKind[efficiency.CaseSubject] {
		require.NotNil(t, r.batch, "rule %s has no batch form", r.ID)
		checkBatch(t, r.ID, r.when, rs.cal, envs)
	}
	flat := mustParse(t, flatRules)
	for _, r := range flat.byKind[efficiency.CaseSubject] {
		checkBatch(t, r.ID, r.when, flat.cal, flatEnvs(200))
	}
}

// TestModPow2: the remainder by a power of two without a division is Go's %.
func TestModPow2(t *testing.T) {
	for _, k := range []int{1, 2, 4, 8, 1 << 20, 1 << 62} {
		for _, x := range []int{0, 1, -1, 2, -2, 3, -3, 7, -7, 1<<62 + 5, -(1<<62 + 5), math.MaxInt, math.MinInt, math.MinInt + 1} {
			require.Equal(t, x%k, modPow2(x, k), "%d %% %d", x, k)
		}
	}
}

// firstN is the mask of the subjects 0 to n-1.
func firstN(n int) uint64 {
	if n >= 64 {
		return ^uint64(0)
	}
	return uint64(1)<<n - 1
}
