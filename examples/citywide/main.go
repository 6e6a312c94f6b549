// Command citywide evaluates a city-wide batch of facts — units, officials,
// cases, orders and complaints, embedded as facts.json — with the city's
// default rule set and prints a bilingual supervision report: findings under
// the four prohibitions (四个禁止) and the seven systems (七项制度), then the
// pre-deadline warnings (预警), then the accountability triggers the city's
// ladder decides (效能责任追究, with the circumstances of circumstances.json),
// then the month's appraisal ranking (绩效考核), then any run-time errors and
// invalid facts. Before the findings it shows the campaign's state: the phase
// that holds, the days to its end, and each unit's deliverables and
// key-measure reports (the campaign office's table, 定期通报), units in pinyin order.
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

	"github.com/xiaoneng/xiaoneng/accountability"
	"github.com/xiaoneng/xiaoneng/appraisal"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/phases"
	xreport "github.com/xiaoneng/xiaoneng/report"
	"github.com/xiaoneng/xiaoneng/rules"
	"golang.org/x/text/language"
)

//go:embed facts.json
var factsJSON []byte

// circumstancesJSON holds what investigations established about some
// findings: aggravating and mitigating factors, exemptions.
//
//go:embed circumstances.json
var circumstancesJSON []byte

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

	p := &printer{w: w, lang: *lang, names: indexNames(&facts), goals: map[string]efficiency.Text{}}
	if c := rs.Campaign(); c != nil {
		for _, g := range c.Goals() {
			p.goals[g.ID] = g.Name
		}
	}
	p.header(rs, report)
	if c := rs.Campaign(); c != nil {
		p.campaign(c, facts.Units, at)
	}
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

	// Accountability: the findings and circumstances decided against a
	// ledger (a service keeps its own; this one starts empty each run).
	var circ []accountability.Circumstance
	dec = json.NewDecoder(bytes.NewReader(circumstancesJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&circ); err != nil {
		return fmt.Errorf("circumstances.json: %w", err)
	}
	decision, err := rs.Decide(context.Background(),
		accountability.Input{Findings: report.Findings, Facts: &facts, Circumstances: circ},
		&accountability.MemoryLedger{}, at)
	if err != nil {
		return err
	}
	p.section(efficiency.T("效能责任追究", "Accountability"))
	p.triggers(rs, decision, circ)

	p.ranking(rs, &facts, report, decision, at)
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
// ranking prints the month's appraisal, counting the accountability measures
// just decided; a month the calendar cannot count is reported, not guessed.
func (p *printer) ranking(rs *rules.RuleSet, facts *efficiency.Facts, r *efficiency.Report, d *accountability.Decision, at time.Time) {
	scheme, ok := rs.Appraisal()
	if !ok {
		return
	}
	local := at.In(rs.Jurisdiction().Zone)
	period := appraisal.Month(local.Year(), local.Month())
	p.section(efficiency.T("绩效考核 "+period.Name().ZhHans, "Performance appraisal, "+period.Name().En))
	figs, err := appraisal.Aggregate(appraisal.Input{Period: period, Facts: facts,
		Findings: append(append([]efficiency.Finding(nil), r.Findings...), r.Warnings...),
		Measures: d.MeasuresByUnit(), Calendar: rs.Calendar(), At: at})
	var ranking *appraisal.Ranking
	if err == nil {
		ranking, err = scheme.Rank(figs)
	}
	if err != nil {
		p.printf("  %s\n", p.text(efficiency.T("无法计算："+efficiency.MessageZh(err), "cannot be computed: "+err.Error())))
		return
	}
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
}

// printer writes the report in the chosen language(s).
type printer struct {
	w     io.Writer
	lang  string                     // zh-Hans, en or both
	names map[string]efficiency.Text // subject kind + id → a readable name
	goals map[string]efficiency.Text // the campaign's goal id → its name (总体目标)
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

// campaign prints where the campaign stands at t and the progress table.
func (p *printer) campaign(c *phases.Campaign, units []efficiency.Unit, t time.Time) {
	p.section(efficiency.T("活动进度", "Campaign progress"))
	loc := c.Zone()
	pos := c.At(t)
	if ph, ok := c.Phase(pos.Phase); ok {
		days := efficiency.DateOf(t, loc).DaysUntil(ph.To)
		p.printf("%s: %s (%s – %s), %s\n", p.text(efficiency.T("阶段", "Phase")), p.text(ph.Name), ph.From, ph.To,
			p.text(efficiency.T(fmt.Sprintf("距结束还有 %d 天", days), fmt.Sprintf("%d days to its end", days))))
	} else {
		p.printf("%s: %s\n", p.text(efficiency.T("阶段", "Phase")), p.text(pos.Stage.Name()))
	}
	prog := c.Progress(units, t)
	for _, r := range prog.Rows {
		name := p.text(r.Name)
		if r.Key {
			name += " [" + p.text(efficiency.T("重点单位", "key unit")) + "]"
		}
		p.printf("  %s\n", name)
		for i, cell := range r.Cells {
			col := prog.Columns[i]
			if cell.State == phases.NotOwed {
				continue
			}
			line := fmt.Sprintf("    - %s: %s", p.text(col.Name), p.text(cell.State.Name()))
			if cell.State.Done() {
				line += " " + cell.Submitted.In(loc).Format("2006-01-02")
			}
			line += fmt.Sprintf(" (%s %s)", p.text(efficiency.T("截止", "due")), col.Due.In(loc).Format("2006-01-02"))
			p.printf("%s\n", line)
		}
	}
}

func (p *printer) section(title efficiency.Text) {
	p.printf("\n══ %s ══\n", p.text(title))
}

// group prints the findings of one prohibition or system under a heading.
func (p *printer) group(id string, name efficiency.Text, fs []efficiency.Finding) {
	p.printf("\n■ %s %s (%d)\n", id, p.text(name), len(fs))
	p.findings(fs)
}

// findings prints each finding: severity, rule, subject and unit, then the
// message, then the campaign goals (总体目标) it sets back.
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
		if len(f.Goals) > 0 {
			p.printf("      %s: %s\n", p.text(efficiency.T("阻碍的总体目标", "Goals set back")), p.goalNames(f.Goals))
		}
	}
}

