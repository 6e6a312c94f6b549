// Command citywide evaluates a city-wide batch of facts — units, officials,
// cases, orders and complaints, embedded as facts.json — with the city's
// default rule set and prints a bilingual supervision report: findings under
// the four prohibitions (四个禁止) and the seven systems (七项制度), then the
// pre-deadline warnings (预警), then the month's appraisal ranking (绩效考核),
// then any run-time errors and invalid facts.
//
//	go run ./examples/citywide                  # both languages
//	go run ./examples/citywide -lang en         # English only
//	go run ./examples/citywide -at 2026-10-09T17:00:00+08:00
//
// The evaluation time is fixed (2026-10-20 10:00 in Shanghai), never the
// clock, so the report is the same on every run.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/xiaoneng/xiaoneng/appraisal"
	"github.com/xiaoneng/xiaoneng/efficiency"
	xreport "github.com/xiaoneng/xiaoneng/report"
	"github.com/xiaoneng/xiaoneng/rules"
	"golang.org/x/text/language"
)

//go:embed facts.json
var factsJSON []byte

// defaultAt is when the batch is evaluated unless -at says otherwise.
var defaultAt = time.Date(2026, time.October, 20, 10, 0, 0, 0, efficiency.ShanghaiZone())

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "citywide:", err)
		os.Exit(1)
	}
}

