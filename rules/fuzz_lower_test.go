package rules

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/expr-lang/expr/vm"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// FuzzLowered is the differential test of lowering: a condition generated
// from a small typed grammar over the case environment (fields, literals,
// operators, builtins) runs as lowered Go closures and on expr's VM over
// fuzzed facts. Both must give the same value, or both fail; a lowered
// closure may give up (ok false) only where the VM fails.
func FuzzLowered(f *testing.F) {
	f.Add([]byte("case.workdays.elapsed > 3"), int64(7), int64(0), int64(150000), 0.75, "online", uint8(5))
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, int64(-3), int64(2), int64(math.MaxInt64), math.NaN(), "", uint8(0))
	f.Add([]byte{9, 9, 9, 9, 3, 1, 4, 1, 5, 9, 2, 6}, int64(math.MinInt64), int64(-1), int64(0), math.Inf(1), "rejected", uint8(255))
	f.Add([]byte{2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4, 5}, int64(10), int64(0), int64(-5), -0.0, "窗口", uint8(77))
	f.Add([]byte{5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, int64(1), int64(1), int64(1), 1.5, "approved", uint8(3))
	f.Add([]byte(`any(case.officials, # == case.responsible) && all(case.notices.beyond_list, # != "")`), int64(1), int64(2), int64(3), 0.5, "o1", uint8(1))
	f.Add([]byte{12, 1, 5, 0, 0, 1, 0}, int64(4), int64(2), int64(0), 0.5, "online", uint8(3))
	f.Add([]byte{12, 2, 0, 12, 3, 0, 0, 1, 3}, int64(4), int64(2), int64(0), 0.5, "", uint8(2))
	// shapes the batch form fuses into one loop (batch.go)
	for i, src := range []string{
		"case.workdays.elapsed - case.workdays.committed_limit > 2",
		"case.fees.total_fen + case.fees.above_schedule_fen <= 100000 || case.workdays.elapsed % 2 == 1",
		"case.fees.total_fen / 100.0 > 500 && 3 * case.fees.total_fen != 0",
		"case.fees.above_schedule_fen % 0 == 1 || unit.on_time_rate * 100 >= 90.5",
		"case.workdays.elapsed > case.workdays.committed_limit && case.channel != case.decision.outcome",
	} {
		f.Add([]byte(src), int64(i*5-3), int64(i+3), int64(150000-i*70000), 0.8, "online", uint8(i*51))
	}
	cal := efficiency.DefaultCalendar()
	f.Fuzz(func(t *testing.T, program []byte, a, b, c int64, x float64, s string, flags uint8) {
		code := string(program)
		if !strings.Contains(code, ".") { // not source text: generate from the bytes
			g := &exprGen{src: program}
			code = g.boolean(0)
		}
		prog, err := compileCase(code, cal)
		if err != nil {
			return // not a well-typed condition
		}
		env := fuzzEnv(a, b, c, x, s, flags)
		low := lowerCondition(prog, CaseEnv{}, cal)
		out, vmErr := vm.Run(prog, env)
		vmHit, _ := out.(bool)
		if low != nil {
			hit, ok := low(unsafe.Pointer(env))
			if ok && vmErr != nil {
				t.Fatalf("%s: lowered = %v, VM failed: %v", code, hit, vmErr)
			}
			if !ok && vmErr == nil {
				t.Fatalf("%s: lowered gave up, VM = %v", code, vmHit)
			}
			if ok && hit != vmHit {
				t.Fatalf("%s: lowered = %v, VM = %v (env %+v)", code, hit, vmHit, env.Case.Workdays)
			}
		}
		if low != nil {
			// the batch form, over variations of env, on every subject and
			// on every other one
			var envs []CaseEnv
			for k := range int64(9) {
				envs = append(envs, *fuzzEnv(a+k-4, b*(k%3-1), c-k, x*float64(k), s, flags^uint8(k*37)))
			}
			checkBatch(t, code, prog, cal, envs)
		}
		r := &Rule{On: efficiency.CaseSubject, when: prog, lowered: low}
		hit, err := r.test(new(vm.VM), env)
		if (err == nil) != (vmErr == nil) || hit != vmHit {
			t.Fatalf("%s: test = %v, %v; VM = %v, %v", code, hit, err, vmHit, vmErr)
		}
	})
}

