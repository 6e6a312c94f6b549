package efficiency

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Year is one year's official schedule of public holidays and make-up
// working days, as published by the State Council.
type Year struct {
	Year int `json:"year" yaml:"year"`
	// Holidays are the public holidays as inclusive ranges, e.g. 10/1–10/8.
	// Every date must fall inside Year; a holiday spanning New Year is split
	// between the two years.
	Holidays []DateRange `json:"holidays,omitempty" yaml:"holidays,omitempty"`
	// Workdays are the make-up working days (调休上班), each a Saturday or
	// Sunday inside Year and outside every holiday.
	Workdays []Date `json:"workdays,omitempty" yaml:"workdays,omitempty"`
}

// DateRange is an inclusive range of dates.
type DateRange struct {
	From Date `json:"from" yaml:"from"`
	To   Date `json:"to" yaml:"to"`
}

// Calendar says which dates are working days: Monday to Friday are working
// days except public holidays; Saturday and Sunday are rest days except
// make-up working days (调休). Time limits counted in working days start on
// the day after the triggering event (行政许可法 art. 82).
//
// A Calendar is immutable after construction and safe for concurrent use.
// Its queries do not allocate except to return an error.
type Calendar struct {
	loc      *time.Location
	fallback bool
	years    []int     // sorted; read-only, shared with *OutOfRangeError
	tables   []calYear // tables[i] is the table of years[i]
	jan1     []int     // jan1[i] is the day number of 1 January of years[i]
}

// calYear is a bitset of one year's working days, indexed by day of year
// (0 = 1 January), with their prefix sums: cum[i] is the number of working
// days among the days of year [0, i).
type calYear struct {
	work [6]uint64
	cum  [367]uint16
}

func (t *calYear) isWork(doy int) bool { return t.work[doy>>6]&(1<<(doy&63)) != 0 }
func (t *calYear) set(doy int)         { t.work[doy>>6] |= 1 << (doy & 63) }
func (t *calYear) clear(doy int)       { t.work[doy>>6] &^= 1 << (doy & 63) }

// CalendarOption configures NewCalendar and Calendar.Extend.
type CalendarOption func(*calendarConfig) error

type calendarConfig struct {
	loc      *time.Location
	fallback bool
	years    []Year
}

// WithZone sets the time zone in which the calendar's dates are civil dates
// (see Calendar.Location). The default is ShanghaiZone(). A nil zone is an
// error.
func WithZone(loc *time.Location) CalendarOption {
	return func(c *calendarConfig) error {
		if loc == nil {
			return &CalendarError{Err: ErrNilZone, msg: "time zone is nil", msgZh: "未指定时区"}
		}
		c.loc = loc
		return nil
	}
}

// WithYears adds the schedules of the given years. A year given twice, or
// already in the calendar being extended, is an error.
func WithYears(years ...Year) CalendarOption {
	ys := make([]Year, len(years))
	for i, y := range years {
		ys[i] = Year{Year: y.Year, Holidays: slices.Clone(y.Holidays), Workdays: slices.Clone(y.Workdays)}
	}
	return func(c *calendarConfig) error {
		c.years = append(c.years, ys...)
		return nil
	}
}

// WithWeekendFallback makes the calendar treat dates outside its known years
// as working days from Monday to Friday, ignoring holidays it does not know.
// Without it such dates are an *OutOfRangeError; the caller must choose the
// fallback explicitly.
func WithWeekendFallback() CalendarOption {
	return func(c *calendarConfig) error {
		c.fallback = true
		return nil
	}
}

// NewCalendar builds a calendar from the options. It validates the data and
// reports every problem at once: the error joins (errors.Join) one
// *CalendarError per problem, each wrapping one of the ErrXxx sentinels.
// Without WithZone the zone is ShanghaiZone().
func NewCalendar(opts ...CalendarOption) (*Calendar, error) {
	return buildCalendar(nil, opts)
}

// Extend returns a new calendar with the receiver's years, zone and fallback
// plus the options (typically more years, e.g. from a rule file). The
// receiver is unchanged. Redefining a year the receiver already has is an
// error.
func (c *Calendar) Extend(opts ...CalendarOption) (*Calendar, error) {
	return buildCalendar(c, opts)
}

