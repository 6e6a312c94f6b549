package rules

import (
	"context"
	"fmt"
	"testing"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// BenchmarkFindingMessages: what a finding's message costs an Evaluator,
// one finding per case, by how its message is made. msg=repeated: the
// values it shows take few values, as days past a limit do, and the
// message kept by the Evaluator's msgTable is found again; msg=unique:
// every case's message differs (it shows the case's id as evidence), so
// every lookup misses and the message is copied into the table, the worst
// case for it; msg=subject: the message names {subject}, so it is the
// finding's own and rendered beside the ID, without the table.
func BenchmarkFindingMessages(b *testing.B) {
	const rule = `xiaoneng: 1
jurisdiction: {id: t}
rules:
  - id: T.msg
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 消息, en: message}
    when: case.matter.committed_days > 0
    evidence:
      shown: %s
    message:
      zh-Hans: "%s 已用承诺时限 {shown}，请督办"
      en: "%s used its committed limit {shown}; follow it up"
`
	// 50 batches of 100 cases with ids of their own, evaluated in turn: 5,000
	// messages in msg=unique, more than the table keeps, so none is found
	// again however long the benchmark runs.
	base := benchCases(100)
	batches := make([]efficiency.Facts, 50)
	for k := range batches {
		cases := make([]efficiency.Case, len(base))
		for i, c := range base {
			c.ID = fmt.Sprintf("C-%02d-%03d", k, i)
			c.Matter.CommittedDays = 1 + i%10
			cases[i] = c
		}
		batches[k].Cases = cases
	}
	for _, bc := range []struct{ name, shown, subject string }{
		{"msg=repeated", "case.matter.committed_days", "办件"},
		{"msg=unique", "case.id", "办件"},
		{"msg=subject", "case.matter.committed_days", "{subject}"},
	} {
		rs := mustParse(b, fmt.Sprintf(rule, bc.shown, bc.subject, bc.subject))
		b.Run(bc.name, func(b *testing.B) {
			ev := rs.NewEvaluator()
			b.ReportAllocs()
			k := 0
			for b.Loop() {
				facts := &batches[k%len(batches)]
				k++
				r, err := ev.Evaluate(context.Background(), facts, benchAt)
				if err != nil || len(r.Findings) != len(facts.Cases) {
					b.Fatal(err, len(r.Findings))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(base)), "ns/finding")
			b.ReportMetric(msgHitPercent(&ev.sc.msgs), "msg-hit-%")
		})
	}
}

// msgHitPercent is the share of a msgTable's lookups that found the message.
func msgHitPercent(t *msgTable) float64 {
	if t.hits+t.misses == 0 {
		return 0
	}
	return 100 * float64(t.hits) / float64(t.hits+t.misses)
}
