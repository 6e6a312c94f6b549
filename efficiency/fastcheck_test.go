package efficiency

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// idPieces are the bits random ids are made of: printable ASCII, spaces,
// control characters, DEL, full-width letters and spaces, Chinese, Unicode
// spaces TrimSpace removes, and invalid UTF-8.
var idPieces = []string{"C", "-", "1", "u", "o", " ", "~", "\x00", "\t", "\n", "\x1f", "\x7f",
	"Ｃ", "１", "－", "　", "市", "局", "\u0085", "\u00a0", "\u2028", "\xff", "\xe4\xb8", "\xc0\xaf", "é"}

func randomID(r *prng) string {
	var b strings.Builder
	switch r.next() % 8 {
	case 0: // long ids around MaxIDLength
		n := int(r.between(MaxIDLength-3, MaxIDLength+3))
		b.WriteString(strings.Repeat("x", n))
		if r.next()%2 == 0 {
			b.WriteString(idPieces[r.next()%uint64(len(idPieces))])
		}
	default:
		for range r.between(0, 6) {
			b.WriteString(idPieces[r.next()%uint64(len(idPieces))])
		}
	}
	return b.String()
}

// refBadID is badID as it was before its ASCII fast path.
func refBadID(v string) bool {
	return !utf8.ValidString(v) || len(v) > MaxIDLength || strings.IndexFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0
}

// TestIDFastChecksAgree: the fast id checks never accept what the full
// checks refuse, and badID is unchanged, over many random ids.
func TestIDFastChecksAgree(t *testing.T) {
	r := prng(4)
	fast := 0
	for range 200_000 {
		v := randomID(&r)
		bad := refBadID(v)
		if got := badID(v); got != bad {
			t.Fatalf("badID(%q) = %v, want %v", v, got, bad)
		}
		if plainID(v) && bad {
			t.Fatalf("plainID(%q) accepts an id the full check refuses", v)
		}
		if goodID(v) {
			fast++
			if bad || strings.TrimSpace(v) == "" {
				t.Fatalf("goodID(%q) accepts an id the full check refuses", v)
			}
		}
	}
	assert.Greater(t, fast, 10_000, "random ids taking the fast path")
	for _, v := range []string{"C-00001", "u1", "o 1", "x", strings.Repeat("a", MaxIDLength)} {
		assert.True(t, goodID(v), "goodID(%q)", v)
		assert.True(t, plainID(v), "plainID(%q)", v)
	}
	for _, v := range []string{"", " ", "   ", strings.Repeat("a", MaxIDLength+1), "Ｃ-1", "a\tb", "a\x7f", "\xff"} {
		assert.False(t, goodID(v), "goodID(%q)", v)
	}
}

// TestOutsideYearsAgreesWithYear: the seconds comparison gives what the
// year in t's own zone gives, around the bounds and far beyond them.
func TestOutsideYearsAgreesWithYear(t *testing.T) {
	assert.Equal(t, time.Date(1949, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), int64(plausibleFrom), "plausibleFrom")
	assert.Equal(t, time.Date(2201, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), int64(plausibleUntil), "plausibleUntil")
	zones := testZones()
	r := prng(5)
	check := func(tm time.Time) {
		t.Helper()
		y := tm.Year()
		if got, want := outsideYears(tm), y < 1949 || y > 2200; got != want {
			t.Fatalf("outsideYears(%s) = %v, want %v", tm.Format(time.RFC3339Nano), got, want)
		}
	}
	for range 300_000 {
		check(randomInstant(&r, zones))
	}
	for _, bound := range []int64{plausibleFrom, plausibleUntil} {
		for _, loc := range zones {
			for ds := int64(-20 * 3600); ds <= 20*3600; ds += 1799 {
				tm := time.Unix(bound+ds, r.between(0, 999_999_999))
				if loc != nil {
					tm = tm.In(loc)
				}
				check(tm)
				check(tm.Truncate(time.Second).Add(-time.Nanosecond))
			}
			// exactly local midnight of the bound, and a nanosecond before
			ref := loc
			if ref == nil {
				ref = time.UTC
			}
			_, off := time.Unix(bound, 0).In(ref).Zone()
			tm := time.Unix(bound-int64(off), 0).In(ref)
			check(tm)
			check(tm.Add(-time.Nanosecond))
		}
	}
}

