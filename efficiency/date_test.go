package efficiency_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

func civil(y int, m time.Month, d int) efficiency.Date {
	return efficiency.Date{Year: y, Month: m, Day: d}
}

func TestNewDateNormalisesLikeTimeDate(t *testing.T) {
	cases := []struct {
		y int
		m time.Month
		d int
	}{
		{2026, time.October, 1},
		{2026, time.October, 32},
		{2026, time.February, 29},
		{2024, time.February, 29},
		{2026, time.January, 0},
		{2026, 13, 1},
		{2026, 0, 1},
		{2026, -11, 15},
		{2026, 25, -40},
		{2000, time.March, 0},
		{1900, time.March, 0},
		{0, time.January, 1},
		{-1, time.December, 31},
		{2026, time.January, 400},
	}
	for _, c := range cases {
		want := time.Date(c.y, c.m, c.d, 0, 0, 0, 0, time.UTC)
		got := efficiency.NewDate(c.y, c.m, c.d)
		assert.Equal(t, civil(want.Year(), want.Month(), want.Day()), got, "NewDate(%d, %d, %d)", c.y, c.m, c.d)
	}
}

func TestDateArithmeticMatchesTimePackage(t *testing.T) {
	// Walk every day from 1890 to 2110 and compare with package time.
	tm := time.Date(1890, time.January, 1, 0, 0, 0, 0, time.UTC)
	origin := efficiency.NewDate(1890, time.January, 1)
	d := origin
	for i := 0; tm.Year() < 2110; i++ {
		want := civil(tm.Year(), tm.Month(), tm.Day())
		if d != want {
			t.Fatalf("AddDays walk: day %d is %s, want %s", i, d, want)
		}
		if d.Weekday() != tm.Weekday() {
			t.Fatalf("%s.Weekday() = %s, want %s", d, d.Weekday(), tm.Weekday())
		}
		if got := origin.DaysUntil(d); got != i {
			t.Fatalf("%s.DaysUntil(%s) = %d, want %d", origin, d, got, i)
		}
		if got := origin.AddDays(i); got != d {
			t.Fatalf("%s.AddDays(%d) = %s, want %s", origin, i, got, d)
		}
		if got := d.AddDays(-i); got != origin {
			t.Fatalf("%s.AddDays(%d) = %s, want %s", d, -i, got, origin)
		}
		tm = tm.AddDate(0, 0, 1)
		d = d.AddDays(1)
	}
}

func TestDateBasics(t *testing.T) {
	d := civil(2026, time.October, 1)
	assert.Equal(t, "2026-10-01", d.String())
	assert.Equal(t, "0000-00-00", efficiency.Date{}.String())
	assert.Equal(t, "0987-01-02", civil(987, time.January, 2).String())
	assert.True(t, efficiency.Date{}.IsZero())
	assert.False(t, d.IsZero())
	assert.True(t, efficiency.Date{}.AddDays(5).IsZero(), "AddDays on the zero Date")
	assert.Equal(t, time.Thursday, d.Weekday())
	assert.Equal(t, civil(2026, time.September, 30), d.AddDays(-1))
	assert.Equal(t, civil(2027, time.January, 1), civil(2026, time.December, 31).AddDays(1))
	assert.Equal(t, 365, civil(2026, time.January, 1).DaysUntil(civil(2027, time.January, 1)))
	assert.Equal(t, -1, d.DaysUntil(civil(2026, time.September, 30)))

	e := civil(2026, time.October, 2)
	assert.True(t, d.Before(e))
	assert.False(t, e.Before(d))
	assert.True(t, e.After(d))
	assert.False(t, d.After(d))
	assert.Equal(t, -1, d.Compare(e))
	assert.Equal(t, 1, e.Compare(d))
	assert.Equal(t, 0, d.Compare(d))
	assert.Equal(t, 1, civil(2026, time.November, 1).Compare(civil(2026, time.October, 31)))
	assert.Equal(t, -1, civil(2025, time.December, 31).Compare(civil(2026, time.January, 1)))
	assert.True(t, efficiency.Date{}.Before(d), "the zero Date sorts first")
}

func TestShanghaiZone(t *testing.T) {
	loc := efficiency.ShanghaiZone()
	require.NotNil(t, loc)
	assert.Same(t, loc, efficiency.ShanghaiZone(), "ShanghaiZone is created once")
	assert.Equal(t, "Asia/Shanghai", loc.String())
	name, off := time.Date(2026, time.July, 1, 0, 0, 0, 0, loc).Zone()
	assert.Equal(t, "Asia/Shanghai", name)
	assert.Equal(t, 8*3600, off)
}

