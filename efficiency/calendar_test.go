package efficiency_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// ymd parses a date literal in tests; the input is always valid.
func ymd(s string) efficiency.Date {
	v, err := efficiency.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestDefaultCalendar(t *testing.T) {
	cal := efficiency.DefaultCalendar()
	require.NotNil(t, cal)
	assert.Same(t, cal, efficiency.DefaultCalendar(), "built once")
	assert.Equal(t, []int{2025, 2026}, cal.Years())
	assert.Same(t, efficiency.ShanghaiZone(), cal.Location())
	assert.True(t, cal.Covers(2025))
	assert.True(t, cal.Covers(2026))
	assert.False(t, cal.Covers(2024))
	assert.False(t, cal.Covers(2027))

	// The built-in data passes validation: this is what DefaultCalendar
	// relies on not to panic at package initialisation.
	again, err := efficiency.NewCalendar(efficiency.WithZone(efficiency.ShanghaiZone()), efficiency.WithYears(efficiency.BuiltinYears()...))
	require.NoError(t, err)
	assert.Equal(t, cal.Years(), again.Years())
}

func TestBuiltinYearsAreCopies(t *testing.T) {
	ys := efficiency.BuiltinYears()
	require.Len(t, ys, 2)
	ys[0].Holidays[0] = efficiency.DateRange{From: ymd("2025-03-03"), To: ymd("2025-03-03")}
	ys[1].Workdays[0] = ymd("2026-03-07")
	ys[1].Year = 2030

	fresh := efficiency.BuiltinYears()
	assert.Equal(t, efficiency.DateRange{From: ymd("2025-01-01"), To: ymd("2025-01-01")}, fresh[0].Holidays[0])
	assert.Equal(t, ymd("2026-01-04"), fresh[1].Workdays[0])
	assert.Equal(t, 2026, fresh[1].Year)

	w, err := efficiency.DefaultCalendar().IsWorkday(ymd("2025-03-03"))
	require.NoError(t, err)
	assert.True(t, w, "DefaultCalendar unaffected by changes to BuiltinYears' result")
}

func TestBuiltinDataMatchesOfficialSchedule(t *testing.T) {
	// The make-up working days of the State Council notices, each with its
	// weekday checked independently of the package's arithmetic.
	makeup := map[string]time.Weekday{
		"2025-01-26": time.Sunday, "2025-02-08": time.Saturday, "2025-04-27": time.Sunday,
		"2025-09-28": time.Sunday, "2025-10-11": time.Saturday,
		"2026-01-04": time.Sunday, "2026-02-14": time.Saturday, "2026-02-28": time.Saturday,
		"2026-05-09": time.Saturday, "2026-09-20": time.Sunday, "2026-10-10": time.Saturday,
	}
	var got []string
	for _, y := range efficiency.BuiltinYears() {
		for _, w := range y.Workdays {
			got = append(got, w.String())
		}
	}
	want := make([]string, 0, len(makeup))
	for s, wd := range makeup {
		want = append(want, s)
		tm, err := time.Parse(time.DateOnly, s)
		require.NoError(t, err)
		require.Equal(t, wd, tm.Weekday(), "weekday of %s", s)
	}
	assert.ElementsMatch(t, want, got, "make-up working days")
}

func TestEveryBuiltinHolidayIsRestAndMakeupIsWork(t *testing.T) {
	cal := efficiency.DefaultCalendar()
	holidays := 0
	for _, y := range efficiency.BuiltinYears() {
		for _, h := range y.Holidays {
			for day := h.From; !day.After(h.To); day = day.AddDays(1) {
				w, err := cal.IsWorkday(day)
				require.NoError(t, err)
				assert.False(t, w, "IsWorkday(%s) = true, want false (holiday %s–%s)", day, h.From, h.To)
				holidays++
			}
		}
		for _, day := range y.Workdays {
			w, err := cal.IsWorkday(day)
			require.NoError(t, err)
			assert.True(t, w, "IsWorkday(%s) = false, want true (make-up working day)", day)
		}
	}
	assert.Equal(t, 1+8+3+5+3+8+3+9+3+5+3+3+7, holidays, "holiday days in 2025 and 2026")
}

func TestOrdinaryDays(t *testing.T) {
	cal := efficiency.DefaultCalendar()
	cases := []struct {
		date string
		want bool
	}{
		{"2025-01-02", true},  // Thursday after New Year
		{"2025-03-03", true},  // Monday
		{"2025-03-08", false}, // Saturday
		{"2025-03-09", false}, // Sunday
		{"2025-07-15", true},  // Tuesday
		{"2025-07-19", false}, // Saturday
		{"2025-10-09", true},  // Thursday after National Day
		{"2025-10-12", false}, // Sunday after the make-up Saturday
		{"2025-12-31", true},  // Wednesday
		{"2026-01-05", true},  // Monday
		{"2026-01-10", false}, // Saturday
		{"2026-02-24", true},  // Tuesday after Spring Festival
		{"2026-02-21", false}, // Saturday inside Spring Festival
		{"2026-03-01", false}, // Sunday after the make-up Saturday
		{"2026-07-01", true},  // Wednesday
		{"2026-09-19", false}, // Saturday before the make-up Sunday
		{"2026-09-24", true},  // Thursday before Mid-Autumn
		{"2026-09-28", true},  // Monday after Mid-Autumn
		{"2026-10-08", true},  // Thursday after National Day
		{"2026-10-11", false}, // Sunday
		{"2026-12-31", true},  // Thursday
	}
	for _, c := range cases {
		got, err := cal.IsWorkday(ymd(c.date))
		require.NoError(t, err, "IsWorkday(%s)", c.date)
		assert.Equal(t, c.want, got, "IsWorkday(%s) = %v, want %v", c.date, got, c.want)
	}
}

func TestWorkingDaysPerYear(t *testing.T) {
	// Counted by hand: 261 weekdays, minus the holidays on weekdays, plus the
	// make-up days. 2025: 261-18+5; 2026: 261-19+6.
	cal := efficiency.DefaultCalendar()
	for _, c := range []struct {
		year int
		want int
	}{{2025, 248}, {2026, 248}} {
		n, err := cal.WorkdaysBetween(efficiency.NewDate(c.year-1, time.December, 31), efficiency.NewDate(c.year, time.December, 31))
		require.NoError(t, err)
		assert.Equal(t, c.want, n, "working days in %d", c.year)
	}
	last, err := cal.AddWorkdays(ymd("2024-12-31"), 248)
	require.NoError(t, err)
	assert.Equal(t, ymd("2025-12-31"), last)
	last, err = cal.AddWorkdays(ymd("2025-12-31"), 248)
	require.NoError(t, err)
	assert.Equal(t, ymd("2026-12-31"), last)
}

func TestAddWorkdays(t *testing.T) {
	cal := efficiency.DefaultCalendar()
	cases := []struct {
		from string
		n    int
		want string
	}{
		// Acceptance case: accepted on 9/30 with a 3-working-day commitment;
		// 10/1–10/7 holiday, 10/8 Thu, 10/9 Fri, 10/10 Sat make-up.
		{"2026-09-30", 3, "2026-10-10"},
		{"2026-09-30", 0, "2026-09-30"},
		{"2026-09-30", 1, "2026-10-08"},
		{"2026-09-30", 2, "2026-10-09"},
		{"2026-09-30", 4, "2026-10-12"},
		{"2026-10-01", 1, "2026-10-08"}, // counting starts the next day even from a holiday
		{"2026-09-18", 1, "2026-09-20"}, // Sunday make-up day
		{"2026-09-24", 1, "2026-09-28"}, // Mid-Autumn 9/25–9/27
		{"2026-04-30", 1, "2026-05-06"},
		{"2026-05-08", 1, "2026-05-09"},
		{"2026-06-18", 1, "2026-06-22"},
		// Spring Festival 2026: 2/14 Sat make-up, 2/15–2/23, 2/28 Sat make-up.
		{"2026-02-12", 1, "2026-02-13"},
		{"2026-02-12", 3, "2026-02-24"},
		{"2026-02-13", 1, "2026-02-14"},
		{"2026-02-14", 1, "2026-02-24"},
		{"2026-02-26", 2, "2026-02-28"},
		{"2026-02-27", 1, "2026-02-28"},
		{"2026-02-28", 1, "2026-03-02"},
		// Spring Festival 2025: 1/26 Sun make-up, 1/28–2/4, 2/8 Sat make-up.
		{"2025-01-24", 1, "2025-01-26"},
		{"2025-01-26", 1, "2025-01-27"},
		{"2025-01-27", 1, "2025-02-05"},
		{"2025-02-07", 1, "2025-02-08"},
		// National Day 2025: 9/28 Sun make-up, 10/1–10/8, 10/11 Sat make-up.
		{"2025-09-26", 1, "2025-09-28"},
		{"2025-09-28", 1, "2025-09-29"},
		{"2025-09-30", 1, "2025-10-09"},
		{"2025-09-30", 3, "2025-10-11"},
		{"2025-09-30", 4, "2025-10-13"},
		// Across the year boundary: 2026-01-01–01-03 holiday, 01-04 Sun make-up.
		{"2025-12-30", 1, "2025-12-31"},
		{"2025-12-31", 1, "2026-01-04"},
		{"2025-12-31", 2, "2026-01-05"},
		{"2025-12-26", 5, "2026-01-05"},
		// A 20-working-day limit over National Day 2026.
		{"2026-09-15", 20, "2026-10-19"},
	}
	for _, c := range cases {
		from, want := ymd(c.from), ymd(c.want)
		got, err := cal.AddWorkdays(from, c.n)
		require.NoError(t, err, "AddWorkdays(%s, %d)", from, c.n)
		assert.Equal(t, want, got, "AddWorkdays(%s, %d) = %s, want %s", from, c.n, got, want)

		due, ok, err := cal.Due(from, nil, c.n)
		require.NoError(t, err, "Due(%s, nil, %d)", from, c.n)
		assert.True(t, ok, "Due(%s, nil, %d) ok", from, c.n)
		assert.Equal(t, want, due, "Due(%s, nil, %d) = %s, want %s", from, c.n, due, want)

		// Boundaries: at the due date exactly n, the day before n-1, the
		// next working day n+1.
		n, err := cal.WorkdaysBetween(from, want)
		require.NoError(t, err)
		assert.Equal(t, c.n, n, "WorkdaysBetween(%s, %s) = %d, want %d", from, want, n, c.n)
		n, err = cal.Elapsed(from, nil, want)
		require.NoError(t, err)
		assert.Equal(t, c.n, n, "Elapsed(%s, nil, %s) = %d, want %d", from, want, n, c.n)
		if c.n > 0 {
			n, err = cal.Elapsed(from, nil, want.AddDays(-1))
			require.NoError(t, err)
			assert.Equal(t, c.n-1, n, "Elapsed(%s, nil, %s) = %d, want %d", from, want.AddDays(-1), n, c.n-1)
		}
		next, err := cal.AddWorkdays(want, 1)
		require.NoError(t, err)
		n, err = cal.Elapsed(from, nil, next)
		require.NoError(t, err)
		assert.Equal(t, c.n+1, n, "Elapsed(%s, nil, %s) = %d, want %d", from, next, n, c.n+1)
		// Rest days after the due date do not count.
		n, err = cal.Elapsed(from, nil, next.AddDays(-1))
		require.NoError(t, err)
		assert.Equal(t, c.n, n, "Elapsed(%s, nil, %s) = %d, want %d", from, next.AddDays(-1), n, c.n)
	}
}

func TestWorkdaysBetween(t *testing.T) {
	cal := efficiency.DefaultCalendar()
	cases := []struct {
		from, to string
		want     int
	}{
		{"2026-09-30", "2026-10-10", 3},
		{"2026-09-30", "2026-10-07", 0},
		{"2026-09-30", "2026-09-30", 0},
		{"2026-10-10", "2026-09-30", 0}, // to before from
		{"2026-10-01", "2026-10-08", 1},
		{"2025-12-31", "2026-01-05", 2},
		{"2026-03-02", "2026-03-09", 5}, // an ordinary week: Tue..Fri + Mon
	}
	for _, c := range cases {
		got, err := cal.WorkdaysBetween(ymd(c.from), ymd(c.to))
		require.NoError(t, err)
		assert.Equal(t, c.want, got, "WorkdaysBetween(%s, %s) = %d, want %d", c.from, c.to, got, c.want)
	}
}

func TestPauses(t *testing.T) {
	cal := efficiency.DefaultCalendar()
	closed := func(from, to string) efficiency.Pause { return efficiency.Pause{From: ymd(from), To: ymd(to)} }
	open := func(from string) efficiency.Pause { return efficiency.Pause{From: ymd(from), Open: true} }

	// Start Tue 2026-09-01, 10 working days; without pauses due Tue 9/15.
	// 9/20 is a Sunday make-up day, 9/25–9/27 Mid-Autumn.
	cases := []struct {
		name   string
		start  string
		n      int
		pauses []efficiency.Pause
		want   string // "" if the clock is stopped by an open pause
		// elapsedAt/elapsed: an extra Elapsed check.
		elapsedAt string
		elapsed   int
	}{
		{"none", "2026-09-01", 10, nil, "2026-09-15", "2026-09-30", 21},
		{"closed", "2026-09-01", 10, []efficiency.Pause{closed("2026-09-03", "2026-09-09")}, "2026-09-20", "2026-09-21", 11},
		{"closed, resumed the same day", "2026-09-01", 10, []efficiency.Pause{closed("2026-09-03", "2026-09-03")}, "2026-09-15", "2026-09-15", 10},
		{"open", "2026-09-01", 10, []efficiency.Pause{open("2026-09-03")}, "", "2026-12-31", 2},
		{"open before the n-th day", "2026-09-01", 10, []efficiency.Pause{open("2026-09-14")}, "", "2026-09-30", 9},
		{"open on the due date", "2026-09-01", 10, []efficiency.Pause{open("2026-09-15")}, "2026-09-15", "2026-09-30", 10},
		{"open after the due date", "2026-09-01", 10, []efficiency.Pause{open("2026-09-16")}, "2026-09-15", "2026-09-30", 11},
		{"open with To ignored", "2026-09-01", 10, []efficiency.Pause{{From: ymd("2026-09-03"), To: ymd("2026-09-04"), Open: true}}, "", "2026-09-30", 2},
		{"overlapping", "2026-09-01", 10, []efficiency.Pause{closed("2026-09-03", "2026-09-09"), closed("2026-09-07", "2026-09-11")}, "2026-09-22", "2026-09-22", 10},
		{"duplicate", "2026-09-01", 10, []efficiency.Pause{closed("2026-09-03", "2026-09-09"), closed("2026-09-03", "2026-09-09")}, "2026-09-20", "2026-09-20", 10},
		{"nested", "2026-09-01", 10, []efficiency.Pause{closed("2026-09-03", "2026-09-09"), closed("2026-09-04", "2026-09-05")}, "2026-09-20", "2026-09-20", 10},
		{"before start", "2026-09-01", 10, []efficiency.Pause{closed("2026-08-01", "2026-08-20")}, "2026-09-15", "2026-09-15", 10},
		{"straddling start", "2026-09-01", 10, []efficiency.Pause{closed("2026-08-28", "2026-09-03")}, "2026-09-17", "2026-09-17", 10},
		{"open before start", "2026-09-01", 10, []efficiency.Pause{open("2026-08-28")}, "", "2026-09-30", 0},
		{"closed then open", "2026-09-01", 10, []efficiency.Pause{open("2026-09-18"), closed("2026-09-03", "2026-09-09")}, "", "2026-12-31", 9},
		{"over a holiday", "2026-09-30", 3, []efficiency.Pause{closed("2026-10-05", "2026-10-08")}, "2026-10-12", "2026-10-12", 3},
		{"n = 0 with open pause", "2026-09-01", 0, []efficiency.Pause{open("2026-08-28")}, "2026-09-01", "2026-09-01", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := ymd(c.start)
			due, ok, err := cal.Due(start, c.pauses, c.n)
			require.NoError(t, err)
			if c.want == "" {
				assert.False(t, ok, "Due(%s, %v, %d) ok = true (due %s), want false", start, c.pauses, c.n, due)
				assert.True(t, due.IsZero(), "Due while suspended = %s, want the zero Date", due)
			} else {
				want := ymd(c.want)
				require.True(t, ok, "Due(%s, %v, %d) ok = false, want %s", start, c.pauses, c.n, want)
				assert.Equal(t, want, due, "Due(%s, %v, %d) = %s, want %s", start, c.pauses, c.n, due, want)
				n, err := cal.Elapsed(start, c.pauses, due)
				require.NoError(t, err)
				assert.Equal(t, c.n, n, "Elapsed(%s, %v, %s) = %d, want %d", start, c.pauses, due, n, c.n)
				if c.n > 0 {
					n, err = cal.Elapsed(start, c.pauses, due.AddDays(-1))
					require.NoError(t, err)
					assert.Equal(t, c.n-1, n, "Elapsed(%s, %v, %s) = %d, want %d", start, c.pauses, due.AddDays(-1), n, c.n-1)
				}
			}
			at := ymd(c.elapsedAt)
			n, err := cal.Elapsed(start, c.pauses, at)
			require.NoError(t, err)
			assert.Equal(t, c.elapsed, n, "Elapsed(%s, %v, %s) = %d, want %d", start, c.pauses, at, n, c.elapsed)
		})
	}
}

