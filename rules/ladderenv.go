package rules

import (
	"time"

	"github.com/xiaoneng/xiaoneng/accountability"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// The typed environments of the accountability ladder. A step's `when` is
// asked about one finding and the party answerable for it; a leaders' rule's
// `when` about a unit. History is counted within a window of days before the
// decision time, in records of the ledger as it stood before the decision.

// StepEnv is what a ladder step's condition sees.
type StepEnv struct {
	Finding FindingFacts `expr:"finding"`
	// Official is the official answerable for the finding (its first
	// official: the responsible one); zero values when the unit answers.
	Official PartyOfficial `expr:"official"`
	Unit     PartyUnit     `expr:"unit"`
	// History is the party's record; UnitHistory the unit's, its officials' included.
	History     HistoryFacts   `expr:"history"`
	UnitHistory HistoryFacts   `expr:"unit_history"`
	Severity    SeverityLevels `expr:"severity"`
	At          time.Time      `expr:"at"`
}

// LeaderEnv is what a leaders' rule's condition sees: the unit, its record
// and its lagging in the performance appraisal.
type LeaderEnv struct {
	Unit        PartyUnit    `expr:"unit"`
	UnitHistory HistoryFacts `expr:"unit_history"`
	Lagging     LaggingFacts `expr:"lagging"`
	At          time.Time    `expr:"at"`
}

// LaggingFacts is the unit's run of consecutive appraisal periods ranked
// lagging (后进), up to the latest (accountability.Input.Lagging). A leaders'
// rule is asked about a lagging unit without the run (consecutive 0) and
// with it, and triggers when only the run makes it hold.
type LaggingFacts struct {
	Consecutive int      `expr:"consecutive"` // how many periods in a row
	Periods     []string `expr:"periods"`     // their ids, oldest first ("2026-09", "2026-10")
}

// FindingFacts is the finding a step is asked about.
type FindingFacts struct {
	ID          string `expr:"id"`
	Rule        string `expr:"rule"`
	Kind        string `expr:"kind"`    // the subject kind: case, order, complaint, unit, official
	Subject     string `expr:"subject"` // the subject's id
	Prohibition string `expr:"prohibition"`
	System      string `expr:"system"`
	// Severity: 1 notice … 5 severe; compare with severity.major and the like.
	Severity  int      `expr:"severity"`
	Unit      string   `expr:"unit"`
	Officials []string `expr:"officials"`
	// Circumstances are the factors and exemptions established for the finding.
	Circumstances []string `expr:"circumstances"`
}

// PartyOfficial is the official held accountable.
type PartyOfficial struct {
	ID     string `expr:"id"`
	Name   string `expr:"name"`
	Unit   string `expr:"unit"`
	Post   string `expr:"post"`
	Leader bool   `expr:"leader"`
}

// PartyUnit is the party's unit.
type PartyUnit struct {
	ID   string `expr:"id"`
	Name string `expr:"name"`
	Kind string `expr:"kind"`
	Key  bool   `expr:"key"`
}

// HistoryFacts counts earlier accountability records within a window of
// days (at − days ≤ record time ≤ at).
type HistoryFacts struct {
	// Count: records that imposed the measure (by id, such as "efficiency-warning").
	Count func(measure string, days int) (int, error) `expr:"count"`
	// Findings: distinct findings held accountable (exempted ones and
	// leaders' responsibility do not count).
	Findings func(days int) (int, error) `expr:"findings"`
}

// SeverityLevels names the severities for comparison with finding.severity.
type SeverityLevels struct {
	Notice  int `expr:"notice"`
	Warning int `expr:"warning"`
	Minor   int `expr:"minor"`
	Major   int `expr:"major"`
	Severe  int `expr:"severe"`
}

var severityLevels = SeverityLevels{
	Notice: int(efficiency.Notice), Warning: int(efficiency.Warning), Minor: int(efficiency.Minor),
	Major: int(efficiency.Major), Severe: int(efficiency.Severe),
}

func historyFacts(h *accountability.History) HistoryFacts {
	return HistoryFacts{
		Count: func(measure string, days int) (int, error) {
			m, err := accountability.ParseMeasure(measure)
			if err != nil {
				return 0, err
			}
			return h.Count(m, days)
		},
		Findings: h.Findings,
	}
}

func partyUnit(u *efficiency.Unit) PartyUnit {
	if u == nil {
		return PartyUnit{}
	}
	return PartyUnit{ID: u.ID, Name: u.Name.ZhHans, Kind: string(u.Kind), Key: u.Key}
}

func stepEnv(c *accountability.Context) StepEnv {
	env := StepEnv{Unit: partyUnit(c.Unit), History: historyFacts(c.History),
		UnitHistory: historyFacts(c.UnitHistory), Severity: severityLevels, At: c.At}
	if f := c.Finding; f != nil {
		env.Finding = FindingFacts{ID: f.ID, Rule: f.Rule, Kind: f.Subject.Kind.String(), Subject: f.Subject.ID,
			Severity: int(f.Severity), Unit: f.Unit, Officials: f.Officials, Circumstances: c.Circumstances}
		if f.Prohibition.Valid() {
			env.Finding.Prohibition = f.Prohibition.String()
		}
		if f.System.Valid() {
			env.Finding.System = f.System.String()
		}
		if !f.Subject.Kind.Valid() {
			env.Finding.Kind = ""
		}
	}
	if o := c.Official; o != nil {
		env.Official = PartyOfficial{ID: o.ID, Name: o.Name, Unit: o.Unit, Post: o.Post, Leader: o.Leader}
	}
	return env
}

func leaderEnv(c *accountability.Context) LeaderEnv {
	return LeaderEnv{Unit: partyUnit(c.Unit), UnitHistory: historyFacts(c.UnitHistory),
		Lagging: LaggingFacts{Consecutive: len(c.Lagging), Periods: c.Lagging}, At: c.At}
}