// defaultCalendar is immutable; it is built once at package initialisation.
var defaultCalendar = mustCalendar(NewCalendar(WithZone(ShanghaiZone()), WithYears(BuiltinYears()...)))

func mustCalendar(c *Calendar, err error) *Calendar {
	if err != nil {
		panic("efficiency: built-in holiday data is invalid: " + err.Error())
	}
	return c
}

// DefaultCalendar returns the calendar with the State Council schedules for
// 2025 and 2026, zone ShanghaiZone() and no weekend fallback. It is shared
// and immutable; use Extend to add years.
func DefaultCalendar() *Calendar { return defaultCalendar }

// BuiltinYears returns a copy of the built-in schedules (2025 and 2026).
func BuiltinYears() []Year {
	d := func(y int, m time.Month, day int) Date { return Date{y, m, day} }
	r := func(from, to Date) DateRange { return DateRange{from, to} }
	return []Year{
		{
			Year: 2025,
			Holidays: []DateRange{
				r(d(2025, 1, 1), d(2025, 1, 1)),   // 元旦
				r(d(2025, 1, 28), d(2025, 2, 4)),  // 春节
				r(d(2025, 4, 4), d(2025, 4, 6)),   // 清明节
				r(d(2025, 5, 1), d(2025, 5, 5)),   // 劳动节
				r(d(2025, 5, 31), d(2025, 6, 2)),  // 端午节
				r(d(2025, 10, 1), d(2025, 10, 8)), // 国庆节、中秋节
			},
			Workdays: []Date{
				d(2025, 1, 26), d(2025, 2, 8), // 春节
				d(2025, 4, 27),                  // 劳动节
				d(2025, 9, 28), d(2025, 10, 11), // 国庆节、中秋节
			},
		},
		{
			Year: 2026,
			Holidays: []DateRange{
				r(d(2026, 1, 1), d(2026, 1, 3)),   // 元旦
				r(d(2026, 2, 15), d(2026, 2, 23)), // 春节
				r(d(2026, 4, 4), d(2026, 4, 6)),   // 清明节
				r(d(2026, 5, 1), d(2026, 5, 5)),   // 劳动节
				r(d(2026, 6, 19), d(2026, 6, 21)), // 端午节
				r(d(2026, 9, 25), d(2026, 9, 27)), // 中秋节
				r(d(2026, 10, 1), d(2026, 10, 7)), // 国庆节
			},
			Workdays: []Date{
				d(2026, 1, 4),                  // 元旦
				d(2026, 2, 14), d(2026, 2, 28), // 春节
				d(2026, 5, 9),                   // 劳动节
				d(2026, 9, 20), d(2026, 10, 10), // 国庆节
			},
		},
	}
}

// Location returns the zone in which the calendar's dates are civil dates;
// use DateOf(t, c.Location()) to find the date of an instant.
func (c *Calendar) Location() *time.Location { return c.loc }

// Years returns the years whose schedules the calendar knows, sorted.
func (c *Calendar) Years() []int { return slices.Clone(c.years) }

// Covers reports whether the calendar knows the schedule of year (the
// weekend fallback does not count).
func (c *Calendar) Covers(year int) bool {
	_, ok := slices.BinarySearch(c.years, year)
	return ok
}

// IsWorkday reports whether d is a working day. If d's year is not known and
// the calendar has no weekend fallback, the error is an *OutOfRangeError.
func (c *Calendar) IsWorkday(d Date) (bool, error) {
	if !d.valid() {
		return false, dateArgError("IsWorkday", "date", "日期", -1, d)
	}
	if t := c.table(d.Year); t != nil {
		return t.isWork(dayNumber(d) - daysFromCivil(d.Year, 1, 1)), nil
	}
	if c.fallback {
		w := d.Weekday()
		return w != time.Saturday && w != time.Sunday, nil
	}
	return false, c.outOfRange(d)
}

