// Package report renders a supervision report — findings by prohibition and
// by system, the appraisal ranking with grades and score breakdowns, the
// trend over the last periods and, optionally, the campaign's timeline — as a
// self-contained HTML page: no external assets, no script, inline SVG
// charts, in Simplified Chinese or English.
//
// Build a [Report] value from what the other packages return
// (rules.RuleSet.Evaluate's findings, appraisal rankings) and call
// [Report.WriteHTML] with an io.Writer. The output depends only on the
// value and the language: the same report gives the same bytes.
//
// This package computes nothing about policy: it draws what it is given.
package report