func fuzzEnv(a, b, c int64, x float64, s string, flags uint8) *CaseEnv {
	bit := func(i uint) bool { return flags&(1<<i) != 0 }
	base := time.Date(2026, 9, 30, 9, 0, 0, 0, sh)
	return &CaseEnv{
		Case: CaseFacts{ID: "C-1", Channel: s, Responsible: map[bool]string{true: "o1"}[bit(0)],
			Officials: []string{"o1", s}, Received: bit(1), Completed: bit(2), Decided: bit(3),
			ReceivedAt: base.Add(time.Duration(a%1000) * time.Hour),
			Decision:   DecisionFacts{Outcome: s, HasReasons: bit(4), HasLegalBasis: bit(5)},
			Matter:     MatterFacts{CommittedDays: int(b), StatutoryDays: int(a), Published: bit(6)},
			Workdays: WorkdayFacts{Started: bit(7), Elapsed: int(a), CommittedLimit: int(b), StatutoryLimit: int(c),
				CommittedDue: base.Add(time.Duration(c%2000) * time.Hour)},
			Notices: NoticeFacts{Count: int(b), BeyondList: []string{s}[:int(flags%2)]},
			Fees:    FeeFacts{Count: int(c), TotalFen: c, AboveScheduleFen: a}},
		Unit: UnitFacts{OnTimeRate: x, OnTimeTarget: float64(b) / 10},
		At:   time.Date(2026, 10, 12, 10, 0, 0, 0, sh),
	}
}

// exprGen writes a well-typed condition from fuzz bytes.
type exprGen struct {
	src  []byte
	i    int
	pred bool // inside a predicate: # is a string
}

func (g *exprGen) next(n int) int {
	if g.i >= len(g.src) {
		return 0
	}
	v := int(g.src[g.i]) % n
	g.i++
	return v
}

func pick(g *exprGen, opts ...string) string { return opts[g.next(len(opts))] }

func (g *exprGen) boolean(d int) string {
	if d > 3 {
		return pick(g, "case.received", "case.completed", "case.workdays.started", "case.decision.has_reasons", "true", "false")
	}
	switch g.next(13) {
	case 0:
		return pick(g, "case.received", "case.completed", "case.decided", "case.matter.published", "case.decision.has_legal_basis")
	case 12:
		if g.pred {
			return fmt.Sprintf("(# %s %s)", pick(g, "==", "!=", "startsWith", "contains"), g.str(d+1))
		}
		g.pred = true
		defer func() { g.pred = false }()
		return fmt.Sprintf("%s(%s, %s)", pick(g, "any", "all", "none"), pick(g, "case.officials", "case.notices.beyond_list"), g.boolean(d+1))
	case 1:
		return fmt.Sprintf("(%s %s %s)", g.boolean(d+1), pick(g, "&&", "||", "and", "or", "==", "!="), g.boolean(d+1))
	case 2:
		return "!" + g.boolean(d+1)
	case 3:
		return fmt.Sprintf("(%s %s %s)", g.integer(d+1), pick(g, "==", "!=", "<", ">", "<=", ">="), g.integer(d+1))
	case 4:
		return fmt.Sprintf("(%s %s %s)", g.number(d+1), pick(g, "==", "!=", "<", ">", "<=", ">="), g.number(d+1))
	case 5:
		return fmt.Sprintf("(%s %s %s)", g.str(d+1), pick(g, "==", "!=", "<", ">=", "contains", "startsWith", "endsWith"), g.str(d+1))
	case 6:
		return fmt.Sprintf("(%s %s [%s, %s])", g.str(d+1), pick(g, "in", "not in"), pick(g, `"online"`, `"rejected"`, `""`), pick(g, `"window"`, `"窗口"`))
	case 7:
		return fmt.Sprintf("(%s in [%d, %d, %d])", g.integer(d+1), g.next(5)-2, g.next(20), g.next(3))
	case 8:
		return fmt.Sprintf("(%s %s %s)", g.time(d+1), pick(g, "==", "!=", "<", ">", "<=", ">="), g.time(d+1))
	case 9:
		return fmt.Sprintf("(%s ? %s : %s)", g.boolean(d+1), g.boolean(d+1), g.boolean(d+1))
	case 10:
		return fmt.Sprintf("(%s in case.officials)", g.str(d+1))
	default:
		return fmt.Sprintf("is_workday(%s)", g.time(d+1))
	}
}

func (g *exprGen) integer(d int) string {
	if d > 3 {
		return pick(g, "case.workdays.elapsed", "case.fees.total_fen", "0", "1", "-1", "7")
	}
	switch g.next(8) {
	case 0:
		return pick(g, "case.workdays.elapsed", "case.workdays.committed_limit", "case.workdays.statutory_limit",
			"case.notices.count", "case.fees.total_fen", "case.fees.above_schedule_fen", "case.matter.committed_days")
	case 1:
		return fmt.Sprint(g.next(11) - 5)
	case 2:
		return fmt.Sprintf("(%s %s %s)", g.integer(d+1), pick(g, "+", "-", "*", "%"), g.integer(d+1))
	case 3:
		return "-" + g.integer(d+1)
	case 4:
		return fmt.Sprintf("len(%s)", pick(g, "case.officials", "case.notices.beyond_list", "case.channel"))
	case 5:
		return fmt.Sprintf("(%s ? %s : %s)", g.boolean(d+1), g.integer(d+1), g.integer(d+1))
	case 6:
		return fmt.Sprintf("workdays(%s, %s)", g.time(d+1), g.time(d+1))
	default:
		return "9223372036854775807"
	}
}

