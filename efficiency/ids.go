package efficiency

import (
	"fmt"
	"strings"
)

// enumInfo is the stable identifier and the names of one enum value.
type enumInfo struct {
	code string // short code (P1, S3); empty where there is none
	id   string // stable id used in rule files, JSON and the CLI
	name Text
}

func lookup(table []enumInfo, s string) (int, bool) {
	s = strings.TrimSpace(FoldWidth(s))
	for i, e := range table {
		if i == 0 {
			continue
		}
		if strings.EqualFold(s, e.id) || (e.code != "" && strings.EqualFold(s, e.code)) ||
			strings.EqualFold(s, e.code+" "+e.id) || s == e.name.ZhHans {
			return i, true
		}
	}
	return 0, false
}

func ids(table []enumInfo) []string {
	out := make([]string, 0, len(table)-1)
	for _, e := range table[1:] {
		if e.code != "" {
			out = append(out, e.code)
		} else {
			out = append(out, e.id)
		}
	}
	return out
}

func enumString(table []enumInfo, i int, kind string) string {
	if i <= 0 || i >= len(table) {
		return fmt.Sprintf("%s(%d)", kind, i)
	}
	if table[i].code != "" {
		return table[i].code
	}
	return table[i].id
}

func enumName(table []enumInfo, i int) Text {
	if i <= 0 || i >= len(table) {
		return T("未知", "unknown")
	}
	return table[i].name
}

// Prohibition is one of the four prohibitions (四个禁止). The zero value is
// [UnknownProhibition]; String never panics.
type Prohibition int

// The four prohibitions.
const (
	UnknownProhibition Prohibition = iota
	NonExecution                   // P1 禁止有令不行
	Procrastination                // P2 禁止办事拖拉
	RentSeeking                    // P3 禁止"吃拿卡要"
	HostileAttitude                // P4 禁止态度刁蛮
)

var prohibitions = []enumInfo{
	{},
	{"P1", "non-execution", T("禁止有令不行", "No failure to execute orders")},
	{"P2", "procrastination", T("禁止办事拖拉", "No procrastination")},
	{"P3", "rent-seeking", T("禁止“吃拿卡要”", `No "eat, take, obstruct, demand"`)},
	{"P4", "hostile-attitude", T("禁止态度刁蛮", "No rude or overbearing attitude")},
}

// Prohibitions lists the four prohibitions in order.
func Prohibitions() []Prohibition {
	return []Prohibition{NonExecution, Procrastination, RentSeeking, HostileAttitude}
}

// ParseProhibition accepts a code ("P2"), an id ("procrastination") or the
// Chinese name; full-width input is folded first.
func ParseProhibition(s string) (Prohibition, error) {
	if i, ok := lookup(prohibitions, s); ok {
		return Prohibition(i), nil
	}
	return UnknownProhibition, &UnknownIDError{Kind: "prohibition", Value: s, Known: ids(prohibitions)}
}

func (p Prohibition) String() string { return enumString(prohibitions, int(p), "Prohibition") }

// ID is the stable id, such as "procrastination"; empty when unknown.
func (p Prohibition) ID() string {
	if p <= 0 || int(p) >= len(prohibitions) {
		return ""
	}
	return prohibitions[p].id
}

// Name is the prohibition's name in both languages.
func (p Prohibition) Name() Text { return enumName(prohibitions, int(p)) }

// Valid reports whether p is one of the four prohibitions.
func (p Prohibition) Valid() bool { return p > 0 && int(p) < len(prohibitions) }

// MarshalText encodes the code ("P2").
func (p Prohibition) MarshalText() ([]byte, error) {
	if !p.Valid() {
		return []byte(""), nil
	}
	return []byte(p.String()), nil
}

// UnmarshalText accepts what [ParseProhibition] accepts, and "" for none.
func (p *Prohibition) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = UnknownProhibition
		return nil
	}
	v, err := ParseProhibition(string(b))
	*p = v
	return err
}

// System is one of the seven workplace systems (七项制度). The zero value is
// [UnknownSystem]; String never panics.
type System int

// The seven systems.
const (
	UnknownSystem        System = iota
	PostResponsibility          // S1 岗位责任制
	OpenAffairs                 // S2 办事公开制
	ServiceCommitment           // S3 服务承诺制
	FirstInquiry                // S4 首问负责制
	OneTimeNotice               // S5 一次性告知制
	FaultAccountability         // S6 行政过错责任追究制
	PerformanceAppraisal        // S7 绩效考核制
)

var systems = []enumInfo{
	{},
	{"S1", "post-responsibility", T("岗位责任制", "Post responsibility")},
	{"S2", "open-affairs", T("办事公开制", "Open handling of affairs")},
	{"S3", "service-commitment", T("服务承诺制", "Service commitment")},
	{"S4", "first-inquiry", T("首问负责制", "First-inquiry responsibility")},
	{"S5", "one-time-notice", T("一次性告知制", "One-time notification")},
	{"S6", "fault-accountability", T("行政过错责任追究制", "Accountability for administrative faults")},
	{"S7", "performance-appraisal", T("绩效考核制", "Performance appraisal")},
}

// Systems lists the seven systems in order.
func Systems() []System {
	return []System{PostResponsibility, OpenAffairs, ServiceCommitment, FirstInquiry,
		OneTimeNotice, FaultAccountability, PerformanceAppraisal}
}

// ParseSystem accepts a code ("S3"), an id ("service-commitment") or the Chinese name.
func ParseSystem(s string) (System, error) {
	if i, ok := lookup(systems, s); ok {
		return System(i), nil
	}
	return UnknownSystem, &UnknownIDError{Kind: "system", Value: s, Known: ids(systems)}
}

