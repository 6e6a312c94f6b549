package appraisal

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// Env is what a scheme's formulas see: the unit's figures as `unit`, and the
// figures of all units together as `all` (sums; its rates are over the sums).
type Env struct {
	Unit Figures `expr:"unit"`
	All  Figures `expr:"all"`
}

// Formula computes a number from a unit's figures. The rules package builds
// formulas from a rule file's expressions; tests and services may write
// them in Go. A Formula must be safe for concurrent use.
type Formula func(*Env) (float64, error)

// Scheme is an appraisal scheme (考核办法): how units are scored, graded and
// ranked. The rules package builds one from a rule file's `appraisal:`
// section (rules.RuleSet.Appraisal); most callers then want [Scheme.Rank].
// A Scheme is not modified by its methods and is safe for concurrent use
// once built. The zero value scores every unit 0 and grades nothing.
//
// A unit's score is Base, less what each dimension loses, less the
// deductions, plus the bonuses, then held within Min and Max:
//
//	score = base + Σ weight·(clamp(dimension, 0, 1) − 1) − Σ min(deduction, cap) + Σ min(bonus, cap)
//
// Every term is rounded to 0.01 point before it is added, so the breakdown
// adds up to the score exactly.
type Scheme struct {
	Base float64
	// Dimensions hold the base's points between them (their weights add up
	// to Base); each keeps the share of its weight its formula scores (0–1).
	Dimensions []Dimension
	// Deductions take points off and Bonuses add them, each up to its cap.
	Deductions []Adjustment
	Bonuses    []Adjustment
	// Min and Max, when set, bound the score (封顶, 保底).
	Min, Max *float64
	// Grades from the best down: a unit gets the first grade whose Min its
	// score reaches, and the last grade otherwise.
	Grades []Grade
	// Advanced and Lagging are how many units count as advanced (top) and
	// lagging (bottom); units tied at the boundary are all included.
	Advanced, Lagging int
}

// Dimension is a weighted part of the score (考核内容), such as efficiency or satisfaction.
type Dimension struct {
	ID     string
	Name   efficiency.Text
	Weight float64
	// Score gives the share of the weight the unit keeps, clamped to 0–1.
	Score Formula
}

// Adjustment is a deduction (扣分) or a bonus (加分). Either Points computes
// the points from the figures, or Match selects findings of the unit and
// each one moves Each points (and the breakdown lists them).
type Adjustment struct {
	ID     string
	Name   efficiency.Text
	Points Formula
	Match  *FindingMatch
	Each   float64
	// Cap bounds the points the adjustment moves; 0 means no cap.
	Cap float64
}

// FindingMatch selects findings: each set field must equal the finding's;
// Warnings selects pre-deadline warnings (预警) instead of violations.
type FindingMatch struct {
	Prohibition efficiency.Prohibition
	System      efficiency.System
	Severity    efficiency.Severity
	Warnings    bool
}

// Matches reports whether f is selected.
func (m *FindingMatch) Matches(f *efficiency.Finding) bool {
	return f.Warning == m.Warnings &&
		(m.Prohibition == efficiency.UnknownProhibition || m.Prohibition == f.Prohibition) &&
		(m.System == efficiency.UnknownSystem || m.System == f.System) &&
		(m.Severity == efficiency.UnknownSeverity || m.Severity == f.Severity)
}

// Grade is a grade (等次) and the score it takes.
type Grade struct {
	ID   string // excellent, good, pass, fail…
	Name efficiency.Text
	Min  float64
}

// ItemKind says what moved a score.
type ItemKind int

// Item kinds, in breakdown order.
const (
	UnknownItem ItemKind = iota
	BaseItem
	DimensionItem
	DeductionItem
	BonusItem
	BoundItem // the score held within the scheme's Min and Max
)

var itemNames = []efficiency.Text{
	{}, efficiency.T("基础分", "base"), efficiency.T("考核维度", "dimension"),
	efficiency.T("扣分", "deduction"), efficiency.T("加分", "bonus"), efficiency.T("封顶/保底", "bound"),
}

func (k ItemKind) String() string {
	if k <= 0 || int(k) >= len(itemNames) {
		return fmt.Sprintf("ItemKind(%d)", int(k))
	}
	return itemNames[k].En
}

// Name is the kind's name in both languages.
func (k ItemKind) Name() efficiency.Text {
	if k <= 0 || int(k) >= len(itemNames) {
		return efficiency.T(k.String(), k.String())
	}
	return itemNames[k]
}

// Item is one line of a score's breakdown: what moved the score by how many points.
type Item struct {
	Kind ItemKind
	ID   string
	Name efficiency.Text
	// Value is the formula's result (a dimension's share, a deduction's
	// points before the cap) or the number of findings matched.
	Value float64
	// Points is the signed move, rounded to 0.01; the items add up to the score.
	Points float64
	// Findings are the ids of the findings that moved the points, if any.
	Findings []string
}

