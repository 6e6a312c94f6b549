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

// TestCampaignProgress: the report shows the phase that holds at the fixed
// time, the days to its end, and the units in pinyin order.
func TestCampaignProgress(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, []string{"-lang", "zh-Hans"}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if !strings.Contains(s, "阶段: 整改提高 (2026-10-01 – 2026-11-30), 距结束还有 41 天") {
		t.Errorf("no rectification phase with 41 days to its end in\n%s", s)
	}
	order := []string{"  某县人民政府\n", "  市公安局交通警察支队 [重点单位]\n", "  市监察局\n", "  市人力资源和社会保障局 [重点单位]\n",
		"  市市场监督管理局 [重点单位]\n", "  市自然资源和规划局 [重点单位]\n"}
	last := -1
	for _, u := range order {
		i := strings.Index(s, u)
		if i <= last {
			t.Errorf("unit %q at %d, want it after %d (pinyin order)", strings.TrimSpace(u), i, last)
		}
		last = i
	}
	for _, want := range []string{"本单位实施方案: 逾期未报", "依法行政，规范行政行为: 按时完成 2026-10-15", "强化监督（行风热线、万众评公务）: 待报送"} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in\n%s", want, s)
		}
	}
	// After the campaign the phase line says so.
	out.Reset()
	if err := run(&out, []string{"-lang", "en", "-at", "2027-01-01T00:00:00+08:00"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Phase: over\n") {
		t.Errorf("after the campaign: no \"Phase: over\" in\n%s", out.String())
	}
}

// TestFindingGoals: every finding (all the city's rules are tagged) is
// followed, after its message, by the goals it sets back, named in the
// chosen language.
func TestFindingGoals(t *testing.T) {
	for _, tc := range []struct{ lang, label, goal, notGoal string }{
		{"zh-Hans", "阻碍的总体目标: ", "政府职能转变基本到位", "Transformation of government functions"},
		{"en", "Goals set back: ", "Transformation of government functions basically in place", "政府职能转变基本到位"},
	} {
		var out bytes.Buffer
		if err := run(&out, []string{"-lang", tc.lang}); err != nil {
			t.Fatalf("-lang %s: %v", tc.lang, err)
		}
		lines := strings.Split(out.String(), "\n")
		findings, tagged := 0, 0
		for i, line := range lines {
			if !strings.HasPrefix(line, "  • ") {
				continue
			}
			findings++
			// the bullet, one message line, then the goals
			if i+2 < len(lines) && strings.HasPrefix(lines[i+2], "      "+tc.label) {
				tagged++
			} else {
				t.Errorf("-lang %s: finding %q has no goals line", tc.lang, line)
			}
		}
		if findings == 0 || tagged != findings {
			t.Errorf("-lang %s: %d of %d findings name their goals", tc.lang, tagged, findings)
		}
		if s := out.String(); !strings.Contains(s, tc.label+tc.goal) || strings.Contains(s, tc.notGoal) {
			t.Errorf("-lang %s: want %q and not %q", tc.lang, tc.label+tc.goal, tc.notGoal)
		}
	}
}