// goalNames names the goals a finding sets back, in the chosen language(s);
// an id the campaign does not know is shown as it is.
func (p *printer) goalNames(ids []string) string {
	var zh, en []string
	for _, id := range ids {
		n, ok := p.goals[id]
		if !ok {
			n = efficiency.T(id, id)
		}
		zh, en = append(zh, n.ZhHans), append(en, n.En)
	}
	switch p.lang {
	case "zh-Hans":
		return strings.Join(zh, "；")
	case "en":
		return strings.Join(en, " · ")
	}
	return strings.Join(zh, "；") + " / " + strings.Join(en, " · ")
}

// triggers prints each trigger: who, the measures, the ladder step, the
// findings and the circumstances; then the exemptions.
func (p *printer) triggers(rs *rules.RuleSet, d *accountability.Decision, circ []accountability.Circumstance) {
	l := rs.Ladder()
	names := map[string]efficiency.Text{}
	for _, f := range l.Factors {
		names[f.ID] = f.Name
	}
	for _, e := range l.Exemptions {
		names[e.ID] = e.Name
	}
	if len(d.Triggers) == 0 {
		p.printf("  %s\n", p.text(efficiency.T("（无）", "(none)")))
	}
	print := func(t accountability.Trigger) {
		who := p.subject(efficiency.SubjectRef{Kind: efficiency.OfficialSubject, ID: t.Official})
		if t.Official == "" {
			who = p.subject(efficiency.SubjectRef{Kind: efficiency.UnitSubject, ID: t.Unit})
		} else {
			who += " — " + p.unit(t.Unit)
		}
		p.printf("  ▶ %s\n", who)
		if len(t.Measures) > 0 {
			var zh, en []string
			for _, m := range t.Measures {
				zh, en = append(zh, m.Name().ZhHans), append(en, m.Name().En)
			}
			p.printf("      %s: %s\n", p.text(efficiency.T("问责", "Measures")),
				p.text(efficiency.T(strings.Join(zh, "、"), strings.Join(en, ", "))))
		}
		step := p.text(t.Name)
		if t.Base != "" && t.Base != t.Step {
			step += " ← " + t.Base
		}
		p.printf("      %s: %s (%s)\n", p.text(efficiency.T("依据", "Ladder step")), step, t.Step)
		if t.Kind == accountability.Leadership && t.Official == "" {
			p.printf("      %s\n", p.text(efficiency.T("（事实中没有该单位的领导，记在单位名下）", "(the facts name none of the unit's leaders: recorded against the unit)")))
		}
		if len(t.Periods) > 0 {
			p.printf("      %s: %s\n", p.text(efficiency.T("连续后进的考核期", "Lagging periods in a row")), strings.Join(t.Periods, ", "))
		}
		if t.Kind == accountability.Leadership {
			if len(t.Findings) > 0 {
				p.printf("      %s: %s\n", p.text(efficiency.T("计入的问题", "Findings counted")), strings.Join(t.Findings, ", "))
			}
		} else {
			p.printf("      %s: %s\n", p.text(efficiency.T("问题", "Finding")), strings.Join(t.Findings, ", "))
		}
		for _, c := range circ {
			if t.Kind != accountability.Leadership && c.Finding == t.Findings[0] {
				p.printf("      %s: %s\n", p.text(efficiency.T("情节", "Circumstance")), p.text(names[c.ID]))
			}
		}
	}
	for _, t := range d.Triggers {
		print(t)
	}
	if len(d.Unused) > 0 {
		p.printf("\n  %s: %d\n", p.text(efficiency.T("本批无对应问题的情节", "Circumstances of findings not in this batch")), len(d.Unused))
	}
	if len(d.Exempted) > 0 {
		p.printf("\n  %s\n", p.text(efficiency.T("免予追究（已记录）", "Exempted (recorded)")))
		for _, t := range d.Exempted {
			print(t)
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
