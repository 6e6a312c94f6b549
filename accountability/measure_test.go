package accountability_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xiaoneng/xiaoneng/accountability"
)

func TestMeasures(t *testing.T) {
	ms := accountability.Measures()
	require.Len(t, ms, 11)
	wantIDs := []string{"criticism", "written-review", "circulated-criticism", "efficiency-warning", "admonishment",
		"reassignment", "dismissal", "discipline-referral", "no-honours", "not-excellent", "incompetent"}
	for i, m := range ms {
		assert.Equal(t, wantIDs[i], m.String())
		assert.NotEmpty(t, m.Name().ZhHans, "%v has no Chinese name", m)
		assert.NotEmpty(t, m.Name().En, "%v has no English name", m)
		for _, s := range []string{m.String(), m.Name().ZhHans} {
			got, err := accountability.ParseMeasure(s)
			require.NoError(t, err, "ParseMeasure(%q)", s)
			assert.Equal(t, m, got, "ParseMeasure(%q)", s)
		}
		assert.Equal(t, i >= 8, m.AppraisalEffect(), "%v.AppraisalEffect()", m)
	}
	got, err := accountability.ParseMeasure("ｅｆｆｉｃｉｅｎｃｙ-warning")
	require.NoError(t, err, "full-width input")
	assert.Equal(t, accountability.EfficiencyWarning, got)
	_, err = accountability.ParseMeasure("flogging")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown measure "flogging"`)
	assert.Equal(t, "Measure(99)", accountability.Measure(99).String())
	assert.Equal(t, "未知", accountability.UnknownMeasure.Name().ZhHans)
}

func TestGravestAndCombine(t *testing.T) {
	M := func(ms ...accountability.Measure) []accountability.Measure { return ms }
	for _, tc := range []struct {
		in   []accountability.Measure
		want accountability.Measure
	}{
		{nil, accountability.UnknownMeasure},
		{M(accountability.NoHonours, accountability.Incompetent), accountability.UnknownMeasure},
		{M(accountability.WrittenReview, accountability.CirculatedCriticism), accountability.CirculatedCriticism},
		{M(accountability.Incompetent, accountability.Reassignment, accountability.Criticism), accountability.Reassignment},
	} {
		assert.Equal(t, tc.want, accountability.Gravest(tc.in), "Gravest(%v)", tc.in)
	}
	assert.Equal(t, M(accountability.WrittenReview, accountability.CirculatedCriticism, accountability.NoHonours),
		accountability.Combine(M(accountability.NoHonours, accountability.CirculatedCriticism), M(accountability.WrittenReview, accountability.NoHonours)))
}

func TestRecordJSON(t *testing.T) {
	r := accountability.Record{ID: "x@case:c1", Kind: accountability.Accountable, At: t0, Official: "o1", Unit: "u1",
		Findings: []string{"x@case:c1"}, Step: "major", Measures: []accountability.Measure{accountability.EfficiencyWarning, accountability.NotExcellent}}
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"kind":"accountable"`)
	assert.Contains(t, string(b), `"measures":["efficiency-warning","not-excellent"]`)
	var back accountability.Record
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.At.Equal(r.At))
	back.At = r.At
	assert.Equal(t, r, back)
	assert.Error(t, json.Unmarshal([]byte(`{"kind":"nope"}`), &back))
	assert.Error(t, json.Unmarshal([]byte(`{"measures":["nope"]}`), &back))
}
