package rules

import (
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/appraisal"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

func TestAppraisalSection(t *testing.T) {
	rs, err := Load(os.DirFS("testdata"), "appraisal.good.yaml")
	require.NoError(t, err)
	s, ok := rs.Appraisal()
	require.True(t, ok, "Appraisal() of a file with the section")
	assert.Equal(t, 100.0, s.Base)
	assert.Nil(t, s.Min)
	require.NotNil(t, s.Max)
	assert.Equal(t, 105.0, *s.Max)
	require.Len(t, s.Dimensions, 2)
	assert.Equal(t, "efficiency", s.Dimensions[0].ID)
	assert.Equal(t, 60.0, s.Dimensions[0].Weight)
	require.Len(t, s.Deductions, 2)
	assert.Equal(t, &appraisal.FindingMatch{Prohibition: efficiency.RentSeeking, System: efficiency.FaultAccountability}, s.Deductions[0].Match)
	assert.Equal(t, 5.0, s.Deductions[0].Each)
	assert.Equal(t, []string{"excellent", "fail"}, []string{s.Grades[0].ID, s.Grades[1].ID})
	assert.True(t, math.IsInf(s.Grades[1].Min, -1), "the last grade without min takes every score")
	assert.Equal(t, 1, s.Advanced)

	// The formulas run over the figures, params patched in.
	env := &appraisal.Env{Unit: appraisal.Figures{Completed: 4, OnTime: 3, OnTimeRate: 0.75,
		Findings: appraisal.FindingCounts{Severity: appraisal.SeverityCounts{Major: 3}}}}
	v, err := s.Dimensions[0].Score(env)
	require.NoError(t, err)
	assert.Equal(t, 0.75, v, "efficiency score")
	v, err = s.Deductions[1].Points(env)
	require.NoError(t, err)
	assert.Equal(t, 6.0, v, "params.per_major × major findings")

	rs, err = Load(os.DirFS("testdata"), "minimal.good.yaml")
	require.NoError(t, err)
	_, ok = rs.Appraisal()
	assert.False(t, ok, "Appraisal() of a file without the section")
}

func TestDefaultAppraisal(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	s, ok := rs.Appraisal()
	require.True(t, ok, "the city's rule set has an appraisal scheme")
	sum := 0.0
	for _, d := range s.Dimensions {
		sum += d.Weight
	}
	assert.Equal(t, s.Base, sum)
	var grades []string
	for _, g := range s.Grades {
		grades = append(grades, g.Name.ZhHans+"/"+g.Name.En)
	}
	assert.Equal(t, []string{"优秀/Excellent", "良好/Good", "合格/Pass", "不合格/Fail"}, grades)

	// A unit with no cases and nothing found keeps every point.
	r, err := s.Rank(&appraisal.Aggregates{Units: []appraisal.Figures{{ID: "u"}}})
	require.NoError(t, err)
	assert.Equal(t, 100.0, r.Scorecards[0].Score)
	// Early-completion bonus at its boundary: 1 of 10 early is +1; 1 of 11 is nothing.
	for _, tt := range []struct {
		early, completed int
		want             float64
	}{{1, 10, 101}, {1, 11, 100}, {2, 10, 102}, {9, 10, 103}, {1, 4, 100}} {
		f := appraisal.Figures{ID: "u", Completed: tt.completed, OnTime: tt.completed, OnTimeRate: 1, Early: tt.early, EarlyRate: float64(tt.early) / float64(tt.completed)}
		r, err := s.Rank(&appraisal.Aggregates{Units: []appraisal.Figures{f}})
		require.NoError(t, err)
		assert.Equal(t, tt.want, r.Scorecards[0].Score, "Score(early %d of %d)", tt.early, tt.completed)
	}
}
