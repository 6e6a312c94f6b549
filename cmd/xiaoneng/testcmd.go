package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"regexp"
	"strings"

	"github.com/xiaoneng/xiaoneng/rules"
)

func cmdTest(args []string, _ io.Reader, stdout, stderr io.Writer) error {
	var c common
	fs := newFlags("test", stderr, &c, "text", "json")
	runRE := fs.String("run", "", "run only the cases whose name matches this regular expression")
	minCov := fs.Float64("min-coverage", 0, "fail when a file's rule or step coverage (percent) is below this")
	junit := fs.String("junit", "", "also write the results as JUnit XML to this file")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: xiaoneng test [--run RE] [--min-coverage N] [--junit FILE] [--lang zh-Hans|en] [--format text|json] FILE...")
		fs.PrintDefaults()
	}
	files, err := c.parse(fs, args, "text", "json")
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageErr("未指定测试文件", "no test file given")
	}
	if *minCov < 0 || *minCov > 100 {
		return usageErr("--min-coverage %g 须在 0 到 100 之间", "--min-coverage %g must be between 0 and 100", *minCov)
	}
	var opts []rules.TestOption
	if *runRE != "" {
		re, err := regexp.Compile(*runRE)
		if err != nil {
			return usageErr("--run：%v", "--run: %v", err)
		}
		opts = append(opts, rules.MatchTests(re))
	}
	invalid, failed := false, false
	var results []*rules.TestResult
	for _, name := range files {
		loc := fileFS(name)
		path := loc.path
		if !strings.HasSuffix(path, "_test.yaml") {
			beside := strings.TrimSuffix(strings.TrimSuffix(path, ".yaml"), ".yml") + "_test.yaml"
			if _, err := iofs.Stat(loc.fsys, beside); err == nil {
				path = beside
			} else if !hasTestsSection(loc.fsys, path) {
				invalid = true
				if c.zh() {
					fmt.Fprintf(stderr, "%s：找不到测试文件 %s，文件中也没有 tests: 部分\n", name, beside)
				} else {
					fmt.Fprintf(stderr, "%s: no test file %s beside it and no tests: section in it\n", name, beside)
				}
				continue
			}
			// else: the rule file's own tests: section (rules.RunTests on the rule file)
		}
		res, err := rules.RunTests(context.Background(), loc.fsys, path, opts...)
		if err != nil {
			invalid = true
			if errors.Is(err, os.ErrNotExist) {
				fmt.Fprintf(stderr, "%s: %v\n", name, err)
			} else {
				printLoadError(stderr, &c, err)
			}
			continue
		}
		results = append(results, res)
		low := res.Coverage.Percent < *minCov || res.StepCoverage.Percent < *minCov
		if res.Failed() > 0 || low {
			failed = true
		}
		if c.format == "text" {
			printTestResult(stdout, &c, res, *minCov)
		}
	}
	if c.format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			return err
		}
	}
	if *junit != "" {
		if err := writeJUnit(*junit, results); err != nil {
			fmt.Fprintf(stderr, "xiaoneng test: --junit: %v\n", err)
			return &exitError{exitInvalid}
		}
	}
	switch {
	case invalid:
		return &exitError{exitInvalid}
	case failed:
		return &exitError{exitFindings}
	}
	return nil
}

func printTestResult(w io.Writer, c *common, res *rules.TestResult, minCov float64) {
	for _, cr := range res.Cases {
		if cr.Passed {
			continue
		}
		fmt.Fprintf(w, "--- FAIL: %s (%s:%d)\n", cr.Name, res.File, cr.Line)
		for _, d := range cr.Diff {
			fmt.Fprintf(w, "    %s\n", strings.ReplaceAll(d, "\n", "\n    "))
		}
	}
	cov, steps := res.Coverage, res.StepCoverage
	status := "ok  "
	if res.Failed() > 0 || cov.Percent < minCov || steps.Percent < minCov {
		status = "FAIL"
	}
	if c.zh() {
		fmt.Fprintf(w, "%s %s：%d 个用例，%d 个失败；规则覆盖率 %.1f%%（%d/%d）；问责阶梯覆盖率 %.1f%%（%d/%d）\n", status, res.File, len(res.Cases), res.Failed(), cov.Percent, cov.Covered, cov.Total, steps.Percent, steps.Covered, steps.Total)
	} else {
		fmt.Fprintf(w, "%s %s: %d cases, %d failed; rule coverage %.1f%% (%d of %d); step coverage %.1f%% (%d of %d)\n", status, res.File, len(res.Cases), res.Failed(), cov.Percent, cov.Covered, cov.Total, steps.Percent, steps.Covered, steps.Total)
	}
	for _, r := range cov.Rules {
		if r.Covered() {
			continue
		}
		if c.zh() {
			fmt.Fprintf(w, "    未覆盖：%s（%s:%d）：预期触发 %d 次，预期不触发 %d 次\n", r.Rule, r.Source.File, r.Source.Line, r.Fired, r.Quiet)
		} else {
			fmt.Fprintf(w, "    not covered: %s (%s:%d): expected to fire in %d cases, not to fire in %d\n", r.Rule, r.Source.File, r.Source.Line, r.Fired, r.Quiet)
		}
	}
	for _, st := range steps.Steps {
		if st.Covered() {
			continue
		}
		if c.zh() {
			fmt.Fprintf(w, "    未覆盖的问责阶梯：%s（%s:%d）：预期问责 %d 次，预期不问责 %d 次\n", st.Step, st.Source.File, st.Source.Line, st.Fired, st.Quiet)
		} else {
			fmt.Fprintf(w, "    step not covered: %s (%s:%d): expected in %d cases expecting triggers, not in %d\n", st.Step, st.Source.File, st.Source.Line, st.Fired, st.Quiet)
		}
	}
	if cov.Percent < minCov {
		if c.zh() {
			fmt.Fprintf(w, "    覆盖率 %.1f%% 低于 --min-coverage %g\n", cov.Percent, minCov)
		} else {
			fmt.Fprintf(w, "    coverage %.1f%% is below --min-coverage %g\n", cov.Percent, minCov)
		}
	}
	if steps.Percent < minCov {
		if c.zh() {
			fmt.Fprintf(w, "    问责阶梯覆盖率 %.1f%% 低于 --min-coverage %g\n", steps.Percent, minCov)
		} else {
			fmt.Fprintf(w, "    step coverage %.1f%% is below --min-coverage %g\n", steps.Percent, minCov)
		}
	}
}

// JUnit XML, the subset CI systems read.
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

func writeJUnit(file string, results []*rules.TestResult) error {
	var out junitSuites
	for _, r := range results {
		s := junitSuite{Name: r.File, Tests: len(r.Cases), Failures: r.Failed()}
		for _, c := range r.Cases {
			jc := junitCase{Name: c.Name, Classname: r.File}
			if !c.Passed {
				jc.Failure = &junitFailure{Message: fmt.Sprintf("%s:%d: %d differences", r.File, c.Line, len(c.Diff)), Text: strings.Join(c.Diff, "\n")}
			}
			s.Cases = append(s.Cases, jc)
		}
		out.Suites = append(out.Suites, s)
	}
	b, err := xml.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(file, append([]byte(xml.Header), append(b, '\n')...), 0o644)
}

// hasTestsSection reports whether the rule file has a top-level tests: key.
func hasTestsSection(fsys iofs.FS, path string) bool {
	src, err := iofs.ReadFile(fsys, path)
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(line, "tests:") {
			return true
		}
	}
	return false
}
