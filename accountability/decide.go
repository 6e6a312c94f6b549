package accountability

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// Input is what a decision is made on: the findings of an evaluation, the
// facts they came from (for the officials and units: who leads a unit, an
// official's post), and the circumstances established about the findings.
type Input struct {
	Findings []efficiency.Finding `json:"findings"`
	// Facts may be nil; officials and units it lacks are known by id only,
	// and a unit without a leader in the facts has its leaders'
	// responsibility recorded against the unit.
	Facts *efficiency.Facts `json:"facts,omitempty"`
	// Circumstances are facts about findings that evaluation cannot see:
	// an investigation established an aggravating or mitigating factor, or
	// an exemption. Each names a finding's id and a factor or exemption the
	// ladder declares (an undeclared id is an error); those naming no
	// finding of Findings are returned in Decision.Unused.
	Circumstances []Circumstance `json:"circumstances,omitempty"`
	// Lagging are the units the performance appraisal ranked lagging (后进)
	// in the latest period, each with its run of consecutive lagging
	// periods. The caller computes them from its rankings (the appraisal
	// package's LaggingRuns does); leaders' rules see them as the unit's
	// lagging record and may hold its head accountable (约谈).
	Lagging []LaggingUnit `json:"lagging,omitempty"`
}

// LaggingUnit is a unit ranked lagging (后进) in consecutive appraisal
// periods up to the latest.
type LaggingUnit struct {
	Unit string `json:"unit"`
	// Periods are the ids of the consecutive periods the unit lagged in,
	// oldest first, ending with the latest ("2026-09", "2026-10"). Their
	// ids make the trigger's record id, so the same run triggers once.
	Periods []string `json:"periods"`
}

// Circumstance is a factor or an exemption established about one finding.
type Circumstance struct {
	Finding string `json:"finding"` // the finding's ID
	ID      string `json:"id"`      // a factor's or an exemption's id in the ladder
	Note    string `json:"note,omitempty"`
}

// Decision is what [Ladder.Decide] decided, in a stable order.
type Decision struct {
	At time.Time `json:"at"`
	// Triggers are the new accountability triggers: the findings' in
	// finding order, then leaders' responsibility by unit, then leaders'
	// responsibility for lagging by unit.
	Triggers []Trigger `json:"triggers"`
	// Exempted are findings a step matched but an exemption prevented;
	// they are recorded, with no measures.
	Exempted []Trigger `json:"exempted,omitempty"`
	// Decided are the ids of findings the ledger already held: nothing new.
	Decided []string `json:"decided,omitempty"`
	// Unmatched are the ids of findings no step matched, or that name
	// neither an official nor a unit; nothing is recorded for them.
	Unmatched []string `json:"unmatched,omitempty"`
	// Unused are the circumstances that name no finding of the input.
	Unused []Circumstance `json:"unused,omitempty"`
}

// Trigger is one accountability trigger: the record appended to the ledger,
// with why.
type Trigger struct {
	Record
	// Name is the step's (or the leaders' rule's) name.
	Name efficiency.Text `json:"name"`
	// Base is the step the conditions chose before factors moved it; equal
	// to Step when none did.
	Base string `json:"base,omitempty"`
	// Factors are the aggravating and mitigating factors applied.
	Factors []string `json:"factors,omitempty"`
	// History are the earlier records the condition counted.
	History []Record `json:"history,omitempty"`
}

// InputError is a problem with the input of a decision.
type InputError struct {
	Message efficiency.Text
}

func (e *InputError) Error() string { return "accountability: " + e.Message.En }

// inputErr formats an InputError in both languages from the same arguments;
// an efficiency.Text argument gives its form in each language.
func inputErr(zh, en string, args ...any) *InputError {
	za, ea := make([]any, len(args)), make([]any, len(args))
	for i, a := range args {
		if t, ok := a.(efficiency.Text); ok {
			za[i], ea[i] = t.ZhHans, t.En
		} else {
			za[i], ea[i] = a, a
		}
	}
	return &InputError{Message: efficiency.T(fmt.Sprintf(zh, za...), fmt.Sprintf(en, ea...))}
}