// AddWorkdays returns the n-th working day after d, counting from the next
// day (行政许可法 art. 82): AddWorkdays(d, 1) is the first working day after
// d. n == 0 returns d; n < 0 is an error.
func (c *Calendar) AddWorkdays(d Date, n int) (Date, error) {
	const op = "AddWorkdays"
	if !d.valid() {
		return Date{}, dateArgError(op, "date", "日期", -1, d)
	}
	if n < 0 {
		return Date{}, negativeCountError(op, n)
	}
	if n == 0 {
		return d, nil
	}
	due, _, err := c.due(op, d, n, nil, math.MaxInt)
	return due, err
}

// WorkdaysBetween returns the number of working days in (from, to]: from
// itself is not counted, to is. It is 0 if to is not after from.
func (c *Calendar) WorkdaysBetween(from, to Date) (int, error) {
	const op = "WorkdaysBetween"
	if !from.valid() {
		return 0, dateArgError(op, "from", "起始日", -1, from)
	}
	if !to.valid() {
		return 0, dateArgError(op, "to", "截止日", -1, to)
	}
	return c.count(op, from, to, nil, math.MaxInt)
}

// Pause suspends a time limit (hearing, inspection, expert review): it
// excludes the working days in (From, To] from a count. The clock stops the
// day after From and runs again on the day after To. Open means the clock has
// not yet resumed: To is ignored and every day after From is excluded.
type Pause struct {
	From Date `json:"from" yaml:"from"`
	To   Date `json:"to,omitzero" yaml:"to,omitempty"`
	Open bool `json:"open,omitempty" yaml:"open,omitempty"`
}

// Elapsed returns the number of working days in (start, at] not covered by
// any pause; pauses may overlap (each day counts once) and may lie partly or
// wholly before start. It is 0 if at is not after start. At the due date
// returned by Due it equals n.
func (c *Calendar) Elapsed(start Date, pauses []Pause, at Date) (int, error) {
	const op = "Elapsed"
	if !start.valid() {
		return 0, dateArgError(op, "start", "起算日", -1, start)
	}
	if !at.valid() {
		return 0, dateArgError(op, "at", "计算日", -1, at)
	}
	var buf [8]pauseSpan
	spans, openFrom, err := pauseSpans(op, buf[:0], pauses)
	if err != nil {
		return 0, err
	}
	return c.count(op, start, at, spans, openFrom)
}

// Due returns the date on which the n-th counted working day after start
// falls, skipping the working days covered by pauses (n >= 1; n == 0 returns
// start). If an open pause stops the clock before the n-th day is reached, ok
// is false and due is the zero Date: there is no due date while suspended.
func (c *Calendar) Due(start Date, pauses []Pause, n int) (due Date, ok bool, err error) {
	const op = "Due"
	if !start.valid() {
		return Date{}, false, dateArgError(op, "start", "起算日", -1, start)
	}
	if n < 0 {
		return Date{}, false, negativeCountError(op, n)
	}
	var buf [8]pauseSpan
	spans, openFrom, err := pauseSpans(op, buf[:0], pauses)
	if err != nil {
		return Date{}, false, err
	}
	if n == 0 {
		return start, true, nil
	}
	return c.due(op, start, n, spans, openFrom)
}

// maxSpanDays bounds every count (20 years) so that absurd inputs fail
// instead of looping.
const maxSpanDays = 20 * 366

// pauseSpan excludes the day numbers lo < z <= hi.
type pauseSpan struct{ lo, hi int }

