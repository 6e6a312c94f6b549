package efficiency_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// splitmix is a small deterministic generator, so that the property test
// sees the same inputs on every run.
type splitmix uint64

func (s *splitmix) intn(n int) int {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return int(z % uint64(n))
}

// refPaused reports whether the clock is stopped on d, read straight off the
// definition of Pause.
func refPaused(pauses []efficiency.Pause, d efficiency.Date) (stopped, open bool) {
	for _, p := range pauses {
		switch {
		case p.Open && d.After(p.From):
			return true, true
		case !p.Open && d.After(p.From) && !d.After(p.To):
			stopped = true
		}
	}
	return stopped, false
}

// refElapsed counts day by day with IsWorkday: the reference the prefix
// sums must agree with.
func refElapsed(cal *efficiency.Calendar, start efficiency.Date, pauses []efficiency.Pause, at efficiency.Date) (int, error) {
	n := 0
	for d := start.AddDays(1); !d.After(at); d = d.AddDays(1) {
		stopped, open := refPaused(pauses, d)
		if open {
			break
		}
		if stopped {
			continue
		}
		w, err := cal.IsWorkday(d)
		if err != nil {
			return 0, err
		}
		if w {
			n++
		}
	}
	return n, nil
}

// refDue walks day by day with IsWorkday to the n-th counted working day.
func refDue(cal *efficiency.Calendar, start efficiency.Date, pauses []efficiency.Pause, n int) (efficiency.Date, bool, error) {
	if n == 0 {
		return start, true, nil
	}
	counted := 0
	for d := start.AddDays(1); ; d = d.AddDays(1) {
		stopped, open := refPaused(pauses, d)
		if open {
			return efficiency.Date{}, false, nil
		}
		if stopped {
			continue
		}
		w, err := cal.IsWorkday(d)
		if err != nil {
			return efficiency.Date{}, false, err
		}
		if w {
			if counted++; counted == n {
				return d, true, nil
			}
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestCountingMatchesDayByDayWalk compares Elapsed, Due, WorkdaysBetween and
// AddWorkdays with a day-by-day reference over random dates and pauses in
// 2025–2026 (sometimes running into the unknown years around them), on the
// default calendar and on one with the weekend fallback.
func TestCountingMatchesDayByDayWalk(t *testing.T) {
	fallback, err := efficiency.DefaultCalendar().Extend(efficiency.WithWeekendFallback())
	require.NoError(t, err)
	cals := map[string]*efficiency.Calendar{"default": efficiency.DefaultCalendar(), "fallback": fallback}
	first := efficiency.NewDate(2025, 1, 1)
	rng := splitmix(6)
	for name, cal := range cals {
		for i := range 4000 {
			span := 730
			if i%10 == 0 {
				span = 800 // into 2027 now and then
			}
			start := first.AddDays(rng.intn(span) - 20*(i%10/9)) // some start in December 2024
			var pauses []efficiency.Pause
			for range rng.intn(5) {
				from := start.AddDays(rng.intn(160) - 30)
				p := efficiency.Pause{From: from, To: from.AddDays(rng.intn(60))}
				if rng.intn(6) == 0 {
					p = efficiency.Pause{From: from, Open: true}
				}
				pauses = append(pauses, p)
			}
			at := start.AddDays(rng.intn(420) - 20)
			n := rng.intn(130)

			wantN, wantErr := refElapsed(cal, start, pauses, at)
			gotN, gotErr := cal.Elapsed(start, pauses, at)
			require.Equal(t, errText(wantErr), errText(gotErr), "%s: Elapsed(%s, %v, %s) error", name, start, pauses, at)
			require.Equal(t, wantN, gotN, "%s: Elapsed(%s, %v, %s) = %d, want %d", name, start, pauses, at, gotN, wantN)

			wantD, wantOK, wantErr := refDue(cal, start, pauses, n)
			gotD, gotOK, gotErr := cal.Due(start, pauses, n)
			require.Equal(t, errText(wantErr), errText(gotErr), "%s: Due(%s, %v, %d) error", name, start, pauses, n)
			require.Equal(t, wantOK, gotOK, "%s: Due(%s, %v, %d) ok", name, start, pauses, n)
			require.Equal(t, wantD, gotD, "%s: Due(%s, %v, %d) = %s, want %s", name, start, pauses, n, gotD, wantD)
			if gotOK && n > 0 {
				e, err := cal.Elapsed(start, pauses, gotD)
				require.NoError(t, err)
				assert.Equal(t, n, e, "%s: Elapsed at Due(%s, %v, %d) = %d, want %d", name, start, pauses, n, e, n)
			}

			wantN, wantErr = refElapsed(cal, start, nil, at)
			gotN, gotErr = cal.WorkdaysBetween(start, at)
			require.Equal(t, errText(wantErr), errText(gotErr), "%s: WorkdaysBetween(%s, %s) error", name, start, at)
			require.Equal(t, wantN, gotN, "%s: WorkdaysBetween(%s, %s) = %d, want %d", name, start, at, gotN, wantN)

			wantD, _, wantErr = refDue(cal, start, nil, n)
			gotD, gotErr = cal.AddWorkdays(start, n)
			require.Equal(t, errText(wantErr), errText(gotErr), "%s: AddWorkdays(%s, %d) error", name, start, n)
			require.Equal(t, wantD, gotD, "%s: AddWorkdays(%s, %d) = %s, want %s", name, start, n, gotD, wantD)
		}
	}
}

// BenchmarkDue times a case's typical queries (a 20- and a 60-working-day
// limit with one pause, and the elapsed count) against the day-by-day walk.
func BenchmarkDue(b *testing.B) {
	cal := efficiency.DefaultCalendar()
	start, at := efficiency.NewDate(2026, 9, 10), efficiency.NewDate(2026, 11, 20)
	pauses := []efficiency.Pause{{From: efficiency.NewDate(2026, 9, 20), To: efficiency.NewDate(2026, 9, 29)}}
	b.Run("impl=prefix", func(b *testing.B) {
		for b.Loop() {
			_, _, _ = cal.Due(start, pauses, 20)
			_, _, _ = cal.Due(start, pauses, 60)
			_, _ = cal.Elapsed(start, pauses, at)
		}
	})
	b.Run("impl=walk", func(b *testing.B) {
		for b.Loop() {
			_, _, _ = refDue(cal, start, pauses, 20)
			_, _, _ = refDue(cal, start, pauses, 60)
			_, _ = refElapsed(cal, start, pauses, at)
		}
	})
}
