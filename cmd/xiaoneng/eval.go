package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/rules"
)

type evalSummary struct {
	At         string         `json:"at"`
	Evaluated  int            `json:"evaluated"`
	Findings   int            `json:"findings"`
	Warnings   int            `json:"warnings"`
	Errors     int            `json:"errors"`
	BadLines   int            `json:"bad_lines"`
	BySeverity map[string]int `json:"by_severity"`
}

func cmdEval(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var c common
	fs := newFlags("eval", stderr, &c, "table", "json")
	rulesFile := fs.String("rules", "", "the rule file (default: the city's embedded rules)")
	factsFile := fs.String("facts", "", "the facts, JSON Lines, one subject per line ({\"case\": {...}}); - for stdin")
	atFlag := fs.String("at", "", "the evaluation time (RFC 3339, or local time in the rules' zone; default now)")
	failOn := fs.String("fail-on", "", "exit 1 when a finding has this severity or higher (notice, warning, minor, major, severe)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: xiaoneng eval --rules FILE --facts FILE.jsonl|- [--at TIME] [--lang zh-Hans|en] [--format table|json] [--fail-on SEVERITY]")
		fs.PrintDefaults()
	}
	rest, err := c.parse(fs, args, "table", "json")
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErr("多余的参数 %q", "unexpected argument %q", rest[0])
	}
	if *factsFile == "" {
		return usageErr("必须给出 --facts（JSON Lines 文件，或用 - 表示标准输入）", "--facts is required (a JSON Lines file, or - for stdin)")
	}
	var threshold efficiency.Severity
	if *failOn != "" {
		if threshold, err = efficiency.ParseSeverity(*failOn); err != nil {
			m := err.(*efficiency.UnknownIDError).Message()
			return &usageError{efficiency.T("--fail-on："+m.ZhHans, "--fail-on: "+m.En)}
		}
	}
	rs, err := loadRules(*rulesFile)
	if err != nil {
		printLoadError(stderr, &c, err)
		return &exitError{exitInvalid}
	}
	at, err := parseAt(*atFlag, rs)
	if err != nil {
		return err
	}
	in, closeIn, err := openFacts(*factsFile, stdin)
	if err != nil {
		return err
	}
	defer closeIn()
	if p := newProgress(stderr, *factsFile); p != nil {
		in, stdout, stderr = p.reader(in), p.clearing(stdout), p
		defer p.clear()
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	defer out.Flush()
	fr := &factReader{name: *factsFile, r: bufio.NewReaderSize(in, 64<<10), stderr: stderr, c: &c}
	if *factsFile == "-" {
		fr.name = "<stdin>"
	}
	sum := evalSummary{At: at.Format("2006-01-02T15:04:05Z07:00"), BySeverity: map[string]int{}}
	failed := false
	enc := json.NewEncoder(out)
	err = streamFacts(context.Background(), fr, at, []*rules.RuleSet{rs}, func(reps []*efficiency.Report) error {
		rep := reps[0]
		for _, n := range rep.Evaluated {
			sum.Evaluated += n
		}
		sum.Findings += len(rep.Findings)
		sum.Warnings += len(rep.Warnings)
		sum.Errors += len(rep.Errors)
		for _, f := range rep.Findings {
			sum.BySeverity[f.Severity.String()]++
			if threshold.Valid() && f.Severity >= threshold {
				failed = true
			}
		}
		for _, e := range rep.Invalid {
			fr.bad++
			fmt.Fprintf(stderr, "%s: %s %s: %s\n", fr.name, e.Subject, e.Field, e.Message.In(c.tag))
		}
		for _, e := range rep.Errors {
			fmt.Fprintf(stderr, "%s: rule %q: %s\n", e.Subject, e.Rule, e.Message.In(c.tag))
		}
		if c.format == "json" {
			for _, f := range rep.Findings {
				if err := enc.Encode(map[string]any{"finding": f}); err != nil {
					return err
				}
			}
			for _, f := range rep.Warnings {
				if err := enc.Encode(map[string]any{"warning": f}); err != nil {
					return err
				}
			}
			for _, e := range rep.Errors {
				if err := enc.Encode(map[string]any{"error": e}); err != nil {
					return err
				}
			}
			return nil
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		for _, f := range rep.Findings {
			fmt.Fprintf(tw, "%s\t%s\t%s:%s\t%s\n", f.Severity, f.Rule, f.Subject.Kind, f.Subject.ID, f.Message.In(c.tag))
		}
		for _, f := range rep.Warnings {
			label := "warning"
			if c.zh() {
				label = "预警"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s:%s\t%s\n", label, f.Rule, f.Subject.Kind, f.Subject.ID, f.Message.In(c.tag))
		}
		return tw.Flush()
	})
	sum.BadLines = fr.bad
	if err != nil {
		out.Flush()
		fmt.Fprintf(stderr, "xiaoneng eval: %v\n", err)
		return &exitError{exitInvalid}
	}
	if c.format == "json" {
		if err := enc.Encode(map[string]any{"summary": sum}); err != nil {
			return err
		}
	} else if c.zh() {
		fmt.Fprintf(out, "评估时间 %s：%d 个对象，%d 项发现，%d 项预警，%d 个规则运行错误，%d 行无效\n", sum.At, sum.Evaluated, sum.Findings, sum.Warnings, sum.Errors, sum.BadLines)
	} else {
		fmt.Fprintf(out, "at %s: %d subjects, %d findings, %d warnings, %d rule errors, %d bad lines\n", sum.At, sum.Evaluated, sum.Findings, sum.Warnings, sum.Errors, sum.BadLines)
	}
	if err := out.Flush(); err != nil {
		return err
	}
	switch {
	case fr.bad > 0:
		return &exitError{exitInvalid}
	case failed:
		return &exitError{exitFindings}
	}
	return nil
}
