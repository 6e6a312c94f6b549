package appraisal

import (
	"fmt"
	"slices"
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// Measures counts the accountability measures (问责方式) taken in a period:
// unit id → measure id → count, for instance
// Measures{"u-tax": {"efficiency-warning": 2}}. Measure ids are the
// accountability package's (criticism, written-self-examination,
// circulated-criticism, efficiency-warning, admonishment, reassignment,
// dismissal, discipline-referral); this package does not import it, so a
// caller (or, later, that package) tallies its triggers into this plain map.
// Formulas read the counts as unit.measures["efficiency-warning"]; a measure
// never taken reads 0.
type Measures map[string]map[string]int

// Input is what [Aggregate] reads.
type Input struct {
	Period Period
	// Facts are the batch: units, officials, cases and complaints. Cases and
	// complaints outside the period are ignored.
	Facts *efficiency.Facts
	// Findings are the period's findings, as rules.RuleSet.Evaluate returns
	// them for the period's facts evaluated at the period's end. All of them
	// count: this package does not re-filter them by time.
	Findings []efficiency.Finding
	// Measures are the accountability measures taken in the period, per unit.
	Measures Measures
	// Calendar counts working days (the rule set's calendar); nil means
	// [efficiency.DefaultCalendar].
	Calendar *efficiency.Calendar
	// At, when set and before the period's end, is when a period still
	// running is appraised: the facts are read as of At instead of the end.
	At time.Time
}

// Figures are one unit's or one official's aggregates over a period. They
// are also what scheme formulas read, as `unit.NAME` (see [Env]); the expr
// tags are the names. Rates are 0 when their denominator is 0.
type Figures struct {
	ID   string `expr:"id"`
	Name string `expr:"name"` // the Chinese name
	// Unit is the unit's id; for an official, the official's unit.
	Unit string `expr:"unit"`
	Kind string `expr:"kind"` // a unit's kind (county-government, municipal-unit); empty for officials
	Key  bool   `expr:"key"`  // a key unit (重点单位)

	// Cases handled in the period: received by its end and not completed
	// before its start.
	Cases     int `expr:"cases"`
	Completed int `expr:"completed"` // completed within the period
	Open      int `expr:"open"`      // still open at the period's end
	// OnTime: completed within the limit (the committed limit, else the
	// statutory one, extensions included).
	OnTime int `expr:"on_time"`
	// Early: completed in fewer working days than the limit (提前办结).
	Early int `expr:"early"`
	// Overdue: completed after the limit, or open and past it at the period's end.
	Overdue     int     `expr:"overdue"`
	OnTimeRate  float64 `expr:"on_time_rate"` // on_time / completed
	EarlyRate   float64 `expr:"early_rate"`   // early / completed
	OverdueRate float64 `expr:"overdue_rate"` // overdue / cases
	// DaysUsed and DaysAllowed sum the working days used by the completed
	// cases with a limit and their limits; MeanDaysUsed and MeanLimit are
	// per such case, and DaysUsedRatio is days_used / days_allowed.
	WithLimit     int     `expr:"with_limit"` // completed cases with a time limit
	DaysUsed      int     `expr:"days_used"`
	DaysAllowed   int     `expr:"days_allowed"`
	MeanDaysUsed  float64 `expr:"mean_days_used"`
	MeanLimit     float64 `expr:"mean_limit"`
	DaysUsedRatio float64 `expr:"days_used_ratio"`

	// Ratings (好差评) given within the period: Rated in all, Satisfied (4–5),
	// Neutral (3), Dissatisfied (1–2); ByScore[i] counts score i+1.
	Rated            int     `expr:"rated"`
	Satisfied        int     `expr:"satisfied"`
	Neutral          int     `expr:"neutral"`
	Dissatisfied     int     `expr:"dissatisfied"`
	ByScore          [5]int  `expr:"by_score"`
	SatisfactionRate float64 `expr:"satisfaction_rate"` // satisfied / rated

	// Complaints received within the period, and those verified as true
	// (属实) by its end.
	Complaints         int `expr:"complaints"`
	ComplaintsVerified int `expr:"complaints_verified"`

	Findings FindingCounts `expr:"findings"`
	// Measures counts the accountability measures by measure id (units only).
	Measures map[string]int `expr:"measures"`
}

// FindingCounts counts findings: violations by prohibition, system and
// severity, and the pre-deadline warnings (预警) apart.
type FindingCounts struct {
	Total       int               `expr:"total"`    // violations
	Warnings    int               `expr:"warnings"` // pre-deadline warnings (预警)
	Prohibition ProhibitionCounts `expr:"prohibition"`
	System      SystemCounts      `expr:"system"`
	Severity    SeverityCounts    `expr:"severity"`
}

// ProhibitionCounts counts violations per prohibition (四个禁止).
type ProhibitionCounts struct {
	P1 int `expr:"P1"`
	P2 int `expr:"P2"`
	P3 int `expr:"P3"`
	P4 int `expr:"P4"`
}

// SystemCounts counts violations per system (七项制度).
type SystemCounts struct {
	S1 int `expr:"S1"`
	S2 int `expr:"S2"`
	S3 int `expr:"S3"`
	S4 int `expr:"S4"`
	S5 int `expr:"S5"`
	S6 int `expr:"S6"`
	S7 int `expr:"S7"`
}

// SeverityCounts counts violations per severity.
type SeverityCounts struct {
	Notice  int `expr:"notice"`
	Warning int `expr:"warning"`
	Minor   int `expr:"minor"`
	Major   int `expr:"major"`
	Severe  int `expr:"severe"`
}

func (c *FindingCounts) add(f *efficiency.Finding) {
	if f.Warning {
		c.Warnings++
		return
	}
	c.Total++
	if i := int(f.Prohibition) - 1; i >= 0 && i < 4 {
		*[]*int{&c.Prohibition.P1, &c.Prohibition.P2, &c.Prohibition.P3, &c.Prohibition.P4}[i]++
	}
	if i := int(f.System) - 1; i >= 0 && i < 7 {
		*[]*int{&c.System.S1, &c.System.S2, &c.System.S3, &c.System.S4, &c.System.S5, &c.System.S6, &c.System.S7}[i]++
	}
	if i := int(f.Severity) - 1; i >= 0 && i < 5 {
		*[]*int{&c.Severity.Notice, &c.Severity.Warning, &c.Severity.Minor, &c.Severity.Major, &c.Severity.Severe}[i]++
	}
}

// Aggregates are a period's figures per unit and per official.
type Aggregates struct {
	Period Period
	// Units has one entry per unit of the facts (a unit with no cases
	// included) and per unit that cases, complaints or findings name without
	// the facts holding it, sorted by id.
	Units []Figures
	// Officials has one entry per official of the facts and per official the
	// cases name, sorted by id.
	Officials []Figures
	// Names holds each unit's name in both languages (the unit's id when the
	// facts lack it).
	Names map[string]efficiency.Text
	// Findings are the findings the figures were counted from, for the
	// breakdown of finding-based deductions.
	Findings []efficiency.Finding
}

// Unit returns the figures of the unit id.
func (a *Aggregates) Unit(id string) (Figures, bool) {
	i, ok := slices.BinarySearchFunc(a.Units, id, func(f Figures, id string) int { return cmpString(f.ID, id) })
	if !ok {
		return Figures{}, false
	}
	return a.Units[i], true
}

// Official returns the figures of the official id.
func (a *Aggregates) Official(id string) (Figures, bool) {
	i, ok := slices.BinarySearchFunc(a.Officials, id, func(f Figures, id string) int { return cmpString(f.ID, id) })
	if !ok {
		return Figures{}, false
	}
	return a.Officials[i], true
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Aggregate counts the period's figures per unit and per official. Facts
// are read as of the period's end, or of Input.At when that is earlier
// (later events are ignored). The error is
// a calendar error (a date outside the calendar's years) naming the case.
func Aggregate(in Input) (*Aggregates, error) {
	if in.Period.Kind == UnknownPeriod {
		return nil, fmt.Errorf("appraisal: Aggregate: no period")
	}
	cal := in.Calendar
	if cal == nil {
		cal = efficiency.DefaultCalendar()
	}
	facts := efficiency.FoldIDs(in.Facts) // ＵＮＩＴ-１ is unit UNIT-1
	if facts == nil {
		facts = &efficiency.Facts{}
	}
	loc := cal.Location()
	end := in.Period.End(loc)
	if !in.At.IsZero() && in.At.Before(end) {
		end = in.At
	}

	units := map[string]*Figures{}
	names := map[string]efficiency.Text{}
	unit := func(id string) *Figures {
		f, ok := units[id]
		if !ok {
			f = &Figures{ID: id, Name: id, Unit: id}
			units[id] = f
			names[id] = efficiency.T(id, id)
		}
		return f
	}
	for _, u := range facts.Units {
		f := unit(u.ID)
		f.Kind, f.Key = string(u.Kind), u.Key
		if !u.Name.IsZero() {
			f.Name = u.Name.ZhHans
			names[u.ID] = u.Name
		}
	}
	officials := map[string]*Figures{}
	official := func(id string) *Figures {
		f, ok := officials[id]
		if !ok {
			f = &Figures{ID: id, Name: id}
			officials[id] = f
		}
		return f
	}
	officialUnit := map[string]string{}
	for _, o := range facts.Officials {
		f := official(o.ID)
		f.Unit = o.Unit
		if o.Name != "" {
			f.Name = o.Name
		}
		officialUnit[o.ID] = o.Unit
	}

	caseUnit := map[string]string{}
	for i := range facts.Cases {
		k := &facts.Cases[i]
		caseUnit[k.ID] = k.Unit
		who := []*Figures{unit(k.Unit)}
		for _, id := range k.Officials {
			who = append(who, official(id))
		}
		if k.Responsible != "" && !slices.Contains(k.Officials, k.Responsible) {
			who = append(who, official(k.Responsible))
		}
		if err := addCase(who, k, cal, end, in.Period); err != nil {
			return nil, fmt.Errorf("appraisal: case %s: %w", k.ID, err)
		}
	}
	for _, c := range facts.Complaints {
		if !in.Period.Contains(c.Received, loc) || c.Received.After(end) {
			continue
		}
		u := c.Unit
		if u == "" {
			u = officialUnit[c.Official]
		}
		if u == "" {
			u = caseUnit[c.Case]
		}
		var who []*Figures
		if u != "" {
			who = append(who, unit(u))
		}
		if c.Official != "" {
			who = append(who, official(c.Official))
		}
		verified := c.Verification == efficiency.Verified && (c.Verified.IsZero() || !c.Verified.After(end))
		for _, f := range who {
			f.Complaints++
			if verified {
				f.ComplaintsVerified++
			}
		}
	}
	for i := range in.Findings {
		fd := &in.Findings[i]
		u := fd.Unit
		if u == "" && fd.Subject.Kind == efficiency.UnitSubject {
			u = fd.Subject.ID
		}
		if u != "" {
			unit(u).Findings.add(fd)
		}
		for _, o := range slices.Compact(slices.Sorted(slices.Values(fd.Officials))) {
			official(o).Findings.add(fd)
		}
	}
	for u, m := range in.Measures {
		f := unit(u)
		f.Measures = map[string]int{}
		for k, n := range m {
			f.Measures[k] = n
		}
	}

	out := &Aggregates{Period: in.Period, Names: names, Findings: slices.Clone(in.Findings)}
	for _, f := range units {
		f.rates()
		out.Units = append(out.Units, *f)
	}
	for _, f := range officials {
		if f.Unit == "" {
			f.Unit = officialUnit[f.ID]
		}
		f.rates()
		out.Officials = append(out.Officials, *f)
	}
	byID := func(a, b Figures) int { return cmpString(a.ID, b.ID) }
	slices.SortFunc(out.Units, byID)
	slices.SortFunc(out.Officials, byID)
	return out, nil
}

// addCase folds one case, read as of the period's end, into each of who.
func addCase(who []*Figures, k *efficiency.Case, cal *efficiency.Calendar, end time.Time, p Period) error {
	loc := cal.Location()
	// ratings within the period count whether or not the case does
	for _, e := range k.Events {
		if e.Kind == efficiency.Rating && p.Contains(e.At, loc) && !e.At.After(end) && e.Score >= 1 && e.Score <= 5 {
			for _, f := range who {
				f.Rated++
				f.ByScore[e.Score-1]++
				switch {
				case e.Score >= 4:
					f.Satisfied++
				case e.Score == 3:
					f.Neutral++
				default:
					f.Dissatisfied++
				}
			}
		}
	}
	var first time.Time // the case's receipt, acceptance or completion, whichever came first
	for _, e := range k.Events {
		if e.Kind == efficiency.Receipt || e.Kind == efficiency.Acceptance || e.Kind == efficiency.Completion {
			first = e.At
			break
		}
	}
	if first.IsZero() || first.After(end) {
		return nil // not yet received by the period's end
	}
	clock := k.Clock(end, loc)
	if clock.Completed && clock.CompletedOn.Before(p.From) {
		return nil // done before the period
	}
	elapsed, err := clock.Elapsed(cal, end)
	if err != nil {
		return err
	}
	limit := k.Matter.CommittedDays
	if limit == 0 {
		limit = k.Matter.StatutoryDays
	}
	if limit > 0 {
		limit += clock.ExtensionDays
	}
	for _, f := range who {
		f.Cases++
		if !clock.Completed {
			f.Open++
			if limit > 0 && elapsed > limit {
				f.Overdue++
			}
			continue
		}
		f.Completed++
		switch {
		case limit == 0:
			f.OnTime++
		case elapsed < limit:
			f.OnTime++
			f.Early++
		case elapsed == limit:
			f.OnTime++
		default:
			f.Overdue++
		}
		if limit > 0 {
			f.DaysUsed += elapsed
			f.DaysAllowed += limit
			f.WithLimit++
		}
	}
	return nil
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

func (f *Figures) rates() {
	f.OnTimeRate = ratio(f.OnTime, f.Completed)
	f.EarlyRate = ratio(f.Early, f.Completed)
	f.OverdueRate = ratio(f.Overdue, f.Cases)
	f.MeanDaysUsed = ratio(f.DaysUsed, f.WithLimit)
	f.MeanLimit = ratio(f.DaysAllowed, f.WithLimit)
	f.DaysUsedRatio = ratio(f.DaysUsed, f.DaysAllowed)
	f.SatisfactionRate = ratio(f.Satisfied, f.Rated)
	if f.Measures == nil {
		f.Measures = map[string]int{}
	}
}
