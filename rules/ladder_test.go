package rules_test

// The city's default accountability ladder (rules/city.yaml, accountability:
// section): each step and the leaders' rule firing and not firing, and an
// official walked through a year.

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xiaoneng/xiaoneng/accountability"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/rules"
)

// ladderFacts: unit u1 with officials o1, o2, o3 and its head; unit u2 with o9 and no leader.
var ladderFacts = &efficiency.Facts{
	Units: []efficiency.Unit{
		{ID: "u1", Kind: efficiency.MunicipalUnit, Name: efficiency.T("市甲局", "Bureau A")},
		{ID: "u2", Kind: efficiency.MunicipalUnit},
	},
	Officials: []efficiency.Official{
		{ID: "o1", Unit: "u1"}, {ID: "o2", Unit: "u1"}, {ID: "o3", Unit: "u1"},
		{ID: "head", Unit: "u1", Leader: true, Post: "局长"},
		{ID: "o9", Unit: "u2"},
	},
}

// ladderFinding is a finding of rule on case id, answerable to official of unit.
func ladderFinding(rule, id string, sev efficiency.Severity, unit, official string) efficiency.Finding {
	f := efficiency.Finding{ID: rule + "@case:" + id, Rule: rule, Severity: sev, Unit: unit,
		Subject: efficiency.SubjectRef{Kind: efficiency.CaseSubject, ID: id}}
	if p, err := efficiency.ParseProhibition(rule[:2]); err == nil {
		f.Prohibition = p
	}
	if official != "" {
		f.Officials = []string{official}
	}
	return f
}

// prior is a record already in the ledger, days before at.
func prior(id, official, unit string, at time.Time, daysBefore int, ms ...accountability.Measure) accountability.Record {
	return accountability.Record{ID: id, Kind: accountability.Accountable, At: at.AddDate(0, 0, -daysBefore),
		Official: official, Unit: unit, Findings: []string{id}, Step: "earlier", Measures: ms}
}

func decideCity(t *testing.T, ledger accountability.Ledger, at time.Time, cs []accountability.Circumstance, fs ...efficiency.Finding) *accountability.Decision {
	t.Helper()
	d, err := city(t).Decide(context.Background(), accountability.Input{Findings: fs, Facts: ladderFacts, Circumstances: cs}, ledger, at)
	require.NoError(t, err, "Decide")
	return d
}

type ladderCase struct {
	name string
	step string // the step or leaders' rule the case is about
	// history is in the ledger before; findings and circumstances are decided at t.
	history  []accountability.Record
	findings []efficiency.Finding
	circ     []accountability.Circumstance
	lagging  []accountability.LaggingUnit // the appraisal's lagging units
	// want is "official step measures…" per trigger, in order; exempted
	// lists "official step exemption".
	want     [][]string
	exempted [][]string
}

func (c ladderCase) fires() bool {
	for _, w := range append(slices.Clone(c.want), c.exempted...) {
		if w[1] == c.step {
			return true
		}
	}
	return false
}

