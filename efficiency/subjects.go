package efficiency

import "time"

// SubjectKind names what a rule judges. The zero value is [UnknownSubject].
type SubjectKind int

// The subject kinds, in the order a report lists them.
const (
	UnknownSubject   SubjectKind = iota
	CaseSubject                  // 办件
	OrderSubject                 // 政令/督办事项
	ComplaintSubject             // 投诉/举报
	UnitSubject                  // 单位
	OfficialSubject              // 工作人员
)

var subjectKinds = []enumInfo{
	{},
	{"", "case", T("办件", "case")},
	{"", "order", T("政令", "order")},
	{"", "complaint", T("投诉", "complaint")},
	{"", "unit", T("单位", "unit")},
	{"", "official", T("工作人员", "official")},
}

// SubjectKinds lists the subject kinds in report order.
func SubjectKinds() []SubjectKind {
	return []SubjectKind{CaseSubject, OrderSubject, ComplaintSubject, UnitSubject, OfficialSubject}
}

// ParseSubjectKind accepts "case", "order", "complaint", "unit" or "official".
func ParseSubjectKind(s string) (SubjectKind, error) {
	if i, ok := lookup(subjectKinds, s); ok {
		return SubjectKind(i), nil
	}
	return UnknownSubject, &UnknownIDError{Kind: "subject", Value: s, Known: ids(subjectKinds)}
}

func (k SubjectKind) String() string { return enumString(subjectKinds, int(k), "SubjectKind") }

// Name is the kind's name in both languages.
func (k SubjectKind) Name() Text { return enumName(subjectKinds, int(k)) }

// Valid reports whether k is a known kind.
func (k SubjectKind) Valid() bool { return k > 0 && int(k) < len(subjectKinds) }

