package rules

import (
	"errors"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/phases"
)

// deriver computes the environments for one evaluation: one calendar, one
// time, and indexes over the batch. The first calendar error is kept and the
// subject reported as not evaluable, so a date outside the calendar is never
// silently counted as zero.
type deriver struct {
	cal   *efficiency.Calendar
	loc   *time.Location
	at    time.Time
	today efficiency.Date
	err   error
	units map[string]*UnitFacts
	// campaign is the rule file's campaign, nil without one.
	campaign *phases.Campaign
	// officials' case counts
	officialCases map[string]int
	// arena: string slices of derived facts are cut from it (see strings)
	arena []string
	// lazyDue: a case's due dates (workdays.committed_due, statutory_due)
	// are left zero by caseFactsInto, because only evidence reads them;
	// the evaluation sets them when a finding needs them (lateDueDates).
	lazyDue bool
}

// strings returns a slice of n strings cut from the deriver's arena (its
// capacity is n, so an append never reaches a neighbour), allocating a new
// chunk only every few dozen subjects.
func (d *deriver) strings(n int) []string {
	if len(d.arena)+n > cap(d.arena) {
		d.arena = make([]string, 0, max(64, n))
	}
	i := len(d.arena)
	d.arena = d.arena[:i+n]
	return d.arena[i : i+n : i+n]
}

func newDeriver(cal *efficiency.Calendar, at time.Time) *deriver {
	d := new(deriver)
	d.reset(cal, at)
	return d
}

// reset makes d a new deriver as of at; an Evaluator's is reset for
// each call.
func (d *deriver) reset(cal *efficiency.Calendar, at time.Time) {
	loc := cal.Location()
	*d = deriver{cal: cal, loc: loc, at: at, today: efficiency.DateOf(at, loc)}
}

func (d *deriver) date(t time.Time) efficiency.Date { return efficiency.DateOf(t, d.loc) }

// workdays counts working days in (from, to] by their local dates.
func (d *deriver) workdays(from, to time.Time) int {
	n, err := d.cal.WorkdaysBetween(d.date(from), d.date(to))
	if err != nil && d.err == nil {
		d.err = err
	}
	return n
}

func (d *deriver) fail(err error) {
	if err != nil && d.err == nil {
		d.err = err
	}
}

// addFen adds an amount to a total, failing the subject instead of
// wrapping around when the sum leaves int64 (validated facts cannot get
// there: efficiency.MaxAmountFen × MaxEvents fits).
func (d *deriver) addFen(total *int64, fen int64) {
	if (fen > 0 && *total > math.MaxInt64-fen) || (fen < 0 && *total < math.MinInt64-fen) {
		d.fail(errors.New("the amounts overflow a 64-bit sum of fen"))
		return
	}
	*total += fen
}

