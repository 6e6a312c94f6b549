package efficiency

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a civil date in a jurisdiction's calendar, without a time zone.
// The zero value is "no date" (see IsZero).
//
// A Date built with NewDate, DateOf or ParseDate is always valid (normalised).
// A Date literal such as Date{2026, time.February, 30} is not; the calendar
// functions reject such dates instead of silently moving them.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// shanghaiZone is immutable; it is created once so every caller shares it.
var shanghaiZone = time.FixedZone("Asia/Shanghai", 8*3600)

// ShanghaiZone is Asia/Shanghai as a fixed UTC+8 zone (China has observed no
// daylight saving time since 1991), built without reading the OS zone
// database.
func ShanghaiZone() *time.Location { return shanghaiZone }

// NewDate returns the date y-m-d, normalised like time.Date: October 32
// becomes November 1, month 13 becomes January of the next year, day 0 the
// last day of the previous month.
func NewDate(y int, m time.Month, d int) Date {
	return dateFromDays(dayNumber(Date{y, m, d}))
}

// DateOf returns the civil date of the instant t in loc (nil means UTC).
// The zero time.Time gives the zero Date.
func DateOf(t time.Time, loc *time.Location) Date {
	if t.IsZero() {
		return Date{}
	}
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// ParseDate parses a date in the form "2026-10-01" (YYYY-MM-DD, years
// 0000–9999). The error is an *InputError wrapping ErrInvalidDate and names
// the input.
func ParseDate(s string) (Date, error) { return parseDate("ParseDate", s) }

// String returns the date as "2026-10-01". The zero Date gives "0000-00-00".
func (d Date) String() string {
	var buf [24]byte
	return string(d.appendText(buf[:0]))
}

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d == Date{} }

// AddDays returns the date n calendar days after d (before d if n < 0).
// AddDays on the zero Date returns the zero Date.
func (d Date) AddDays(n int) Date {
	if d.IsZero() {
		return d
	}
	return dateFromDays(dayNumber(d) + n)
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return time.Weekday(weekdayOfDays(dayNumber(d))) }

// Compare returns -1 if d is before e, 0 if they are the same date and +1 if
// d is after e. The zero Date sorts before every valid date.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// DaysUntil returns the number of calendar days from d to e: 1 if e is the
// day after d, negative if e is before d.
func (d Date) DaysUntil(e Date) int { return dayNumber(e) - dayNumber(d) }

// Start returns 00:00:00 of d in loc (nil means UTC). The zero Date gives
// the zero time.Time.
func (d Date) Start(loc *time.Location) time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// End returns the last instant of d in loc, 23:59:59.999999999 ("through the
// end of the day"); nil means UTC. It is one nanosecond before the start of
// the next day. The zero Date gives the zero time.Time.
func (d Date) End(loc *time.Location) time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return d.AddDays(1).Start(loc).Add(-time.Nanosecond)
}

// MarshalText encodes d as "2026-10-01", so that JSON and YAML carry dates
// in that form. The zero Date encodes as the empty string. A Date that is not
// valid, or whose year is outside 0000–9999, is an error.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	if !d.valid() || d.Year < 0 || d.Year > 9999 {
		return nil, &InputError{
			Op:    "Date.MarshalText",
			Err:   ErrInvalidDate,
			msg:   d.String() + " is not a valid date in 0000–9999",
			msgZh: d.String() + " 不是 0000–9999 年间的有效日期",
		}
	}
	return d.appendText(make([]byte, 0, 10)), nil
}

// UnmarshalText decodes a date in the form "2026-10-01". The empty string
// decodes as the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := parseDate("Date.UnmarshalText", string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// valid reports whether d names an existing day (the zero Date does not).
func (d Date) valid() bool {
	return d.Month >= time.January && d.Month <= time.December &&
		d.Day >= 1 && d.Day <= daysInMonth(d.Year, d.Month)
}

func (d Date) appendText(b []byte) []byte {
	if d.Year >= 0 && d.Year <= 9999 {
		y := d.Year
		b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
	} else {
		b = strconv.AppendInt(b, int64(d.Year), 10)
	}
	b = append(b, '-')
	b = append2(b, int(d.Month))
	b = append(b, '-')
	return append2(b, d.Day)
}

func append2(b []byte, v int) []byte {
	if v < 0 || v > 99 {
		return strconv.AppendInt(b, int64(v), 10)
	}
	return append(b, byte('0'+v/10), byte('0'+v%10))
}

func parseDate(op, s string) (Date, error) {
	fail := func(en, zh string) (Date, error) {
		q := s
		if len(q) > 40 {
			q = q[:40] + "…"
		}
		return Date{}, &InputError{
			Op:    op,
			Err:   ErrInvalidDate,
			msg:   fmt.Sprintf("%q is not a valid date: %s", q, en),
			msgZh: fmt.Sprintf("“%s”不是有效日期：%s", q, zh),
		}
	}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return fail("want the form YYYY-MM-DD, e.g. 2026-10-01", "格式应为 YYYY-MM-DD，例如 2026-10-01")
	}
	y, ok1 := parseDigits(s[0:4])
	m, ok2 := parseDigits(s[5:7])
	d, ok3 := parseDigits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return fail("want the form YYYY-MM-DD, e.g. 2026-10-01", "格式应为 YYYY-MM-DD，例如 2026-10-01")
	}
	if m < 1 || m > 12 {
		return fail(fmt.Sprintf("there is no month %02d", m), fmt.Sprintf("不存在 %d 月", m))
	}
	if n := daysInMonth(y, time.Month(m)); d < 1 || d > n {
		if d < 1 {
			return fail("there is no day 00", "不存在 0 日")
		}
		return fail(fmt.Sprintf("%s %d has %d days", time.Month(m), y, n),
			fmt.Sprintf("%d 年 %d 月只有 %d 天", y, m, n))
	}
	return Date{y, time.Month(m), d}, nil
}

func parseDigits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Day numbers: days since 1970-01-01 in the proleptic Gregorian calendar
// (H. Hinnant's days_from_civil / civil_from_days). Pure integer arithmetic,
// so the calendar's inner loops neither allocate nor consult time zones.

func floorDiv(a, b int) int {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// daysFromCivil returns the day number of y-m-d for m in 1..12; d may be any
// integer (it is added linearly).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// dayNumber returns the day number of d, normalising out-of-range months and
// days the way time.Date does.
func dayNumber(d Date) int {
	m := int(d.Month) - 1
	y := d.Year + floorDiv(m, 12)
	m -= floorDiv(m, 12) * 12
	return daysFromCivil(y, m+1, 1) + d.Day - 1
}

func dateFromDays(z int) Date {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{y, time.Month(m), d}
}

// weekdayOfDays returns the weekday (0 = Sunday) of a day number;
// 1970-01-01 was a Thursday.
func weekdayOfDays(z int) int {
	w := (z + 4) % 7
	if w < 0 {
		w += 7
	}
	return w
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysInYear(y int) int {
	if isLeap(y) {
		return 366
	}
	return 365
}

func daysInMonth(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// weekdayZh returns the Chinese name of a weekday, e.g. 星期五.
func weekdayZh(w time.Weekday) string {
	switch w {
	case time.Sunday:
		return "星期日"
	case time.Monday:
		return "星期一"
	case time.Tuesday:
		return "星期二"
	case time.Wednesday:
		return "星期三"
	case time.Thursday:
		return "星期四"
	case time.Friday:
		return "星期五"
	case time.Saturday:
		return "星期六"
	}
	return "星期?"
}
