package rules

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A county file that extends the city (and so its ladder), and a test file
// whose one case expects the wrong trigger: the diff names the missing and
// the unexpected trigger.
const giftCase = `  - name: a gift
    at: "2026-03-05T12:00:00+08:00"
    facts:
      cases:
        - {id: c1, matter: {code: M001, statutory_days: 20, published: {procedure: true, fees: true, time_limits: true, materials: true}}, unit: u1, officials: [off1], responsible: off1, events: [{kind: receipt, at: "2026-03-02T09:00:00+08:00"}, {kind: gift, at: "2026-03-03T10:00:00+08:00", amount_fen: 50000}]}
      officials:
        - {id: off1, unit: u1, post: 科员}
    expect:
      findings: [{rule: P3.gift, subject: case:c1}]
      triggers:
        - {party: "official:off1", step: minor}
`

func TestRuleTestTriggerDiff(t *testing.T) {
	fsys := fstest.MapFS{
		"county.yaml":      {Data: []byte("xiaoneng: 1\njurisdiction: {id: county}\nextends: xiaoneng:city\nrules: []\n")},
		"county_test.yaml": {Data: []byte("rules: county.yaml\ntests:\n" + giftCase)},
	}
	res, err := RunTests(context.Background(), fsys, "county_test.yaml")
	require.NoError(t, err)
	require.Len(t, res.Cases, 1)
	c := res.Cases[0]
	assert.False(t, c.Passed, "a case expecting the wrong step must fail")
	diff := strings.Join(c.Diff, "\n")
	assert.Contains(t, diff, "- trigger official:off1 minor", "the expected trigger that did not come: %s", diff)
	assert.Contains(t, diff, "+ trigger official:off1 severe", "the trigger that was not expected: %s", diff)
}

func TestRuleTestTriggersNeedALadder(t *testing.T) {
	fsys := fstest.MapFS{
		"plain.yaml": {Data: []byte(`xiaoneng: 1
jurisdiction: {id: plain}
rules:
  - id: g
    on: case
    prohibition: P3
    severity: severe
    title: {zh-Hans: 礼, en: Gift}
    when: case.gifts.count > 0
    message: {zh-Hans: 礼, en: gift}
`)},
		"plain_test.yaml": {Data: []byte("rules: plain.yaml\ntests:\n" + strings.ReplaceAll(giftCase, "P3.gift", "g"))},
	}
	_, err := RunTests(context.Background(), fsys, "plain_test.yaml")
	require.Error(t, err, "a case expecting triggers of a file without a ladder")
	errs := Errors(err)
	require.NotEmpty(t, errs)
	assert.Equal(t, "plain_test.yaml", errs[0].File)
	assert.Equal(t, 12, errs[0].Line, "the error points at the triggers: key")
	assert.NotEmpty(t, errs[0].Msg.ZhHans)
	assert.Contains(t, errs[0].Msg.En, "accountability")
}