// MarshalText encodes the id ("case").
func (k SubjectKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText accepts what [ParseSubjectKind] accepts.
func (k *SubjectKind) UnmarshalText(b []byte) error {
	v, err := ParseSubjectKind(string(b))
	*k = v
	return err
}

// SubjectRef names one subject: its kind and its id.
type SubjectRef struct {
	Kind SubjectKind `json:"kind"`
	ID   string      `json:"id"`
}

func (r SubjectRef) String() string { return r.Kind.String() + " " + r.ID }

// Facts is a batch of subjects to evaluate together. Units and officials are
// also looked up by the other subjects (a case's unit, a complaint's official),
// and a unit's performance figures are aggregated from the cases of the batch.
type Facts struct {
	Cases      []Case      `json:"cases,omitempty"`
	Orders     []Order     `json:"orders,omitempty"`
	Complaints []Complaint `json:"complaints,omitempty"`
	Units      []Unit      `json:"units,omitempty"`
	Officials  []Official  `json:"officials,omitempty"`
}

// Channel is how an application reached the unit.
type Channel string

// Channels of a case.
const (
	Window   Channel = "window"   // 窗口
	Online   Channel = "online"   // 网上审批
	OneStop  Channel = "one-stop" // 一站式服务
	Parallel Channel = "parallel" // 并联审批
)

// Case is one application handled by a unit (办件): the matter applied for,
// who handles it, and the ordered timeline of what happened.
type Case struct {
	ID        string   `json:"id"`
	Matter    Matter   `json:"matter"`
	Unit      string   `json:"unit"`                // the unit's id
	Channel   Channel  `json:"channel,omitempty"`   // window, online, one-stop, parallel
	Applicant string   `json:"applicant,omitempty"` // applicant id
	Officials []string `json:"officials,omitempty"` // the handling officials' ids
	// Responsible is the official answerable for the case under the post
	// responsibility system (岗位责任制); empty when nobody was assigned.
	Responsible string  `json:"responsible,omitempty"`
	Events      []Event `json:"events"`
}

// Matter is the administrative matter a case applies for (事项), as published.
type Matter struct {
	Code string `json:"code"`
	Name Text   `json:"name,omitzero"`
	// StatutoryDays is the legal time limit in working days (法定时限).
	StatutoryDays int `json:"statutory_days"`
	// CommittedDays is the unit's service commitment (承诺时限), meant to be
	// shorter than the statutory limit; 0 when no commitment was made.
	CommittedDays int `json:"committed_days,omitempty"`
	// Published says which parts of the matter are public (办事公开).
	Published Publication `json:"published"`
	Fees      []FeeItem   `json:"fees,omitempty"`      // the published fee schedule
	Materials []string    `json:"materials,omitempty"` // the published list of required materials
}

// Publication records which parts of a matter's handling are made public.
type Publication struct {
	Procedure  bool `json:"procedure"`   // 办事程序
	Fees       bool `json:"fees"`        // 收费标准
	TimeLimits bool `json:"time_limits"` // 办理时限
	Materials  bool `json:"materials"`   // 申报材料
}

// FeeItem is one item of a published fee schedule; MaxFen is the most that
// may be charged for it, in fen (分).
type FeeItem struct {
	Code   string `json:"code"`
	MaxFen int64  `json:"max_fen"`
}

// Order is a government order or supervised task (政令/督办事项) assigned to a unit.
type Order struct {
	ID       string    `json:"id"`
	Title    string    `json:"title,omitempty"`
	Issuer   string    `json:"issuer"`   // the issuing unit's id
	Assignee string    `json:"assignee"` // the unit that must execute it
	Issued   time.Time `json:"issued"`
	Due      time.Time `json:"due"`
	// AckDays is the number of working days the assignee has to acknowledge
	// receipt; 0 means the rule file's default applies.
	AckDays      int       `json:"ack_days,omitempty"`
	Acknowledged time.Time `json:"acknowledged,omitzero"`
	Completed    time.Time `json:"completed,omitzero"`
	// Partial marks an order executed only in part or selectively (选择性执行).
	Partial  bool      `json:"partial,omitempty"`
	Feedback time.Time `json:"feedback,omitzero"` // when the result was reported back
}

// ComplaintChannel is how a complaint reached the supervisors.
type ComplaintChannel string

// Complaint channels.
const (
	Hotline         ComplaintChannel = "hotline"            // 行风热线
	PublicAppraisal ComplaintChannel = "public-appraisal"   // 万众评公务
	Media           ComplaintChannel = "media"              // 新闻媒体
	Congress        ComplaintChannel = "congress"           // 人大
	CPPCC           ComplaintChannel = "cppcc"              // 政协
	Citizen12345    ComplaintChannel = "12345"              // 12345 热线
	LetterAndVisit  ComplaintChannel = "letters-and-visits" // 信访
	ComplaintOnline ComplaintChannel = "online"             // 网上投诉
)

// Verification is the state of a complaint's verification (核查).
type Verification string

// Verification states.
const (
	Pending   Verification = "pending"   // 核查中
	Verified  Verification = "verified"  // 属实
	Unfounded Verification = "unfounded" // 不属实
)

// Complaint categories: what a complaint is about.
const (
	CategoryAttitude        = "attitude"        // 服务态度
	CategoryProcrastination = "procrastination" // 办事拖拉
	CategoryFees            = "fees"            // 乱收费
	CategoryObstruction     = "obstruction"     // 故意刁难
	CategoryRentSeeking     = "rent-seeking"    // 吃拿卡要
	CategoryNonExecution    = "non-execution"   // 有令不行
	CategoryOther           = "other"           // 其他
)

// ComplaintCategories lists the known complaint categories.
func ComplaintCategories() []string {
	return []string{CategoryAttitude, CategoryProcrastination, CategoryFees, CategoryObstruction,
		CategoryRentSeeking, CategoryNonExecution, CategoryOther}
}

// Complaint is a complaint or report (投诉/举报) about an official, a unit or a case.
type Complaint struct {
	ID       string           `json:"id"`
	Channel  ComplaintChannel `json:"channel"`
	Official string           `json:"official,omitempty"` // about whom
	Unit     string           `json:"unit,omitempty"`
	Case     string           `json:"case,omitempty"`
	// Category is what the complaint is about: attitude, procrastination,
	// fees, obstruction, rent-seeking, non-execution or other.
	Category     string       `json:"category"`
	Received     time.Time    `json:"received"`
	Verification Verification `json:"verification,omitempty"`
	Verified     time.Time    `json:"verified,omitzero"` // when the verification concluded
	Responded    time.Time    `json:"responded,omitzero"`
	Resolved     time.Time    `json:"resolved,omitzero"`
	// Decided is when an accountability decision on a verified fault was made (责任追究决定).
	Decided time.Time `json:"decided,omitzero"`
}

// UnitKind distinguishes county/district governments from municipal units.
type UnitKind string

// Unit kinds.
const (
	CountyGovernment UnitKind = "county-government" // 县、区人民政府
	MunicipalUnit    UnitKind = "municipal-unit"    // 市府直属单位
)

// Unit is a county/district government or a municipal unit (单位).
type Unit struct {
	ID   string   `json:"id"`
	Name Text     `json:"name,omitzero"`
	Kind UnitKind `json:"kind"`
	// Key marks units closest to the public's production and daily life (重点单位).
	Key bool `json:"key,omitempty"`
	// LeadingGroup and Office record when the unit set up its leading group
	// and its office (领导小组及其办公室); zero when not yet.
	LeadingGroup time.Time     `json:"leading_group,omitzero"`
	Office       time.Time     `json:"office,omitzero"`
	Deliverables []Deliverable `json:"deliverables,omitempty"`
	// OnTimeTarget and SatisfactionTarget override the rule file's thresholds
	// for this unit (fractions 0–1); 0 means the default applies.
	OnTimeTarget       float64 `json:"on_time_target,omitempty"`
	SatisfactionTarget float64 `json:"satisfaction_target,omitempty"`
}

// Deliverable is something a unit submits to the campaign office, such as its
// implementation plan (实施方案).
type Deliverable struct {
	Kind      string    `json:"kind"` // implementation-plan, rules, rectification-report, look-back, …
	Submitted time.Time `json:"submitted"`
}

// Official is a member of staff (工作人员) of a unit.
type Official struct {
	ID     string `json:"id"`
	Name   string `json:"name,omitempty"`
	Unit   string `json:"unit"`
	Post   string `json:"post,omitempty"` // 岗位; empty when no post responsibilities are defined
	Leader bool   `json:"leader,omitempty"`
}