// Scorecard is one unit's appraisal.
type Scorecard struct {
	Unit    string
	Name    efficiency.Text
	Figures Figures
	Score   float64
	// Breakdown starts with the base; its points add up to Score.
	Breakdown []Item
	Grade     Grade
	// Rank is standard competition ranking: 1, 2, 2, 4.
	Rank              int
	Advanced, Lagging bool
}

// Ranking is a period's scorecards, best first; units with the same score
// share a rank and are listed in pinyin order of their Chinese names.
type Ranking struct {
	Period     Period
	Scorecards []Scorecard
	// Advanced and Lagging are unit ids, in ranking order.
	Advanced, Lagging []string
}

// Scorecard returns the unit's scorecard.
func (r *Ranking) Scorecard(unit string) (Scorecard, bool) {
	for _, s := range r.Scorecards {
		if s.Unit == unit {
			return s, true
		}
	}
	return Scorecard{}, false
}

// round2 rounds to 0.01 point, half away from zero.
func round2(x float64) float64 {
	r := math.Round(x*100) / 100
	if r == 0 {
		return 0 // no −0 in a breakdown
	}
	return r
}

// ScoreError is a formula that failed for a unit.
type ScoreError struct {
	Unit string
	Item string
	Err  error
}

func (e *ScoreError) Error() string {
	return fmt.Sprintf("appraisal: unit %s: %s: %v", e.Unit, e.Item, e.Err)
}

func (e *ScoreError) Unwrap() error { return e.Err }

// Score computes one unit's scorecard (without its rank). all is the
// figures of all units together; findings are the period's findings.
func (s *Scheme) Score(f Figures, all Figures, findings []efficiency.Finding) (Scorecard, error) {
	env := &Env{Unit: f, All: all}
	sc := Scorecard{Unit: f.ID, Figures: f}
	var errs []error
	run := func(id string, fn Formula) float64 {
		if fn == nil {
			errs = append(errs, &ScoreError{Unit: f.ID, Item: id, Err: errors.New("no formula")})
			return 0
		}
		v, err := fn(env)
		if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			err = fmt.Errorf("the formula gave %v", v)
		}
		if err != nil {
			errs = append(errs, &ScoreError{Unit: f.ID, Item: id, Err: err})
			return 0
		}
		return v
	}
	total := round2(s.Base)
	sc.Breakdown = append(sc.Breakdown, Item{Kind: BaseItem, ID: "base", Name: itemNames[BaseItem], Value: s.Base, Points: total})
	for _, d := range s.Dimensions {
		v := run(d.ID, d.Score)
		p := round2(d.Weight * (min(max(v, 0), 1) - 1))
		total += p
		sc.Breakdown = append(sc.Breakdown, Item{Kind: DimensionItem, ID: d.ID, Name: d.Name, Value: v, Points: p})
	}
	adjust := func(kind ItemKind, a Adjustment, sign float64) {
		it := Item{Kind: kind, ID: a.ID, Name: a.Name}
		var v float64
		if a.Match != nil {
			for i := range findings {
				fd := &findings[i]
				if findingUnit(fd) == f.ID && a.Match.Matches(fd) {
					it.Findings = append(it.Findings, fd.ID)
				}
			}
			it.Value = float64(len(it.Findings))
			v = a.Each * it.Value
		} else {
			v = run(a.ID, a.Points)
			it.Value = v
		}
		if v < 0 {
			errs = append(errs, &ScoreError{Unit: f.ID, Item: a.ID, Err: fmt.Errorf("the points are negative (%v)", v)})
			v = 0
		}
		if a.Cap > 0 {
			v = min(v, a.Cap)
		}
		it.Points = round2(sign * v)
		if it.Points == 0 && len(it.Findings) == 0 {
			return // nothing moved: keep the breakdown to what did
		}
		total += it.Points
		sc.Breakdown = append(sc.Breakdown, it)
	}
	for _, a := range s.Deductions {
		adjust(DeductionItem, a, -1)
	}
	for _, a := range s.Bonuses {
		adjust(BonusItem, a, +1)
	}
	total = round2(total)
	bound := func(to float64) {
		p := round2(to - total)
		sc.Breakdown = append(sc.Breakdown, Item{Kind: BoundItem, ID: "bound", Name: itemNames[BoundItem], Value: to, Points: p})
		total = round2(to)
	}
	if s.Max != nil && total > *s.Max {
		bound(*s.Max)
	}
	if s.Min != nil && total < *s.Min {
		bound(*s.Min)
	}
	sc.Score = total
	sc.Grade = s.grade(total)
	if len(errs) > 0 {
		return sc, errors.Join(errs...)
	}
	return sc, nil
}

func (s *Scheme) grade(score float64) Grade {
	for _, g := range s.Grades {
		if score >= g.Min {
			return g
		}
	}
	if len(s.Grades) > 0 {
		return s.Grades[len(s.Grades)-1]
	}
	return Grade{}
}

func findingUnit(f *efficiency.Finding) string {
	if f.Unit == "" && f.Subject.Kind == efficiency.UnitSubject {
		return f.Subject.ID
	}
	return f.Unit
}

