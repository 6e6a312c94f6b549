// Package appraisal is performance appraisal (绩效考核制, the seventh of the
// seven systems): it aggregates a period's facts and findings per unit and
// per official, scores each unit under a [Scheme], ranks the units and names
// the advanced (先进) and lagging (后进) ones.
//
// The usual path:
//
//	period, _ := appraisal.ParsePeriod("2026-10")
//	figs, err := appraisal.Aggregate(appraisal.Input{Period: period, Facts: facts,
//		Findings: report.Findings, Calendar: rs.Calendar()})
//	scheme, _ := rs.Appraisal()           // the rule file's appraisal: section
//	ranking, err := scheme.Rank(figs)
//
// A [Scheme] is plain data plus [Formula] values; the rules package builds
// one from a rule file's `appraisal:` section, compiling its expressions
// against [Env] once. This package does not parse rule files, evaluate rules
// or decide accountability: it takes the findings of an evaluation and, as
// plain counts ([Measures]), the accountability measures taken.
//
// Lagging two periods in a row is an accountability trigger for the unit's
// head (约谈): [LaggingRuns] turns the rankings of consecutive periods into
// the accountability package's input (accountability.Input.Lagging), and
// the ladder's leaders' rules decide; [LaggingInBoth] lists the units
// lagging in two periods. The dependency runs this way only: appraisal
// imports accountability's plain types, never the reverse.
//
// Everything here is pure: no I/O, no clock; the same inputs give the same
// rankings, in the same order.
package appraisal
