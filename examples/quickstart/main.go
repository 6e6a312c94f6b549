// Command quickstart is the README's quick-start snippet: load the city's
// default rules, evaluate one case at a fixed time, print the findings.
package main

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/rules"
)

func main() {
	rs, err := rules.Default() // the city's rule set, embedded; compile once, share
	if err != nil {
		log.Fatal(err)
	}
	sh := efficiency.ShanghaiZone()
	facts := &efficiency.Facts{Cases: []efficiency.Case{{
		ID: "C-001", Unit: "market-regulation", Responsible: "wang",
		Matter: efficiency.Matter{Code: "YYZZ-01", StatutoryDays: 20, CommittedDays: 3,
			Published: efficiency.Publication{Procedure: true, Fees: true, TimeLimits: true, Materials: true}},
		Events: []efficiency.Event{
			{Kind: efficiency.Acceptance, At: time.Date(2026, 9, 30, 9, 0, 0, 0, sh)},
			{Kind: efficiency.Completion, At: time.Date(2026, 10, 12, 16, 0, 0, 0, sh)},
		},
	}}}
	report, err := rs.Evaluate(context.Background(), facts, time.Date(2026, 10, 20, 9, 0, 0, 0, sh))
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range report.Findings {
		fmt.Printf("%s %s %s: %s\n", f.Subject.ID, f.Prohibition, f.Rule, f.Message.En)
	}
}
