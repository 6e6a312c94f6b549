package accountability

import (
	"fmt"
	"slices"
	"strings"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// Measure is an accountability measure (问责方式) or an effect on the annual
// appraisal. The disciplinary measures are ordered mild to grave
// ([Criticism] < … < [DisciplineReferral]); the appraisal effects come after
// them and combine with any of them. The zero value is [UnknownMeasure];
// String never panics.
type Measure int

// The measures, mild to grave, then the appraisal effects.
const (
	UnknownMeasure      Measure = iota
	Criticism                   // 批评教育
	WrittenReview               // 责令作出书面检查
	CirculatedCriticism         // 通报批评
	EfficiencyWarning           // 效能告诫
	Admonishment                // 诫勉谈话
	Reassignment                // 调离工作岗位
	Dismissal                   // 责令辞职/免职
	DisciplineReferral          // 移送纪检监察机关
	NoHonours                   // 取消年度评优评先资格
	NotExcellent                // 年度考核不得评为优秀
	Incompetent                 // 年度考核定为不称职
)

type measureInfo struct {
	id   string
	name efficiency.Text
}

var measures = []measureInfo{
	{},
	{"criticism", efficiency.T("批评教育", "criticism and education")},
	{"written-review", efficiency.T("责令作出书面检查", "written self-examination")},
	{"circulated-criticism", efficiency.T("通报批评", "circulated criticism")},
	{"efficiency-warning", efficiency.T("效能告诫", "efficiency warning")},
	{"admonishment", efficiency.T("诫勉谈话", "admonishment talk")},
	{"reassignment", efficiency.T("调离工作岗位", "reassignment from the post")},
	{"dismissal", efficiency.T("责令辞职/免职", "ordered resignation or dismissal")},
	{"discipline-referral", efficiency.T("移送纪检监察机关", "referral to the discipline inspection organs")},
	{"no-honours", efficiency.T("取消年度评优评先资格", "no honours or awards this year")},
	{"not-excellent", efficiency.T("年度考核不得评为优秀", "cannot be rated excellent this year")},
	{"incompetent", efficiency.T("年度考核定为不称职", "rated incompetent this year")},
}

// Measures lists every measure: the disciplinary ones mild to grave, then
// the appraisal effects.
func Measures() []Measure {
	out := make([]Measure, 0, len(measures)-1)
	for i := 1; i < len(measures); i++ {
		out = append(out, Measure(i))
	}
	return out
}

// ParseMeasure accepts the id ("efficiency-warning") or the Chinese name;
// full-width input is folded first.
func ParseMeasure(s string) (Measure, error) {
	s = strings.TrimSpace(efficiency.FoldWidth(s))
	for i := 1; i < len(measures); i++ {
		if strings.EqualFold(s, measures[i].id) || s == measures[i].name.ZhHans {
			return Measure(i), nil
		}
	}
	known := make([]string, 0, len(measures)-1)
	for _, m := range measures[1:] {
		known = append(known, m.id)
	}
	return UnknownMeasure, &efficiency.UnknownIDError{Kind: "measure", Value: s, Known: known}
}

// String is the stable id, such as "efficiency-warning".
func (m Measure) String() string {
	if !m.Valid() {
		return fmt.Sprintf("Measure(%d)", int(m))
	}
	return measures[m].id
}

// Name is the measure's name in both languages.
func (m Measure) Name() efficiency.Text {
	if !m.Valid() {
		return efficiency.T("未知", "unknown")
	}
	return measures[m].name
}

// Valid reports whether m is a known measure.
func (m Measure) Valid() bool { return m > 0 && int(m) < len(measures) }

// AppraisalEffect reports whether m is an effect on the annual appraisal
// (no-honours, not-excellent, incompetent) rather than a disciplinary measure.
func (m Measure) AppraisalEffect() bool { return m >= NoHonours && m.Valid() }

// MarshalText encodes the id.
func (m Measure) MarshalText() ([]byte, error) {
	if !m.Valid() {
		return nil, fmt.Errorf("accountability: cannot encode %v", m)
	}
	return []byte(m.String()), nil
}

// UnmarshalText accepts what [ParseMeasure] accepts.
func (m *Measure) UnmarshalText(b []byte) error {
	v, err := ParseMeasure(string(b))
	*m = v
	return err
}

// Gravest returns the gravest disciplinary measure in ms, or
// [UnknownMeasure] when ms holds none (only appraisal effects, or nothing).
func Gravest(ms []Measure) Measure {
	g := UnknownMeasure
	for _, m := range ms {
		if m.Valid() && !m.AppraisalEffect() && m > g {
			g = m
		}
	}
	return g
}

// Combine merges measure lists into one, without repeats, in the order of
// [Measures]: disciplinary measures mild to grave, then appraisal effects.
func Combine(lists ...[]Measure) []Measure {
	var out []Measure
	for _, l := range lists {
		for _, m := range l {
			if m.Valid() && !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	slices.Sort(out)
	return out
}