func firstNonZero(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// beforeAt reports whether t is set and not after the evaluation time.
func (d *deriver) happened(t time.Time) bool { return !t.IsZero() && !t.After(d.at) }

// dueDates sets the committed and statutory due dates of a started case
// from its clock.
func (d *deriver) dueDates(clock *efficiency.CaseClock, m *efficiency.Matter, w *WorkdayFacts) error {
	if m.CommittedDays > 0 {
		if due, ok, err := clock.Due(d.cal, m.CommittedDays); err != nil {
			return err
		} else if ok {
			w.CommittedDue = due.End(d.loc)
		}
	}
	if m.StatutoryDays > 0 {
		if due, ok, err := clock.Due(d.cal, m.StatutoryDays); err != nil {
			return err
		} else if ok {
			w.StatutoryDue = due.End(d.loc)
		}
	}
	return nil
}

// lateDueDates sets the due dates of case k, derived with lazyDue, when
// a finding first needs them (see evaluation.dueFor).
func (d *deriver) lateDueDates(k *efficiency.Case, w *WorkdayFacts) error {
	if !w.Started {
		return nil
	}
	clock := k.Clock(d.at, d.loc)
	return d.dueDates(&clock, &k.Matter, w)
}

// caseFacts is caseFactsInto a new value.
func (d *deriver) caseFacts(k *efficiency.Case) CaseFacts {
	var f CaseFacts
	d.caseFactsInto(k, &f)
	return f
}

// caseFactsInto derives the facts of case k into f, overwriting it: in
// place, since a CaseFacts is some 800 bytes with pointers, and copying it
// costs write barriers while the GC marks.
func (d *deriver) caseFactsInto(k *efficiency.Case, f *CaseFacts) {
	m := &k.Matter
	// cleared, then set field by field: a composite literal would be built
	// aside and copied in whole
	*f = CaseFacts{}
	f.ID, f.Unit, f.Channel, f.Applicant = k.ID, k.Unit, string(k.Channel), k.Applicant
	f.Officials, f.Responsible = k.Officials, k.Responsible
	fm := &f.Matter
	fm.Code, fm.Name, fm.StatutoryDays, fm.CommittedDays = m.Code, m.Name.ZhHans, m.StatutoryDays, m.CommittedDays
	fm.Published = m.Published.Procedure && m.Published.Fees && m.Published.TimeLimits
	fm.ProcedurePublished, fm.FeesPublished = m.Published.Procedure, m.Published.Fees
	fm.LimitsPublished, fm.MaterialsPublished = m.Published.TimeLimits, m.Published.Materials
	fm.Materials = m.Materials
	if len(m.Fees) > 0 {
		f.Matter.FeeItems = d.strings(len(m.Fees))
		for i, fi := range m.Fees {
			f.Matter.FeeItems[i] = fi.Code
		}
	}
	var firstBad []time.Time // times of bad ratings
	var callbacks, rectifications []time.Time
	var takenUp time.Time // when the request asked about first was taken up
	for i := range k.Events {
		e := &k.Events[i] // not a copy: an event is some 200 bytes
		if e.At.After(d.at) {
			break
		}
		switch e.Kind {
		case efficiency.Inquiry:
			if !f.FirstInquiry.Asked {
				f.FirstInquiry.Asked, f.FirstInquiry.Official, f.FirstInquiry.At = true, e.Official, e.At
			}
		case efficiency.Referral:
			if f.FirstInquiry.Asked && e.Official == f.FirstInquiry.Official {
				f.FirstInquiry.Referred = true
			}
		case efficiency.Receipt:
			if !f.Received {
				f.Received, f.ReceivedAt = true, e.At
			}
		case efficiency.MaterialNotice:
			f.Notices.Count++
			if f.Notices.Count == 1 && f.Received {
				f.Notices.FirstDelay = d.workdays(f.ReceivedAt, e.At)
			}
			for _, mat := range e.Materials {
				mat = efficiency.FoldWidth(mat)
				f.Notices.Materials = append(f.Notices.Materials, mat)
				if !slices.ContainsFunc(m.Materials, func(p string) bool { return efficiency.FoldWidth(p) == mat }) &&
					!contains(f.Notices.BeyondList, mat) {
					f.Notices.BeyondList = append(f.Notices.BeyondList, mat)
				}
			}
		case efficiency.Acceptance:
			f.Accepted, f.AcceptedAt = true, e.At
		case efficiency.Extension:
			if e.ApprovedBy != "" {
				f.Extensions.ApprovedDays += e.Days
			} else {
				f.Extensions.Unapproved++
			}
		case efficiency.Decision:
			f.Decided = true
			f.Decision = DecisionFacts{Outcome: e.Outcome, At: e.At, HasReasons: e.Reasons != "", HasLegalBasis: e.LegalBasis != ""}
		case efficiency.Completion:
			f.Completed, f.CompletedAt = true, e.At
		case efficiency.Fee:
			f.Fees.Count++
			d.addFen(&f.Fees.TotalFen, e.AmountFen)
			max, ok := int64(0), false
			for _, fi := range m.Fees {
				if efficiency.FoldWidth(fi.Code) == efficiency.FoldWidth(e.Item) {
					max, ok = fi.MaxFen, true
					break
				}
			}
			if !ok {
				f.Fees.Unscheduled++
				d.addFen(&f.Fees.UnscheduledFen, e.AmountFen)
			} else if e.AmountFen > max {
				d.addFen(&f.Fees.AboveScheduleFen, e.AmountFen-max)
			}
		case efficiency.Inspection:
			f.Inspections.Count++
			if !e.Planned {
				f.Inspections.Unplanned++
			}
		case efficiency.Penalty:
			f.Penalties.Count++
			d.addFen(&f.Penalties.TotalFen, e.AmountFen)
			if e.LegalBasis == "" {
				f.Penalties.WithoutBasis++
			}
		case efficiency.Levy:
			f.Levies.Count++
			d.addFen(&f.Levies.TotalFen, e.AmountFen)
		case efficiency.Gift:
			f.Gifts.Count++
			d.addFen(&f.Gifts.TotalFen, e.AmountFen)
		case efficiency.Rating:
			f.Reviews.Count++
			switch {
			case e.Score >= 4:
				f.Reviews.Satisfied++
			case e.Score <= 2:
				f.Reviews.Bad++
				firstBad = append(firstBad, e.At)
			}
		case efficiency.ComplaintEvent:
			f.Complaints++
		case efficiency.Callback:
			callbacks = append(callbacks, e.At)
		case efficiency.Rectification:
			rectifications = append(rectifications, e.At)
		}
		if f.FirstInquiry.Asked && e.Kind != efficiency.Inquiry {
			// the first official asked handled the case if they acted on it later
			if e.Official == f.FirstInquiry.Official && e.Kind != efficiency.Referral {
				f.FirstInquiry.Handled = true
			}
			// the request was taken up: the wait for it ends
			if takenUp.IsZero() && (e.Official == f.FirstInquiry.Official || e.Kind == efficiency.Referral ||
				e.Kind == efficiency.Receipt || e.Kind == efficiency.Acceptance) {
				takenUp = e.At
			}
		}
	}
	f.OffRecord = (f.Decided || f.Completed) && !f.Received && !f.Accepted
	if f.FirstInquiry.Asked {
		if contains(k.Officials, f.FirstInquiry.Official) || k.Responsible == f.FirstInquiry.Official {
			f.FirstInquiry.Handled = true
		}
		f.FirstInquiry.Waited = d.workdays(f.FirstInquiry.At, firstNonZero(takenUp, d.at))
	}
	f.Reviews.Unanswered, f.Reviews.MaxCallbackWait = d.answerWait(firstBad, callbacks)
	_, f.Reviews.MaxRectifyWait = d.answerWait(firstBad, rectifications)

	clock := k.Clock(d.at, d.loc)
	w := &f.Workdays
	w.Started, w.Suspended, w.AwaitingSupplement = clock.Started, clock.Suspended, clock.AwaitingSupplement
	w.CommittedLimit = m.CommittedDays + clock.ExtensionDays
	w.StatutoryLimit = m.StatutoryDays + clock.ExtensionDays
	if clock.Started {
		n, err := clock.Elapsed(d.cal, d.at)
		d.fail(err)
		w.Elapsed = n
		if !d.lazyDue {
			d.fail(d.dueDates(&clock, m, w))
		}
	}
	w.CommittedRemaining = w.CommittedLimit - w.Elapsed
	w.StatutoryRemaining = w.StatutoryLimit - w.Elapsed
}

// answerWait pairs each bad rating with the first answer after it, returning
// how many got none and the longest wait in working days.
func (d *deriver) answerWait(bad, answers []time.Time) (unanswered, maxWait int) {
	for _, b := range bad {
		end := d.at
		found := false
		// answers are in timeline order: the first not before b, in log time
		if i := sort.Search(len(answers), func(i int) bool { return !answers[i].Before(b) }); i < len(answers) {
			end, found = answers[i], true
		}
		if !found {
			unanswered++
		}
		maxWait = max(maxWait, d.workdays(b, end))
	}
	return unanswered, maxWait
}

func (d *deriver) orderFacts(o *efficiency.Order) OrderFacts {
	f := OrderFacts{
		ID: o.ID, Title: o.Title, Issuer: o.Issuer, Assignee: o.Assignee, Issued: o.Issued, Due: o.Due,
		Partial: o.Partial, AckLimit: o.AckDays,
	}
	if d.happened(o.Acknowledged) {
		f.Acknowledged, f.AcknowledgedAt = true, o.Acknowledged
	}
	if d.happened(o.Completed) {
		f.Completed, f.CompletedAt = true, o.Completed
	}
	f.FeedbackGiven = d.happened(o.Feedback)
	f.Overdue = !f.Completed && d.at.After(o.Due)
	f.Late = f.Completed && o.Completed.After(o.Due)
	if f.Overdue || f.Late {
		f.DaysLate = d.workdays(o.Due, firstNonZero(f.CompletedAt, d.at))
	}
	f.AckWorkdays = d.workdays(o.Issued, firstNonZero(f.AcknowledgedAt, d.at))
	return f
}

func (d *deriver) complaintFacts(c *efficiency.Complaint) ComplaintFacts {
	f := ComplaintFacts{
		ID: c.ID, Channel: string(c.Channel), Official: c.Official, Unit: c.Unit, Case: c.Case,
		Category: c.Category, Received: c.Received, Verification: string(c.Verification),
	}
	if f.Verification == "" {
		f.Verification = string(efficiency.Pending)
	}
	if c.Verification != efficiency.Pending && c.Verification != "" && !d.happened(c.Verified) {
		f.Verification = string(efficiency.Pending) // concluded only later
	}
	f.Verified = f.Verification == string(efficiency.Verified)
	if f.Verified {
		f.VerifiedAt = c.Verified
	}
	f.Responded = d.happened(c.Responded)
	f.Resolved = d.happened(c.Resolved)
	f.Decided = d.happened(c.Decided)
	end := d.at
	if f.Responded {
		end = c.Responded
	}
	f.ResponseWait = d.workdays(c.Received, end)
	if f.Verified {
		end = d.at
		if f.Decided {
			end = c.Decided
		}
		f.DecisionWait = d.workdays(c.Verified, end)
	}
	return f
}

func (d *deriver) unitFacts(u *efficiency.Unit) UnitFacts {
	f := UnitFacts{
		ID: u.ID, Name: u.Name.ZhHans, Kind: string(u.Kind), Key: u.Key,
		OnTimeTarget: u.OnTimeTarget, SatisfactionTarget: u.SatisfactionTarget,
	}
	if d.happened(u.LeadingGroup) {
		f.LeadingGroup, f.LeadingGroupAt = true, u.LeadingGroup
	}
	if d.happened(u.Office) {
		f.Office, f.OfficeAt = true, u.Office
	}
	for _, dl := range u.Deliverables {
		if !d.happened(dl.Submitted) {
			continue
		}
		if !contains(f.Deliverables, dl.Kind) {
			f.Deliverables = append(f.Deliverables, dl.Kind)
		}
		if f.Submitted == nil {
			f.Submitted = map[string]time.Time{}
		}
		if s, ok := f.Submitted[dl.Kind]; !ok || dl.Submitted.Before(s) {
			f.Submitted[dl.Kind] = dl.Submitted
		}
	}
	if d.campaign != nil {
		f.Measures = d.campaign.Led(u.ID)
	}
	return f
}

// addCase folds a derived case into its unit's aggregates.
func (f *UnitFacts) addCase(c *CaseFacts) {
	f.Cases++
	if c.Completed {
		f.CompletedCases++
		limit := c.Workdays.CommittedLimit
		if c.Matter.CommittedDays == 0 {
			limit = c.Workdays.StatutoryLimit
		}
		if limit == 0 || c.Workdays.Elapsed <= limit {
			f.OnTime++
		}
		f.OnTimeRate = float64(f.OnTime) / float64(f.CompletedCases)
	}
	f.Rated += c.Reviews.Count
	f.Satisfied += c.Reviews.Satisfied
	if f.Rated > 0 {
		f.SatisfactionRate = float64(f.Satisfied) / float64(f.Rated)
	}
}

func (d *deriver) officialFacts(o *efficiency.Official) OfficialFacts {
	return OfficialFacts{ID: o.ID, Name: o.Name, Unit: o.Unit, Post: o.Post, Leader: o.Leader,
		Cases: d.officialCases[o.ID]}
}
