package efficiency

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"
)

func ts(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, ShanghaiZone())
}

func sampleFacts() Facts {
	return Facts{
		Cases: []Case{{
			ID: "C-1", Unit: "scjgj", Channel: OneStop, Applicant: "A-9", Officials: []string{"o1", "o2"}, Responsible: "o1",
			Matter: Matter{Code: "YYZZ-01", Name: T("营业执照核发", "Business licence"), StatutoryDays: 15, CommittedDays: 3,
				Published: Publication{Procedure: true, Fees: true, TimeLimits: true, Materials: true},
				Fees:      []FeeItem{{Code: "gb", MaxFen: 1000}}, Materials: []string{"身份证", "章程"}},
			Events: []Event{
				{Kind: Inquiry, At: ts(2026, 9, 29, 9, 0), Official: "o3"},
				{Kind: Referral, At: ts(2026, 9, 29, 9, 5), Official: "o3", To: "o1"},
				{Kind: Receipt, At: ts(2026, 9, 29, 9, 30), Official: "o1"},
				{Kind: MaterialNotice, At: ts(2026, 9, 29, 10, 0), Materials: []string{"章程"}},
				{Kind: Supplement, At: ts(2026, 9, 30, 9, 0)},
				{Kind: Acceptance, At: ts(2026, 9, 30, 9, 10)},
				{Kind: Suspension, At: ts(2026, 10, 8, 9, 0), Reason: ReasonExpertReview},
				{Kind: Resumption, At: ts(2026, 10, 9, 9, 0)},
				{Kind: Extension, At: ts(2026, 10, 9, 10, 0), Days: 2, ApprovedBy: "head"},
				{Kind: Decision, At: ts(2026, 10, 12, 9, 0), Outcome: Approved, Reasons: "符合条件", LegalBasis: "《行政许可法》第三十八条"},
				{Kind: Fee, At: ts(2026, 10, 12, 9, 5), Item: "gb", AmountFen: 1000},
				{Kind: Completion, At: ts(2026, 10, 12, 9, 10)},
				{Kind: Rating, At: ts(2026, 10, 12, 10, 0), Score: 5},
			},
		}},
		Orders: []Order{{ID: "O-1", Title: "督办", Issuer: "gov", Assignee: "scjgj", Issued: ts(2026, 9, 1, 9, 0),
			Due: ts(2026, 9, 30, 18, 0), AckDays: 1, Acknowledged: ts(2026, 9, 1, 15, 0), Completed: ts(2026, 9, 29, 9, 0),
			Feedback: ts(2026, 9, 29, 10, 0)}},
		Complaints: []Complaint{{ID: "P-1", Channel: Citizen12345, Official: "o1", Unit: "scjgj", Case: "C-1",
			Category: CategoryAttitude, Received: ts(2026, 10, 13, 9, 0), Verification: Verified,
			Verified: ts(2026, 10, 15, 9, 0), Responded: ts(2026, 10, 14, 9, 0), Resolved: ts(2026, 10, 16, 9, 0), Decided: ts(2026, 10, 20, 9, 0)}},
		Units: []Unit{{ID: "scjgj", Name: T("市市场监督管理局", "Market Regulation Bureau"), Kind: MunicipalUnit, Key: true,
			LeadingGroup: ts(2026, 9, 5, 9, 0), Office: ts(2026, 9, 5, 9, 0),
			Deliverables: []Deliverable{{Kind: "implementation-plan", Submitted: ts(2026, 9, 20, 9, 0)}}, OnTimeTarget: 0.98}},
		Officials: []Official{{ID: "o1", Name: "张三", Unit: "scjgj", Post: "窗口受理", Leader: false}},
	}
}