// run parses the flags, evaluates the embedded facts and writes the report to w.
func run(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("citywide", flag.ContinueOnError)
	lang := fs.String("lang", "both", "report language: zh-Hans, en or both")
	atFlag := fs.String("at", defaultAt.Format(time.RFC3339), "evaluation time (RFC 3339)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *lang != "zh-Hans" && *lang != "en" && *lang != "both" {
		return fmt.Errorf("-lang %q: want zh-Hans, en or both", *lang)
	}
	at, err := time.Parse(time.RFC3339, *atFlag)
	if err != nil {
		return fmt.Errorf("-at: %w", err)
	}

	// The facts: decoded strictly, so a misspelt field is an error, not a silent zero.
	var facts efficiency.Facts
	dec := json.NewDecoder(bytes.NewReader(factsJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&facts); err != nil {
		return fmt.Errorf("facts.json: %w", err)
	}

	// Compile the rule set once (a service would keep it) and evaluate.
	rs, err := rules.Default()
	if err != nil {
		return err
	}
	report, err := rs.Evaluate(context.Background(), &facts, at)
	if err != nil {
		return err
	}

	p := &printer{w: w, lang: *lang, names: indexNames(&facts)}
	p.header(rs, report)
	p.section(efficiency.T("四个禁止", "The four prohibitions"))
	for _, pr := range efficiency.Prohibitions() {
		p.group(pr.String(), pr.Name(), report.ByProhibition(pr))
	}
	p.section(efficiency.T("七项制度", "The seven systems"))
	for _, s := range efficiency.Systems() {
		p.group(s.String(), s.Name(), report.BySystem(s))
	}
	p.section(efficiency.T("预警", "Early warnings"))
	p.findings(report.Warnings)
	if err := p.ranking(rs, &facts, report, at); err != nil {
		return err
	}
	if len(report.Errors) > 0 || len(report.Invalid) > 0 {
		p.section(efficiency.T("错误", "Errors"))
		for _, e := range report.Errors {
			p.printf("  ! %s: %s\n", strings.TrimSpace(e.Rule+" "+p.subject(e.Subject)), p.text(e.Message))
		}
		for _, e := range report.Invalid {
			p.printf("  ! %s %s: %s\n", p.subject(e.Subject), e.Field, p.text(e.Message))
		}
	}
	return p.err
}

// ranking prints the month's appraisal (绩效考核) under the rule set's
// scheme: each unit's rank, score, grade and what moved its score, then the
// advanced and lagging units. The month is the one of the evaluation time,
// read as of that time.
func (p *printer) ranking(rs *rules.RuleSet, facts *efficiency.Facts, r *efficiency.Report, at time.Time) error {
	scheme, ok := rs.Appraisal()
	if !ok {
		return nil
	}
	local := at.In(rs.Jurisdiction().Zone)
	period := appraisal.Month(local.Year(), local.Month())
	figs, err := appraisal.Aggregate(appraisal.Input{Period: period, Facts: facts,
		Findings: append(append([]efficiency.Finding(nil), r.Findings...), r.Warnings...),
		Calendar: rs.Calendar(), At: at})
	if err != nil {
		return err
	}
	ranking, err := scheme.Rank(figs)
	if err != nil {
		return err
	}
	p.section(efficiency.T("绩效考核 "+period.Name().ZhHans, "Performance appraisal, "+period.Name().En))
	tag := language.SimplifiedChinese
	if p.lang == "en" {
		tag = language.English
	}
	for _, sc := range ranking.Scorecards {
		mark := ""
		switch {
		case sc.Advanced:
			mark = " [" + p.text(efficiency.T("先进", "advanced")) + "]"
		case sc.Lagging:
			mark = " [" + p.text(efficiency.T("后进", "lagging")) + "]"
		}
		p.printf("  %d. %s  %s  %s%s\n", sc.Rank, p.text(sc.Name), xreport.FormatScore(sc.Score), p.text(sc.Grade.Name), mark)
		if b := xreport.BreakdownText(sc, tag); b != "" {
			p.printf("      %s\n", b)
			if p.lang == "both" {
				p.printf("      %s\n", xreport.BreakdownText(sc, language.English))
			}
		}
	}
	names := func(ids []string) string {
		var out []string
		for _, id := range ids {
			out = append(out, p.unit(id))
		}
		if len(out) == 0 {
			return p.text(efficiency.T("（无）", "(none)"))
		}
		return strings.Join(out, ", ")
	}
	p.printf("  %s: %s\n", p.text(efficiency.T("先进单位", "Advanced units")), names(ranking.Advanced))
	p.printf("  %s: %s\n", p.text(efficiency.T("后进单位", "Lagging units")), names(ranking.Lagging))
	return nil
}

// printer writes the report in the chosen language(s).
type printer struct {
	w     io.Writer
	lang  string                     // zh-Hans, en or both
	names map[string]efficiency.Text // subject kind + id → a readable name
	err   error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// text picks the language; with both, the Chinese form comes first.
func (p *printer) text(t efficiency.Text) string {
	switch p.lang {
	case "zh-Hans":
		return t.ZhHans
	case "en":
		return t.En
	}
	if t.En == "" || t.En == t.ZhHans {
		return t.ZhHans
	}
	return t.ZhHans + " / " + t.En
}

func (p *printer) header(rs *rules.RuleSet, r *efficiency.Report) {
	j := rs.Jurisdiction()
	p.printf("%s\n", p.text(efficiency.T("机关行政效能建设 效能监察报告", "Administrative efficiency supervision report")))
	p.printf("%s: %s (%s)\n", p.text(efficiency.T("辖区", "Jurisdiction")), p.text(j.Name), j.ID)
	p.printf("%s: %s\n", p.text(efficiency.T("评估时间", "Evaluated at")), r.At.Format("2006-01-02 15:04 -07:00"))
	var counts []string
	for _, k := range efficiency.SubjectKinds() {
		counts = append(counts, fmt.Sprintf("%s %d", p.text(k.Name()), r.Evaluated[k]))
	}
	p.printf("%s: %s\n", p.text(efficiency.T("评估对象", "Subjects evaluated")), strings.Join(counts, ", "))
	p.printf("%s: %d, %s: %d\n", p.text(efficiency.T("问题", "Findings")), len(r.Findings),
		p.text(efficiency.T("预警", "Warnings")), len(r.Warnings))
}

func (p *printer) section(title efficiency.Text) {
	p.printf("\n══ %s ══\n", p.text(title))
}

// group prints the findings of one prohibition or system under a heading.
func (p *printer) group(id string, name efficiency.Text, fs []efficiency.Finding) {
	p.printf("\n■ %s %s (%d)\n", id, p.text(name), len(fs))
	p.findings(fs)
}

// findings prints each finding: severity, rule, subject and unit, then the message.
func (p *printer) findings(fs []efficiency.Finding) {
	if len(fs) == 0 {
		p.printf("  %s\n", p.text(efficiency.T("（无）", "(none)")))
	}
	for _, f := range fs {
		line := fmt.Sprintf("  • [%s] %s — %s", p.text(f.Severity.Name()), f.Rule, p.subject(f.Subject))
		if f.Unit != "" && f.Subject.Kind != efficiency.UnitSubject {
			line += " — " + p.unit(f.Unit)
		}
		p.printf("%s\n", line)
		if p.lang != "en" {
			p.printf("      %s\n", f.Message.ZhHans)
		}
		if p.lang != "zh-Hans" {
			p.printf("      %s\n", f.Message.En)
		}
	}
}

// subject names a subject: its kind, its id and, when known, what it is.
func (p *printer) subject(ref efficiency.SubjectRef) string {
	s := p.text(ref.Kind.Name()) + " " + ref.ID
	if n := p.text(p.names[ref.String()]); n != "" {
		s += " " + n
	}
	return s
}

// unit is a unit's name, or its id when the batch does not hold it.
func (p *printer) unit(id string) string {
	if n := p.text(p.names["unit "+id]); n != "" {
		return n
	}
	return id
}

// indexNames maps "kind id" to a readable name: a case's matter, an order's
// title, a unit's name, an official's name.
func indexNames(f *efficiency.Facts) map[string]efficiency.Text {
	m := map[string]efficiency.Text{}
	ref := func(k efficiency.SubjectKind, id string) string {
		return efficiency.SubjectRef{Kind: k, ID: id}.String()
	}
	for _, c := range f.Cases {
		m[ref(efficiency.CaseSubject, c.ID)] = c.Matter.Name
	}
	for _, o := range f.Orders {
		m[ref(efficiency.OrderSubject, o.ID)] = efficiency.T(o.Title, "") // titles are Chinese only
	}
	for _, u := range f.Units {
		m[ref(efficiency.UnitSubject, u.ID)] = u.Name
	}
	for _, o := range f.Officials {
		m[ref(efficiency.OfficialSubject, o.ID)] = efficiency.T(o.Name, o.Name)
	}
	return m
}
