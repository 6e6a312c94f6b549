package efficiency

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// FactError is an invalid fact about one subject: the subject, the field (a
// JSON path such as "events[2].at") and why. A subject with a FactError is
// not evaluated; the other subjects are.
type FactError struct {
	Subject SubjectRef `json:"subject"`
	Field   string     `json:"field"`
	Message Text       `json:"message"`
}

func (e *FactError) Error() string {
	return e.Subject.String() + ": " + e.Field + ": " + e.Message.En
}

// Validate checks a batch and returns every problem, each a [*FactError].
func (f *Facts) Validate() []FactError {
	var out []FactError
	for i := range f.Cases {
		out = append(out, f.Cases[i].Validate()...)
	}
	for i := range f.Orders {
		out = append(out, f.Orders[i].Validate()...)
	}
	for i := range f.Complaints {
		out = append(out, f.Complaints[i].Validate()...)
	}
	for i := range f.Units {
		out = append(out, f.Units[i].Validate()...)
	}
	for i := range f.Officials {
		out = append(out, f.Officials[i].Validate()...)
	}
	return out
}

// AsError joins fact errors into one error (nil when there are none), each
// reachable with errors.As.
func AsError(errs []FactError) error {
	if len(errs) == 0 {
		return nil
	}
	es := make([]error, len(errs))
	for i := range errs {
		es[i] = &errs[i]
	}
	return errors.Join(es...)
}

// Caps on the facts of one subject, so hostile or broken input gets a clear
// error for that subject instead of unbounded work or an overflowing sum.
const (
	// MaxEvents is the most events a case's timeline may hold.
	MaxEvents = 10_000
	// MaxAmountFen is the largest amount one event may carry, in fen
	// (10^14 fen, a trillion yuan): MaxEvents of them still sum within int64.
	MaxAmountFen = int64(1e14)
	// MaxDays is the largest number of working days a limit, an extension
	// or an acknowledgement period may have (about 40 years).
	MaxDays = 10_000
	// MaxIDLength is the longest identifier, in bytes.
	MaxIDLength = 256
)

type checker struct {
	ref  SubjectRef
	errs []FactError
}

func (c *checker) add(field string, zh, en string, args ...any) {
	c.errs = append(c.errs, FactError{Subject: c.ref, Field: field,
		Message: T(fmt.Sprintf(zh, args...), fmt.Sprintf(en, args...))})
}

func (c *checker) id(field, v string) {
	if goodID(v) {
		return
	}
	if strings.TrimSpace(v) == "" {
		c.add(field, "缺少必填的标识", "missing required id")
		return
	}
	c.optID(field, v)
}

// goodID reports whether v is an id that id accepts, by the fast check
// most ids pass: at most MaxIDLength bytes of printable ASCII (so valid
// UTF-8 without control characters), not all spaces. False means "check
// fully", not "bad".
func goodID(v string) bool {
	if len(v) > MaxIDLength {
		return false
	}
	blank := true
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < 0x20 || c >= 0x7f {
			return false
		}
		blank = blank && c == ' '
	}
	return !blank
}