// refFoldIDs is FoldIDs as it was before asciiIDs.
func refFoldIDs(f *Facts) *Facts {
	if f == nil {
		return nil
	}
	needs := false
	walkIDs(f, func(s *string) { needs = needs || foldable(*s) })
	if !needs {
		return f
	}
	out := &Facts{Cases: slices.Clone(f.Cases), Orders: slices.Clone(f.Orders), Complaints: slices.Clone(f.Complaints),
		Units: slices.Clone(f.Units), Officials: slices.Clone(f.Officials)}
	for i := range out.Cases {
		c := &out.Cases[i]
		c.Officials, c.Events = slices.Clone(c.Officials), slices.Clone(c.Events)
	}
	walkIDs(out, func(s *string) {
		if foldable(*s) {
			*s = FoldWidth(*s)
		}
	})
	return out
}

// everyIDFacts has at least one of every identifier walkIDs visits, all
// ASCII.
func everyIDFacts() *Facts {
	return &Facts{
		Cases: []Case{{ID: "C-1", Unit: "U-1", Applicant: "a", Responsible: "o1", Officials: []string{"o1", "o2"},
			Events: []Event{{Kind: Inquiry, Official: "o1", To: "U-2", ApprovedBy: "head"}, {Kind: Receipt, Official: "o2"}}}},
		Orders:     []Order{{ID: "D-1", Issuer: "g", Assignee: "U-1"}},
		Complaints: []Complaint{{ID: "P-1", Official: "o1", Unit: "U-1", Case: "C-1"}},
		Units:      []Unit{{ID: "U-1"}, {ID: "U-2"}},
		Officials:  []Official{{ID: "o1", Unit: "U-1"}},
	}
}

// TestASCIIIDsCoversWalkIDs: a non-ASCII byte in any identifier walkIDs
// visits, and only there, makes asciiIDs false; so the fast check reads
// every field the fold does.
func TestASCIIIDsCoversWalkIDs(t *testing.T) {
	require.True(t, asciiIDs(everyIDFacts()))
	n := 0
	walkIDs(everyIDFacts(), func(*string) { n++ })
	require.Equal(t, 23, n, "identifiers in everyIDFacts")
	for k := range n {
		for _, v := range []string{"Ｘ", "市", "a\xff", "é", "\x80"} {
			f := everyIDFacts()
			i := 0
			walkIDs(f, func(s *string) {
				if i == k {
					*s = v
				}
				i++
			})
			assert.False(t, asciiIDs(f), "asciiIDs with identifier %d set to %q", k, v)
		}
	}
	assert.False(t, asciiIDs(&Facts{Units: []Unit{{ID: "\x80"}}}), "asciiIDs with the byte 0x80 alone")
	assert.True(t, asciiIDs(&Facts{Units: []Unit{{ID: "\x7f"}}}), "asciiIDs with the byte 0x7f alone")
	// Non-ASCII outside the identifiers (names, materials) is no concern.
	f := everyIDFacts()
	f.Cases[0].Matter.Name = T("营业执照", "licence")
	f.Cases[0].Events[0].Materials = []string{"身份证"}
	f.Officials[0].Name = "张三"
	assert.True(t, asciiIDs(f), "asciiIDs with non-ASCII names")
}

