package rules_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/rules"
)

// TestStreamMatchesBatch: the citywide facts streamed one subject at a time
// (units and officials first) give the same findings, warnings and errors
// as one batch, and cases counted before their unit arrived still count.
func TestStreamMatchesBatch(t *testing.T) {
	src, err := os.ReadFile("../examples/citywide/facts.json")
	require.NoError(t, err)
	var facts efficiency.Facts
	require.NoError(t, json.Unmarshal(src, &facts))
	rs := city(t)
	// 5 December: the campaign's measure reports are overdue, so unit rules
	// that read the measures a unit leads fire too
	for _, at := range []time.Time{day(2026, 10, 20, 9, 0), day(2026, 12, 5, 9, 0)} {
		streamMatchesBatch(t, rs, &facts, at)
	}
}

func streamMatchesBatch(t *testing.T, rs *rules.RuleSet, facts *efficiency.Facts, at time.Time) {
	t.Helper()
	batch, err := rs.Evaluate(context.Background(), facts, at)
	require.NoError(t, err)
	require.NotEmpty(t, batch.Findings)

	for _, unitsFirst := range []bool{true, false} {
		s, err := rs.NewStream(at)
		require.NoError(t, err)
		all := efficiency.Report{Findings: []efficiency.Finding{}, Warnings: []efficiency.Finding{}} // as Evaluate's
		add := func(f *efficiency.Facts) {
			rep, err := s.Add(context.Background(), f)
			require.NoError(t, err)
			all.Findings = append(all.Findings, rep.Findings...)
			all.Warnings = append(all.Warnings, rep.Warnings...)
			all.Errors = append(all.Errors, rep.Errors...)
			all.Invalid = append(all.Invalid, rep.Invalid...)
		}
		ctxFacts := &efficiency.Facts{Units: facts.Units, Officials: facts.Officials}
		if unitsFirst {
			add(ctxFacts)
		}
		for _, c := range facts.Cases {
			add(&efficiency.Facts{Cases: []efficiency.Case{c}})
		}
		for _, o := range facts.Orders {
			add(&efficiency.Facts{Orders: []efficiency.Order{o}})
		}
		for _, c := range facts.Complaints {
			add(&efficiency.Facts{Complaints: []efficiency.Complaint{c}})
		}
		if !unitsFirst {
			add(ctxFacts)
		}
		rep, err := s.Close(context.Background())
		require.NoError(t, err)
		all.Findings = append(all.Findings, rep.Findings...)
		all.Warnings = append(all.Warnings, rep.Warnings...)
		efficiency.SortFindings(all.Findings)
		efficiency.SortFindings(all.Warnings)
		unitRules := func(fs []efficiency.Finding) []string {
			var out []string
			for _, f := range fs {
				if f.Subject.Kind == efficiency.UnitSubject || f.Subject.Kind == efficiency.OfficialSubject {
					out = append(out, f.ID)
				}
			}
			return out
		}
		if unitsFirst {
			assert.Equal(t, batch.Findings, all.Findings, "streamed findings at %v (units first)", at)
			assert.Equal(t, batch.Warnings, all.Warnings)
			assert.Equal(t, batch.Errors, all.Errors)
		} else {
			// Cases evaluated before their unit see no unit; the unit's and
			// officials' own findings are the same.
			assert.Equal(t, unitRules(batch.Findings), unitRules(all.Findings), "streamed unit findings at %v (units last)", at)
		}
		assert.Empty(t, all.Invalid)
		_, err = s.Add(context.Background(), &efficiency.Facts{})
		assert.Error(t, err, "Add after Close")
	}
}

// TestStreamDuplicateUnit: a unit sent twice is reported, not silently dropped.
func TestStreamDuplicateUnit(t *testing.T) {
	s, err := city(t).NewStream(day(2026, 10, 20, 9, 0))
	require.NoError(t, err)
	u := efficiency.Unit{ID: unitID, Name: efficiency.T("单位", "unit"), Kind: "municipal-unit"}
	rep, err := s.Add(context.Background(), &efficiency.Facts{Units: []efficiency.Unit{u}})
	require.NoError(t, err)
	assert.Empty(t, rep.Invalid)
	rep, err = s.Add(context.Background(), &efficiency.Facts{Units: []efficiency.Unit{u}})
	require.NoError(t, err)
	require.Len(t, rep.Invalid, 1, "Add(duplicate unit).Invalid")
	assert.Equal(t, efficiency.SubjectRef{Kind: efficiency.UnitSubject, ID: unitID}, rep.Invalid[0].Subject)
}
