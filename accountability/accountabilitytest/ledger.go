// Package accountabilitytest checks implementations of accountability.Ledger.
// A service that keeps its history in its own store runs the same suite as
// the in-memory ledger:
//
//	func TestPostgresLedger(t *testing.T) {
//		accountabilitytest.TestLedger(t, func() accountability.Ledger { return newTestLedger(t) })
//	}
//
// It is for tests only; it uses the testing package and nothing else.
package accountabilitytest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/xiaoneng/xiaoneng/accountability"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// TestLedger runs the ledger suite: newLedger must return an empty ledger
// each time it is called. The suite checks appending (idempotence by ID,
// invalid records refused, copies kept), querying by official, unit, finding
// and window (bounds inclusive, order by time then ID), cancellation, and
// concurrent appends of the same records (run it with -race).
func TestLedger(t *testing.T, newLedger func() accountability.Ledger) {
	t.Helper()
	for _, tc := range []struct {
		name string
		run  func(*testing.T, accountability.Ledger)
	}{
		{"Empty", testEmpty},
		{"AppendOnce", testAppendOnce},
		{"InvalidRecords", testInvalid},
		{"QueryByParty", testQueryByParty},
		{"QueryByFinding", testQueryByFinding},
		{"Window", testWindow},
		{"Order", testOrder},
		{"Copies", testCopies},
		{"Cancelled", testCancelled},
		{"Concurrent", testConcurrent},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, newLedger()) })
	}
}

var (
	zone = efficiency.ShanghaiZone()
	t0   = time.Date(2026, time.March, 2, 10, 0, 0, 0, zone)
)

func day(n int) time.Time { return t0.AddDate(0, 0, n) }

func record(id, official, unit string, at time.Time, ms ...accountability.Measure) accountability.Record {
	return accountability.Record{ID: id, Kind: accountability.Accountable, At: at, Official: official, Unit: unit,
		Findings: []string{id}, Severity: efficiency.Major, Step: "major", Measures: ms}
}

func mustAppend(t *testing.T, l accountability.Ledger, rs ...accountability.Record) {
	t.Helper()
	for _, r := range rs {
		added, err := l.Append(context.Background(), r)
		if err != nil || !added {
			t.Fatalf("Append(%s) = %v, %v, want true, nil", r.ID, added, err)
		}
	}
}

func ids(rs []accountability.Record) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func query(t *testing.T, l accountability.Ledger, q accountability.Query) []string {
	t.Helper()
	rs, err := l.Records(context.Background(), q)
	if err != nil {
		t.Fatalf("Records(%+v): %v", q, err)
	}
	return ids(rs)
}

func expect(t *testing.T, l accountability.Ledger, q accountability.Query, want ...string) {
	t.Helper()
	if want == nil {
		want = []string{}
	}
	if got := query(t, l, q); !slices.Equal(got, want) {
		t.Errorf("Records(%+v) = %v, want %v", q, got, want)
	}
}

func testEmpty(t *testing.T, l accountability.Ledger) {
	expect(t, l, accountability.Query{})
	expect(t, l, accountability.Query{Official: "o1"})
}