func TestDateOf(t *testing.T) {
	sh := efficiency.ShanghaiZone()
	cases := []struct {
		instant string
		loc     *time.Location
		want    efficiency.Date
	}{
		{"2026-09-30T16:30:00Z", sh, civil(2026, time.October, 1)},
		{"2026-09-30T16:30:00Z", time.UTC, civil(2026, time.September, 30)},
		{"2026-09-30T16:30:00Z", nil, civil(2026, time.September, 30)},
		{"2026-09-30T15:59:59.999999999Z", sh, civil(2026, time.September, 30)},
		{"2026-09-30T16:00:00Z", sh, civil(2026, time.October, 1)},
		{"2025-12-31T16:00:00Z", sh, civil(2026, time.January, 1)},
		{"2026-10-01T00:30:00+08:00", time.UTC, civil(2026, time.September, 30)},
	}
	for _, c := range cases {
		tm, err := time.Parse(time.RFC3339Nano, c.instant)
		require.NoError(t, err)
		assert.Equal(t, c.want, efficiency.DateOf(tm, c.loc), "DateOf(%s, %v)", c.instant, c.loc)
	}
	assert.True(t, efficiency.DateOf(time.Time{}, sh).IsZero(), "DateOf(zero time)")
}

func TestStartEnd(t *testing.T) {
	sh := efficiency.ShanghaiZone()
	d := civil(2026, time.October, 1)

	start := d.Start(sh)
	assert.True(t, start.Equal(time.Date(2026, time.September, 30, 16, 0, 0, 0, time.UTC)), "Start = %s", start)
	end := d.End(sh)
	assert.True(t, end.Equal(time.Date(2026, time.October, 1, 15, 59, 59, 999999999, time.UTC)), "End = %s", end)
	h, m, s := end.In(sh).Clock()
	assert.Equal(t, [4]int{23, 59, 59, 999999999}, [4]int{h, m, s, end.Nanosecond()})
	assert.Equal(t, d, efficiency.DateOf(start, sh))
	assert.Equal(t, d, efficiency.DateOf(end, sh))
	assert.Equal(t, d.AddDays(1), efficiency.DateOf(end.Add(time.Nanosecond), sh))

	// Month and year ends.
	assert.True(t, civil(2026, time.December, 31).End(time.UTC).Equal(time.Date(2027, time.January, 1, 0, 0, 0, 0, time.UTC).Add(-1)))
	assert.Equal(t, time.UTC, d.Start(nil).Location(), "nil means UTC")

	assert.True(t, efficiency.Date{}.Start(sh).IsZero())
	assert.True(t, efficiency.Date{}.End(sh).IsZero())
}