func TestFactsJSONRoundTrip(t *testing.T) {
	in := sampleFacts()
	b, err := json.Marshal(in)
	require.NoError(t, err)
	var out Facts
	require.NoError(t, json.Unmarshal(b, &out))
	b2, err := json.Marshal(out)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(b2))
	// Times compare as instants (the zone pointer differs after decoding).
	require.Len(t, out.Cases[0].Events, len(in.Cases[0].Events))
	for i, e := range out.Cases[0].Events {
		assert.True(t, e.At.Equal(in.Cases[0].Events[i].At), "event %d at %v, want %v", i, e.At, in.Cases[0].Events[i].At)
		assert.Equal(t, in.Cases[0].Events[i].Kind, e.Kind)
	}
	assert.Equal(t, in.Cases[0].Matter, out.Cases[0].Matter)
	assert.Contains(t, string(b), `"kind":"notice"`)
	assert.Contains(t, string(b), `"amount_fen":1000`)
	assert.Contains(t, string(b), `"at":"2026-09-29T09:00:00+08:00"`)
	assert.NotContains(t, string(b), `"completed":"0001`, "zero times are omitted")
	valid := sampleFacts()
	assert.Empty(t, valid.Validate(), "the sample is valid")
}

func TestFactsJSONUnknownEventKind(t *testing.T) {
	var c Case
	err := json.Unmarshal([]byte(`{"id":"c","unit":"u","matter":{"code":"m","statutory_days":1},"events":[{"kind":"teleport","at":"2026-10-01T00:00:00+08:00"}]}`), &c)
	require.Error(t, err)
	var u *UnknownIDError
	require.True(t, errors.As(err, &u), "error %v is not an UnknownIDError", err)
	assert.Equal(t, "teleport", u.Value)
	assert.Contains(t, u.Message().ZhHans, "未知事件类型")
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Facts)
		want   []string // "subject: field: message" in English
	}{
		{"completion before receipt", func(f *Facts) {
			f.Cases[0].Events = []Event{{Kind: Receipt, At: ts(2026, 10, 2, 9, 0)}, {Kind: Completion, At: ts(2026, 10, 1, 9, 0)}}
		}, []string{
			"case C-1: events[1].at: event time 2026-10-01T09:00:00+08:00 precedes the previous event (2026-10-02T09:00:00+08:00): the timeline must be in order",
			"case C-1: events: completion (2026-10-01T09:00:00+08:00) precedes receipt (2026-10-02T09:00:00+08:00)",
		}},
		{"unknown event kind and missing time", func(f *Facts) {
			f.Cases[0].Events = []Event{{Kind: UnknownEvent}}
		}, []string{"case C-1: events[0].kind: unknown event kind", "case C-1: events[0].at: missing required time"}},
		{"negative fee", func(f *Facts) {
			f.Cases[0].Events[10].AmountFen = -5
		}, []string{"case C-1: events[10].amount_fen: amount must not be negative (-5 fen)"}},
		{"negative schedule and limits", func(f *Facts) {
			f.Cases[0].Matter.Fees[0].MaxFen = -1
			f.Cases[0].Matter.CommittedDays = -3
		}, []string{"case C-1: matter.committed_days: committed limit must not be negative (-3)",
			"case C-1: matter.fees[0].max_fen: fee schedule amount must not be negative (-1 fen)"}},
		{"bad rating, decision, notice, referral", func(f *Facts) {
			f.Cases[0].Events[12].Score = 6
			f.Cases[0].Events[9].Outcome = "maybe"
			f.Cases[0].Events[3].Materials = nil
			f.Cases[0].Events[1].To = ""
		}, []string{
			"case C-1: events[1].to: a referral must name whom it referred to",
			"case C-1: events[3].materials: a missing-material notice must name the materials",
			`case C-1: events[9].outcome: decision outcome must be approved or rejected ("maybe")`,
			"case C-1: events[12].score: rating score must be 1–5 (6)",
		}},
		{"order without times", func(f *Facts) {
			f.Orders[0].Issued, f.Orders[0].Due = time.Time{}, time.Time{}
		}, []string{"order O-1: issued: missing required time", "order O-1: due: missing required time"}},
		{"order completed before issued", func(f *Facts) {
			f.Orders[0].Completed = ts(2026, 8, 1, 9, 0)
		}, []string{"order O-1: completed: completion (2026-08-01T09:00:00+08:00) precedes issue (2026-09-01T09:00:00+08:00)"}},
		{"complaint about nobody, unknown category", func(f *Facts) {
			f.Complaints[0].Official, f.Complaints[0].Unit, f.Complaints[0].Case = "", "", ""
			f.Complaints[0].Category = "weather"
		}, []string{
			"complaint P-1: category: unknown complaint category \"weather\" (known: attitude, procrastination, fees, obstruction, rent-seeking, non-execution, other)",
			"complaint P-1: unit: a complaint must say whom it is about (official, unit or case)",
		}},
		{"verified without a time", func(f *Facts) {
			f.Complaints[0].Verified = time.Time{}
		}, []string{"complaint P-1: verified: a verified complaint needs the time the verification concluded"}},
		{"unit kind and target", func(f *Facts) {
			f.Units[0].Kind = "ministry"
			f.Units[0].OnTimeTarget = 1.5
		}, []string{`unit scjgj: kind: unknown unit kind "ministry" (known: county-government, municipal-unit)`,
			"unit scjgj: on_time_target: target must be between 0 and 1 (1.5)"}},
		{"official without unit", func(f *Facts) { f.Officials[0].Unit = " " }, []string{"official o1: unit: missing required id"}},
		{"implausible time", func(f *Facts) { f.Orders[0].Feedback = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC) },
			[]string{"order O-1: feedback: time 1900-01-01T00:00:00Z is outside the plausible range 1949–2200"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := sampleFacts()
			tt.mutate(&f)
			errs := f.Validate()
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
				assert.NotEmpty(t, e.Message.ZhHans, "error %q has no Chinese message", e.Error())
			}
			assert.ElementsMatch(t, tt.want, got, "Validate() = %q", got)
			err := AsError(errs)
			var fe *FactError
			require.True(t, errors.As(err, &fe))
		})
	}
}