func testAppendOnce(t *testing.T, l accountability.Ledger) {
	r := record("f1", "o1", "u1", day(0), accountability.EfficiencyWarning)
	mustAppend(t, l, r)
	again := r
	again.Measures = []accountability.Measure{accountability.Dismissal} // same ID, other content
	added, err := l.Append(context.Background(), again)
	if err != nil || added {
		t.Errorf("Append(%s) again = %v, %v, want false, nil", r.ID, added, err)
	}
	rs, err := l.Records(context.Background(), accountability.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || !slices.Equal(rs[0].Measures, r.Measures) {
		t.Errorf("Records() = %+v, want the first record only", rs)
	}
	if len(rs) == 1 && (!rs[0].At.Equal(r.At) || rs[0].Official != "o1" || rs[0].Unit != "u1" ||
		rs[0].Kind != accountability.Accountable || rs[0].Step != "major" || rs[0].Severity != efficiency.Major ||
		!slices.Equal(rs[0].Findings, r.Findings)) {
		t.Errorf("Records()[0] = %+v, want %+v", rs[0], r)
	}
}

func testInvalid(t *testing.T, l accountability.Ledger) {
	for _, r := range []accountability.Record{
		record("", "o1", "u1", day(0)),
		record("f1", "o1", "u1", time.Time{}),
		record("f2", "", "", day(0)),
	} {
		if added, err := l.Append(context.Background(), r); err == nil || added {
			t.Errorf("Append(%+v) = %v, %v, want an error", r, added, err)
		}
	}
	expect(t, l, accountability.Query{})
}

func testQueryByParty(t *testing.T, l accountability.Ledger) {
	mustAppend(t, l,
		record("a", "o1", "u1", day(0)),
		record("b", "o2", "u1", day(1)),
		record("c", "", "u1", day(2)), // the unit itself
		record("d", "o3", "u2", day(3)),
	)
	expect(t, l, accountability.Query{Official: "o1"}, "a")
	expect(t, l, accountability.Query{Unit: "u1"}, "a", "b", "c")
	expect(t, l, accountability.Query{Unit: "u2"}, "d")
	expect(t, l, accountability.Query{Official: "o3", Unit: "u1"})
	expect(t, l, accountability.Query{Official: "nobody"})
	expect(t, l, accountability.Query{}, "a", "b", "c", "d")
}

func testQueryByFinding(t *testing.T, l accountability.Ledger) {
	lead := record("leadership:x", "head", "u1", day(1), accountability.Admonishment)
	lead.Kind, lead.Findings = accountability.Leadership, []string{"a", "b"}
	mustAppend(t, l, record("a", "o1", "u1", day(0)), record("b", "o2", "u1", day(0)), lead)
	expect(t, l, accountability.Query{Finding: "a"}, "a", "leadership:x")
	expect(t, l, accountability.Query{Finding: "b", Official: "o2"}, "b")
	expect(t, l, accountability.Query{Finding: "z"})
}

func testWindow(t *testing.T, l accountability.Ledger) {
	mustAppend(t, l,
		record("early", "o1", "u1", day(0)),
		record("mid", "o1", "u1", day(10)),
		record("late", "o1", "u1", day(20)),
	)
	expect(t, l, accountability.Query{Official: "o1", From: day(10), To: day(20)}, "mid", "late")
	expect(t, l, accountability.Query{Official: "o1", From: day(10).Add(time.Nanosecond)}, "late")
	expect(t, l, accountability.Query{Official: "o1", To: day(10)}, "early", "mid")
	expect(t, l, accountability.Query{Official: "o1", To: day(10).Add(-time.Nanosecond)}, "early")
	// The same instant in another zone is the same instant.
	expect(t, l, accountability.Query{Official: "o1", From: day(10).UTC(), To: day(10).UTC()}, "mid")
}

func testOrder(t *testing.T, l accountability.Ledger) {
	mustAppend(t, l,
		record("z", "o1", "u1", day(5)),
		record("b", "o1", "u1", day(1)),
		record("a", "o1", "u1", day(5)),
	)
	expect(t, l, accountability.Query{Official: "o1"}, "b", "a", "z")
}

func testCopies(t *testing.T, l accountability.Ledger) {
	r := record("a", "o1", "u1", day(0), accountability.Criticism)
	mustAppend(t, l, r)
	r.Measures[0] = accountability.Dismissal // the caller's slice, after appending
	rs, err := l.Records(context.Background(), accountability.Query{})
	if err != nil || len(rs) != 1 {
		t.Fatalf("Records() = %v, %v", rs, err)
	}
	if rs[0].Measures[0] != accountability.Criticism {
		t.Errorf("the ledger shares the appended record's slice: %v", rs[0].Measures)
	}
	rs[0].Findings[0] = "changed"
	if got := query(t, l, accountability.Query{Finding: "a"}); !slices.Equal(got, []string{"a"}) {
		t.Errorf("the ledger shares the returned record's slice: Records(finding a) = %v", got)
	}
}

func testCancelled(t *testing.T, l accountability.Ledger) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if added, err := l.Append(ctx, record("a", "o1", "u1", day(0))); err == nil || added {
		t.Errorf("Append(cancelled) = %v, %v, want the context's error", added, err)
	}
	if _, err := l.Records(ctx, accountability.Query{}); err == nil {
		t.Error("Records(cancelled) succeeded, want the context's error")
	}
	expect(t, l, accountability.Query{})
}

func testConcurrent(t *testing.T, l accountability.Ledger) {
	const writers, n = 8, 25
	var wg sync.WaitGroup
	added := make([]int, writers)
	errs := make(chan error, writers*n*2)
	for w := range writers {
		wg.Go(func() {
			for i := range n {
				ok, err := l.Append(context.Background(), record(fmt.Sprintf("f%02d", i), "o1", "u1", day(i)))
				if err != nil {
					errs <- err
				}
				if ok {
					added[w]++
				}
				if _, err := l.Records(context.Background(), accountability.Query{Unit: "u1"}); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent use: %v", err)
	}
	total := 0
	for _, a := range added {
		total += a
	}
	if total != n {
		t.Errorf("concurrent appends of %d records added %d, want each exactly once", n, total)
	}
	if got := query(t, l, accountability.Query{}); len(got) != n {
		t.Errorf("Records() holds %d records, want %d", len(got), n)
	}
}
