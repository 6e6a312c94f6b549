package rules

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// mixedTimeline is a plausible timeline of n events, one a minute from a
// receipt, cycling through the kinds a long case collects.
func mixedTimeline(n int) []efficiency.Event {
	start := at(2026, 3, 2, 9)
	evs := []efficiency.Event{{Kind: efficiency.Receipt, At: start}}
	cycle := []efficiency.Event{
		{Kind: efficiency.Rating, Score: 1}, {Kind: efficiency.Callback}, {Kind: efficiency.Fee, Item: "f", AmountFen: 100},
		{Kind: efficiency.Rating, Score: 5}, {Kind: efficiency.Suspension, Reason: efficiency.ReasonHearing},
		{Kind: efficiency.Resumption}, {Kind: efficiency.Rectification}, {Kind: efficiency.ComplaintEvent},
		{Kind: efficiency.MaterialNotice, Materials: []string{"id"}}, {Kind: efficiency.Supplement},
	}
	for i := 1; len(evs) < n; i++ {
		e := cycle[i%len(cycle)]
		e.At = start.Add(time.Duration(i) * time.Minute)
		e.Official = "o"
		evs = append(evs, e)
	}
	return evs
}

// TestHostileFacts: each kind of hostile or broken subject gets a clear
// error of its own (or a documented normalisation), never a panic, and the
// rest of the batch is evaluated.
func TestHostileFacts(t *testing.T) {
	t0 := at(2026, 9, 30, 9)
	base := func(id string, evs ...efficiency.Event) efficiency.Case {
		c := receivedCase(id, t0)
		c.Matter.Fees = []efficiency.FeeItem{{Code: "f", MaxFen: 1000}}
		c.Events = append(c.Events, evs...)
		return c
	}
	fee := func(h int, fen int64) efficiency.Event {
		return efficiency.Event{Kind: efficiency.Fee, At: at(2026, 10, 8, h), Item: "f", AmountFen: fen}
	}
	tests := []struct {
		name    string
		subject efficiency.Case
		field   string // an Invalid entry for this field; "" for none
		msg     string // its English message, or the derivation error's
	}{
		{"huge timeline", efficiency.Case{ID: "x", Unit: "u", Matter: efficiency.Matter{Code: "m"}, Events: mixedTimeline(efficiency.MaxEvents + 1)},
			"events", "the timeline has 10001 events, more than the limit of 10000"},
		{"duplicated fee", base("x", fee(10, 100), fee(10, 100)), "events[2]", "repeats events[1] exactly (a duplicate record)"},
		{"out of order", base("x", fee(10, 100), efficiency.Event{Kind: efficiency.Completion, At: t0.Add(-time.Hour)}),
			"events[2].at", "event time 2026-09-30T08:00:00+08:00 precedes the previous event (2026-10-08T10:00:00+08:00): the timeline must be in order"},
		{"far past", receivedCase("x", time.Date(1900, 1, 1, 0, 0, 0, 0, sh)), "events[0].at",
			"time 1900-01-01T00:00:00+08:00 is outside the plausible range 1949–2200"},
		{"outside the calendar", receivedCase("x", time.Date(2024, 6, 3, 9, 0, 0, 0, sh)), "",
			"could not derive the facts, no rule was evaluated: "},
		// Events after the evaluation time are ignored (documented): the case is evaluated as not yet received.
		{"far future", receivedCase("x", time.Date(2190, 1, 1, 0, 0, 0, 0, sh)), "", ""},
		{"amount above the maximum", base("x", fee(10, efficiency.MaxAmountFen+1)), "events[1].amount_fen",
			"amount 100000000000001 fen is above the plausible maximum of 100000000000000 fen"},
		{"amount at int64's maximum", base("x", fee(10, math.MaxInt64)), "events[1].amount_fen",
			"amount 9223372036854775807 fen is above the plausible maximum of 100000000000000 fen"},
		{"negative amount", base("x", fee(10, -1)), "events[1].amount_fen", "amount must not be negative (-1 fen)"},
		{"invalid UTF-8 id", receivedCase("x\xff", t0), "id", "id is not valid UTF-8"},
		{"invalid UTF-8 official", func() efficiency.Case { c := receivedCase("x", t0); c.Officials = []string{"\xc3("}; return c }(),
			"officials[0]", "id is not valid UTF-8"},
		{"control character in id", receivedCase("x\x00y", t0), "id", "id contains a control character"},
		{"id too long", receivedCase(strings.Repeat("x", 300), t0), "id", "id too long (300 bytes, the limit is 256)"},
		{"full-width duplicate id", receivedCase("ＯＫ", t0), "id", "duplicate id in the batch: only the first is evaluated"},
		{"huge extension", base("x", efficiency.Event{Kind: efficiency.Extension, At: at(2026, 10, 8, 9), Days: math.MaxInt, ApprovedBy: "b"}),
			"events[1].days", "too many days (9223372036854775807, the limit is 10000 working days)"},
		{"huge limit", func() efficiency.Case { c := receivedCase("x", t0); c.Matter.StatutoryDays = math.MaxInt; return c }(),
			"matter.statutory_days", "too many days (9223372036854775807, the limit is 10000 working days)"},
	}
	rs, err := Default()
	require.NoError(t, err)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			facts := &efficiency.Facts{Cases: []efficiency.Case{receivedCase("OK", t0), tt.subject, receivedCase("ok2", t0)}}
			r, err := rs.Evaluate(context.Background(), facts, at(2026, 10, 20, 9))
			require.NoError(t, err)
			if tt.field == "" && tt.msg == "" {
				assert.Equal(t, 3, r.Evaluated[efficiency.CaseSubject])
				assert.Empty(t, r.Invalid)
				assert.Empty(t, r.Errors)
				return
			}
			assert.Equal(t, 2, r.Evaluated[efficiency.CaseSubject], "the rest of the batch is evaluated")
			if tt.field != "" {
				require.NotEmpty(t, r.Invalid, "Evaluate(%s): no Invalid entry", tt.name)
				found := false
				for _, e := range r.Invalid {
					if e.Field == tt.field && e.Message.En == tt.msg {
						found = true
						assert.NotEmpty(t, e.Message.ZhHans)
					}
				}
				assert.True(t, found, "Evaluate(%s) Invalid = %v, want %s: %s", tt.name, r.Invalid, tt.field, tt.msg)
				return
			}
			require.Len(t, r.Errors, 1, "Evaluate(%s) errors = %v", tt.name, r.Errors)
			assert.Empty(t, r.Errors[0].Rule)
			assert.Contains(t, r.Errors[0].Message.En, tt.msg)
		})
	}
}

