package report_test

import (
	"bytes"
	"flag"
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
		require.Len(t, sections, 5, "timeline, prohibitions, systems, ranking, trend")
		for i, s := range sections {
			assert.Equal(t, 1, strings.Count(s, "<svg"), "section %d of %s has one chart", i, name)
		}
	}
}

func TestOptionalParts(t *testing.T) {
	r := sample()
	r.Timeline, r.Trend = nil, nil
	page := render(t, r, language.English)
	assert.NotContains(t, page, `id="timeline"`)
	assert.NotContains(t, page, `id="trend"`)
	assert.Equal(t, 3, strings.Count(page, "<section"))
	empty := render(t, &report.Report{}, language.SimplifiedChinese)
	assert.Contains(t, empty, "机关行政效能建设绩效考核通报")
}
