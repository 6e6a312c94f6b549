package main

// End-to-end tests: the binary is built once into a temporary directory and
// run from the repository's root on testdata, the city's rules and the
// county example; stdout, stderr and the exit code are compared with
// testdata/golden/NAME.golden (regenerate with go test -update).

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.golden")

var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "xiaoneng-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	binary = filepath.Join(dir, "xiaoneng")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "go build:", err)
		os.RemoveAll(dir)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
	state          *os.ProcessState
}

// xiaoneng runs the binary from the repository's root.
func xiaoneng(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return xiaonengEnv(t, nil, stdin, args...)
}

// xiaonengEnv runs the binary with extra environment variables.
func xiaonengEnv(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = "../.."
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !assert.ErrorAs(t, err, &ee, "run xiaoneng %v", args) {
		t.FailNow()
	}
	return result{out.String(), errb.String(), cmd.ProcessState.ExitCode(), cmd.ProcessState}
}

func TestCLI(t *testing.T) {
	const td = "cmd/xiaoneng/testdata/"
	tests := []struct {
		name  string
		args  []string
		stdin string
		code  int
	}{
		{"check-ok", []string{"check", "--lang", "en", "rules/city.yaml", "examples/county/county.yaml"}, "", 0},
		{"check-ok-zh", []string{"check", "examples/county/county.yaml"}, "", 0},
		{"check-bad", []string{"check", "--lang", "en", "rules/testdata/unknown-field.bad.yaml", td + "cycle-a.yaml", "examples/county/county.yaml"}, "", 2},
		{"check-bad-zh", []string{"check", "rules/testdata/unknown-field.bad.yaml"}, "", 2},
		{"check-json", []string{"check", "--format", "json", "--lang", "en", "rules/testdata/unknown-field.bad.yaml", td + "slow.yaml"}, "", 2},
		{"check-missing", []string{"check", "--lang", "en", td + "nope.yaml"}, "", 2},
		{"test-city", []string{"test", "--lang", "en", "--min-coverage", "100", "rules/city_test.yaml"}, "", 0},
		{"test-county-by-rule-file", []string{"test", "--lang", "en", "examples/county/county.yaml"}, "", 0},
		{"test-inline-section", []string{"test", "--lang", "en", "--min-coverage", "100", "rules/testdata/inline-tests.good.yaml"}, "", 0},
		{"test-inline-section-bad", []string{"test", "--lang", "en", "rules/testdata/inline-tests.bad.yaml", "rules/testdata/minimal.good.yaml"}, "", 2},
		{"test-failing", []string{"test", "--lang", "en", td + "slow_test.yaml"}, "", 1},
		{"test-run", []string{"test", "--lang", "en", "--run", "^(fires|quiet)$", td + "slow_test.yaml"}, "", 0},
		{"test-min-coverage", []string{"test", "--lang", "en", "--run", "^(fires|quiet)$", "--min-coverage", "80", td + "slow_test.yaml"}, "", 1},
		{"test-json", []string{"test", "--format", "json", "--run", "wrong", td + "slow_test.yaml"}, "", 1},
		{"test-broken", []string{"test", "--lang", "en", td + "broken_test.yaml"}, "", 2},
		{"test-no-tests", []string{"test", "--lang", "en", td + "cycle-a.yaml"}, "", 2},
		{"eval-table", []string{"eval", "--lang", "en", "--rules", "examples/county/county.yaml", "--facts", td + "citywide.jsonl", "--at", "2026-10-20T09:00"}, "", 0},
		{"eval-zh-default-rules", []string{"eval", "--facts", td + "citywide.jsonl", "--at", "2026-10-20T09:00:00+08:00"}, "", 0},
		{"eval-json-stdin", []string{"eval", "--format", "json", "--facts", "-", "--at", "2026-10-20"}, readFile(t, "testdata/citywide.jsonl"), 0},
		{"eval-fail-on", []string{"eval", "--lang", "en", "--facts", td + "citywide.jsonl", "--at", "2026-10-20T09:00", "--fail-on", "severe"}, "", 1},
		{"eval-bad-lines", []string{"eval", "--lang", "en", "--facts", td + "bad-lines.jsonl", "--at", "2026-10-20T09:00", "--fail-on", "severe"}, "", 2},
		{"eval-bad-lines-zh", []string{"eval", "--facts", td + "bad-lines.jsonl", "--at", "2026-10-20T09:00", "--fail-on", "severe"}, "", 2},
		{"eval-bad-rules", []string{"eval", "--lang", "en", "--rules", td + "cycle-a.yaml", "--facts", td + "citywide.jsonl"}, "", 2},
		{"diff", []string{"diff", "--lang", "en", "--old", "rules/city.yaml", "--new", "examples/county/county.yaml", "--facts", td + "citywide.jsonl", "--at", "2026-10-20T09:00"}, "", 0},
		{"diff-json", []string{"diff", "--format", "json", "--old", "xiaoneng:city", "--new", "examples/county/county.yaml", "--facts", td + "citywide.jsonl", "--at", "2026-10-20T09:00"}, "", 0},
		{"rules-city", []string{"rules"}, "", 0},
		{"rules-county-en", []string{"rules", "--lang", "en", "examples/county/county.yaml"}, "", 0},
		{"rules-json", []string{"rules", "--format", "json", td + "slow.yaml"}, "", 0},
		{"report-bad-period", []string{"report", "--lang", "en", "--facts", td + "citywide.jsonl", "--period", "2026-13", "--out", td + "never.html"}, "", 2},
		{"report-bad-period-zh", []string{"report", "--facts", td + "citywide.jsonl", "--period", "2026-Q5", "--out", td + "never.html"}, "", 2},
		{"report-missing-rules", []string{"report", "--lang", "en", "--rules", td + "nope.yaml", "--facts", td + "citywide.jsonl", "--period", "2026-10", "--out", td + "never.html"}, "", 2},
		{"report-bad-lines", []string{"report", "--lang", "en", "--facts", td + "bad-lines.jsonl", "--period", "2026-10", "--out", td + "never.html"}, "", 2},
		{"report-at-before-period", []string{"report", "--lang", "en", "--facts", td + "citywide.jsonl", "--period", "2026-10", "--at", "2026-09-30T12:00", "--out", td + "never.html"}, "", 2},
		{"usage-report-no-out", []string{"report", "--facts", td + "citywide.jsonl", "--period", "2026-10"}, "", 2},
		{"usage-none", nil, "", 2},
		{"usage-unknown-command", []string{"lint"}, "", 2},
		{"usage-eval-no-facts", []string{"eval"}, "", 2},
		{"usage-bad-lang", []string{"rules", "--lang", "fr"}, "", 2},
		{"usage-eval-no-facts-en", []string{"eval", "--lang", "en"}, "", 2},
		{"usage-bad-flag", []string{"check", "--strict", "x.yaml"}, "", 2},
		{"usage-bad-at", []string{"eval", "--facts", "-", "--at", "tomorrow"}, "", 2},
		{"usage-bad-fail-on", []string{"eval", "--facts", "-", "--fail-on", "fatal"}, "", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := xiaoneng(t, tt.stdin, tt.args...)
			assert.Equal(t, tt.code, r.code, "xiaoneng %s: exit code\nstderr:\n%s", strings.Join(tt.args, " "), r.stderr)
			got := fmt.Sprintf("$ xiaoneng %s\nexit %d\n--- stdout\n%s--- stderr\n%s", strings.Join(tt.args, " "), r.code, r.stdout, r.stderr)
			golden := filepath.Join("testdata", "golden", tt.name+".golden")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			assert.Equal(t, readFile(t, golden), got, "xiaoneng %s (golden %s; go test -update rewrites it)", strings.Join(tt.args, " "), golden)
		})
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return string(b)
}