// TestLongTimelineEvaluates: a timeline at the cap is evaluated (the
// derivation is linear-logarithmic in the events; see BenchmarkLongTimeline).
func TestLongTimelineEvaluates(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	c := efficiency.Case{ID: "long", Unit: "u", Matter: efficiency.Matter{Code: "m", StatutoryDays: 20}, Events: mixedTimeline(efficiency.MaxEvents)}
	r, err := rs.Evaluate(context.Background(), &efficiency.Facts{Cases: []efficiency.Case{c}}, at(2026, 10, 20, 9))
	require.NoError(t, err)
	assert.Empty(t, r.Invalid)
	assert.Empty(t, r.Errors)
	assert.Equal(t, 1, r.Evaluated[efficiency.CaseSubject])
	assert.NotEmpty(t, r.Findings, "a case with 1,000 bad ratings is flagged")
}

func BenchmarkLongTimeline(b *testing.B) {
	rs, err := Default()
	require.NoError(b, err)
	facts := &efficiency.Facts{Cases: []efficiency.Case{{ID: "long", Unit: "u", Matter: efficiency.Matter{Code: "m", StatutoryDays: 20},
		Events: mixedTimeline(efficiency.MaxEvents)}}}
	for b.Loop() {
		if _, err := rs.Evaluate(context.Background(), facts, at(2026, 10, 20, 9)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAddFenOverflow: sums that would wrap around fail the subject instead
// (validated facts cannot reach them; the guard is for the engine's own sake).
func TestAddFenOverflow(t *testing.T) {
	d := newDeriver(efficiency.DefaultCalendar(), at(2026, 10, 1, 9))
	total := int64(math.MaxInt64 - 10)
	d.addFen(&total, 10)
	require.NoError(t, d.err)
	assert.Equal(t, int64(math.MaxInt64), total)
	d.addFen(&total, 1)
	require.Error(t, d.err, "addFen past MaxInt64")
	assert.Equal(t, int64(math.MaxInt64), total, "the total is left as it was")
}
