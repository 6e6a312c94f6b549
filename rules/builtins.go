package rules

import (
	"fmt"
	"time"

	"github.com/expr-lang/expr"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// Builtin documents one function conditions may call beyond expr's own.
type Builtin struct {
	Name      string
	Signature string
	Doc       efficiency.Text
}

// Builtins lists the functions the rule set adds to expr's language. expr's
// wall-clock and OS-zone functions (now, date, timezone) are not available:
// the evaluation time is `at`.
func Builtins() []Builtin {
	return append([]Builtin{
		{"workdays", "workdays(from, to time) int", efficiency.T(
			"from 之后到 to（含）之间的工作日数，按辖区日历与时区计算", "working days after from, up to and including to, in the jurisdiction's calendar and zone")},
		{"add_workdays", "add_workdays(t time, n int) time", efficiency.T(
			"t 之后第 n 个工作日的 23:59:59（当地时间）", "23:59:59 local time of the n-th working day after t")},
		{"is_workday", "is_workday(t time) bool", efficiency.T("t 所在日是否工作日", "whether the day of t is a working day")},
		{"date", `date("2026-10-01") time`, efficiency.T("该日 00:00（当地时间）", "00:00 local time of that day")},
		{"month", `month(t time) string`, efficiency.T(
			"t 所在的月份，如 \"2026-10\"（当地时间），用作周期性规则的 occurrence", `the month of t, such as "2026-10" (local time), for a periodic rule's occurrence`)},
		{"end_of_day", `end_of_day("2026-09-30") time`, efficiency.T(
			"该日 23:59:59（当地时间），用于“截至某日”", `23:59:59 local time of that day, for "until the end of" a day`)},
	}, campaignBuiltinDocs()...)
}

// builtins binds the functions to a calendar.
func builtins(cal *efficiency.Calendar) []expr.Option {
	loc := cal.Location()
	day := func(t time.Time) efficiency.Date { return efficiency.DateOf(t, loc) }
	parse := func(name string, v any) (efficiency.Date, error) {
		s, _ := v.(string)
		d, err := efficiency.ParseDate(s)
		if err != nil {
			return d, fmt.Errorf("%s(%q): want a date such as \"2026-10-01\"", name, s)
		}
		return d, nil
	}
	return []expr.Option{
		expr.DisableBuiltin("now"),
		expr.DisableBuiltin("date"),
		expr.DisableBuiltin("timezone"),
		expr.Function("workdays", func(p ...any) (any, error) {
			return cal.WorkdaysBetween(day(p[0].(time.Time)), day(p[1].(time.Time)))
		}, new(func(time.Time, time.Time) int)),
		expr.Function("add_workdays", func(p ...any) (any, error) {
			d, err := cal.AddWorkdays(day(p[0].(time.Time)), p[1].(int))
			if err != nil {
				return nil, err
			}
			return d.End(loc), nil
		}, new(func(time.Time, int) time.Time)),
		expr.Function("month", func(p ...any) (any, error) {
			return p[0].(time.Time).In(loc).Format("2006-01"), nil
		}, new(func(time.Time) string)),
		expr.Function("is_workday", func(p ...any) (any, error) {
			return cal.IsWorkday(day(p[0].(time.Time)))
		}, new(func(time.Time) bool)),
		expr.Function("date", func(p ...any) (any, error) {
			d, err := parse("date", p[0])
			if err != nil {
				return nil, err
			}
			return d.Start(loc), nil
		}, new(func(string) time.Time)),
		expr.Function("end_of_day", func(p ...any) (any, error) {
			d, err := parse("end_of_day", p[0])
			if err != nil {
				return nil, err
			}
			return d.End(loc), nil
		}, new(func(string) time.Time)),
	}
}
