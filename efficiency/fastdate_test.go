package efficiency

import (
	"testing"
	"time"
)

// prng is a small deterministic generator (splitmix64), so that the
// differential tests see the same inputs on every run.
type prng uint64

func (s *prng) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// between returns a number in [lo, hi].
func (s *prng) between(lo, hi int64) int64 {
	return lo + int64(s.next()%uint64(hi-lo+1))
}

// TestDayNumbersFastAgreesWithHinnant holds the fast day-number conversions
// to Hinnant's: every day of more than a 400-year cycle around 1970, random
// days across the fast range and the days at its edges, where the fast path
// hands over to the slow one.
func TestDayNumbersFastAgreesWithHinnant(t *testing.T) {
	check := func(z int) {
		t.Helper()
		want := dateFromDaysSlow(z)
		if got := dateFromDays(z); got != want {
			t.Fatalf("dateFromDays(%d) = %v, want %v", z, got, want)
		}
		if got, want := daysFromCivil(want.Year, int(want.Month), want.Day), daysFromCivilSlow(want.Year, int(want.Month), want.Day); got != want || got != z {
			t.Fatalf("daysFromCivil(%v) = %d, slow %d, want %d", want, got, want, z)
		}
		if got := dayNumber(want); got != z {
			t.Fatalf("dayNumber(%v) = %d, want %d", want, got, z)
		}
	}
	for z := -200_000; z <= 200_000; z++ { // 1422 to 2517
		check(z)
	}
	r := prng(1)
	for range 200_000 {
		check(int(r.between(-fastDays-1000, fastDays+1000)))
	}
	for _, edge := range []int{-fastDays, fastDays, -fastShift, 0, -719468} {
		for z := edge - 800; z <= edge+800; z++ {
			check(z)
		}
	}
	// Linear days and far years agree too (the day is added as it is).
	for range 100_000 {
		y, m, d := int(r.between(-fastYears-100, fastYears+100)), int(r.between(1, 12)), int(r.between(-1000, 1000))
		if got, want := daysFromCivil(y, m, d), daysFromCivilSlow(y, m, d); got != want {
			t.Fatalf("daysFromCivil(%d, %d, %d) = %d, want %d", y, m, d, got, want)
		}
	}
}

// testZones are the zones the fast paths know (ShanghaiZone, UTC, nil) and
// ones they do not, which take the general path.
func testZones() []*time.Location {
	return []*time.Location{
		ShanghaiZone(), time.UTC, nil,
		time.FixedZone("CST", 8*3600), // +08:00 but not ShanghaiZone()
		time.FixedZone("minus", -(9*3600 + 30*60)),
		time.FixedZone("odd", 13*3600+45*60+7),
		time.FixedZone("UTC", 0), // named UTC, not time.UTC
	}
}

// randomInstant returns instants around +08:00 midnights (to the
// nanosecond), negative Unix times, far times at the edge of the fast
// range and beyond it, in assorted zones of their own.
func randomInstant(r *prng, zones []*time.Location) time.Time {
	var sec, nsec int64
	switch r.next() % 6 {
	case 0: // near a Shanghai midnight, 1900–2300
		sec = r.between(-25_000, 120_000)*secondsPerDay - 8*3600 + r.between(-2, 2)
		nsec = []int64{0, 1, 999_999_999, r.between(0, 999_999_999)}[r.next()%4]
	case 1: // near a UTC or other midnight
		sec = r.between(-25_000, 120_000)*secondsPerDay + r.between(-3, 3)*3600 + r.between(-1, 1)
		nsec = r.between(0, 999_999_999)
	case 2: // any time 1949–2200
		sec = r.between(-662_688_000, 7_289_654_400)
		nsec = r.between(0, 999_999_999)
	case 3: // negative Unix times far back
		sec = -r.between(0, 1<<38)
		nsec = r.between(0, 999_999_999)
	case 4: // at the edge of the fast range
		sec = []int64{-unixSafe, unixSafe}[r.next()%2] + r.between(-200_000, 200_000)
	default: // far outside it
		sec = r.between(-1<<55, 1<<55)
	}
	t := time.Unix(sec, nsec)
	if loc := zones[r.next()%uint64(len(zones))]; loc != nil {
		t = t.In(loc)
	} else {
		t = t.UTC()
	}
	return t
}

