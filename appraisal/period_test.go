package appraisal_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/appraisal"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

func TestParsePeriod(t *testing.T) {
	d := efficiency.NewDate
	tests := []struct {
		in       string
		from, to efficiency.Date
		prev     string
		zh, en   string
	}{
		{"2026-10", d(2026, 10, 1), d(2026, 10, 31), "2026-09", "2026年10月", "October 2026"},
		{"2026-01", d(2026, 1, 1), d(2026, 1, 31), "2025-12", "2026年1月", "January 2026"},
		{"2028-02", d(2028, 2, 1), d(2028, 2, 29), "2028-01", "2028年2月", "February 2028"},
		{"2026-Q4", d(2026, 10, 1), d(2026, 12, 31), "2026-Q3", "2026年第4季度", "Q4 2026"},
		{"2026-Q1", d(2026, 1, 1), d(2026, 3, 31), "2025-Q4", "2026年第1季度", "Q1 2026"},
		{"2026", d(2026, 1, 1), d(2026, 12, 31), "2025", "2026年度", "2026"},
		{"2026-09-01..2026-10-31", d(2026, 9, 1), d(2026, 10, 31), "2026-07-02..2026-08-31", "2026-09-01 至 2026-10-31", "2026-09-01 to 2026-10-31"},
	}
	for _, tt := range tests {
		p, err := appraisal.ParsePeriod(tt.in)
		require.NoError(t, err, "ParsePeriod(%s)", tt.in)
		assert.Equal(t, tt.from, p.From, "ParsePeriod(%s).From", tt.in)
		assert.Equal(t, tt.to, p.To, "ParsePeriod(%s).To", tt.in)
		assert.Equal(t, tt.in, p.ID(), "ParsePeriod(%s).ID()", tt.in)
		assert.Equal(t, tt.prev, p.Previous().ID(), "ParsePeriod(%s).Previous()", tt.in)
		assert.Equal(t, efficiency.T(tt.zh, tt.en), p.Name(), "ParsePeriod(%s).Name()", tt.in)
	}
	for _, bad := range []string{"", "26", "2026-13", "2026-00", "2026-Q5", "2026-Q0", "2026-+1", "2026-10-31..2026-10-01", "x..y", "2026-1"} {
		_, err := appraisal.ParsePeriod(bad)
		var pe *appraisal.PeriodError
		assert.ErrorAs(t, err, &pe, "ParsePeriod(%q) = %v, want a PeriodError", bad, err)
	}
}

func TestPeriodContains(t *testing.T) {
	p := appraisal.Month(2026, time.October)
	sh := efficiency.ShanghaiZone()
	assert.True(t, p.Contains(time.Date(2026, 10, 31, 23, 59, 59, 0, sh), sh))
	assert.False(t, p.Contains(time.Date(2026, 11, 1, 0, 0, 0, 0, sh), sh))
	// 2026-10-31 16:30 UTC is 1 November in Shanghai
	assert.False(t, p.Contains(time.Date(2026, 10, 31, 16, 30, 0, 0, time.UTC), sh))
	assert.True(t, p.Contains(time.Date(2026, 9, 30, 16, 30, 0, 0, time.UTC), sh))
	assert.Equal(t, time.Date(2026, 10, 1, 0, 0, 0, 0, sh), p.Start(sh))
}