// pauseSpans validates pauses and converts the closed ones to day numbers,
// appending to dst. openFrom is the earliest From of an open pause as a day
// number (math.MaxInt if none): every day after it is excluded.
func pauseSpans(op string, dst []pauseSpan, pauses []Pause) ([]pauseSpan, int, error) {
	openFrom := math.MaxInt
	for i, p := range pauses {
		if !p.From.valid() {
			return nil, 0, dateArgError(op, "From", "起始日", i, p.From)
		}
		lo := dayNumber(p.From)
		if p.Open {
			openFrom = min(openFrom, lo)
			continue
		}
		if !p.To.valid() {
			if p.To.IsZero() {
				return nil, 0, &InputError{Op: op, Err: ErrInvalidPause,
					msg:   fmt.Sprintf("pauses[%d] has no To date and is not Open", i),
					msgZh: fmt.Sprintf("第 %d 个中止期间缺少恢复日期，且未标记为尚未恢复", i+1)}
			}
			return nil, 0, dateArgError(op, "To", "恢复日", i, p.To)
		}
		hi := dayNumber(p.To)
		if hi < lo {
			return nil, 0, &InputError{Op: op, Err: ErrInvalidPause,
				msg:   fmt.Sprintf("pauses[%d] resumes on %s, before it starts on %s", i, p.To, p.From),
				msgZh: fmt.Sprintf("第 %d 个中止期间的恢复日期 %s 早于中止日期 %s", i+1, p.To, p.From)}
		}
		if hi > lo {
			dst = append(dst, pauseSpan{lo, hi})
		}
	}
	return dst, openFrom, nil
}

// mergeSpans sorts spans by start and merges the ones that overlap or touch,
// in place: the result excludes the same days, as disjoint spans in order.
func mergeSpans(spans []pauseSpan) []pauseSpan {
	for i := 1; i < len(spans); i++ { // insertion sort: there are few pauses
		for j := i; j > 0 && spans[j].lo < spans[j-1].lo; j-- {
			spans[j], spans[j-1] = spans[j-1], spans[j]
		}
	}
	out := spans[:0]
	for _, s := range spans {
		if n := len(out); n > 0 && s.lo <= out[n-1].hi {
			out[n-1].hi = max(out[n-1].hi, s.hi)
			continue
		}
		out = append(out, s)
	}
	return out
}

// count returns the number of working days in (start, at] outside the pauses.
// It counts each stretch between pauses through the years' prefix sums, so
// the cost grows with the number of pauses and years crossed, not days.
func (c *Calendar) count(op string, start, at Date, spans []pauseSpan, openFrom int) (int, error) {
	s, e := dayNumber(start), dayNumber(at)
	if e <= s {
		return 0, nil
	}
	if e-s > maxSpanDays {
		return 0, &InputError{Op: op, Err: ErrSpanTooLong,
			msg:   fmt.Sprintf("the span from %s to %s exceeds 20 years", start, at),
			msgZh: fmt.Sprintf("%s 至 %s 的期间超过 20 年", start, at)}
	}
	e = min(e, openFrom) // days after an open pause's From never count
	n, cur := 0, s
	for _, sp := range mergeSpans(spans) {
		if cur >= e || sp.lo >= e {
			break
		}
		if sp.hi <= cur {
			continue
		}
		if sp.lo > cur {
			w, err := c.work(cur, sp.lo)
			if err != nil {
				return 0, err
			}
			n += w
		}
		cur = sp.hi
	}
	if cur < e {
		w, err := c.work(cur, e)
		if err != nil {
			return 0, err
		}
		n += w
	}
	return n, nil
}

// due returns the day of the n-th (n >= 1) working day after start outside
// the pauses; ok is false if an open pause stops the clock first. It skips
// whole stretches between pauses and whole years by their counts of working
// days, and finds the day itself by binary search in its year's prefix sums.
func (c *Calendar) due(op string, start Date, n int, spans []pauseSpan, openFrom int) (Date, bool, error) {
	s := dayNumber(start)
	limit := min(openFrom, s+maxSpanDays) // the last day the walk may reach
	cur, k := s, n
	for _, sp := range mergeSpans(spans) {
		if cur >= limit || sp.lo >= limit {
			break
		}
		if sp.hi <= cur {
			continue
		}
		if sp.lo > cur {
			z, left, err := c.nth(cur, sp.lo, k)
			if err != nil {
				return Date{}, false, err
			}
			if left == 0 {
				return dateFromDays(z), true, nil
			}
			k = left
		}
		cur = sp.hi
	}
	if cur < limit {
		z, left, err := c.nth(cur, limit, k)
		if err != nil {
			return Date{}, false, err
		}
		if left == 0 {
			return dateFromDays(z), true, nil
		}
	}
	if openFrom < s+maxSpanDays {
		return Date{}, false, nil
	}
	return Date{}, false, &InputError{Op: op, Err: ErrSpanTooLong,
		msg:   fmt.Sprintf("%d working days after %s are not reached within 20 years", n, start),
		msgZh: fmt.Sprintf("自 %s 起 20 年内达不到 %d 个工作日", start, n)}
}

