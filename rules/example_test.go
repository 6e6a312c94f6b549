package rules_test

import (
	"context"
	"errors"
	"fmt"
	"testing/fstest"
	"time"

	"github.com/xiaoneng/xiaoneng/accountability"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/rules"
)

// exampleTime builds a time in the jurisdiction's zone.
func exampleTime(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2026, month, day, hour, minute, 0, 0, efficiency.ShanghaiZone())
}

// exampleMatter is a matter whose procedure, fees, limits and materials are all public.
func exampleMatter(code string, statutory, committed int) efficiency.Matter {
	return efficiency.Matter{
		Code: code, StatutoryDays: statutory, CommittedDays: committed,
		Published: efficiency.Publication{Procedure: true, Fees: true, TimeLimits: true, Materials: true},
		Materials: []string{"申请书", "营业执照"},
	}
}

// Evaluate one case with the city's default rules. The case was received on
// Monday 28 September 2026 with a three-working-day commitment; by 12
// October six working days have passed: 29 and 30 September, 8, 9 and 10
// October (a Saturday made a working day, 调休) and 12 October. The National
// Day holiday, 1–7 October, does not count.
func ExampleDefault() {
	rs, err := rules.Default()
	if err != nil {
		panic(err)
	}
	facts := efficiency.Facts{Cases: []efficiency.Case{{
		ID:          "C-001",
		Matter:      exampleMatter("SJ-XK-0101", 15, 3),
		Unit:        "city-amr",
		Responsible: "off-lina",
		Events: []efficiency.Event{
			{Kind: efficiency.Receipt, At: exampleTime(time.September, 28, 9, 30), Official: "off-lina"},
			{Kind: efficiency.Acceptance, At: exampleTime(time.September, 28, 10, 0), Official: "off-lina"},
		},
	}}}
	report, err := rs.Evaluate(context.Background(), &facts, exampleTime(time.October, 12, 17, 0))
	if err != nil {
		panic(err)
	}
	for _, f := range report.Findings {
		fmt.Printf("%s: %s\n", f.Rule, f.Message.En)
	}
	// Output:
	// P2.commitment.overdue: 6 working days used, 3 past the committed limit of 3
}

// A rule file states policy; params name its thresholds, so a county can
// change them without rewriting the rule.
func ExampleParse() {
	src := []byte(`xiaoneng: 1
jurisdiction: {id: county, name: {zh-Hans: 某县, en: The County}}
params:
  max_fee_yuan: 100
rules:
  - id: P3.fees.too-high
    on: case
    prohibition: P3
    severity: major
    title: {zh-Hans: 单笔办件收费过高, en: Fees of one case too high}
    when: case.fees.total_fen > params.max_fee_yuan * 100
    evidence:
      yuan: case.fees.total_fen / 100
      limit: params.max_fee_yuan
    message:
      zh-Hans: "共收费 {yuan} 元，超过 {limit} 元"
      en: "{yuan} yuan charged, more than {limit}"
`)
	rs, err := rules.Parse("county.yaml", src)
	if err != nil {
		panic(err)
	}
	limit, _ := rs.Param("max_fee_yuan")
	fmt.Println("max_fee_yuan =", limit)

	facts := efficiency.Facts{Cases: []efficiency.Case{{
		ID: "C-002", Matter: efficiency.Matter{Code: "XZ-XK-0118", StatutoryDays: 20}, Unit: "county-gov",
		Events: []efficiency.Event{
			{Kind: efficiency.Receipt, At: exampleTime(time.October, 12, 9, 0)},
			{Kind: efficiency.Fee, At: exampleTime(time.October, 12, 9, 30), Item: "工本费", AmountFen: 15000},
		},
	}}}
	report, err := rs.Evaluate(context.Background(), &facts, exampleTime(time.October, 13, 9, 0))
	if err != nil {
		panic(err)
	}
	for _, f := range report.Findings {
		fmt.Printf("%s on %s: %s / %s\n", f.Rule, f.Subject, f.Message.ZhHans, f.Message.En)
	}
	// Output:
	// max_fee_yuan = 100
	// P3.fees.too-high on case C-002: 共收费 150 元，超过 100 元 / 150 yuan charged, more than 100
}

