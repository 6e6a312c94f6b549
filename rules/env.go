package rules

import (
	"slices"
	"time"
)

// The typed environments conditions are compiled against, one per subject
// kind. Field names in conditions are the `expr` tags (snake_case). The
// engine derives every field once per subject before any rule runs, so a rule
// file states policy, not arithmetic. All working-day figures count in the
// rule set's calendar and zone; "at" is the evaluation time.

// CaseEnv is what a rule `on: case` sees.
type CaseEnv struct {
	Case CaseFacts `expr:"case"`
	// Unit is the case's unit when the batch holds it (Unit.ID is empty otherwise).
	Unit UnitFacts `expr:"unit"`
	At   time.Time `expr:"at"`
}

// CaseFacts are a case's facts and the facts derived from its timeline as of
// the evaluation time (later events are ignored).
type CaseFacts struct {
	ID          string      `expr:"id"`
	Unit        string      `expr:"unit"`
	Channel     string      `expr:"channel"`
	Applicant   string      `expr:"applicant"`
	Officials   []string    `expr:"officials"`
	Responsible string      `expr:"responsible"` // empty: nobody answerable (岗位责任制)
	Matter      MatterFacts `expr:"matter"`

	Received    bool          `expr:"received"`
	ReceivedAt  time.Time     `expr:"received_at"`
	Accepted    bool          `expr:"accepted"`
	AcceptedAt  time.Time     `expr:"accepted_at"`
	Completed   bool          `expr:"completed"`
	CompletedAt time.Time     `expr:"completed_at"`
	Decided     bool          `expr:"decided"`
	Decision    DecisionFacts `expr:"decision"`
	// OffRecord: decided or completed although neither a receipt nor an
	// acceptance is on record (体外循环).
	OffRecord bool `expr:"off_record"`

	Workdays     WorkdayFacts    `expr:"workdays"`
	Notices      NoticeFacts     `expr:"notices"`
	FirstInquiry InquiryFacts    `expr:"first_inquiry"`
	Fees         FeeFacts        `expr:"fees"`
	Inspections  InspectionFacts `expr:"inspections"`
	Penalties    PenaltyFacts    `expr:"penalties"`
	Levies       AmountFacts     `expr:"levies"`
	Gifts        AmountFacts     `expr:"gifts"`
	Reviews      ReviewFacts     `expr:"reviews"`
	Extensions   ExtensionFacts  `expr:"extensions"`
	// Complaints counts complaint events in the case's timeline.
	Complaints int `expr:"complaints"`
}

// MatterFacts is the matter applied for, as published.
type MatterFacts struct {
	Code          string `expr:"code"`
	Name          string `expr:"name"` // the Chinese name
	StatutoryDays int    `expr:"statutory_days"`
	CommittedDays int    `expr:"committed_days"`
	// Published: procedure, fees and time limits are all public.
	Published          bool     `expr:"published"`
	ProcedurePublished bool     `expr:"procedure_published"`
	FeesPublished      bool     `expr:"fees_published"`
	LimitsPublished    bool     `expr:"limits_published"`
	MaterialsPublished bool     `expr:"materials_published"`
	Materials          []string `expr:"materials"`
	FeeItems           []string `expr:"fee_items"`
}

// DecisionFacts is the last decision on the case.
type DecisionFacts struct {
	Outcome       string    `expr:"outcome"` // approved, rejected, or empty
	At            time.Time `expr:"at"`
	HasReasons    bool      `expr:"has_reasons"`
	HasLegalBasis bool      `expr:"has_legal_basis"`
}

// WorkdayFacts are the case's time limits in working days.
type WorkdayFacts struct {
	// Started: the clock runs (a receipt, acceptance or supplement happened
	// and no missing-material notice awaits its supplement).
	Started bool `expr:"started"`
	// AwaitingSupplement: a missing-material notice waits for the applicant;
	// the count restarts at the supplement.
	AwaitingSupplement bool `expr:"awaiting_supplement"`
	// Elapsed: working days used, from the day after the start to the
	// completion (or to the evaluation day), less suspensions.
	Elapsed int `expr:"elapsed"`
	// CommittedLimit and StatutoryLimit include approved extensions.
	CommittedLimit     int  `expr:"committed_limit"`
	StatutoryLimit     int  `expr:"statutory_limit"`
	CommittedRemaining int  `expr:"committed_remaining"` // limit − elapsed (negative when overdue)
	StatutoryRemaining int  `expr:"statutory_remaining"`
	Suspended          bool `expr:"suspended"`
	// CommittedDue and StatutoryDue are the last moment (23:59:59 local) of
	// the due day; zero while a suspension leaves it open.
	CommittedDue time.Time `expr:"committed_due"`
	StatutoryDue time.Time `expr:"statutory_due"`
}