// yearAt returns the table of the year holding day number z (nil if the
// calendar does not know it), the day number of that year's 1 January and
// of its last day. Known years are found by their day numbers alone.
func (c *Calendar) yearAt(z int) (t *calYear, jan1, last int) {
	i := len(c.jan1) - 1
	for i >= 0 && c.jan1[i] > z { // few years: a backward scan beats a search
		i--
	}
	if i >= 0 {
		if last := c.jan1[i] + daysInYear(c.years[i]) - 1; z <= last {
			return &c.tables[i], c.jan1[i], last
		}
	}
	year := dateFromDays(z).Year
	jan1 = daysFromCivil(year, 1, 1)
	return nil, jan1, jan1 + daysInYear(year) - 1
}

// work returns the number of working days in the day numbers (a, b], a < b.
// A day in a year the calendar does not know is an *OutOfRangeError naming
// the first such day, unless the calendar has the weekend fallback.
func (c *Calendar) work(a, b int) (int, error) {
	n := 0
	for a < b {
		t, jan1, last := c.yearAt(a + 1)
		end := min(b, last)
		switch {
		case t != nil:
			n += int(t.cum[end-jan1+1]) - int(t.cum[a-jan1+1])
		case c.fallback:
			n += weekdaysIn(a, end)
		default:
			return 0, c.outOfRange(dateFromDays(a + 1))
		}
		a = end
	}
	return n, nil
}

// nth finds the k-th (k >= 1) working day in the day numbers (a, b], a < b.
// If found, it returns its day number and left == 0; otherwise left is k less
// the working days in (a, b]. Errors as for work.
func (c *Calendar) nth(a, b, k int) (z, left int, err error) {
	for a < b {
		t, jan1, last := c.yearAt(a + 1)
		end := min(b, last)
		switch {
		case t != nil:
			base := int(t.cum[a-jan1+1])
			if int(t.cum[end-jan1+1])-base >= k {
				// the smallest day of year x with cum[x+1] >= base+k
				lo, hi := a-jan1+1, end-jan1 // x in [lo, hi]
				for lo < hi {
					mid := int(uint(lo+hi) >> 1)
					if int(t.cum[mid+1]) >= base+k {
						hi = mid
					} else {
						lo = mid + 1
					}
				}
				return jan1 + lo, 0, nil
			}
			k -= int(t.cum[end-jan1+1]) - base
		case c.fallback:
			if w := weekdaysIn(a, end); w < k {
				k -= w
				break
			}
			// Every 7 consecutive days hold 5 weekdays; walk the rest.
			q := (k - 1) / 5
			z, k = a+7*q, k-5*q
			for {
				z++
				if wd := weekdayOfDays(z); wd != int(time.Saturday) && wd != int(time.Sunday) {
					if k--; k == 0 {
						return z, 0, nil
					}
				}
			}
		default:
			return 0, 0, c.outOfRange(dateFromDays(a + 1))
		}
		a = end
	}
	return 0, k, nil
}

// weekdaysIn returns the number of days from Monday to Friday in the day
// numbers (a, b].
func weekdaysIn(a, b int) int {
	if b <= a {
		return 0
	}
	n := (b - a) / 7 * 5
	for z := a + (b-a)/7*7 + 1; z <= b; z++ {
		if wd := weekdayOfDays(z); wd != int(time.Saturday) && wd != int(time.Sunday) {
			n++
		}
	}
	return n
}

func (c *Calendar) table(year int) *calYear {
	if i, ok := slices.BinarySearch(c.years, year); ok {
		return &c.tables[i]
	}
	return nil
}

func (c *Calendar) outOfRange(d Date) error { return &OutOfRangeError{Date: d, known: c.years} }

