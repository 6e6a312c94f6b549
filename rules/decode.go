package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"go.yaml.in/yaml/v3"
)

// The raw content of a rule file, decoded strictly from YAML nodes so that
// every value keeps its position. Nothing here evaluates anything.

type fileSpec struct {
	version      int
	jurisdiction jurisdictionSpec
	params       []paramSpec
	calendar     calendarSpec
	campaign     *campaignSpec // nil when the file has no campaign section
	rules        []*ruleSpec
	ladder       *ladderSpec // the accountability section; nil when absent
	appraisal    *appraisalSpec
	extends      []extendsSpec   // inherit.go
	overrides    []*overrideSpec // inherit.go
	// The files that defined the campaign, accountability and appraisal
	// sections, when they were inherited (nil: this file's own decoder).
	campaignDec, ladderDec, appraisalDec *decoder
}

type jurisdictionSpec struct {
	id       string
	name     efficiency.Text
	zone     string
	zoneNode *yaml.Node
}

type paramSpec struct {
	name  string
	value any // int, float64, bool, string, or []any of those
	node  *yaml.Node
}

type calendarSpec struct {
	fallback  bool
	years     []efficiency.Year
	yearNodes []*yaml.Node
	node      *yaml.Node
	bad       bool       // the section had decoding errors; no calendar is built from it
	yearDecs  []*decoder // per year, the file that defined it (nil: this file)
}

type ruleSpec struct {
	node        *yaml.Node
	id          string
	on          efficiency.SubjectKind
	warning     bool
	prohibition efficiency.Prohibition
	system      efficiency.System
	improvement efficiency.Improvement
	severity    efficiency.Severity
	title       efficiency.Text
	description efficiency.Text
	when        *yaml.Node
	evidence    []evidenceSpec
	message     efficiency.Text
	messageZh   *yaml.Node
	messageEn   *yaml.Node
	occurrence  *yaml.Node // the occurrence key expression, if any
	goals       []string   // the campaign goals the rule sets back
	goalsNode   *yaml.Node
	goalNodes   []*yaml.Node
	effective   effectiveSpec // effective.go
	dec         *decoder      // the file that defined the rule (set when files are merged)
}

type evidenceSpec struct {
	name string
	node *yaml.Node
}

type decoder struct {
	file  string
	lines []string
	errs  ErrorList
	rule  string // the rule being decoded, for error context
}

func (d *decoder) errAt(n *yaml.Node, zh, en string, args ...any) {
	line, col := 0, 0
	if n != nil {
		line, col = n.Line, n.Column
	}
	d.errPos(line, col, nil, zh, en, args...)
}

func (d *decoder) errPos(line, col int, cause error, zh, en string, args ...any) {
	d.errs = append(d.errs, &Error{
		File: d.file, Line: line, Column: col, Rule: d.rule,
		Msg:     tf(zh, en, args...),
		Snippet: d.snippet(line, col),
		Err:     cause,
	})
}

// errText reports a problem whose message is already in both languages.
func (d *decoder) errText(line, col int, cause error, msg efficiency.Text) {
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Column: col, Rule: d.rule,
		Msg: msg, Snippet: d.snippet(line, col), Err: cause})
}

// snippet is the source line and a caret under the column.
func (d *decoder) snippet(line, col int) string {
	if line < 1 || line > len(d.lines) {
		return ""
	}
	src := strings.ReplaceAll(d.lines[line-1], "\t", " ")
	pad := 0
	if col > 1 {
		pad = len([]rune(src[:min(len(src), byteOffset(src, col-1))]))
	}
	return " | " + src + "\n | " + strings.Repeat(".", pad) + "^"
}

// byteOffset is the byte offset of the n-th rune of s.
func byteOffset(s string, n int) int {
	i := 0
	for off := range s {
		if i == n {
			return off
		}
		i++
	}
	return len(s)
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML decodes src into its document node, reporting syntax errors and
// features the loader refuses (several documents, anchors and aliases).
func (d *decoder) parseYAML(src []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			d.errPos(0, 0, nil, "文件为空", "the file is empty")
			return nil
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 0
		if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		d.errPos(line, 0, err, "YAML 语法错误：%s", "YAML syntax error: %s", msg)
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		d.errAt(&extra, "文件只能包含一个 YAML 文档", "the file must hold a single YAML document")
	}
	if len(doc.Content) == 0 {
		d.errPos(0, 0, nil, "文件为空", "the file is empty")
		return nil
	}
	return doc.Content[0]
}