// NoticeFacts are the missing-material notices (补正告知).
type NoticeFacts struct {
	Count int `expr:"count"`
	// FirstDelay: working days from the receipt to the first notice.
	FirstDelay int      `expr:"first_delay"`
	Materials  []string `expr:"materials"`
	// BeyondList: materials demanded that are not on the published list.
	BeyondList []string `expr:"beyond_list"`
}

// InquiryFacts is about the first official asked (首问).
type InquiryFacts struct {
	Asked    bool      `expr:"asked"`
	Official string    `expr:"official"`
	At       time.Time `expr:"at"`
	// Handled: the official asked first later acted on the case or handles it.
	Handled bool `expr:"handled"`
	// Referred: the official asked first referred the applicant on.
	Referred bool `expr:"referred"`
	// Waited: working days from the inquiry until the request was taken up
	// (a referral, receipt or acceptance, or any act of the asked official),
	// or to the evaluation day.
	Waited int `expr:"waited"`
}

// FeeFacts are the fees charged.
type FeeFacts struct {
	Count    int   `expr:"count"`
	TotalFen int64 `expr:"total_fen"`
	// Unscheduled: fees charged under an item missing from the published schedule.
	Unscheduled int `expr:"unscheduled"`
	// UnscheduledFen: the amount charged under such items.
	UnscheduledFen int64 `expr:"unscheduled_fen"`
	// AboveScheduleFen: the amount charged above the schedule's maximum for scheduled items.
	AboveScheduleFen int64 `expr:"above_schedule_fen"`
}

// InspectionFacts are the inspections of the applicant.
type InspectionFacts struct {
	Count     int `expr:"count"`
	Unplanned int `expr:"unplanned"` // not in the published plan
}

// PenaltyFacts are the penalties imposed.
type PenaltyFacts struct {
	Count        int   `expr:"count"`
	WithoutBasis int   `expr:"without_basis"` // no legal basis given
	TotalFen     int64 `expr:"total_fen"`
}

// AmountFacts counts events with an amount (levies, gifts).
type AmountFacts struct {
	Count    int   `expr:"count"`
	TotalFen int64 `expr:"total_fen"`
}

// ReviewFacts are the ratings (好差评, 1–5) and how bad ones were answered.
type ReviewFacts struct {
	Count     int `expr:"count"`
	Satisfied int `expr:"satisfied"` // score 4 or 5
	Bad       int `expr:"bad"`       // score 1 or 2
	// Unanswered: bad ratings with no callback after them.
	Unanswered int `expr:"unanswered"`
	// MaxCallbackWait: the longest a bad rating waited for a callback, in
	// working days (to the evaluation day when none came).
	MaxCallbackWait int `expr:"max_callback_wait"`
	// MaxRectifyWait: the same for a rectification after a bad rating.
	MaxRectifyWait int `expr:"max_rectify_wait"`
}

// ExtensionFacts are the extensions of the time limit.
type ExtensionFacts struct {
	ApprovedDays int `expr:"approved_days"`
	Unapproved   int `expr:"unapproved"`
}

// OrderEnv is what a rule `on: order` sees.
type OrderEnv struct {
	Order OrderFacts `expr:"order"`
	Unit  UnitFacts  `expr:"unit"` // the assignee, when the batch holds it
	At    time.Time  `expr:"at"`
}