func ladderCases() []ladderCase {
	at := day(2026, time.June, 15, 10, 0)
	W, R, C := accountability.EfficiencyWarning, accountability.Criticism, accountability.Reassignment
	minor := ladderFinding("P2.a", "c1", efficiency.Minor, "u1", "o1")
	major := ladderFinding("P2.b", "c2", efficiency.Major, "u1", "o1")
	severe := ladderFinding("P4.c", "c3", efficiency.Severe, "u1", "o1")
	gift := ladderFinding("P3.gift", "c4", efficiency.Severe, "u1", "o1")
	notice := ladderFinding("P2.d", "c5", efficiency.Notice, "u1", "o1")
	on := func(f efficiency.Finding, id string) []accountability.Circumstance {
		return []accountability.Circumstance{{Finding: f.ID, ID: id}}
	}
	return []ladderCase{
		{name: "a minor finding", step: "minor", findings: []efficiency.Finding{minor},
			want: [][]string{{"o1", "minor", "criticism", "no-honours"}}},
		{name: "a notice matches no step", step: "minor", findings: []efficiency.Finding{notice}},
		{name: "a minor finding 180 days after another", step: "repeated-minor", findings: []efficiency.Finding{minor},
			history: []accountability.Record{prior("x", "o1", "u1", at, 180, R)},
			want:    [][]string{{"o1", "repeated-minor", "written-review", "circulated-criticism", "no-honours"}}},
		{name: "a minor finding 181 days after another", step: "repeated-minor", findings: []efficiency.Finding{minor},
			history: []accountability.Record{prior("x", "o1", "u1", at, 181, R)},
			want:    [][]string{{"o1", "minor", "criticism", "no-honours"}}},
		{name: "another official's finding does not count", step: "repeated-minor", findings: []efficiency.Finding{minor},
			history: []accountability.Record{prior("x", "o2", "u1", at, 10, R)},
			want:    [][]string{{"o1", "minor", "criticism", "no-honours"}}},
		{name: "a major finding", step: "major", findings: []efficiency.Finding{major},
			want: [][]string{{"o1", "major", "efficiency-warning", "no-honours", "not-excellent"}}},
		{name: "a minor finding is not major", step: "major", findings: []efficiency.Finding{minor},
			want: [][]string{{"o1", "minor", "criticism", "no-honours"}}},
		{name: "a severe finding", step: "severe", findings: []efficiency.Finding{severe},
			want: [][]string{{"o1", "severe", "admonishment", "no-honours"}}},
		{name: "a major finding is not severe", step: "severe", findings: []efficiency.Finding{major},
			history: []accountability.Record{prior("x", "o1", "u1", at, 30, R)},
			want:    [][]string{{"o1", "major", "efficiency-warning", "no-honours", "not-excellent"}}},
		{name: "a second efficiency warning 365 days after the first", step: "repeated-warning", findings: []efficiency.Finding{major},
			history: []accountability.Record{prior("x", "o1", "u1", at, 365, W)},
			want:    [][]string{{"o1", "repeated-warning", "reassignment", "no-honours", "incompetent"}}},
		{name: "a second efficiency warning 366 days after the first", step: "repeated-warning", findings: []efficiency.Finding{major},
			history: []accountability.Record{prior("x", "o1", "u1", at, 366, W)},
			want:    [][]string{{"o1", "major", "efficiency-warning", "no-honours", "not-excellent"}}},
		{name: "a severe finding after a warning", step: "repeated-warning", findings: []efficiency.Finding{severe},
			history: []accountability.Record{prior("x", "o1", "u1", at, 100, W)},
			want:    [][]string{{"o1", "repeated-warning", "reassignment", "no-honours", "incompetent"}}},
		{name: "severe rent-seeking after an earlier finding", step: "referral", findings: []efficiency.Finding{gift},
			history: []accountability.Record{prior("x", "o1", "u1", at, 100, R)},
			want:    [][]string{{"o1", "referral", "dismissal", "discipline-referral", "no-honours"}}},
		{name: "first severe rent-seeking", step: "referral", findings: []efficiency.Finding{gift},
			want: [][]string{{"o1", "severe", "admonishment", "no-honours"}}},
		{name: "severe non-rent-seeking after an earlier finding", step: "referral", findings: []efficiency.Finding{severe},
			history: []accountability.Record{prior("x", "o1", "u1", at, 100, R)},
			want:    [][]string{{"o1", "severe", "admonishment", "no-honours"}}},
		{name: "obstruction moves a major finding up", step: "severe", findings: []efficiency.Finding{major}, circ: on(major, "obstruction"),
			want: [][]string{{"o1", "severe", "admonishment", "no-honours"}}},
		{name: "cooperation moves a major finding down", step: "major", findings: []efficiency.Finding{major}, circ: on(major, "remedy"),
			want: [][]string{{"o1", "repeated-minor", "written-review", "circulated-criticism", "no-honours"}}},
		{name: "taking money on top of a referral stays at the top", step: "referral", findings: []efficiency.Finding{gift}, circ: on(gift, "bribery"),
			history: []accountability.Record{prior("x", "o1", "u1", at, 100, C)},
			want:    [][]string{{"o1", "referral", "dismissal", "discipline-referral", "no-honours"}}},
		{name: "force majeure exempts", step: "major", findings: []efficiency.Finding{major}, circ: on(major, "force-majeure"),
			exempted: [][]string{{"o1", "major", "force-majeure"}}},
		{name: "a unit's third finding in a year", step: "unit-record", findings: []efficiency.Finding{minor},
			history: []accountability.Record{prior("x", "o2", "u1", at, 300, R), prior("y", "", "u1", at, 10, W)},
			want:    [][]string{{"o1", "minor", "criticism", "no-honours"}, {"head", "unit-record", "admonishment", "no-honours"}}},
		{name: "a unit's second finding in a year", step: "unit-record", findings: []efficiency.Finding{minor},
			history: []accountability.Record{prior("x", "o2", "u1", at, 366, R), prior("y", "", "u1", at, 10, W)},
			want:    [][]string{{"o1", "minor", "criticism", "no-honours"}}},
		{name: "a unit's fourth finding: the line was crossed before", step: "unit-record", findings: []efficiency.Finding{minor},
			history: []accountability.Record{prior("x", "o2", "u1", at, 300, R), prior("y", "o3", "u1", at, 20, R), prior("z", "o3", "u1", at, 10, R)},
			want:    [][]string{{"o1", "minor", "criticism", "no-honours"}}},
		{name: "three findings of one batch cross the line", step: "unit-record",
			findings: []efficiency.Finding{minor, ladderFinding("P2.e", "c6", efficiency.Minor, "u1", "o2"), ladderFinding("P1.f", "o1", efficiency.Major, "u1", "")},
			// Decided in finding order: cases c1, c6, then order o1.
			want: [][]string{{"o1", "minor", "criticism", "no-honours"}, {"o2", "minor", "criticism", "no-honours"},
				{"", "major", "efficiency-warning", "no-honours", "not-excellent"}, {"head", "unit-record", "admonishment", "no-honours"}}},
		{name: "a unit without a leader in the facts answers itself", step: "unit-record",
			findings: []efficiency.Finding{ladderFinding("P2.a", "c1", efficiency.Minor, "u2", "o9"), ladderFinding("P2.a", "c2", efficiency.Minor, "u2", "o9"),
				ladderFinding("P2.a", "c3", efficiency.Minor, "u2", "o9")},
			want: [][]string{{"o9", "minor", "criticism", "no-honours"}, {"o9", "minor", "criticism", "no-honours"},
				{"o9", "minor", "criticism", "no-honours"}, {"", "unit-record", "admonishment", "no-honours"}}},
		{name: "a unit lagging in 2026-09 and 2026-10", step: "lagging", lagging: lagging("u1", "2026-09", "2026-10"),
			want: [][]string{{"head", "lagging", "admonishment", "no-honours"}}},
		{name: "a unit lagging only in 2026-10", step: "lagging", lagging: lagging("u1", "2026-10")},
		{name: "a unit lagging twice without a leader in the facts answers itself", step: "lagging", lagging: lagging("u2", "2026-09", "2026-10"),
			want: [][]string{{"", "lagging", "admonishment", "no-honours"}}},
		{name: "lagging does not make the unit's record cross its line", step: "unit-record", lagging: lagging("u1", "2026-09", "2026-10"),
			history: []accountability.Record{prior("x", "o2", "u1", at, 300, R), prior("y", "", "u1", at, 10, W)},
			want:    [][]string{{"head", "lagging", "admonishment", "no-honours"}}},
		{name: "a finding crossing the unit's line and lagging twice: both rules", step: "lagging", findings: []efficiency.Finding{minor},
			lagging: lagging("u1", "2026-09", "2026-10"),
			history: []accountability.Record{prior("x", "o2", "u1", at, 300, R), prior("y", "", "u1", at, 10, W)},
			want: [][]string{{"o1", "minor", "criticism", "no-honours"}, {"head", "unit-record", "admonishment", "no-honours"},
				{"head", "lagging", "admonishment", "no-honours"}}},
	}
}

