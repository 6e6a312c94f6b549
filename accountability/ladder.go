package accountability

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// Ladder is an accountability ladder (问责阶梯): the steps a finding can
// take, mild to grave, the measures every trigger adds, the factors that move
// a finding a step up or down, the exemptions that prevent a trigger, and the
// leaders' responsibility rules. A rule file's `accountability:` section
// compiles into one (see the rules package); a Ladder can also be built in Go.
//
// A Ladder is not modified by [Ladder.Decide]; one that is not modified
// after it is built is safe for concurrent use. The method most callers want
// is [Ladder.Decide].
type Ladder struct {
	// Steps are ordered mild to grave: a finding takes the gravest step whose
	// condition holds, and a factor moves it to the neighbouring step.
	Steps []Step
	// Always are measures added to every trigger, such as no-honours for any
	// accountability at all.
	Always []Measure
	// Factors are the aggravating and mitigating circumstances (从重/从轻情节).
	Factors []Factor
	// Exemptions are the circumstances that prevent a trigger (免责情形).
	Exemptions []Exemption
	// Leaders are the leaders' responsibility rules (领导责任), checked per
	// unit whenever the unit's record grows.
	Leaders []LeaderRule
}

// Step is one rung of the ladder.
type Step struct {
	ID       string
	Name     efficiency.Text
	Measures []Measure
	// When decides whether the step applies to the finding in the Context.
	When Condition
	// Source is where the step was defined, when it came from a rule file.
	Source efficiency.Source
}

// LeaderRule holds a unit's leaders accountable when the unit's record
// crosses a line: it triggers when its condition holds with a new accountable
// finding of the unit counted and did not hold without it, or holds with the
// unit's lagging appraisal periods (Context.Lagging) and did not without
// them, and then names every official of the unit with leader: true.
type LeaderRule struct {
	ID       string
	Name     efficiency.Text
	Measures []Measure
	// When is asked about the unit: Context.Finding, Official and History
	// are nil; UnitHistory is the unit's record.
	When   Condition
	Source efficiency.Source
}

// Effect is what a [Factor] does to the step. The zero value is [UnknownEffect].
type Effect int

// The effects of a factor.
const (
	UnknownEffect Effect = iota
	Aggravating          // 从重：one step graver
	Mitigating           // 从轻：one step milder
)

func (e Effect) String() string {
	switch e {
	case Aggravating:
		return "aggravating"
	case Mitigating:
		return "mitigating"
	}
	return fmt.Sprintf("Effect(%d)", int(e))
}

// ParseEffect accepts "aggravating" or "mitigating".
func ParseEffect(s string) (Effect, error) {
	switch s {
	case "aggravating":
		return Aggravating, nil
	case "mitigating":
		return Mitigating, nil
	}
	return UnknownEffect, &efficiency.UnknownIDError{Kind: "effect", Value: s, Known: []string{"aggravating", "mitigating"}}
}

// Factor is an aggravating or mitigating circumstance a finding may be
// established to have (obstructing the investigation; cooperating).
type Factor struct {
	ID     string
	Name   efficiency.Text
	Effect Effect
}

// Exemption is a circumstance that prevents a trigger (the applicant
// falsified the materials; force majeure). The decision is recorded as
// exempted.
type Exemption struct {
	ID   string
	Name efficiency.Text
}

// Condition decides whether a step or a leaders' rule applies. It must not
// keep the Context; it may count history through Context.History and
// Context.UnitHistory, which remember what was counted for the trigger.
type Condition func(*Context) (bool, error)

// Context is what a [Condition] is asked about.
type Context struct {
	At time.Time
	// Finding is the finding decided; nil for a leaders' rule.
	Finding *efficiency.Finding
	// Circumstances are the ids of the factors and exemptions established
	// for the finding.
	Circumstances []string
	// Official is the official held accountable: the facts' record, or one
	// with only the ID and unit when the facts lack it; nil when the unit is
	// the party, and for a leaders' rule.
	Official *efficiency.Official
	// Unit is the party's unit: the facts' record, or one with only the ID.
	Unit *efficiency.Unit
	// History is the party's record before this decision; nil for a
	// leaders' rule. UnitHistory is the unit's (its officials' included).
	History     *History
	UnitHistory *History
	// Lagging are the consecutive appraisal periods, oldest first, up to the
	// latest, in which the unit ranked lagging (后进), from Input.Lagging;
	// nil for a step, and for a unit not lagging. A leaders' rule is asked
	// about a lagging unit once without them and once with them.
	Lagging []string
}

// History is a party's record as of a time, for conditions to count. It
// remembers the records counted, which the trigger reports. The zero value
// is an empty history; a History is not safe for concurrent use.
type History struct {
	at      time.Time
	records []Record
	counted map[string]bool
}

