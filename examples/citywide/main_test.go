package main

import (
	"bufio"
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

var update = flag.Bool("update", false, "rewrite testdata/report.golden")

// sections counts the findings ("  • " lines) under each heading of the
// report, keyed by the heading's first word: "P1"…"P4", "S1"…"S7", "预警".
func sections(out string) map[string]int {
	counts := map[string]int{}
	key := ""
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "■ "), strings.HasPrefix(line, "══ "):
			key = strings.Fields(line)[1]
		case strings.HasPrefix(line, "  • "):
			counts[key]++
		}
	}
	return counts
}

func TestReportCoversEveryProhibitionAndSystem(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, nil); err != nil {
		t.Fatal(err)
	}
	counts := sections(out.String())
	for _, p := range efficiency.Prohibitions() {
		if counts[p.String()] == 0 {
			t.Errorf("no finding under %s %s", p, p.Name())
		}
	}
	for _, s := range efficiency.Systems() {
		if counts[s.String()] == 0 {
			t.Errorf("no finding under %s %s", s, s.Name())
		}
	}
	if counts["预警"] == 0 {
		t.Error("no early warning (预警)")
	}
	for _, bad := range []string{"══ 错误", "  ! "} {
		if strings.Contains(out.String(), bad) {
			t.Errorf("the report has run-time errors or invalid facts:\n%s", out.String())
			break
		}
	}
}

func TestReportIsDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := run(&a, nil); err != nil {
		t.Fatal(err)
	}
	if err := run(&b, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two runs gave different reports")
	}
}

func TestGolden(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, nil); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "report.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./examples/citywide -update to create it)", err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("the report differs from %s (run go test ./examples/citywide -update after checking the change)\n got:\n%s", golden, out.String())
	}
}

func TestLanguages(t *testing.T) {
	for _, tc := range []struct {
		lang, want, notWant string
	}{
		{"zh-Hans", "禁止办事拖拉", "No procrastination"},
		{"en", "No procrastination", "禁止办事拖拉"},
	} {
		var out bytes.Buffer
		if err := run(&out, []string{"-lang", tc.lang}); err != nil {
			t.Fatalf("-lang %s: %v", tc.lang, err)
		}
		if s := out.String(); !strings.Contains(s, tc.want) || strings.Contains(s, tc.notWant) {
			t.Errorf("-lang %s: want %q and not %q in\n%s", tc.lang, tc.want, tc.notWant, s)
		}
	}
}

func TestFlags(t *testing.T) {
	// Before the holiday nothing is due yet: no warning, fewer findings.
	var out bytes.Buffer
	if err := run(&out, []string{"-at", "2026-09-15T12:00:00+08:00"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "2026-09-15 12:00 +08:00") {
		t.Errorf("-at not honoured:\n%s", out.String())
	}
	for _, args := range [][]string{{"-lang", "fr"}, {"-at", "yesterday"}} {
		if err := run(&bytes.Buffer{}, args); err == nil {
			t.Errorf("%v: want an error", args)
		}
	}
}

// TestAccountability: the report ends with the triggers of the city's
// ladder: leaders' responsibility, a factor applied and an exemption recorded.
func TestAccountability(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, []string{"-lang", "en"}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	i := strings.Index(s, "══ Accountability ══")
	if i < 0 {
		t.Fatalf("no accountability section in\n%s", s)
	}
	acc := s[i:]
	for _, want := range []string{
		"▶ official off-zhenghua", "Leaders' responsibility for the unit's record (unit-record)",
		"← severe (repeated-warning)", "Circumstance: Obstructing the investigation",
		"Exempted (recorded)", "Circumstance: The applicant falsified the materials",
		"efficiency warning, no honours or awards this year, cannot be rated excellent this year",
	} {
		if !strings.Contains(acc, want) {
			t.Errorf("the accountability section lacks %q:\n%s", want, acc)
		}
	}
	if strings.Contains(acc, "  • ") {
		t.Error("triggers must not use the findings' bullet")
	}
}
