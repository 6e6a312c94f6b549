package efficiency

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCaseClock(t *testing.T) {
	sh := ShanghaiZone()
	cal := DefaultCalendar()
	k := Case{ID: "c", Unit: "u", Matter: Matter{Code: "m", StatutoryDays: 20, CommittedDays: 5}, Events: []Event{
		{Kind: Receipt, At: ts(2026, 9, 28, 9, 0)},
		{Kind: MaterialNotice, At: ts(2026, 9, 28, 15, 0), Materials: []string{"章程"}},
		{Kind: Supplement, At: ts(2026, 9, 30, 9, 0)},                              // restarts the count: 10/8 is day 1
		{Kind: Suspension, At: ts(2026, 10, 9, 9, 0), Reason: ReasonHearing},       // 10/8, 10/9 counted; stops
		{Kind: Resumption, At: ts(2026, 10, 13, 9, 0)},                             // 10/10, 10/12, 10/13 paused
		{Kind: Suspension, At: ts(2026, 10, 14, 9, 0), Reason: "holiday-of-staff"}, // does not stop the clock
		{Kind: Extension, At: ts(2026, 10, 14, 10, 0), Days: 2, ApprovedBy: "head"},
		{Kind: Extension, At: ts(2026, 10, 14, 11, 0), Days: 9}, // unapproved: no effect
		{Kind: Completion, At: ts(2026, 10, 19, 16, 0)},
	}}
	tests := []struct {
		name                    string
		at                      string
		started, awaiting, susp bool
		elapsed                 int
		completed               bool
		committedDue            string // "" when undetermined
	}{
		{"waiting for the supplement", "2026-09-29T12:00:00+08:00", false, true, false, 0, false, ""},
		{"restarted at the supplement", "2026-10-08T12:00:00+08:00", true, false, false, 1, false, "2026-10-13"},
		{"suspended for a hearing", "2026-10-12T12:00:00+08:00", true, false, true, 2, false, ""},
		{"resumed, extension approved", "2026-10-15T12:00:00+08:00", true, false, false, 4, false, "2026-10-20"},
		{"completed: the count stops", "2026-11-30T12:00:00+08:00", true, false, false, 6, true, "2026-10-20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := mustTime(t, tt.at)
			c := k.Clock(at, sh)
			assert.Equal(t, tt.started, c.Started, "Clock(%s).Started", tt.at)
			assert.Equal(t, tt.awaiting, c.AwaitingSupplement, "Clock(%s).AwaitingSupplement", tt.at)
			assert.Equal(t, tt.susp, c.Suspended, "Clock(%s).Suspended", tt.at)
			assert.Equal(t, tt.completed, c.Completed, "Clock(%s).Completed", tt.at)
			n, err := c.Elapsed(cal, at)
			require.NoError(t, err)
			assert.Equal(t, tt.elapsed, n, "Clock(%s).Elapsed", tt.at)
			due, ok, err := c.Due(cal, k.Matter.CommittedDays)
			require.NoError(t, err)
			if tt.committedDue == "" {
				assert.False(t, ok, "Clock(%s).Due = %s, want undetermined", tt.at, due)
			} else {
				assert.True(t, ok, "Clock(%s).Due undetermined, want %s", tt.at, tt.committedDue)
				assert.Equal(t, tt.committedDue, due.String(), "Clock(%s).Due", tt.at)
			}
		})
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	return v
}
