package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xiaoneng/xiaoneng/appraisal"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"golang.org/x/text/language"
)

//go:embed page.html.tmpl
var pageSource string

// page is parsed once; a parsed template is safe for concurrent execution.
var page = template.Must(template.New("page").Parse(pageSource))

// palette colours the units of the trend chart, in ranking order.
var palette = []string{"#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0a7f8c", "#57606a", "#cf222e", "#6639ba"}

// FormatScore writes points as the page shows them: rounded to 0.01, without
// trailing zeros (93.5, 86.36, 100).
func FormatScore(x float64) string {
	x = math.Round(x*100) / 100
	if x == 0 {
		x = 0 // no −0
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// FormatPoints writes a signed move: +3, -3.64.
func FormatPoints(x float64) string {
	s := FormatScore(x)
	if !strings.HasPrefix(s, "-") && s != "0" {
		s = "+" + s
	}
	return s
}

// BreakdownText is a scorecard's breakdown as the ranking table shows it:
// every item but the base that moved the score, "name points", with the
// number of findings when findings moved it, joined by "; ".
func BreakdownText(sc appraisal.Scorecard, lang language.Tag) string {
	var parts []string
	for _, it := range sc.Breakdown {
		if it.Kind == appraisal.BaseItem || it.Points == 0 {
			continue
		}
		name := it.Name.In(lang)
		if name == "" {
			name = it.ID
		}
		s := name + " " + FormatPoints(it.Points)
		if len(it.Findings) > 0 {
			s += fmt.Sprintf(" (%d)", len(it.Findings))
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

type view struct {
	Lang, Title, Jurisdiction, Period, At string
	L                                     map[string]string
	Summary                               []kv
	Timeline                              *timelineView
	Prohibitions, Systems, Scores         barChart
	Goals                                 *barChart
	Rows                                  []row
	Advanced, Lagging                     string
	Trend                                 *lineChart
}

type kv struct{ K, V string }

type row struct {
	Unit, Rank, Name, Score, Grade, GradeID, Mark, Breakdown string
}

type bar struct {
	Label, Value     string
	Full             string // the whole label, as a tooltip, when Label is shortened
	Y, W, TextY, VX  int
	Colour           string
	LabelX, BarX, BH int
}

type barChart struct {
	Title     string
	Width, H  int
	Bars      []bar
	AxisLabel string
}

type point struct{ X, Y, Label string }

type series struct {
	Name, Colour, Points string
	Dots                 []point
	LegendY, LegendX     int
}

type tick struct {
	Pos            string
	Label          string
	X1, X2, Y1, Y2 string
}

type lineChart struct {
	Width, H int
	XTicks   []tick
	YTicks   []tick
	Series   []series
	Title    string
}

type timelineView struct {
	Title     string
	Name      string // the campaign's theme
	Width, H  int
	Phases    []phaseBar
	Today     *tick
	TodayText string
}

type phaseBar struct {
	X, W, LabelX        int
	Name, Dates, Colour string
}

func tr(lang language.Tag, zh, en string) string { return efficiency.T(zh, en).In(lang) }

// WriteHTML writes the report as one self-contained HTML page in lang
// (Simplified Chinese unless lang's base is English).
func (r *Report) WriteHTML(w io.Writer, lang language.Tag) error {
	return page.Execute(w, r.view(lang))
}

func (r *Report) view(lang language.Tag) *view {
	en := false
	if b, _ := lang.Base(); b.String() == "en" {
		en = true
	}
	v := &view{Lang: "zh-Hans"}
	if en {
		v.Lang = "en"
	}
	t := func(zh, e string) string { return tr(lang, zh, e) }
	v.Title = r.Title.In(lang)
	if v.Title == "" {
		v.Title = t("机关行政效能建设绩效考核通报", "Administrative efficiency appraisal circular")
	}
	v.Jurisdiction = r.Jurisdiction.In(lang)
	v.Period = r.Period.Name().In(lang)
	if !r.At.IsZero() {
		v.At = r.At.Format("2006-01-02 15:04 -07:00")
	}
	v.L = map[string]string{
		"jurisdiction": t("辖区", "Jurisdiction"), "period": t("考核期", "Period"), "at": t("生成时间", "Generated"),
		"timeline": t("活动进程", "Campaign timeline"), "prohibitions": t("四个禁止：问题分布", "Findings by prohibition"),
		"systems": t("七项制度：问题分布", "Findings by system"),
		"goals":   t("总体目标：问题分布", "Findings by goal"), "ranking": t("单位绩效排名", "Unit ranking"),
		"trend": t("近期得分走势", "Score trend over the last periods"), "rank": t("名次", "Rank"),
		"unit": t("单位", "Unit"), "score": t("得分", "Score"), "grade": t("等次", "Grade"),
		"breakdown": t("得分构成", "Breakdown"), "advanced": t("先进单位", "Advanced units"),
		"lagging": t("后进单位", "Lagging units"), "none": t("无", "none"),
		"markAdvanced": t("先进", "advanced"), "markLagging": t("后进", "lagging"),
	}

	// Findings by prohibition and by system.
	var viol, warn int
	pc := map[efficiency.Prohibition]int{}
	sc := map[efficiency.System]int{}
	for _, f := range r.Findings {
		if f.Warning {
			warn++
			continue
		}
		viol++
		pc[f.Prohibition]++
		sc[f.System]++
	}
	var pb, sb []labelled
	for _, p := range efficiency.Prohibitions() {
		pb = append(pb, labelled{p.String() + " " + p.Name().In(lang), float64(pc[p]), strconv.Itoa(pc[p])})
	}
	for _, s := range efficiency.Systems() {
		sb = append(sb, labelled{s.String() + " " + s.Name().In(lang), float64(sc[s]), strconv.Itoa(sc[s])})
	}
	v.Prohibitions = bars(v.L["prohibitions"], pb, "#d1242f")
	v.Systems = bars(v.L["systems"], sb, "#1f6feb")
	if len(r.Goals) > 0 {
		gc := map[string]int{}
		for _, f := range r.Findings {
			if !f.Warning {
				for _, g := range f.Goals {
					gc[g]++
				}
			}
		}
		var gb []labelled
		for _, g := range r.Goals {
			name := g.Name.In(lang)
			if name == "" {
				name = g.ID
			}
			gb = append(gb, labelled{name, float64(gc[g.ID]), strconv.Itoa(gc[g.ID])})
		}
		c := barsWide(v.L["goals"], gb, "#8250df", goalLabelW)
		v.Goals = &c
	}

	// The ranking.
	units := 0
	if r.Ranking != nil {
		units = len(r.Ranking.Scorecards)
		var sbars []labelled
		for _, s := range r.Ranking.Scorecards {
			rw := row{Unit: s.Unit, Rank: strconv.Itoa(s.Rank), Name: s.Name.In(lang), Score: FormatScore(s.Score),
				Grade: s.Grade.Name.In(lang), GradeID: s.Grade.ID, Breakdown: BreakdownText(s, lang)}
			switch {
			case s.Advanced:
				rw.Mark = v.L["markAdvanced"]
			case s.Lagging:
				rw.Mark = v.L["markLagging"]
			}
			v.Rows = append(v.Rows, rw)
			sbars = append(sbars, labelled{s.Name.In(lang), math.Max(s.Score, 0), FormatScore(s.Score)})
		}
		v.Scores = bars(v.L["ranking"], sbars, "#1a7f37")
		names := func(ids []string) string {
			var out []string
			for _, id := range ids {
				if s, ok := r.Ranking.Scorecard(id); ok {
					out = append(out, s.Name.In(lang))
				}
			}
			if len(out) == 0 {
				return v.L["none"]
			}
			return strings.Join(out, t("、", ", "))
		}
		v.Advanced, v.Lagging = names(r.Ranking.Advanced), names(r.Ranking.Lagging)
	}
	v.Summary = []kv{
		{t("参评单位", "Units appraised"), strconv.Itoa(units)},
		{t("问题", "Findings"), strconv.Itoa(viol)},
		{t("预警", "Warnings"), strconv.Itoa(warn)},
	}
	v.Trend = trend(r.Trend, lang, v.L["trend"])
	v.Timeline = timeline(r.Timeline, lang, v.L["timeline"], t("今天", "today"))
	return v
}

type labelled struct {
	label string
	value float64
	text  string
}

// Chart geometry, in SVG user units.
const (
	chartW = 760
	labelW = 260
	// goalLabelW is the label column of the goal chart: the goals' names
	// are long and the bars few.
	goalLabelW = 420
	barH       = 22
	barGap     = 8
	topPad     = 10
	valueW     = 60
)

func bars(title string, items []labelled, colour string) barChart {
	return barsWide(title, items, colour, labelW)
}

// barsWide is bars with the label column lw wide, for long labels.
func barsWide(title string, items []labelled, colour string, lw int) barChart {
	c := barChart{Title: title, Width: chartW}
	plot := chartW - lw - valueW
	top := 0.0
	for _, it := range items {
		top = math.Max(top, it.value)
	}
	for i, it := range items {
		y := topPad + i*(barH+barGap)
		w := 0
		if top > 0 {
			w = int(math.Round(it.value / top * float64(plot)))
		}
		label, full := shorten(it.label, lw-labelPad), ""
		if label != it.label {
			full = it.label
		}
		c.Bars = append(c.Bars, bar{Label: label, Full: full, Value: it.text, Y: y, W: w, TextY: y + barH/2 + 5,
			VX: lw + w + 6, Colour: colour, LabelX: lw - 8, BarX: lw, BH: barH})
	}
	c.H = topPad*2 + len(items)*(barH+barGap)
	return c
}

// Label widths are estimated, not measured (the page has no script): at
// 13px a Latin character is taken as 7 units wide, a CJK one as 13.
const (
	latinW   = 7
	wideW    = 13
	labelPad = 12 // between a label's end and its bar, and at its start
)

func runeW(r rune) int {
	if r >= 0x1100 {
		return wideW
	}
	return latinW
}

// shorten cuts a label wider than width units, at a word's end where it has
// words, and ends it with "…"; the page shows the whole label as a tooltip.
func shorten(s string, width int) string {
	w := 0
	for _, r := range s {
		w += runeW(r)
	}
	if w <= width {
		return s
	}
	w = wideW // the ellipsis
	for i, r := range s {
		if w+runeW(r) > width {
			cut := s[:i]
			if j := strings.LastIndexByte(cut, ' '); j > 0 {
				cut = cut[:j]
			}
			return strings.TrimRight(cut, " ,;:") + "…"
		}
		w += runeW(r)
	}
	return s
}

func f1(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64) }

func trend(rs []*appraisal.Ranking, lang language.Tag, title string) *lineChart {
	var periods []*appraisal.Ranking
	for _, r := range rs {
		if r != nil {
			periods = append(periods, r)
		}
	}
	if len(periods) < 2 {
		return nil
	}
	const left, right, top, plotH = 60, 70, 20, 240
	c := &lineChart{Width: chartW, Title: title}
	lo, hi := 100.0, 100.0
	for _, r := range periods {
		for _, s := range r.Scorecards {
			lo, hi = math.Min(lo, s.Score), math.Max(hi, s.Score)
		}
	}
	lo = math.Floor(lo/10) * 10
	hi = math.Ceil(hi/10) * 10
	if hi-lo < 10 {
		lo = hi - 10
	}
	plotW := float64(chartW - left - right)
	x := func(i int) float64 { return left + plotW*float64(i)/float64(len(periods)-1) }
	y := func(s float64) float64 { return top + plotH*(hi-s)/(hi-lo) }
	for i, r := range periods {
		c.XTicks = append(c.XTicks, tick{Pos: f1(x(i)), Label: r.Period.Name().In(lang), Y1: f1(top + plotH), Y2: f1(top + plotH + 5)})
	}
	for s := lo; s <= hi; s += 10 {
		c.YTicks = append(c.YTicks, tick{Pos: f1(y(s) + 4), Label: FormatScore(s), X1: strconv.Itoa(left), X2: f1(left + plotW), Y1: f1(y(s))})
	}
	// One line per unit of the last ranking, in its order.
	last := periods[len(periods)-1]
	legendTop := top + plotH + 40
	for i, s := range last.Scorecards {
		se := series{Name: s.Name.In(lang), Colour: palette[i%len(palette)],
			LegendX: left + (i%4)*170, LegendY: legendTop + (i/4)*20}
		var pts []string
		for j, r := range periods {
			p, ok := r.Scorecard(s.Unit)
			if !ok {
				continue
			}
			pt := point{X: f1(x(j)), Y: f1(y(p.Score)), Label: se.Name + " " + r.Period.ID() + ": " + FormatScore(p.Score)}
			se.Dots = append(se.Dots, pt)
			pts = append(pts, pt.X+","+pt.Y)
		}
		se.Points = strings.Join(pts, " ")
		c.Series = append(c.Series, se)
	}
	c.H = legendTop + ((len(last.Scorecards)+3)/4)*20 + 10
	return c
}

func timeline(tl *Timeline, lang language.Tag, title, today string) *timelineView {
	if tl == nil || len(tl.Phases) == 0 {
		return nil
	}
	const left, width = 20, chartW - 40
	first, last := tl.Phases[0].From, tl.Phases[0].To
	for _, p := range tl.Phases {
		if p.From.Before(first) {
			first = p.From
		}
		if p.To.After(last) {
			last = p.To
		}
	}
	days := float64(first.DaysUntil(last) + 1)
	x := func(d efficiency.Date) int { return left + int(math.Round(width*float64(first.DaysUntil(d))/days)) }
	v := &timelineView{Title: title, Name: tl.Name.In(lang), Width: chartW, H: 110}
	colours := []string{"#9a6700", "#d1242f", "#1a7f37", "#1f6feb", "#8250df"}
	for i, p := range tl.Phases {
		x0, x1 := x(p.From), x(p.To.AddDays(1))
		v.Phases = append(v.Phases, phaseBar{X: x0, W: x1 - x0, LabelX: x0 + 6, Name: p.Name.In(lang),
			Dates: p.From.String()[5:] + " – " + p.To.String()[5:], Colour: colours[i%len(colours)]})
	}
	if !tl.Today.IsZero() && !tl.Today.Before(first) && !tl.Today.After(last) {
		tx := strconv.Itoa(x(tl.Today) + int(math.Round(width/days/2)))
		v.Today = &tick{Pos: tx, Label: today + " " + tl.Today.String(), Y1: "8", Y2: "78"}
	}
	if !tl.Today.IsZero() && !tl.Position.IsZero() {
		v.TodayText = today + " " + tl.Today.String() + tr(lang, "：", ": ") + tl.Position.In(lang)
	}
	return v
}
