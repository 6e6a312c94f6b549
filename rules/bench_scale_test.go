package rules

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// Benchmarks of scale: a thousand rules, compiling, parallel evaluation and
// a long stream of cases evaluated one at a time.

// thousandRules is a rule file of n rules: the default case rules repeated,
// each copy with its own id (RULE.vNN), under the default params.
func thousandRules(n int) []byte {
	src := string(cityYAML)
	i := strings.Index(src, "\nrules:\n")
	head, body := src[:i+len("\nrules:\n")], src[i+len("\nrules:\n"):]
	var caseRules []string
	for _, block := range strings.Split(body, "\n  - id: ")[1:] {
		if strings.Contains(block, "\n    on: case\n") {
			caseRules = append(caseRules, strings.TrimRight(block, "\n")+"\n")
		}
	}
	var b bytes.Buffer
	b.WriteString(head)
	for k := 0; k < n; k++ {
		block := caseRules[k%len(caseRules)]
		id, rest, _ := strings.Cut(block, "\n")
		fmt.Fprintf(&b, "  - id: %s.v%02d\n%s", id, k/len(caseRules), rest)
	}
	return b.Bytes()
}

// caseRuleCount is how many rules of the default set judge cases.
func caseRuleCount(t testing.TB) int {
	rs, err := Default()
	require.NoError(t, err)
	return len(rs.byKind[efficiency.CaseSubject])
}

func TestThousandRulesAgree(t *testing.T) {
	rs, err := Parse("thousand.yaml", thousandRules(1000))
	require.NoError(t, err)
	require.Len(t, rs.Rules(), 1000)
	perBase := caseRuleCount(t)
	cases := benchCases(100)
	r, err := rs.Evaluate(context.Background(), &efficiency.Facts{Cases: cases}, benchAt)
	require.NoError(t, err)
	require.Empty(t, r.Errors)
	engine := map[string]map[string]int{} // case → base rule → copies that fired
	for _, f := range append(r.Findings, r.Warnings...) {
		base := f.Rule[:strings.LastIndex(f.Rule, ".v")]
		if engine[f.Subject.ID] == nil {
			engine[f.Subject.ID] = map[string]int{}
		}
		engine[f.Subject.ID][base]++
	}
	for i := range cases {
		want := handwritten(rs.Calendar(), &cases[i], benchAt, nil)
		var got []string
		for base, n := range engine[cases[i].ID] {
			copies := 1000 / perBase
			if k := slices.Index(ruleIDs(t), base); k < 1000%perBase {
				copies++
			}
			require.Equal(t, copies, n, "case %s rule %s: copies that fired", cases[i].ID, base)
			got = append(got, base)
		}
		slices.Sort(got)
		slices.Sort(want)
		require.Equal(t, want, got, "case %s", cases[i].ID)
	}
}

// ruleIDs are the default case rules' ids in file order.
func ruleIDs(t testing.TB) []string {
	rs, err := Default()
	require.NoError(t, err)
	var ids []string
	for _, r := range rs.byKind[efficiency.CaseSubject] {
		ids = append(ids, r.ID)
	}
	return ids
}

// BenchmarkThousandRules: 1,000 case rules over the case mix. The baseline
// derives each case's facts once and runs the hand-written checks as often
// as the file repeats them (rounded up, which favours the baseline).
func BenchmarkThousandRules(b *testing.B) {
	rs, err := Parse("thousand.yaml", thousandRules(1000))
	if err != nil {
		b.Fatal(err)
	}
	repeats := (1000 + caseRuleCount(b) - 1) / caseRuleCount(b)
	cases := benchCases(200)
	facts := &efficiency.Facts{Cases: cases}
	b.Run("impl=engine", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := rs.Evaluate(context.Background(), facts, benchAt); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cases)), "ns/subject")
	})
	b.Run("impl=handwritten", func(b *testing.B) {
		b.ReportAllocs()
		cal := rs.Calendar()
		var out []string
		for b.Loop() {
			for i := range cases {
				h := hwDeriveCase(cal, &cases[i], benchAt)
				for range repeats {
					out = h.check(out[:0])
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cases)), "ns/subject")
	})
}

// BenchmarkCompileThousand: compiling a file of 1,000 rules.
func BenchmarkCompileThousand(b *testing.B) {
	src := thousandRules(1000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("thousand.yaml", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateParallel: batches of 100 cases evaluated on every core at
// once (run with -cpu 1,2 to see the scaling), beside the hand-written checks
// run the same way, which show what the machine gives a workload that
// allocates nothing; ns/subject is wall time per case over all goroutines.
func BenchmarkEvaluateParallel(b *testing.B) {
	rs, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	facts := &efficiency.Facts{Cases: benchCases(100)}
	b.Run("impl=engine", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := rs.Evaluate(context.Background(), facts, benchAt); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(facts.Cases)), "ns/subject")
	})
	b.Run("impl=evaluator", func(b *testing.B) { // an Evaluator per goroutine, reusing its memory
		b.ReportAllocs()
		var mu sync.Mutex
		var msgs msgTable // the goroutines' lookups, summed
		b.RunParallel(func(pb *testing.PB) {
			ev := rs.NewEvaluator()
			for pb.Next() {
				if _, err := ev.Evaluate(context.Background(), facts, benchAt); err != nil {
					b.Error(err)
					return
				}
			}
			mu.Lock()
			msgs.hits, msgs.misses = msgs.hits+ev.sc.msgs.hits, msgs.misses+ev.sc.msgs.misses
			mu.Unlock()
		})
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(facts.Cases)), "ns/subject")
		b.ReportMetric(msgHitPercent(&msgs), "msg-hit-%")
	})
	b.Run("impl=handwritten", func(b *testing.B) {
		b.ReportAllocs()
		cal := rs.Calendar()
		b.RunParallel(func(pb *testing.PB) {
			var out []string
			for pb.Next() {
				for i := range facts.Cases {
					out = handwritten(cal, &facts.Cases[i], benchAt, out[:0])
				}
			}
		})
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(facts.Cases)), "ns/subject")
	})
}

