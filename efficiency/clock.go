package efficiency

import "time"

// CaseClock is the state of a case's time limit at a moment, read off its
// timeline: where the working-day count runs from, when it stopped, and what
// extends it. Combine it with a [Calendar] to count (see [CaseClock.Elapsed]).
//
// Counting follows 行政许可法 art. 82 practice: the count runs from the day
// after the triggering event, which is the receipt, or the acceptance, or the
// latest supplement after a missing-material notice: the notice stops the
// count until the supplement, from which it restarts. Suspensions for a hearing, inspection/testing or
// expert review stop the clock until the resumption; other suspensions do not.
// Approved extensions add days to the limits.
type CaseClock struct {
	// Started reports whether the count runs: a receipt, acceptance or
	// supplement happened, and no missing-material notice awaits its supplement.
	Started bool
	// Start is the day after which working days count.
	Start Date
	// Pauses are the suspensions that stop the clock; the last may be open.
	Pauses []Pause
	// Suspended reports whether the clock is stopped at the moment read.
	Suspended bool
	// AwaitingSupplement reports whether a missing-material notice is waiting
	// for the applicant's supplement at the moment read: the count does not
	// run until the supplement, from which it restarts.
	AwaitingSupplement bool
	// ExtensionDays is the sum of approved extensions.
	ExtensionDays int
	// Completed reports whether the case was completed by the moment read; the
	// count stops on CompletedOn.
	Completed   bool
	CompletedOn Date
}

// stopsClock reports whether a suspension for reason stops the clock.
func stopsClock(reason string) bool {
	switch reason {
	case ReasonHearing, ReasonInspection, ReasonExpertReview:
		return true
	}
	return false
}

// Clock reads the case's clock as of at, in the zone loc: events after at
// are ignored, so a past moment sees the case as it stood then.
func (k *Case) Clock(at time.Time, loc *time.Location) CaseClock {
	var c CaseClock
	open := -1
	for i := range k.Events {
		e := &k.Events[i]
		if e.At.After(at) {
			break
		}
		// an event's date is computed only where the clock keeps it
		switch e.Kind {
		case Receipt, Acceptance:
			if !c.AwaitingSupplement {
				c.Started, c.Start = true, DateOf(e.At, loc)
			}
		case Supplement:
			c.Started, c.Start, c.AwaitingSupplement = true, DateOf(e.At, loc), false
		case MaterialNotice:
			if !c.Completed {
				c.Started, c.AwaitingSupplement = false, true
			}
		case Suspension:
			if stopsClock(e.Reason) && open < 0 {
				c.Pauses = append(c.Pauses, Pause{From: DateOf(e.At, loc), Open: true})
				open = len(c.Pauses) - 1
			}
		case Resumption:
			if open >= 0 {
				c.Pauses[open].To, c.Pauses[open].Open = DateOf(e.At, loc), false
				open = -1
			}
		case Extension:
			if e.ApprovedBy != "" && e.Days > 0 {
				c.ExtensionDays += e.Days
			}
		case Completion:
			c.Completed, c.CompletedOn = true, DateOf(e.At, loc)
		}
	}
	c.Suspended = open >= 0 && !c.Completed
	return c
}

// End is the day the count runs to: the completion day, or the day of at.
func (c CaseClock) End(at time.Time, loc *time.Location) Date {
	if c.Completed {
		return c.CompletedOn
	}
	return DateOf(at, loc)
}

// Elapsed counts the working days used up to the completion, or up to at.
func (c CaseClock) Elapsed(cal *Calendar, at time.Time) (int, error) {
	if !c.Started {
		return 0, nil
	}
	return cal.Elapsed(c.Start, c.Pauses, c.End(at, cal.Location()))
}

// Due is the day a limit of n working days (before extensions) falls due;
// ok is false while an open suspension keeps it undetermined or the clock has
// not started.
func (c CaseClock) Due(cal *Calendar, n int) (due Date, ok bool, err error) {
	if !c.Started {
		return Date{}, false, nil
	}
	return cal.Due(c.Start, c.Pauses, n+c.ExtensionDays)
}
