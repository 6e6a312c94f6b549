package phases_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/phases"
)

func submitted(kind string, t time.Time) efficiency.Deliverable {
	return efficiency.Deliverable{Kind: kind, Submitted: t}
}

// progressBatch is units in every state, given in an order that is neither
// the pinyin order nor the order of their names' code points.
func progressBatch() []efficiency.Unit {
	return []efficiency.Unit{
		{ID: "county-zhongshan", Name: efficiency.T("中山区人民政府", "Zhongshan District"), Kind: efficiency.CountyGovernment,
			Deliverables: []efficiency.Deliverable{
				submitted("implementation-plan", at(2026, 9, 30, 23, 59, 59, sh)), // the last second: on time
				submitted("look-back", at(2026, 12, 1, 9, 0, 0, sh)),              // early: on time
			}},
		{ID: "city-supervision", Name: efficiency.T("市监察局", "Municipal Supervision Bureau"), Kind: efficiency.MunicipalUnit, Key: true,
			Deliverables: []efficiency.Deliverable{
				submitted("implementation-plan", at(2026, 9, 20, 9, 0, 0, sh)),
				submitted("rectification-report", at(2026, 12, 1, 9, 30, 0, sh)), // late
				submitted("measure-report:rules", at(2026, 11, 20, 9, 0, 0, sh)),
			}},
		{ID: "county-acheng", Name: efficiency.T("阿城区人民政府", "Acheng District"), Kind: efficiency.CountyGovernment,
			Deliverables: []efficiency.Deliverable{
				submitted("implementation-plan", at(2026, 10, 1, 0, 0, 0, sh)),  // the first second late
				submitted("rectification-report", at(2026, 12, 3, 9, 0, 0, sh)), // after t: ignored
			}},
		{ID: "city-legal", Name: efficiency.T("市法制局", "Municipal Legal Affairs Bureau"), Kind: efficiency.MunicipalUnit,
			Deliverables: []efficiency.Deliverable{
				submitted("implementation-plan", at(2026, 10, 9, 9, 0, 0, sh)), // late, submitted twice: the first counts
				submitted("implementation-plan", at(2026, 9, 29, 9, 0, 0, sh)),
			}},
		{ID: "county-beitang", Name: efficiency.T("北塘区人民政府", "Beitang District"), Kind: efficiency.CountyGovernment},
	}
}

func TestProgress(t *testing.T) {
	c := newCampaign(t, cityConfig())
	now := at(2026, 12, 1, 10, 0, 0, sh)
	p := c.Progress(progressBatch(), now)
	require.NotNil(t, p, "Progress")

	var cols []string
	for _, col := range p.Columns {
		cols = append(cols, col.Kind)
	}
	assert.Equal(t, []string{"implementation-plan", "rectification-report", "look-back", "measure-report:education", "measure-report:rules"},
		cols, "Progress columns = %v", cols)

	const (
		N = phases.NotOwed
		P = phases.Pending
		O = phases.Overdue
		T = phases.OnTime
		L = phases.Late
	)
	want := []struct {
		unit   string
		states []phases.State
	}{
		// pinyin: a, bei, shi fa, shi jian, zhong
		{"county-acheng", []phases.State{L, O, P, N, N}},
		{"county-beitang", []phases.State{O, O, P, N, N}},
		{"city-legal", []phases.State{T, O, P, O, N}},
		{"city-supervision", []phases.State{T, L, P, N, T}},
		{"county-zhongshan", []phases.State{T, O, T, N, N}},
	}
	require.Len(t, p.Rows, len(want), "Progress rows")
	for i, w := range want {
		r := p.Rows[i]
		assert.Equal(t, w.unit, r.Unit, "Progress row %d = %s, want %s", i, r.Unit, w.unit)
		var got []phases.State
		for _, cell := range r.Cells {
			got = append(got, cell.State)
		}
		assert.Equal(t, w.states, got, "Progress row %s states = %v, want %v", r.Unit, got, w.states)
	}
	assert.True(t, p.Rows[3].Key, "city-supervision is a key unit")
	assert.Equal(t, at(2026, 9, 29, 9, 0, 0, sh), p.Rows[2].Cells[0].Submitted, "city-legal plan submitted (the first of two)")
	assert.True(t, p.Rows[0].Cells[1].Submitted.IsZero(), "a submission after t is not shown")
	assert.Equal(t, 3, p.Count(0, phases.OnTime), "Count(plan, on time)")
	assert.Equal(t, 4, p.Count(1, phases.Overdue), "Count(report, overdue)")
	assert.Equal(t, 0, p.Count(99, phases.Overdue), "Count(no such column)")
	assert.Equal(t, now, p.At, "Progress At")
}

// TestProgressCollation: pinyin order, not code-point order, and the id breaks ties.
func TestProgressCollation(t *testing.T) {
	c := newCampaign(t, cityConfig())
	names := []struct{ id, zh string }{
		{"u1", "中山区"}, {"u2", "北塘区"}, {"u3", "阿城区"}, {"u4", "市人事局"}, {"u5", "市法制局"},
		{"u6", "安平县"}, {"u7", "北塘区"}, {"u0", "常山镇"}, {"u8", ""},
	}
	var units []efficiency.Unit
	for _, n := range names {
		units = append(units, efficiency.Unit{ID: n.id, Name: efficiency.T(n.zh, "Z "+n.id), Kind: efficiency.CountyGovernment})
	}
	p := c.Progress(units, at(2026, 9, 1, 0, 0, 0, sh))
	var got []string
	for _, r := range p.Rows {
		got = append(got, r.Unit)
	}
	// the English fallback (Latin sorts before Han), then a(阿) an(安) bei(北)×2 by id, chang(常) shi fa(法) shi ren(人) zhong(中)
	want := []string{"u8", "u3", "u6", "u2", "u7", "u0", "u5", "u4", "u1"}
	assert.Equal(t, want, got, "Progress order = %v, want %v", got, want)
}

func TestStateOf(t *testing.T) {
	due := at(2026, 9, 30, 23, 59, 59, sh).Add(999999999)
	tests := []struct {
		submitted, t time.Time
		want         phases.State
	}{
		{time.Time{}, at(2026, 9, 30, 23, 59, 59, sh), phases.Pending},
		{time.Time{}, at(2026, 10, 1, 0, 0, 0, sh), phases.Overdue},
		{at(2026, 9, 30, 23, 59, 59, sh), at(2026, 10, 1, 0, 0, 0, sh), phases.OnTime},
		{at(2026, 10, 1, 0, 0, 0, sh), at(2026, 10, 1, 0, 0, 0, sh), phases.Late},
	}
	for _, tt := range tests {
		got := phases.StateOf(due, tt.submitted, tt.t)
		assert.Equal(t, tt.want, got, "StateOf(%v, %v, %v) = %v, want %v", due, tt.submitted, tt.t, got, tt.want)
		assert.Equal(t, tt.want == phases.OnTime || tt.want == phases.Late, got.Done(), "%v.Done()", got)
	}
}