func TestElapsedNotAfterStart(t *testing.T) {
	cal := efficiency.DefaultCalendar()
	for _, at := range []string{"2026-09-30", "2026-09-01", "2020-01-01", "1900-01-01"} {
		n, err := cal.Elapsed(ymd("2026-09-30"), nil, ymd(at))
		require.NoError(t, err, "Elapsed(2026-09-30, nil, %s)", at)
		assert.Zero(t, n, "Elapsed(2026-09-30, nil, %s)", at)
	}
}

func TestOutOfRange(t *testing.T) {
	cal := efficiency.DefaultCalendar()

	_, err := cal.IsWorkday(ymd("2027-01-04"))
	var oor *efficiency.OutOfRangeError
	require.ErrorAs(t, err, &oor)
	assert.Equal(t, ymd("2027-01-04"), oor.Date)
	assert.EqualError(t, err, "efficiency: 2027-01-04 is outside the calendar's known years 2025–2026 (add the year or choose WithWeekendFallback)")
	assert.Equal(t, "2027-01-04 不在日历已收录的年份（2025–2026）内：请补充该年度的节假日安排，或选择仅按周末计算", oor.MessageZh())
	assert.Equal(t, oor.MessageZh(), efficiency.MessageZh(err))
	assert.Equal(t, oor.MessageZh(), efficiency.MessageZh(fmt.Errorf("case 42: %w", err)))

	_, err = cal.IsWorkday(ymd("2024-12-31"))
	require.ErrorAs(t, err, &oor)
	assert.Equal(t, ymd("2024-12-31"), oor.Date)

	// A count running into an unknown year fails on the first unknown day.
	_, err = cal.AddWorkdays(ymd("2026-12-30"), 3)
	require.ErrorAs(t, err, &oor)
	assert.Equal(t, ymd("2027-01-01"), oor.Date)
	_, _, err = cal.Due(ymd("2026-12-30"), nil, 3)
	require.ErrorAs(t, err, &oor)
	assert.Equal(t, ymd("2027-01-01"), oor.Date)
	_, err = cal.Elapsed(ymd("2026-12-30"), nil, ymd("2027-01-10"))
	require.ErrorAs(t, err, &oor)
	_, err = cal.WorkdaysBetween(ymd("2024-12-20"), ymd("2025-01-10"))
	require.ErrorAs(t, err, &oor)
	assert.Equal(t, ymd("2024-12-21"), oor.Date)

	// Days stopped by a pause need no schedule.
	n, err := cal.Elapsed(ymd("2026-12-28"), []efficiency.Pause{{From: ymd("2026-12-30"), Open: true}}, ymd("2027-03-01"))
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	_, ok, err := cal.Due(ymd("2026-12-28"), []efficiency.Pause{{From: ymd("2026-12-30"), Open: true}}, 10)
	require.NoError(t, err)
	assert.False(t, ok)

	// A calendar without years names none.
	empty, err := efficiency.NewCalendar()
	require.NoError(t, err)
	assert.Same(t, efficiency.ShanghaiZone(), empty.Location(), "default zone")
	assert.Empty(t, empty.Years())
	_, err = empty.IsWorkday(ymd("2026-10-08"))
	assert.EqualError(t, err, "efficiency: 2026-10-08 is outside the calendar's known years (none) (add the year or choose WithWeekendFallback)")
	assert.Contains(t, efficiency.MessageZh(err), "（无）")

	// Non-contiguous years.
	gappy, err := efficiency.NewCalendar(efficiency.WithYears(efficiency.Year{Year: 2022}, efficiency.Year{Year: 2023}, efficiency.Year{Year: 2030}))
	require.NoError(t, err)
	_, err = gappy.IsWorkday(ymd("2026-10-08"))
	assert.ErrorContains(t, err, "known years 2022–2023, 2030 (")
	assert.Contains(t, efficiency.MessageZh(err), "（2022–2023、2030）")
}

