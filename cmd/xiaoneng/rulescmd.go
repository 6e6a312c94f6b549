package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

type ruleInfo struct {
	ID             string            `json:"id"`
	On             string            `json:"on"`
	Prohibition    string            `json:"prohibition,omitempty"`
	System         string            `json:"system,omitempty"`
	Severity       string            `json:"severity"`
	Warning        bool              `json:"warning,omitempty"`
	Disabled       bool              `json:"disabled,omitempty"`
	EffectiveFrom  string            `json:"effective_from,omitempty"`
	EffectiveUntil string            `json:"effective_until,omitempty"`
	Title          efficiency.Text   `json:"title"`
	Source         efficiency.Source `json:"source"`
}

func cmdRules(args []string, _ io.Reader, stdout, stderr io.Writer) error {
	var c common
	fs := newFlags("rules", stderr, &c, "text", "json")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: xiaoneng rules [--lang zh-Hans|en] [--format text|json] [FILE]  (no FILE: the city's embedded rules)")
		fs.PrintDefaults()
	}
	files, err := c.parse(fs, args, "text", "json")
	if err != nil {
		return err
	}
	if len(files) > 1 {
		return usageErr("最多一个规则文件", "at most one rule file")
	}
	file := ""
	if len(files) == 1 {
		file = files[0]
	}
	rs, err := loadRules(file)
	if err != nil {
		printLoadError(stderr, &c, err)
		return &exitError{exitInvalid}
	}
	var list []ruleInfo
	for _, r := range append(rs.Rules(), rs.Disabled()...) {
		ri := ruleInfo{ID: r.ID, On: r.On.String(), Severity: r.Severity.String(), Warning: r.Warning, Disabled: r.Disabled,
			Title: r.Title, Source: r.Source}
		if r.Prohibition.Valid() {
			ri.Prohibition = r.Prohibition.String()
		}
		if r.System.Valid() {
			ri.System = r.System.String()
		}
		if !r.EffectiveFrom.IsZero() {
			ri.EffectiveFrom = r.EffectiveFrom.String()
		}
		if !r.EffectiveUntil.IsZero() {
			ri.EffectiveUntil = r.EffectiveUntil.String()
		}
		list = append(list, ri)
	}
	if c.format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(list)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	if c.zh() {
		fmt.Fprintln(tw, "标识\t对象\t禁止事项\t制度\t严重程度\t来源\t标题")
	} else {
		fmt.Fprintln(tw, "ID\tON\tPROHIBITION\tSYSTEM\tSEVERITY\tSOURCE\tTITLE")
	}
	for _, r := range list {
		sev := r.Severity
		if r.Disabled {
			sev = "disabled"
			if c.zh() {
				sev = "已停用"
			}
		}
		src := fmt.Sprintf("%s:%d", r.Source.File, r.Source.Line)
		for _, ch := range r.Source.Changes {
			src += fmt.Sprintf(" ← %s:%d (%s", ch.File, ch.Line, strings.Join(ch.Fields, ", "))
			if !ch.Reason.IsZero() {
				src += ": " + ch.Reason.In(c.tag)
			}
			src += ")"
		}
		if r.EffectiveFrom != "" || r.EffectiveUntil != "" {
			src += fmt.Sprintf(" [%s..%s]", r.EffectiveFrom, r.EffectiveUntil)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.On, dash(r.Prohibition), dash(r.System), sev, src, r.Title.In(c.tag))
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