// lagging is the appraisal's run of lagging periods for unit.
func lagging(unit string, periods ...string) []accountability.LaggingUnit {
	return []accountability.LaggingUnit{{Unit: unit, Periods: periods}}
}

func summary(ts []accountability.Trigger, exempted bool) [][]string {
	out := [][]string{}
	for _, t := range ts {
		s := []string{t.Official, t.Step}
		if exempted {
			s = append(s, t.Exemption)
		}
		for _, m := range t.Measures {
			s = append(s, m.String())
		}
		out = append(out, s)
	}
	return out
}

func TestCityLadder(t *testing.T) {
	at := day(2026, time.June, 15, 10, 0)
	for _, tc := range ladderCases() {
		t.Run(tc.name, func(t *testing.T) {
			ledger := &accountability.MemoryLedger{}
			for _, r := range tc.history {
				_, err := ledger.Append(context.Background(), r)
				require.NoError(t, err)
			}
			in := accountability.Input{Findings: tc.findings, Facts: ladderFacts, Circumstances: tc.circ, Lagging: tc.lagging}
			d, err := city(t).Decide(context.Background(), in, ledger, at)
			require.NoError(t, err, "Decide(%s)", tc.name)
			want, wantEx := tc.want, tc.exempted
			if want == nil {
				want = [][]string{}
			}
			if wantEx == nil {
				wantEx = [][]string{}
			}
			assert.Equal(t, want, summary(d.Triggers, false), "Decide(%s) triggers", tc.name)
			assert.Equal(t, wantEx, summary(d.Exempted, true), "Decide(%s) exempted", tc.name)
			again, err := city(t).Decide(context.Background(), in, ledger, at.AddDate(0, 0, 1))
			require.NoError(t, err, "Decide(%s) again", tc.name)
			assert.Empty(t, again.Triggers, "Decide(%s) again triggered", tc.name)
		})
	}
}