// NewHistory returns the history of records as of at; records after at are
// left out.
func NewHistory(records []Record, at time.Time) *History {
	h := &History{at: at, counted: map[string]bool{}}
	for _, r := range records {
		if !r.At.After(at) {
			h.records = append(h.records, r)
		}
	}
	slices.SortStableFunc(h.records, CompareRecords)
	return h
}

// ErrWindow is returned for a window of less than one day.
var ErrWindow = errors.New("accountability: a history window must be at least one day")

func (h *History) within(days int) ([]Record, error) {
	if days < 1 {
		return nil, ErrWindow
	}
	if h == nil {
		return nil, nil
	}
	from := h.at.AddDate(0, 0, -days)
	var out []Record
	for _, r := range h.records {
		if !r.At.Before(from) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (h *History) count(r Record) {
	if h.counted == nil {
		h.counted = map[string]bool{}
	}
	h.counted[r.ID] = true
}

// Count is how many records within the last days days (at − days ≤ At ≤ at)
// imposed m, whether for a finding or as leaders' responsibility.
func (h *History) Count(m Measure, days int) (int, error) {
	if !m.Valid() {
		return 0, fmt.Errorf("accountability: unknown measure %v", m)
	}
	rs, err := h.within(days)
	n := 0
	for _, r := range rs {
		if r.Kind != Exempted && slices.Contains(r.Measures, m) {
			h.count(r)
			n++
		}
	}
	return n, err
}

// Findings is how many distinct findings were held accountable within the
// last days days; exempted findings and leaders' responsibility do not count.
func (h *History) Findings(days int) (int, error) {
	rs, err := h.within(days)
	seen := map[string]bool{}
	for _, r := range rs {
		if r.Kind != Accountable {
			continue
		}
		h.count(r)
		for _, f := range r.Findings {
			seen[f] = true
		}
	}
	return len(seen), err
}

// Counted returns the records counted so far, ordered by At, then ID.
func (h *History) Counted() []Record {
	if h == nil {
		return nil
	}
	var out []Record
	for _, r := range h.records {
		if h.counted[r.ID] {
			out = append(out, cloneRecord(r))
		}
	}
	return out
}

// Validate reports what makes the ladder unusable: steps or rules without an
// id, a condition or measures, unknown measures, repeated ids, steps out of
// order (a step's gravest measure milder than an earlier step's), factors
// without an effect.
func (l *Ladder) Validate() error {
	var errs []error
	ids := map[string]bool{}
	id := func(what efficiency.Text, s string) {
		if s == "" {
			errs = append(errs, inputErr("%s缺少标识", "a %s has no id", what))
		} else if ids[s] {
			errs = append(errs, inputErr("%s %q：标识重复", "%s %q: the id is used twice", what, s))
		}
		ids[s] = true
	}
	check := func(what efficiency.Text, s string, ms []Measure, when Condition) {
		id(what, s)
		if when == nil {
			errs = append(errs, inputErr("%s %q 缺少条件", "%s %q has no condition", what, s))
		}
		if len(ms) == 0 {
			errs = append(errs, inputErr("%s %q 缺少问责方式", "%s %q has no measures", what, s))
		}
		for _, m := range ms {
			if !m.Valid() {
				errs = append(errs, inputErr("%s %q：未知问责方式 %v", "%s %q: unknown measure %v", what, s, m))
			}
		}
	}
	step, leaders := efficiency.T("阶梯", "step"), efficiency.T("领导责任规则", "leaders' rule")
	prev, prevID := UnknownMeasure, ""
	for _, s := range l.Steps {
		check(step, s.ID, s.Measures, s.When)
		if g := Gravest(s.Measures); g < prev {
			errs = append(errs, inputErr("阶梯 %q（%v）轻于前一级 %q（%v）：阶梯须由轻到重排列",
				"step %q (%v) is milder than the step before it, %q (%v): order the steps mild to grave", s.ID, g, prevID, prev))
		} else {
			prev, prevID = g, s.ID
		}
	}
	for _, r := range l.Leaders {
		check(leaders, r.ID, r.Measures, r.When)
	}
	for _, m := range l.Always {
		if !m.Valid() {
			errs = append(errs, inputErr("always：未知问责方式 %v", "always: unknown measure %v", m))
		}
	}
	for _, f := range l.Factors {
		id(efficiency.T("情节", "factor"), f.ID)
		if f.Effect != Aggravating && f.Effect != Mitigating {
			errs = append(errs, inputErr("情节 %q 未指明从重或从轻", "factor %q has no effect (aggravating or mitigating)", f.ID))
		}
	}
	for _, e := range l.Exemptions {
		id(efficiency.T("免责情形", "exemption"), e.ID)
	}
	return errors.Join(errs...)
}