func TestWeekendFallback(t *testing.T) {
	cal, err := efficiency.DefaultCalendar().Extend(efficiency.WithWeekendFallback())
	require.NoError(t, err)
	assert.False(t, cal.Covers(2027), "the fallback does not make a year known")
	assert.Equal(t, []int{2025, 2026}, cal.Years())

	got, err := cal.AddWorkdays(ymd("2026-12-30"), 3)
	require.NoError(t, err)
	assert.Equal(t, ymd("2027-01-04"), got, "12/31 Thu, 2027-01-01 Fri (holiday unknown), 01-04 Mon")

	cases := []struct {
		date string
		want bool
	}{
		{"2027-01-01", true},  // Friday; the holiday is unknown
		{"2027-01-02", false}, // Saturday
		{"2027-01-03", false}, // Sunday
		{"2024-10-01", true},  // Tuesday
		{"2026-10-01", false}, // known year: still a holiday
		{"2026-10-10", true},  // known year: still a make-up day
	}
	for _, c := range cases {
		w, err := cal.IsWorkday(ymd(c.date))
		require.NoError(t, err)
		assert.Equal(t, c.want, w, "IsWorkday(%s) with fallback = %v, want %v", c.date, w, c.want)
	}

	only, err := efficiency.NewCalendar(efficiency.WithWeekendFallback())
	require.NoError(t, err)
	got, err = only.AddWorkdays(ymd("2026-09-30"), 3)
	require.NoError(t, err)
	assert.Equal(t, ymd("2026-10-05"), got, "weekends only")
	n, err := only.WorkdaysBetween(ymd("2026-09-30"), ymd("2026-10-31"))
	require.NoError(t, err)
	assert.Equal(t, 22, n)
}

