package efficiency

// The validation as it was before its fast paths (ASCII ids, years compared
// as seconds, field names built only on failure), kept verbatim as the
// reference TestValidateAgreesWithReference holds Validate to. refChecker
// replaces the checks that changed; the others are checker's own.

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

type refChecker struct{ checker }

func (c *refChecker) id(field, v string) {
	if strings.TrimSpace(v) == "" {
		c.add(field, "缺少必填的标识", "missing required id")
		return
	}
	c.optID(field, v)
}
func (c *refChecker) optID(field, v string) {
	switch {
	case !utf8.ValidString(v):
		c.add(field, "标识不是有效的 UTF-8", "id is not valid UTF-8")
	case len(v) > MaxIDLength:
		c.add(field, "标识过长（%d 字节，上限 %d）", "id too long (%d bytes, the limit is %d)", len(v), MaxIDLength)
	case strings.IndexFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0:
		c.add(field, "标识含有控制字符", "id contains a control character")
	}
}
func (c *refChecker) time(field string, t time.Time, required bool) {
	if t.IsZero() {
		if required {
			c.add(field, "缺少必填的时间", "missing required time")
		}
		return
	}
	if y := t.Year(); y < 1949 || y > 2200 {
		c.add(field, "时间 %s 超出可信范围（1949–2200 年）", "time %s is outside the plausible range 1949–2200",
			t.Format(time.RFC3339))
	}
}
func refValidateCase(k *Case) []FactError {
	c := &refChecker{checker{ref: SubjectRef{CaseSubject, k.ID}}}
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
		if !utf8.ValidString(m) {
			c.text("matter.materials["+strconv.Itoa(i)+"]", m)
		}
	}
	c.optID("applicant", k.Applicant)
	c.optID("responsible", k.Responsible)
	for i, o := range k.Officials {
		if strings.TrimSpace(o) == "" || refBadID(o) {
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
		if y := e.At.Year(); e.At.IsZero() || y < 1949 || y > 2200 { // name the field only when needed: no allocation per event
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
		for _, id := range [...]struct{ field, v string }{{".official", e.Official}, {".to", e.To}, {".approved_by", e.ApprovedBy}} {
			if refBadID(id.v) {
				c.optID(f(id.field), id.v)
			}
		}
		for _, t := range [...]struct{ field, v string }{{".item", e.Item}, {".reason", e.Reason}} {
			if !utf8.ValidString(t.v) {
				c.text(f(t.field), t.v)
			}
		}
		for j, m := range e.Materials {
			if !utf8.ValidString(m) {
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
func refValidateOrder(o *Order) []FactError {
	c := &refChecker{checker{ref: SubjectRef{OrderSubject, o.ID}}}
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
func refValidateUnit(u *Unit) []FactError {
	c := &refChecker{checker{ref: SubjectRef{UnitSubject, u.ID}}}
	c.id("id", u.ID)
	switch u.Kind {
	case CountyGovernment, MunicipalUnit:
	default:
		c.add("kind", "未知单位类型 %q（可用：county-government、municipal-unit）", "unknown unit kind %q (known: county-government, municipal-unit)", u.Kind)
	}
	c.time("leading_group", u.LeadingGroup, false)
	c.time("office", u.Office, false)
	for i, d := range u.Deliverables {
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
