package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/xiaoneng/xiaoneng/accountability"
	"github.com/xiaoneng/xiaoneng/appraisal"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/report"
	"github.com/xiaoneng/xiaoneng/rules"
)

// reportSummary is what `report --format json` prints after writing the page.
type reportSummary struct {
	Out      string                       `json:"out"`
	Period   string                       `json:"period"`
	At       string                       `json:"at"`
	Findings int                          `json:"findings"`
	Warnings int                          `json:"warnings"`
	Ranking  []rankRow                    `json:"ranking"`
	Lagging  []accountability.LaggingUnit `json:"lagging"`
	Triggers []accountability.Trigger     `json:"triggers"`
}

type rankRow struct {
	Unit     string  `json:"unit"`
	Rank     int     `json:"rank"`
	Score    float64 `json:"score"`
	Grade    string  `json:"grade"`
	Advanced bool    `json:"advanced,omitempty"`
	Lagging  bool    `json:"lagging,omitempty"`
}

// trendPeriods is how many periods the report ranks: the period and the
// ones before it, for the trend chart and the lagging runs.
const trendPeriods = 3

func cmdReport(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var c common
	fs := newFlags("report", stderr, &c, "text", "json")
	rulesFile := fs.String("rules", "", "the rule file (default: the city's embedded rules)")
	factsFile := fs.String("facts", "", "the facts, JSON Lines, one subject per line ({\"case\": {...}}); - for stdin")
	periodFlag := fs.String("period", "", "the appraisal period: 2026-10, 2026-Q4, 2026 or 2026-09-01..2026-10-31")
	outFile := fs.String("out", "", "the HTML page to write")
	atFlag := fs.String("at", "", "when the report is made (RFC 3339, or local time in the rules' zone; default the period's end)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: xiaoneng report --rules FILE --facts FILE.jsonl|- --period 2026-10 --out report.html [--at TIME] [--lang zh-Hans|en] [--format text|json]")
		fs.PrintDefaults()
	}
	rest, err := c.parse(fs, args, "text", "json")
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return usageErr("多余的参数 %q", "unexpected argument %q", rest[0])
	case *factsFile == "":
		return usageErr("必须给出 --facts（JSON Lines 文件，或用 - 表示标准输入）", "--facts is required (a JSON Lines file, or - for stdin)")
	case *periodFlag == "":
		return usageErr("必须给出 --period（2026-10、2026-Q4、2026 或 2026-09-01..2026-10-31）", "--period is required (2026-10, 2026-Q4, 2026 or 2026-09-01..2026-10-31)")
	case *outFile == "":
		return usageErr("必须给出 --out（要写入的 HTML 文件）", "--out is required (the HTML file to write)")
	}
	period, err := appraisal.ParsePeriod(*periodFlag)
	if err != nil {
		var pe *appraisal.PeriodError
		if errors.As(err, &pe) {
			return &usageError{efficiency.T("--period："+pe.Message().ZhHans, "--period: "+pe.Message().En)}
		}
		return usageErr("--period：%v", "--period: %v", err)
	}
	rs, err := loadRules(*rulesFile)
	if err != nil {
		printLoadError(stderr, &c, err)
		return &exitError{exitInvalid}
	}
	scheme, ok := rs.Appraisal()
	if !ok {
		fmt.Fprintln(stderr, efficiency.T("xiaoneng report: 规则文件没有 appraisal:（绩效考核）部分，无法排名",
			"xiaoneng report: the rule file has no appraisal: section to rank units by").In(c.tag))
		return &exitError{exitInvalid}
	}
	loc := rs.Jurisdiction().Zone
	at := period.End(loc)
	if *atFlag != "" {
		if at, err = parseAt(*atFlag, rs); err != nil {
			return err
		}
	}
	if at.Before(period.Start(loc)) {
		return usageErr("--at %s 早于期间 %s 的开始", "--at %s is before the period %s begins", at.Format(time.RFC3339), period.ID())
	}

	// Appraisal needs the whole batch: read it all, and refuse a batch with bad lines.
	in, closeIn, err := openFacts(*factsFile, stdin)
	if err != nil {
		return err
	}
	defer closeIn()
	fr := &factReader{name: *factsFile, r: bufio.NewReaderSize(in, 64<<10), stderr: stderr, c: &c}
	if *factsFile == "-" {
		fr.name = "<stdin>"
	}
	facts := &efficiency.Facts{}
	for {
		f, err := fr.next()
		if err != nil {
			return err
		}
		if f == nil {
			break
		}
		facts.Cases = append(facts.Cases, f.Cases...)
		facts.Orders = append(facts.Orders, f.Orders...)
		facts.Complaints = append(facts.Complaints, f.Complaints...)
		facts.Units = append(facts.Units, f.Units...)
		facts.Officials = append(facts.Officials, f.Officials...)
	}
	if fr.bad > 0 {
		fmt.Fprintln(stderr, efficiency.T(fmt.Sprintf("xiaoneng report: 事实中有 %d 行无效，未生成报告", fr.bad),
			fmt.Sprintf("xiaoneng report: %d bad facts lines; no report written", fr.bad)).In(c.tag))
		return &exitError{exitInvalid}
	}

	b, err := buildReport(context.Background(), rs, scheme, facts, period, at, stderr, &c)
	if err != nil {
		fmt.Fprintf(stderr, "xiaoneng report: %v\n", err)
		return &exitError{exitInvalid}
	}
	var page bytes.Buffer
	if err := b.page.WriteHTML(&page, c.tag); err != nil {
		return err
	}
	if err := os.WriteFile(*outFile, page.Bytes(), 0o644); err != nil {
		return err
	}

	sum := reportSummary{Out: *outFile, Period: period.ID(), At: at.Format(time.RFC3339), Lagging: b.lagging,
		Triggers: b.triggers, Ranking: []rankRow{}}
	for _, f := range b.page.Findings {
		if f.Warning {
			sum.Warnings++
		} else {
			sum.Findings++
		}
	}
	for _, sc := range b.page.Ranking.Scorecards {
		sum.Ranking = append(sum.Ranking, rankRow{Unit: sc.Unit, Rank: sc.Rank, Score: sc.Score, Grade: sc.Grade.ID,
			Advanced: sc.Advanced, Lagging: sc.Lagging})
	}
	if sum.Lagging == nil {
		sum.Lagging = []accountability.LaggingUnit{}
	}
	if sum.Triggers == nil {
		sum.Triggers = []accountability.Trigger{}
	}
	if c.format == "json" {
		enc := json.NewEncoder(stdout)
		return enc.Encode(sum)
	}
	t := func(zh, en string) string { return efficiency.T(zh, en).In(c.tag) }
	fmt.Fprintf(stdout, "%s %s: %s, %s %s\n", t("已写入", "wrote"), *outFile, period.Name().In(c.tag),
		t("生成时间", "at"), at.Format("2006-01-02 15:04 -07:00"))
	fmt.Fprintf(stdout, "%s %d, %s %d, %s %d\n", t("参评单位", "units"), len(sum.Ranking), t("问题", "findings"), sum.Findings,
		t("预警", "warnings"), sum.Warnings)
	for _, sc := range b.page.Ranking.Scorecards {
		mark := ""
		switch {
		case sc.Advanced:
			mark = " [" + t("先进", "advanced") + "]"
		case sc.Lagging:
			mark = " [" + t("后进", "lagging") + "]"
		}
		fmt.Fprintf(stdout, "  %d. %s  %s  %s%s\n", sc.Rank, sc.Name.In(c.tag), report.FormatScore(sc.Score), sc.Grade.Name.In(c.tag), mark)
	}
	for _, l := range b.lagging {
		fmt.Fprintf(stdout, "%s %s: %s\n", t("后进考核期", "lagging periods"), l.Unit, strings.Join(l.Periods, ", "))
	}
	for _, tr := range b.triggers {
		who := tr.Official
		if who == "" {
			who = tr.Unit
		}
		var ms []string
		for _, m := range tr.Measures {
			ms = append(ms, m.Name().In(c.tag))
		}
		fmt.Fprintf(stdout, "%s %s (%s): %s — %s\n", t("问责", "accountability"), who, tr.Unit, strings.Join(ms, t("、", ", ")), tr.Name.In(c.tag))
	}
	return nil
}