func (s System) String() string { return enumString(systems, int(s), "System") }

// ID is the stable id, such as "service-commitment"; empty when unknown.
func (s System) ID() string {
	if s <= 0 || int(s) >= len(systems) {
		return ""
	}
	return systems[s].id
}

// Name is the system's name in both languages.
func (s System) Name() Text { return enumName(systems, int(s)) }

// Valid reports whether s is one of the seven systems.
func (s System) Valid() bool { return s > 0 && int(s) < len(systems) }

// MarshalText encodes the code ("S3").
func (s System) MarshalText() ([]byte, error) {
	if !s.Valid() {
		return []byte(""), nil
	}
	return []byte(s.String()), nil
}

// UnmarshalText accepts what [ParseSystem] accepts, and "" for none.
func (s *System) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = UnknownSystem
		return nil
	}
	v, err := ParseSystem(string(b))
	*s = v
	return err
}

// Improvement is one of the two improvements (两个提高) that every finding
// sets back. The zero value is [UnknownImprovement].
type Improvement int

// The two improvements.
const (
	UnknownImprovement Improvement = iota
	Efficiency                     // 提高办事效率
	ServiceQuality                 // 提高服务质量
)

var improvements = []enumInfo{
	{},
	{"", "efficiency", T("办事效率", "Efficiency of handling affairs")},
	{"", "service-quality", T("服务质量", "Quality of service")},
}

// ParseImprovement accepts "efficiency" or "service-quality" (or the Chinese name).
func ParseImprovement(s string) (Improvement, error) {
	if i, ok := lookup(improvements, s); ok {
		return Improvement(i), nil
	}
	return UnknownImprovement, &UnknownIDError{Kind: "improvement", Value: s, Known: ids(improvements)}
}

func (m Improvement) String() string { return enumString(improvements, int(m), "Improvement") }

// Name is the improvement's name in both languages.
func (m Improvement) Name() Text { return enumName(improvements, int(m)) }

// Valid reports whether m is one of the two improvements.
func (m Improvement) Valid() bool { return m > 0 && int(m) < len(improvements) }

// MarshalText encodes the id.
func (m Improvement) MarshalText() ([]byte, error) {
	if !m.Valid() {
		return []byte(""), nil
	}
	return []byte(m.String()), nil
}

// UnmarshalText accepts what [ParseImprovement] accepts, and "" for none.
func (m *Improvement) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*m = UnknownImprovement
		return nil
	}
	v, err := ParseImprovement(string(b))
	*m = v
	return err
}

// Severity orders findings: notice < warning < minor < major < severe.
// The zero value is [UnknownSeverity], below every real severity.
type Severity int

// Severities, mild to grave.
const (
	UnknownSeverity Severity = iota
	Notice                   // 提示
	Warning                  // 警示
	Minor                    // 轻微
	Major                    // 严重
	Severe                   // 特别严重
)

var severities = []enumInfo{
	{},
	{"", "notice", T("提示", "notice")},
	{"", "warning", T("警示", "warning")},
	{"", "minor", T("轻微", "minor")},
	{"", "major", T("严重", "major")},
	{"", "severe", T("特别严重", "severe")},
}

// Severities lists the severities, mild to grave.
func Severities() []Severity { return []Severity{Notice, Warning, Minor, Major, Severe} }

// ParseSeverity accepts the id ("major") or the Chinese name.
func ParseSeverity(s string) (Severity, error) {
	if i, ok := lookup(severities, s); ok {
		return Severity(i), nil
	}
	return UnknownSeverity, &UnknownIDError{Kind: "severity", Value: s, Known: ids(severities)}
}

func (s Severity) String() string { return enumString(severities, int(s), "Severity") }

// Name is the severity's name in both languages.
func (s Severity) Name() Text { return enumName(severities, int(s)) }

// Valid reports whether s is a known severity.
func (s Severity) Valid() bool { return s > 0 && int(s) < len(severities) }

// MarshalText encodes the id.
func (s Severity) MarshalText() ([]byte, error) {
	if !s.Valid() {
		return []byte(""), nil
	}
	return []byte(s.String()), nil
}

// UnmarshalText accepts what [ParseSeverity] accepts, and "" for none.
func (s *Severity) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = UnknownSeverity
		return nil
	}
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}

// UnknownIDError reports an identifier that is not one of the known ones.
type UnknownIDError struct {
	Kind  string   // "prohibition", "system", "severity", …
	Value string   // what was given
	Known []string // the accepted codes or ids
}

var kindNames = map[string]Text{
	"prohibition": T("禁止事项", "prohibition"),
	"system":      T("制度", "system"),
	"improvement": T("提高方向", "improvement"),
	"severity":    T("严重程度", "severity"),
	"event kind":  T("事件类型", "event kind"),
	"subject":     T("对象类型", "subject kind"),
	"channel":     T("渠道", "channel"),
	"measure":     T("问责方式", "measure"),
	"effect":      T("情节作用", "effect"),
}

func (e *UnknownIDError) Error() string { return e.Message().En }

// Message is the error in both languages.
func (e *UnknownIDError) Message() Text {
	k := kindNames[e.Kind]
	if k.IsZero() {
		k = T(e.Kind, e.Kind)
	}
	known := strings.Join(e.Known, ", ")
	return T(fmt.Sprintf("未知%s %q（可用：%s）", k.ZhHans, e.Value, known),
		fmt.Sprintf("unknown %s %q (known: %s)", k.En, e.Value, known))
}
