package rules

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/efficiency"
)

// FuzzParse: the loader never panics, and either returns a usable rule set
// or a non-empty ErrorList whose entries all carry the file name.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add(cityYAML)
	f.Fuzz(func(t *testing.T, src []byte) {
		rs, err := Parse("fuzz.yaml", src, WithLimits(500, 4096))
		if err != nil {
			if rs != nil {
				t.Fatalf("Parse returned a rule set and an error %v", err)
			}
			errs := Errors(err)
			if len(errs) == 0 {
				t.Fatalf("Parse error %T %v is not an ErrorList", err, err)
			}
			for _, e := range errs {
				if e.File != "fuzz.yaml" || e.Msg.ZhHans == "" || e.Msg.En == "" {
					t.Fatalf("malformed error %#v", e)
				}
			}
			return
		}
		if rs == nil {
			t.Fatal("Parse returned neither a rule set nor an error")
		}
	})
}

// FuzzEvaluate: any facts that decode are evaluated by the default rule set
// without a panic; every subject is evaluated, reported invalid, or reported
// as failing.
func FuzzEvaluate(f *testing.F) {
	seed := `{"cases":[{"id":"c","unit":"u","matter":{"code":"m","statutory_days":20,"committed_days":3,
"fees":[{"code":"f","max_fen":100}],"materials":["id"]},"responsible":"o","officials":["o"],
"events":[{"kind":"inquiry","at":"2026-09-29T09:00:00+08:00","official":"x"},
{"kind":"receipt","at":"2026-09-30T09:00:00+08:00"},{"kind":"notice","at":"2026-09-30T10:00:00+08:00","materials":["id","deed"]},
{"kind":"supplement","at":"2026-10-08T09:00:00+08:00"},{"kind":"suspension","at":"2026-10-09T09:00:00+08:00","reason":"hearing"},
{"kind":"resumption","at":"2026-10-12T09:00:00+08:00"},{"kind":"fee","at":"2026-10-12T10:00:00+08:00","item":"f","amount_fen":500},
{"kind":"decision","at":"2026-10-13T09:00:00+08:00","outcome":"rejected"},{"kind":"completion","at":"2026-10-13T10:00:00+08:00"},
{"kind":"rating","at":"2026-10-13T11:00:00+08:00","score":1}]}],
"orders":[{"id":"o","issuer":"g","assignee":"u","issued":"2026-09-01T09:00:00+08:00","due":"2026-09-30T18:00:00+08:00"}],
"complaints":[{"id":"p","channel":"12345","unit":"u","category":"attitude","received":"2026-10-01T09:00:00+08:00","verification":"verified","verified":"2026-10-09T09:00:00+08:00"}],
"units":[{"id":"u","kind":"municipal-unit"}],"officials":[{"id":"o","unit":"u"}]}`
	f.Add([]byte(seed), int64(0))
	f.Add([]byte(`{"cases":[{"id":"c","unit":"u","matter":{"code":"m"},"events":[{"kind":"completion","at":"2026-10-01T00:00:00Z"}]}]}`), int64(86400*40))
	f.Add([]byte(`{"orders":[{"id":"o","assignee":"u","issued":"2030-01-01T00:00:00Z","due":"2020-01-01T00:00:00Z"}]}`), int64(-86400))
	rs, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	base := time.Date(2026, 10, 20, 10, 0, 0, 0, efficiency.ShanghaiZone())
	// one Evaluator across inputs, so its reused memory has held other
	// batches, of other sizes, before each
	ev := rs.NewEvaluator()
	var evMu sync.Mutex
	f.Fuzz(func(t *testing.T, data []byte, offset int64) {
		var facts efficiency.Facts
		if json.Unmarshal(data, &facts) != nil {
			return
		}
		at := base.Add(time.Duration(offset%(86400*400)) * time.Second)
		r, err := rs.Evaluate(context.Background(), &facts, at)
		if err != nil {
			t.Fatalf("Evaluate: %v", err)
		}
		evMu.Lock()
		reused, err := ev.Evaluate(context.Background(), &facts, at)
		// compared as printed: NaN evidence is equal to itself there
		same := err == nil && fmt.Sprintf("%+v", *r) == fmt.Sprintf("%+v", *reused)
		evMu.Unlock()
		if !same {
			t.Fatalf("Evaluator and Evaluate differ (Evaluator error %v)", err)
		}
		total := len(facts.Cases) + len(facts.Orders) + len(facts.Complaints) + len(facts.Units) + len(facts.Officials)
		evaluated := 0
		for _, n := range r.Evaluated {
			evaluated += n
		}
		failed := 0
		for _, e := range r.Errors {
			if e.Rule == "" {
				failed++
			}
		}
		if evaluated+failed > total {
			t.Fatalf("evaluated %d + failed %d subjects out of %d", evaluated, failed, total)
		}
		if evaluated+failed < total && len(r.Invalid) == 0 {
			t.Fatalf("%d subjects neither evaluated, failed nor invalid", total-evaluated-failed)
		}
	})
}

// FuzzCompile: any condition compiled into a minimal rule file is either
// refused with positioned, bilingual errors inside the file, or compiles
// and evaluates on a small batch without a panic and within its budget.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		"case.received", "case.workdays.elapsed > case.matter.committed_days",
		`any(case.officials, # == case.responsible)`, `count(case.notices.materials, # in case.matter.materials) > 1`,
		"!!!!case.received", "((((case.received))))", "$env.case.received", "now() > at", "let x = 1; x > 0",
		`reduce(case.officials, #acc, "") == ""`, "workdays(case.received_at, at) > 3", "at.Local().Hour() > 9",
		"any(1..case.fees.count, # > 0)", `case.id + "x" == "y"`, "case.received ? true : false ? true : false",
		"2 ** 2 ** 2 > 1", "case.fees.total_fen / case.fees.count > 0", `"((((" != ")"`, "/* ((( */ case.received",
		"sum(concat(case.officials, case.officials), len(#)) > 1", "len(1..1000000) > 0",
	} {
		f.Add(s)
	}
	facts := &efficiency.Facts{
		Cases: []efficiency.Case{{ID: "c", Unit: "u", Matter: efficiency.Matter{Code: "m", StatutoryDays: 20, Materials: []string{"id"}},
			Officials: []string{"a", "b"}, Responsible: "a",
			Events: []efficiency.Event{{Kind: efficiency.Receipt, At: time.Date(2026, 9, 30, 9, 0, 0, 0, efficiency.ShanghaiZone())}}}},
		Units: []efficiency.Unit{{ID: "u", Kind: efficiency.MunicipalUnit}},
	}
	at := time.Date(2026, 10, 20, 10, 0, 0, 0, efficiency.ShanghaiZone())
	f.Fuzz(func(t *testing.T, cond string) {
		src := oneRule(cond)
		lines := strings.Count(string(src), "\n") + 1
		rs, err := Parse("fuzz.yaml", src)
		if err != nil {
			require.Nil(t, rs)
			errs := Errors(err)
			require.NotEmpty(t, errs, "Parse error %T %v is not an ErrorList", err, err)
			for _, e := range errs {
				if e.Msg.ZhHans == "" || e.Msg.En == "" || e.Line < 1 || e.Line > lines {
					t.Fatalf("malformed error %#v", e)
				}
			}
			return
		}
		r, err := rs.Evaluate(context.Background(), facts, at)
		require.NoError(t, err)
		require.Equal(t, 1, r.Evaluated[efficiency.CaseSubject])
	})
}
