package rules

import (
	"context"
	"fmt"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

func TestMsgTableKeepsEachMessageOnce(t *testing.T) {
	var tb msgTable
	a, n := tb.intern([]byte("超时 3 天3 days late"), len("超时 3 天"))
	require.Equal(t, "超时 3 天3 days late", a)
	require.Equal(t, len("超时 3 天"), n)
	b, _ := tb.intern([]byte("超时 3 天3 days late"), len("超时 3 天"))
	assert.Equal(t, unsafe.StringData(a), unsafe.StringData(b), "a message rendered again is the string kept")
	assert.Equal(t, 1, tb.hits)
	assert.Equal(t, 1, tb.misses)

	// the same bytes split elsewhere are another message
	c, m := tb.intern([]byte("超时 3 天3 days late"), len("超时"))
	assert.Equal(t, a, c)
	assert.Equal(t, len("超时"), m)
	s, _ := tb.intern(nil, 0)
	assert.Empty(t, s)
}

func TestMsgTableIsBounded(t *testing.T) {
	var tb msgTable
	steady, _ := tb.intern([]byte("steady"), 3)
	held, _ := tb.intern([]byte("held, then dropped"), 4)
	for i := range 10 * msgTableMax {
		tb.intern(fmt.Appendf(nil, "message %d", i), 3)
		if i%100 == 0 { // a message in steady use survives every generation
			s, _ := tb.intern([]byte("steady"), 3)
			require.Equal(t, unsafe.StringData(steady), unsafe.StringData(s), "after %d messages", i)
		}
		require.LessOrEqual(t, len(tb.cur)+len(tb.old), 2*msgTableMax)
	}
	_, inCur := tb.cur[held]
	_, inOld := tb.old[held]
	assert.False(t, inCur || inOld, "a message out of use is dropped")
	assert.Equal(t, "held, then dropped", held, "a string handed out stays as it was")
}

// The messages of findings are those their templates render, from an
// Evaluator whose table has been through several generations as from a
// fresh one; a message naming the subject is the finding's own.
func TestMessagesAcrossGenerations(t *testing.T) {
	rs := mustParse(t, `xiaoneng: 1
jurisdiction: {id: t}
rules:
  - id: T.kept
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 承诺, en: committed}
    when: case.matter.committed_days > 0
    evidence:
      days: case.matter.committed_days
    message:
      zh-Hans: "承诺 {days} 个工作日"
      en: "committed to {days} working days"
  - id: T.own
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 承诺, en: committed}
    when: case.matter.committed_days > 0
    evidence:
      days: case.matter.committed_days
    message:
      zh-Hans: "承诺 {days} 个工作日"
      en: "{subject} committed to {days} working days"
`)
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, efficiency.ShanghaiZone())
	cases := benchCases(3 * msgTableMax)
	for i := range cases {
		cases[i].Matter.CommittedDays = 1 + i%(2*msgTableMax) // more messages than a generation holds
	}
	ev := rs.NewEvaluator()
	for round := range 2 {
		for lo := 0; lo < len(cases); lo += 100 {
			facts := &efficiency.Facts{Cases: cases[lo:min(lo+100, len(cases))]}
			got, err := ev.Evaluate(context.Background(), facts, at)
			require.NoError(t, err)
			require.Len(t, got.Findings, 2*len(facts.Cases))
			for _, f := range got.Findings {
				days := f.Evidence[0].Value
				assert.Equal(t, fmt.Sprintf("承诺 %v 个工作日", days), f.Message.ZhHans, "round %d", round)
				want := fmt.Sprintf("committed to %v working days", days)
				if f.Rule == "T.own" {
					want = f.Subject.ID + " " + want
				}
				assert.Equal(t, want, f.Message.En, "round %d", round)
			}
		}
	}
	tb := &ev.sc.msgs
	assert.LessOrEqual(t, len(tb.cur)+len(tb.old), 2*msgTableMax)
	assert.Equal(t, 2*3*msgTableMax, tb.hits+tb.misses, "only T.kept's messages go through the table")
	assert.Positive(t, tb.hits)
}