// BenchmarkStream: cases evaluated one at a time, as a service streaming
// them would (one Evaluate per case). One op is one case, so B/op is the
// memory per case; peak-heap-MB samples the live heap every 10,000 cases and
// must not grow with -benchtime (run it with -benchtime 1000000x).
func BenchmarkStream(b *testing.B) {
	rs, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	cases := benchCases(1000)
	var ms runtime.MemStats
	peak := uint64(0)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		f := efficiency.Facts{Cases: cases[i%len(cases) : i%len(cases)+1]}
		if _, err := rs.Evaluate(context.Background(), &f, benchAt); err != nil {
			b.Fatal(err)
		}
		i++
		if i%10000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	runtime.ReadMemStats(&ms)
	peak = max(peak, ms.HeapAlloc)
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkScaling measures the speedup of evaluating on GOMAXPROCS cores
// over one core, in one run: each op is a round of a slice on one core
// (GOMAXPROCS 1) and a slice on all of them (one goroutine per core), each
// evaluating batches of 100 cases for scalingSlice, and speedup is the
// batches per second on all cores over those on one, summed over the
// rounds. Slices interleaved a few milliseconds apart see the same load on
// a shared machine, which -cpu 1,2 runs seconds apart do not; the
// collector's cycles fall into the slices in proportion to what each
// allocates. The hand-written checks, which allocate nothing, show what
// the machine itself gives. Run it with the default -cpu (all cores).
func BenchmarkScaling(b *testing.B) {
	procs := runtime.GOMAXPROCS(0)
	if procs < 2 {
		b.Skip("measures the speedup over one core: run with -cpu 2 or more")
	}
	defer runtime.GOMAXPROCS(procs)
	rs, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	facts := &efficiency.Facts{Cases: benchCases(100)}
	cal := rs.Calendar()
	impls := []struct {
		name string
		// worker returns a function evaluating one batch, for one goroutine
		worker func() func() error
	}{
		{"impl=engine", func() func() error {
			return func() error { _, err := rs.Evaluate(context.Background(), facts, benchAt); return err }
		}},
		{"impl=evaluator", func() func() error {
			ev := rs.NewEvaluator()
			return func() error { _, err := ev.Evaluate(context.Background(), facts, benchAt); return err }
		}},
		{"impl=handwritten", func() func() error {
			w := new(scalingWorker) // its own cache lines: out is written back once per batch
			return func() error {
				out := w.out
				for i := range facts.Cases {
					out = handwritten(cal, &facts.Cases[i], benchAt, out[:0])
				}
				w.out = out
				return nil
			}
		}},
	}
	// slice runs the workers on their own goroutines until scalingSlice has
	// passed, and returns the batches done and the time they took.
	slice := func(workers []func() error) (int, time.Duration, error) {
		var wg sync.WaitGroup
		done := make([]int, len(workers))
		errs := make([]error, len(workers))
		start := time.Now()
		deadline := start.Add(scalingSlice)
		for g, w := range workers {
			wg.Go(func() {
				// counted in a local and written once: goroutines writing
				// neighbouring words would share a cache line
				n := 0
				for time.Now().Before(deadline) {
					if err := w(); err != nil {
						errs[g] = err
						break
					}
					n++
				}
				done[g] = n
			})
		}
		wg.Wait()
		n := 0
		for _, d := range done {
			n += d
		}
		return n, time.Since(start), errors.Join(errs...)
	}
	for _, impl := range impls {
		b.Run(impl.name, func(b *testing.B) {
			workers := make([]func() error, procs)
			for i := range workers {
				workers[i] = impl.worker()
			}
			var oneTime, allTime time.Duration
			var oneBatches, allBatches int
			for b.Loop() {
				runtime.GOMAXPROCS(1)
				n, d, err := slice(workers[:1])
				if err != nil {
					b.Fatal(err)
				}
				oneBatches, oneTime = oneBatches+n, oneTime+d
				runtime.GOMAXPROCS(procs)
				n, d, err = slice(workers)
				if err != nil {
					b.Fatal(err)
				}
				allBatches, allTime = allBatches+n, allTime+d
			}
			perOne := float64(oneTime) / float64(oneBatches)
			perAll := float64(allTime) / float64(allBatches)
			b.ReportMetric(perOne/float64(len(facts.Cases)), "ns/subject-1core")
			b.ReportMetric(perAll/float64(len(facts.Cases)), "ns/subject-allcores")
			b.ReportMetric(perOne/perAll, "speedup")
		})
	}
}

// scalingWorker is a hand-written worker's state, padded so that two
// workers' never share a cache line.
type scalingWorker struct {
	_   [64]byte
	out []string
	_   [64]byte
}

// scalingSlice is how long each slice of a BenchmarkScaling round evaluates.
const scalingSlice = 200 * time.Millisecond
