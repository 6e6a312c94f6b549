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
	if off, ok := knownOffset(loc); ok {
		if u := t.Unix(); -unixSafe < u && u < unixSafe {
			return dateFromDays(int(floorDiv64(u+off, secondsPerDay)))
		}
	}
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// secondsPerDay is the length of a civil day in a zone without leap seconds
// or offset changes.
const secondsPerDay = 86400

// unixSafe bounds the Unix times (about ±34,000 years) that DateOf, Start
// and End convert by arithmetic: their day numbers fit a 32-bit int and
// the fast day-number conversions below.
const unixSafe = 1 << 40

// knownOffset returns the offset from UTC of loc in seconds when it is one
// that never changes and is known without asking the zone: ShanghaiZone()
// (UTC+8) and UTC. For every other zone ok is false and callers take the
// general path through package time, which handles any zone exactly.
func knownOffset(loc *time.Location) (off int64, ok bool) {
	switch loc {
	case shanghaiZone:
		return 8 * 3600, true
	case time.UTC:
		return 0, true
	}
	return 0, false
}

// fastStart returns 00:00:00 of the day number z in loc as time.Date would
// build it, when loc has a known offset and z is in the fast range.
func fastStart(z int, loc *time.Location) (time.Time, bool) {
	off, ok := knownOffset(loc)
	if !ok || z <= -fastDays || z >= fastDays {
		return time.Time{}, false
	}
	return time.Unix(int64(z)*secondsPerDay-off, 0).In(loc), true
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
	if d.valid() {
		if t, ok := fastStart(dayNumber(d), loc); ok {
			return t
		}
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
	if loc == nil {
		loc = time.UTC
	}
	if d.valid() {
		if t, ok := fastStart(dayNumber(d)+1, loc); ok {
			return t.Add(-time.Nanosecond)
		}
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

// Day numbers: days since 1970-01-01 in the proleptic Gregorian calendar.
// Pure integer arithmetic, so the calendar's inner loops neither allocate
// nor consult time zones. Within ±fastDays (about ±400,000 years) the
// conversions use C. Neri and L. Schneider's Euclidean affine functions
// ("Euclidean affine functions and their application to calendar
// algorithms", 2022) on unsigned integers; outside it, and as the reference
// the tests hold them to, H. Hinnant's days_from_civil / civil_from_days.

func floorDiv(a, b int) int {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

func floorDiv64(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

const (
	// fastEras is how many 400-year eras the fast conversions shift dates
	// by, so that they compute on non-negative numbers.
	fastEras = 1 << 10
	// fastShift is the shifted count of day number 0 (1970-01-01): the
	// days from 0000-03-01 less fastEras eras.
	fastShift = 719468 + 146097*fastEras
	// fastDays bounds the day numbers, fastYears the years, the fast
	// conversions take (exclusive, either sign).
	fastDays  = 146097 * (fastEras - 2)
	fastYears = 400 * (fastEras - 2)
)

// daysFromCivil returns the day number of y-m-d for m in 1..12; d may be any
// integer (it is added linearly).
func daysFromCivil(y, m, d int) int {
	if y <= -fastYears || y >= fastYears {
		return daysFromCivilSlow(y, m, d)
	}
	yy, mm := uint64(y+400*fastEras), uint64(m)
	if m <= 2 { // the computational year starts on 1 March
		yy--
		mm += 12
	}
	c := yy / 100
	return int(1461*yy/4-c+c/4+(979*mm-2919)/32) + d - 1 - fastShift
}

// daysFromCivilSlow is daysFromCivil for any year (Hinnant).
func daysFromCivilSlow(y, m, d int) int {
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
	if d.Month >= time.January && d.Month <= time.December {
		return daysFromCivil(d.Year, int(d.Month), 1) + d.Day - 1
	}
	m := int(d.Month) - 1
	y := d.Year + floorDiv(m, 12)
	m -= floorDiv(m, 12) * 12
	return daysFromCivil(y, m+1, 1) + d.Day - 1
}

// dateFromDays returns the date of the day number z.
func dateFromDays(z int) Date {
	if z <= -fastDays || z >= fastDays {
		return dateFromDaysSlow(z)
	}
	n1 := 4*uint64(z+fastShift) + 3
	c := n1 / 146097               // century (of the shifted calendar)
	n2 := n1%146097/4*4 + 3        // 4 × day of the century + 3
	p2 := 2939745 * n2             // year of century in the high 32 bits,
	ny := uint32(p2) / 2939745 / 4 // day of the year (from 1 March) in the low
	n3 := 2141*ny + 197913         // month in the high 16 bits, day in the low
	y := int(100*c+p2>>32) - 400*fastEras
	m, d := int(n3>>16), int(n3&0xffff)/2141+1
	if ny >= 306 { // January or February: the next civil year
		y++
		m -= 12
	}
	return Date{y, time.Month(m), d}
}

// dateFromDaysSlow is dateFromDays for any day number (Hinnant).
func dateFromDaysSlow(z int) Date {
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
