package accountability_test

import (
	"context"
	"fmt"
	"time"

	"github.com/xiaoneng/xiaoneng/accountability"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// A ladder built in Go (a rule file's accountability section builds the
// same): a major finding earns an efficiency warning, a second one within a
// year reassignment. Deciding the same finding again triggers nothing.
func ExampleLadder_Decide() {
	major := func(c *accountability.Context) (bool, error) { return c.Finding.Severity >= efficiency.Major, nil }
	ladder := &accountability.Ladder{
		Steps: []accountability.Step{
			{ID: "major", Name: efficiency.T("严重问题", "major finding"),
				Measures: []accountability.Measure{accountability.EfficiencyWarning}, When: major},
			{ID: "repeat", Name: efficiency.T("一年内再次告诫", "second warning within a year"),
				Measures: []accountability.Measure{accountability.Reassignment, accountability.Incompetent},
				When: func(c *accountability.Context) (bool, error) {
					n, err := c.History.Count(accountability.EfficiencyWarning, 365)
					return c.Finding.Severity >= efficiency.Major && n >= 1, err
				}},
		},
		Always: []accountability.Measure{accountability.NoHonours},
	}
	ledger := &accountability.MemoryLedger{}
	finding := func(id string) efficiency.Finding {
		return efficiency.Finding{ID: "P2.commitment.overdue@case:" + id, Severity: efficiency.Major, Unit: "u1", Officials: []string{"o1"}}
	}
	jan := time.Date(2026, time.January, 12, 9, 0, 0, 0, efficiency.ShanghaiZone())
	for _, step := range []struct {
		at time.Time
		id string
	}{{jan, "c1"}, {jan, "c1"}, {jan.AddDate(0, 6, 0), "c2"}} {
		d, err := ladder.Decide(context.Background(), accountability.Input{Findings: []efficiency.Finding{finding(step.id)}}, ledger, step.at)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s %s: %d trigger(s), %d already decided\n", step.at.Format("2006-01-02"), step.id, len(d.Triggers), len(d.Decided))
		for _, t := range d.Triggers {
			fmt.Printf("  %s %s: %v (%s)\n", t.Official, t.Step, t.Measures, t.Name.En)
		}
	}
	// Output:
	// 2026-01-12 c1: 1 trigger(s), 0 already decided
	//   o1 major: [efficiency-warning no-honours] (major finding)
	// 2026-01-12 c1: 0 trigger(s), 1 already decided
	// 2026-07-12 c2: 1 trigger(s), 0 already decided
	//   o1 repeat: [reassignment no-honours incompetent] (second warning within a year)
}

// The in-memory ledger, queried by official within a window.
func ExampleMemoryLedger() {
	ctx := context.Background()
	var l accountability.MemoryLedger
	at := time.Date(2026, time.March, 2, 10, 0, 0, 0, efficiency.ShanghaiZone())
	for i, id := range []string{"f1", "f2", "f1"} {
		added, err := l.Append(ctx, accountability.Record{ID: id, Kind: accountability.Accountable,
			At: at.AddDate(0, i, 0), Official: "o1", Unit: "u1", Findings: []string{id}})
		fmt.Println(id, added, err)
	}
	rs, _ := l.Records(ctx, accountability.Query{Official: "o1", From: at.AddDate(0, 0, 1)})
	fmt.Println(len(rs), rs[0].ID)
	// Output:
	// f1 true <nil>
	// f2 true <nil>
	// f1 false <nil>
	// 1 f2
}
