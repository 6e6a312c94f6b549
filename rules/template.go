package rules

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// A message template is text with {name} placeholders naming evidence values
// (or {subject}, the subject's id). {{ and }} stand for literal braces.
type template struct {
	parts []tmplPart
}

type tmplPart struct {
	lit  string
	name string // placeholder when non-empty
}

// parseTemplate splits s; it returns the offending rune offset and a message on error.
func parseTemplate(s string) (template, int, efficiency.Text) {
	var t template
	var lit strings.Builder
	runes := []rune(s)
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case r == '{' && i+1 < len(runes) && runes[i+1] == '{':
			lit.WriteRune('{')
			i++
		case r == '}' && i+1 < len(runes) && runes[i+1] == '}':
			lit.WriteRune('}')
			i++
		case r == '{':
			end := -1
			for j := i + 1; j < len(runes); j++ {
				if runes[j] == '}' {
					end = j
					break
				}
			}
			if end < 0 {
				return t, i, efficiency.T("占位符缺少右花括号 }（字面花括号写作 {{）", "placeholder is missing its closing } (write {{ for a literal brace)")
			}
			name := strings.TrimSpace(string(runes[i+1 : end]))
			if !nameRE.MatchString(name) {
				return t, i, tf("占位符 {%s} 无效", "invalid placeholder {%s}", name)
			}
			if lit.Len() > 0 {
				t.parts = append(t.parts, tmplPart{lit: lit.String()})
				lit.Reset()
			}
			t.parts = append(t.parts, tmplPart{name: name})
			i = end
		case r == '}':
			return t, i, efficiency.T("多余的右花括号 }（字面花括号写作 }}）", "unmatched } (write }} for a literal brace)")
		default:
			lit.WriteRune(r)
		}
	}
	if lit.Len() > 0 {
		t.parts = append(t.parts, tmplPart{lit: lit.String()})
	}
	return t, -1, efficiency.Text{}
}

// render fills the template; zh selects the Chinese formatting of values.
func (t template) render(b *strings.Builder, subject string, ev []efficiency.Evidence, loc *time.Location, zh bool) {
	for _, p := range t.parts {
		if p.name == "" {
			b.WriteString(p.lit)
			continue
		}
		if p.name == "subject" {
			b.WriteString(subject)
			continue
		}
		for _, e := range ev {
			if e.Name == p.name {
				formatValue(b, e.Value, loc, zh)
				break
			}
		}
	}
}

// formatValue writes an evidence value the way a person reads it.
func formatValue(b *strings.Builder, v any, loc *time.Location, zh bool) {
	switch x := v.(type) {
	case nil:
		if zh {
			b.WriteString("无")
		} else {
			b.WriteString("none")
		}
	case string:
		b.WriteString(x)
	case bool:
		switch {
		case zh && x:
			b.WriteString("是")
		case zh:
			b.WriteString("否")
		default:
			b.WriteString(strconv.FormatBool(x))
		}
	case int:
		b.WriteString(strconv.Itoa(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		b.WriteString(strconv.FormatFloat(x, 'f', -1, 64))
	case time.Time:
		t := x.In(loc)
		if t.Hour() == 23 && t.Minute() == 59 && t.Second() == 59 {
			b.WriteString(t.Format("2006-01-02"))
		} else {
			b.WriteString(t.Format("2006-01-02 15:04"))
		}
	case time.Duration:
		b.WriteString(x.String())
	case []any:
		sep := ", "
		if zh {
			sep = "、"
		}
		for i, e := range x {
			if i > 0 {
				b.WriteString(sep)
			}
			formatValue(b, e, loc, zh)
		}
	default:
		b.WriteString(strings.TrimSpace(strings.ReplaceAll(sprint(x), "\n", " ")))
	}
}

func sprint(v any) string { return fmt.Sprint(v) }
