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

// names reports whether the template has the placeholder {name}.
func (t template) names(name string) bool {
	for _, p := range t.parts {
		if p.name == name {
			return true
		}
	}
	return false
}

// render fills the template; zh selects the Chinese formatting of values.
func (t template) render(b []byte, subject string, ev []efficiency.Evidence, loc *time.Location, zh bool) []byte {
	for _, p := range t.parts {
		if p.name == "" {
			b = append(b, p.lit...)
			continue
		}
		if p.name == "subject" {
			b = append(b, subject...)
			continue
		}
		for _, e := range ev {
			if e.Name == p.name {
				b = appendValue(b, e.Value, loc, zh)
				break
			}
		}
	}
	return b
}

// appendValue appends an evidence value the way a person reads it.
func appendValue(b []byte, v any, loc *time.Location, zh bool) []byte {
	switch x := v.(type) {
	case nil:
		if zh {
			return append(b, "无"...)
		}
		return append(b, "none"...)
	case string:
		return append(b, x...)
	case bool:
		switch {
		case zh && x:
			return append(b, "是"...)
		case zh:
			return append(b, "否"...)
		}
		return strconv.AppendBool(b, x)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case float64:
		return strconv.AppendFloat(b, x, 'f', -1, 64)
	case time.Time:
		return appendTime(b, x.In(loc))
	case time.Duration:
		return append(b, x.String()...)
	case []any:
		sep := ", "
		if zh {
			sep = "、"
		}
		for i, e := range x {
			if i > 0 {
				b = append(b, sep...)
			}
			b = appendValue(b, e, loc, zh)
		}
		return b
	}
	return append(b, strings.TrimSpace(strings.ReplaceAll(sprint(v), "\n", " "))...)
}

// appendTime writes t as 2006-01-02 15:04, or as 2006-01-02 when it is a
// day's end (23:59:59), the way a due date is held: what t.AppendFormat
// gives with those layouts for years 0 to 9999, without parsing a layout.
func appendTime(b []byte, t time.Time) []byte {
	y, m, d := t.Date()
	hh, mm, ss := t.Clock()
	if y < 0 || y > 9999 {
		if hh == 23 && mm == 59 && ss == 59 {
			return t.AppendFormat(b, "2006-01-02")
		}
		return t.AppendFormat(b, "2006-01-02 15:04")
	}
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-', byte('0'+d/10), byte('0'+d%10))
	if hh == 23 && mm == 59 && ss == 59 {
		return b
	}
	return append(b, ' ', byte('0'+hh/10), byte('0'+hh%10), ':', byte('0'+mm/10), byte('0'+mm%10))
}

func sprint(v any) string { return fmt.Sprint(v) }
