package rules

import (
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"go.yaml.in/yaml/v3"
)

// Effective dates: a rule may carry effective_from and effective_until
// (dates, both inclusive, in the jurisdiction's zone). A subject is judged by
// the rules in force on the day of its relevant event (see [RelevantTime]),
// so a case received before a rule was written is not judged by it.

type effectiveSpec struct {
	from, until         efficiency.Date
	fromNode, untilNode *yaml.Node
}

func (d *decoder) checkEffective(e *effectiveSpec) {
	if !e.from.IsZero() && !e.until.IsZero() && e.until.Before(e.from) {
		d.errAt(e.untilNode, "effective_until %s 早于 effective_from %s", "effective_until %s is before effective_from %s", e.until, e.from)
	}
}

// InForce reports whether the rule was in force on day: on or after
// EffectiveFrom (when set) and on or before EffectiveUntil (when set).
func (r *Rule) InForce(day efficiency.Date) bool {
	if !r.EffectiveFrom.IsZero() && day.Before(r.EffectiveFrom) {
		return false
	}
	if !r.EffectiveUntil.IsZero() && day.After(r.EffectiveUntil) {
		return false
	}
	return true
}

// RelevantTime is the time whose date decides which rules judge a subject
// (effective_from / effective_until):
//
//   - a case: its receipt (收件); without one, its acceptance (受理); without
//     either, its earliest event — when the application began;
//   - an order: when it was issued;
//   - a complaint: when it was received;
//   - a unit or an official: the evaluation time, since their rules judge
//     the state of things at that time.
//
// An event after at, or a missing one, gives at.
func RelevantTime(subject any, at time.Time) time.Time {
	var t time.Time
	switch s := subject.(type) {
	case *efficiency.Case:
		t = caseStart(s)
	case *efficiency.Order:
		t = s.Issued
	case *efficiency.Complaint:
		t = s.Received
	}
	if t.IsZero() || t.After(at) {
		return at
	}
	return t
}

func caseStart(c *efficiency.Case) time.Time {
	var acceptance, first time.Time
	for i := range c.Events {
		e := &c.Events[i]
		switch e.Kind {
		case efficiency.Receipt:
			return e.At
		case efficiency.Acceptance:
			if acceptance.IsZero() {
				acceptance = e.At
			}
		}
		if first.IsZero() || e.At.Before(first) {
			first = e.At
		}
	}
	if !acceptance.IsZero() {
		return acceptance
	}
	return first
}
