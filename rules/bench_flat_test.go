package rules

import (
	"context"
	"fmt"
	"math/bits"
	"slices"
	"testing"
	"unsafe"

	"github.com/expr-lang/expr/vm"
	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// The "flat" benchmark: 14 simple rules over precomputed facts (field reads,
// comparisons, boolean logic, arithmetic), beside the same 14 checks in Go.
// Nothing is derived, so this is the engine's own overhead per subject with
// nothing else to hide it.

const flatRules = `xiaoneng: 1
jurisdiction: {id: flat}
params:
  warn_ratio: 0.9
  max_notices: 1
rules:
  - {id: f01, on: case, prohibition: P2, severity: minor, title: {zh-Hans: 一, en: one}, message: {zh-Hans: 一, en: one},
     when: "case.matter.committed_days > 0 && case.workdays.elapsed > case.workdays.committed_limit"}
  - {id: f02, on: case, prohibition: P2, severity: minor, title: {zh-Hans: 二, en: two}, message: {zh-Hans: 二, en: two},
     when: "!case.completed && case.workdays.started && case.workdays.elapsed >= params.warn_ratio * case.workdays.committed_limit"}
  - {id: f03, on: case, prohibition: P2, severity: minor, title: {zh-Hans: 三, en: three}, message: {zh-Hans: 三, en: three},
     when: "case.received && !case.matter.published"}
  - {id: f04, on: case, prohibition: P2, severity: minor, title: {zh-Hans: 四, en: four}, message: {zh-Hans: 四, en: four},
     when: "case.decided && (!case.decision.has_reasons || !case.decision.has_legal_basis)"}
  - {id: f05, on: case, prohibition: P2, severity: minor, title: {zh-Hans: 五, en: five}, message: {zh-Hans: 五, en: five},
     when: "case.off_record"}
  - {id: f06, on: case, prohibition: P3, severity: minor, title: {zh-Hans: 六, en: six}, message: {zh-Hans: 六, en: six},
     when: "case.fees.unscheduled > 0 || case.fees.above_schedule_fen > 0"}
  - {id: f07, on: case, prohibition: P3, severity: minor, title: {zh-Hans: 七, en: seven}, message: {zh-Hans: 七, en: seven},
     when: "case.fees.total_fen / 100.0 > 500"}
  - {id: f08, on: case, system: S5, severity: minor, title: {zh-Hans: 八, en: eight}, message: {zh-Hans: 八, en: eight},
     when: "case.notices.count > params.max_notices"}
  - {id: f09, on: case, system: S5, severity: minor, title: {zh-Hans: 九, en: nine}, message: {zh-Hans: 九, en: nine},
     when: "case.notices.count > 0 && case.notices.first_delay > 5"}
  - {id: f10, on: case, prohibition: P4, severity: minor, title: {zh-Hans: 十, en: ten}, message: {zh-Hans: 十, en: ten},
     when: "case.reviews.bad > 0 && case.reviews.max_callback_wait > 5"}
  - {id: f11, on: case, system: S1, severity: minor, title: {zh-Hans: 十一, en: eleven}, message: {zh-Hans: 十一, en: eleven},
     when: "case.channel == \"online\" && case.responsible == \"\""}
  - {id: f12, on: case, prohibition: P4, severity: minor, title: {zh-Hans: 十二, en: twelve}, message: {zh-Hans: 十二, en: twelve},
     when: "case.decision.outcome in [\"rejected\", \"withdrawn\"] && !case.decision.has_reasons"}
  - {id: f13, on: case, prohibition: P2, severity: minor, title: {zh-Hans: 十三, en: thirteen}, message: {zh-Hans: 十三, en: thirteen},
     when: "case.workdays.statutory_remaining - case.workdays.committed_remaining < 0"}
  - {id: f14, on: case, prohibition: P3, severity: minor, title: {zh-Hans: 十四, en: fourteen}, message: {zh-Hans: 十四, en: fourteen},
     when: "case.penalties.total_fen + case.levies.total_fen > 100000 || case.inspections.unplanned % 2 == 1"}
`

// flatEnvs are precomputed environments, most clean, some violating.
func flatEnvs(n int) []CaseEnv {
	out := make([]CaseEnv, n)
	for i := range out {
		c := CaseFacts{ID: fmt.Sprintf("C-%05d", i), Channel: "window", Responsible: "o1", Received: true, Accepted: true,
			Matter:   MatterFacts{CommittedDays: 10, StatutoryDays: 20, Published: true},
			Workdays: WorkdayFacts{Started: true, Elapsed: i % 8, CommittedLimit: 10, StatutoryLimit: 20},
			Decided:  i%4 != 0, Completed: i%4 != 0,
			Decision: DecisionFacts{Outcome: "approved", HasReasons: true, HasLegalBasis: true}}
		switch i % 20 {
		case 1:
			c.Workdays.Elapsed = 12
		case 2:
			c.Matter.Published = false
		case 3:
			c.Decision = DecisionFacts{Outcome: "rejected", HasLegalBasis: true}
		case 4:
			c.Fees = FeeFacts{Count: 1, TotalFen: 80000, AboveScheduleFen: 500}
		case 5:
			c.Notices = NoticeFacts{Count: 2, FirstDelay: 7}
		case 6:
			c.Reviews = ReviewFacts{Count: 1, Bad: 1, MaxCallbackWait: 9}
		case 7:
			c.Channel, c.Responsible = "online", ""
		case 8:
			c.Inspections = InspectionFacts{Count: 1, Unplanned: 1}
		case 9:
			c.Completed, c.Workdays.Elapsed = false, 9
		case 10:
			c.Workdays.CommittedLimit = 25
		case 11:
			c.OffRecord = true
		}
		c.Workdays.CommittedRemaining = c.Workdays.CommittedLimit - c.Workdays.Elapsed
		c.Workdays.StatutoryRemaining = c.Workdays.StatutoryLimit - c.Workdays.Elapsed
		out[i] = CaseEnv{Case: c, At: benchAt}
	}
	return out
}

// flatHandwritten is the 14 flat rules in Go.
func flatHandwritten(e *CaseEnv, out []string) []string {
	c := &e.Case
	if c.Matter.CommittedDays > 0 && c.Workdays.Elapsed > c.Workdays.CommittedLimit {
		out = append(out, "f01")
	}
	if !c.Completed && c.Workdays.Started && float64(c.Workdays.Elapsed) >= 0.9*float64(c.Workdays.CommittedLimit) {
		out = append(out, "f02")
	}
	if c.Received && !c.Matter.Published {
		out = append(out, "f03")
	}
	if c.Decided && (!c.Decision.HasReasons || !c.Decision.HasLegalBasis) {
		out = append(out, "f04")
	}
	if c.OffRecord {
		out = append(out, "f05")
	}
	if c.Fees.Unscheduled > 0 || c.Fees.AboveScheduleFen > 0 {
		out = append(out, "f06")
	}
	if float64(c.Fees.TotalFen)/100.0 > 500 {
		out = append(out, "f07")
	}
	if c.Notices.Count > 1 {
		out = append(out, "f08")
	}
	if c.Notices.Count > 0 && c.Notices.FirstDelay > 5 {
		out = append(out, "f09")
	}
	if c.Reviews.Bad > 0 && c.Reviews.MaxCallbackWait > 5 {
		out = append(out, "f10")
	}
	if c.Channel == "online" && c.Responsible == "" {
		out = append(out, "f11")
	}
	if (c.Decision.Outcome == "rejected" || c.Decision.Outcome == "withdrawn") && !c.Decision.HasReasons {
		out = append(out, "f12")
	}
	if c.Workdays.StatutoryRemaining-c.Workdays.CommittedRemaining < 0 {
		out = append(out, "f13")
	}
	if c.Penalties.TotalFen+c.Levies.TotalFen > 100000 || c.Inspections.Unplanned%2 == 1 {
		out = append(out, "f14")
	}
	return out
}

// flatEngine runs the rules over a chunk of up to 64 environments the way
// evaluation judges a batch (judge.go: each rule once over the batch, the
// VM for the subjects it fails on), and then collects, subject by subject
// and in rule order, the ids of the rules that hold.
func flatEngine(e *evaluation, w *judgeWork, rules []*Rule, chunk []CaseEnv, out [][]string) error {
	for i := range chunk {
		w.slots[i] = subjectSlot{env: &chunk[i]}
		out[i] = out[i][:0]
	}
	w.b.base, w.b.stride = unsafe.Pointer(&chunk[0]), unsafe.Sizeof(chunk[0])
	w.hits, w.errs = w.hits[:0], w.errs[:0]
	sel := firstN(len(chunk))
	if len(rules) > 64 {
		return fmt.Errorf("flatEngine collects at most 64 rules, not %d", len(rules))
	}
	for k, r := range rules {
		w.hits = append(w.hits, e.testBatch(r, w, k, sel))
	}
	if len(w.errs) > 0 {
		return w.errs[0].err
	}
	fired := w.fired() // as emit does
	for i := range chunk {
		for s := fired[i]; s != 0; s &= s - 1 {
			out[i] = append(out[i], rules[bits.TrailingZeros64(s)].ID)
		}
	}
	return nil
}

// newFlatEngine is the evaluation and working memory flatEngine uses.
func newFlatEngine(rs *RuleSet) (*evaluation, *judgeWork) {
	e := &evaluation{rs: rs, ctx: context.Background(), machine: new(vm.VM)}
	w := &judgeWork{}
	w.b.ints = make([][batchSize]int, rs.batchInts)
	w.b.floats = make([][batchSize]float64, rs.batchFloats)
	return e, w
}

func TestFlatBaselineAgrees(t *testing.T) {
	rs := mustParse(t, flatRules)
	rules := rs.byKind[efficiency.CaseSubject]
	require.Len(t, rules, 14)
	for _, r := range rules {
		require.NotNil(t, r.batch, "flat rule %s has no batch form", r.ID)
	}
	e, w := newFlatEngine(rs)
	out := make([][]string, batchSize)
	fired := map[string]bool{}
	envs := flatEnvs(200)
	for start := 0; start < len(envs); start += batchSize {
		chunk := envs[start:min(start+batchSize, len(envs))]
		require.NoError(t, flatEngine(e, w, rules, chunk, out))
		for i := range chunk {
			want := flatHandwritten(&chunk[i], nil)
			require.True(t, slices.Equal(out[i], want), "env %d: engine = %v, handwritten = %v", start+i, out[i], want)
			for _, id := range out[i] {
				fired[id] = true
			}
		}
	}
	require.Len(t, fired, 14, "every flat rule fires somewhere: %v", fired)
}

// BenchmarkFlat: 14 rules over precomputed facts; ns/subject for the engine's
// inner loop and for the same checks in Go.
func BenchmarkFlat(b *testing.B) {
	rs, err := Parse("flat.yaml", []byte(flatRules))
	if err != nil {
		b.Fatal(err)
	}
	rules := rs.byKind[efficiency.CaseSubject]
	envs := flatEnvs(1024)
	b.Run("impl=engine", func(b *testing.B) {
		b.ReportAllocs()
		e, w := newFlatEngine(rs)
		out := make([][]string, batchSize)
		for b.Loop() {
			for start := 0; start < len(envs); start += batchSize {
				if err := flatEngine(e, w, rules, envs[start:start+batchSize], out); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(envs)), "ns/subject")
	})
	b.Run("impl=handwritten", func(b *testing.B) {
		b.ReportAllocs()
		var out []string
		for b.Loop() {
			for i := range envs {
				out = flatHandwritten(&envs[i], out[:0])
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(envs)), "ns/subject")
	})
}
