package phases

import (
	"slices"
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// Year is the campaign's year.
func (c *Campaign) Year() int { return c.year }

// Theme is the campaign's theme (活动主题).
func (c *Campaign) Theme() efficiency.Text { return c.theme }

// Zone is where the campaign's windows and due dates are counted.
func (c *Campaign) Zone() *time.Location {
	if c.loc == nil {
		return efficiency.ShanghaiZone()
	}
	return c.loc
}

// Phases returns the phases in the order they run (a copy).
func (c *Campaign) Phases() []Phase { return slices.Clone(c.phases) }

// Phase returns the phase with the id.
func (c *Campaign) Phase(id PhaseID) (Phase, bool) {
	for _, p := range c.phases {
		if p.ID == id {
			return p, true
		}
	}
	return Phase{}, false
}

// Start is when the campaign begins: 00:00:00 on the first phase's first
// day. The zero time for a campaign without phases.
func (c *Campaign) Start() time.Time {
	if len(c.phases) == 0 {
		return time.Time{}
	}
	return c.phases[0].Start
}

// End is the campaign's last instant: the end of the last phase's last day.
func (c *Campaign) End() time.Time {
	if len(c.phases) == 0 {
		return time.Time{}
	}
	return c.phases[len(c.phases)-1].End
}

// Units returns the directory of named units (a copy).
func (c *Campaign) Units() []Unit { return slices.Clone(c.units) }

// UnitName is the name of a unit of the directory.
func (c *Campaign) UnitName(id string) (efficiency.Text, bool) {
	for _, u := range c.units {
		if u.ID == id {
			return u.Name, true
		}
	}
	return efficiency.Text{}, false
}

// Goals returns the goals (总体目标) in configuration order (a copy).
func (c *Campaign) Goals() []Goal { return slices.Clone(c.goals) }

// Goal returns the goal with the id.
func (c *Campaign) Goal(id string) (Goal, bool) {
	i := slices.IndexFunc(c.goals, func(g Goal) bool { return g.ID == id })
	if i < 0 {
		return Goal{}, false
	}
	return c.goals[i], true
}

// Deliverables returns what every unit owes, in configuration order (a copy).
func (c *Campaign) Deliverables() []Deliverable { return slices.Clone(c.deliverables) }

// Deliverable returns the deliverable with the id.
func (c *Campaign) Deliverable(id string) (Deliverable, bool) {
	i := slices.IndexFunc(c.deliverables, func(d Deliverable) bool { return d.ID == id })
	if i < 0 {
		return Deliverable{}, false
	}
	return c.deliverables[i], true
}

// Measures returns the key measures in configuration order (a copy; the
// Partners and Goals slices are shared and must not be modified).
func (c *Campaign) Measures() []Measure { return slices.Clone(c.measures) }

// Measure returns the key measure with the id.
func (c *Campaign) Measure(id string) (Measure, bool) {
	i := slices.IndexFunc(c.measures, func(m Measure) bool { return m.ID == id })
	if i < 0 {
		return Measure{}, false
	}
	return c.measures[i], true
}

// Led returns the ids of the key measures unit leads, in configuration order.
func (c *Campaign) Led(unit string) []string {
	var out []string
	for _, m := range c.measures {
		if m.Lead == unit {
			out = append(out, m.ID)
		}
	}
	return out
}

// Due returns when a kind of deliverable falls due: the last instant of its
// due date in the campaign's zone. kind is a deliverable id or a measure
// report's kind ([MeasureReportKind]).
func (c *Campaign) Due(kind string) (time.Time, bool) {
	if d, ok := c.Deliverable(kind); ok {
		return d.Due.End(c.Zone()), true
	}
	if len(kind) > len(MeasureReportPrefix) && kind[:len(MeasureReportPrefix)] == MeasureReportPrefix {
		if m, ok := c.Measure(kind[len(MeasureReportPrefix):]); ok {
			return m.ReportDue.End(c.Zone()), true
		}
	}
	return time.Time{}, false
}

// Stage is where an instant falls relative to the campaign. The zero value is
// [UnknownStage].
type Stage int

// The stages.
const (
	UnknownStage  Stage = iota
	NotStarted          // before the first phase
	InPhase             // inside a phase's window
	BetweenPhases       // in a gap between two phases' windows
	Over                // after the last phase
)

var stageNames = []struct{ id, zh, en string }{
	{"unknown", "未知", "unknown"},
	{"not-started", "尚未开始", "not started"},
	{"in-phase", "阶段中", "in a phase"},
	{"between-phases", "阶段之间", "between phases"},
	{"over", "已结束", "over"},
}

func (s Stage) String() string {
	if s < 0 || int(s) >= len(stageNames) {
		return "unknown"
	}
	return stageNames[s].id
}

// Name is the stage's name in both languages.
func (s Stage) Name() efficiency.Text {
	if s < 0 || int(s) >= len(stageNames) {
		s = UnknownStage
	}
	return efficiency.T(stageNames[s].zh, stageNames[s].en)
}

// Position is where an instant falls in the campaign: its stage, the phase
// that holds (InPhase only), and the phase that comes next (NotStarted and
// BetweenPhases; also InPhase unless it is the last).
type Position struct {
	Stage Stage
	Phase PhaseID
	Next  PhaseID
}

// At says where t falls in the campaign. A campaign without phases gives
// [UnknownStage].
func (c *Campaign) At(t time.Time) Position {
	if len(c.phases) == 0 {
		return Position{}
	}
	for i, p := range c.phases {
		var next PhaseID
		if i+1 < len(c.phases) {
			next = c.phases[i+1].ID
		}
		switch {
		case t.Before(p.Start) && i == 0:
			return Position{Stage: NotStarted, Next: p.ID}
		case t.Before(p.Start):
			return Position{Stage: BetweenPhases, Next: p.ID}
		case !t.After(p.End):
			return Position{Stage: InPhase, Phase: p.ID, Next: next}
		}
	}
	return Position{Stage: Over}
}

// PhaseAt returns the phase that holds at t, if any.
func (c *Campaign) PhaseAt(t time.Time) (Phase, bool) {
	pos := c.At(t)
	if pos.Stage != InPhase {
		return Phase{}, false
	}
	return c.Phase(pos.Phase)
}

// Obligation is something a unit owes: a deliverable, or the report on a key
// measure it leads.
type Obligation struct {
	Kind      string // the deliverable's id, or "measure-report:<measure id>"
	Name      efficiency.Text
	Due       time.Time // the last instant of the due date
	Recipient efficiency.Text
	Measure   bool // a key measure's report
}

// Obligations lists everything unit owes over the whole campaign: every
// deliverable, then the report on each key measure it leads.
func (c *Campaign) Obligations(unit string) []Obligation {
	out := make([]Obligation, 0, len(c.deliverables))
	for _, d := range c.deliverables {
		out = append(out, Obligation{Kind: d.ID, Name: d.Name, Due: d.Due.End(c.Zone()), Recipient: d.Recipient})
	}
	for _, m := range c.measures {
		if m.Lead == unit {
			out = append(out, Obligation{Kind: MeasureReportKind(m.ID), Name: m.Name,
				Due: m.ReportDue.End(c.Zone()), Measure: true})
		}
	}
	return out
}

// Submitted returns when u first submitted a deliverable of kind at or
// before t; submissions after t are ignored, so a past t sees the unit as it
// stood then.
func Submitted(u *efficiency.Unit, kind string, t time.Time) (time.Time, bool) {
	var first time.Time
	for _, d := range u.Deliverables {
		if d.Kind == kind && !d.Submitted.IsZero() && !d.Submitted.After(t) && (first.IsZero() || d.Submitted.Before(first)) {
			first = d.Submitted
		}
	}
	return first, !first.IsZero()
}

// Owed lists what u has not submitted as of t, in the order of
// [Campaign.Obligations], whether or not it is due yet.
func (c *Campaign) Owed(u *efficiency.Unit, t time.Time) []Obligation {
	var out []Obligation
	for _, o := range c.Obligations(u.ID) {
		if _, ok := Submitted(u, o.Kind, t); !ok {
			out = append(out, o)
		}
	}
	return out
}

// Overdue lists what u owes at t whose due date has passed.
func (c *Campaign) Overdue(u *efficiency.Unit, t time.Time) []Obligation {
	var out []Obligation
	for _, o := range c.Owed(u, t) {
		if t.After(o.Due) {
			out = append(out, o)
		}
	}
	return out
}
