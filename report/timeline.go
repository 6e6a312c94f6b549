package report

import (
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/phases"
)

// TimelineOf is the campaign's timeline as of at, for [Report.Timeline]:
// the campaign's theme, its phases with their windows, today (at's date in
// the campaign's zone) and where today falls — in a phase, before the
// campaign, between phases or after it. A zero at leaves today out. It
// returns nil for a nil campaign or one without phases, which leaves the
// section out.
func TimelineOf(c *phases.Campaign, at time.Time) *Timeline {
	if c == nil || len(c.Phases()) == 0 {
		return nil
	}
	tl := &Timeline{Name: c.Theme()}
	for _, p := range c.Phases() {
		tl.Phases = append(tl.Phases, Phase{ID: string(p.ID), Name: p.Name, From: p.From, To: p.To})
	}
	if at.IsZero() {
		return tl
	}
	tl.Today = efficiency.DateOf(at, c.Zone())
	pos := c.At(at)
	if p, ok := c.Phase(pos.Phase); ok && pos.Stage == phases.InPhase {
		tl.Position = efficiency.T(p.Name.ZhHans+"阶段", p.Name.En+" phase")
	} else {
		tl.Position = pos.Stage.Name()
	}
	return tl
}