// built is a report page and what it decided about lagging units.
type built struct {
	page     *report.Report
	lagging  []accountability.LaggingUnit
	triggers []accountability.Trigger
}

// buildReport ranks the period and the ones before it, oldest first. Each
// period's facts are evaluated as of its end (or at, for the period at
// runs in), its findings decided against one in-memory ledger, so a
// period's accountability measures count in its appraisal; then the
// units lagging in a row are decided (约谈 of their heads, through the
// ladder) as of at.
func buildReport(ctx context.Context, rs *rules.RuleSet, scheme *appraisal.Scheme, facts *efficiency.Facts,
	period appraisal.Period, at time.Time, stderr io.Writer, c *common) (*built, error) {
	loc := rs.Jurisdiction().Zone
	periods := []appraisal.Period{period}
	for len(periods) < trendPeriods {
		periods = append([]appraisal.Period{periods[0].Previous()}, periods...)
	}
	ledger := &accountability.MemoryLedger{}
	hasLadder := rs.Ladder() != nil
	var rankings []*appraisal.Ranking
	var last *efficiency.Report
	for _, p := range periods {
		end := p.End(loc)
		if at.Before(end) {
			end = at
		}
		rep, err := rs.Evaluate(ctx, facts, end)
		if err != nil {
			return nil, err
		}
		if p == period {
			for _, e := range rep.Errors {
				fmt.Fprintf(stderr, "%s: rule %q: %s\n", e.Subject, e.Rule, e.Message.In(c.tag))
			}
		}
		var measures appraisal.Measures
		if hasLadder {
			d, err := rs.Decide(ctx, accountability.Input{Findings: rep.Findings, Facts: facts}, ledger, end)
			if err != nil {
				return nil, err
			}
			measures = d.MeasuresByUnit()
		}
		findings := append(append([]efficiency.Finding(nil), rep.Findings...), rep.Warnings...)
		figs, err := appraisal.Aggregate(appraisal.Input{Period: p, Facts: facts, Findings: findings,
			Measures: measures, Calendar: rs.Calendar(), At: end})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.ID(), err)
		}
		r, err := scheme.Rank(figs)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.ID(), err)
		}
		rankings = append(rankings, r)
		last = rep
	}
	b := &built{lagging: appraisal.LaggingRuns(rankings...)}
	if hasLadder && len(b.lagging) > 0 {
		d, err := rs.Decide(ctx, accountability.Input{Facts: facts, Lagging: b.lagging}, ledger, at)
		if err != nil {
			return nil, err
		}
		b.triggers = d.Triggers
	}
	b.page = &report.Report{
		Jurisdiction: rs.Jurisdiction().Name,
		Period:       period,
		At:           at,
		Findings:     append(append([]efficiency.Finding(nil), last.Findings...), last.Warnings...),
		Ranking:      rankings[len(rankings)-1],
		Trend:        rankings,
		Timeline:     report.TimelineOf(rs.Campaign(), at),
	}
	if camp := rs.Campaign(); camp != nil {
		b.page.Goals = camp.Goals() // findings by goal (总体目标)
	}
	return b, nil
}