// TestFoldIDsAgreesWithReference: over random batches of ids (ASCII,
// full-width, Chinese, invalid UTF-8), FoldIDs returns what it returned
// before its fast path: the same facts, and its input itself exactly when
// nothing needs folding.
func TestFoldIDsAgreesWithReference(t *testing.T) {
	r := prng(6)
	same := 0
	for range 20_000 {
		f := everyIDFacts()
		walkIDs(f, func(s *string) {
			switch r.next() % 10 {
			case 0:
				*s = randomID(&r)
			case 1:
				*s = ""
			}
		})
		want := refFoldIDs(f)
		wantSame := want == f
		if wantSame { // compare with an untouched copy
			want = everyIDFacts()
			i := 0
			var ids []string
			walkIDs(f, func(s *string) { ids = append(ids, *s) })
			walkIDs(want, func(s *string) { *s = ids[i]; i++ })
		}
		got := FoldIDs(f)
		if (got == f) != wantSame {
			t.Fatalf("FoldIDs returned its input: %v, want %v", got == f, wantSame)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("FoldIDs = %#v, want %#v", got, want)
		}
		if wantSame {
			same++
		}
	}
	assert.Greater(t, same, 1000, "batches returned as they are")
	assert.Less(t, same, 19_000, "batches folded")
}