// OrderFacts are an order's facts and the derived figures.
type OrderFacts struct {
	ID             string    `expr:"id"`
	Title          string    `expr:"title"`
	Issuer         string    `expr:"issuer"`
	Assignee       string    `expr:"assignee"`
	Issued         time.Time `expr:"issued"`
	Due            time.Time `expr:"due"`
	Acknowledged   bool      `expr:"acknowledged"`
	AcknowledgedAt time.Time `expr:"acknowledged_at"`
	Completed      bool      `expr:"completed"`
	CompletedAt    time.Time `expr:"completed_at"`
	Partial        bool      `expr:"partial"`
	FeedbackGiven  bool      `expr:"feedback_given"`
	// Overdue: not completed and the due time has passed.
	Overdue bool `expr:"overdue"`
	// Late: completed after the due time.
	Late bool `expr:"late"`
	// DaysLate: working days past the due day, to the completion or the evaluation day.
	DaysLate int `expr:"days_late"`
	// AckWorkdays: working days from the issue to the acknowledgement (or to the evaluation day).
	AckWorkdays int `expr:"ack_workdays"`
	// AckLimit: the order's own acknowledgement limit; 0 when it sets none.
	AckLimit int `expr:"ack_limit"`
}

// ComplaintEnv is what a rule `on: complaint` sees.
type ComplaintEnv struct {
	Complaint ComplaintFacts `expr:"complaint"`
	Unit      UnitFacts      `expr:"unit"`
	At        time.Time      `expr:"at"`
}

// ComplaintFacts are a complaint's facts and the derived figures.
type ComplaintFacts struct {
	ID           string    `expr:"id"`
	Channel      string    `expr:"channel"`
	Official     string    `expr:"official"`
	Unit         string    `expr:"unit"`
	Case         string    `expr:"case"`
	Category     string    `expr:"category"`
	Received     time.Time `expr:"received"`
	Verification string    `expr:"verification"` // pending, verified, unfounded
	Verified     bool      `expr:"verified"`     // verified as true (属实)
	VerifiedAt   time.Time `expr:"verified_at"`
	Responded    bool      `expr:"responded"`
	Resolved     bool      `expr:"resolved"`
	Decided      bool      `expr:"decided"` // an accountability decision was made
	// ResponseWait: working days from receipt to the response (or to the evaluation day).
	ResponseWait int `expr:"response_wait"`
	// DecisionWait: working days from the verification to the accountability
	// decision (or to the evaluation day); 0 unless verified.
	DecisionWait int `expr:"decision_wait"`
}

// UnitEnv is what a rule `on: unit` sees.
type UnitEnv struct {
	Unit UnitFacts `expr:"unit"`
	At   time.Time `expr:"at"`
}

// UnitFacts are a unit's facts and its figures aggregated over the batch's cases.
type UnitFacts struct {
	ID               string    `expr:"id"`
	Name             string    `expr:"name"` // the Chinese name
	Kind             string    `expr:"kind"` // county-government or municipal-unit
	Key              bool      `expr:"key"`
	LeadingGroup     bool      `expr:"leading_group"`
	LeadingGroupAt   time.Time `expr:"leading_group_at"`
	Office           bool      `expr:"office"`
	Deliverables     []string  `expr:"deliverables"` // kinds submitted by the evaluation time
	Cases            int       `expr:"cases"`        // cases of the unit in the batch
	CompletedCases   int       `expr:"completed_cases"`
	OnTime           int       `expr:"on_time"` // completed within the committed (else statutory) limit
	OnTimeRate       float64   `expr:"on_time_rate"`
	Rated            int       `expr:"rated"`
	Satisfied        int       `expr:"satisfied"`
	SatisfactionRate float64   `expr:"satisfaction_rate"`
	// OnTimeTarget and SatisfactionTarget: the unit's own targets, 0 when unset.
	OnTimeTarget       float64 `expr:"on_time_target"`
	SatisfactionTarget float64 `expr:"satisfaction_target"`

	// The campaign (see package phases): when the office was set up, when
	// each kind of deliverable was first submitted (by the evaluation time),
	// and the key measures the unit leads (their ids).
	OfficeAt  time.Time            `expr:"office_at"`
	Submitted map[string]time.Time `expr:"submitted"`
	Measures  []string             `expr:"measures"`
}

// OfficialEnv is what a rule `on: official` sees.
type OfficialEnv struct {
	Official OfficialFacts `expr:"official"`
	Unit     UnitFacts     `expr:"unit"`
	At       time.Time     `expr:"at"`
}

// OfficialFacts are an official's facts.
type OfficialFacts struct {
	ID     string `expr:"id"`
	Name   string `expr:"name"`
	Unit   string `expr:"unit"`
	Post   string `expr:"post"`
	Leader bool   `expr:"leader"`
	// Cases: cases of the batch the official handles or answers for.
	Cases int `expr:"cases"`
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }
