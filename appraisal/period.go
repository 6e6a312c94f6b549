package appraisal

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// PeriodKind is how a [Period] was formed. The zero value is [UnknownPeriod].
type PeriodKind int

// The kinds of period.
const (
	UnknownPeriod PeriodKind = iota
	MonthPeriod              // 月度, id "2026-10"
	QuarterPeriod            // 季度, id "2026-Q4"
	YearPeriod               // 年度, id "2026"
	WindowPeriod             // an explicit window, id "2026-09-01..2026-10-31" (a campaign phase, say)
)

// Period is an appraisal period: a run of whole days, From through To
// inclusive, in the jurisdiction's zone. Build one with [Month], [Quarter],
// [Year], [Window] or [ParsePeriod]; the zero value is no period. A Period is
// a value: compare it with ==.
type Period struct {
	Kind     PeriodKind
	From, To efficiency.Date
}

// Month is the calendar month m of year y.
func Month(y int, m time.Month) Period {
	from := efficiency.NewDate(y, m, 1)
	return Period{Kind: MonthPeriod, From: from, To: efficiency.NewDate(y, m+1, 0)}
}

// Quarter is quarter q (1–4) of year y.
func Quarter(y, q int) Period {
	m := time.Month(3*(q-1) + 1)
	return Period{Kind: QuarterPeriod, From: efficiency.NewDate(y, m, 1), To: efficiency.NewDate(y, m+3, 0)}
}

// Year is the calendar year y.
func Year(y int) Period {
	return Period{Kind: YearPeriod, From: efficiency.NewDate(y, 1, 1), To: efficiency.NewDate(y, 12, 31)}
}

// Window is the days from through to, inclusive; to must not be before from.
func Window(from, to efficiency.Date) (Period, error) {
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return Period{}, &PeriodError{Input: from.String() + ".." + to.String()}
	}
	return Period{Kind: WindowPeriod, From: from, To: to}, nil
}

// PeriodError is a period id that [ParsePeriod] cannot read.
type PeriodError struct{ Input string }

func (e *PeriodError) Error() string {
	return fmt.Sprintf("appraisal: invalid period %q (want 2026-10, 2026-Q4, 2026 or 2026-09-01..2026-10-31)", e.Input)
}

// Message is the error in both languages.
func (e *PeriodError) Message() efficiency.Text {
	return efficiency.T(
		fmt.Sprintf("无效的考核期 %q（应为 2026-10、2026-Q4、2026 或 2026-09-01..2026-10-31）", e.Input),
		fmt.Sprintf("invalid period %q (want 2026-10, 2026-Q4, 2026 or 2026-09-01..2026-10-31)", e.Input))
}

// ParsePeriod reads a period id: "2026-10" (a month), "2026-Q4" (a quarter),
// "2026" (a year) or "2026-09-01..2026-10-31" (a window).
func ParsePeriod(s string) (Period, error) {
	bad := &PeriodError{Input: s}
	if from, to, ok := strings.Cut(s, ".."); ok {
		f, err1 := efficiency.ParseDate(from)
		t, err2 := efficiency.ParseDate(to)
		if err1 != nil || err2 != nil {
			return Period{}, bad
		}
		p, err := Window(f, t)
		if err != nil {
			return Period{}, bad
		}
		return p, nil
	}
	year := func(s string) (int, bool) {
		if len(s) != 4 {
			return 0, false
		}
		y, err := strconv.Atoi(s)
		return y, err == nil && y > 0
	}
	switch {
	case len(s) == 4:
		if y, ok := year(s); ok {
			return Year(y), nil
		}
	case len(s) == 7 && s[4] == '-' && s[5] == 'Q':
		y, ok := year(s[:4])
		q, err := strconv.Atoi(s[6:])
		if ok && err == nil && q >= 1 && q <= 4 {
			return Quarter(y, q), nil
		}
	case len(s) == 7 && s[4] == '-':
		y, ok := year(s[:4])
		m, err := strconv.Atoi(s[5:])
		if ok && err == nil && m >= 1 && m <= 12 && s[5] != '+' && s[5] != '-' {
			return Month(y, time.Month(m)), nil
		}
	}
	return Period{}, bad
}

// ID is the period's id, which [ParsePeriod] reads back.
func (p Period) ID() string {
	switch p.Kind {
	case MonthPeriod:
		return fmt.Sprintf("%04d-%02d", p.From.Year, int(p.From.Month))
	case QuarterPeriod:
		return fmt.Sprintf("%04d-Q%d", p.From.Year, (int(p.From.Month)-1)/3+1)
	case YearPeriod:
		return fmt.Sprintf("%04d", p.From.Year)
	case WindowPeriod:
		return p.From.String() + ".." + p.To.String()
	}
	return ""
}

func (p Period) String() string { return p.ID() }

// Name is the period as people write it: 2026年10月 / October 2026.
func (p Period) Name() efficiency.Text {
	switch p.Kind {
	case MonthPeriod:
		return efficiency.T(fmt.Sprintf("%d年%d月", p.From.Year, int(p.From.Month)),
			fmt.Sprintf("%s %d", p.From.Month, p.From.Year))
	case QuarterPeriod:
		q := (int(p.From.Month)-1)/3 + 1
		return efficiency.T(fmt.Sprintf("%d年第%d季度", p.From.Year, q), fmt.Sprintf("Q%d %d", q, p.From.Year))
	case YearPeriod:
		return efficiency.T(fmt.Sprintf("%d年度", p.From.Year), fmt.Sprintf("%d", p.From.Year))
	case WindowPeriod:
		return efficiency.T(p.From.String()+" 至 "+p.To.String(), p.From.String()+" to "+p.To.String())
	}
	return efficiency.Text{}
}

// Start is the period's first instant in loc.
func (p Period) Start(loc *time.Location) time.Time { return p.From.Start(loc) }

// End is the period's last instant in loc (23:59:59.999999999 of its last day).
func (p Period) End(loc *time.Location) time.Time { return p.To.End(loc) }

// Contains reports whether t falls within the period, in loc.
func (p Period) Contains(t time.Time, loc *time.Location) bool {
	if t.IsZero() {
		return false
	}
	d := efficiency.DateOf(t, loc)
	return !d.Before(p.From) && !d.After(p.To)
}

// Previous is the period just before p: the month, quarter or year before,
// or for a window the window of the same length that ends the day before it.
func (p Period) Previous() Period {
	switch p.Kind {
	case MonthPeriod:
		return Month(p.From.Year, p.From.Month-1)
	case QuarterPeriod:
		q := (int(p.From.Month)-1)/3 + 1
		if q == 1 {
			return Quarter(p.From.Year-1, 4)
		}
		return Quarter(p.From.Year, q-1)
	case YearPeriod:
		return Year(p.From.Year - 1)
	case WindowPeriod:
		n := p.From.DaysUntil(p.To)
		to := p.From.AddDays(-1)
		return Period{Kind: WindowPeriod, From: to.AddDays(-n), To: to}
	}
	return Period{}
}