func TestExtend(t *testing.T) {
	base := efficiency.DefaultCalendar()
	y2027 := efficiency.Year{
		Year:     2027,
		Holidays: []efficiency.DateRange{{From: ymd("2027-01-01"), To: ymd("2027-01-01")}},
	}
	ext, err := base.Extend(efficiency.WithYears(y2027))
	require.NoError(t, err)
	assert.Equal(t, []int{2025, 2026, 2027}, ext.Years())
	assert.Same(t, base.Location(), ext.Location())

	got, err := ext.AddWorkdays(ymd("2026-12-30"), 3)
	require.NoError(t, err)
	assert.Equal(t, ymd("2027-01-05"), got, "12/31 Thu, 1/1 holiday, 1/4 Mon, 1/5 Tue")

	// The receiver is unchanged.
	assert.Equal(t, []int{2025, 2026}, base.Years())
	assert.False(t, base.Covers(2027))
	_, err = base.AddWorkdays(ymd("2026-12-30"), 3)
	var oor *efficiency.OutOfRangeError
	assert.ErrorAs(t, err, &oor)
	assert.Same(t, base, efficiency.DefaultCalendar())

	// Extending an extension; a different zone.
	utc, err := ext.Extend(efficiency.WithYears(efficiency.Year{Year: 2024}), efficiency.WithZone(time.UTC))
	require.NoError(t, err)
	assert.Equal(t, []int{2024, 2025, 2026, 2027}, utc.Years())
	assert.Equal(t, time.UTC, utc.Location())
	assert.Same(t, efficiency.ShanghaiZone(), ext.Location())

	// Redefining a year is an error, and the result is nil.
	bad, err := ext.Extend(efficiency.WithYears(efficiency.Year{Year: 2026}, efficiency.Year{Year: 2028}), efficiency.WithYears(efficiency.Year{Year: 2027}))
	require.Error(t, err)
	assert.Nil(t, bad)
	errs := calendarErrors(t, err)
	require.Len(t, errs, 2)
	for i, year := range []int{2026, 2027} {
		assert.Equal(t, year, errs[i].Year)
		assert.ErrorIs(t, errs[i], efficiency.ErrDuplicateYear)
		assert.Contains(t, errs[i].Error(), "already in the calendar")
		assert.Contains(t, errs[i].MessageZh(), "不能重新定义")
	}
	assert.Equal(t, []int{2025, 2026, 2027}, ext.Years())
}

