package efficiency

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Finding is what a rule reports about one subject: a violation, or a warning
// (预警) that a deadline is near.
type Finding struct {
	// ID is stable across evaluations: the same rule, subject and occurrence
	// always give the same ID, so a consumer can tell a finding it has seen.
	// It reads RULE@KIND:SUBJECT, followed by #OCCURRENCE for a rule that
	// keys its occurrences (a periodic rule: #2026-10).
	ID      string     `json:"id"`
	Rule    string     `json:"rule"`
	Subject SubjectRef `json:"subject"`
	// Warning marks a pre-deadline warning (预警) rather than a violation.
	Warning     bool        `json:"warning,omitempty"`
	Prohibition Prohibition `json:"prohibition,omitempty"`
	System      System      `json:"system,omitempty"`
	Improvement Improvement `json:"improvement,omitempty"`
	Severity    Severity    `json:"severity"`
	Title       Text        `json:"title"`
	Message     Text        `json:"message"`
	// Evidence holds the values the rule recorded, in the order the rule file gives them.
	Evidence []Evidence `json:"evidence,omitempty"`
	// Unit and Officials are whom the finding concerns, for accountability.
	Unit      string   `json:"unit,omitempty"`
	Officials []string `json:"officials,omitempty"`
	// Goals are the campaign goals (总体目标) the finding sets back, as the
	// rule file tags its rule.
	Goals []string `json:"goals,omitempty"`
	// Source says which rule file defined the rule, and where.
	Source Source `json:"source"`
}

// Evidence is one named value a rule recorded with its finding.
type Evidence struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// Source is where a rule was defined and, when the rule set inherits
// (a county's file extending the city's), which files changed it since.
// The zero value is an unknown source.
type Source struct {
	File string `json:"file"`
	Line int    `json:"line"`
	// Changes are the inheriting files' changes to the rule, parent first.
	Changes []Change `json:"changes,omitempty"`
}

// Change is one inheriting file's change to a rule it inherited: an
// override (severity, disabling, effective dates) or a param the rule reads.
type Change struct {
	File string `json:"file"`
	Line int    `json:"line"`
	// Fields names what changed: "severity", "disabled", "effective_from",
	// "effective_until", or "params.NAME" for a param the rule reads.
	Fields []string `json:"fields"`
	// Reason is why, as the file gives it (required to disable a rule).
	Reason Text `json:"reason,omitzero"`
}

// EvalError is a rule that failed at run time on one subject (a nil value, a
// division by zero, a builtin's error). The other rules still ran.
type EvalError struct {
	Rule    string     `json:"rule"`
	Subject SubjectRef `json:"subject"`
	Message Text       `json:"message"`
}

func (e *EvalError) Error() string {
	return "rule " + quote(e.Rule) + " on " + e.Subject.String() + ": " + e.Message.En
}

// Report is the result of evaluating a rule set over a batch of facts at a time.
// Its slices are sorted (see [SortFindings]) so that the same inputs give the
// same report, byte for byte.
type Report struct {
	At           time.Time `json:"at"`
	Jurisdiction string    `json:"jurisdiction"`
	Findings     []Finding `json:"findings"`
	Warnings     []Finding `json:"warnings"`
	// Errors are rules that failed on a subject at run time.
	Errors []EvalError `json:"errors,omitempty"`
	// Invalid are subjects whose facts failed validation; no rule ran on them.
	Invalid []FactError `json:"invalid,omitempty"`
	// Evaluated counts the subjects evaluated per kind.
	Evaluated map[SubjectKind]int `json:"evaluated"`
	// Skipped are the subjects left unevaluated because the evaluation's
	// context was cancelled: no finding, warning or error is reported for them.
	Skipped []SubjectRef `json:"skipped,omitempty"`
	// Next lists, per subject, the earliest time after At at which a
	// deadline-based outcome could change, so a service can schedule the next
	// check instead of polling; subjects without a pending deadline are absent.
	Next []NextCheck `json:"next,omitempty"`
}

// NextCheck is when a subject's outcome could next change.
type NextCheck struct {
	Subject SubjectRef `json:"subject"`
	At      time.Time  `json:"at"`
}

// CompareFindings orders findings by subject kind, subject id, rule id and finding id.
func CompareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Subject.Kind, b.Subject.Kind),
		cmp.Compare(a.Subject.ID, b.Subject.ID),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.ID, b.ID),
	)
}

// SortFindings sorts findings with [CompareFindings], stably.
//
// Findings as an evaluation builds them are nearly sorted (subject by
// subject, each subject's in rule order), so it first sorts by insertion,
// comparing in place; after as many moves as there are findings it hands
// the rest to a general stable sort.
func SortFindings(fs []Finding) {
	moves := 0
	for i := 1; i < len(fs); i++ {
		if compareFindings(&fs[i-1], &fs[i]) <= 0 {
			continue
		}
		j := i - 1 // fs[i] goes before fs[j]; find the first such j
		for j > 0 && compareFindings(&fs[j-1], &fs[i]) > 0 {
			j--
		}
		if moves += i - j; moves > len(fs) {
			slices.SortStableFunc(fs, CompareFindings)
			return
		}
		x := fs[i]
		copy(fs[j+1:i+1], fs[j:i])
		fs[j] = x
	}
}

// compareFindings is CompareFindings without copying the findings, each
// comparison made only when the ones before it tie.
func compareFindings(a, b *Finding) int {
	if c := cmp.Compare(a.Subject.Kind, b.Subject.Kind); c != 0 {
		return c
	}
	if c := strings.Compare(a.Subject.ID, b.Subject.ID); c != 0 {
		return c
	}
	if c := strings.Compare(a.Rule, b.Rule); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// ByProhibition returns the report's findings for p, in report order.
func (r *Report) ByProhibition(p Prohibition) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Prohibition == p {
			out = append(out, f)
		}
	}
	return out
}

// BySystem returns the report's findings for s, in report order.
func (r *Report) BySystem(s System) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.System == s {
			out = append(out, f)
		}
	}
	return out
}