func buildCalendar(base *Calendar, opts []CalendarOption) (*Calendar, error) {
	cfg := calendarConfig{loc: ShanghaiZone()}
	if base != nil {
		cfg.loc, cfg.fallback = base.loc, base.fallback
	}
	var errs []error
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			errs = append(errs, err)
		}
	}
	type built struct {
		year int
		tab  calYear
	}
	var added []built
	for _, y := range cfg.years {
		switch {
		case y.Year < 1 || y.Year > 9999:
			errs = append(errs, &CalendarError{Year: y.Year, Err: ErrInvalidYear,
				msg:   fmt.Sprintf("year %d is not between 1 and 9999", y.Year),
				msgZh: fmt.Sprintf("年份 %d 无效（应在 1 至 9999 之间）", y.Year)})
			continue
		case base != nil && base.Covers(y.Year):
			errs = append(errs, &CalendarError{Year: y.Year, Err: ErrDuplicateYear,
				msg:   fmt.Sprintf("year %d is already in the calendar and cannot be redefined", y.Year),
				msgZh: fmt.Sprintf("日历中已有 %d 年度的安排，不能重新定义", y.Year)})
			continue
		case slices.ContainsFunc(added, func(b built) bool { return b.year == y.Year }):
			errs = append(errs, &CalendarError{Year: y.Year, Err: ErrDuplicateYear,
				msg:   fmt.Sprintf("year %d is given more than once", y.Year),
				msgZh: fmt.Sprintf("%d 年度的安排重复给出", y.Year)})
			continue
		}
		tab, yerrs := buildYear(y)
		errs = append(errs, yerrs...)
		// Record the year even if invalid, so that a later duplicate is
		// reported as such.
		added = append(added, built{y.Year, tab})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	c := &Calendar{loc: cfg.loc, fallback: cfg.fallback}
	if base != nil {
		c.years = slices.Clone(base.years)
		c.tables = slices.Clone(base.tables)
	}
	for _, b := range added {
		i, _ := slices.BinarySearch(c.years, b.year)
		c.years = slices.Insert(c.years, i, b.year)
		c.tables = slices.Insert(c.tables, i, b.tab)
	}
	c.jan1 = make([]int, len(c.years))
	for i, y := range c.years {
		c.jan1[i] = daysFromCivil(y, 1, 1)
	}
	return c, nil
}