func TestWithYearsCopiesItsInput(t *testing.T) {
	hol := []efficiency.DateRange{{From: ymd("2027-01-01"), To: ymd("2027-01-01")}}
	opt := efficiency.WithYears(efficiency.Year{Year: 2027, Holidays: hol})
	hol[0] = efficiency.DateRange{From: ymd("2027-01-05"), To: ymd("2027-01-01")} // would be invalid
	cal, err := efficiency.NewCalendar(opt)
	require.NoError(t, err)
	w, err := cal.IsWorkday(ymd("2027-01-01"))
	require.NoError(t, err)
	assert.False(t, w)
}

// calendarErrors flattens the joined error of NewCalendar or Extend.
func calendarErrors(t *testing.T, err error) []*efficiency.CalendarError {
	t.Helper()
	joined, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok, "error %T is not a joined error", err)
	var out []*efficiency.CalendarError
	for _, e := range joined.Unwrap() {
		var ce *efficiency.CalendarError
		require.ErrorAs(t, e, &ce)
		out = append(out, ce)
	}
	return out
}

func TestNewCalendarValidation(t *testing.T) {
	// 2030-10-01 is a Tuesday, 10-05 a Saturday, 10-09 a Wednesday.
	y2030 := efficiency.Year{
		Year: 2030,
		Holidays: []efficiency.DateRange{
			{From: ymd("2030-10-01"), To: ymd("2030-10-07")},
			{From: ymd("2030-05-05"), To: ymd("2030-05-01")},
			{From: ymd("2029-12-31"), To: ymd("2030-01-01")},
			{From: efficiency.Date{Year: 2030, Month: time.February, Day: 30}, To: ymd("2030-03-01")},
			{To: ymd("2030-06-01")},
		},
		Workdays: []efficiency.Date{
			ymd("2030-10-05"), // inside the holiday
			ymd("2030-10-09"), // a Wednesday
			ymd("2031-01-04"), // another year
			ymd("2030-09-29"), // a valid Sunday
		},
	}
	cal, err := efficiency.NewCalendar(
		efficiency.WithZone(nil),
		efficiency.WithYears(y2030, efficiency.Year{Year: 2030}),
		efficiency.WithYears(efficiency.Year{}),
		efficiency.WithYears(efficiency.Year{Year: 2031, Workdays: []efficiency.Date{ymd("2031-01-03")}}), // Friday
	)
	require.Error(t, err)
	assert.Nil(t, cal)

	errs := calendarErrors(t, err)
	type want struct {
		year     int
		sentinel error
		msg      string
		zh       string
	}
	wants := []want{
		{0, efficiency.ErrNilZone, "efficiency: calendar: time zone is nil", "节假日日历：未指定时区"},
		{2030, efficiency.ErrInvertedRange, "efficiency: calendar year 2030: holiday 2030-05-05–2030-05-01 ends before it starts", "2030 年度节假日安排：节假日 2030-05-05 至 2030-05-01 的结束日早于起始日"},
		{2030, efficiency.ErrDateOutsideYear, "efficiency: calendar year 2030: holiday start 2029-12-31 is not in 2030 (list it under 2029; split a holiday spanning New Year between the two years)", "节假日起始日 2029-12-31 不在 2030 年内"},
		{2030, efficiency.ErrInvalidDate, "holiday start 2030-02-30 is not a valid date", "节假日起始日 2030-02-30 不是有效日期"},
		{2030, efficiency.ErrInvalidDate, "holiday start is missing", "缺少节假日起始日"},
		{2030, efficiency.ErrHolidayMakeupOverlap, "make-up working day 2030-10-05 falls within holiday 2030-10-01–2030-10-07", "调休上班日 2030-10-05 落在节假日 2030-10-01 至 2030-10-07 之内"},
		{2030, efficiency.ErrMakeupNotWeekend, "make-up working day 2030-10-09 is a Wednesday, not a Saturday or Sunday", "调休上班日 2030-10-09 是星期三，不是周六或周日"},
		{2030, efficiency.ErrDateOutsideYear, "make-up working day 2031-01-04 is not in 2030 (list it under 2031)", "调休上班日 2031-01-04 不在 2030 年内（应列入 2031 年度）"},
		{2030, efficiency.ErrDuplicateYear, "year 2030 is given more than once", "2030 年度的安排重复给出"},
		{0, efficiency.ErrInvalidYear, "year 0 is not between 1 and 9999", "年份 0 无效"},
		{2031, efficiency.ErrMakeupNotWeekend, "make-up working day 2031-01-03 is a Friday", "星期五"},
	}
	require.Len(t, errs, len(wants), "all problems are reported at once:\n%v", err)
	for i, w := range wants {
		e := errs[i]
		assert.Equal(t, w.year, e.Year, "error %d: %v", i, e)
		assert.ErrorIs(t, e, w.sentinel, "error %d: %v", i, e)
		assert.ErrorIs(t, err, w.sentinel, "joined error wraps %v", w.sentinel)
		assert.Contains(t, e.Error(), w.msg, "error %d", i)
		assert.Contains(t, e.MessageZh(), w.zh, "error %d", i)
	}

	zh := efficiency.MessageZh(err)
	assert.Len(t, strings.Split(zh, "\n"), len(wants), "one Chinese line per problem:\n%s", zh)
	assert.Contains(t, zh, "调休上班日 2030-10-09 是星期三")
	assert.NotContains(t, zh, "efficiency")
}

