package rules

import (
	"context"
	"errors"
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// Stream evaluates facts that arrive in pieces — a JSON Lines file of a
// million cases — in memory proportional to the units and officials, not to
// the cases. Create one with [RuleSet.NewStream], call [Stream.Add] for each
// piece and [Stream.Close] at the end. A Stream is for one goroutine.
//
// The semantics differ from one [RuleSet.Evaluate] over the whole batch
// only where a batch needs all of it:
//
//   - units and officials are context: each Add remembers them, and their own
//     rules run in Close, over the aggregates of every case in the stream
//     (cases of a unit counted before the unit arrived included);
//   - a case, order or complaint is evaluated in the Add that brings it, with
//     the unit and official as known so far (send units and officials first)
//     and the unit's aggregates so far;
//   - repeated ids are detected within one piece only.
type Stream struct {
	rs           *RuleSet
	d            *deriver
	units        []*efficiency.Unit
	unitErr      map[string]error
	officials    []*efficiency.Official
	officialUnit map[string]string
	pending      map[string]*UnitFacts // aggregates of cases whose unit has not arrived yet
	msgs         msgTable              // findings' messages already rendered
	closed       bool
}

// NewStream starts a streamed evaluation at the time at.
func (rs *RuleSet) NewStream(at time.Time) (*Stream, error) {
	if at.IsZero() {
		return nil, ErrNoTime
	}
	d := newDeriver(rs.cal, at)
	d.campaign = rs.campaign // the measures a unit leads, as Evaluate sees them
	d.units = map[string]*UnitFacts{}
	d.officialCases = map[string]int{}
	return &Stream{rs: rs, d: d, unitErr: map[string]error{}, officialUnit: map[string]string{}, pending: map[string]*UnitFacts{}}, nil
}

func (s *Stream) report() *evaluation {
	return &evaluation{rs: s.rs, d: s.d, msgs: &s.msgs, report: &efficiency.Report{At: s.d.at.In(s.rs.cal.Location()), Jurisdiction: s.rs.jurisdiction.ID,
		Findings: []efficiency.Finding{}, Warnings: []efficiency.Finding{}, Evaluated: map[efficiency.SubjectKind]int{}}}
}

func (e *evaluation) sorted() *efficiency.Report {
	efficiency.SortFindings(e.report.Findings)
	efficiency.SortFindings(e.report.Warnings)
	return e.report
}

// Add remembers f's units and officials and evaluates its cases, orders and
// complaints, returning their findings, warnings, errors and invalid facts.
func (s *Stream) Add(ctx context.Context, f *efficiency.Facts) (*efficiency.Report, error) {
	if s.closed {
		return nil, errors.New("rules: Stream.Add after Close")
	}
	e := s.report()
	e.ctx = ctx
	d := s.d
	for _, u := range valid(e, efficiency.UnitSubject, f.Units, nil, func(u *efficiency.Unit) string { return u.ID }, (*efficiency.Unit).Validate) {
		if _, dup := d.units[u.ID]; dup {
			e.report.Invalid = append(e.report.Invalid, efficiency.FactError{
				Subject: efficiency.SubjectRef{Kind: efficiency.UnitSubject, ID: u.ID}, Field: "id",
				Message: efficiency.T("流中重复的标识：只保留第一个", "duplicate id in the stream: only the first is kept")})
			continue
		}
		d.err = nil
		uf := d.unitFacts(u)
		if p := s.pending[u.ID]; p != nil {
			uf.addAggregates(p)
			delete(s.pending, u.ID)
		}
		d.units[u.ID] = &uf
		s.unitErr[u.ID] = d.err
		s.units = append(s.units, u)
	}
	for _, o := range valid(e, efficiency.OfficialSubject, f.Officials, nil, func(o *efficiency.Official) string { return o.ID }, (*efficiency.Official).Validate) {
		if _, dup := s.officialUnit[o.ID]; dup {
			e.report.Invalid = append(e.report.Invalid, efficiency.FactError{
				Subject: efficiency.SubjectRef{Kind: efficiency.OfficialSubject, ID: o.ID}, Field: "id",
				Message: efficiency.T("流中重复的标识：只保留第一个", "duplicate id in the stream: only the first is kept")})
			continue
		}
		s.officialUnit[o.ID] = o.Unit
		s.officials = append(s.officials, o)
	}
	unitOf := func(id string) UnitFacts {
		if u := d.units[id]; u != nil {
			return *u
		}
		return UnitFacts{}
	}
	for _, c := range valid(e, efficiency.CaseSubject, f.Cases, nil, func(c *efficiency.Case) string { return c.ID }, (*efficiency.Case).Validate) {
		d.err = nil
		cf := d.caseFacts(c)
		derr := d.err
		if derr == nil {
			u := d.units[c.Unit]
			if u == nil {
				if s.pending[c.Unit] == nil {
					s.pending[c.Unit] = &UnitFacts{}
				}
				u = s.pending[c.Unit]
			}
			u.addCase(&cf)
			for _, o := range caseOfficials(c) {
				d.officialCases[o]++
			}
		}
		j := job{ref: efficiency.SubjectRef{Kind: efficiency.CaseSubject, ID: c.ID}, since: RelevantTime(c, d.at), kase: c}
		env := CaseEnv{Case: cf, Unit: unitOf(c.Unit), At: d.at}
		if err := e.subject(&j, derr, &env, c.Unit); err != nil {
			return e.sorted(), err
		}
		e.nextForCase(j.ref, &cf)
	}
	for _, o := range valid(e, efficiency.OrderSubject, f.Orders, nil, func(o *efficiency.Order) string { return o.ID }, (*efficiency.Order).Validate) {
		ref := efficiency.SubjectRef{Kind: efficiency.OrderSubject, ID: o.ID}
		d.err = nil
		env := OrderEnv{Order: d.orderFacts(o), Unit: unitOf(o.Assignee), At: d.at}
		j := job{ref: ref, since: RelevantTime(o, d.at)}
		if err := e.subject(&j, d.err, &env, o.Assignee); err != nil {
			return e.sorted(), err
		}
		if !env.Order.Completed && d.at.Before(o.Due) {
			e.next(ref, o.Due.Add(time.Nanosecond))
		}
	}
	for _, c := range valid(e, efficiency.ComplaintSubject, f.Complaints, nil, func(c *efficiency.Complaint) string { return c.ID }, (*efficiency.Complaint).Validate) {
		ref := efficiency.SubjectRef{Kind: efficiency.ComplaintSubject, ID: c.ID}
		d.err = nil
		unit := c.Unit
		if unit == "" {
			unit = s.officialUnit[c.Official]
		}
		env := ComplaintEnv{Complaint: d.complaintFacts(c), Unit: unitOf(unit), At: d.at}
		j := job{ref: ref, since: RelevantTime(c, d.at), complaint: c}
		if err := e.subject(&j, d.err, &env, unit); err != nil {
			return e.sorted(), err
		}
	}
	return e.sorted(), nil
}

// Close runs the unit and official rules over everything the stream saw.
func (s *Stream) Close(ctx context.Context) (*efficiency.Report, error) {
	if s.closed {
		return nil, errors.New("rules: Stream.Close twice")
	}
	s.closed = true
	e := s.report()
	e.ctx = ctx
	d := s.d
	unitOf := func(id string) UnitFacts {
		if u := d.units[id]; u != nil {
			return *u
		}
		return UnitFacts{}
	}
	for _, u := range s.units {
		ref := efficiency.SubjectRef{Kind: efficiency.UnitSubject, ID: u.ID}
		env := UnitEnv{Unit: unitOf(u.ID), At: d.at}
		j := job{ref: ref, since: d.at}
		if err := e.subject(&j, s.unitErr[u.ID], &env, u.ID); err != nil {
			return e.sorted(), err
		}
	}
	for _, o := range s.officials {
		ref := efficiency.SubjectRef{Kind: efficiency.OfficialSubject, ID: o.ID}
		env := OfficialEnv{Official: d.officialFacts(o), Unit: unitOf(o.Unit), At: d.at}
		j := job{ref: ref, since: d.at, official: o}
		if err := e.subject(&j, nil, &env, o.Unit); err != nil {
			return e.sorted(), err
		}
	}
	return e.sorted(), nil
}

// addAggregates folds the case aggregates of a (counted before the unit was known) into f.
func (f *UnitFacts) addAggregates(a *UnitFacts) {
	f.Cases += a.Cases
	f.CompletedCases += a.CompletedCases
	f.OnTime += a.OnTime
	f.Rated += a.Rated
	f.Satisfied += a.Satisfied
	if f.CompletedCases > 0 {
		f.OnTimeRate = float64(f.OnTime) / float64(f.CompletedCases)
	}
	if f.Rated > 0 {
		f.SatisfactionRate = float64(f.Satisfied) / float64(f.Rated)
	}
}