// Every problem in a file comes back at once, each at its position in the
// file: an unknown field (a typo) and an expression that names a field the
// case does not have.
func ExampleParse_error() {
	src := []byte(`xiaoneng: 1
jurisdiction: {id: county}
rules:
  - id: P2.case.slow
    on: case
    prohibition: P2
    severity: minor
    title: {zh-Hans: 办理缓慢, en: Slow handling}
    when: case.workdays.elapsed > 5
    mesage: {zh-Hans: 办理缓慢, en: slow}
  - id: P2.case.late
    on: case
    prohibition: P2
    severity: major
    title: {zh-Hans: 超期, en: Late}
    when: case.workdays.elapsed > case.matter.limit
    message: {zh-Hans: 超期, en: late}
`)
	_, err := rules.Parse("county.yaml", src)
	fmt.Println(err)
	for _, e := range rules.Errors(err) {
		fmt.Printf("line %d, column %d, rule %s\n", e.Line, e.Column, e.Rule)
	}
	var list rules.ErrorList
	fmt.Println(errors.As(err, &list), len(list))
	// Output:
	// county.yaml:4:5: rule "P2.case.slow": a rule is missing the required field "message"
	// county.yaml:10:5: rule "P2.case.slow": unknown field "mesage" in a rule (did you mean "message"?)
	// county.yaml:16:47: rule "P2.case.late": unknown field "limit" (see the field reference for what case.matter offers)
	// line 4, column 5, rule P2.case.slow
	// line 10, column 5, rule P2.case.slow
	// line 16, column 47, rule P2.case.late
	// true 3
}

// Load reads a rule file through any fs.FS: an embed.FS compiled into the
// program, os.DirFS, or, in tests, a fstest.MapFS.
func ExampleLoad() {
	fsys := fstest.MapFS{
		"rules/district.yaml": {Data: []byte(`xiaoneng: 1
jurisdiction: {id: district, name: {zh-Hans: 某区, en: The District}}
params:
  callback_days: 3
rules:
  - id: P4.review.no-callback
    on: case
    prohibition: P4
    severity: minor
    title: {zh-Hans: 差评未及时回访, en: Bad review not called back in time}
    when: case.reviews.bad > 0 && case.reviews.max_callback_wait > params.callback_days
    message: {zh-Hans: 差评未及时回访, en: a bad review was not called back in time}
`)},
	}
	rs, err := rules.Load(fsys, "rules/district.yaml")
	if err != nil {
		panic(err)
	}
	j := rs.Jurisdiction()
	fmt.Println(j.ID, j.Name.ZhHans, j.Name.En, j.Zone)
	for _, r := range rs.Rules() {
		fmt.Println(r.ID, r.On, r.Prohibition, r.Severity, r.Source.File, r.Source.Line)
	}

	_, err = rules.Load(fsys, "rules/missing.yaml")
	fmt.Println(err)
	// Output:
	// district 某区 The District Asia/Shanghai
	// P4.review.no-callback case P4 minor rules/district.yaml 6
	// rules: open rules/missing.yaml: file does not exist
}

// Findings are violations; warnings (预警) are deadlines that are near but
// not yet missed. Here one case is still within its commitment but close to
// it, and one order is past its due date.
func ExampleRuleSet_Evaluate() {
	rs, err := rules.Default()
	if err != nil {
		panic(err)
	}
	facts := efficiency.Facts{
		Cases: []efficiency.Case{{
			ID: "C-003", Matter: exampleMatter("RS-GG-0410", 15, 10), Unit: "city-hrss", Responsible: "off-chenjing",
			Events: []efficiency.Event{
				{Kind: efficiency.Receipt, At: exampleTime(time.September, 30, 9, 20), Official: "off-chenjing"},
			},
		}},
		Orders: []efficiency.Order{{
			ID: "DB-2026-036", Issuer: "city-efficiency-office", Assignee: "county-gov",
			Issued: exampleTime(time.September, 7, 9, 0), Due: exampleTime(time.September, 30, 18, 0),
			Acknowledged: exampleTime(time.September, 7, 15, 0),
		}},
	}
	at := exampleTime(time.October, 19, 10, 0)
	report, err := rs.Evaluate(context.Background(), &facts, at)
	if err != nil {
		panic(err)
	}
	fmt.Println("evaluated at", report.At.Format(time.RFC3339))
	for _, f := range report.Findings {
		fmt.Printf("finding %s [%s] %s: %s\n", f.Rule, f.Severity, f.Subject, f.Message.En)
	}
	for _, w := range report.Warnings {
		fmt.Printf("warning %s [%s] %s: %s\n", w.Rule, w.Severity, w.Subject, w.Message.En)
	}
	for _, n := range report.Next {
		fmt.Printf("check %s again at %s\n", n.Subject, n.At.Format(time.RFC3339))
	}
	// Output:
	// evaluated at 2026-10-19T10:00:00+08:00
	// finding P1.order.not-executed [major] order DB-2026-036: order DB-2026-036 is 9 working days past its due date 2026-09-30 18:00 and not executed
	// warning P2.commitment.warning [notice] case C-003: the committed limit ends on 2026-10-20; working days left: 1
	// check case C-003 again at 2026-10-20T00:00:00+08:00
}

