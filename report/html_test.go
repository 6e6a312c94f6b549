package report_test

import (
	"bytes"
	"flag"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/report"
	"golang.org/x/text/language"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.html")

var langs = map[string]language.Tag{"zh-Hans": language.SimplifiedChinese, "en": language.English}

func render(t *testing.T, r *report.Report, lang language.Tag) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, r.WriteHTML(&b, lang))
	return b.String()
}

// TestGolden pins the page byte for byte in both languages; -update rewrites it.
func TestGolden(t *testing.T) {
	for name, tag := range langs {
		t.Run(name, func(t *testing.T) {
			got := render(t, sample(), tag)
			assert.Equal(t, got, render(t, sample(), tag), "WriteHTML is not deterministic")
			golden := filepath.Join("testdata", "report."+name+".golden.html")
			if *update {
				require.NoError(t, os.MkdirAll("testdata", 0o755))
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err)
			assert.Equal(t, string(want), got, "WriteHTML(%s) differs from %s (run go test -update)", name, golden)
		})
	}
}

func TestSelfContainedAndEscaped(t *testing.T) {
	for name, tag := range langs {
		page := render(t, sample(), tag)
		assert.Contains(t, page, `<html lang="`+name+`">`)
		for _, ext := range []string{"http://", "https://", "<script", "<img", "@import", "url("} {
			if ext == "http://" {
				// the SVG namespace is the only URL allowed
				assert.NotRegexp(t, regexp.MustCompile(`http://(?:[^w]|w[^w])`), page, "WriteHTML(%s) refers to an external resource", name)
				continue
			}
			assert.NotContains(t, page, ext, "WriteHTML(%s) must be self-contained", name)
		}
		assert.NotContains(t, page, "<b>测试", "unit names are escaped")
		assert.NotContains(t, page, "<b>Test", "unit names are escaped")
		assert.Contains(t, page, "&lt;b&gt;")
		assert.NotContains(t, page, "ZgotmplZ", "an attribute was rejected by html/template")
		// one SVG per section
		sections := strings.Split(page, "<section")[1:]
		require.Len(t, sections, 6, "timeline, prohibitions, systems, goals, ranking, trend")
		for i, s := range sections {
			assert.Equal(t, 1, strings.Count(s, "<svg"), "section %d of %s has one chart", i, name)
		}
	}
}

func TestOptionalParts(t *testing.T) {
	r := sample()
	r.Timeline, r.Trend, r.Goals = nil, nil, nil
	page := render(t, r, language.English)
	assert.NotContains(t, page, `id="timeline"`)
	assert.NotContains(t, page, `id="trend"`)
	assert.NotContains(t, page, "Findings by goal")
	assert.Equal(t, 3, strings.Count(page, "<section"))
	empty := render(t, &report.Report{}, language.SimplifiedChinese)
	assert.Contains(t, empty, "机关行政效能建设绩效考核通报")
}

// TestFindingsByGoal checks the goal chart's counts: a finding counts under
// each goal it is tagged with, warnings and untagged findings under none.
func TestFindingsByGoal(t *testing.T) {
	want := map[string]string{"functions": "6", "decision-making": "4", "law-enforcement": "1", "e-government": "0", "rule-of-law": "2"}
	titles := map[string]string{"zh-Hans": "总体目标：问题分布", "en": "Findings by goal"}
	barRE := regexp.MustCompile(`text-anchor="end">([^<]*)(?:<title>([^<]*)</title>)?</text><rect [^>]*/><text [^>]*>(\d+)</text>`)
	r := sample()
	for name, tag := range langs {
		page := render(t, r, tag)
		i := strings.Index(page, "<h2>"+titles[name]+"</h2>")
		require.GreaterOrEqual(t, i, 0, "WriteHTML(%s) has no goal chart", name)
		chart := page[i:]
		chart = chart[:strings.Index(chart, "</section>")]
		got := map[string]string{}
		for _, m := range barRE.FindAllStringSubmatch(chart, -1) {
			label := html.UnescapeString(m[1])
			if m[2] != "" {
				label = html.UnescapeString(m[2])
				assert.True(t, strings.HasSuffix(m[1], "…"), "WriteHTML(%s): a shortened label %q ends with …", name, m[1])
			}
			got[label] = m[3]
		}
		wantByName := map[string]string{}
		for _, g := range r.Goals {
			wantByName[g.Name.In(tag)] = want[g.ID]
		}
		assert.Equal(t, wantByName, got, "WriteHTML(%s): findings by goal", name)
	}
}
