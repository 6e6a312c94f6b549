// Package accountability turns findings into accountability triggers (效能责任追究):
// the measures, mild to grave ([Measure]), the ladder that chooses them
// ([Ladder]), the history it counts ([Ledger], [MemoryLedger]) and the
// decision itself ([Ladder.Decide] → [Decision] of [Trigger]s).
//
// Most callers do not build a [Ladder] by hand: a rule file's
// `accountability:` section compiles into one, and rules.RuleSet.Decide
// applies it. This package is the model and the decision procedure; it
// does not read rule files, evaluate facts into findings (that is the rules
// package) nor persist history (a service implements [Ledger] over its own
// store and checks it with accountabilitytest.TestLedger).
//
// Deciding is repeatable: findings carry stable ids, every decision is
// recorded in the ledger under the finding's id, and a finding already in
// the ledger is not decided again, so deciding the same findings twice
// triggers nothing twice. The package does no I/O and never reads the clock:
// callers pass the findings, the facts, the ledger and the time.
package accountability
