package phases

import (
	"cmp"
	"slices"
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// State is where one unit stands with one obligation at a time. The zero
// value is [UnknownState].
type State int

// The states of an obligation, as the campaign office reports them.
const (
	UnknownState State = iota
	NotOwed            // the unit does not owe it (a key measure it does not lead)
	Pending            // not submitted, not yet overdue (待报送)
	Overdue            // not submitted and past its due date (逾期未报)
	OnTime             // submitted by its due date (按时完成)
	Late               // submitted after its due date (逾期完成)
)

var stateNames = []struct{ id, zh, en string }{
	{"unknown", "未知", "unknown"},
	{"not-owed", "无需报送", "not owed"},
	{"due", "待报送", "due"},
	{"overdue", "逾期未报", "overdue"},
	{"on-time", "按时完成", "done on time"},
	{"late", "逾期完成", "done late"},
}

// String is the state's stable id: "due", "overdue", "on-time", "late",
// "not-owed" or "unknown".
func (s State) String() string {
	if s < 0 || int(s) >= len(stateNames) {
		return "unknown"
	}
	return stateNames[s].id
}

// Name is the state's name in both languages.
func (s State) Name() efficiency.Text {
	if s < 0 || int(s) >= len(stateNames) {
		s = UnknownState
	}
	return efficiency.T(stateNames[s].zh, stateNames[s].en)
}

// MarshalText encodes the state's id.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Done reports whether the obligation was fulfilled, on time or late.
func (s State) Done() bool { return s == OnTime || s == Late }

// Progress is the campaign office's table (定期通报) at a time: one column per
// deliverable and per key measure, one row per unit, rows in the pinyin order
// of the units' Chinese names.
type Progress struct {
	At      time.Time
	Columns []Obligation
	Rows    []Row
}

// Row is one unit's line of a [Progress] table; Cells parallels Columns.
type Row struct {
	Unit  string
	Name  efficiency.Text
	Key   bool // a key unit (重点单位)
	Cells []Cell
}

// Cell is one unit's state with one obligation; Submitted is set when it is done.
type Cell struct {
	State     State
	Submitted time.Time
}

// Count returns how many rows are in state s in column col.
func (p *Progress) Count(col int, s State) int {
	n := 0
	for _, r := range p.Rows {
		if col < len(r.Cells) && r.Cells[col].State == s {
			n++
		}
	}
	return n
}

// StateOf gives the state of an obligation due at due, first submitted at
// submitted (zero when not submitted by t), as of t.
func StateOf(due, submitted, t time.Time) State {
	switch {
	case !submitted.IsZero() && !submitted.After(due):
		return OnTime
	case !submitted.IsZero():
		return Late
	case t.After(due):
		return Overdue
	}
	return Pending
}

// Progress builds the table for units as of t: every deliverable, then every
// key measure (owed only by its lead unit), in configuration order. Rows are
// sorted by the units' Chinese names in pinyin order (collation for
// language.Chinese), then by id. Units are not modified.
func (c *Campaign) Progress(units []efficiency.Unit, t time.Time) *Progress {
	p := &Progress{At: t.In(c.Zone())}
	for _, d := range c.deliverables {
		p.Columns = append(p.Columns, Obligation{Kind: d.ID, Name: d.Name, Due: d.Due.End(c.Zone()), Recipient: d.Recipient})
	}
	for _, m := range c.measures {
		p.Columns = append(p.Columns, Obligation{Kind: MeasureReportKind(m.ID), Name: m.Name,
			Due: m.ReportDue.End(c.Zone()), Measure: true})
	}
	for i := range units {
		u := &units[i]
		row := Row{Unit: u.ID, Name: u.Name, Key: u.Key, Cells: make([]Cell, len(p.Columns))}
		for j, col := range p.Columns {
			if col.Measure {
				if m, _ := c.Measure(col.Kind[len(MeasureReportPrefix):]); m.Lead != u.ID {
					row.Cells[j] = Cell{State: NotOwed}
					continue
				}
			}
			sub, _ := Submitted(u, col.Kind, t)
			row.Cells[j] = Cell{State: StateOf(col.Due, sub, t), Submitted: sub}
		}
		p.Rows = append(p.Rows, row)
	}
	// A Collator is not safe for concurrent use: one per call.
	coll := collate.New(language.Chinese)
	name := func(r Row) string { return cmp.Or(r.Name.ZhHans, r.Name.En, r.Unit) }
	slices.SortStableFunc(p.Rows, func(a, b Row) int {
		return cmp.Or(coll.CompareString(name(a), name(b)), cmp.Compare(a.Unit, b.Unit))
	})
	return p
}