// Decide decides the findings of in as of at, against the history in
// ledger, appends the decisions to ledger and returns them.
//
// For each finding that is a violation (warnings are skipped) and that the
// ledger does not hold yet, the party is the first official the finding
// names (the responsible one), else its unit. The finding takes the gravest
// step whose condition holds; an aggravating factor moves it one step
// graver, a mitigating one one step milder (within the ladder; both cancel);
// an exemption records it as exempted instead. The measures are the step's
// plus [Ladder.Always]. Conditions see the ledger as it stood before this
// call, so the findings of one batch do not count against each other.
// Then, for each unit with new accountable findings, each leaders' rule is
// asked with them counted one by one; the first that makes it hold names
// the unit's leaders. Last, for each unit of in.Lagging, each leaders' rule
// is asked without and with the unit's lagging periods (Context.Lagging):
// a rule that holds only with them names the unit's leaders, under a record
// id made of the rule, the unit, the periods and the leader.
//
// Every decision is appended under a stable id, and the triggers are those
// the ledger added, so deciding the same findings again triggers nothing,
// even from concurrent calls. When an append fails, Decide returns the
// decision so far with the error; deciding again completes it.
func (l *Ladder) Decide(ctx context.Context, in Input, ledger Ledger, at time.Time) (*Decision, error) {
	if at.IsZero() {
		return nil, errors.New("accountability: Decide needs the decision time (at is zero)")
	}
	if ledger == nil {
		return nil, errors.New("accountability: Decide needs a ledger")
	}
	if err := l.Validate(); err != nil {
		return nil, err
	}
	findings := slices.Clone(in.Findings)
	efficiency.SortFindings(findings)
	findings = slices.CompactFunc(findings, func(a, b efficiency.Finding) bool { return a.ID == b.ID })
	circ, unused, err := l.circumstances(in.Circumstances, findings)
	if err != nil {
		return nil, err
	}
	lagging, err := laggingByUnit(in.Lagging)
	if err != nil {
		return nil, err
	}
	dc := &decision{l: l, ctx: ctx, ledger: ledger, at: at, facts: indexFacts(efficiency.FoldIDs(in.Facts)), lagging: lagging,
		cache: map[string][]Record{}, d: &Decision{At: at, Triggers: []Trigger{}, Unused: unused}}

	var pending []Trigger
	for i := range findings {
		f := &findings[i]
		if f.Warning {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t, err := dc.finding(f, circ[f.ID])
		if err != nil {
			return nil, err
		}
		if t != nil {
			pending = append(pending, *t)
		}
	}
	leaders, err := dc.leaders(pending)
	if err != nil {
		return nil, err
	}
	pending = append(pending, leaders...)
	laggards, err := dc.laggards(in.Lagging, pending)
	if err != nil {
		return nil, err
	}
	pending = append(pending, laggards...)

	for _, t := range pending {
		added, err := ledger.Append(ctx, t.Record)
		if err != nil {
			return dc.d, fmt.Errorf("accountability: appending %q: %w", t.ID, err)
		}
		switch {
		case !added && t.Kind != Leadership:
			dc.d.Decided = append(dc.d.Decided, t.Findings[0])
		case !added:
		case t.Kind == Exempted:
			dc.d.Exempted = append(dc.d.Exempted, t)
		default:
			dc.d.Triggers = append(dc.d.Triggers, t)
		}
	}
	return dc.d, nil
}

// circumstances checks the input's circumstances and groups their ids by
// finding; unused are those naming no finding of the input.
func (l *Ladder) circumstances(cs []Circumstance, findings []efficiency.Finding) (byFinding map[string][]string, unused []Circumstance, err error) {
	known := map[string]bool{}
	for _, f := range l.Factors {
		known[f.ID] = true
	}
	for _, e := range l.Exemptions {
		known[e.ID] = true
	}
	ids := map[string]bool{}
	for _, f := range findings {
		ids[f.ID] = true
	}
	out := map[string][]string{}
	var errs []error
	for i, c := range cs {
		switch {
		case !known[c.ID]:
			errs = append(errs, &InputError{efficiency.T(
				fmt.Sprintf("情节 %d：阶梯中没有情节或免责情形 %q", i+1, c.ID),
				fmt.Sprintf("circumstance %d: the ladder declares no factor or exemption %q", i+1, c.ID))})
		case !ids[c.Finding]:
			unused = append(unused, c)
		case !slices.Contains(out[c.Finding], c.ID):
			out[c.Finding] = append(out[c.Finding], c.ID)
		}
	}
	return out, unused, errors.Join(errs...)
}

type factIndex struct {
	officials map[string]*efficiency.Official
	units     map[string]*efficiency.Unit
	leaders   map[string][]string // unit → leader ids, sorted
}

func indexFacts(f *efficiency.Facts) factIndex {
	x := factIndex{officials: map[string]*efficiency.Official{}, units: map[string]*efficiency.Unit{}, leaders: map[string][]string{}}
	if f == nil {
		return x
	}
	for i := range f.Units {
		if _, dup := x.units[f.Units[i].ID]; !dup {
			x.units[f.Units[i].ID] = &f.Units[i]
		}
	}
	for i := range f.Officials {
		o := &f.Officials[i]
		if _, dup := x.officials[o.ID]; dup {
			continue
		}
		x.officials[o.ID] = o
		if o.Leader {
			x.leaders[o.Unit] = append(x.leaders[o.Unit], o.ID)
		}
	}
	for _, ls := range x.leaders {
		slices.Sort(ls)
	}
	return x
}

type decision struct {
	l      *Ladder
	ctx    context.Context
	ledger Ledger
	at     time.Time
	facts  factIndex
	// lagging: unit → its consecutive lagging periods, from the input.
	lagging map[string][]string
	cache   map[string][]Record // "official id" / "unit id" → records up to at
	d       *Decision
}

func (dc *decision) records(q Query) ([]Record, error) {
	key := "official " + q.Official
	if q.Official == "" {
		key = "unit " + q.Unit
	}
	if rs, ok := dc.cache[key]; ok {
		return rs, nil
	}
	q.To = dc.at
	rs, err := dc.ledger.Records(dc.ctx, q)
	if err != nil {
		return nil, fmt.Errorf("accountability: reading the ledger: %w", err)
	}
	dc.cache[key] = rs
	return rs, nil
}

func (dc *decision) unit(id string) *efficiency.Unit {
	if u := dc.facts.units[id]; u != nil {
		return u
	}
	return &efficiency.Unit{ID: id}
}

// finding decides one finding; nil when there is nothing to record.
func (dc *decision) finding(f *efficiency.Finding, circ []string) (*Trigger, error) {
	c := &Context{At: dc.at, Finding: f, Circumstances: circ}
	// Ids are compared folded to half width, as the facts are (FoldIDs).
	unitID := efficiency.FoldWidth(f.Unit)
	if len(f.Officials) > 0 {
		id := efficiency.FoldWidth(f.Officials[0])
		o := dc.facts.officials[id]
		if o == nil {
			o = &efficiency.Official{ID: id, Unit: unitID}
		}
		c.Official = o
		if unitID == "" {
			unitID = o.Unit
		}
	}
	if c.Official == nil && unitID == "" {
		dc.d.Unmatched = append(dc.d.Unmatched, f.ID)
		return nil, nil
	}
	prior, err := dc.ledger.Records(dc.ctx, Query{Finding: f.ID})
	if err != nil {
		return nil, fmt.Errorf("accountability: reading the ledger: %w", err)
	}
	if slices.ContainsFunc(prior, func(r Record) bool { return r.ID == f.ID }) {
		dc.d.Decided = append(dc.d.Decided, f.ID)
		return nil, nil
	}
	c.Unit = dc.unit(unitID)
	unitRecs, err := dc.records(Query{Unit: unitID})
	if err != nil {
		return nil, err
	}
	var own []Record
	if c.Official != nil {
		if own, err = dc.records(Query{Official: c.Official.ID}); err != nil {
			return nil, err
		}
	} else {
		for _, r := range unitRecs {
			if r.Official == "" {
				own = append(own, r)
			}
		}
	}

	// The gravest step whose condition holds.
	base := -1
	var counted []Record
	for i, s := range dc.l.Steps {
		c.History, c.UnitHistory = NewHistory(own, dc.at), NewHistory(unitRecs, dc.at)
		ok, err := s.When(c)
		if err != nil {
			return nil, fmt.Errorf("accountability: step %q on finding %q: %w", s.ID, f.ID, err)
		}
		if ok {
			base = i
			counted = append(c.History.Counted(), c.UnitHistory.Counted()...)
		}
	}
	if base < 0 {
		dc.d.Unmatched = append(dc.d.Unmatched, f.ID)
		return nil, nil
	}
	slices.SortFunc(counted, CompareRecords)
	counted = slices.CompactFunc(counted, func(a, b Record) bool { return a.ID == b.ID })

	t := &Trigger{Record: Record{ID: f.ID, Kind: Accountable, At: dc.at, Unit: unitID,
		Findings: []string{f.ID}, Severity: f.Severity}, History: counted}
	if c.Official != nil {
		t.Official = c.Official.ID
	}
	for _, e := range dc.l.Exemptions {
		if slices.Contains(circ, e.ID) {
			s := dc.l.Steps[base]
			t.Kind, t.Exemption, t.Step, t.Name = Exempted, e.ID, s.ID, s.Name
			return t, nil
		}
	}
	step := base
	up, down := false, false
	for _, fc := range dc.l.Factors {
		if slices.Contains(circ, fc.ID) {
			t.Factors = append(t.Factors, fc.ID)
			up = up || fc.Effect == Aggravating
			down = down || fc.Effect == Mitigating
		}
	}
	switch {
	case up && !down:
		step = min(step+1, len(dc.l.Steps)-1)
	case down && !up:
		step = max(step-1, 0)
	}
	s := dc.l.Steps[step]
	t.Step, t.Name, t.Base = s.ID, s.Name, dc.l.Steps[base].ID
	t.Measures = Combine(s.Measures, dc.l.Always)
	return t, nil
}

// leaders asks each leaders' rule about each unit with new accountable
// findings, counting them in one by one.
func (dc *decision) leaders(pending []Trigger) ([]Trigger, error) {
	byUnit := map[string][]Record{}
	var units []string
	for _, t := range pending {
		if t.Kind != Accountable {
			continue
		}
		if _, ok := byUnit[t.Unit]; !ok {
			units = append(units, t.Unit)
		}
		byUnit[t.Unit] = append(byUnit[t.Unit], t.Record)
	}
	slices.Sort(units)
	var out []Trigger
	for _, u := range units {
		base, err := dc.records(Query{Unit: u})
		if err != nil {
			return nil, err
		}
		for _, lr := range dc.l.Leaders {
			seen := slices.Clone(base)
			for _, p := range byUnit[u] {
				before := &Context{At: dc.at, Unit: dc.unit(u), UnitHistory: NewHistory(seen, dc.at), Lagging: dc.lagging[u]}
				was, err := lr.When(before)
				if err != nil {
					return nil, fmt.Errorf("accountability: leaders' rule %q on unit %q: %w", lr.ID, u, err)
				}
				seen = append(seen, p)
				after := &Context{At: dc.at, Unit: dc.unit(u), UnitHistory: NewHistory(seen, dc.at), Lagging: dc.lagging[u]}
				is, err := lr.When(after)
				if err != nil {
					return nil, fmt.Errorf("accountability: leaders' rule %q on unit %q: %w", lr.ID, u, err)
				}
				if !is || was {
					continue
				}
				out = append(out, dc.leadership(lr, u, p, after.UnitHistory.Counted())...)
				break
			}
		}
	}
	return out, nil
}

func (dc *decision) leadership(lr LeaderRule, unit string, crossing Record, counted []Record) []Trigger {
	var findings []string
	for _, r := range counted {
		if r.Kind == Accountable {
			for _, f := range r.Findings {
				if !slices.Contains(findings, f) {
					findings = append(findings, f)
				}
			}
		}
	}
	if len(findings) == 0 {
		findings = []string{crossing.Findings[0]}
	}
	heads := dc.facts.leaders[unit]
	if len(heads) == 0 {
		heads = []string{""} // no leader in the facts: recorded against the unit
	}
	var out []Trigger
	for _, h := range heads {
		id := "leadership:" + lr.ID + "@" + unit + "/" + crossing.Findings[0]
		if h != "" {
			id += "/" + h
		}
		out = append(out, Trigger{
			Record: Record{ID: id, Kind: Leadership, At: dc.at, Official: h, Unit: unit, Findings: findings,
				Step: lr.ID, Measures: Combine(lr.Measures, dc.l.Always)},
			Name: lr.Name, History: counted,
		})
	}
	return out
}

// MeasuresByUnit counts the measures of the decision's triggers per unit and
// measure id (unit → "efficiency-warning" → 2), the shape the appraisal of a
// period takes as its accountability figures.
func (d *Decision) MeasuresByUnit() map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, t := range d.Triggers {
		if out[t.Unit] == nil {
			out[t.Unit] = map[string]int{}
		}
		for _, m := range t.Measures {
			out[t.Unit][m.String()]++
		}
	}
	return out
}
