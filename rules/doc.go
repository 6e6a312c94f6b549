// Package rules reads rule files and evaluates them over facts.
//
// A rule file is YAML (schema version 1): the jurisdiction, named params,
// calendar years, and rules whose conditions, evidence and messages are
// written in expr (https://expr-lang.org). [Parse] and [Load] decode a file
// strictly, report every problem at once as `file:line:col: rule "id":
// message` (an [ErrorList]), and compile every expression against the typed
// environment of its subject kind ([CaseEnv], [OrderEnv], [ComplaintEnv],
// [UnitEnv], [OfficialEnv]), so a misspelt field or a non-boolean condition
// is a load error, not a run-time surprise. [Default] is the city's rule set,
// embedded in the library.
//
// A file's `campaign:` section configures the efficiency campaign in time
// (package phases); [RuleSet.Campaign] returns it, and conditions ask it with
// the builtins phase, phase_start, phase_end, due and submitted_by.
//
// A compiled [RuleSet] is immutable and safe for concurrent use; most callers
// compile once and call [RuleSet.Evaluate] for each batch of facts with the
// time of evaluation. Evaluation derives each subject's facts once (working
// days elapsed and remaining, notices, first inquiry, fees beyond the
// schedule…), runs the rules of its kind over batches of up to 64 subjects
// at a time, and returns an [efficiency.Report]. A service evaluating batch
// after batch can give each goroutine an [Evaluator], which returns the
// same reports in memory reused from one call to the next.
//
// A file's `accountability:` section compiles into an
// accountability.Ladder whose conditions see [StepEnv] and [LeaderEnv];
// [RuleSet.Decide] applies it to the findings of an evaluation.
// A file may extend others (`extends:`, resolved through the fs.FS given to
// [Load], or [CityParent] for the embedded city rules), override params,
// change inherited rules under `overrides:` and bound rules in time with
// effective dates ([RelevantTime]); every rule keeps its provenance in
// [Rule.Source]. Rule tests in NAME_test.yaml run with [RunTests], which
// also reports rule coverage. [Stream] evaluates facts that arrive in pieces.
// Rule files are untrusted: every expression runs in a sandbox ([Limits],
// [WithSandbox]) that bounds its size and nesting before parsing, refuses
// what the README does not document, and bounds its work on each subject, so
// a hostile file fails with a clear error instead of crashing or hanging its
// host. A service that reloads files swaps rule sets with [Current].
//
// The package does no I/O and never reads the clock: callers pass bytes or an
// fs.FS, the facts and the time.
package rules