// TestJUnit: --junit writes XML a CI system reads, failures included.
func TestJUnit(t *testing.T) {
	file := filepath.Join(t.TempDir(), "junit.xml")
	r := xiaoneng(t, "", "test", "--junit", file, "cmd/xiaoneng/testdata/slow_test.yaml", "examples/county/county_test.yaml")
	assert.Equal(t, 1, r.code, "exit code; stderr: %s", r.stderr)
	var suites junitSuites
	require.NoError(t, xml.Unmarshal([]byte(readFile(t, file)), &suites))
	require.Len(t, suites.Suites, 2)
	s := suites.Suites[0]
	assert.Equal(t, "cmd/xiaoneng/testdata/slow_test.yaml", s.Name)
	assert.Equal(t, 3, s.Tests)
	assert.Equal(t, 1, s.Failures)
	require.NotNil(t, s.Cases[2].Failure)
	assert.Contains(t, s.Cases[2].Failure.Text, "~ slow case:c1 evidence elapsed: want 4, got 3")
	assert.Equal(t, 0, suites.Suites[1].Failures)
}

// TestEvalLargeStream: a facts file far larger than the process's memory
// use is streamed: every line is evaluated, the summary is exact, and the
// peak resident memory stays well under the file's size.
func TestEvalLargeStream(t *testing.T) {
	if testing.Short() {
		t.Skip("large stream: skipped with -short")
	}
	const n = 200_000
	file := filepath.Join(t.TempDir(), "large.jsonl")
	f, err := os.Create(file)
	require.NoError(t, err)
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, `{"unit":{"id":"u1","name":{"zh-Hans":"单位","en":"unit"},"kind":"municipal-unit"}}`)
	for i := range n {
		// Completed on day 3+i%20 of March 2026: those past 5 working days break the commitment.
		fmt.Fprintf(w, `{"case":{"id":"C%07d","unit":"u1","responsible":"wang","matter":{"code":"M1","statutory_days":20,"committed_days":5,"published":{"procedure":true,"fees":true,"time_limits":true,"materials":true}},"events":[{"kind":"receipt","at":"2026-03-02T09:00:00+08:00"},{"kind":"acceptance","at":"2026-03-02T09:10:00+08:00"},{"kind":"completion","at":"2026-03-%02dT16:00:00+08:00"}]}}`+"\n", i, 3+i%20)
		if i == n/2 {
			fmt.Fprintln(w, `{"case": not json}`)
		}
	}
	require.NoError(t, w.Flush())
	require.NoError(t, f.Close())
	info, err := os.Stat(file)
	require.NoError(t, err)

	// The child's peak RSS on Linux includes what it shared with this test
	// process before exec: measure a run that does almost nothing first, and
	// read the large run's output as a stream so this process stays small.
	// A soft memory limit keeps the collector's pacing out of the measurement.
	env := append(os.Environ(), "GOMEMLIMIT=16MiB")
	base := xiaonengEnv(t, []string{"GOMEMLIMIT=16MiB"}, "", "rules", "--format", "json")
	cmd := exec.Command(binary, "eval", "--format", "json", "--facts", file, "--at", "2026-04-20T09:00")
	cmd.Dir, cmd.Env = "../..", env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var lastLine string
	lines := 0
	for sc.Scan() {
		lines++
		lastLine = sc.Text()
	}
	require.NoError(t, sc.Err())
	err = cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 2, cmd.ProcessState.ExitCode(), "a bad line makes the exit code 2; stderr: %s", stderr.String())
	assert.Equal(t, fmt.Sprintf("%s:%d: JSON 无效：invalid character 'o' in literal null (expecting 'u')\n", file, n/2+3), stderr.String(), "bad lines are reported in the default language, Chinese")
	var last struct{ Summary evalSummary }
	require.NoError(t, json.Unmarshal([]byte(lastLine), &last))
	// Days 3..22 of March: completions on the 10th (6 working days) or later
	// break the 5-day commitment: i%20 in 7..19, 13 of every 20 cases.
	assert.Equal(t, n+1, last.Summary.Evaluated, "subjects evaluated")
	assert.Equal(t, 1, last.Summary.BadLines)
	assert.Equal(t, n/20*13, last.Summary.BySeverity["major"], "P2.commitment.overdue findings")
	assert.Equal(t, last.Summary.Findings+last.Summary.Warnings+1, lines, "one output line per finding and warning, then the summary")
	if rss, ok := maxRSS(cmd.ProcessState); ok {
		at, _ := maxRSS(base.state)
		t.Logf("facts %d MB, peak RSS %d MB, %d MB for listing the rules", info.Size()>>20, rss>>20, at>>20)
		assert.Less(t, rss-at, info.Size()/3, "peak RSS %d bytes (%d at rest) for a %d-byte stream: not streaming", rss, at, info.Size())
	}
}
