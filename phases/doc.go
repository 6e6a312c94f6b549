// Package phases is the efficiency campaign in time: its three phases
// (实施步骤) with their windows, the tasks of each phase with their lead and
// partner units, the deliverables units owe with their due dates and
// recipients, the five key measures (工作重点与措施) with their lead (牵头) and
// partner (会同/配合) units, and the five goals (总体目标) rules and measures are
// tagged with.
//
// A [Campaign] is built from a [Config] with [New], never from constants: the
// directive's year is redacted and other cities run other windows. Rule files
// carry the configuration in their `campaign:` section (package rules builds
// the Campaign from it). Every query takes the time: [Campaign.At] says which
// phase holds at t (or that the campaign has not begun, is between phases or
// is over), [Campaign.Owed] what a unit still owes at t, [Campaign.Overdue]
// what it is late with, and [Campaign.Progress] gives the campaign office's
// table (定期通报) for a set of units, sorted by their Chinese names in pinyin
// order.
//
// Windows are civil dates in the jurisdiction's zone and inclusive: a phase
// "until the end of September" holds through 23:59:59.999999999 on 30
// September local time, and the next phase begins at 00:00:00 on 1 October.
//
// The package does no I/O and never reads the clock. It does not judge
// anything: findings about late units come from rules over the same campaign.
package phases