// total sums the units' figures, for formulas that compare a unit with all.
func total(units []Figures) Figures {
	t := Figures{ID: "all", Name: "all", Measures: map[string]int{}}
	for _, f := range units {
		t.Cases += f.Cases
		t.Completed += f.Completed
		t.Open += f.Open
		t.OnTime += f.OnTime
		t.Early += f.Early
		t.Overdue += f.Overdue
		t.WithLimit += f.WithLimit
		t.DaysUsed += f.DaysUsed
		t.DaysAllowed += f.DaysAllowed
		t.Rated += f.Rated
		t.Satisfied += f.Satisfied
		t.Neutral += f.Neutral
		t.Dissatisfied += f.Dissatisfied
		for i := range t.ByScore {
			t.ByScore[i] += f.ByScore[i]
		}
		t.Complaints += f.Complaints
		t.ComplaintsVerified += f.ComplaintsVerified
		c, x := &t.Findings, f.Findings
		c.Total += x.Total
		c.Warnings += x.Warnings
		c.Prohibition.P1 += x.Prohibition.P1
		c.Prohibition.P2 += x.Prohibition.P2
		c.Prohibition.P3 += x.Prohibition.P3
		c.Prohibition.P4 += x.Prohibition.P4
		c.System.S1 += x.System.S1
		c.System.S2 += x.System.S2
		c.System.S3 += x.System.S3
		c.System.S4 += x.System.S4
		c.System.S5 += x.System.S5
		c.System.S6 += x.System.S6
		c.System.S7 += x.System.S7
		c.Severity.Notice += x.Severity.Notice
		c.Severity.Warning += x.Severity.Warning
		c.Severity.Minor += x.Severity.Minor
		c.Severity.Major += x.Severity.Major
		c.Severity.Severe += x.Severity.Severe
		for k, n := range f.Measures {
			t.Measures[k] += n
		}
	}
	t.rates()
	return t
}

// Rank scores every unit of the aggregates and ranks them. Every formula
// error of every unit is returned at once (joined [ScoreError]s), and then
// no ranking: a ranking with a unit missing or mis-scored would mislead.
func (s *Scheme) Rank(a *Aggregates) (*Ranking, error) {
	all := total(a.Units)
	r := &Ranking{Period: a.Period}
	var errs []error
	for _, f := range a.Units {
		sc, err := s.Score(f, all, a.Findings)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		sc.Name = a.Names[f.ID]
		if sc.Name.IsZero() {
			sc.Name = efficiency.T(f.ID, f.ID)
		}
		r.Scorecards = append(r.Scorecards, sc)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	order := newNameOrder()
	slices.SortStableFunc(r.Scorecards, func(x, y Scorecard) int {
		if x.Score != y.Score {
			if x.Score > y.Score {
				return -1
			}
			return 1
		}
		return order.compare(x.Name.ZhHans, x.Unit, y.Name.ZhHans, y.Unit)
	})
	n := len(r.Scorecards)
	for i := range r.Scorecards {
		if i > 0 && r.Scorecards[i].Score == r.Scorecards[i-1].Score {
			r.Scorecards[i].Rank = r.Scorecards[i-1].Rank
		} else {
			r.Scorecards[i].Rank = i + 1
		}
	}
	// Lagging counts from the bottom: the units fewer than Lagging units score below.
	for i := range r.Scorecards {
		sc := &r.Scorecards[i]
		below := 0
		for j := n - 1; j >= 0 && r.Scorecards[j].Score < sc.Score; j-- {
			below++
		}
		sc.Advanced = s.Advanced > 0 && sc.Rank <= s.Advanced
		sc.Lagging = s.Lagging > 0 && below < s.Lagging && !sc.Advanced
	}
	for _, sc := range r.Scorecards {
		if sc.Advanced {
			r.Advanced = append(r.Advanced, sc.Unit)
		}
		if sc.Lagging {
			r.Lagging = append(r.Lagging, sc.Unit)
		}
	}
	return r, nil
}

// LaggingInBoth returns the units lagging in both rankings, in pinyin order
// of their names: lagging two periods in a row is an accountability trigger
// for the unit's head (约谈). prev should be the ranking of the period just
// before cur's (see [Period.Previous]); otherwise nothing is returned.
//
// Turning these units into triggers is the accountability ladder's job; this
// package only finds them.
func LaggingInBoth(prev, cur *Ranking) []string {
	if prev == nil || cur == nil || prev.Period != cur.Period.Previous() {
		return nil
	}
	var out []Scorecard
	for _, sc := range cur.Scorecards {
		if !sc.Lagging {
			continue
		}
		if p, ok := prev.Scorecard(sc.Unit); ok && p.Lagging {
			out = append(out, sc)
		}
	}
	order := newNameOrder()
	slices.SortStableFunc(out, func(x, y Scorecard) int { return order.compare(x.Name.ZhHans, x.Unit, y.Name.ZhHans, y.Unit) })
	var ids []string
	for _, sc := range out {
		ids = append(ids, sc.Unit)
	}
	return ids
}