// buildYear validates one year's schedule and builds its table.
func buildYear(y Year) (calYear, []error) {
	var errs []error
	bad := func(sentinel error, en, zh string) {
		errs = append(errs, &CalendarError{Year: y.Year, Err: sentinel, msg: en, msgZh: zh})
	}
	checkDate := func(d Date, roleEn, roleZh string, holiday bool) bool {
		switch {
		case d.IsZero():
			bad(ErrInvalidDate, roleEn+" is missing", "缺少"+roleZh)
			return false
		case !d.valid():
			bad(ErrInvalidDate, fmt.Sprintf("%s %s is not a valid date", roleEn, d),
				fmt.Sprintf("%s %s 不是有效日期", roleZh, d))
			return false
		case d.Year != y.Year:
			hintEn, hintZh := "", ""
			if holiday {
				hintEn, hintZh = "; split a holiday spanning New Year between the two years", "；跨年的节假日应按年度拆分"
			}
			bad(ErrDateOutsideYear,
				fmt.Sprintf("%s %s is not in %d (list it under %d%s)", roleEn, d, y.Year, d.Year, hintEn),
				fmt.Sprintf("%s %s 不在 %d 年内（应列入 %d 年度%s）", roleZh, d, y.Year, d.Year, hintZh))
			return false
		}
		return true
	}

	ranges := make([]DateRange, 0, len(y.Holidays))
	for _, h := range y.Holidays {
		okFrom := checkDate(h.From, "holiday start", "节假日起始日", true)
		okTo := checkDate(h.To, "holiday end", "节假日结束日", true)
		if !okFrom || !okTo {
			continue
		}
		if h.To.Before(h.From) {
			bad(ErrInvertedRange,
				fmt.Sprintf("holiday %s–%s ends before it starts", h.From, h.To),
				fmt.Sprintf("节假日 %s 至 %s 的结束日早于起始日", h.From, h.To))
			continue
		}
		ranges = append(ranges, h)
	}
	workdays := make([]Date, 0, len(y.Workdays))
	for _, w := range y.Workdays {
		if !checkDate(w, "make-up working day", "调休上班日", false) {
			continue
		}
		ok := true
		if wd := w.Weekday(); wd != time.Saturday && wd != time.Sunday {
			bad(ErrMakeupNotWeekend,
				fmt.Sprintf("make-up working day %s is a %s, not a Saturday or Sunday", w, wd),
				fmt.Sprintf("调休上班日 %s 是%s，不是周六或周日", w, weekdayZh(wd)))
			ok = false
		}
		for _, h := range ranges {
			if !w.Before(h.From) && !w.After(h.To) {
				bad(ErrHolidayMakeupOverlap,
					fmt.Sprintf("make-up working day %s falls within holiday %s–%s", w, h.From, h.To),
					fmt.Sprintf("调休上班日 %s 落在节假日 %s 至 %s 之内", w, h.From, h.To))
				ok = false
			}
		}
		if ok {
			workdays = append(workdays, w)
		}
	}
	if len(errs) > 0 {
		return calYear{}, errs
	}

	var t calYear
	jan1 := daysFromCivil(y.Year, 1, 1)
	wd := weekdayOfDays(jan1)
	for doy := range daysInYear(y.Year) {
		if wd != int(time.Saturday) && wd != int(time.Sunday) {
			t.set(doy)
		}
		if wd++; wd == 7 {
			wd = 0
		}
	}
	for _, h := range ranges {
		for z := dayNumber(h.From); z <= dayNumber(h.To); z++ {
			t.clear(z - jan1)
		}
	}
	for _, w := range workdays {
		t.set(dayNumber(w) - jan1)
	}
	for doy := range 366 {
		t.cum[doy+1] = t.cum[doy]
		if t.isWork(doy) { // day 365 of a common year is never set
			t.cum[doy+1]++
		}
	}
	return t, nil
}

// Sentinel errors, wrapped by *CalendarError and *InputError; test with
// errors.Is.
var (
	ErrNilZone              = errors.New("efficiency: time zone is nil")
	ErrInvalidYear          = errors.New("efficiency: invalid year")
	ErrDuplicateYear        = errors.New("efficiency: year defined more than once")
	ErrDateOutsideYear      = errors.New("efficiency: date outside its year")
	ErrInvertedRange        = errors.New("efficiency: holiday ends before it starts")
	ErrMakeupNotWeekend     = errors.New("efficiency: make-up working day is not a weekend day")
	ErrHolidayMakeupOverlap = errors.New("efficiency: make-up working day within a holiday")
	ErrInvalidDate          = errors.New("efficiency: invalid date")
	ErrNegativeCount        = errors.New("efficiency: negative number of working days")
	ErrInvalidPause         = errors.New("efficiency: invalid pause")
	ErrSpanTooLong          = errors.New("efficiency: span exceeds 20 years")
)

// CalendarError is a problem in calendar data or options found by
// NewCalendar or Extend. Error returns English, MessageZh Simplified Chinese.
type CalendarError struct {
	Year int   // the year concerned; 0 if none (e.g. a nil zone)
	Err  error // the kind of problem, one of the ErrXxx sentinels

	msg, msgZh string
}

func (e *CalendarError) Error() string {
	prefix := "efficiency: calendar: "
	if e.Year != 0 {
		prefix = "efficiency: calendar year " + strconv.Itoa(e.Year) + ": "
	}
	switch {
	case e.msg != "":
		return prefix + e.msg
	case e.Err != nil:
		return prefix + strings.TrimPrefix(e.Err.Error(), "efficiency: ")
	}
	return prefix + "invalid calendar"
}

// MessageZh returns the message in Simplified Chinese.
func (e *CalendarError) MessageZh() string {
	prefix := "节假日日历："
	if e.Year != 0 {
		prefix = strconv.Itoa(e.Year) + " 年度节假日安排："
	}
	if e.msgZh != "" {
		return prefix + e.msgZh
	}
	return prefix + "数据无效"
}

