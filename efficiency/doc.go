// Package efficiency is the domain of administrative efficiency supervision
// (机关行政效能建设): the subjects a rule can judge ([Case], [Order], [Complaint],
// [Unit], [Official]), the four prohibitions ([Prohibition]), the seven workplace
// systems ([System]), the two improvements ([Improvement]), severities, the
// [Finding] a rule produces and the [Report] an evaluation returns, and the
// working-day [Calendar] that Chinese administrative time limits are counted in.
//
// Identifiers are compared after folding full width to half width
// ([FoldWidth]): [FoldIDs] folds every id of a batch once, and the rules
// engine, the accountability ladder and the appraisal call it, so ＵＮＩＴ-１
// and UNIT-1 name one unit everywhere.
//
// The package is pure: it does no I/O, never reads the clock, the OS time zone
// or the environment. Callers pass the facts and the time. It does not evaluate
// rules; that is package rules.
package efficiency