func TestInvalidArguments(t *testing.T) {
	cal := efficiency.DefaultCalendar()
	feb30 := efficiency.Date{Year: 2026, Month: time.February, Day: 30}
	ok := ymd("2026-09-01")
	cases := []struct {
		name     string
		call     func() error
		sentinel error
		msg      string
	}{
		{"IsWorkday zero", func() error { _, err := cal.IsWorkday(efficiency.Date{}); return err },
			efficiency.ErrInvalidDate, "efficiency: IsWorkday: date is missing"},
		{"IsWorkday invalid", func() error { _, err := cal.IsWorkday(feb30); return err },
			efficiency.ErrInvalidDate, "efficiency: IsWorkday: date 2026-02-30 is not a valid date"},
		{"AddWorkdays negative", func() error { _, err := cal.AddWorkdays(ok, -1); return err },
			efficiency.ErrNegativeCount, "efficiency: AddWorkdays: n is -1; the number of working days must not be negative"},
		{"AddWorkdays zero date", func() error { _, err := cal.AddWorkdays(efficiency.Date{}, 0); return err },
			efficiency.ErrInvalidDate, "AddWorkdays: date is missing"},
		{"Due negative", func() error { _, _, err := cal.Due(ok, nil, -3); return err },
			efficiency.ErrNegativeCount, "efficiency: Due: n is -3"},
		{"Due invalid start", func() error { _, _, err := cal.Due(feb30, nil, 1); return err },
			efficiency.ErrInvalidDate, "Due: start 2026-02-30 is not a valid date"},
		{"WorkdaysBetween invalid to", func() error { _, err := cal.WorkdaysBetween(ok, feb30); return err },
			efficiency.ErrInvalidDate, "WorkdaysBetween: to 2026-02-30"},
		{"WorkdaysBetween zero from", func() error { _, err := cal.WorkdaysBetween(efficiency.Date{}, ok); return err },
			efficiency.ErrInvalidDate, "WorkdaysBetween: from is missing"},
		{"Elapsed invalid start", func() error { _, err := cal.Elapsed(feb30, nil, ok); return err },
			efficiency.ErrInvalidDate, "Elapsed: start 2026-02-30 is not a valid date"},
		{"Elapsed zero at", func() error { _, err := cal.Elapsed(ok, nil, efficiency.Date{}); return err },
			efficiency.ErrInvalidDate, "Elapsed: at is missing"},
		{"pause resumes before it starts", func() error {
			_, err := cal.Elapsed(ok, []efficiency.Pause{{From: ymd("2026-09-10"), To: ymd("2026-09-09")}}, ymd("2026-09-30"))
			return err
		}, efficiency.ErrInvalidPause, "Elapsed: pauses[0] resumes on 2026-09-09, before it starts on 2026-09-10"},
		{"pause without end", func() error {
			_, _, err := cal.Due(ok, []efficiency.Pause{{From: ymd("2026-09-01"), To: ymd("2026-09-02")}, {From: ymd("2026-09-10")}}, 3)
			return err
		}, efficiency.ErrInvalidPause, "Due: pauses[1] has no To date and is not Open"},
		{"pause invalid start", func() error {
			_, _, err := cal.Due(ok, []efficiency.Pause{{From: feb30, Open: true}}, 3)
			return err
		}, efficiency.ErrInvalidDate, "Due: pauses[0].From 2026-02-30 is not a valid date"},
		{"pause invalid start with n = 0", func() error {
			_, _, err := cal.Due(ok, []efficiency.Pause{{Open: true}}, 0)
			return err
		}, efficiency.ErrInvalidDate, "Due: pauses[0].From is missing"},
	}
	for _, c := range cases {
		err := c.call()
		require.Error(t, err, c.name)
		assert.ErrorIs(t, err, c.sentinel, c.name)
		var ie *efficiency.InputError
		require.ErrorAs(t, err, &ie, c.name)
		assert.Contains(t, err.Error(), c.msg, c.name)
		assert.NotEmpty(t, ie.MessageZh(), c.name)
		assert.NotContains(t, ie.MessageZh(), "efficiency", c.name)
	}
}

