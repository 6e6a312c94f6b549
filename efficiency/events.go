package efficiency

import (
	"time"
)

// EventKind is what happened in a case's timeline. The zero value is
// [UnknownEvent]; in JSON it is the id ("receipt").
type EventKind int

// Event kinds, roughly in the order a case meets them.
const (
	UnknownEvent   EventKind = iota
	Inquiry                  // 咨询: who was asked first (首问)
	Referral                 // 转办: the asked official referred the applicant to the one in charge
	Receipt                  // 收件
	MaterialNotice           // 补正告知: missing materials notified, naming them
	Supplement               // 补正: the applicant supplied the missing materials
	Acceptance               // 受理
	Suspension               // 中止: hearing, inspection/testing, expert review stop the clock
	Resumption               // 恢复
	Extension                // 延期: approved extension of the limit by Days working days
	Decision                 // 决定: with outcome, reasons and legal basis
	Completion               // 办结
	Fee                      // 收费
	Inspection               // 检查
	Penalty                  // 处罚
	Levy                     // 摊派
	Gift                     // 收受礼品礼金
	Rating                   // 好差评: score 1–5
	ComplaintEvent           // 投诉
	Callback                 // 回访
	Rectification            // 整改
)

var eventKinds = []enumInfo{
	{},
	{"", "inquiry", T("咨询", "inquiry")},
	{"", "referral", T("转办", "referral")},
	{"", "receipt", T("收件", "receipt")},
	{"", "notice", T("补正告知", "missing-material notice")},
	{"", "supplement", T("补正", "supplement")},
	{"", "acceptance", T("受理", "acceptance")},
	{"", "suspension", T("中止", "suspension")},
	{"", "resumption", T("恢复", "resumption")},
	{"", "extension", T("延期", "extension")},
	{"", "decision", T("决定", "decision")},
	{"", "completion", T("办结", "completion")},
	{"", "fee", T("收费", "fee")},
	{"", "inspection", T("检查", "inspection")},
	{"", "penalty", T("处罚", "penalty")},
	{"", "levy", T("摊派", "levy")},
	{"", "gift", T("收受礼品", "gift")},
	{"", "rating", T("评价", "rating")},
	{"", "complaint", T("投诉", "complaint")},
	{"", "callback", T("回访", "callback")},
	{"", "rectification", T("整改", "rectification")},
}

// ParseEventKind accepts an event kind's id ("receipt").
func ParseEventKind(s string) (EventKind, error) {
	if i, ok := lookup(eventKinds, s); ok {
		return EventKind(i), nil
	}
	return UnknownEvent, &UnknownIDError{Kind: "event kind", Value: s, Known: ids(eventKinds)}
}

func (k EventKind) String() string { return enumString(eventKinds, int(k), "EventKind") }

// Name is the kind's name in both languages.
func (k EventKind) Name() Text { return enumName(eventKinds, int(k)) }

// Valid reports whether k is a known kind.
func (k EventKind) Valid() bool { return k > 0 && int(k) < len(eventKinds) }

// MarshalText encodes the id; [UnknownEvent] (an event whose kind was never
// set) encodes as "", which decodes back to it.
func (k EventKind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return []byte(""), nil
	}
	return []byte(k.String()), nil
}

// UnmarshalText accepts what [ParseEventKind] accepts. An unknown kind is an
// error, so a timeline never loses an event silently; "" is [UnknownEvent],
// which Validate reports.
func (k *EventKind) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*k = UnknownEvent
		return nil
	}
	v, err := ParseEventKind(string(b))
	*k = v
	return err
}

// Suspension reasons that stop the clock (行政许可法 art. 45).
const (
	ReasonHearing      = "hearing"       // 听证
	ReasonInspection   = "inspection"    // 检验、检测、检疫
	ReasonExpertReview = "expert-review" // 专家评审
)

// Decision outcomes.
const (
	Approved = "approved" // 准予
	Rejected = "rejected" // 不予
)

// Event is one entry of a case's timeline. Which fields matter depends on
// Kind; the others stay empty.
type Event struct {
	Kind EventKind `json:"kind"`
	At   time.Time `json:"at"`
	// Official is who acted (or, for an inquiry, who was asked).
	Official string `json:"official,omitempty"`
	// To is whom a referral sent the applicant to.
	To string `json:"to,omitempty"`
	// Materials names the missing materials of a notice.
	Materials []string `json:"materials,omitempty"`
	// Reason is why a case was suspended (hearing, inspection, expert-review;
	// other reasons do not stop the clock).
	Reason string `json:"reason,omitempty"`
	// Days is the length of an extension in working days.
	Days int `json:"days,omitempty"`
	// ApprovedBy is who approved an extension; an extension nobody approved
	// does not extend the limit.
	ApprovedBy string `json:"approved_by,omitempty"`
	// Outcome of a decision: approved or rejected.
	Outcome string `json:"outcome,omitempty"`
	// Reasons and LegalBasis of a decision or a penalty.
	Reasons    string `json:"reasons,omitempty"`
	LegalBasis string `json:"legal_basis,omitempty"`
	// Item is the fee schedule item a fee was charged under.
	Item string `json:"item,omitempty"`
	// AmountFen is the amount of a fee, penalty, levy or gift, in fen.
	AmountFen int64 `json:"amount_fen,omitempty"`
	// Planned marks an inspection that is in the unit's published plan.
	Planned bool `json:"planned,omitempty"`
	// Score of a rating, 1 (very dissatisfied) to 5 (very satisfied).
	Score int `json:"score,omitempty"`
}
