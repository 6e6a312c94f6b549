package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/xiaoneng/xiaoneng/rules"
)

// checkResult is one file's outcome in `check --format json`.
type checkResult struct {
	File     string      `json:"file"`
	OK       bool        `json:"ok"`
	Rules    int         `json:"rules,omitempty"`
	Disabled int         `json:"disabled,omitempty"`
	Params   int         `json:"params,omitempty"`
	Errors   []jsonError `json:"errors,omitempty"`
}

type jsonError struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Rule    string `json:"rule,omitempty"`
	Message string `json:"message"`
}

func jsonErrors(c *common, err error) []jsonError {
	errs := rules.Errors(err)
	if len(errs) == 0 {
		return []jsonError{{Message: err.Error()}}
	}
	out := make([]jsonError, len(errs))
	for i, e := range errs {
		out[i] = jsonError{File: e.File, Line: e.Line, Column: e.Column, Rule: e.Rule, Message: e.Msg.In(c.tag)}
	}
	return out
}

func cmdCheck(args []string, _ io.Reader, stdout, stderr io.Writer) error {
	var c common
	fs := newFlags("check", stderr, &c, "text", "json")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: xiaoneng check [--lang zh-Hans|en] [--format text|json] FILE...")
		fs.PrintDefaults()
	}
	files, err := c.parse(fs, args, "text", "json")
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageErr("未指定规则文件", "no rule file given")
	}
	bad := false
	var results []checkResult
	for _, f := range files {
		rs, err := loadRules(f)
		r := checkResult{File: f, OK: err == nil}
		if err != nil {
			bad = true
			r.Errors = jsonErrors(&c, err)
			if c.format == "text" {
				printLoadError(stderr, &c, err)
			}
		} else {
			r.Rules, r.Disabled, r.Params = len(rs.Rules()), len(rs.Disabled()), len(rs.Params())
			if c.format == "text" {
				if c.zh() {
					fmt.Fprintf(stdout, "%s：通过（%d 条规则在用，%d 条停用，%d 个参数）\n", f, r.Rules, r.Disabled, r.Params)
				} else {
					fmt.Fprintf(stdout, "%s: ok (%d rules in force, %d disabled, %d params)\n", f, r.Rules, r.Disabled, r.Params)
				}
			}
		}
		results = append(results, r)
	}
	if c.format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			return err
		}
	}
	if bad {
		return &exitError{exitInvalid}
	}
	return nil
}
