package accountability

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// Lagging two appraisal periods in a row is an accountability trigger for
// the unit's head (约谈). The appraisal finds the units and their runs of
// lagging periods; the ladder's leaders' rules decide what follows, seeing
// the run as Context.Lagging.

// laggingByUnit checks the input's lagging units: each names a unit and at
// least one period, no period twice, and no unit appears twice.
func laggingByUnit(ls []LaggingUnit) (map[string][]string, error) {
	out := map[string][]string{}
	var errs []error
	bad := func(i int, zh, en string) {
		errs = append(errs, &InputError{efficiency.T(fmt.Sprintf("后进单位 %d：%s", i+1, zh), fmt.Sprintf("lagging unit %d: %s", i+1, en))})
	}
	for i, l := range ls {
		switch {
		case l.Unit == "":
			bad(i, "未指明单位", "names no unit")
		case len(l.Periods) == 0:
			bad(i, fmt.Sprintf("单位 %q 没有后进的考核期", l.Unit), fmt.Sprintf("unit %q has no lagging periods", l.Unit))
		case slices.Contains(l.Periods, ""):
			bad(i, fmt.Sprintf("单位 %q 有空的考核期", l.Unit), fmt.Sprintf("unit %q has an empty period id", l.Unit))
		case len(slices.Compact(slices.Sorted(slices.Values(l.Periods)))) != len(l.Periods):
			bad(i, fmt.Sprintf("单位 %q 的考核期重复", l.Unit), fmt.Sprintf("unit %q lists a period twice", l.Unit))
		case out[l.Unit] != nil:
			bad(i, fmt.Sprintf("单位 %q 重复出现", l.Unit), fmt.Sprintf("unit %q appears twice", l.Unit))
		default:
			out[l.Unit] = slices.Clone(l.Periods)
		}
	}
	return out, errors.Join(errs...)
}

// laggards asks each leaders' rule about each lagging unit, without and
// with its lagging periods, counting the unit's record as it stands with
// this decision's accountable findings.
func (dc *decision) laggards(ls []LaggingUnit, pending []Trigger) ([]Trigger, error) {
	units := make([]string, 0, len(ls))
	for _, l := range ls {
		units = append(units, l.Unit)
	}
	slices.Sort(units)
	var out []Trigger
	for _, u := range units {
		base, err := dc.records(Query{Unit: u})
		if err != nil {
			return nil, err
		}
		seen := slices.Clone(base)
		for _, t := range pending {
			if t.Kind == Accountable && t.Unit == u {
				seen = append(seen, t.Record)
			}
		}
		for _, lr := range dc.l.Leaders {
			before := &Context{At: dc.at, Unit: dc.unit(u), UnitHistory: NewHistory(seen, dc.at)}
			was, err := lr.When(before)
			if err != nil {
				return nil, fmt.Errorf("accountability: leaders' rule %q on unit %q: %w", lr.ID, u, err)
			}
			after := &Context{At: dc.at, Unit: dc.unit(u), UnitHistory: NewHistory(seen, dc.at), Lagging: dc.lagging[u]}
			is, err := lr.When(after)
			if err != nil {
				return nil, fmt.Errorf("accountability: leaders' rule %q on unit %q: %w", lr.ID, u, err)
			}
			if is && !was {
				out = append(out, dc.laggingLeadership(lr, u, after.UnitHistory.Counted())...)
			}
		}
	}
	return out, nil
}

// laggingLeadership names the unit's leaders for its lagging record. The
// record id is the rule's, the unit's and the periods': the same run of
// lagging periods triggers once; a longer run is a new trigger.
func (dc *decision) laggingLeadership(lr LeaderRule, unit string, counted []Record) []Trigger {
	periods := dc.lagging[unit]
	findings := []string{}
	for _, r := range counted {
		if r.Kind == Accountable {
			for _, f := range r.Findings {
				if !slices.Contains(findings, f) {
					findings = append(findings, f)
				}
			}
		}
	}
	heads := dc.facts.leaders[unit]
	if len(heads) == 0 {
		heads = []string{""} // no leader in the facts: recorded against the unit
	}
	var out []Trigger
	for _, h := range heads {
		id := "leadership:" + lr.ID + "@" + unit + "/lagging:" + strings.Join(periods, ",")
		if h != "" {
			id += "/" + h
		}
		out = append(out, Trigger{
			Record: Record{ID: id, Kind: Leadership, At: dc.at, Official: h, Unit: unit, Findings: findings,
				Periods: slices.Clone(periods), Step: lr.ID, Measures: Combine(lr.Measures, dc.l.Always)},
			Name: lr.Name, History: counted,
		})
	}
	return out
}