func (g *exprGen) number(d int) string {
	if d > 3 {
		return pick(g, "unit.on_time_rate", "0.5", "case.workdays.elapsed")
	}
	switch g.next(6) {
	case 0:
		return pick(g, "unit.on_time_rate", "unit.on_time_target", "0.9", "-0.0", "1e300")
	case 1:
		return g.integer(d + 1)
	case 2:
		return fmt.Sprintf("(%s %s %s)", g.number(d+1), pick(g, "+", "-", "*", "/", "**"), g.number(d+1))
	case 3:
		return fmt.Sprintf("(%s / %s)", g.integer(d+1), g.integer(d+1))
	case 4:
		return fmt.Sprintf("(%s ? %s : %s)", g.boolean(d+1), g.number(d+1), g.number(d+1))
	default:
		return "-" + g.number(d+1)
	}
}

func (g *exprGen) str(d int) string {
	if d > 3 {
		return pick(g, "case.channel", `""`, `"online"`)
	}
	switch g.next(5) {
	case 0:
		if g.pred && g.next(2) == 0 {
			return "#"
		}
		return pick(g, "case.channel", "case.decision.outcome", "case.responsible", "case.id")
	case 1:
		return pick(g, `"online"`, `"rejected"`, `""`, `"o1"`, `"窗口"`)
	case 2:
		return fmt.Sprintf("(%s + %s)", g.str(d+1), g.str(d+1))
	default:
		return fmt.Sprintf("(%s ? %s : %s)", g.boolean(d+1), g.str(d+1), g.str(d+1))
	}
}

func (g *exprGen) time(d int) string {
	if d > 3 {
		return pick(g, "at", "case.received_at")
	}
	switch g.next(7) {
	case 0:
		return pick(g, "at", "case.received_at", "case.workdays.committed_due", "case.decision.at")
	case 1:
		return pick(g, `date("2026-10-01")`, `end_of_day("2026-09-30")`, `date("1990-01-01")`)
	case 2:
		return fmt.Sprintf("add_workdays(%s, %s)", g.time(d+1), g.integer(d+1))
	case 3:
		return fmt.Sprintf("(%s %s duration(%s))", g.time(d+1), pick(g, "+", "-"), pick(g, `"24h"`, `"-90m"`, `"1h30m"`))
	case 4:
		return fmt.Sprintf("(%s ? %s : %s)", g.boolean(d+1), g.time(d+1), g.time(d+1))
	case 5:
		return fmt.Sprintf("date(%s)", g.str(d+1))
	default:
		return "at"
	}
}

// checkBatch requires the batch form of a lowered condition to agree with
// its scalar closure on each environment: the same value, or both failing.
// It runs the batch on every subject, on every other one and on none.
func checkBatch(t *testing.T, code string, prog *vm.Program, cal *efficiency.Calendar, envs []CaseEnv) {
	t.Helper()
	low := lowerCondition(prog, CaseEnv{}, cal)
	bp, ints, floats := lowerBatch(prog, CaseEnv{}, cal, nil)
	if low == nil || bp == nil {
		t.Fatalf("%s: lowered = %v, batch = %v: both or neither", code, low != nil, bp != nil)
	}
	for start := 0; start < len(envs); start += batchSize {
		chunk := envs[start:min(start+batchSize, len(envs))]
		b := &batch{base: unsafe.Pointer(&chunk[0]), stride: unsafe.Sizeof(chunk[0]),
			ints: make([][batchSize]int, ints), floats: make([][batchSize]float64, floats)}
		all := firstN(len(chunk))
		for _, sel := range []uint64{all, all & 0x5555555555555555, 0} {
			tr, bad := bp(b, sel)
			if tr&bad != 0 || (tr|bad)&^sel != 0 {
				t.Fatalf("%s: batch(sel %b) = %b, bad %b: not disjoint subsets of sel", code, sel, tr, bad)
			}
			for i := range chunk {
				if sel&(1<<i) == 0 {
					continue
				}
				hit, ok := low(unsafe.Pointer(&chunk[i]))
				if gotBad := bad&(1<<i) != 0; gotBad != !ok {
					t.Fatalf("%s: subject %d: batch failed = %v, scalar ok = %v", code, start+i, gotBad, ok)
				}
				if gotHit := tr&(1<<i) != 0; ok && gotHit != hit {
					t.Fatalf("%s: subject %d: batch = %v, scalar = %v", code, start+i, gotHit, hit)
				}
			}
		}
	}
}