func TestParseIDs(t *testing.T) {
	for _, s := range []string{"P2", "procrastination", "p2", "Ｐ２", "禁止办事拖拉", " P2 "} {
		p, err := ParseProhibition(s)
		require.NoError(t, err, "ParseProhibition(%q)", s)
		assert.Equal(t, Procrastination, p, "ParseProhibition(%q)", s)
	}
	s, err := ParseSystem("S4")
	require.NoError(t, err)
	assert.Equal(t, FirstInquiry, s)
	assert.Equal(t, "first-inquiry", s.ID())
	assert.Equal(t, "首问负责制", s.Name().ZhHans)
	_, err = ParseSystem("S9")
	assert.EqualError(t, err, `unknown system "S9" (known: S1, S2, S3, S4, S5, S6, S7)`)
	sev, err := ParseSeverity("major")
	require.NoError(t, err)
	assert.True(t, sev > Minor && sev < Severe, "severities are ordered")
	assert.Equal(t, "Prohibition(9)", Prohibition(9).String(), "String never panics")
	assert.Equal(t, "Severity(-1)", Severity(-1).String())
	assert.Len(t, Prohibitions(), 4)
	assert.Len(t, Systems(), 7)
	for _, p := range Prohibitions() {
		assert.NotEmpty(t, p.Name().ZhHans)
		assert.NotEmpty(t, p.Name().En)
	}
	for _, s := range Systems() {
		assert.NotEmpty(t, s.Name().ZhHans)
		assert.NotEmpty(t, s.Name().En)
	}
}

func TestTextAndLanguage(t *testing.T) {
	x := T("首问负责制", "First-inquiry responsibility")
	assert.Equal(t, "首问负责制", x.In(language.SimplifiedChinese))
	assert.Equal(t, "First-inquiry responsibility", x.In(language.BritishEnglish))
	assert.Equal(t, language.English, Match("en-GB,en;q=0.9"))
	assert.Equal(t, language.SimplifiedChinese, Match("zh-CN"))
	assert.Equal(t, language.SimplifiedChinese, Match("fr"), "no match falls back to Chinese")
	assert.Equal(t, "首问负责制 (First-inquiry responsibility)", x.String())
	assert.Equal(t, "仅中文", T("仅中文", "").In(language.English), "an empty form falls back")
}

func TestFoldWidth(t *testing.T) {
	assert.Equal(t, "YYZZ-01", FoldWidth("ＹＹＺＺ－０１"))
	assert.Equal(t, "营业执照", FoldWidth("营业执照"))
}