// TestCityLadderEveryStepHasCases fails for a step or leaders' rule of the
// default ladder without a case showing it fire and one showing it not fire.
func TestCityLadderEveryStepHasCases(t *testing.T) {
	l := city(t).Ladder()
	require.NotNil(t, l)
	var ids []string
	for _, s := range l.Steps {
		ids = append(ids, s.ID)
	}
	for _, r := range l.Leaders {
		ids = append(ids, r.ID)
	}
	for _, id := range ids {
		var firing, quiet int
		for _, c := range ladderCases() {
			if c.step != id {
				continue
			}
			if c.fires() {
				firing++
			} else {
				quiet++
			}
		}
		assert.True(t, firing > 0 && quiet > 0, "step %s: %d firing and %d non-firing cases, want at least one of each", id, firing, quiet)
	}
}

// TestCityLadderYear walks official o1 of unit u1 through a year.
func TestCityLadderYear(t *testing.T) {
	type event struct {
		name     string
		at       time.Time
		findings []efficiency.Finding
		circ     []accountability.Circumstance
		want     [][]string // official step measures…
		exempted [][]string
		counted  []string // the history the first trigger counted
	}
	f1 := ladderFinding("P2.a", "c1", efficiency.Minor, "u1", "o1")
	f2 := ladderFinding("P2.a", "c2", efficiency.Minor, "u1", "o1")
	f3 := ladderFinding("P2.b", "c3", efficiency.Major, "u1", "o1")
	f4 := ladderFinding("P2.b", "c4", efficiency.Major, "u1", "o1")
	f5 := ladderFinding("P4.x", "c5", efficiency.Minor, "u1", "o1")
	f6 := ladderFinding("P2.b", "c6", efficiency.Major, "u1", "o1")
	f7 := ladderFinding("P2.b", "c7", efficiency.Major, "u1", "o1")
	year := []event{
		{"a first minor finding", day(2026, time.January, 12, 9, 0), []efficiency.Finding{f1}, nil,
			[][]string{{"o1", "minor", "criticism", "no-honours"}}, nil, nil},
		{"a second minor finding", day(2026, time.February, 24, 9, 0), []efficiency.Finding{f1, f2}, nil,
			[][]string{{"o1", "repeated-minor", "written-review", "circulated-criticism", "no-honours"}}, nil, []string{f1.ID}},
		{"a major finding, the unit's third: leaders' responsibility", day(2026, time.March, 16, 9, 0), []efficiency.Finding{f3}, nil,
			[][]string{{"o1", "major", "efficiency-warning", "no-honours", "not-excellent"}, {"head", "unit-record", "admonishment", "no-honours"}}, nil, nil},
		{"a major finding exempted by force majeure", day(2026, time.May, 11, 9, 0), []efficiency.Finding{f4},
			[]accountability.Circumstance{{Finding: f4.ID, ID: "force-majeure", Note: "typhoon"}},
			[][]string{}, [][]string{{"o1", "repeated-warning", "force-majeure"}}, nil},
		{"a minor finding with obstruction", day(2026, time.September, 7, 9, 0), []efficiency.Finding{f5},
			[]accountability.Circumstance{{Finding: f5.ID, ID: "obstruction"}},
			[][]string{{"o1", "major", "efficiency-warning", "no-honours", "not-excellent"}}, nil, nil},
		// f3 is exactly 365 days back: still within the window. The unit's
		// record fell to two (f1 and f2 left the window) and f6 makes it
		// three again: the line is crossed a second time.
		{"a second efficiency warning within 365 days", day(2027, time.March, 16, 9, 0), []efficiency.Finding{f6}, nil,
			[][]string{{"o1", "repeated-warning", "reassignment", "no-honours", "incompetent"}, {"head", "unit-record", "admonishment", "no-honours"}},
			nil, []string{f3.ID, f5.ID}},
	}
	ledger := &accountability.MemoryLedger{}
	for _, e := range year {
		d := decideCity(t, ledger, e.at, e.circ, e.findings...)
		if e.exempted == nil {
			e.exempted = [][]string{}
		}
		assert.Equal(t, e.want, summary(d.Triggers, false), "Decide(%s) triggers", e.name)
		assert.Equal(t, e.exempted, summary(d.Exempted, true), "Decide(%s) exempted", e.name)
		if e.counted != nil && len(d.Triggers) > 0 {
			var got []string
			for _, r := range d.Triggers[0].History {
				got = append(got, r.ID)
			}
			assert.Equal(t, e.counted, got, "Decide(%s) history counted", e.name)
		}
		again := decideCity(t, ledger, e.at, e.circ, e.findings...)
		assert.Empty(t, again.Triggers, "Decide(%s) again triggered", e.name)
		assert.Empty(t, again.Exempted, "Decide(%s) again exempted", e.name)
	}
	// The last efficiency warning was f5's on 2026-09-07 (f6 brought
	// reassignment): a major finding on 2027-09-07 is within 365 days of it,
	// one on 2027-09-08 just outside.
	for _, tc := range []struct {
		at   time.Time
		want []string
	}{
		{day(2027, time.September, 7, 9, 0), []string{"o1", "repeated-warning", "reassignment", "no-honours", "incompetent"}},
		{day(2027, time.September, 7, 9, 1), []string{"o1", "major", "efficiency-warning", "no-honours", "not-excellent"}},
		{day(2027, time.September, 8, 9, 0), []string{"o1", "major", "efficiency-warning", "no-honours", "not-excellent"}},
	} {
		copied := &accountability.MemoryLedger{}
		all, err := ledger.Records(context.Background(), accountability.Query{})
		require.NoError(t, err)
		for _, r := range all {
			_, err := copied.Append(context.Background(), r)
			require.NoError(t, err)
		}
		d := decideCity(t, copied, tc.at, nil, f7)
		require.NotEmpty(t, d.Triggers)
		assert.Equal(t, tc.want, summary(d.Triggers, false)[0], "Decide(major finding at %v)", tc.at)
	}
}

func TestDecideWithoutLadder(t *testing.T) {
	rs, err := rules.Parse("x.yaml", []byte(`xiaoneng: 1
jurisdiction: {id: x}
rules: []
`))
	require.NoError(t, err)
	assert.Nil(t, rs.Ladder())
	_, err = rs.Decide(context.Background(), accountability.Input{}, &accountability.MemoryLedger{}, day(2026, time.March, 2, 9, 0))
	assert.ErrorIs(t, err, rules.ErrNoLadder)
}