// TestDateOfAgreesWithTimePackage: DateOf's arithmetic for the known zones
// gives exactly the date package time gives, for any instant and zone.
func TestDateOfAgreesWithTimePackage(t *testing.T) {
	zones := testZones()
	r := prng(2)
	for range 300_000 {
		tm := randomInstant(&r, zones)
		loc := zones[r.next()%uint64(len(zones))]
		ref := loc
		if ref == nil {
			ref = time.UTC
		}
		y, m, d := tm.In(ref).Date()
		if got, want := DateOf(tm, loc), (Date{y, m, d}); got != want {
			t.Fatalf("DateOf(%s (Unix %d), %v) = %v, want %v", tm.Format(time.RFC3339Nano), tm.Unix(), loc, got, want)
		}
	}
	// The smallest and largest instants package time represents.
	for _, tm := range []time.Time{time.Unix(-1<<63, 0), time.Unix(1<<63-1, 999_999_999), time.Unix(-62135596800, 1)} {
		for _, loc := range zones {
			ref := loc
			if ref == nil {
				ref = time.UTC
			}
			y, m, d := tm.In(ref).Date()
			if got, want := DateOf(tm, loc), (Date{y, m, d}); got != want {
				t.Errorf("DateOf(%v, %v) = %v, want %v", tm, loc, got, want)
			}
		}
	}
}

// TestStartEndAgreeWithTimeDate: Start and End built by arithmetic are the
// very time.Time values (==, not only Equal) that time.Date builds, for
// valid and invalid dates, near and far years, in every zone.
func TestStartEndAgreeWithTimeDate(t *testing.T) {
	zones := testZones()
	r := prng(3)
	for i := range 200_000 {
		var d Date
		switch i % 4 {
		case 0:
			d = dateFromDays(int(r.between(-30_000, 120_000)))
		case 1:
			d = dateFromDays(int(r.between(-fastDays-1000, fastDays+1000)))
		case 2: // invalid or unnormalised dates
			d = Date{int(r.between(-3000, 3000)), time.Month(r.between(-15, 15)), int(r.between(-40, 40))}
		default: // at the edge of the fast range
			d = dateFromDays([]int{-fastDays, fastDays}[r.next()%2] + int(r.between(-3, 3)))
		}
		if d.IsZero() {
			continue
		}
		loc := zones[r.next()%uint64(len(zones))]
		ref := loc
		if ref == nil {
			ref = time.UTC
		}
		start := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, ref)
		if got := d.Start(loc); got != start {
			t.Fatalf("%#v.Start(%v) = %v, want %v", d, loc, got, start)
		}
		next := d.AddDays(1)
		end := time.Date(next.Year, next.Month, next.Day, 0, 0, 0, 0, ref).Add(-time.Nanosecond)
		if got := d.End(loc); got != end {
			t.Fatalf("%#v.End(%v) = %v, want %v", d, loc, got, end)
		}
	}
}

// BenchmarkDateOf: the civil date of an instant in ShanghaiZone (arithmetic)
// and in another +08:00 zone (package time).
func BenchmarkDateOf(b *testing.B) {
	tm := time.Date(2026, 10, 20, 10, 0, 0, 0, ShanghaiZone())
	for _, c := range []struct {
		name string
		loc  *time.Location
	}{{"zone=shanghai", ShanghaiZone()}, {"zone=other", time.FixedZone("CST", 8*3600)}} {
		b.Run(c.name, func(b *testing.B) {
			var sink int
			for b.Loop() {
				sink += DateOf(tm, c.loc).Day
			}
			_ = sink
		})
	}
}

// BenchmarkDayNumbers: a date to its day number and back.
func BenchmarkDayNumbers(b *testing.B) {
	var sink int
	for i := 0; b.Loop(); i++ {
		d := dateFromDays(20_000 + i&1023)
		sink += dayNumber(d)
	}
	_ = sink
}

// BenchmarkStartEnd: the first and last instants of a date in ShanghaiZone.
func BenchmarkStartEnd(b *testing.B) {
	d := Date{2026, time.October, 20}
	sh := ShanghaiZone()
	var sink int64
	for b.Loop() {
		sink += d.Start(sh).Unix() + d.End(sh).Unix()
	}
	_ = sink
}