func TestErrorsBuiltByCallers(t *testing.T) {
	// Errors constructed outside the package still give sensible messages.
	ce := &efficiency.CalendarError{Year: 2027, Err: efficiency.ErrDuplicateYear}
	assert.EqualError(t, ce, "efficiency: calendar year 2027: year defined more than once")
	assert.Equal(t, "2027 年度节假日安排：数据无效", ce.MessageZh())
	assert.EqualError(t, &efficiency.CalendarError{}, "efficiency: calendar: invalid calendar")
	ie := &efficiency.InputError{Op: "Due", Err: efficiency.ErrNegativeCount}
	assert.EqualError(t, ie, "efficiency: Due: negative number of working days")
	assert.Equal(t, "输入无效", ie.MessageZh())
	oor := &efficiency.OutOfRangeError{Date: ymd("2027-01-04")}
	assert.Contains(t, oor.Error(), "known years (none)")

	assert.Empty(t, efficiency.MessageZh(nil))
	assert.Equal(t, "plain", efficiency.MessageZh(errors.New("plain")))
}

func TestSpanGuard(t *testing.T) {
	cal, err := efficiency.NewCalendar(efficiency.WithWeekendFallback())
	require.NoError(t, err)

	_, err = cal.Elapsed(ymd("2026-01-01"), nil, ymd("2050-01-01"))
	require.ErrorIs(t, err, efficiency.ErrSpanTooLong)
	assert.EqualError(t, err, "efficiency: Elapsed: the span from 2026-01-01 to 2050-01-01 exceeds 20 years")
	assert.Equal(t, "2026-01-01 至 2050-01-01 的期间超过 20 年", efficiency.MessageZh(err))

	_, err = cal.WorkdaysBetween(ymd("0001-01-01"), ymd("9999-12-31"))
	require.ErrorIs(t, err, efficiency.ErrSpanTooLong)

	_, err = cal.AddWorkdays(ymd("2026-01-01"), 10_000)
	require.ErrorIs(t, err, efficiency.ErrSpanTooLong)
	assert.ErrorContains(t, err, "10000 working days after 2026-01-01 are not reached within 20 years")

	_, _, err = cal.Due(ymd("2026-01-01"), []efficiency.Pause{{From: ymd("2026-01-01"), To: ymd("2060-01-01")}}, 1)
	require.ErrorIs(t, err, efficiency.ErrSpanTooLong)

	// 19 years is fine.
	n, err := cal.Elapsed(ymd("2026-01-01"), nil, ymd("2045-01-01"))
	require.NoError(t, err)
	assert.Greater(t, n, 19*250)
}