// BenchmarkValidateCase: validating a typical all-valid case.
func BenchmarkValidateCase(b *testing.B) {
	sh := ShanghaiZone()
	at := time.Date(2026, 9, 1, 9, 0, 0, 0, sh)
	k := Case{ID: "C-00001", Unit: "u1", Responsible: "o1", Officials: []string{"o1"},
		Matter: Matter{Code: "M-01", StatutoryDays: 20, CommittedDays: 10, Fees: []FeeItem{{Code: "cert", MaxFen: 1000}},
			Materials: []string{"身份证", "申请表"}},
		Events: []Event{
			{Kind: Inquiry, At: at.Add(-time.Hour), Official: "o1"},
			{Kind: Receipt, At: at, Official: "o1"},
			{Kind: Acceptance, At: at.Add(time.Hour), Official: "o1"},
			{Kind: Decision, At: at.Add(72 * time.Hour), Outcome: Approved, Reasons: "ok", LegalBasis: "law"},
			{Kind: Completion, At: at.Add(73 * time.Hour)},
			{Kind: Rating, At: at.Add(74 * time.Hour), Score: 5},
		}}
	for b.Loop() {
		if errs := k.Validate(); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}

// BenchmarkFoldIDs: the check that a batch of 1000 ASCII cases has nothing
// to fold.
func BenchmarkFoldIDs(b *testing.B) {
	f := &Facts{}
	for range 1000 {
		f.Cases = append(f.Cases, everyIDFacts().Cases[0])
	}
	for b.Loop() {
		if FoldIDs(f) != f {
			b.Fatal("folded")
		}
	}
}

// pick returns one of vs.
func pick[T any](r *prng, vs ...T) T { return vs[r.next()%uint64(len(vs))] }

// someID is mostly a typical ASCII id (the fast path), sometimes empty,
// sometimes a random one.
func someID(r *prng) string {
	switch r.next() % 8 {
	case 0:
		return randomID(r)
	case 1:
		return ""
	}
	return pick(r, "C-00001", "u1", "o1", "o 2", "UNIT-3")
}

// someTime is mostly a plausible time, sometimes zero or any instant.
func someTime(r *prng, zones []*time.Location, base time.Time) time.Time {
	switch r.next() % 6 {
	case 0:
		return time.Time{}
	case 1:
		return randomInstant(r, zones)
	}
	return base.Add(time.Duration(r.between(-3, 72)) * time.Hour)
}

// someZone is one of zones, UTC for nil.
func someZone(r *prng, zones []*time.Location) *time.Location {
	if loc := pick(r, zones...); loc != nil {
		return loc
	}
	return time.UTC
}

// randomCase builds a case with some of everything Validate checks.
func randomCase(r *prng, zones []*time.Location) Case {
	base := time.Date(2026, 9, 1, int(r.between(0, 23)), 0, 0, 0, someZone(r, zones))
	k := Case{ID: someID(r), Unit: someID(r), Applicant: someID(r), Responsible: someID(r),
		Channel: pick(r, Channel(""), Window, Online, "bogus"),
		Matter: Matter{Code: pick(r, "M-01", "", "\xff", randomID(r)),
			StatutoryDays: int(r.between(-2, 10_002)), CommittedDays: int(r.between(-2, 30))},
	}
	for range r.between(0, 3) {
		k.Officials = append(k.Officials, someID(r))
	}
	for range r.between(0, 2) {
		k.Matter.Fees = append(k.Matter.Fees, FeeItem{Code: "cert", MaxFen: pick(r, int64(1000), -1, MaxAmountFen+1)})
	}
	for range r.between(0, 2) {
		k.Matter.Materials = append(k.Matter.Materials, pick(r, "身份证", "\xe4\xb8", randomID(r)))
	}
	at := base
	for range r.between(0, 8) {
		e := Event{Kind: EventKind(r.between(0, int64(Rectification)+1)), Official: someID(r), To: someID(r), ApprovedBy: someID(r),
			Item: pick(r, "", "cert", "\xff"), Reason: pick(r, "", ReasonHearing, "坏\xe4"), Days: int(r.between(-1, 10_001)),
			Score: int(r.between(0, 6)), Outcome: pick(r, Approved, Rejected, "", "maybe"),
			AmountFen: pick(r, int64(0), 500, -1, MaxAmountFen+1)}
		if r.next()%4 != 0 {
			e.Materials = []string{pick(r, "房产证", "\xff", "")}
		}
		switch r.next() % 4 {
		case 0: // a repeat of the previous event, or at its time
			if n := len(k.Events); n > 0 {
				if r.next()%2 == 0 {
					e = k.Events[n-1]
				} else {
					e.At = k.Events[n-1].At
				}
			}
		default:
			at = someTime(r, zones, at)
			e.At = at
		}
		k.Events = append(k.Events, e)
	}
	return k
}

// TestValidateAgreesWithReference: over random cases, units and orders
// (typical and broken ids, implausible and zero times in assorted zones,
// invalid UTF-8, duplicates), Validate returns exactly the problems the
// validation before its fast paths returned.
func TestValidateAgreesWithReference(t *testing.T) {
	zones := testZones()
	r := prng(7)
	clean := 0
	for range 10_000 {
		k := randomCase(&r, zones)
		if r.next()%2 == 0 { // mostly valid: only the ids and times stay random
			k.Channel, k.Matter = Window, Matter{Code: "M-01", StatutoryDays: 20, CommittedDays: 10}
			for i := range k.Events {
				e := &k.Events[i]
				e.Kind, e.Materials, e.Item, e.Reason, e.AmountFen = pick(&r, Receipt, Acceptance, Inquiry, Completion), nil, "", "", 0
			}
		}
		got, want := k.Validate(), refValidateCase(&k)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Validate(%#v) =\n%v\nwant\n%v", k, got, want)
		}
		if len(got) == 0 {
			clean++
		}
	}
	assert.Greater(t, clean, 200, "valid random cases")
	for range 5_000 {
		base := time.Date(2026, 9, 1, 9, 0, 0, 0, someZone(&r, zones))
		u := Unit{ID: someID(&r), Kind: pick(&r, CountyGovernment, MunicipalUnit, "x"),
			LeadingGroup: someTime(&r, zones, base), Office: someTime(&r, zones, base)}
		for range r.between(0, 3) {
			u.Deliverables = append(u.Deliverables, Deliverable{Kind: pick(&r, "", "rules"), Submitted: someTime(&r, zones, base)})
		}
		if got, want := u.Validate(), refValidateUnit(&u); !reflect.DeepEqual(got, want) {
			t.Fatalf("Validate(%#v) =\n%v\nwant\n%v", u, got, want)
		}
		o := Order{ID: someID(&r), Issuer: someID(&r), Assignee: someID(&r), AckDays: int(r.between(-1, 3)),
			Issued: someTime(&r, zones, base), Due: someTime(&r, zones, base), Acknowledged: someTime(&r, zones, base),
			Completed: someTime(&r, zones, base), Feedback: someTime(&r, zones, base)}
		if got, want := o.Validate(), refValidateOrder(&o); !reflect.DeepEqual(got, want) {
			t.Fatalf("Validate(%#v) =\n%v\nwant\n%v", o, got, want)
		}
	}
}
