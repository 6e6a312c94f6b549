package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReport runs `xiaoneng report` on the citywide facts: the page is
// written, self-contained, and its ranking rows are the ranking the command
// prints; a unit lagging in consecutive periods gets the lagging trigger
// for its head. stdout is compared with
// testdata/golden/report-*.golden (the output path reads OUT).
func TestReport(t *testing.T) {
	const td = "cmd/xiaoneng/testdata/"
	for _, tc := range []struct {
		name    string
		args    []string
		trigger string // the first trigger's record id
	}{
		{"report-ok", []string{"report", "--lang", "en", "--facts", td + "citywide.jsonl", "--period", "2026-10"},
			"leadership:lagging@county-mou/lagging:2026-09,2026-10/off-zhenghua"},
		// As of 20 October the market regulator is behind, and has been since August.
		{"report-ok-zh-at", []string{"report", "--rules", "rules/city.yaml", "--facts", td + "citywide.jsonl", "--period", "2026-10", "--at", "2026-10-20T10:00"},
			"leadership:lagging@city-amr/lagging:2026-08,2026-09,2026-10/off-qianjin"},
		{"report-json", []string{"report", "--format", "json", "--lang", "en", "--facts", td + "citywide.jsonl", "--period", "2026-10"},
			"leadership:lagging@county-mou/lagging:2026-09,2026-10/off-zhenghua"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "report.html")
			args := append(tc.args, "--out", out)
			r := xiaoneng(t, "", args...)
			require.Equal(t, 0, r.code, "xiaoneng %s: exit code\nstderr:\n%s", strings.Join(args, " "), r.stderr)
			page := readFile(t, out)

			// Self-contained: no script, no external resource.
			assert.True(t, strings.HasPrefix(page, "<!DOCTYPE html>"), "an HTML page")
			for _, ext := range []string{"<script", "<img", "@import", "url(", "https://"} {
				assert.NotContains(t, page, ext, "the page must be self-contained")
			}
			assert.NotRegexp(t, regexp.MustCompile(`http://(?:[^w]|w[^w])`), page, "the SVG namespace is the only URL")
			assert.Contains(t, page, `id="timeline"`, "the campaign timeline")
			assert.Contains(t, page, `id="trend"`, "the trend over the last periods")
			assert.Regexp(t, `<h2>(?:Findings by goal|总体目标：问题分布)</h2>`, page, "the findings-by-goal chart")

			// The ranking rows are the ranking.
			j := r
			if !slices.Contains(tc.args, "--format") {
				j = xiaoneng(t, "", append(args, "--format", "json")...)
				require.Equal(t, 0, j.code, j.stderr)
			}
			var sum reportSummary
			require.NoError(t, json.Unmarshal([]byte(j.stdout), &sum))
			require.NotEmpty(t, sum.Ranking)
			rows := regexp.MustCompile(`<tr class="rank-row[^"]*" data-unit="([^"]*)"><td class="rank">(\d+)</td>`).FindAllStringSubmatch(page, -1)
			require.Len(t, rows, len(sum.Ranking), "ranking rows in the page")
			for i, row := range sum.Ranking {
				assert.Equal(t, []string{row.Unit, fmt.Sprint(row.Rank)}, rows[i][1:], "row %d of the page", i)
			}
			// A unit lagging two periods or more in a row: its head is admonished.
			require.NotEmpty(t, sum.Triggers, "triggers")
			assert.Equal(t, tc.trigger, sum.Triggers[0].ID, "the lagging trigger")

			got := fmt.Sprintf("$ xiaoneng %s --out OUT\nexit %d\n--- stdout\n%s--- stderr\n%s", strings.Join(tc.args, " "), r.code,
				strings.ReplaceAll(r.stdout, out, "OUT"), r.stderr)
			golden := filepath.Join("testdata", "golden", tc.name+".golden")
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			assert.Equal(t, readFile(t, golden), got, "golden %s (go test -update rewrites it)", golden)
		})
	}
}