func TestNoAllocations(t *testing.T) {
	cal := efficiency.DefaultCalendar()
	start, at := ymd("2025-06-30"), ymd("2026-10-20")
	pauses := []efficiency.Pause{
		{From: ymd("2025-08-01"), To: ymd("2025-08-20")},
		{From: ymd("2025-08-10"), To: ymd("2025-09-05")},
		{From: ymd("2026-01-10"), To: ymd("2026-02-01")},
		{From: ymd("2026-10-15"), Open: true},
	}
	var sink int
	allocs := testing.AllocsPerRun(50, func() {
		w, _ := cal.IsWorkday(ymd("2026-10-10"))
		if w {
			sink++
		}
		due, _ := cal.AddWorkdays(start, 200)
		sink += due.Day
		n, _ := cal.WorkdaysBetween(start, at)
		sink += n
		n, _ = cal.Elapsed(start, pauses, at)
		sink += n
		due, _, _ = cal.Due(start, pauses, 150)
		sink += due.Day
	})
	assert.Zero(t, allocs, "allocations per run of IsWorkday, AddWorkdays, WorkdaysBetween, Elapsed, Due")
	assert.NotZero(t, sink)
}

func TestConcurrentUse(t *testing.T) {
	cal := efficiency.DefaultCalendar()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				start := ymd("2025-01-01").AddDays(g*30 + i)
				due, err := cal.AddWorkdays(start, 10)
				if err != nil {
					t.Error(err)
					return
				}
				if n, err := cal.WorkdaysBetween(start, due); err != nil || n != 10 {
					t.Errorf("WorkdaysBetween(%s, %s) = %d, %v, want 10", start, due, n, err)
					return
				}
			}
			if _, err := cal.Extend(efficiency.WithYears(efficiency.Year{Year: 2027 + g})); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, []int{2025, 2026}, cal.Years())
}

func ExampleCalendar_AddWorkdays() {
	cal := efficiency.DefaultCalendar()
	// Accepted on 30 September 2026 with a commitment of 3 working days:
	// 1–7 October are a holiday, 8 and 9 October working days, and
	// Saturday 10 October a make-up working day.
	accepted := efficiency.NewDate(2026, time.September, 30)
	due, err := cal.AddWorkdays(accepted, 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(due, due.Weekday())
	// Output: 2026-10-10 Saturday
}

func ExampleCalendar_Due() {
	cal := efficiency.DefaultCalendar()
	start := efficiency.NewDate(2026, time.September, 1)
	// An expert review stopped the clock after 3 September; it ran again on
	// 10 September.
	review := efficiency.Pause{From: efficiency.NewDate(2026, time.September, 3), To: efficiency.NewDate(2026, time.September, 9)}
	due, ok, err := cal.Due(start, []efficiency.Pause{review}, 10)
	fmt.Println(due, ok, err)

	// A hearing that has not ended yet: no due date while suspended.
	hearing := efficiency.Pause{From: efficiency.NewDate(2026, time.September, 3), Open: true}
	_, ok, err = cal.Due(start, []efficiency.Pause{hearing}, 10)
	fmt.Println(ok, err)
	// Output:
	// 2026-09-20 true <nil>
	// false <nil>
}

func ExampleDateOf() {
	t := time.Date(2026, time.September, 30, 16, 30, 0, 0, time.UTC)
	fmt.Println(efficiency.DateOf(t, efficiency.ShanghaiZone()))
	// Output: 2026-10-01
}

func ExampleOutOfRangeError() {
	_, err := efficiency.DefaultCalendar().IsWorkday(efficiency.NewDate(2027, time.January, 4))
	var oor *efficiency.OutOfRangeError
	if errors.As(err, &oor) {
		fmt.Println(oor.Date)
		fmt.Println(err)
		fmt.Println(oor.MessageZh())
	}
	// Output:
	// 2027-01-04
	// efficiency: 2027-01-04 is outside the calendar's known years 2025–2026 (add the year or choose WithWeekendFallback)
	// 2027-01-04 不在日历已收录的年份（2025–2026）内：请补充该年度的节假日安排，或选择仅按周末计算
}