func TestParseDate(t *testing.T) {
	good := []struct {
		in   string
		want efficiency.Date
	}{
		{"2026-10-01", civil(2026, time.October, 1)},
		{"2024-02-29", civil(2024, time.February, 29)},
		{"2000-02-29", civil(2000, time.February, 29)},
		{"0001-01-01", civil(1, time.January, 1)},
		{"9999-12-31", civil(9999, time.December, 31)},
	}
	for _, c := range good {
		got, err := efficiency.ParseDate(c.in)
		require.NoError(t, err, "ParseDate(%q)", c.in)
		assert.Equal(t, c.want, got, "ParseDate(%q)", c.in)
	}

	bad := []struct {
		in, wantMsg, wantZh string
	}{
		{"", `efficiency: ParseDate: "" is not a valid date: want the form YYYY-MM-DD, e.g. 2026-10-01`, "格式应为 YYYY-MM-DD"},
		{"2026-1-01", `"2026-1-01" is not a valid date: want the form YYYY-MM-DD`, "“2026-1-01”不是有效日期"},
		{"2026/10/01", `"2026/10/01" is not a valid date`, "格式应为"},
		{"26-10-01xx", `"26-10-01xx" is not a valid date`, "格式应为"},
		{"2026-1a-01", `"2026-1a-01" is not a valid date`, "格式应为"},
		{"+026-10-01", `"+026-10-01" is not a valid date`, "格式应为"},
		{"2026-10-01T00:00:00Z", `"2026-10-01T00:00:00Z" is not a valid date`, "格式应为"},
		{"2026-13-01", `"2026-13-01" is not a valid date: there is no month 13`, "不存在 13 月"},
		{"2026-00-10", `there is no month 00`, "不存在 0 月"},
		{"2026-02-29", `"2026-02-29" is not a valid date: February 2026 has 28 days`, "2026 年 2 月只有 28 天"},
		{"1900-02-29", `February 1900 has 28 days`, "1900 年 2 月只有 28 天"},
		{"2026-04-31", `April 2026 has 30 days`, "2026 年 4 月只有 30 天"},
		{"2026-10-00", `there is no day 00`, "不存在 0 日"},
		{"2026-10-32", `October 2026 has 31 days`, "2026 年 10 月只有 31 天"},
		{strings.Repeat("9", 100), `"` + strings.Repeat("9", 40) + `…" is not a valid date`, "格式应为"},
	}
	for _, c := range bad {
		_, err := efficiency.ParseDate(c.in)
		require.Error(t, err, "ParseDate(%q)", c.in)
		assert.ErrorIs(t, err, efficiency.ErrInvalidDate, "ParseDate(%q)", c.in)
		var ie *efficiency.InputError
		require.ErrorAs(t, err, &ie, "ParseDate(%q)", c.in)
		assert.Equal(t, "ParseDate", ie.Op)
		assert.Contains(t, err.Error(), c.wantMsg, "ParseDate(%q)", c.in)
		assert.Contains(t, ie.MessageZh(), c.wantZh, "ParseDate(%q) MessageZh", c.in)
		assert.Equal(t, ie.MessageZh(), efficiency.MessageZh(err))
	}
}

func TestDateTextRoundTrip(t *testing.T) {
	type record struct {
		Accepted efficiency.Date  `json:"accepted" yaml:"accepted"`
		Closed   efficiency.Date  `json:"closed" yaml:"closed"`
		Optional *efficiency.Date `json:"optional,omitempty" yaml:"optional,omitempty"`
	}
	opt := civil(2024, time.February, 29)
	in := record{Accepted: civil(2026, time.September, 30), Optional: &opt}

	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{"accepted":"2026-09-30","closed":"","optional":"2024-02-29"}`, string(b))
	var out record
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, in, out)

	y, err := yaml.Marshal(in)
	require.NoError(t, err)
	assert.Contains(t, string(y), "accepted: \"2026-09-30\"")
	var outY record
	require.NoError(t, yaml.Unmarshal(y, &outY))
	assert.Equal(t, in, outY)
	// Unquoted YAML dates (which YAML would otherwise read as timestamps).
	var plain record
	require.NoError(t, yaml.Unmarshal([]byte("accepted: 2026-09-30\nclosed: 2026-10-10\n"), &plain))
	assert.Equal(t, record{Accepted: civil(2026, time.September, 30), Closed: civil(2026, time.October, 10)}, plain)

	// Every day of 2024 round-trips through text.
	for d := civil(2024, time.January, 1); d.Year == 2024; d = d.AddDays(1) {
		txt, err := d.MarshalText()
		require.NoError(t, err)
		var back efficiency.Date
		require.NoError(t, back.UnmarshalText(txt))
		require.Equal(t, d, back, "round trip of %s", d)
	}

	var zero efficiency.Date
	txt, err := zero.MarshalText()
	require.NoError(t, err)
	assert.Empty(t, txt)
	d := civil(2026, time.May, 5)
	require.NoError(t, d.UnmarshalText(nil))
	assert.True(t, d.IsZero(), "empty text decodes as the zero Date")

	err = json.Unmarshal([]byte(`{"accepted":"2026-02-30"}`), &out)
	require.Error(t, err)
	assert.ErrorIs(t, err, efficiency.ErrInvalidDate)
	assert.Contains(t, err.Error(), `"2026-02-30"`)

	for _, bad := range []efficiency.Date{civil(2026, time.February, 30), civil(2026, 13, 1), civil(10000, time.January, 1), civil(-1, time.January, 1)} {
		_, err := bad.MarshalText()
		assert.ErrorIs(t, err, efficiency.ErrInvalidDate, "MarshalText(%s)", bad)
		var ie *efficiency.InputError
		if assert.True(t, errors.As(err, &ie)) {
			assert.NotEmpty(t, ie.MessageZh())
		}
	}
}