// plainID reports whether v is empty or at most MaxIDLength bytes of
// printable ASCII: such an optional id has no problem optID would find.
func plainID(v string) bool {
	if len(v) > MaxIDLength {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// badID reports whether optID would find a problem with v.
func badID(v string) bool {
	if plainID(v) {
		return false
	}
	return !utf8.ValidString(v) || len(v) > MaxIDLength || strings.IndexFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0
}

// optID checks an identifier that may be empty.
func (c *checker) optID(field, v string) {
	if plainID(v) {
		return
	}
	switch {
	case !utf8.ValidString(v):
		c.add(field, "标识不是有效的 UTF-8", "id is not valid UTF-8")
	case len(v) > MaxIDLength:
		c.add(field, "标识过长（%d 字节，上限 %d）", "id too long (%d bytes, the limit is %d)", len(v), MaxIDLength)
	case strings.IndexFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0:
		c.add(field, "标识含有控制字符", "id contains a control character")
	}
}

// validText reports whether v is valid UTF-8, without a call for the empty
// text most events have in most fields.
func validText(v string) bool { return len(v) == 0 || utf8.ValidString(v) }

// text checks free text (names, reasons, materials) for valid UTF-8.
func (c *checker) text(field, v string) {
	if !validText(v) {
		c.add(field, "文本不是有效的 UTF-8", "text is not valid UTF-8")
	}
}

func (c *checker) days(field string, n int) {
	if n > MaxDays {
		c.add(field, "天数过大（%d，上限 %d 个工作日）", "too many days (%d, the limit is %d working days)", n, MaxDays)
	}
}

func (c *checker) amount(field string, fen int64) {
	switch {
	case fen < 0:
		c.add(field, "金额不能为负数（%d 分）", "amount must not be negative (%d fen)", fen)
	case fen > MaxAmountFen:
		c.add(field, "金额 %d 分超出可信上限 %d 分", "amount %d fen is above the plausible maximum of %d fen", fen, MaxAmountFen)
	}
}

func (c *checker) time(field string, t time.Time, required bool) {
	if t.IsZero() {
		if required {
			c.add(field, "缺少必填的时间", "missing required time")
		}
		return
	}
	if outsideYears(t) {
		c.add(field, "时间 %s 超出可信范围（1949–2200 年）", "time %s is outside the plausible range 1949–2200",
			t.Format(time.RFC3339))
	}
}

func (c *checker) order(field string, earlier, later time.Time, zhE, enE, zhL, enL string) {
	if earlier.IsZero() || later.IsZero() || !later.Before(earlier) {
		return
	}
	l, e := later.Format(time.RFC3339), earlier.Format(time.RFC3339)
	c.errs = append(c.errs, FactError{Subject: c.ref, Field: field, Message: T(
		fmt.Sprintf("%s（%s）早于%s（%s）", zhL, l, zhE, e),
		fmt.Sprintf("%s (%s) precedes %s (%s)", enL, l, enE, e))})
}

// Unix times of 1949-01-01 and 2201-01-01 00:00 UTC: the plausible years
// 1949–2200 of c.time, as seconds of local time.
const (
	plausibleFrom  = -7670 * secondsPerDay
	plausibleUntil = 84371 * secondsPerDay
)

// outsideYears reports whether the year of t, in t's own zone, is outside
// the plausible 1949–2200. For the zones with a known offset it compares
// seconds instead of computing the year.
func outsideYears(t time.Time) bool {
	if off, ok := knownOffset(t.Location()); ok {
		if u := t.Unix(); -unixSafe < u && u < unixSafe {
			local := u + off
			return local < plausibleFrom || local >= plausibleUntil
		}
	}
	y := t.Year()
	return y < 1949 || y > 2200
}

// Validate checks a case and returns every problem.
func (k *Case) Validate() []FactError {
	c := &checker{ref: SubjectRef{CaseSubject, k.ID}}
	c.id("id", k.ID)
	c.id("unit", k.Unit)
	if k.Matter.Code == "" {
		c.add("matter.code", "缺少事项编码", "missing matter code")
	}
	if k.Matter.StatutoryDays < 0 {
		c.add("matter.statutory_days", "法定时限不能为负数（%d）", "statutory limit must not be negative (%d)", k.Matter.StatutoryDays)
	}
	if k.Matter.CommittedDays < 0 {
		c.add("matter.committed_days", "承诺时限不能为负数（%d）", "committed limit must not be negative (%d)", k.Matter.CommittedDays)
	}
	c.days("matter.statutory_days", k.Matter.StatutoryDays)
	c.days("matter.committed_days", k.Matter.CommittedDays)
	c.text("matter.code", k.Matter.Code)
	// List fields are named only when a check fails: no allocation per item.
	for i, f := range k.Matter.Fees {
		if f.MaxFen < 0 {
			c.add("matter.fees["+strconv.Itoa(i)+"].max_fen", "收费标准不能为负数（%d 分）", "fee schedule amount must not be negative (%d fen)", f.MaxFen)
		} else if f.MaxFen > MaxAmountFen {
			c.amount("matter.fees["+strconv.Itoa(i)+"].max_fen", f.MaxFen)
		}
	}
	for i, m := range k.Matter.Materials {
		if !validText(m) {
			c.text("matter.materials["+strconv.Itoa(i)+"]", m)
		}
	}
	c.optID("applicant", k.Applicant)
	c.optID("responsible", k.Responsible)
	for i, o := range k.Officials {
		if !goodID(o) && (strings.TrimSpace(o) == "" || badID(o)) {
			c.id("officials["+strconv.Itoa(i)+"]", o)
		}
	}
	if len(k.Events) > MaxEvents {
		c.add("events", "时间线有 %d 个事件，超过上限 %d", "the timeline has %d events, more than the limit of %d", len(k.Events), MaxEvents)
		return c.errs // the events themselves are not checked: the case is refused whole
	}
	switch k.Channel {
	case "", Window, Online, OneStop, Parallel:
	default:
		c.add("channel", "未知渠道 %q（可用：window、online、one-stop、parallel）", "unknown channel %q (known: window, online, one-stop, parallel)", k.Channel)
	}
	var prev time.Time
	var receipt, completion time.Time
	for i := range k.Events {
		e := &k.Events[i]
		// f names a field of the event; it is built only when a check
		// fails, so a valid timeline costs no allocation per event.
		f := func(field string) string { return "events[" + strconv.Itoa(i) + "]" + field }
		if !e.Kind.Valid() {
			c.add(f(".kind"), "未知事件类型", "unknown event kind")
		}
		if e.At.IsZero() || outsideYears(e.At) { // name the field only when needed: no allocation per event
			c.time(f(".at"), e.At, true)
		}
		if !e.At.IsZero() && !prev.IsZero() && e.At.Before(prev) {
			c.add(f(".at"), "事件时间 %s 早于前一事件（%s）：时间线须按时间排序",
				"event time %s precedes the previous event (%s): the timeline must be in order",
				e.At.Format(time.RFC3339), prev.Format(time.RFC3339))
		}
		if !e.At.IsZero() {
			prev = e.At
		}
		if e.AmountFen < 0 || e.AmountFen > MaxAmountFen {
			c.amount(f(".amount_fen"), e.AmountFen)
		}
		if !plainID(e.Official) || !plainID(e.To) || !plainID(e.ApprovedBy) {
			for _, id := range [...]struct{ field, v string }{{".official", e.Official}, {".to", e.To}, {".approved_by", e.ApprovedBy}} {
				if badID(id.v) {
					c.optID(f(id.field), id.v)
				}
			}
		}
		if !validText(e.Item) || !validText(e.Reason) {
			for _, t := range [...]struct{ field, v string }{{".item", e.Item}, {".reason", e.Reason}} {
				if !utf8.ValidString(t.v) {
					c.text(f(t.field), t.v)
				}
			}
		}
		for j, m := range e.Materials {
			if !validText(m) {
				c.text(f(".materials["+strconv.Itoa(j)+"]"), m)
			}
		}
		// An exact copy of an earlier act of the unit at the same time (two
		// systems reporting one act) would be counted twice: refuse it.
		// Ratings and complaints from the public carry no identity and may
		// repeat; a repeated receipt, acceptance… changes nothing.
		for j := i - 1; j >= 0 && countedAct(e.Kind) && k.Events[j].At.Equal(e.At); j-- {
			if sameEvent(&k.Events[j], e) {
				c.add(f(""), "与 events[%d] 完全相同（重复记录）", "repeats events[%d] exactly (a duplicate record)", j)
				break
			}
		}
		switch e.Kind {
		case Receipt:
			if receipt.IsZero() {
				receipt = e.At
			}
		case Completion:
			completion = e.At
		case Extension:
			if e.Days <= 0 {
				c.add(f(".days"), "延期天数必须为正数（%d）", "extension days must be positive (%d)", e.Days)
			}
			if e.Days > MaxDays {
				c.days(f(".days"), e.Days)
			}
		case Rating:
			if e.Score < 1 || e.Score > 5 {
				c.add(f(".score"), "评价分值须为 1–5（%d）", "rating score must be 1–5 (%d)", e.Score)
			}
		case Decision:
			if e.Outcome != Approved && e.Outcome != Rejected {
				c.add(f(".outcome"), "决定结果须为 approved 或 rejected（%q）", "decision outcome must be approved or rejected (%q)", e.Outcome)
			}
		case MaterialNotice:
			if len(e.Materials) == 0 {
				c.add(f(".materials"), "补正告知须列明所缺材料", "a missing-material notice must name the materials")
			}
		case Referral:
			if e.To == "" {
				c.add(f(".to"), "转办须写明转给谁", "a referral must name whom it referred to")
			}
		}
	}
	if !completion.IsZero() && !receipt.IsZero() && completion.Before(receipt) {
		c.add("events", "办结时间（%s）早于收件时间（%s）", "completion (%s) precedes receipt (%s)",
			completion.Format(time.RFC3339), receipt.Format(time.RFC3339))
	}
	return c.errs
}

// Validate checks an order and returns every problem.
func (o *Order) Validate() []FactError {
	c := &checker{ref: SubjectRef{OrderSubject, o.ID}}
	c.id("id", o.ID)
	c.id("assignee", o.Assignee)
	c.time("issued", o.Issued, true)
	c.time("due", o.Due, true)
	c.time("acknowledged", o.Acknowledged, false)
	c.time("completed", o.Completed, false)
	c.time("feedback", o.Feedback, false)
	c.order("due", o.Issued, o.Due, "下达时间", "issue", "期限", "due")
	c.order("acknowledged", o.Issued, o.Acknowledged, "下达时间", "issue", "签收时间", "acknowledgement")
	c.order("completed", o.Issued, o.Completed, "下达时间", "issue", "完成时间", "completion")
	if o.AckDays < 0 {
		c.add("ack_days", "签收时限不能为负数（%d）", "acknowledgement limit must not be negative (%d)", o.AckDays)
	}
	c.days("ack_days", o.AckDays)
	c.optID("issuer", o.Issuer)
	return c.errs
}

// Validate checks a complaint and returns every problem.
func (p *Complaint) Validate() []FactError {
	c := &checker{ref: SubjectRef{ComplaintSubject, p.ID}}
	c.id("id", p.ID)
	c.optID("official", p.Official)
	c.optID("unit", p.Unit)
	c.optID("case", p.Case)
	c.time("received", p.Received, true)
	c.time("verified", p.Verified, false)
	c.time("responded", p.Responded, false)
	c.time("resolved", p.Resolved, false)
	c.time("decided", p.Decided, false)
	if p.Official == "" && p.Unit == "" && p.Case == "" {
		c.add("unit", "投诉须指明对象（official、unit 或 case）", "a complaint must say whom it is about (official, unit or case)")
	}
	if !slices.Contains(ComplaintCategories(), p.Category) {
		c.add("category", "未知投诉类别 %q（可用：%s）", "unknown complaint category %q (known: %s)",
			p.Category, strings.Join(ComplaintCategories(), ", "))
	}
	switch p.Channel {
	case Hotline, PublicAppraisal, Media, Congress, CPPCC, Citizen12345, LetterAndVisit, ComplaintOnline:
	default:
		c.add("channel", "未知投诉渠道 %q", "unknown complaint channel %q", p.Channel)
	}
	switch p.Verification {
	case "", Pending, Verified, Unfounded:
	default:
		c.add("verification", "未知核查状态 %q（可用：pending、verified、unfounded）", "unknown verification state %q (known: pending, verified, unfounded)", p.Verification)
	}
	if p.Verification == Verified && p.Verified.IsZero() {
		c.add("verified", "核查属实须有核查完成时间", "a verified complaint needs the time the verification concluded")
	}
	c.order("verified", p.Received, p.Verified, "收到时间", "receipt", "核查时间", "verification")
	c.order("responded", p.Received, p.Responded, "收到时间", "receipt", "答复时间", "response")
	c.order("decided", p.Received, p.Decided, "收到时间", "receipt", "追责决定时间", "accountability decision")
	return c.errs
}

// Validate checks a unit and returns every problem.
func (u *Unit) Validate() []FactError {
	c := &checker{ref: SubjectRef{UnitSubject, u.ID}}
	c.id("id", u.ID)
	switch u.Kind {
	case CountyGovernment, MunicipalUnit:
	default:
		c.add("kind", "未知单位类型 %q（可用：county-government、municipal-unit）", "unknown unit kind %q (known: county-government, municipal-unit)", u.Kind)
	}
	c.time("leading_group", u.LeadingGroup, false)
	c.time("office", u.Office, false)
	for i, d := range u.Deliverables {
		if d.Kind != "" && !d.Submitted.IsZero() && !outsideYears(d.Submitted) {
			continue // fine: no field name built
		}
		f := "deliverables[" + strconv.Itoa(i) + "]"
		if d.Kind == "" {
			c.add(f+".kind", "缺少材料类型", "missing deliverable kind")
		}
		c.time(f+".submitted", d.Submitted, true)
	}
	for _, t := range []struct {
		f string
		v float64
	}{{"on_time_target", u.OnTimeTarget}, {"satisfaction_target", u.SatisfactionTarget}} {
		if t.v < 0 || t.v > 1 || t.v != t.v {
			c.add(t.f, "目标须在 0 到 1 之间（%v）", "target must be between 0 and 1 (%v)", t.v)
		}
	}
	return c.errs
}

// Validate checks an official and returns every problem.
func (o *Official) Validate() []FactError {
	c := &checker{ref: SubjectRef{OfficialSubject, o.ID}}
	c.id("id", o.ID)
	c.id("unit", o.Unit)
	return c.errs
}

func quote(s string) string { return strconv.Quote(s) }

// countedAct reports whether events of kind k are acts of the unit that the
// engine counts or sums, so that a duplicate record would change a finding.
func countedAct(k EventKind) bool {
	switch k {
	case MaterialNotice, Fee, Penalty, Levy, Gift, Inspection, Extension:
		return true
	}
	return false
}

// sameEvent reports whether two events are identical in every field.
func sameEvent(a, b *Event) bool {
	return a.Kind == b.Kind && a.At.Equal(b.At) && a.Official == b.Official && a.To == b.To &&
		slices.Equal(a.Materials, b.Materials) && a.Reason == b.Reason && a.Days == b.Days &&
		a.ApprovedBy == b.ApprovedBy && a.Outcome == b.Outcome && a.Reasons == b.Reasons &&
		a.LegalBasis == b.LegalBasis && a.Item == b.Item && a.AmountFen == b.AmountFen &&
		a.Planned == b.Planned && a.Score == b.Score
}