// Deciding findings with the city's default ladder: a major finding earns an
// efficiency warning; a second within 365 days reassignment. Deciding the
// same finding again triggers nothing.
func ExampleRuleSet_Decide() {
	rs, err := rules.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	ledger := &accountability.MemoryLedger{}
	facts := &efficiency.Facts{Officials: []efficiency.Official{{ID: "o1", Unit: "u1"}}}
	major := func(c string) efficiency.Finding {
		return efficiency.Finding{ID: "P2.commitment.overdue@case:" + c, Rule: "P2.commitment.overdue",
			Severity: efficiency.Major, Unit: "u1", Officials: []string{"o1"}}
	}
	jan := time.Date(2026, time.January, 12, 9, 0, 0, 0, efficiency.ShanghaiZone())
	for _, step := range []struct {
		at time.Time
		c  string
	}{{jan, "c1"}, {jan, "c1"}, {jan.AddDate(0, 9, 0), "c2"}} {
		d, err := rs.Decide(context.Background(), accountability.Input{Findings: []efficiency.Finding{major(step.c)}, Facts: facts}, ledger, step.at)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s %s: %d new\n", step.at.Format("2006-01-02"), step.c, len(d.Triggers))
		for _, t := range d.Triggers {
			fmt.Printf("  %s %s %v\n", t.Official, t.Step, t.Measures)
		}
	}
	// Output:
	// 2026-01-12 c1: 1 new
	//   o1 major [efficiency-warning no-honours not-excellent]
	// 2026-01-12 c1: 0 new
	// 2026-10-12 c2: 1 new
	//   o1 repeated-warning [reassignment no-honours incompetent]
}

// A ladder error names the file, line and column.
func ExampleParse_ladderError() {
	_, err := rules.Parse("county.yaml", []byte(`xiaoneng: 1
jurisdiction: {id: county}
accountability:
  steps:
    - id: major
      name: {zh-Hans: 严重问题, en: Major finding}
      when: history.count("efficiency-warnings", 365) >= 1
      measures: [efficiency-warning]
`))
	fmt.Println(err)
	// Output:
	// county.yaml:7:27: rule "accountability.major": unknown measure "efficiency-warnings" (known: criticism, written-review, circulated-criticism, efficiency-warning, admonishment, reassignment, dismissal, discipline-referral, no-honours, not-excellent, incompetent)
}

// An Evaluator evaluates batch after batch in reused memory: each report
// is the one Evaluate would give, valid until the next call.
func ExampleEvaluator() {
	rs, err := rules.Default()
	if err != nil {
		panic(err)
	}
	ev := rs.NewEvaluator()
	batches := []efficiency.Facts{
		{Cases: []efficiency.Case{{ID: "C-101", Unit: "U-1", Responsible: "O-1", Matter: exampleMatter("M-1", 20, 3),
			Events: []efficiency.Event{{Kind: efficiency.Receipt, At: exampleTime(9, 28, 9, 0)}}}}},
		{Cases: []efficiency.Case{{ID: "C-102", Unit: "U-1", Responsible: "O-2", Matter: exampleMatter("M-1", 20, 10),
			Events: []efficiency.Event{{Kind: efficiency.Receipt, At: exampleTime(10, 9, 9, 0)}}}}},
	}
	for i := range batches {
		report, err := ev.Evaluate(context.Background(), &batches[i], exampleTime(10, 12, 9, 0))
		if err != nil {
			panic(err)
		}
		// the report is reused by the next call: print (or copy) what is needed now
		fmt.Printf("batch %d: %d findings, %d warnings\n", i+1, len(report.Findings), len(report.Warnings))
		for _, f := range report.Findings {
			fmt.Println(" ", f.ID)
		}
	}
	// Output:
	// batch 1: 1 findings, 0 warnings
	//   P2.commitment.overdue@case:C-101
	// batch 2: 0 findings, 0 warnings
}