func (e *CalendarError) Unwrap() error { return e.Err }

// OutOfRangeError reports a date whose year the calendar does not know, on a
// calendar without weekend fallback. Error returns English, MessageZh
// Simplified Chinese; both name the date and the known years.
type OutOfRangeError struct {
	Date Date

	known []int // the calendar's years, sorted (shared, read-only)
}

func (e *OutOfRangeError) Error() string {
	return "efficiency: " + e.Date.String() + " is outside the calendar's known years " +
		formatYears(e.known, ", ", "(none)") + " (add the year or choose WithWeekendFallback)"
}

// MessageZh returns the message in Simplified Chinese.
func (e *OutOfRangeError) MessageZh() string {
	return e.Date.String() + " 不在日历已收录的年份（" + formatYears(e.known, "、", "无") +
		"）内：请补充该年度的节假日安排，或选择仅按周末计算"
}

// InputError reports an invalid argument: a date that is missing or does not
// exist, a negative count, an invalid pause, a span over 20 years. Error
// returns English, MessageZh Simplified Chinese.
type InputError struct {
	Op  string // the function, e.g. "AddWorkdays"
	Err error  // the kind of problem, one of the ErrXxx sentinels

	msg, msgZh string
}

func (e *InputError) Error() string {
	msg := e.msg
	if msg == "" && e.Err != nil {
		msg = strings.TrimPrefix(e.Err.Error(), "efficiency: ")
	}
	return "efficiency: " + e.Op + ": " + msg
}

// MessageZh returns the message in Simplified Chinese.
func (e *InputError) MessageZh() string {
	if e.msgZh != "" {
		return e.msgZh
	}
	return "输入无效"
}

func (e *InputError) Unwrap() error { return e.Err }

// MessageZh returns the Simplified Chinese message of err: its MessageZh
// method if it has one, the Chinese messages of a joined error (as returned
// by NewCalendar) one per line, else the first MessageZh in its chain, else
// err.Error().
func MessageZh(err error) string {
	if err == nil {
		return ""
	}
	type zher interface{ MessageZh() string }
	if z, ok := err.(zher); ok {
		return z.MessageZh()
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var parts []string
		for _, e := range j.Unwrap() {
			if e != nil {
				parts = append(parts, MessageZh(e))
			}
		}
		return strings.Join(parts, "\n")
	}
	var z zher
	if errors.As(err, &z) {
		return z.MessageZh()
	}
	return err.Error()
}

func dateArgError(op, roleEn, roleZh string, pause int, d Date) error {
	en, zh := roleEn, roleZh
	if pause >= 0 {
		en = fmt.Sprintf("pauses[%d].%s", pause, roleEn)
		zh = fmt.Sprintf("第 %d 个中止期间的%s", pause+1, roleZh)
	}
	e := &InputError{Op: op, Err: ErrInvalidDate}
	if d.IsZero() {
		e.msg, e.msgZh = en+" is missing", "缺少"+zh
	} else {
		e.msg = fmt.Sprintf("%s %s is not a valid date", en, d)
		e.msgZh = fmt.Sprintf("%s %s 不是有效日期", zh, d)
	}
	return e
}

func negativeCountError(op string, n int) error {
	return &InputError{Op: op, Err: ErrNegativeCount,
		msg:   fmt.Sprintf("n is %d; the number of working days must not be negative", n),
		msgZh: fmt.Sprintf("工作日数不能为负数（收到 %d）", n)}
}

// formatYears formats sorted years compactly: "2025–2026, 2028".
func formatYears(years []int, sep, none string) string {
	if len(years) == 0 {
		return none
	}
	var b strings.Builder
	for i := 0; i < len(years); {
		j := i
		for j+1 < len(years) && years[j+1] == years[j]+1 {
			j++
		}
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(strconv.Itoa(years[i]))
		if j > i {
			b.WriteString("–")
			b.WriteString(strconv.Itoa(years[j]))
		}
		i = j + 1
	}
	return b.String()
}