type fieldSet map[string]func(k, v *yaml.Node)

// mapping walks a mapping node's pairs, calling the handler for each known
// key; unknown and duplicate keys are errors.
func (d *decoder) mapping(n *yaml.Node, what efficiency.Text, fields fieldSet) bool {
	if !d.noAlias(n) {
		return false
	}
	if n.Kind != yaml.MappingNode {
		d.errAt(n, "%s应为映射（键: 值）", "%s must be a mapping (key: value)", what)
		return false
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !d.noAlias(k) || !d.noAlias(v) {
			continue
		}
		key := k.Value
		if line, dup := seen[key]; dup {
			d.errAt(k, "重复的键 %q（第 %d 行已定义）", "duplicate key %q (already defined on line %d)", key, line)
			continue
		}
		seen[key] = k.Line
		fn, ok := fields[key]
		if !ok {
			known := make([]string, 0, len(fields))
			for f := range fields {
				known = append(known, f)
			}
			slices.Sort(known)
			if s := suggest(key, known); s != "" {
				d.errAt(k, "%[2]s中的未知字段 %[1]q（是否想写 %[3]q？）", "unknown field %q in %s (did you mean %q?)", key, what, s)
			} else {
				d.errAt(k, "%[2]s中的未知字段 %[1]q（可用：%[3]s）", "unknown field %q in %s (known: %s)", key, what, strings.Join(known, ", "))
			}
			continue
		}
		fn(k, v)
	}
	return true
}

func (d *decoder) required(n *yaml.Node, what efficiency.Text, keys ...string) {
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	for _, key := range keys {
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				found = true
				break
			}
		}
		if !found {
			d.errAt(n, "%s缺少必填字段 %q", "%s is missing the required field %q", what, key)
		}
	}
}

func (d *decoder) noAlias(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		d.errAt(n, "不支持 YAML 锚点和别名", "YAML anchors and aliases are not supported")
		return false
	}
	return true
}

func (d *decoder) str(n *yaml.Node, what efficiency.Text) (string, bool) {
	if !d.noAlias(n) {
		return "", false
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errAt(n, "%s应为字符串", "%s must be a string", what)
		return "", false
	}
	return n.Value, true
}

func (d *decoder) integer(n *yaml.Node, what efficiency.Text) (int, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		if v, err := strconv.Atoi(n.Value); err == nil {
			return v, true
		}
	}
	d.errAt(n, "%s应为整数，而非 %q", "%s must be an integer, not %q", what, n.Value)
	return 0, false
}

func (d *decoder) boolean(n *yaml.Node, what efficiency.Text) (bool, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		var b bool
		if err := n.Decode(&b); err == nil {
			return b, true
		}
	}
	d.errAt(n, "%s应为 true 或 false，而非 %q", "%s must be true or false, not %q", what, n.Value)
	return false, false
}

// text decodes {zh-Hans: …, en: …}; both forms are required.
func (d *decoder) text(n *yaml.Node, what efficiency.Text) (t efficiency.Text, zh, en *yaml.Node) {
	ok := d.mapping(n, what, fieldSet{
		"zh-Hans": func(k, v *yaml.Node) { t.ZhHans, _ = d.str(v, what); zh = v },
		"en":      func(k, v *yaml.Node) { t.En, _ = d.str(v, what); en = v },
	})
	if ok {
		d.required(n, what, "zh-Hans", "en")
	}
	return t, zh, en
}

// suggest returns the known word closest to s, if it is close enough to be a typo.
func suggest(s string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if dist := editDistance(s, k); dist < bestD {
			best, bestD = k, dist
		}
	}
	if bestD > len(s)/2 {
		return ""
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// tf formats a message in both languages from the same arguments; an
// efficiency.Text argument contributes its form in each language. The Chinese
// format may reorder arguments with explicit indexes (%[2]s).
func tf(zh, en string, args ...any) efficiency.Text {
	za := make([]any, len(args))
	ea := make([]any, len(args))
	for i, a := range args {
		if t, ok := a.(efficiency.Text); ok {
			za[i], ea[i] = t.ZhHans, t.En
		} else {
			za[i], ea[i] = a, a
		}
	}
	return efficiency.T(fmt.Sprintf(zh, za...), fmt.Sprintf(en, ea...))
}
