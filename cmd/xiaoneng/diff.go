package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/rules"
)

type ruleDiff struct {
	Rule    string `json:"rule"`
	Added   int    `json:"added"`
	Removed int    `json:"removed"`
	Changed int    `json:"changed"` // same rule and subject, different severity or message
}

func cmdDiff(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var c common
	fs := newFlags("diff", stderr, &c, "text", "json")
	oldFile := fs.String("old", "", "the rule file before the change")
	newFile := fs.String("new", "", "the rule file after the change")
	factsFile := fs.String("facts", "", "the facts, JSON Lines (see eval); - for stdin")
	atFlag := fs.String("at", "", "the evaluation time (default now)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: xiaoneng diff --old A.yaml --new B.yaml --facts FILE.jsonl|- [--at TIME] [--lang zh-Hans|en] [--format text|json]")
		fs.PrintDefaults()
	}
	rest, err := c.parse(fs, args, "text", "json")
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErr("多余的参数 %q", "unexpected argument %q", rest[0])
	}
	if *oldFile == "" || *newFile == "" || *factsFile == "" {
		return usageErr("必须给出 --old、--new 和 --facts", "--old, --new and --facts are required")
	}
	var sets []*rules.RuleSet
	for _, f := range []string{*oldFile, *newFile} {
		rs, err := loadRules(f)
		if err != nil {
			printLoadError(stderr, &c, err)
			return &exitError{exitInvalid}
		}
		sets = append(sets, rs)
	}
	at, err := parseAt(*atFlag, sets[1])
	if err != nil {
		return err
	}
	in, closeIn, err := openFacts(*factsFile, stdin)
	if err != nil {
		return err
	}
	defer closeIn()
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	fr := &factReader{name: *factsFile, r: bufio.NewReader(in), stderr: stderr, c: &c}
	per := map[string]*ruleDiff{}
	count := func(rule string) *ruleDiff {
		if per[rule] == nil {
			per[rule] = &ruleDiff{Rule: rule}
		}
		return per[rule]
	}
	enc := json.NewEncoder(out)
	emit := func(sign string, f efficiency.Finding) error {
		if c.format == "json" {
			kind := map[string]string{"+": "added", "-": "removed", "~": "changed"}[sign]
			return enc.Encode(map[string]any{kind: f})
		}
		_, err := fmt.Fprintf(out, "%s %s %s:%s %s: %s\n", sign, f.Rule, f.Subject.Kind, f.Subject.ID, f.Severity, f.Message.In(c.tag))
		return err
	}
	err = streamFacts(context.Background(), fr, at, sets, func(reps []*efficiency.Report) error {
		old := map[string]efficiency.Finding{}
		for _, f := range slices.Concat(reps[0].Findings, reps[0].Warnings) {
			old[f.ID] = f
		}
		seen := map[string]bool{}
		for _, f := range slices.Concat(reps[1].Findings, reps[1].Warnings) {
			seen[f.ID] = true
			o, ok := old[f.ID]
			switch {
			case !ok:
				count(f.Rule).Added++
				if err := emit("+", f); err != nil {
					return err
				}
			case o.Severity != f.Severity || o.Message != f.Message:
				count(f.Rule).Changed++
				if err := emit("~", f); err != nil {
					return err
				}
			}
		}
		for _, f := range slices.Concat(reps[0].Findings, reps[0].Warnings) {
			if !seen[f.ID] {
				count(f.Rule).Removed++
				if err := emit("-", f); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		out.Flush()
		fmt.Fprintf(stderr, "xiaoneng diff: %v\n", err)
		return &exitError{exitInvalid}
	}
	ids := make([]string, 0, len(per))
	for id := range per {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	summary := make([]ruleDiff, len(ids))
	for i, id := range ids {
		summary[i] = *per[id]
	}
	if c.format == "json" {
		if err := enc.Encode(map[string]any{"summary": summary}); err != nil {
			return err
		}
	} else {
		if len(summary) == 0 {
			if c.zh() {
				fmt.Fprintln(out, "没有变化")
			} else {
				fmt.Fprintln(out, "no change")
			}
		}
		for _, d := range summary {
			fmt.Fprintf(out, "%s: +%d -%d ~%d\n", d.Rule, d.Added, d.Removed, d.Changed)
		}
	}
	if fr.bad > 0 {
		out.Flush()
		return &exitError{exitInvalid}
	}
	return nil
}
